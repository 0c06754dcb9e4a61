/* dossier's search page (docs/search.md).

   Served over HTTP, it searches the full text of every record with Pagefind's index (pagefind/),
   loading only the parts of the index a query needs; results show a snippet with the words found.
   From disk (file://), browsers refuse to load that index, so it falls back to search-index.js (a
   plain script, which does load from disk): the names of records and the statements of claims,
   and it says so on the page. Without JavaScript the page links to the indexes. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) {
    return;
  }
  var PAGE = 10;
  var KINDS = {person: "Person", agency: "Agency", figure: "Figure", source: "Source", claim: "Claim"};
  var FILTERS = {kind: "Kind", year: "Year", status: "Status", publisher: "Publisher", speaker: "Speaker"};
  var input = document.getElementById("search-words");
  var note = document.querySelector(".search-note");
  var count = document.querySelector(".search-count");
  var results = document.querySelector(".search-results");
  var more = document.querySelector(".search-more");
  var filterBox = form.querySelector(".search-filters");
  var filterList = form.querySelector(".search-filter-list");
  var root = new URL(form.getAttribute("data-root"), location.href);
  var claimPage = form.getAttribute("data-claim-page");
  var params = new URLSearchParams(location.search);
  var selects = {};
  var filtersShown = false;

  function fold(text) {  /* case and accents do not matter: "jonas berg" finds "Jónas Berg" */
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function plural(number, one, many) {
    return number + " " + (number === 1 ? one : many);
  }

  function say(text) {
    note.textContent = text;
    note.hidden = !text;
  }

  /* The chosen filters, as Pagefind takes them: {kind: "source", year: "2014"}. Until the filters
     are shown, those in the address. */
  function chosen() {
    var filters = {};
    Object.keys(FILTERS).forEach(function (name) {
      var value = selects[name] ? selects[name].value : (filtersShown ? "" : params.get(name));
      if (value) {
        filters[name] = value;
      }
    });
    return filters;
  }

  function summarise() {
    var number = Object.keys(chosen()).length;
    filterBox.querySelector("summary").textContent = number ? "Filters (" + number + " chosen)" : "Filters";
  }

  /* The query and filters in the address, so that a search can be shared and reloaded. */
  function remember() {
    var query = new URLSearchParams();
    if (input.value.trim()) {
      query.set("q", input.value.trim());
    }
    var filters = chosen();
    Object.keys(filters).forEach(function (name) { query.set(name, filters[name]); });
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  function addFilter(name, values, label) {
    var id = "search-filter-" + name;
    var wrapper = document.createElement("p");
    var caption = document.createElement("label");
    caption.htmlFor = id;
    caption.textContent = FILTERS[name];
    var select = document.createElement("select");
    select.id = id;
    select.append(new Option("Any", ""));
    values.forEach(function (value) {
      select.append(new Option(label(value), value[0]));
    });
    select.value = params.get(name) || "";
    wrapper.append(caption, " ", select);
    filterList.append(wrapper);
    selects[name] = select;
    return select;
  }

  /* Filter values, most recent years first, other values in alphabetical order. */
  function ordered(name, counts) {
    var values = Object.keys(counts).map(function (value) { return [value, counts[value]]; });
    values.sort(function (a, b) {
      return name === "year" ? b[0].localeCompare(a[0]) : a[0].localeCompare(b[0]);
    });
    return values;
  }

  function withCount(name) {
    return function (value) {
      var text = name === "kind" ? (KINDS[value[0]] || value[0]) : value[0];
      return text + " (" + value[1] + ")";
    };
  }

  /* One result: its kind and date, a link to its page, and the passage where the words were found. */
  function resultItem(title, href, kind, date, excerpt) {
    var item = document.createElement("li");
    var meta = document.createElement("p");
    meta.className = "search-kind";
    meta.textContent = (KINDS[kind] || kind) + (date ? " · " + date : "");
    var link = document.createElement("a");
    link.href = href;
    link.textContent = title;
    var heading = document.createElement("p");
    heading.className = "search-title";
    heading.append(link);
    item.append(heading, meta);
    if (excerpt) {
      item.append(excerpt);
    }
    return item;
  }

  /* Pagefind's excerpt is HTML with <mark> around the words found: it is parsed in an inert
     document and only its text and marks are kept, so no markup from a source reaches the page. */
  function excerptOf(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var paragraph = document.createElement("p");
    paragraph.className = "search-excerpt";
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(node.textContent);
      }
    });
    return paragraph;
  }

  /* How well a sub-result matches: Pagefind's score of each word found in it, summed. */
  function relevance(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, word) { return sum + word.balanced_score; }, 0);
  }

  /* The claims a source's result holds where the words were found, best matches first: each claim is
     a section of the source that it cites first, its anchor `#claim-<id>` (docs/search.md); each
     links to its page. */
  function claimsFound(page) {
    var found = (page.sub_results || []).filter(function (sub) { return /#claim-[a-z0-9-]+$/.test(sub.url); });
    found.sort(function (a, b) { return relevance(b) - relevance(a); });
    if (!found.length) {
      return null;
    }
    var list = document.createElement("ul");
    list.className = "search-claims";
    found.slice(0, 3).forEach(function (sub) {
      var id = sub.url.split("#claim-")[1];
      list.append(resultItem(sub.title, new URL(claimPage.replace("CLAIMID", id), location.href).href, "claim", "",
                             excerptOf(sub.excerpt)));
    });
    return list;
  }

  /* Full-text search with Pagefind: its bundles merged, results shown a page at a time. */
  function fullText(pagefind) {
    var shown = [];
    var latest = 0;
    var filtersLoading = null;

    async function showMore() {
      var ticket = latest;
      var batch = shown.splice(0, PAGE);
      var data = await Promise.all(batch.map(function (result) { return result.data(); }));
      if (ticket !== latest) {
        return;  /* the reader searched again meanwhile: these results are not the ones shown */
      }
      data.forEach(function (page) {
        var item = resultItem(page.meta.title, page.url, page.meta.kind, page.meta.date, excerptOf(page.excerpt));
        var claims = claimsFound(page);
        if (claims) {
          item.append(claims);
        }
        results.append(item);
      });
      more.hidden = shown.length === 0;
    }

    async function run() {
      var ticket = ++latest;
      var query = input.value.trim();
      var filters = chosen();
      remember();
      summarise();
      if (!query && !Object.keys(filters).length) {
        results.textContent = "";
        count.textContent = "";
        more.hidden = true;
        return;
      }
      var found = await pagefind.search(query || null, {filters: filters});
      if (ticket !== latest || !found) {
        return;  /* a later keystroke has started another search */
      }
      results.textContent = "";
      shown = found.results.slice();
      count.textContent = shown.length ? plural(shown.length, "result", "results") + "." : "Nothing found.";
      await showMore();
    }

    /* The filters and their values come from the index, when the reader opens them: a query
       without filters does not load them. */
    function loadFilters() {
      filtersLoading = filtersLoading || pagefind.filters().then(function (available) {
        Object.keys(FILTERS).forEach(function (name) {
          if (available[name] && Object.keys(available[name]).length) {
            addFilter(name, ordered(name, available[name]), withCount(name)).addEventListener("change", run);
          }
        });
        filtersShown = true;
      });
      return filtersLoading;
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    more.addEventListener("click", showMore);
    filterBox.addEventListener("toggle", function () {
      if (filterBox.open) {
        loadFilters();
      }
    });
    summarise();
    if (input.value || Object.keys(chosen()).length) {
      run();
    }
  }

  /* From disk, or without an index: search-index.js, names and statements only. */
  function recordSearch(entries) {
    var searchable = entries.map(function (entry) { return fold(entry[1] + " " + entry[3]); });
    var counts = {};
    entries.forEach(function (entry) { counts[entry[0]] = (counts[entry[0]] || 0) + 1; });
    var kind = addFilter("kind", ordered("kind", counts), withCount("kind"));
    filtersShown = true;  /* the only filter this search has */
    var matches = [];

    function showMore() {
      matches.splice(0, PAGE).forEach(function (entry) {
        results.append(resultItem(entry[1], new URL(entry[2], root).href, entry[0], "", null));
      });
      more.hidden = matches.length === 0;
    }

    function run() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      remember();
      results.textContent = "";
      matches = entries.filter(function (entry, index) {
        return (words.length || kind.value) && (!kind.value || entry[0] === kind.value) &&
          words.every(function (word) { return searchable[index].indexOf(word) !== -1; });
      });
      count.textContent = words.length || kind.value ?
        (matches.length ? plural(matches.length, "record matches", "records match") + "." : "No record matches.") : "";
      showMore();
    }

    input.addEventListener("input", run);
    kind.addEventListener("change", run);
    more.addEventListener("click", showMore);
    if (kind.value) {
      filterBox.open = true;
    }
    run();
  }

  function fallBack(reason) {
    say(reason + " Here you can search the names of people, agencies, figures and sources, and the " +
        "statements of claims.");
    var script = document.createElement("script");
    script.src = new URL("search-index.js", root).href;
    script.onload = function () { recordSearch(window.DOSSIER_SEARCH || []); };
    script.onerror = function () { say("The search index is missing: build the site again."); };
    document.head.append(script);
  }

  async function loadPagefind() {
    var bundle = new URL("pagefind/", root);
    var listing = await fetch(new URL("bundles.json", bundle));
    if (!listing.ok) {
      throw new Error("no search index");
    }
    var merge = (await listing.json()).merge || [];
    var pagefind = await import(new URL("pagefind.js", bundle).href);
    var baseUrl = root.pathname;
    await pagefind.options({baseUrl: baseUrl, excerptLength: 24});
    for (var index = 0; index < merge.length; index++) {
      await pagefind.mergeIndex(new URL(merge[index], bundle).pathname, {baseUrl: baseUrl});
    }
    return pagefind;
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.value = params.get("q") || "";
  if (location.protocol === "file:") {
    fallBack("Full-text search needs the site to be served, for example with dossier serve or any web server: " +
             "browsers do not load its index from disk.");
    return;
  }
  loadPagefind().then(function (pagefind) { fullText(pagefind); }, function () {
    fallBack("The full-text index is not there yet (dossier serve makes it once you pause editing).");
  });
})();
