"""What readers see of the history (generator/site/changes_page.py, generator/site/atom.py), from
Changelogs made by hand: a record's History section, the Changes pages and the Atom feed, and the
page inputs a changed history marks as changed (generator/incremental/rendering.py)."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from support.records import CLAIM_FILE, CONFIG, base, claim, linked

from generator.core.model import PartialDate
from generator.history.changelog import NO_CHANGELOG, UNCOMMITTED, Change, Changelog, Commit, changelog
from generator.incremental.inputs import changed_history, changelogged
from generator.link.links import Links
from generator.site import atom, changes_page, keys
from generator.site.changes_page import MAX_LISTED, by_commit, listed, page_count, record_history, summary
from generator.site.views import Views

A = "feed"
NS = {"a": atom.ATOM}
FIRST = Commit("a" * 40, 1767225600, "Start the dossier")  # 2026-01-01 00:00:00 UTC
SECOND = Commit("b" * 40, 1767350096, "Correct the loss")  # 2026-01-02 10:34:56 UTC
ADDED = Change(FIRST, "person", "ana", "added", "Ana Lind", ("added",))
RENAMED = Change(SECOND, "person", "ana", "renamed", "Ana Lind", ("renamed from ana-lopez",))
VALUE = Change(SECOND, "claim", "a", "changed", "The fund lost money.",
               ("value: about 300 euros → more than 300 euros", "status: reported → disputed"))
GONE = Change(SECOND, "source", "old", "removed", "An old source", ("removed",))
LOG = changelog("b" * 40, (RENAMED, VALUE, GONE, ADDED))
FILES = base(**{CLAIM_FILE: claim("a")})


def links(log: Changelog = LOG, **config: object) -> Links:
    return dataclasses.replace(linked(FILES, dataclasses.replace(CONFIG, **config)), changelog=log)


def test_a_record_history_is_newest_first_with_day_subject_and_lines():
    views = Views(links(), 2)
    views.start_page()
    entries = record_history(views, "person", "ana")
    assert [(entry.day, entry.subject, entry.lines) for entry in entries] == [
        (PartialDate(2026, 1, 2), "Correct the loss", ("renamed from ana-lopez",)),
        (PartialDate(2026, 1, 1), "Start the dossier", ("added",))]
    assert keys.history("person", "ana") in views.touched


def test_edits_not_yet_committed_have_no_day():
    log = changelog("b" * 40, (Change(UNCOMMITTED, "person", "ana", "changed", "Ana Lind", ("name: A → B",)), ADDED))
    entries = record_history(Views(links(log), 2), "person", "ana")
    assert [entry.day for entry in entries] == [None, PartialDate(2026, 1, 1)]


def test_outside_git_there_is_no_history_no_changes_page_and_no_feed_link():
    views = Views(links(NO_CHANGELOG), 2)
    assert record_history(views, "person", "ana") == ()
    assert page_count(NO_CHANGELOG) == 0
    assert not views.tracked()
    assert keys.TRACKED in views.touched


def test_in_git_without_a_change_there_is_one_empty_changes_page():
    assert page_count(changelog("c" * 40, ())) == 1


def test_a_large_commit_is_summarised_by_kind_and_status_and_lists_its_first_records():
    many = tuple(Change(FIRST, "source", f"s{n}", "added", f"Source {n}", ("added",)) for n in range(1000))
    claims = tuple(Change(FIRST, "claim", f"c{n}", "changed", "A claim", ("note changed",)) for n in range(2))
    person = Change(FIRST, "person", "ana", "added", "Ana Lind", ("added",))
    (commit,) = listed(Views(links(), 1), by_commit((*many, *claims, person)))
    assert commit.summary == "1 person added, 1,000 sources added, 2 claims changed"
    assert len(commit.records) == MAX_LISTED and commit.more == 1003 - MAX_LISTED


def test_a_small_commit_has_no_summary():
    assert summary([ADDED]) == "1 person added"
    (_, second) = listed(Views(links(), 1), by_commit(LOG.changes))
    assert second.summary is None and second.more == 0


def test_removed_records_and_records_without_a_page_are_named_not_linked():
    (first, _) = listed(Views(links(), 1), by_commit(LOG.changes))
    assert [(record.name, record.path) for record in first.records] == [
        ("Ana Lind", "people/ana/index.html"), ("The fund lost money.", "claims/a/index.html"),
        ("An old source", None)]
    missing = Change(SECOND, "person", "nobody", "changed", "Nobody", ("name: A → B",))
    (only,) = listed(Views(links(), 1), by_commit((missing,)))
    assert only.records[0].path is None


def test_the_changes_page_lists_commits_with_anchors_and_relative_links():
    views = Views(links(), 1)
    views.start_page()
    title, context = changes_page.changes(views, 1)
    assert title == "Changes" and context["pages"] == []
    assert [commit["anchor"] for commit in context["commits"]] == ["commit-bbbbbbbbbbbb", "commit-aaaaaaaaaaaa"]
    assert context["commits"][0]["records"][0]["href"] == "../people/ana/index.html"
    assert keys.CHANGES in views.touched


def test_many_commits_are_paginated():
    commits = [Commit(f"{n:040x}", 1767225600 + n, f"Commit {n}") for n in range(60, 0, -1)]
    log = changelog("f" * 40, tuple(Change(commit, "person", "ana", "changed", "Ana", ("note changed",))
                                    for commit in commits))
    assert page_count(log) == 3
    title, context = changes_page.changes(Views(links(log), 1), 3)
    assert title == "Changes, page 3 of 3"
    assert len(context["commits"]) == 60 - 2 * changes_page.COMMITS_PER_PAGE
    assert [page["href"] for page in context["pages"]] == [
        "../changes/index.html", "../changes/page-2.html", "../changes/page-3.html"]


def parsed_feed(log: Changelog = LOG, **config: object) -> ET.Element:
    return ET.fromstring(atom.feed(Views(links(log, **config), 0)))


def test_the_feed_has_one_entry_per_commit_newest_first_with_commit_ids_and_times():
    feed = parsed_feed()
    entries = feed.findall("a:entry", NS)
    assert [entry.findtext("a:title", namespaces=NS) for entry in entries] == ["Correct the loss", "Start the dossier"]
    assert [entry.findtext("a:updated", namespaces=NS) for entry in entries] == [
        "2026-01-02T10:34:56Z", "2026-01-01T00:00:00Z"]
    assert entries[0].findtext("a:id", namespaces=NS) == atom.entry_id(SECOND) != atom.entry_id(FIRST)
    assert atom.entry_id(SECOND).startswith("urn:uuid:")
    assert feed.findtext("a:updated", namespaces=NS) == "2026-01-02T10:34:56Z"
    assert feed.findtext("a:author/a:name", namespaces=NS) == CONFIG.title


def test_the_feed_links_relative_to_itself_without_base_url_and_absolute_with_it():
    relative = parsed_feed()
    assert relative.find("a:link[@rel='self']", NS).get("href") == "changes.xml"
    assert relative.find("a:entry/a:link", NS).get("href") == "changes/index.html#commit-bbbbbbbbbbbb"
    assert 'href="people/ana/index.html"' in relative.findtext("a:entry/a:content", namespaces=NS)
    absolute = parsed_feed(base_url="https://example.org/kz/", curator="Mira Holt")
    assert absolute.findtext("a:id", namespaces=NS) == "https://example.org/kz/changes.xml"
    assert absolute.find("a:link[@rel='alternate']", NS).get("href") == "https://example.org/kz/changes/index.html"
    assert 'href="https://example.org/kz/people/ana/index.html"' in absolute.findtext("a:entry/a:content",
                                                                                       namespaces=NS)
    assert absolute.findtext("a:author/a:name", namespaces=NS) == "Mira Holt"


def test_the_feed_id_stays_as_commits_are_added_and_the_feed_is_the_same_bytes_each_time():
    older = changelog("a" * 40, (ADDED,))
    assert parsed_feed(older).findtext("a:id", namespaces=NS) == parsed_feed().findtext("a:id", namespaces=NS)
    assert atom.feed(Views(links(), 0)) == atom.feed(Views(links(), 0))


def test_the_feed_leaves_out_edits_not_yet_committed_and_keeps_the_newest_fifty_commits():
    commits = [Commit(f"{n:040x}", 1767225600 + n, f"Commit {n}") for n in range(60, 0, -1)]
    changes = tuple(Change(commit, "person", "ana", "changed", "Ana", ("note changed",)) for commit in commits)
    log = changelog("f" * 40, (Change(UNCOMMITTED, "person", "ana", "changed", "Ana", ("x",)), *changes))
    entries = parsed_feed(log).findall("a:entry", NS)
    assert len(entries) == atom.MAX_ENTRIES
    assert entries[0].findtext("a:title", namespaces=NS) == "Commit 60"


def test_a_changed_history_marks_the_records_and_the_changes_list_changed():
    newer = changelog("c" * 40, (Change(Commit("c" * 40, 1767400000, "More"), "claim", "a", "changed", "x",
                                        ("note changed",)), *LOG.changes))
    assert changed_history(LOG, newer) == {keys.history("claim", "a"), keys.CHANGES}
    assert changed_history(LOG, LOG) == set()
    assert keys.TRACKED in changed_history(NO_CHANGELOG, LOG)


def test_new_changes_pages_make_the_build_compare_every_input():
    many = changelog("f" * 40, tuple(Change(Commit(f"{n:040x}", n, "c"), "person", "ana", "changed", "Ana", ("x",))
                                     for n in range(30, 0, -1)))
    before = links()
    assert changelogged(before, before, many, set())[1] is None
    same_pages = changelog("c" * 40, (dataclasses.replace(ADDED, lines=("note changed",)),))
    assert changelogged(before, before, same_pages, set())[1] == {
        keys.history("person", "ana"), keys.history("claim", "a"), keys.history("source", "old"), keys.CHANGES}
