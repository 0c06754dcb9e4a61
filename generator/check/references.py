"""References between records: every id a record names (a claim's `by`, a role's agency, a
citation's source…), and the error for one that names nothing, in words and at its position.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.core.diagnostics import Diagnostic, Span, did_you_mean, error
from generator.core.kinds import AGENCY, BY_PLURAL, CLAIM, ENTITIES, FIGURE, PERSON, SOURCE
from generator.core.model import Agency, Citation, Claim, Person


@dataclass(frozen=True, slots=True)
class _Ref:
    """One reference from a record to another, with where it is written."""

    target: str
    span: Span
    what: str



_PEOPLE_OR_AGENCIES = (PERSON.plural, AGENCY.plural)
_AGENCIES = (AGENCY.plural,)
_FIGURES = (FIGURE.plural,)
_SOURCES = (SOURCE.plural,)
_ENTITIES = tuple(kind.plural for kind in ENTITIES)
_CLAIMS = (CLAIM.plural,)
_CLAIM_LISTS = (("about", _ENTITIES, "is about"), ("supports", _CLAIMS, "supports"),
                ("disputes", _CLAIMS, "disputes"), ("based_on", _CLAIMS, "is based on"),
                ("revises", _CLAIMS, "revises"))
_VERBS = {"by": "is by", "figure": "reports a value of"}
TARGET_KINDS = tuple(dict.fromkeys((_PEOPLE_OR_AGENCIES, _AGENCIES, _FIGURES, _SOURCES,
                                    *(kinds for _, kinds, _ in _CLAIM_LISTS))))
"""Every tuple of kinds a reference's target may be (Target's first part), each once."""

Target = tuple[tuple[str, ...], str]
"""(the kinds a reference's target may be, by their folders, its id)."""
Reference = tuple[tuple[str, ...], str, Any, str, int]
"""(kinds the target may be, target id, the record or citation holding it, its field, list index or -1);
cheap to make by the ten thousand, described in words only when it is wrong."""


def record_references(record: object) -> Iterator[Reference]:
    """The references of a person (its roles' agencies and sources) or an agency (its parent);
    sources and figures name nothing, and claims are claim_references'."""
    if isinstance(record, Person):
        for role in record.roles:
            yield _PEOPLE_OR_AGENCIES, role.agency, (record, role), "agency", -1
            for citation in role.citations:
                yield _SOURCES, citation.source, (citation, f"role '{role.title}' of '{record.id}'"), "source", -1
    elif isinstance(record, Agency) and record.parent:
        yield _AGENCIES, record.parent, record, "parent", -1


def claim_references(claim: Claim) -> Iterator[Reference]:
    if claim.by:
        yield _PEOPLE_OR_AGENCIES, claim.by, claim, "by", -1
    if claim.figure:
        yield _FIGURES, claim.figure, claim, "figure", -1
    for field_name, kinds, _ in _CLAIM_LISTS:
        for index, target in enumerate(getattr(claim, field_name)):
            yield kinds, target, claim, field_name, index
    for citation in claim.citations:
        yield _SOURCES, citation.source, (citation, f"claim '{claim.id}'"), "source", -1


def _described(holder: Any, field_name: str, index: int) -> _Ref:
    """The words and position of a reference, for its diagnostic."""
    if isinstance(holder, tuple) and isinstance(holder[0], Citation):
        citation, what = holder
        return _Ref(citation.source, citation.spans["source"], f"{what} cites")
    if isinstance(holder, tuple):
        person, role = holder
        return _Ref(role.agency, role.spans["agency"], f"role of '{person.id}' names")
    if field_name == "parent":
        return _Ref(holder.parent, holder.spans["parent"], f"agency '{holder.id}' has as parent")
    verb = _VERBS.get(field_name) or next(verb for name, _, verb in _CLAIM_LISTS if name == field_name)
    span = holder.spans.get(f"{field_name}[{index}]", holder.spans[field_name])
    target = getattr(holder, field_name) if index < 0 else getattr(holder, field_name)[index]
    return _Ref(target, span, f"claim '{holder.id}' {verb}")


def check_reference(ref: Reference, records: Mapping[str, Mapping], broken: Mapping[str, set[str]]
                     ) -> Diagnostic | None:
    folders, target, holder, field_name, index = ref
    if any(target in records[folder] or target in broken.get(folder, ()) for folder in folders):
        if folders == _CLAIMS and holder.id == target:
            described = _described(holder, field_name, index)
            return error("ref.self", f"{described.what} itself", described.span)
        return None
    if folders == _CLAIMS and broken.get(CLAIM.plural):
        return None  # a claims file that could not be read may define it; its own errors say why
    described = _described(holder, field_name, index)
    nouns = [BY_PLURAL[folder].name for folder in folders]
    what = nouns[0] if len(nouns) == 1 else ", ".join(nouns[:-1]) + " or " + nouns[-1]
    candidates = [record_id for folder in folders for record_id in records[folder]]
    return error("ref.unknown", f"{described.what} unknown {what} '{target}'", described.span,
                 did_you_mean(target, candidates))
