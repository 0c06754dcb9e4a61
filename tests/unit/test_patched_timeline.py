"""The timeline patched for the claims that changed, came or went (link.timeline.patched_timeline)
equals the timeline made from every claim: random dossiers of claims dated to the day, the month or
the year, or not at all, and random edits."""

from __future__ import annotations

import dataclasses
import random

import pytest
from support.records import CONFIG

from generator.core.diagnostics import Span
from generator.core.model import Claim, Dossier, PartialDate
from generator.link import timeline as timeline_module
from generator.link.timeline import patched_timeline, timeline

TEMPLATE = Claim(id="", statement="A claim.", by=None, about=(), date=None, figure=None, value=None,
                 qualifier=None, as_of=None, status="reported", supports=(), disputes=(), based_on=(), note=None,
                 citations=(), span=Span("content/claims/main.yaml"), spans={})


def random_date(rng: random.Random) -> PartialDate | None:
    precision = rng.choice(["day", "month", "year", None])
    year = rng.randint(2018, 2020)
    if precision is None:
        return None
    return PartialDate(year, rng.randint(1, 3) if precision != "year" else None,
                       rng.randint(1, 3) if precision == "day" else None)


def dossier_of(claims: list[Claim]) -> Dossier:
    return Dossier(CONFIG, {}, {}, {}, {}, {claim.id: claim for claim in sorted(claims, key=lambda c: c.id)})


@pytest.mark.parametrize("seed", range(40))
def test_a_patched_timeline_equals_one_made_from_every_claim(seed, monkeypatch):
    monkeypatch.setattr(timeline_module, "TIMELINE_PAGE", 7)
    rng = random.Random(seed)
    claims = [dataclasses.replace(TEMPLATE, id=f"c{number:03}", date=random_date(rng))
              for number in range(rng.randint(0, 40))]
    before = dossier_of(claims)
    kept = [claim for claim in claims if rng.random() > 0.2]
    moved = [dataclasses.replace(claim, date=random_date(rng)) if rng.random() < 0.2 else claim for claim in kept]
    came = [dataclasses.replace(TEMPLATE, id=f"c{rng.randint(0, 60):03}x", date=random_date(rng))
            for _ in range(rng.randint(0, 5))]
    after = dossier_of(moved + came)
    changed = sorted(before.claims.keys() ^ after.claims.keys() | {
        claim.id for claim in moved if claim is not before.claims[claim.id]})
    olds = [before.claims[claim_id] for claim_id in changed if claim_id in before.claims]
    news = [after.claims[claim_id] for claim_id in changed if claim_id in after.claims]
    assert patched_timeline(timeline(before), before.claims, after.claims, olds, news) == timeline(after)


def test_a_year_comes_before_its_months_and_undated_claims_come_last():
    dates = {"a": None, "b": PartialDate(2020, 5, 1), "c": PartialDate(2020)}
    claims = [dataclasses.replace(TEMPLATE, id=claim_id, date=date) for claim_id, date in dates.items()]
    assert timeline(dossier_of(claims)) == {1: ("c", "b", "a")}
