"""Chains that must end somewhere: parent agencies, and claims `based_on` other claims."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.core.diagnostics import Diagnostic, error
from generator.core.model import Dossier


def cycle_problems(dossier: Dossier, parents: Mapping[str, Sequence[str]],
                   bases: Mapping[str, Sequence[str]]) -> list[Diagnostic]:
    """An error for each cycle of parent agencies and of `based_on` claims, at its first record."""
    problems = []
    for cycle in find_cycles(parents):
        agency = dossier.agencies[cycle[0]]
        problems.append(error("ref.cycle", "agencies are their own parents: " + " → ".join(cycle + [cycle[0]]),
                              agency.spans["parent"]))
    for cycle in find_cycles(bases):
        claim = dossier.claims[cycle[0]]
        problems.append(error("ref.cycle", "claims are based on each other: " + " → ".join(cycle + [cycle[0]]),
                              claim.spans["based_on"]))
    return problems


def find_cycles(edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Cycles (at least one in every knot of records that lead back to themselves), each once,
    starting at its smallest id, in order; iterative, so long chains cannot overflow."""
    cycles: set[tuple[str, ...]] = set()
    done: set[str] = set()
    for start in sorted(edges):
        path, on_path = [], {}
        stack = [(start, iter(sorted(edges.get(start, []))))]
        path.append(start)
        on_path[start] = 0
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                on_path.pop(node)
                done.add(node)
            elif child in on_path:
                cycle = path[on_path[child]:]
                first = cycle.index(min(cycle))
                cycles.add(tuple(cycle[first:] + cycle[:first]))
            elif child not in done and child in edges:
                on_path[child] = len(path)
                path.append(child)
                stack.append((child, iter(sorted(edges[child]))))
    return [list(cycle) for cycle in sorted(cycles)]
