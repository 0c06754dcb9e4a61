"""Pages first: a preview rebuild writes the pages of the records that changed, the new pages and the
pages open in a browser, tells the browsers, and renders the other pages it must (lists, the
timeline, pages that show a changed claim) in `finish`; a request for one of those waits for it.
After `finish`, the site is the full build's, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.dossiers import AUDIT, REPO, assert_same_tree, fresh_copy, full_build, tree
from support.edits import CLAIMS, SAMPLE_EDITS, append, edited, replace

from generator.build import Builder
from generator.core.steps import Pace
from generator.incremental.later import PagesFailed
from generator.serve.preview import Finishing, Preview

CLAIM_PAGE = "claims/abykayev-over-300-kazakhs-in-is/index.html"
PERSON_PAGE = "people/nurtai-abykayev/index.html"
TIMELINE = "claims/index.html"


def rebuilt(builder: Builder, root: Path, edit, first=()):
    result = builder.build(changed=edited(root, edit), first=first)
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    return result


@pytest.mark.parametrize("name", [name for name in SAMPLE_EDITS if name not in ("config-title", "template-changed")])
def test_after_finish_the_site_is_the_full_builds(sample, tmp_path, name):
    builder = Builder(sample / "config.yaml", defer_data=True)
    builder.build()
    result = rebuilt(builder, sample, SAMPLE_EDITS[name])
    assert not set(result.rendered) & set(result.later)
    result.finish()
    assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), f"differs from a full build after {name}")


@pytest.mark.parametrize("before, after", [(True, False), (False, True)], ids=["base-url-removed", "base-url-added"])
def test_a_config_change_makes_every_page_again_and_a_data_file_no_longer_made_goes(sample, tmp_path, before, after):
    """A configuration change takes the rebuild's path afresh: every page is rendered again, and the
    last build's data files keep their digests until the new ones are kept, so that one no longer
    made (sitemap.xml without a base_url) is removed, and one now made is written."""
    config = sample / "config.yaml"
    text, base_url = config.read_text(), "base_url: https://example.org/dossier/\n"
    config.write_text(text + base_url if before else text)
    builder = Builder(config, defer_data=True)
    builder.build()
    assert (sample / "site" / "sitemap.xml").exists() == before
    config.write_text(text + base_url if after else text)
    result = builder.build(changed={config})
    assert result.report is not None and result.finish is not None
    result.finish()
    assert (sample / "site" / "sitemap.xml").exists() == after
    assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")


def test_a_claim_edit_writes_the_claims_page_first_and_the_pages_that_show_it_in_finish(sample, tmp_path):
    builder = Builder(sample / "config.yaml", defer_data=True)
    builder.build()
    site = sample / "site"
    person_before = (site / PERSON_PAGE).read_bytes()
    result = rebuilt(builder, sample, SAMPLE_EDITS["claim-value"])
    assert result.rendered == (CLAIM_PAGE,)
    assert PERSON_PAGE in result.later and TIMELINE in result.later
    assert "310" in (site / CLAIM_PAGE).read_text()
    assert (site / PERSON_PAGE).read_bytes() == person_before, "the other pages follow in finish"
    result.finish()
    assert "310" in (site / PERSON_PAGE).read_text()
    assert_same_tree(tree(site), full_build(sample, tmp_path), "differs from a full build")


def test_the_finish_makes_the_data_files_in_parts_then_renders_pages_for_a_while_one_at_least(
        sample, tmp_path, monkeypatch):
    """Each step is short, so that a save waits for the step under way and no longer."""
    from generator.incremental import later

    builder = Builder(sample / "config.yaml", defer_data=True)
    builder.build()
    finish = rebuilt(builder, sample, SAMPLE_EDITS["claim-value"]).finish
    assert finish is not None
    data_steps = 0
    while not finish.data_written:
        assert finish.step() is False
        data_steps += 1
    assert data_steps > 2
    monkeypatch.setattr(later, "REST_SECONDS", 0.0)
    while finish.site.rest:
        left = len(finish.site.rest)
        finish.step()
        assert len(finish.site.rest) == left - 1
    assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")


def test_the_pages_wanted_come_first_too(sample):
    builder = Builder(sample / "config.yaml", defer_data=True)
    builder.build()
    result = rebuilt(builder, sample, SAMPLE_EDITS["claim-value"], first={TIMELINE, "no/such/page.html"})
    assert result.rendered == (CLAIM_PAGE, TIMELINE)
    assert TIMELINE not in result.later


def test_new_pages_come_first(sample, tmp_path):
    builder = Builder(sample / "config.yaml", defer_data=True)
    builder.build()
    before = set(tree(sample / "site"))
    result = rebuilt(builder, sample, SAMPLE_EDITS["claim-added"])
    new = {path for path in result.rendered if path not in before}
    assert new and new == set(result.rendered) - {CLAIM_PAGE}
    assert TIMELINE in result.later
    result.finish()
    assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")


def test_a_builder_told_no_first_pages_writes_every_page_at_once(sample):
    builder = Builder(sample / "config.yaml", defer_data=True)
    builder.build()
    result = builder.build(changed=edited(sample, SAMPLE_EDITS["claim-value"]))
    assert result.later == () and PERSON_PAGE in result.rendered


def _failing_timeline_item(root: Path) -> None:
    """A project template of the timeline's lines (drawn on timeline pages only) that fails for an
    undated claim: a content-dependent error that only pages rendered later meet."""
    partial = root / "templates" / "partials" / "timeline_item.html"
    partial.parent.mkdir(parents=True, exist_ok=True)
    text = (REPO / "templates" / "partials" / "timeline_item.html").read_text()
    partial.write_text("{% if not claim.date %}{{ claim.date.year.nope() }}{% endif %}" + text)


def test_a_template_error_in_a_later_page_keeps_that_page_and_the_next_build_renders_it(sample, tmp_path):
    _failing_timeline_item(sample)
    builder = Builder(sample / "config.yaml", defer_data=True)
    builder.build()
    site = sample / "site"
    timeline_before = (site / TIMELINE).read_bytes()
    data_before = (site / "dossier.json").read_bytes()
    undated = replace(CLAIMS, "  date: 2014-11-18\n  figure: kazakh-nationals-in-is",
                      "  figure: kazakh-nationals-in-is")
    result = rebuilt(builder, sample, undated)
    with pytest.raises(PagesFailed) as failed:
        result.finish()
    assert any("timeline_item.html" in problem.format() for problem in failed.value.problems)
    assert (site / TIMELINE).read_bytes() == timeline_before, "a page that fails keeps its last good version"
    assert (site / "dossier.json").read_bytes() != data_before, "the data files are written all the same"
    redated = replace(CLAIMS, "  figure: kazakh-nationals-in-is\n  value: 300\n  qualifier: more than",
                      "  date: 2013-01-01\n  figure: kazakh-nationals-in-is\n  value: 300\n  qualifier: more than")
    rebuilt(builder, sample, redated).finish()
    assert_same_tree(tree(site), full_build(sample, tmp_path), "differs from a full build")


def test_the_preview_renders_the_pages_it_sent_first_and_reports_later_errors(sample, tmp_path):
    lines: list[str] = []
    preview = Preview(sample / "config.yaml", sample / "site", lines.append)
    preview.rebuild("built")
    for page in ("index.html", TIMELINE, "claims/page-9.html"):
        preview.saw(page)
    edited(sample, SAMPLE_EDITS["claim-value"])
    built = preview.rebuild("changed", {sample / CLAIMS})
    assert TIMELINE in built.rendered and PERSON_PAGE in preview.pending
    assert "more pages after the reload" in lines[-1]
    told: list[bool] = []
    finish = preview.finishing(built, lambda: told.append(True))
    assert finish is not None
    finish()
    assert preview.pending == frozenset() and not told and not preview.problems


def test_the_preview_remembers_the_last_pages_sent():
    preview = Preview(Path("/nonexistent/config.yaml"), Path("/nonexistent/site"), print)
    for number in range(20):
        preview.saw(f"page-{number}.html")
    preview.saw("page-15.html")
    assert list(preview.viewed)[-1] == "page-15.html"
    assert len(preview.viewed) == 8 and "page-11.html" not in preview.viewed


def test_through_the_server_a_page_left_for_later_is_never_served_stale(server):
    server.get("people/ana-lind/index.html")
    server.edit(AUDIT, "value: 2000000", "value: 2500000")
    line = server.wait_for("changed content/claims/audit.yaml")
    assert "more pages after the reload" in line
    status, page = server.get("figures/harbour-fund-loss-2020/index.html")
    assert status == 200 and "about 2.5 million euros" in page


def without_search(files: dict[str, bytes]) -> dict[str, bytes]:
    """A site but its full-text index, which the preview makes apart, once the edits pause."""
    return {path: data for path, data in files.items() if not path.startswith("pagefind/")}


def _stopped_after(sample: Path, steps: int) -> tuple[Preview, Finishing]:
    """A preview that rebuilt for a claim's new value, then did `steps` steps of what it left."""
    preview = _preview(sample)
    first = preview.rebuild("changed", edited(sample, SAMPLE_EDITS["claim-value"]))
    unfinished = preview.finishing(first, lambda: None)
    assert unfinished is not None
    for _ in range(steps):
        unfinished.step()
    return preview, unfinished


def _preview(sample: Path) -> Preview:
    preview = Preview(sample / "config.yaml", sample / "site", lambda line: None)
    preview.rebuild("built")
    return preview


def test_a_save_before_the_finish_is_done_takes_its_pages_over(sample, tmp_path):
    preview = _preview(sample)
    first = preview.rebuild("changed", edited(sample, SAMPLE_EDITS["claim-value"]))
    unfinished = preview.finishing(first, lambda: None)
    assert unfinished is not None and unfinished.step() is False, "the data files first"
    assert unfinished.step() is False, "then the pages, a few at a time"
    left = set(preview.pending)
    assert left and PERSON_PAGE in left
    second = preview.rebuild("changed", edited(sample, SAMPLE_EDITS["person-renamed"]), unfinished)
    assert left <= set(second.rendered) | set(second.later), "the next rebuild renders what was left"
    assert preview.pending == frozenset(second.later)
    finishing = preview.finishing(second, lambda: None)
    assert finishing is not None
    finishing()
    assert_same_tree(without_search(tree(sample / "site")), without_search(full_build(sample, tmp_path)),
                     "differs from a full build")


def test_a_save_waiting_ends_a_step_of_pages_at_the_next_page_but_not_the_work_done_whole(sample, tmp_path,
                                                                                         monkeypatch):
    """Preview.save_waiting (set by the watcher as it hands a save over) ends a step of the data files
    at the next record and a step of the pages left for later at the next page, so that the save
    waits for one of them, not for the step; the work done whole (for a request that waits for a page
    left: Deferred.now) is not cut into steps of a page."""
    from generator.incremental import later

    monkeypatch.setattr(later, "REST_SECONDS", 60.0)
    monkeypatch.setattr(Pace.__init__, "__defaults__", (60.0, *Pace.__init__.__defaults__[1:]))
    counts = []
    for waiting in (False, True):
        preview, unfinished = _stopped_after(sample, 0)
        if waiting:
            preview.save_waiting.set()
        counts.append(0)
        while not unfinished.finish.data_written:
            unfinished.step()
            counts[-1] += 1
    assert counts[1] > counts[0] + 10, f"a save waiting ends each step of the data files at the next record: {counts}"
    preview.save_waiting.clear()
    left = len(preview.pending)
    assert left > 2
    preview.save_waiting.set()
    unfinished.step()
    assert len(preview.pending) == left - 1
    writes: list[int] = []
    write = later.update_site
    monkeypatch.setattr(later, "update_site", lambda *args: writes.append(1) or write(*args))
    unfinished()
    assert not preview.pending and len(writes) == 1, "the rest in one step, though the save still waits"
    assert_same_tree(without_search(tree(sample / "site")), without_search(full_build(sample, tmp_path)),
                     "differs from a full build")


@pytest.mark.parametrize("edits", [("claim-value", "person-renamed"), ("claim-added", "claim-statement"),
                                   ("alias-added", "claim-dated-later"), ("source-text-moved", "claim-revises-added")],
                         ids="-then-".join)
def test_a_save_before_the_data_files_are_made_makes_them_for_both(sample, tmp_path, edits):
    """The next rebuild takes over the data files too: it makes them once, for what both changed."""
    preview = _preview(sample)
    first = preview.rebuild("changed", edited(sample, SAMPLE_EDITS[edits[0]]))
    unfinished = preview.finishing(first, lambda: None)
    assert unfinished is not None
    second = preview.rebuild("changed", edited(sample, SAMPLE_EDITS[edits[1]]), unfinished)
    assert second.report is not None
    finishing = preview.finishing(second, lambda: None)
    assert finishing is not None
    finishing()
    assert_same_tree(without_search(tree(sample / "site")), without_search(full_build(sample, tmp_path)),
                     "differs from a full build")


@pytest.mark.parametrize("steps", range(9))
def test_a_save_that_changes_no_data_after_any_step_of_the_data_files_still_gets_them_made(sample, tmp_path, steps):
    """The data files are made in parts (dossier.json's records serialised, then joined, then
    hashed…): a save that comes between two parts makes them for both saves, even when it changes
    nothing they show itself (a comment) and the records of the first are serialised already."""
    preview, unfinished = _stopped_after(sample, steps)
    second = preview.rebuild("changed", edited(sample, append(CLAIMS, "\n# checked again\n")), unfinished)
    finishing = preview.finishing(second, lambda: None)
    assert finishing is not None
    finishing()
    assert_same_tree(without_search(tree(sample / "site")), without_search(full_build(sample, tmp_path)),
                     "differs from a full build")


@pytest.mark.parametrize("steps", [0, 1], ids=["before the data files are made", "after a step"])
def test_a_save_that_fails_gives_back_what_was_left(sample, tmp_path, steps):
    preview, unfinished = _stopped_after(sample, steps)
    left = set(preview.pending)
    good = fresh_copy(sample, tmp_path / "good")
    broken = preview.rebuild("changed", edited(sample, replace(CLAIMS, "value: 310", "value: [310")), unfinished)
    assert broken.report is None
    assert preview.pending == left, "still to be written: a request for one waits for it"
    unfinished()
    assert preview.pending == frozenset()
    assert_same_tree(without_search(tree(sample / "site")), without_search(full_build(good, tmp_path / "full")),
                     "the last good content's site")
    fixed = preview.rebuild("changed", edited(sample, replace(CLAIMS, "value: [310", "value: 320")))
    finishing = preview.finishing(fixed, lambda: None)
    assert finishing is not None
    finishing()
    assert_same_tree(without_search(tree(sample / "site")), without_search(full_build(sample, tmp_path / "fixed")),
                     "differs from a full build")


def test_a_write_that_fails_after_the_reload_leaves_what_it_did_not_write_to_the_next_build(sample, tmp_path,
                                                                                             monkeypatch):
    from generator.incremental import later
    from generator.output.write import OutputError

    builder = Builder(sample / "config.yaml", defer_data=True)
    builder.build()
    result = rebuilt(builder, sample, SAMPLE_EDITS["claim-value"])
    writes = []

    def full_disk_at_the_pages(*args, **kwargs):
        writes.append(args)
        if len(writes) == 2:  # the data files are written, the first pages left are not
            raise OutputError("no space left on device")
        return real(*args, **kwargs)

    real = later.update_site
    monkeypatch.setattr(later, "update_site", full_disk_at_the_pages)
    with pytest.raises(OutputError):
        result.finish()
    monkeypatch.setattr(later, "update_site", real)
    assert "310" not in (sample / "site" / PERSON_PAGE).read_text(), "not written"
    again = builder.build()
    assert PERSON_PAGE in again.rendered, "the next build renders what was not written"
    if again.finish is not None:
        again.finish()
    assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")


def test_a_save_that_comes_while_the_data_files_are_due_does_not_wait_to_write_them(sample, tmp_path, monkeypatch):
    """Nothing of the last rebuild's Finish is written before the next rebuild: not even its data
    files, which the next rebuild's own Finish writes (here, once the disk has room again)."""
    from generator.incremental import later
    from generator.output.write import OutputError

    lines: list[str] = []
    preview = Preview(sample / "config.yaml", sample / "site", lines.append)
    preview.rebuild("built")
    first = preview.rebuild("changed", edited(sample, SAMPLE_EDITS["claim-value"]))
    unfinished = preview.finishing(first, lambda: None)
    real = later.update_site

    def full_disk(*args, **kwargs):
        raise OutputError("no space left on device")

    monkeypatch.setattr(later, "update_site", full_disk)
    second = preview.rebuild("changed", edited(sample, SAMPLE_EDITS["person-renamed"]), unfinished)
    assert second.report is not None and not any("no space left" in line for line in lines)
    monkeypatch.setattr(later, "update_site", real)
    finishing = preview.finishing(second, lambda: None)
    assert finishing is not None
    finishing()
    assert_same_tree(without_search(tree(sample / "site")), without_search(full_build(sample, tmp_path)),
                     "differs from a full build")


SAVES_IN_A_ROW = {
    "ids came": (["claim-added", "claim-value", "person-renamed", "claim-statement", "alias-added",
                  "claim-dated-later"], [1, 60, 160, 260, 360]),
    "the same ids": (["claim-value", "person-renamed", "claim-statement", "alias-added", "claim-dated-later",
                      "claim-quote-shortened"], [1, 40, 100, 170, 230]),
}


@pytest.mark.parametrize("saves", SAVES_IN_A_ROW)
def test_saves_that_come_between_any_two_records_of_the_data_files_get_them_made_for_every_save(
        sample, tmp_path, monkeypatch, saves):
    """Each part of the data files (the search index, dossier.json's records and its hash, each CSV
    file) pauses between two records once its step has run its time (core/steps.Pace): here after
    every record. A save that comes then takes over what was left; the part stopped half-way must
    leave nothing half-made for the next rebuild to trust. Six saves in a row, each after a number
    of the last one's steps spread over all of them: with ids that came (every record serialised
    again) and with the same ids (the records that changed, in place)."""
    monkeypatch.setattr(Pace, "due", lambda self: True)
    edits, stops = SAVES_IN_A_ROW[saves]
    preview = _preview(sample)
    result = preview.rebuild("changed", edited(sample, SAMPLE_EDITS[edits[0]]))
    unfinished = preview.finishing(result, lambda: None)
    steps_seen = []
    for edit, stop in zip(edits[1:], stops, strict=True):
        assert unfinished is not None
        steps = 0
        while steps < stop and not unfinished.finish.data_written:
            unfinished.step()
            steps += 1
        steps_seen.append(steps)
        result = preview.rebuild("changed", edited(sample, SAMPLE_EDITS[edit]), unfinished)
        assert result.report is not None
        unfinished = preview.finishing(result, lambda: None)
    assert unfinished is not None
    unfinished()
    assert steps_seen == stops, "every save came while the data files were being made"
    assert_same_tree(without_search(tree(sample / "site")), without_search(full_build(sample, tmp_path)),
                     "differs from a full build")
