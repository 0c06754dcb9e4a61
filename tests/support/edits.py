"""Edits made to a dossier's files, as a curator (or an editor) saves them: each is a function of the
dossier's folder, so that a test can list them, make them one after another, or time them. Also the
edits of the sample dossier that the incremental tests make, one of every kind."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from generator.build import Builder, Built
from support.dossiers import REPO, assert_same_tree, full_build, tree

Edit = Callable[[Path], None]
"""A change to the dossier whose folder it is given."""


def _as_bytes(data: str | bytes) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8")


def replace(relative: str, old: str | bytes, new: str | bytes) -> Edit:
    """Replace the first `old` in the file by `new`, byte for byte (text is UTF-8); `old` must be there."""
    def edit(root: Path) -> None:
        path = root / relative
        data = path.read_bytes()
        assert _as_bytes(old) in data, f"{old!r} not in {relative}"
        path.write_bytes(data.replace(_as_bytes(old), _as_bytes(new), 1))
    return edit


def write(relative: str, data: str | bytes) -> Edit:
    """Write the file (its folders too), replacing what was there; text is UTF-8 exactly as given."""
    def edit(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_as_bytes(data))
    return edit


def append(relative: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        with open(root / relative, "a", encoding="utf-8") as handle:
            handle.write(text)
    return edit


def delete(relative: str) -> Edit:
    return lambda root: (root / relative).unlink()


def _stamps(root: Path) -> dict[Path, tuple[int, int]]:
    return {path: (path.stat().st_mtime_ns, path.stat().st_size) for path in root.rglob("*")
            if path.is_file() and "site" not in path.relative_to(root).parts}


def rebuilt_like_a_full_build(builder: Builder, root: Path, tmp: Path, edit: Edit, hinted: bool) -> Built:
    """Make `edit`, rebuild with `builder` (told the changed paths as the watcher tells them, when
    `hinted`) and check that the site is byte for byte what a full build makes; the rebuild."""
    changed = edited(root, edit)
    result = builder.build(changed=changed if hinted else None)
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    assert_same_tree(tree(root / "site"), full_build(root, tmp), "differs from a full build")
    return result


def edited(root: Path, edit: Edit) -> set[Path]:
    """Make the edit; the paths it added, changed or removed, as `dossier serve`'s watcher reports them."""
    before = _stamps(root)
    edit(root)
    after = _stamps(root)
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def _template_changed(root: Path) -> None:
    (root / "templates").mkdir()
    shutil.copy(REPO / "templates" / "claim.html", root / "templates" / "claim.html")
    replace("templates/claim.html", "<h2>Citations</h2>", "<h2>Sources cited</h2>")(root)


CLAIMS = "content/claims/knb-november-2014.yaml"
"""The sample's claims file that most edits change."""

NEW_CLAIM = """
- id: test-new-claim
  statement: Abykayev spoke about the Kazakh zhamagat.
  by: nurtai-abykayev
  about: [knb]
  date: 2014-11-18
  figure: kazakh-nationals-in-is
  value: 301
  qualifier: at least
  citations:
    - source: tengrinews-2014-11-20-300-kazakhstanis
      quote: who constitute a so-called "Kazakh zhamagat."
"""

SAMPLE_EDITS: dict[str, Edit] = {
    "claim-value": replace(CLAIMS, "value: 300", "value: 310"),
    "claim-statement": replace(CLAIMS, "More than 300 Kazakh nationals are fighting",
                               "More than 300 Kazakh nationals are said to be fighting"),
    "claim-added": append(CLAIMS, NEW_CLAIM),
    "person-renamed": replace("content/people/nurtai-abykayev.yaml", "name: Nurtai Abykayev",
                              "name: Nurtai A. Abykayev"),
    "alias-added": replace("content/people/dinara-urazova.yaml", "name: Dinara Urazova",
                           "name: Dinara Urazova\naliases: [Urazova]"),
    "source-text-moved": replace("content/sources/tengrinews-2014-11-20-300-kazakhstanis.txt",
                                 "Kazakhstan intelligence agencies are concerned",
                                 "Иконка комментария блок соц сети\n\nKazakhstan intelligence agencies are concerned"),
    "claim-quote-and-parties": replace(CLAIMS, "  about: [knb, islamic-state]\n  date: 2014-11-18",
                                       "  about: [islamic-state]\n  date: 2014-11-18"),
    "claim-quote-shortened": replace(
        CLAIMS, "quote: 'gave the number of Kazakhs in the ranks of the Islamic State – more than 300'",
        "quote: 'gave the number of Kazakhs in the ranks of the Islamic State'"),
    "claim-basis-dropped": replace(CLAIMS, "  based_on:\n    - {claim: video-2013-around-150-kazakh-militants, hedge: "
                                           "likely}\n  note: >-\n    The figure", "  note: >-\n    The figure"),
    "claim-revises-added": replace("content/claims/astana-times-2017.yaml", "  value: 91.7\n",
                                   "  value: 91.7\n  revises: [kapital-readiness-before-89-9-percent]\n"),
    "claim-dated-later": replace(CLAIMS, "  date: 2014-11-18\n  figure", "  date: 2015-06-01\n  figure"),
    "config-title": replace("config.yaml", "title: Kazakh nationals in the Islamic State", "title: Kazakhs in IS"),
    "template-changed": _template_changed,
}
"""One edit of the sample dossier of each kind an incremental rebuild must handle, by name."""
