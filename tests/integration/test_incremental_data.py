"""dossier.json when records come or go: the objects of the records whose inputs did not change are
kept from the last build, not serialised again, and the file is the one a full build writes."""

from __future__ import annotations

import pytest
from support.dossiers import assert_same_tree, full_build, tree
from support.edits import CLAIMS, NEW_CLAIM, append, edited, write

from generator.build import Builder
from generator.site import export

EDITS = {
    "source-added": write("content/sources/new-2021.txt",
                          "---\ntitle: New\npublisher: The Coastal Gazette\ndate: 2021-04-01\n---\nSome text.\n"),
    "claim-added": append(CLAIMS, NEW_CLAIM),
}


def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the records dossier.json serialises from now on (until `monkeypatch.undo()`)."""
    serialised: list[str] = []
    original = export._serialised

    def counting(serialiser, kind, record_id, graph):
        serialised.append(record_id)
        return original(serialiser, kind, record_id, graph)

    monkeypatch.setattr(export, "_serialised", counting)
    return serialised


@pytest.mark.parametrize("name", EDITS)
def test_records_coming_or_going_serialise_only_what_changed(sample, tmp_path, monkeypatch, name):
    builder = Builder(sample / "config.yaml")
    assert builder.build().report is not None
    serialised = counted(monkeypatch)
    result = builder.build(changed=edited(sample, EDITS[name]))
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    assert 0 < len(serialised) < 20, serialised
    monkeypatch.undo()
    assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")


@pytest.mark.parametrize("name", ["Ghost Person", "Nurtai Abykayev"], ids=["named-nowhere", "a-name-of-another"])
def test_a_person_coming_and_going_renders_the_pages_whose_texts_hold_the_name_not_every_page(sample, tmp_path,
                                                                                              name):
    builder = Builder(sample / "config.yaml")
    first = builder.build()
    person = sample / "content/people/ghost.yaml"
    for edit in (lambda: person.write_text(f"name: Someone\naliases: [{name}]\n", encoding="utf-8"), person.unlink):
        edit()
        result = builder.build(changed={person})
        assert result.report is not None, [d.format() for d in result.checked.diagnostics]
        assert 0 < len(result.rendered) < first.pages / 2, len(result.rendered)
        assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")


def test_a_figure_coming_and_going_serialises_again_only_the_records_that_read_it(sample, tmp_path, monkeypatch):
    builder = Builder(sample / "config.yaml")
    builder.build()
    figure = sample / "content/figures/ghost.yaml"
    for edit in (lambda: figure.write_text("name: Ghost\nunit: people\n", encoding="utf-8"), figure.unlink):
        edit()
        serialised = counted(monkeypatch)
        result = builder.build(changed={figure})
        monkeypatch.undo()
        assert result.report is not None, [d.format() for d in result.checked.diagnostics]
        assert len(serialised) <= 1, serialised
        assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")
