"""The preview's Builder keeps its sources' texts on a shelf, an unlinked file in `.dossier-cache/`
(generator/core/shelf.py, docs/performance.md "Texts on disk"), not in memory: every text it keeps is
there, a source saved as it was is no change, a source whose details or text change is rebuilt as a
full build makes it, and where no shelf can be made the texts stay in memory and the site is the same."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

from support.dossiers import tree
from support.edits import SAMPLE_EDITS, edited, rebuilt_like_a_full_build, replace

from generator.build import Builder
from generator.check import captures
from generator.core.layout import CACHE_FOLDER
from generator.core.shelf import Shelved, kept
from generator.incremental.changes import mentioning
from generator.site import keys

SOURCE = "content/sources/tengrinews-2014-11-20-300-kazakhstanis.txt"
NEW_TITLE = replace(SOURCE, "title: ", "title: Updated — ")
NEW_TEXT = SAMPLE_EDITS["source-text-moved"]  # a line of the capture, in Cyrillic, put in the text


def shelved(builder: Builder) -> tuple[list, list]:
    """The kept sources' bodies and visible texts that are on a shelf, and those that are not."""
    resolved = builder.state.last.links.resolved if builder.state.last else None
    assert resolved is not None and builder.state.checks.validation is not None
    texts = [*(source.body for source in builder.state.checks.validation.dossier.sources.values()),
             *(kept(resolved.visible_texts, source_id) for source_id in resolved.visible_texts)]
    return [text for text in texts if isinstance(text, Shelved)], [text for text in texts if isinstance(text, str)]


def test_the_preview_builder_keeps_every_text_on_an_unlinked_shelf(sample):
    builder = Builder(sample / "config.yaml", save=False)
    assert builder.build().report is not None
    on_shelf, in_memory = shelved(builder)
    assert len(on_shelf) == 10 and in_memory == []
    assert builder.state.checks.shelf is not None and on_shelf[0].shelf is builder.state.checks.shelf
    assert unlinked_files_open_in(sample / CACHE_FOLDER), "the shelf is a file open in the cache folder, unlinked"


def unlinked_files_open_in(folder: Path) -> list[str]:
    """The files this process holds open in `folder` that are no longer linked there."""
    links = (os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
             if os.path.islink(f"/proc/self/fd/{fd}"))
    return [link for link in links if link.startswith(f"{folder.resolve()}/") and link.endswith(" (deleted)")]


def test_a_source_saved_as_it_was_is_no_change(sample):
    builder = Builder(sample / "config.yaml", save=False)
    builder.build()
    changed = edited(sample, replace(SOURCE, "title: ", "title: "))
    result = builder.build(changed=changed)
    assert result.report is not None and result.pages == 0 and result.report.written == 0


def test_a_source_whose_details_or_text_change_is_rebuilt_as_a_full_build_makes_it(sample, tmp_path):
    builder = Builder(sample / "config.yaml", save=False)
    builder.build()
    for edit in (NEW_TITLE, NEW_TEXT):
        result = rebuilt_like_a_full_build(builder, sample, tmp_path, edit, hinted=True)
        assert result.report is not None and result.report.written > 0
    page = (sample / "site/sources/tengrinews-2014-11-20-300-kazakhstanis/index.html").read_text(encoding="utf-8")
    assert "Updated — " in page and "Иконка комментария блок соц сети" in page
    assert shelved(builder)[1] == []


def test_a_change_of_config_starts_a_new_shelf_and_the_site_stays_the_same(sample, tmp_path):
    builder = Builder(sample / "config.yaml", save=False)
    builder.build()
    first = builder.state.checks.shelf
    rebuilt_like_a_full_build(builder, sample, tmp_path, replace("config.yaml", "title: ", "title: New "), hinted=False)
    assert builder.state.checks.shelf is not first and shelved(builder)[1] == []


def test_where_no_shelf_can_be_made_the_texts_stay_in_memory_and_the_site_is_the_same(sample, tmp_path):
    shelved_root = tmp_path / "shelved"
    shutil.copytree(sample, shelved_root)
    (sample / CACHE_FOLDER).write_text("a file where the cache folder should be")
    builder = Builder(sample / "config.yaml", save=False)
    assert builder.build().report is not None
    assert builder.state.checks.shelf is None and shelved(builder)[0] == []
    assert Builder(shelved_root / "config.yaml", save=False).build().report is not None
    assert tree(sample / "site") == tree(shelved_root / "site")


def test_a_markdown_source_is_checked_from_its_shelf_and_a_new_shelf_lets_the_last_one_go(dossier, tmp_path):
    root = dossier()
    builder = Builder(root / "config.yaml", save=False)
    assert builder.build().report is not None
    assert markdown_body(builder).startswith("# Statement on the audit\n\nThe Harbour Fund **did not lose**")
    assert len(unlinked_files_open_in(root / CACHE_FOLDER)) == 1
    for title in ("Another", "A third"):
        rebuilt_like_a_full_build(builder, root, tmp_path, replace("config.yaml", "title: ", f"title: {title} "),
                                  hinted=False)
        gc.collect()
        assert len(unlinked_files_open_in(root / CACHE_FOLDER)) == 1, "the last shelf's file is closed"
        assert "**did not lose**" in markdown_body(builder)


def markdown_body(builder: Builder) -> str:
    """The text of the fixture's Markdown source, read from its shelf (no reference to it is kept)."""
    assert builder.state.checks.validation is not None
    source = builder.state.checks.validation.dossier.sources["fund-statement-2021-03"]
    assert source.format == "md" and isinstance(source.body, Shelved)
    return str(source.body)


def test_a_markdown_source_saved_with_a_problem_is_reported_at_its_line_from_its_shelf(dossier):
    root = dossier()
    builder = Builder(root / "config.yaml", save=False)
    builder.build()
    changed = edited(root, replace("content/sources/fund-statement-2021-03.md", "All payments were",
                                   "<script>alert(1)</script>\nAll payments were"))
    found = [problem.format() for problem in builder.build(changed=changed).checked.diagnostics]
    fresh = [problem.format() for problem in Builder(root / "config.yaml", save=False).build().checked.diagnostics]
    assert found == fresh and any("fund-statement-2021-03.md:" in line for line in found)


def test_captures_are_checked_again_only_when_their_source_changed(sample, monkeypatch):
    builder = Builder(sample / "config.yaml", save=False)
    builder.build()
    reads = []
    checked = captures._Checker._checked
    monkeypatch.setattr(captures._Checker, "_checked",
                        lambda self, source, capture, rel, file, working: reads.append(working)
                        or checked(self, source, capture, rel, file, working))
    assert builder.build(changed=edited(sample, SAMPLE_EDITS["claim-value"])).report is not None
    assert reads == [], "no source's text is read for its capture's checks"
    assert builder.build(changed=edited(sample, SAMPLE_EDITS["source-text-moved"])).report is not None
    assert reads, "the source changed: its capture is checked again"


def test_a_change_of_names_finds_the_sources_whose_shelved_texts_hold_them(sample):
    builder = Builder(sample / "config.yaml", save=False)
    builder.build()
    assert builder.state.last is not None
    found = mentioning(builder.state.last.links, {"Kazakhstan intelligence agencies"}, {})
    assert keys.record("source", "tengrinews-2014-11-20-300-kazakhstanis") in found
    assert mentioning(builder.state.last.links, {"Nowhere In Any Text"}, {}) == set()
