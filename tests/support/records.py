"""Small dossiers made in memory for unit tests: files given as text by their paths under content/,
parsed and validated by the read stage's own functions, then resolved and linked, with no folder
on disk and no build.

A test names only the records it is about; `FUND`, `ANA`, `GAZETTE` and the like are the few records
most tests start from.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from generator.check.resolve import resolve
from generator.check.resolved import Resolved
from generator.core.diagnostics import Diagnostic
from generator.core.kinds import BY_PLURAL, SOURCE
from generator.core.model import Config, Dossier
from generator.core.steps import Pace, finished
from generator.link.links import Links, link
from generator.read.load import SOURCE_FORMATS, Content, parse_record_text, parse_source_text
from generator.read.validate import Validation, validate
from generator.site import bibliography, open_data
from generator.site.open_data import KeptRows

CONFIG = Config(title="Test dossier", description=None, base_url=None, language="en", output_dir="site",
                content_dir="content", templates_dir="templates", link_style="file", mentions=True)

Files = Mapping[str, str]
"""Path under content/ (`people/ana.yaml`, `sources/gazette.txt`) → the file's text."""

GAZETTE = ("sources/gazette.txt",
           "---\ntitle: Fund lost money\npublisher: The Gazette\ndate: 2021-03-04\nauthors: [Mira Holt]\n---\n"
           "The harbour fund lost two million euros in 2020, the auditors said.\n")
ANA = ("people/ana.yaml", "name: Ana Lind\n")
FUND = ("agencies/fund.yaml", "name: Harbour Fund\n")
LOSS = ("figures/loss.yaml", "name: Loss of the fund\nunit: euros\n")
CLAIM_FILE = "claims/main.yaml"


def claim(claim_id: str, quote: str = "lost two million euros", by: str = "ana", more: str = "") -> str:
    """One claim's YAML, an item of a claims file: by `by`, about the fund, citing the gazette."""
    return (f"- id: {claim_id}\n  statement: The fund lost money.\n  by: {by}\n  about: [fund]\n{more}"
            f"  citations:\n    - source: gazette\n      quote: {quote}\n")


def source(text: str, title: str = "A source") -> str:
    """A plain-text source's file: its front matter and `text`."""
    return f"---\ntitle: {title}\npublisher: The Gazette\ndate: 2021-03-04\n---\n{text}\n"


def base(**more: str) -> dict[str, str]:
    """The gazette, Ana, the fund and the loss figure, plus `more` files (path → text)."""
    return {**dict([GAZETTE, ANA, FUND, LOSS]), **more}


def content(files: Files) -> Content:
    """The files as load_content would have read them, parsed (their parse problems included)."""
    loaded = Content()
    for relative, text in files.items():
        path = f"content/{relative}"
        folder, name = relative.split("/")
        stem, extension = posixpath.splitext(name)
        kind = BY_PLURAL[folder]
        if kind is SOURCE:
            parsed, problems = parse_source_text(text.encode(), path, stem, SOURCE_FORMATS[extension])
        else:
            parsed, problems = parse_record_text(text.encode(), path, stem, kind)
        loaded.diagnostics.extend(problems)
        if parsed is None:
            loaded.unreadable.setdefault(folder, set()).add(stem)
        else:
            loaded.parsed[path] = parsed
    return loaded


def validated(files: Files, config: Config = CONFIG, previous: Validation | None = None) -> Validation:
    """The files validated and assembled by id (a parse problem is an assertion error)."""
    loaded = content(files)
    assert not loaded.diagnostics, [problem.format() for problem in loaded.diagnostics]
    return validate(loaded, config, previous)


def revalidated(files: Files, edits: Mapping[str, str | None], previous: Validation) -> Validation:
    """The files validated again after `edits`, the others' parse results kept, as the preview reads
    only the files saved (validate replaces the records of those alone); an edit to None deletes the file."""
    loaded = content({path: text for path, text in {**files, **edits}.items() if text is not None})
    for path, (parsed, _) in previous.files.items():
        if path.removeprefix("content/") not in edits and path in loaded.parsed:
            loaded.parsed[path] = parsed
    return validate(loaded, CONFIG, previous)


def dossier(files: Files) -> Dossier:
    """The dossier of files that have no problem of their own."""
    validation = validated(files)
    assert not validation.diagnostics, [problem.format() for problem in validation.diagnostics]
    return validation.dossier


def resolved(files: Files, config: Config = CONFIG) -> tuple[Resolved, list[Diagnostic]]:
    """The files validated and resolved: where every quote is, and the problems found."""
    validation = validated(files, config)
    return resolve(validation.dossier, validation.broken)


def linked(files: Files, config: Config = CONFIG) -> Links:
    """The link stage's result for files that resolve without errors."""
    result, problems = resolved(files, config)
    assert not [problem for problem in problems if problem.is_error], [p.format() for p in problems]
    return link(result)


def codes(problems: list[Diagnostic]) -> list[str]:
    return [problem.code for problem in problems]


def only(problems: list[Diagnostic], code: str) -> Diagnostic:
    """The one problem of `code` among `problems` (an assertion error if there are none or several)."""
    found = [problem for problem in problems if problem.code == code]
    assert len(found) == 1, [problem.format() for problem in problems]
    return found[0]


def csv_tables(links: Links, kept: KeptRows | None = None) -> dict[str, bytes]:
    """The open data's CSV files, their steps done at once."""
    return finished(open_data.tables(links, kept, Pace()))


def sources_json(links: Links, kept: KeptRows | None = None) -> bytes:
    """The bibliography, its steps done at once."""
    return finished(bibliography.sources_json(links, kept, Pace()))
