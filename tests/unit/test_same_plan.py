"""Whether two link stages make the same pages (generator/site/pages.py, same_plan), so that a rebuild
keeps the last plan: the same record ids in the same order, as many timeline pages and as many
Changes pages. When it says so, `plan` of both is indeed the same list of pages."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pytest
from support.records import CLAIM_FILE, base, claim, linked

from generator.history.changelog import Change, Changelog, Commit, changelog
from generator.link.links import Links
from generator.link.timeline import TIMELINE_PAGE
from generator.site.changes_page import COMMITS_PER_PAGE
from generator.site.pages import PagePlan, plan, replanned, same_plan

CLAIMS = claim("a", more="  date: 2020-01-02\n") + claim("b", quote="the auditors said", more="  date: 2021\n")
BEFORE = base(**{CLAIM_FILE: CLAIMS, "people/bo.yaml": "name: Bo Berg\n"})
SAME_PAGES: dict[str, dict[str, str | None]] = {
    "a person's name": {"people/ana.yaml": "name: Ana Lindqvist\n"},
    "an agency's description": {"agencies/fund.yaml": "name: Harbour Fund\ndescription: A *fund*.\n"},
    "a figure's unit": {"figures/loss.yaml": "name: Loss of the fund\nunit: dollars\n"},
    "a claim's statement": {CLAIM_FILE: CLAIMS.replace("The fund lost money.", "The fund lost cash.", 1)},
    "a claim's date, moving it on the timeline": {CLAIM_FILE: CLAIMS.replace("date: 2020-01-02", "date: 2022")},
}
OTHER_PAGES: dict[str, dict[str, str | None]] = {
    "a person added": {"people/cy.yaml": "name: Cy Dahl\n"},
    "a person removed": {"people/bo.yaml": None},
    "a person's id changed": {"people/bo.yaml": None, "people/bob.yaml": "name: Bo Berg\n"},
    "a claim added": {CLAIM_FILE: CLAIMS + claim("c")},
    "a claim removed": {CLAIM_FILE: claim("a")},
}


def links_of(changes: Mapping[str, str | None]) -> Links:
    files = {**BEFORE, **changes}
    return linked({path: text for path, text in files.items() if text is not None})


def pages(links: Links) -> list[tuple]:
    """The plan's pages as what makes each: path, template, depth and the arguments of its builder."""
    return described(plan(links))


def described(plans: Mapping[str, PagePlan]) -> list[tuple]:
    return [(page.path, page.template, page.depth, getattr(page.build, "keywords", None),
             getattr(page.build, "args", None)) for page in plans.values()]


def with_changelog(links: Links, commits: int, head: str | None = "f" * 40) -> Links:
    """`links` with a changelog of `commits` commits, each changing Ana."""
    changes = tuple(Change(Commit(f"{number:040x}", number, f"Commit {number}"), "person", "ana", "changed", "Ana",
                           ("name changed",)) for number in range(commits, 0, -1))
    return dataclasses.replace(links, changelog=changelog(head, changes))


def reordered(links: Links, plural: str) -> Links:
    """`links` with the records of one kind (by its folder) in the reverse order."""
    dossier = links.dossier
    records: dict[str, Any] = {plural: dict(reversed(getattr(dossier, plural).items()))}
    return dataclasses.replace(links, resolved=dataclasses.replace(
        links.resolved, dossier=dataclasses.replace(dossier, **records)))


def test_a_link_stage_makes_the_same_plan_as_itself():
    links = links_of({})
    assert same_plan(links, links)
    assert same_plan(links, links_of({}))


@pytest.mark.parametrize("edit", SAME_PAGES)
def test_an_edit_of_a_record_field_keeps_the_plan(edit):
    old, new = links_of({}), links_of(SAME_PAGES[edit])
    assert same_plan(old, new)
    assert pages(old) == pages(new)


@pytest.mark.parametrize("edit", OTHER_PAGES)
def test_a_record_that_comes_or_goes_makes_another_plan(edit):
    old, new = links_of({}), links_of(OTHER_PAGES[edit])
    assert not same_plan(old, new)
    assert not same_plan(new, old)
    assert pages(old) != pages(new)


@pytest.mark.parametrize("plural", ["people", "claims"])
def test_the_same_ids_in_another_order_make_another_plan(plural):
    old = links_of({})
    new = reordered(old, plural)
    assert not same_plan(old, new)
    assert pages(old) != pages(new)


def test_a_timeline_with_another_page_makes_another_plan():
    full = "".join(claim(f"c{number:03}", more="  date: 2020\n") for number in range(TIMELINE_PAGE))
    old = links_of({CLAIM_FILE: full})
    assert list(old.timeline) == [1]
    new = links_of({CLAIM_FILE: full + claim("z")})
    assert list(new.timeline) == [1, 2]
    assert not same_plan(old, new)


def test_a_timeline_page_more_with_the_same_records_makes_another_plan():
    """The timeline's pages are compared on their own, not only through the claims' ids."""
    old = links_of({})
    new = dataclasses.replace(old, timeline={1: ("a",), 2: ("b",)})
    assert not same_plan(old, new)
    assert same_plan(old, dataclasses.replace(old, timeline={1: ("b", "a")})), "the page's claims are not in the plan"


def test_as_many_changes_pages_keep_the_plan():
    links = links_of({})
    assert same_plan(with_changelog(links, 1), with_changelog(links, COMMITS_PER_PAGE))
    assert same_plan(with_changelog(links, COMMITS_PER_PAGE + 1), with_changelog(links, 2 * COMMITS_PER_PAGE))
    assert pages(with_changelog(links, 1)) == pages(with_changelog(links, COMMITS_PER_PAGE))


@pytest.mark.parametrize(("fewer", "more"), [(COMMITS_PER_PAGE, COMMITS_PER_PAGE + 1),
                                             (1, 2 * COMMITS_PER_PAGE + 1)])
def test_another_number_of_changes_pages_makes_another_plan(fewer, more):
    links = links_of({})
    old, new = with_changelog(links, fewer), with_changelog(links, more)
    assert not same_plan(old, new)
    assert pages(old) != pages(new)


def test_a_dossier_that_comes_into_git_makes_another_plan():
    """Outside git there is no Changes page; in a repository with no change yet, there is one."""
    links = links_of({})
    assert links.changelog == Changelog()
    assert not same_plan(links, with_changelog(links, 0))
    assert not same_plan(with_changelog(links, 0, head=None), with_changelog(links, 0))


@pytest.mark.parametrize("edit", OTHER_PAGES)
def test_the_plan_made_again_from_the_last_one_has_the_pages_of_a_plan_made_afresh(edit):
    """A rebuild whose records came or went patches the last plan (replanned) rather than making
    42,000 page plans again: the same pages, in any order (every use of a plan sorts it)."""
    old, new = links_of({}), links_of(OTHER_PAGES[edit])
    assert_replanned(old, new)
    assert_replanned(new, old)


def test_the_plan_made_again_has_as_many_timeline_and_changes_pages_as_one_made_afresh():
    full = "".join(claim(f"c{number:03}", more="  date: 2020\n") for number in range(TIMELINE_PAGE))
    one, two = links_of({CLAIM_FILE: full}), links_of({CLAIM_FILE: full + claim("z")})
    few, many = with_changelog(one, 1), with_changelog(two, 2 * COMMITS_PER_PAGE + 1)
    assert_replanned(few, many)
    assert_replanned(many, few)


def assert_replanned(old: Links, new: Links) -> None:
    """The plan of `old` made again for `new` has the pages of a plan made afresh, and names the pages that went."""
    plans, gone = replanned(plan(old), old, new)
    assert sorted(described(plans)) == sorted(pages(new))
    assert sorted(gone) == sorted(plan(old).keys() - plan(new).keys())
