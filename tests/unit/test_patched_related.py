"""The related entities patched for the claims that changed, came or went (link.related.patched_related)
equal those made from every claim."""

from __future__ import annotations

import pytest
from support.records import CLAIM_FILE, base, claim, validated

from generator.link.links import _claims_grouped
from generator.link.related import patched_related, related

PEOPLE = {f"people/p{n}.yaml": f"name: Person Number {n}\n" for n in range(4)}
AGENCIES = {"agencies/board.yaml": "name: The Board\nparent: fund\n",
            "people/boss.yaml": "name: The Boss\nroles:\n  - title: Chair\n    agency: board\n"}


def claims(*parties: tuple[str, str]) -> str:
    return "".join(claim(f"c{index}", by=by, more="").replace("about: [fund]", f"about: [{about}]")
                   for index, (by, about) in enumerate(parties))


BEFORE = claims(("p0", "fund"), ("p1", "p2"), ("p1", "board"), ("p3", "p0"))
AFTER = {
    "a claim gone, the only one relating two people": claims(("p0", "fund"), ("p1", "board"), ("p3", "p0")),
    "a claim relating two people anew": BEFORE + claim("c9", by="p2", more="").replace("about: [fund]", "about: [p3]"),
    "a claim's parties changed": claims(("p0", "fund"), ("p1", "p3"), ("p1", "board"), ("p3", "p0")),
    "a claim by an agency about its parent": BEFORE + claim("c9", by="board").replace("about: [fund]",
                                                                                      "about: [fund, ana]"),
    "all claims but one gone": claims(("p0", "fund")),
}


@pytest.mark.parametrize("edit", AFTER)
def test_patched_related_equals_related_made_from_every_claim(edit):
    before = validated(base(**PEOPLE, **AGENCIES, **{CLAIM_FILE: BEFORE})).dossier
    after = validated(base(**PEOPLE, **AGENCIES, **{CLAIM_FILE: AFTER[edit]})).dossier
    changed = [claim for dossier in (before, after) for claim_id, claim in dossier.claims.items()
               if (before.claims.get(claim_id) != after.claims.get(claim_id))]
    parties = {party for claim in changed for party in (*claim.about, claim.by) if party}
    by = _claims_grouped(lambda claim: (claim.by,) if claim.by else ())(after)
    about = _claims_grouped(lambda claim: claim.about)(after)
    assert patched_related(related(before), after, parties, by, about) == related(after)
