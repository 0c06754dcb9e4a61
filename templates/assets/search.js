/* dossier's search page: filters the records listed in search-index.js as the reader types.
   Without JavaScript the page links to the indexes, which list every record. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var entries = window.DOSSIER_SEARCH;
  if (!form || !entries) {
    return;
  }
  var LIMIT = 100;
  var KINDS = {person: "Person", agency: "Agency", figure: "Figure", source: "Source", claim: "Claim"};
  var input = document.getElementById("search-words");
  var results = document.querySelector(".search-results");
  var count = document.querySelector(".search-count");
  var root = form.getAttribute("data-root");

  function fold(text) {  /* case and accents do not matter: "jonas berg" finds "Jónas Berg" */
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var searchable = entries.map(function (entry) { return fold(entry[1] + " " + entry[3]); });

  function result(entry) {
    var item = document.createElement("li");
    var kind = document.createElement("span");
    kind.className = "search-kind";
    kind.textContent = KINDS[entry[0]];
    var link = document.createElement("a");
    link.href = root + entry[2];
    link.textContent = entry[1];
    item.append(kind, " ", link);
    return item;
  }

  function summary(found) {
    if (found === 0) {
      return "No record matches.";
    }
    if (found > LIMIT) {
      return found + " records match; the first " + LIMIT + " are shown.";
    }
    return found === 1 ? "1 record matches." : found + " records match.";
  }

  function show() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var found = 0;
    results.textContent = "";
    for (var index = 0; words.length && index < entries.length; index++) {
      var text = searchable[index];
      if (words.every(function (word) { return text.indexOf(word) !== -1; }) && ++found <= LIMIT) {
        results.append(result(entries[index]));
      }
    }
    count.textContent = words.length ? summary(found) : "";
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("input", show);
  input.value = new URLSearchParams(location.search).get("q") || "";
  show();
})();
