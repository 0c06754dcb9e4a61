"""Dates from git (generator/history/dates.py) as read from `git log -z -M --name-status` output, and
the dates that differ between two link stages (incremental/rendering.changed_dates); no git is run."""

from __future__ import annotations

import dataclasses

from support.records import ANA, CLAIM_FILE, base, claim, linked

from generator.core.model import PartialDate
from generator.history.dates import History, log_dates
from generator.incremental.inputs import changed_dates, dated
from generator.site import keys

JAN, FEB, MAR = 1767225600, 1769904000, 1772323200
"""1 January, 1 February and 1 March 2026, 00:00 UTC."""


def log(*commits: tuple[int, list[str]]) -> str:
    """What `git log -z -M --name-status --format=%x01%ct` prints: newest commit first, each
    commit's changes as NUL-separated status and path tokens."""
    return "".join(f"\x01{when}\0\n" + "".join(f"{token}\0" for token in changes) for when, changes in commits)


def test_each_file_gets_the_date_of_the_newest_commit_that_changed_it():
    output = log((MAR, ["M", "content/people/ana.yaml"]),
                 (FEB, ["M", "content/people/ana.yaml", "M", "content/people/bo.yaml"]),
                 (JAN, ["A", "content/people/ana.yaml", "A", "content/people/bo.yaml"]))
    assert log_dates(output) == {"content/people/ana.yaml": MAR, "content/people/bo.yaml": FEB}


def test_a_file_deleted_at_head_has_no_date():
    output = log((FEB, ["D", "content/people/bo.yaml"]), (JAN, ["A", "content/people/bo.yaml"]))
    assert log_dates(output) == {}


def test_a_rename_without_changes_keeps_the_date_of_the_last_change_under_the_old_name():
    output = log((MAR, ["R100", "content/people/a.yaml", "content/people/ana.yaml"]),
                 (FEB, ["M", "content/people/a.yaml"]), (JAN, ["A", "content/people/a.yaml"]))
    assert log_dates(output) == {"content/people/ana.yaml": FEB}


def test_a_rename_with_changes_is_a_change():
    output = log((MAR, ["R087", "content/people/a.yaml", "content/people/ana.yaml"]),
                 (JAN, ["A", "content/people/a.yaml"]))
    assert log_dates(output) == {"content/people/ana.yaml": MAR}


def test_an_old_name_used_again_by_a_new_file_keeps_the_two_files_apart():
    output = log((MAR, ["A", "content/people/a.yaml"]),
                 (FEB, ["R100", "content/people/a.yaml", "content/people/ana.yaml"]),
                 (JAN, ["A", "content/people/a.yaml"]))
    assert log_dates(output) == {"content/people/a.yaml": MAR, "content/people/ana.yaml": JAN}


def test_names_with_spaces_tabs_and_newlines_are_read_whole():
    name = "content/sources/a b\tc\nd.txt"
    assert log_dates(log((JAN, ["A", name]))) == {name: JAN}


def test_a_commit_without_changes_in_the_folder_changes_nothing():
    assert log_dates(log((FEB, []), (JAN, ["A", "content/people/ana.yaml"]))) == {"content/people/ana.yaml": JAN}
    assert log_dates("") == {}


LINKS = linked(base(**{CLAIM_FILE: claim("a")}))
DAY = PartialDate(2026, 1, 2)


def with_history(changed: PartialDate | None, **files: PartialDate) -> History:
    return History("c" * 40, "content", changed, {f"content/{name}": day for name, day in files.items()})


def test_no_dates_on_either_side_change_nothing():
    assert changed_dates(LINKS, LINKS) == set()


def test_a_new_head_date_changes_the_dossier_date_only():
    old = dataclasses.replace(LINKS, history=with_history(DAY))
    new = dataclasses.replace(LINKS, history=with_history(PartialDate(2026, 1, 3)))
    assert changed_dates(old, new) == {keys.DOSSIER_CHANGED}


def test_a_file_committed_again_changes_the_date_of_each_record_it_holds():
    old = dataclasses.replace(LINKS, history=with_history(DAY, **{ANA[0]: DAY, CLAIM_FILE: DAY}))
    new = dataclasses.replace(LINKS, history=with_history(DAY, **{ANA[0]: DAY, CLAIM_FILE: PartialDate(2026, 2, 1)}))
    assert changed_dates(old, new) == {keys.last_changed("claim", "a")}


def test_dated_links_carry_the_history_and_add_the_changed_dates_to_what_relink_told():
    old = dataclasses.replace(LINKS, history=with_history(DAY, **{ANA[0]: DAY}))
    history = with_history(PartialDate(2026, 3, 1), **{ANA[0]: PartialDate(2026, 3, 1)})
    links, changed = dated(old, LINKS, history, {keys.record("claim", "a")})
    assert links.history is history
    assert changed == {keys.record("claim", "a"), keys.DOSSIER_CHANGED, keys.last_changed("person", "ana")}
    assert dated(old, LINKS, old.history, set())[1] == set()
    assert dated(None, LINKS, history, None)[1] is None
