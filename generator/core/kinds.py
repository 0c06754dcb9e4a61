"""The five kinds of record a dossier holds, in one table that every stage reads.

A kind's words (`person`, `people`, `a person`, `People`) and what they name (its folder in
`content/`, its section of the site, its field of `Dossier`) are written here once, so that the
loader, the checks, the pages, the export and the diff cannot drift apart (docs/content.md,
"Folder layout").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from generator.core.model import Agency, Claim, Dossier, Figure, Person, Source

R = TypeVar("R", Person, Agency, Figure, Source, Claim)


@dataclass(frozen=True, slots=True)
class Kind(Generic[R]):
    """One kind of record, and every name the package gives it."""

    name: str
    """`person`: one record, in messages, page keys and `urls.record_page`."""
    plural: str
    """`people`: its folder in `content/`, its section of the site and its field of `Dossier`."""
    title: str
    """`People`: the heading of its section page and its entry in the menu."""
    indefinite: str
    """`a person`: how a message names one such record."""
    entity: bool
    """People, agencies and figures share one id space, since `by` and `about` name any of them."""
    named_by_file: bool
    """The file's name is the record's id (one record a file); a claims file holds a list of claims."""
    records: Callable[[Dossier], Mapping[str, R]] = field(repr=False, compare=False)
    """The dossier's records of this kind, by id."""

    @property
    def folder(self) -> str:
        """`people`: the folder of `content/` its files are in."""
        return self.plural

    @property
    def section(self) -> str:
        """`people`: the folder of the site its pages are in."""
        return self.plural


SOURCE: Kind[Source] = Kind("source", "sources", "Sources", "a source", entity=False, named_by_file=True,
                            records=lambda dossier: dossier.sources)
PERSON: Kind[Person] = Kind("person", "people", "People", "a person", entity=True, named_by_file=True,
                            records=lambda dossier: dossier.people)
AGENCY: Kind[Agency] = Kind("agency", "agencies", "Agencies", "an agency", entity=True, named_by_file=True,
                            records=lambda dossier: dossier.agencies)
FIGURE: Kind[Figure] = Kind("figure", "figures", "Figures", "a figure", entity=True, named_by_file=True,
                            records=lambda dossier: dossier.figures)
CLAIM: Kind[Claim] = Kind("claim", "claims", "Claims", "a claim", entity=False, named_by_file=False,
                          records=lambda dossier: dossier.claims)

KINDS: tuple[Kind[Any], ...] = (SOURCE, PERSON, AGENCY, FIGURE, CLAIM)
"""In the order docs/content.md describes them and `Dossier` holds them: sources first."""
SITE_ORDER: tuple[Kind[Any], ...] = (PERSON, AGENCY, FIGURE, SOURCE, CLAIM)
"""In the order the site lists them: its menu, its home page, its search index."""
REPORT_ORDER: tuple[Kind[Any], ...] = (CLAIM, FIGURE, PERSON, AGENCY, SOURCE)
"""The order `dossier diff` and the history of changes list kinds in: what the dossier says first."""
ENTITIES: tuple[Kind[Any], ...] = tuple(kind for kind in KINDS if kind.entity)
"""People, agencies and figures: the kinds that share one id space."""

BY_NAME: Mapping[str, Kind[Any]] = MappingProxyType({kind.name: kind for kind in KINDS})
"""`person` → PERSON."""
BY_PLURAL: Mapping[str, Kind[Any]] = MappingProxyType({kind.plural: kind for kind in KINDS})
"""`people` (a folder, a section, a field of `Dossier`) → PERSON."""
