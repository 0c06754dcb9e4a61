"""What the relation graph gives the pages (docs/relations.md): the "Related people and agencies"
section of each person and agency page, and the overview page of the whole network.
"""

from __future__ import annotations

from typing import Any

from generator.core import urls
from generator.core.diagnostics import plural
from generator.core.kinds import AGENCY, PERSON
from generator.site.relation_svg import fan, overview
from generator.site.relations import KINDS, SHOWN, Neighbourhood, heading, neighbourhood, network
from generator.site.views import Views

NETWORK_TITLE = "Network of people and agencies"
UNAFFILIATED = "No role at any agency"


def entity_relations(views: Views, kind: str, entity_id: str) -> dict[str, Any]:
    """A person's or an agency's graph, its description, and the same relations as grouped lists."""
    graph = neighbourhood(views, kind, entity_id)
    drawn = {neighbour.kind for neighbour in graph.shown}
    return {"graph": graph, "drawing": fan(graph, kind), "title": f"Relation graph of {graph.centre.name}",
            "description": describe(graph),
            "legend": [(relation, heading(relation, kind)) for relation in KINDS if relation in drawn]}


def describe(graph: Neighbourhood) -> str:
    """The graph's `<desc>`: how many of each kind, and what is left out."""
    count = len(graph.neighbours)
    kinds = ", ".join(f"{group.heading.lower()}: {len(group.members)}" for group in graph.groups)
    text = f"{graph.centre.name} and the {_people_and_agencies(count)} related to it ({kinds})."
    if graph.left_out:
        text += f" The {SHOWN} strongest relations are drawn; all {count} are listed below."
    return text


def _people_and_agencies(count: int) -> str:
    return "one person or agency" if count == 1 else f"{count} people and agencies"


def network_page(views: Views) -> tuple[str, dict[str, Any]]:
    """The overview: every agency under its parent with its people (docs/relations.md, "The overview")."""
    clusters = network(views)
    agencies = sum(1 for cluster in clusters if cluster.agency is not None)
    people = len(views.all_ids(PERSON.name))
    return NETWORK_TITLE, {
        "clusters": clusters, "drawing": overview(clusters, UNAFFILIATED), "unaffiliated": UNAFFILIATED,
        "description": f"{plural(agencies, 'agency')}, each under the agency it is part of, with the people who "
                       f"hold a role there ({plural(people, 'person')} in all); people with roles at several "
                       f"agencies appear under each of them, and people with no role are listed last.",
        "people_index": views.href(urls.section_page(PERSON.section)),
        "agencies_index": views.href(urls.section_page(AGENCY.section))}
