"""How the search records are split into bundles (generator/output/search_index.py), and how Pagefind's
filter files are put in a stable order (generator/output/search_files.py), on files made here; and which
file names from the indexer are taken (generator/output/pagefind.py)."""

from __future__ import annotations

import dataclasses
import gzip
import json

import pytest

from generator.core import kinds
from generator.output import pagefind, search_files, search_index
from generator.output.pagefind import SearchIndexError
from generator.output.search_files import SIGNATURE, FormatError, decode, encode, normalise_bundle
from generator.output.search_index import Installed
from generator.site.search_records import SearchRecord, Section


def record(number: int, text: str = "words") -> SearchRecord:
    return SearchRecord(f"/sources/s{number}/index.html", f"Source {number}", kinds.SOURCE, text)


def test_a_small_dossier_is_one_bundle_in_the_main_folder():
    bundles = search_index.plan(record(n) for n in range(50))
    assert [bundle.path for bundle in bundles] == ["pagefind/"]
    assert len(bundles[0].records) == 50


def test_records_are_split_to_stay_within_the_budget_and_an_edit_changes_one_bundle(monkeypatch):
    monkeypatch.setattr(search_index, "BUNDLE_BUDGET", 40 * search_index.RECORD_COST)
    before = search_index.plan(record(n) for n in range(100))
    assert [bundle.path for bundle in before] == ["pagefind/", "pagefind/2/", "pagefind/3/"]
    assert sum(len(bundle.records) for bundle in before) == 100
    after = search_index.plan(record(n, "other words" if n == 7 else "words") for n in range(100))
    changed = [a.path for a, b in zip(before, after, strict=True) if a.digest != b.digest]
    assert len(changed) == 1
    assert search_index.stale(after, {b.path: Installed(b.digest, {}) for b in before}) == \
        [bundle for bundle in after if bundle.path in changed]


def test_a_change_to_a_claim_under_a_source_changes_its_bundle():
    source = record(1)
    claimed = dataclasses.replace(source, sections=(Section("claim-c1", "A statement.", "By Ana"),))
    changed = dataclasses.replace(claimed, sections=(Section("claim-c1", "Another statement.", "By Ana"),))
    digests = {search_index.plan([one])[0].digest for one in (source, claimed, changed)}
    assert len(digests) == 3


def test_the_site_holds_only_bundles_whose_files_are_all_there(tmp_path):
    output = tmp_path / "site"
    (output / "pagefind").mkdir(parents=True)
    (output / "pagefind" / "a.pf_meta").write_bytes(b"12345")
    search_index.remember(tmp_path, {"pagefind/": Installed("d1", {"pagefind/a.pf_meta": 5}),
                                     "pagefind/2/": Installed("d2", {"pagefind/2/b.pf_meta": 3})})
    assert search_index.installed(tmp_path, output) == {"pagefind/": Installed("d1", {"pagefind/a.pf_meta": 5})}
    (output / "pagefind" / "a.pf_meta").write_bytes(b"123")  # changed by hand: indexed again
    assert search_index.installed(tmp_path, output) == {}


def test_a_cache_of_another_format_or_unreadable_is_ignored(tmp_path):
    search_index.cache_path(tmp_path).parent.mkdir()
    search_index.cache_path(tmp_path).write_text("{not json")
    assert search_index.installed(tmp_path, tmp_path) == {}
    search_index.cache_path(tmp_path).write_text(json.dumps({"format": "old", "bundles": {}}))
    assert search_index.installed(tmp_path, tmp_path) == {}


@pytest.mark.parametrize("value", [0, 23, 24, 255, 256, 65536, 2 ** 32, -1, -500, "", "héllo", b"\x00\xff",
                                   [], [1, ["a", [2]]], ["x" * 300] * 30])
def test_cbor_reads_back_what_it_writes(value):
    data = encode(value)
    assert decode(data, 0) == (value, len(data))


def test_cbor_refuses_what_pagefind_does_not_write():
    with pytest.raises(FormatError):
        decode(b"\x9f\x01\xff", 0)  # an indefinite-length array
    with pytest.raises(FormatError):
        decode(b"\x82\x01", 0)  # an array cut short
    with pytest.raises(FormatError):
        encode(1.5)


def packed(value: object) -> bytes:
    return gzip.compress(SIGNATURE + encode(value), mtime=0)


def bundle(values: list[list[object]], filters: list[list[str]]) -> dict[str, bytes]:
    """A bundle's files as Pagefind 1.5 lays them out: an entry file, a meta file listing the filters' files."""
    return {**{f"filter/{file_hash}.pf_filter": packed([name, values]) for name, file_hash in filters},
            "pagefind.en_0000000000.pf_meta": packed(["1.5.2", [], [], filters, []]),
            "fragment/en_1234567.pf_fragment": b"fragment",
            "pagefind-entry.json": json.dumps({"version": "1.5.2", "languages": {
                "en": {"hash": "en_0000000000", "wasm": "en", "page_count": 3}}}).encode()}


def test_filter_values_and_filters_are_sorted_so_that_the_same_records_give_the_same_files():
    a = normalise_bundle(bundle([["2015", [1]], ["2014", [0, 2]]], [["year", "en_aaaaaaa"], ["kind", "en_bbbbbbb"]]))
    b = normalise_bundle(bundle([["2014", [0, 2]], ["2015", [1]]], [["kind", "en_ccccccc"], ["year", "en_ddddddd"]]))
    assert a == b
    assert a["fragment/en_1234567.pf_fragment"] == b"fragment", "the other files are kept as they are"
    entry = json.loads(a["pagefind-entry.json"])
    meta_name = f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    meta = search_files._read(a[meta_name], meta_name)
    assert [name for name, _ in meta[3]] == ["kind", "year"]
    filter_name = f"filter/{meta[3][1][1]}.pf_filter"
    assert search_files._read(a[filter_name], filter_name) == ["year", [["2014", [0, 2]], ["2015", [1]]]]
    assert sorted(a) == sorted(["pagefind-entry.json", meta_name, "fragment/en_1234567.pf_fragment",
                                f"filter/{meta[3][0][1]}.pf_filter", filter_name]), "the old names are gone"


def test_a_file_that_is_not_pagefinds_is_an_error_not_a_guess():
    files = bundle([], [["kind", "en_aaaaaaa"]])
    with pytest.raises(FormatError):
        normalise_bundle({**files, "filter/en_aaaaaaa.pf_filter": gzip.compress(b"something else")})
    with pytest.raises(FormatError):
        normalise_bundle({name: data for name, data in files.items() if not name.startswith("filter/")})


@pytest.mark.parametrize("path", ["../site.html", "/etc/passwd", "fragment/../../x", "", ".", "C:x", "C:/x"])
def test_a_file_the_indexer_names_outside_its_bundle_is_refused(path):
    with pytest.raises(SearchIndexError, match="outside its folder"):
        pagefind._inside(path)


def test_the_indexers_file_names_are_kept_as_paths_in_the_bundle():
    assert pagefind._inside("fragment/en_1234567.pf_fragment") == "fragment/en_1234567.pf_fragment"
    assert pagefind._inside("pagefind-entry.json") == "pagefind-entry.json"
