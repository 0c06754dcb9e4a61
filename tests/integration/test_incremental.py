"""Rebuilds that redo only what changed give exactly the bytes of a full build of the same input."""

from __future__ import annotations

import shutil

import pytest
from support.dossiers import REPO, assert_same_tree, full_build, full_check, tree
from support.edits import (
    CLAIMS,
    SAMPLE_EDITS,
    append,
    delete,
    edited,
    rebuilt_like_a_full_build,
    replace,
    write,
)

from generator.build import Builder
from generator.read import pieces


@pytest.mark.parametrize("hinted", [False, True], ids=["looking", "told-by-watcher"])
@pytest.mark.parametrize("name", SAMPLE_EDITS)
def test_an_incremental_rebuild_equals_a_full_build(sample, tmp_path, name, hinted):
    builder = Builder(sample / "config.yaml")
    assert builder.build().report is not None
    result = rebuilt_like_a_full_build(builder, sample, tmp_path, SAMPLE_EDITS[name], hinted)
    assert [d.format() for d in result.checked.diagnostics] == full_check(sample, tmp_path)


BROKEN_QUOTE = replace(CLAIMS, "quote: 'said that \"over 300\" Kazakh militants in Islamic State'",
                       "quote: 'said that \"over 900\" Kazakh militants in Islamic State'")


@pytest.mark.parametrize("in_pieces", [False, True], ids=["files-whole", "claims-in-pieces"])
@pytest.mark.parametrize("hinted", [False, True], ids=["looking", "told-by-watcher"])
def test_a_sequence_of_edits_including_broken_ones_stays_equal_to_full_builds(sample, tmp_path, hinted, in_pieces,
                                                                              monkeypatch):
    """Also with every claims file read claim by claim, as the preview reads long ones (read/pieces.py)."""
    if in_pieces:
        monkeypatch.setattr(pieces, "PIECES_FROM", 0)
    builder = Builder(sample / "config.yaml")
    builder.build()
    good = tree(sample / "site")
    changed = edited(sample, replace(CLAIMS, "value: 300", "value: [300"))  # broken YAML
    assert builder.build(changed=changed if hinted else None).report is None
    assert tree(sample / "site") == good, "a failed rebuild writes nothing"
    steps = (replace(CLAIMS, "value: [300", "value: 320"), BROKEN_QUOTE, SAMPLE_EDITS["claim-value"],
             replace(CLAIMS, "\"over 900\"", "\"over 300\""), SAMPLE_EDITS["claim-added"],
             SAMPLE_EDITS["claim-basis-dropped"],
             delete("content/people/renat-tashkinbayev.yaml"), SAMPLE_EDITS["alias-added"],
             replace(CLAIMS, "by: nurtai-abykayev", "by: nobody-known"))
    for edit in steps:
        changed = edited(sample, edit)
        result = builder.build(changed=changed if hinted else None)
        assert [d.format() for d in result.checked.diagnostics] == full_check(sample, tmp_path)
        if result.report is not None:
            assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")


LEGAL = "content/claims/legal-measures.yaml"
PERSON = "content/people/test-person.yaml"
NAMING_UNKNOWN_RECORDS = """
- id: test-names-unknown
  statement: Abykayev spoke about the Kazakh zhamagat.
  by: test-person
  date: 2014-11-18
  supports: [no-such-claim]
  citations:
    - source: tengrinews-2014-11-20-300-kazakhstanis
      quote: who constitute a so-called "Kazakh zhamagat."
"""
"""A claim whose only problems are the person and the claim it names, which are not there."""


@pytest.mark.parametrize("hinted", [False, True], ids=["looking", "told-by-watcher"])
def test_records_left_out_for_their_errors_and_taken_in_again_check_as_a_full_build(sample, tmp_path, hinted):
    """A reference to a record left out for its errors is not reported, and while a claim is left
    out, nor is one to a claim that is not there at all (its own errors say why): each edit here
    starts or stops one of those, for a claim whose checks were kept from the last build."""
    append(CLAIMS, NAMING_UNKNOWN_RECORDS)(sample)  # an unknown person and claim, both reported
    builder = Builder(sample / "config.yaml")
    builder.build()
    steps = (write(PERSON, "description: A person with no name.\n"),  # the person comes, left out
             replace(LEGAL, "  date: 2014-10-30\n  status: corroborated", "  date: someday\n  status: corroborated"),
             replace(LEGAL, "  date: someday\n  status: corroborated", "  date: 2014-10-30\n  status: corroborated"),
             write(PERSON, "name: Test Person\n"),
             replace(CLAIMS, "  supports: [no-such-claim]\n", ""))
    for edit in steps:
        changed = edited(sample, edit)
        result = builder.build(changed=changed if hinted else None)
        assert [d.format() for d in result.checked.diagnostics] == full_check(sample, tmp_path)


def test_a_one_claim_edit_renders_only_the_pages_that_show_it(sample):
    builder = Builder(sample / "config.yaml")
    full = builder.build()
    replace(CLAIMS, "value: 300", "value: 310")(sample)
    result = builder.build()
    assert 0 < result.pages < full.pages / 4
    assert result.report.written < 20


def test_a_rebuild_with_no_change_renders_and_writes_nothing(sample):
    builder = Builder(sample / "config.yaml")
    builder.build()
    result = builder.build()
    assert result.pages == 0
    assert result.report.written == 0


def test_a_build_split_over_processes_equals_a_single_process_build(sample, tmp_path, monkeypatch):
    from generator import build as build_module

    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build_module.parallel, "workers", lambda: 3)
    split = Builder(sample / "config.yaml").build()
    assert split.report is not None
    parallel_site = tree(sample / "site")
    serial_root = tmp_path / "serial"
    shutil.copytree(sample, serial_root, ignore=shutil.ignore_patterns("site"))
    assert Builder(serial_root / "config.yaml", serial=True).build().report is not None
    assert parallel_site == tree(serial_root / "site")


def test_a_preview_rebuild_writes_pages_first_and_the_data_files_when_finished(sample, tmp_path):
    builder = Builder(sample / "config.yaml", defer_data=True)
    assert builder.build().finish is None, "a first build writes everything at once"
    data_before = (sample / "site" / "dossier.json").read_bytes()
    result = builder.build(changed=edited(sample, SAMPLE_EDITS["claim-value"]))
    page = sample / "site" / "claims" / "abykayev-over-300-kazakhs-in-is" / "index.html"
    assert "310" in page.read_text(), "the pages are written by the build"
    assert (sample / "site" / "dossier.json").read_bytes() == data_before, "the data files wait"
    assert result.finish().written == 3, "dossier.json, data/claims.csv and data/figures.csv"
    assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")


def test_a_template_error_in_a_rebuild_writes_nothing_and_its_fix_builds_like_a_full_build(sample, tmp_path):
    builder = Builder(sample / "config.yaml", defer_data=True)
    builder.build()
    good = tree(sample / "site")
    template = sample / "templates" / "claim.html"
    template.parent.mkdir()
    template.write_text((REPO / "templates" / "claim.html").read_text().replace("{{ claim.", "{{ claim.nope.", 1))
    failed = builder.build(changed=edited(sample, SAMPLE_EDITS["claim-value"]) | {template})
    assert failed.report is None
    assert any("templates/claim.html" in d.format() for d in failed.checked.diagnostics)
    assert tree(sample / "site") == good
    template.unlink()
    fixed = builder.build(changed={template})
    if fixed.finish is not None:
        fixed.finish()
    assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")
