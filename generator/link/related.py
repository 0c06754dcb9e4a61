"""The people and agencies related to each entity: named in the same claims, by roles, as parent or child."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from generator.core.model import Claim, Dossier
from generator.link.groups import group


def related(dossier: Dossier) -> dict[str, tuple[str, ...]]:
    """People and agencies that appear with an entity: in the same claims, in roles, as parent or child."""
    return group(_related_pairs(dossier, dossier.claims.values()))


def patched_related(last: Mapping[str, tuple[str, ...]], dossier: Dossier, parties: set[str],
                    claims_by: Mapping[str, tuple[str, ...]], claims_about: Mapping[str, tuple[str, ...]]
                    ) -> dict[str, tuple[str, ...]]:
    """`related` when only claims by or about `parties` changed, came or went: `last`'s, with the
    entries of `parties` made again from the claims by or about them (`claims_by`, `claims_about`:
    this dossier's). No other entry can differ: a claim relates only who it is by and about."""
    ids = {claim_id for party in parties for claim_id in (*claims_by.get(party, ()), *claims_about.get(party, ()))}
    claims = [dossier.claims[claim_id] for claim_id in sorted(ids) if claim_id in dossier.claims]
    fresh = group((a, b) for a, b in _related_pairs(dossier, claims) if a in parties)
    return dict(sorted({**{key: value for key, value in last.items() if key not in parties}, **fresh}.items()))


def _related_pairs(dossier: Dossier, claims: Iterable[Claim]) -> Iterator[tuple[str, str]]:
    """(entity, an entity that appears with it), both ways, from `claims` and every role and parent."""
    entities: set[str] = set(dossier.people) | set(dossier.agencies)
    pairs: list[tuple[str, str]] = []
    for claim in claims:
        involved = sorted({*claim.about, *((claim.by,) if claim.by else ())} & entities)
        pairs.extend((a, b) for a in involved for b in involved if a != b)
    for person in dossier.people.values():
        for role in person.roles:
            pairs.extend([(person.id, role.agency), (role.agency, person.id)])
    for agency in dossier.agencies.values():
        if agency.parent:
            pairs.extend([(agency.id, agency.parent), (agency.parent, agency.id)])
    return ((a, b) for a, b in pairs if a in entities and b in entities and a != b)
