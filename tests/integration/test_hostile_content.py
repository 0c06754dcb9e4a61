"""Hostile text in every field that reaches a page comes out inert: no script, no handler, no
dangerous URL, no template evaluation, no HTML comment published."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from generator.build import build

VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "x onfocus=alert(1) autofocus",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#115;cript:alert(1))",
    "<javascript:alert(1)>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "{{ 7*7 }} {% raw %}",
    "<!-- SECRET-INFORMANT -->",
    "</textarea><svg onload=alert(1)>",
]
PAYLOAD = " ".join(VECTORS)


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def hostile_files() -> dict[str, str]:
    value = _yaml(PAYLOAD)
    return {
        "config.yaml": f"title: {value}\ndescription: {value}\n",
        "content/people/ana-lind.yaml": (f"name: {_yaml('Ana <b>Lind</b> onclick=x')}\naliases: [{value}]\n"
                                         f"description: {value}\n"),
        "content/agencies/harbour-fund.yaml": f"name: {value}\nshort_name: {_yaml('<i>HF</i>')}\n"
                                              f"description: {value}\ncountry: {value}\n",
        "content/figures/harbour-fund-loss-2020.yaml": f"name: {value}\nunit: {_yaml('<b>euros</b>')}\n"
                                                       f"description: {value}\n",
        "content/sources/hostile.md": f"---\ntitle: {value}\npublisher: {value}\ndate: 2021\n"
                                      f"authors: [{value}]\nnote: {value}\n---\n{PAYLOAD}\n\n# {PAYLOAD}\n",
        # A .txt body is shown verbatim (docs/content.md), comments included: they are the source's own text.
        "content/sources/hostile-text.txt": f"---\ntitle: t\npublisher: p\ndate: 2021\n---\n"
                                            f"{PAYLOAD.replace('SECRET-INFORMANT', 'verbatim')}\n",
        "content/claims/hostile.yaml": (
            f"- id: hostile\n  statement: {value}\n  note: {value}\n  about: [ana-lind, harbour-fund]\n"
            f"  citations:\n    - source: hostile-text\n      quote: {_yaml(VECTORS[0] + ' ' + VECTORS[1])}\n"
            f"    - source: hostile\n      quote: {_yaml('onerror=alert(1)>')}\n"),
    }


_OWN_SCRIPT = re.compile(r"(\.\./)*(search-index|assets/search)\.js")


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.data_blocks: list[str] = []
        self.in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and _OWN_SCRIPT.fullmatch(dict(attrs).get("src") or ""):
            return  # the search page's script file, written by dossier itself
        if tag == "script" and list(attrs) == [("type", "application/ld+json")] and not self.data_blocks:
            self.in_data = True  # the page's JSON-LD: data, checked below to be whole JSON
            self.data_blocks.append("")
            return
        if tag in ("script", "iframe", "object", "embed", "img", "textarea"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("autofocus", "style", "srcdoc"):
                self.problems.append(f"attribute {name}")
            if (tag, name, value) == ("link", "href", "data:,"):
                continue  # the template's empty favicon, which spares browsers a request
            if name in ("href", "src", "action") and value:
                scheme = value.split(":", 1)[0].strip().lower() if ":" in value else ""
                if scheme not in ("", "http", "https", "mailto"):
                    self.problems.append(f"{name}={value}")

    def handle_data(self, data: str) -> None:
        if self.in_data:
            self.data_blocks[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.in_data:
            self.in_data = False
            try:
                json.loads(self.data_blocks[-1])
            except ValueError:
                self.problems.append("a JSON-LD block that is not whole JSON")

    def handle_comment(self, data: str) -> None:
        self.problems.append(f"comment {data!r}")


def audit(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        parser = _Audit()
        parser.feed(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(site)}: {problem}" for problem in parser.problems]
    return problems


def test_hostile_content_is_built_inert(dossier):
    root = dossier(hostile_files())
    result = build(root / "config.yaml")
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    site = root / "site"
    assert audit(site) == []
    everything = "".join(page.read_text() for page in site.rglob("*.html"))
    assert "SECRET-INFORMANT" not in everything
    assert "49" not in everything.split("{{ 7*7 }}")[0][-5:], "content is never evaluated as a template"
    assert "{{ 7*7 }}" in everything
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything


def test_hostile_markdown_is_reported_as_warnings_with_positions(dossier, cli):
    root = dossier(hostile_files())
    run = cli("check", "--strict", cwd=root)
    assert run.code == 1
    assert "content/sources/hostile.md:8:1: error: raw HTML '<script>" in run.err
    assert "content/sources/hostile.md:10:3: error: raw HTML '<script>' is not allowed" in run.err
    assert "content/claims/hostile.yaml:2:14: error: 'statement' holds an HTML comment" in run.err
    assert "link to 'javascript:alert(1)' is not allowed" in run.err
    assert "Traceback" not in run.err
