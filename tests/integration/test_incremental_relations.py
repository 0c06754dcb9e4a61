"""A claim edit patches the relation problems (claims.relations_affected): the claims it supports,
those that support or revise it, and itself are checked again, and the rebuild reports exactly what
a fresh check of the dossier reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import Builder, check
from generator.check import claims
from tests.support.edits import Edit, edited, replace

CLAIMS = "content/claims/legal-measures.yaml"
SUPPORTER_BY = "  by: tengrinews\n  date: 2014-12-23\n  supports: [prosecutor-fighting-abroad-is-a-crime]"
SAME_SPEAKER = SUPPORTER_BY.replace("by: tengrinews", "by: prosecutor-general-of-kazakhstan")
EDITS: list[tuple[str, Edit]] = [
    ("the supporter made the same speaker", replace(CLAIMS, SUPPORTER_BY, SAME_SPEAKER)),
    ("the supported claim no longer corroborated", replace(CLAIMS, "  status: corroborated\n", "")),
    ("corroborated again", replace(CLAIMS, "  date: 2014-10-30\n  note:",
                                   "  date: 2014-10-30\n  status: corroborated\n  note:")),
    ("the supporter independent again", replace(CLAIMS, SAME_SPEAKER, SUPPORTER_BY)),
    ("the support withdrawn", replace(CLAIMS, "  supports: [prosecutor-fighting-abroad-is-a-crime]\n", "")),
]


def relation_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if "claim.not-" in line or "revises" in line or "corroborat" in line
            or "independent" in line]


def test_each_claim_edit_reports_what_a_fresh_check_reports(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patched: list[set[str]] = []

    def affected(*args: object) -> set[str]:
        patched.append(found := resolve_affected(*args))
        return found

    resolve_affected = claims.relations_affected
    monkeypatch.setattr(claims, "relations_affected", affected)
    builder = Builder(sample / "config.yaml")
    assert builder.build().report is not None
    seen = set()
    for name, edit in EDITS:
        built = builder.build(changed=edited(sample, edit))
        rebuilt = [problem.format() for problem in built.checked.diagnostics]
        fresh = [problem.format() for problem in check(sample / "config.yaml").diagnostics]
        assert rebuilt == fresh, name
        seen.add(tuple(relation_lines(fresh)))
    assert len(seen) >= 3  # the edits changed what is reported
    assert len(patched) == len(EDITS)  # each rebuild patched the last one's relation problems
