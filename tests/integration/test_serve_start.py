"""A preview that starts from what the last full build saved in `.dossier-cache/preview/`
(generator/incremental/saved.py) instead of rendering: it takes the site over only when the inputs
and the site folder are exactly as that build left them, and its first edit then gives the bytes
of a full build."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time

import pytest
from support.dossiers import assert_same_tree, full_build, tree
from support.edits import CLAIMS, SAMPLE_EDITS, rebuilt_like_a_full_build, replace
from support.git import Repo
from support.servers import Server, free_port

from generator.build import Builder, build
from generator.incremental import saved
from generator.incremental.saved import Saved
from generator.site import keys


def started(root, uncommitted=False) -> Saved | str:
    return saved.load(root / "config.yaml", uncommitted, root / "site")


def warm_builder(root) -> Builder:
    """A Builder kept alive, warmed from the saved site without rendering."""
    start = started(root)
    assert isinstance(start, Saved), start
    builder = Builder(root / "config.yaml")
    assert builder.warm(start)
    return builder


@pytest.mark.parametrize(("name", "hinted"), [
    ("claim-value", True), ("claim-value", False), ("claim-added", True), ("person-renamed", True),
    ("source-text-moved", True), ("claim-dated-later", True), ("config-title", True), ("template-changed", True)])
def test_an_edit_after_starting_from_the_saved_site_equals_a_full_build(sample, tmp_path, name, hinted):
    assert build(sample / "config.yaml").report is not None
    rebuilt_like_a_full_build(warm_builder(sample), sample, tmp_path, SAMPLE_EDITS[name], hinted)


def test_a_claim_edit_after_the_start_renders_only_the_pages_that_show_it(sample):
    full = build(sample / "config.yaml")
    builder = warm_builder(sample)
    replace(CLAIMS, "value: 300", "value: 310")(sample)
    result = builder.build()
    assert 0 < result.pages < full.pages / 4


def test_a_preview_saves_its_own_full_build_and_starts_from_it_again(sample, tmp_path):
    first = Builder(sample / "config.yaml", serial=True, defer_data=True, search_later=True, uncommitted=True)
    assert first.build().report is not None
    builder = warm_builder(sample)
    assert builder.build().pages == 0, "nothing changed: nothing is rendered"
    replace(CLAIMS, "value: 300", "value: 310")(sample)
    assert builder.build().report is not None
    assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")


def test_a_site_built_before_a_content_change_is_not_taken_over(sample):
    build(sample / "config.yaml")
    replace(CLAIMS, "value: 300", "value: 310")(sample)
    assert started(sample) == "the content changed since the last build"


@pytest.mark.parametrize(("change", "reason"), [
    (lambda root: replace("config.yaml", "title: Kazakh", "title: The Kazakh")(root), "config.yaml changed"),
    (SAMPLE_EDITS["template-changed"], "the templates changed"),
])
def test_other_inputs_changed_since_the_build_are_named(sample, change, reason):
    build(sample / "config.yaml")
    change(sample)
    assert started(sample) == f"{reason} since the last build"


def test_no_saved_site_or_a_site_folder_changed_means_a_full_build(sample):
    assert started(sample) == saved.NOTHING_SAVED
    build(sample / "config.yaml")
    (sample / "site" / "index.html").write_bytes(b"changed")
    assert started(sample) == "the site folder changed since the last build"
    build(sample / "config.yaml")
    os.remove(sample / "site" / "dossier.json")
    assert started(sample) == "the site folder changed since the last build"


def test_a_copy_with_its_times_kept_starts_from_the_saved_site(sample, tmp_path):
    build(sample / "config.yaml")
    copy = tmp_path / "copy"
    shutil.copytree(sample, copy)  # copy2: times kept, not inodes
    assert isinstance(started(copy), Saved)


def test_a_tampered_or_foreign_cache_is_ignored(sample):
    build(sample / "config.yaml")
    site_file = saved.folder(sample) / saved.SITE_FILE
    payload, _, header = site_file.read_bytes().rpartition(b"\n")
    site_file.write_bytes(payload.replace(b'"index.html"', b'"about/index.html"', 1) + b"\n" + header)
    assert started(sample) == "the saved site is unreadable, or from another version of dossier"
    other = json.loads(header) | {"code": "0" * 32}
    site_file.write_bytes(payload + b"\n" + json.dumps(other).encode())
    assert started(sample) == "the saved site is unreadable, or from another version of dossier"


def test_a_tampered_graph_is_not_taken_over(sample):
    build(sample / "config.yaml")
    start = started(sample)
    assert isinstance(start, Saved)
    graph_file = saved.folder(sample) / saved.GRAPH_FILE
    graph_file.write_bytes(graph_file.read_bytes().replace(b"page:index.html", b"page:about.html", 1))
    assert start.graph() is None
    assert not Builder(sample / "config.yaml").warm(start)


def test_content_changed_after_the_start_was_checked_is_not_taken_over(sample, tmp_path):
    build(sample / "config.yaml")
    start = started(sample)
    assert isinstance(start, Saved)
    replace(CLAIMS, "value: 300", "value: 310")(sample)
    builder = Builder(sample / "config.yaml")
    assert not builder.warm(start)
    assert builder.build().report is not None, "the next build is a full one"
    assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path), "differs from a full build")


def test_a_cache_git_tracks_is_neither_written_nor_read(sample):
    repo = Repo(sample)
    repo.git("init", "-q", "-b", "main")
    build(sample / "config.yaml")
    assert isinstance(started(sample), Saved)
    repo.git("add", "-f", ".dossier-cache")
    assert started(sample) == "git tracks .dossier-cache/"


def test_a_site_built_without_the_uncommitted_edits_is_not_taken_over_by_a_preview_that_shows_them(sample):
    repo = Repo(sample)
    repo.git("init", "-q", "-b", "main")
    repo.commit("first")
    build(sample / "config.yaml")
    assert isinstance(started(sample, uncommitted=True), Saved), "nothing uncommitted: the same site"
    replace(CLAIMS, "value: 300", "value: 310")(sample)
    build(sample / "config.yaml")
    assert isinstance(started(sample), Saved)
    assert started(sample, uncommitted=True) == "the edits not yet committed changed since the last build"


def serve(root) -> Server:
    running = Server(root, free_port())
    running.wait_for("serving site/ on")
    return running


def test_dossier_serve_serves_the_saved_site_at_once_and_rebuilds_the_first_save(sample, tmp_path):
    build(sample / "config.yaml")
    running = serve(sample)
    try:
        assert running.output[0].startswith("serving the last build's site: ")
        status, page = running.get("claims/index.html")
        assert status == 200 and "livereload.js" in page
        running.wait_for("ready to rebuild on save")
        running.edit(CLAIMS, "value: 300", "value: 310")
        assert "pages rendered" in running.wait_for(f"changed {CLAIMS}")
        expected = full_build(sample, tmp_path)
        deadline = time.monotonic() + 10  # the data files follow the pages (serve/deferred.py)
        while tree(sample / "site") != expected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert_same_tree(tree(sample / "site"), expected, "differs from a full build")
    finally:
        running.process.terminate()
        running.process.wait(timeout=10)


def test_dossier_serve_says_why_it_builds_when_the_saved_site_does_not_match(sample):
    build(sample / "config.yaml")
    replace(CLAIMS, "value: 300", "value: 310")(sample)
    running = serve(sample)
    try:
        assert running.output[:2] == ["building the site afresh: the content changed since the last build",
                                      running.output[1]]
        assert running.output[1].startswith("built: ")
    finally:
        running.process.terminate()
        running.process.wait(timeout=10)


def test_the_warm_up_makes_what_the_index_pages_share_so_that_the_first_save_does_not(sample):
    """Each figure's summary (the home page and the figure list show it) is made by the warm-up,
    and the pages' templates are compiled then, rather than while the first save's page waits."""
    assert build(sample / "config.yaml").report is not None
    builder = warm_builder(sample)
    kept = {name for by_depth in builder.state.views.kept.values() for name in by_depth}
    figures = {path.stem for path in (sample / "content" / "figures").glob("*.yaml")}
    assert figures and {keys.kept("summary", figure) for figure in figures} <= kept
    assert builder.state.env is not None and len(builder.state.env.cache or {}) > 5


def test_the_graph_is_saved_as_json_parts_and_read_back_edge_for_edge(sample):
    build(sample / "config.yaml")
    start = started(sample)
    assert isinstance(start, Saved)
    payload, _, header = (saved.folder(sample) / saved.GRAPH_FILE).read_bytes().rpartition(b"\n")
    assert json.loads(header)["sha256"] == hashlib.sha256(payload).hexdigest()
    data = json.loads(payload)
    graph = start.graph()
    assert graph is not None
    [part] = data["parts"]  # the sample's pages render in this process: one part
    numbers = {key: number for number, key in enumerate(part["keys"])}
    assert part["made"] == [[numbers[made], *(numbers[key] for key in inputs)] for made, inputs in graph.edges()]
    assert payload == json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    for count in range(6):  # in pieces of 2 items
        assert b"".join(saved._json_list(map(str, range(count)), batch=2)) == json.dumps(list(range(count))).replace(
            " ", "").encode()


def split_over_processes(monkeypatch) -> None:
    """Full builds of the sample render in three processes, as a big dossier's do."""
    from generator import build as build_module

    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build_module.parallel, "workers", lambda: 3)


def read_back(graph) -> dict[str, frozenset[str]]:
    return {made: frozenset(inputs) for made, inputs in graph.edges()}


def test_a_build_split_over_processes_saves_a_part_each_and_reads_back_the_graph_a_merge_makes(sample, monkeypatch):
    """Each renderer hands its graph over in its saved form; read back, the parts give the graph that
    a Builder kept in memory merges from the same renderers."""
    split_over_processes(monkeypatch)
    assert build(sample / "config.yaml").report is not None
    payload, _, _ = (saved.folder(sample) / saved.GRAPH_FILE).read_bytes().rpartition(b"\n")
    assert len(json.loads(payload)["parts"]) == 4  # the parent's own (its data files), then one per renderer
    start = started(sample)
    assert isinstance(start, Saved)
    from_parts = start.graph()
    assert from_parts is not None
    kept = Builder(sample / "config.yaml")
    assert kept.build().report is not None and kept.state.graph is not None
    assert read_back(from_parts) == read_back(kept.state.graph)


@pytest.mark.parametrize("name", ["claim-value", "person-renamed", "source-text-moved"])
def test_an_edit_after_starting_from_a_split_build_equals_a_full_build(sample, tmp_path, monkeypatch, name):
    split_over_processes(monkeypatch)
    assert build(sample / "config.yaml").report is not None
    rebuilt_like_a_full_build(warm_builder(sample), sample, tmp_path, SAMPLE_EDITS[name], True)


def test_read_back_a_later_part_s_reads_win_as_in_a_merge():
    from generator.site.graph import Dependencies

    card, claim, person = keys.kept("card", "c1"), keys.record("claim", "c1"), keys.record("person", "ana")
    own, renderer = Dependencies(), Dependencies()
    own.record(card, [claim])
    renderer.record(card, [claim, person])
    renderer.record(keys.page("people/ana/index.html"), [person, card])
    part = saved.graph_part(renderer)
    merged = Dependencies()
    merged.record(card, [claim])
    merged.merge(renderer)
    data = json.loads(b"".join(saved._graph_file(own, [part])))
    assert len(data["parts"]) == 2
    read = saved.graph_from(data)
    assert read is not None and read_back(read) == read_back(merged)
    assert read_back(read)[card] == {claim, person}
    assert saved.graph_from({"keys": [], "made": []}) is None  # format 2: ignored


def test_a_renderer_s_part_is_the_text_its_graph_saved_whole_would_hold():
    """A renderer numbers its keys in its graph's own table (`numbered_keys`), the main process in
    a table of its own (`_numbered`): the same text, a thing recorded again with the same reads included
    (a kept value made again at another depth)."""
    from generator.site.graph import Dependencies

    def recorded() -> Dependencies:
        graph = Dependencies()
        card, claim, person = keys.kept("card", "c1"), keys.record("claim", "c1"), keys.record("person", "ana")
        graph.record(card, [claim, person])
        graph.record(keys.page("people/ana/index.html"), [person, card, keys.CONFIG])
        graph.record(card, [claim, person])
        return graph

    graph = recorded()
    whole = b"".join(saved._graph_pieces(graph, saved._numbered(graph)))
    assert b"".join(saved.graph_part(recorded())) == whole
    assert json.loads(whole)["keys"][:3] == [keys.kept("card", "c1"), keys.record("claim", "c1"),
                                             keys.record("person", "ana")]
