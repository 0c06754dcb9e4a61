"""The summary `dossier check` ends with counts every record it read, those with errors included."""

from __future__ import annotations

import pytest

SUMMARY = "checked {sources}, 3 people, 2 agencies, 1 figure, {claims}: "
ONE_SOURCE = {"content/sources/fund-statement-2021-03.md": None, "content/claims/fund.yaml": None}
"""The fixture with its gazette article as its only source (and no claim citing the statement)."""


def summary(run) -> str:
    return run.err.splitlines()[-1]


@pytest.mark.parametrize(("files", "sources", "claims"), [
    ({}, "1 source", "2 claims"),
    ({"content/sources/gazette-2021-03-04-harbour-fund.txt": "---\ntitle: t\n---\nText.\n"},
     "1 source (1 with errors)", "2 claims"),
    ({"content/sources/gazette-2021-03-04-harbour-fund.txt": b"\xff\xfe not UTF-8"},
     "1 source (1 with errors)", "2 claims"),
    ({"content/claims/audit.yaml": "- id: broken-claim\n  statement: x\n  date: not a date\n"},
     "1 source", "1 claim (1 with errors)"),
])
def test_records_with_errors_are_counted_and_said_to_have_errors(dossier, cli, files, sources, claims):
    run = cli("check", cwd=dossier({**ONE_SOURCE, **files}))
    assert summary(run).startswith(SUMMARY.format(sources=sources, claims=claims)), summary(run)
