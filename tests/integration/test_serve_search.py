"""The preview's search index as `dossier serve` makes it (docs/search.md, "In the preview"): not while
a save waits for its page, but once the edits pause, one indexing run however many saves came before
the pause; then the index is served and holds what was saved."""

from __future__ import annotations

import gzip
import json
import queue
import re
import time

from support.dossiers import GAZETTE
from support.servers import Server

from generator.serve.search import QUIET

INDEXED = "search index:"
REBUILT = "changed content/sources/gazette-2021-03-04-harbour-fund.txt"
LAST_LINE = "By Mira Holt\n"
"""The gazette source's last line: a word appended after it is in the source's text and nowhere else."""
SLOW = 60
"""Seconds a step may take on a busy machine (Pagefind's run included)."""


def append_word(server: Server, word: str) -> None:
    server.edit(GAZETTE, LAST_LINE, f"{LAST_LINE}{word}\n")


def indexed_words(server: Server) -> bytes:
    """The text of every record in the served site's index (Pagefind's fragments, gzipped JSON)."""
    fragments = sorted((server.root / "site" / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments, "the index has fragments"
    return b"\n".join(gzip.decompress(fragment.read_bytes()) for fragment in fragments)


def lines_within(server: Server, seconds: float, words: str) -> list[str]:
    """The lines with `words` that the server prints in the next `seconds` (to see that none come)."""
    deadline = time.monotonic() + seconds
    found = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = server.lines.get(timeout=min(left, 0.1))
        except queue.Empty:
            continue
        if words in line:
            found.append(line)
    return found


def test_the_first_index_comes_after_the_first_build_and_is_served(server):
    status, _ = server.get("pagefind/bundles.json")
    assert status == 404, "no index before the preview makes one: the search page falls back meanwhile"
    line = server.wait_for(INDEXED, timeout=SLOW)
    assert "records in 1 of 1 bundle indexed" in line
    status, listing = server.get("pagefind/bundles.json")
    assert status == 200
    assert json.loads(listing)["merge"] == []
    status, entry = server.get("pagefind/pagefind-entry.json")
    assert status == 200
    assert "en" in json.loads(entry)["languages"]


def test_a_saved_word_is_indexed_once_the_edits_pause(server):
    server.wait_for(INDEXED, timeout=SLOW)
    assert b"quetzalcoatlus" not in indexed_words(server)
    append_word(server, "quetzalcoatlus")
    server.wait_for(REBUILT, timeout=SLOW)
    assert "records in 1 of 1 bundle indexed" in server.wait_for(INDEXED, timeout=SLOW)
    assert b"quetzalcoatlus" in indexed_words(server)
    status, _ = server.get("pagefind/pagefind-entry.json")
    assert status == 200


def indexing_runs(server: Server, since: int) -> int:
    return sum(INDEXED in line for line in server.output[since:])


def test_two_quick_saves_give_one_indexing_run_after_the_pause(server):
    server.wait_for(INDEXED, timeout=SLOW)
    before = len(server.output)
    append_word(server, "archaeopteryx")
    server.wait_for(REBUILT, timeout=SLOW)
    append_word(server, "dimorphodon")
    assert "changed content/sources/" in server.wait_for("pages rendered", timeout=SLOW)
    rebuilt = time.monotonic()
    assert indexing_runs(server, before) == 0, "not indexed between the two saves"

    server.wait_for(INDEXED, timeout=SLOW)
    assert time.monotonic() - rebuilt >= QUIET - 0.5, "indexed only after the pause"
    words = indexed_words(server)
    assert b"archaeopteryx" in words and b"dimorphodon" in words
    assert lines_within(server, QUIET + 3, INDEXED) == [], "one indexing run, not one per save"
    assert indexing_runs(server, before) == 1


def test_the_served_search_page_may_fetch_its_index_and_open_the_reload_socket(server):
    _, page = server.get("search/index.html")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    directives = [directive.split() for directive in policy.group(1).split(";")]
    connect = [directive for directive in directives if directive[0] == "connect-src"]
    assert connect == [["connect-src", "'self'", f"ws://127.0.0.1:{server.port}"]], "one directive, both allowed"
