"""The relation graph's cost per page (docs/relations.md, "Cost"), on a dossier that checks clean:

- per person and agency page: its neighbourhood read through the views, laid out, and its section
  (partials/relations.html) rendered; the claim views it reads are made first, as the page's claim
  lists make them anyway, so only the graph's own work is timed;
- the overview page (network/index.html), made and rendered whole.

Times are this process's CPU time (`time.process_time`), so that other work on a shared machine
does not count; the fastest of `--repeat` runs over every page is reported.

    python bench/generate.py /tmp/d10k --sources 10000
    python bench/graph.py /tmp/d10k/config.yaml [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from generator.build import check
from generator.core import urls
from generator.core.kinds import AGENCY, PERSON
from generator.link.links import LinkMap, link
from generator.site.graph import Dependencies
from generator.site.pages import make, plan
from generator.site.relation_pages import entity_relations
from generator.site.render import environment
from generator.site.views import ViewCache, Views


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs over every page; the fastest is reported")
    args = parser.parse_args()
    checked = check(args.config)
    assert checked.resolved is not None and checked.ok, "the dossier must check clean"
    links = link(checked.resolved)
    env = environment(args.config.parent / checked.resolved.dossier.config.templates_dir)
    partial = env.get_template("partials/relations.html")

    def render_partial(name: str, **context: object) -> str:
        return env.get_template(name).render(context)

    views = Views(links, 2, ViewCache(), render_partial, Dependencies())
    entities = [(kind, entity_id) for kind in (PERSON.name, AGENCY.name) for entity_id in links.records[kind]]
    for _, entity_id in entities:  # the claim views every entity page makes for its lists
        views.claims((*views.lookup(LinkMap.CLAIMS_BY, entity_id), *views.lookup(LinkMap.CLAIMS_ABOUT, entity_id)))
    runs = []
    for _ in range(args.repeat):
        timings = []
        for kind, entity_id in entities:
            start = time.process_time()
            relations = entity_relations(views, kind, entity_id)
            partial.render(relations=relations, record=views.record(kind, entity_id), site={"network": "n"})
            timings.append(time.process_time() - start)
        runs.append(timings)
    best = min(runs, key=sum)
    overview = plan(links)[urls.NETWORK]
    start = time.process_time()
    page = make(overview, Views(links, overview.depth, ViewCache(), render_partial, Dependencies()))
    html = env.get_template(page.template).render(page.context)
    overview_seconds = time.process_time() - start
    print(f"{len(entities)} person and agency pages: graph {sum(best) * 1000:.0f} ms in all, "
          f"mean {statistics.mean(best) * 1000:.2f} ms, median {statistics.median(best) * 1000:.2f} ms, "
          f"slowest {max(best) * 1000:.2f} ms per page")
    print(f"overview page: {overview_seconds * 1000:.0f} ms, {len(html) // 1024} KB")


if __name__ == "__main__":
    main()
