"""Property test: whatever a curator saves, in whatever order (records left out for their errors and
taken in again, claims naming records that are not there, claims files read in pieces), the preview's
check reports exactly what a fresh `dossier check` of the same files reports."""

from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.dossiers import REPO, full_check
from support.edits import edited

from generator.build import check
from generator.check.parts import ResolveCache
from generator.incremental.state import CheckCaches
from generator.read import pieces

LEGAL = "content/claims/legal-measures.yaml"
KNB = "content/claims/knb-november-2014.yaml"
PERSON = "content/people/test-person.yaml"
EXTRA = "content/claims/test-extra.yaml"

CLAIM = """- id: test-{name}
  statement: Abykayev spoke about the Kazakh zhamagat.
  by: {by}
  date: {date}
  supports: [{supports}]
  citations:
    - source: tengrinews-2014-11-20-300-kazakhstanis
      quote: who constitute a so-called "Kazakh zhamagat."
"""

CHOICES: dict[str, list] = {
    "legal date": ["2014-10-30", "someday"],  # a claim others name, left out while its date is wrong
    "knb value": ["value: 300", "value: 310", "value: [300"],  # the last: a file that does not parse
    "person": [None, "description: A person with no name.\n", "name: Test Person\n"],
    "extra by": ["nurtai-abykayev", "test-person", "nobody-known"],
    "extra supports": ["prosecutor-fighting-abroad-is-a-crime", "no-such-claim", "test-second"],
    "extra date": ["2014-11-18", "never"],
    "second claim": [False, True],
    "moved down": [0, 1, 3],  # comment lines at the top of the extra claims file
}


def written(root, state: dict) -> None:
    """The files as `state` says: each choice's value put into the sample's own text."""
    legal = (REPO / LEGAL).read_text(encoding="utf-8").replace(
        "  date: 2014-10-30\n  status: corroborated", f"  date: {state['legal date']}\n  status: corroborated", 1)
    (root / LEGAL).write_text(legal, encoding="utf-8")
    knb = (REPO / KNB).read_text(encoding="utf-8")
    (root / KNB).write_text(knb.replace("value: 300", state["knb value"], 1), encoding="utf-8")
    if state["person"] is None:
        (root / PERSON).unlink(missing_ok=True)
    else:
        (root / PERSON).write_text(state["person"], encoding="utf-8")
    claims = "# a comment\n" * state["moved down"] + CLAIM.format(
        name="first", by=state["extra by"], date=state["extra date"], supports=state["extra supports"])
    if state["second claim"]:
        claims += "\n" + CLAIM.format(name="second", by="nurtai-abykayev", date="2014-11-18", supports="test-first")
    (root / EXTRA).write_text(claims, encoding="utf-8")


STEPS = st.lists(st.sampled_from(sorted(CHOICES)).flatmap(
    lambda name: st.tuples(st.just(name), st.sampled_from(CHOICES[name]))), min_size=1, max_size=6)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS, in_pieces=st.booleans())
def test_the_preview_check_after_any_saves_is_a_fresh_check(sample, tmp_path_factory, steps, in_pieces):
    tmp = tmp_path_factory.mktemp("fresh")
    root = tmp / "dossier"
    shutil.copytree(sample, root)
    state = {name: values[0] for name, values in CHOICES.items()}
    written(root, state)
    caches = CheckCaches(resolve=ResolveCache(ahead=True))
    smallest = pieces.PIECES_FROM
    pieces.PIECES_FROM = 0 if in_pieces else smallest
    try:
        check(root / "config.yaml", caches=caches)
        for name, value in steps:
            state[name] = value
            changed = edited(root, lambda root: written(root, state))
            checked = check(root / "config.yaml", caches=caches, changed=changed)
            assert [d.format() for d in checked.diagnostics] == full_check(root, tmp), (name, value)
    finally:
        pieces.PIECES_FROM = smallest
