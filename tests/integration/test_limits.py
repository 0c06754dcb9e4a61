"""Oversized numbers and texts are errors at their position, never a crash or a site many times
the size of its content."""

from __future__ import annotations

import pytest

CLAIM = ("- id: probe\n  statement: {statement}\n  figure: harbour-fund-loss-2020\n  value: {value}\n"
         "  citations:\n    - source: fund-statement-2021-03\n      quote: {quote}\n")
QUOTE = "said director Ana Lind"


def claim(statement: str = "x", value: str = "300", quote: str = QUOTE) -> dict[str, str]:
    return {"content/claims/probe.yaml": CLAIM.format(statement=statement, value=value, quote=quote)}


def errors(run) -> list[str]:
    return [line for line in run.lines if ": error: " in line]


OVERSIZED_NUMBERS = {
    "5000 digits": ("9" * 5000, "is written with 5,000 characters; a number has at most 40 (and is at most 10^18)"),
    "5000 leading zeros": ("0" * 5000 + "1", "is written with 5,001 characters"),
    "5000 decimals": ("0." + "0" * 4997 + "1", "is written with 5,000 characters"),
    "an exponent past any float": ("1e99999", "is too large: '1e99999' (at most 10^18)"),
    "digit groups past 10^18": ("2_000_000_000_000_000_000", "is too large"),
}


@pytest.mark.parametrize(("value", "message"), OVERSIZED_NUMBERS.values(), ids=OVERSIZED_NUMBERS.keys())
def test_an_oversized_number_is_an_error_at_its_position(dossier, cli, value, message):
    run = cli("check", cwd=dossier(claim(value=value)))
    assert run.code == 1
    assert "Traceback" not in run.err
    assert len(errors(run)) == 1
    assert errors(run)[0].startswith(f"content/claims/probe.yaml:4:10: error: 'value' {message}")
    assert len(run.err) < 2000, "the message does not echo the number"


@pytest.mark.parametrize("value", ["1000000000000000000", "-1e18", "[0, 1_000_000_000_000_000_000.0e-3]",
                                   "0.000000000000000000000000000000000001"])
def test_numbers_up_to_the_limits_are_read(dossier, cli, value):
    assert errors(cli("check", cwd=dossier(claim(value=value)))) == []


def long_text(length: int) -> str:
    words = ("word " * (length // 5 + 1))[:length].strip()
    return words + "x" * (length - len(words))


OVERSIZED_TEXTS = {
    "source title": ("content/sources/probe.txt", "---\ntitle: {text}\npublisher: p\ndate: 2021\n---\nBody.\n", 500,
                     "2:8", "title"),
    "person name": ("content/people/mira-holt.yaml", "name: {text}\n", 500, "1:7", "name"),
    "alias": ("content/people/mira-holt.yaml", "name: Mira Holt\naliases: [{text}]\n", 500, "2:11", "aliases"),
    "role title": ("content/people/jonas-berg.yaml",
                   "name: Jonas Berg\nroles:\n  - title: {text}\n    agency: state-audit-office\n    citations:\n"
                   "      - source: gazette-2021-03-04-harbour-fund\n        quote: the state auditor Jonas Berg\n",
                   500, "3:12", "title"),
    "statement": ("content/claims/probe.yaml", CLAIM.format(statement="{text}", value="300", quote=QUOTE), 20_000,
                  "2:14", "statement"),
    "description": ("content/people/mira-holt.yaml", "name: Mira Holt\ndescription: {text}\n", 20_000, "2:14",
                    "description"),
    "quote": ("content/claims/probe.yaml", CLAIM.format(statement="x", value="300", quote="{text}"), 5_000, "7:14",
              "quote"),
}


@pytest.mark.parametrize(("path", "template", "limit", "position", "label"), OVERSIZED_TEXTS.values(),
                         ids=OVERSIZED_TEXTS.keys())
def test_a_text_over_its_limit_is_an_error_at_its_position(dossier, cli, path, template, limit, position, label):
    run = cli("check", cwd=dossier({path: template.format(text=long_text(limit + 1))}))
    assert run.code == 1
    assert errors(run)[0].startswith(f"{path}:{position}: error: '{label}' is {limit + 1:,} characters long; it may "
                                     f"have at most {limit:,} (")


@pytest.mark.parametrize(("path", "template", "limit", "label"), [
    (path, template, limit, label) for path, template, limit, _, label in OVERSIZED_TEXTS.values()
    if label not in ("quote", "statement")], ids=[key for key in OVERSIZED_TEXTS if key not in ("quote", "statement")])
def test_a_text_at_its_limit_is_read(dossier, cli, path, template, limit, label):
    run = cli("check", cwd=dossier({path: template.format(text=long_text(limit))}))
    assert not [line for line in errors(run) if "characters long" in line]


def test_a_3_mb_title_in_config_yaml_is_a_configuration_error_not_a_775_mb_site(dossier, cli):
    root = dossier({"config.yaml": f"title: {long_text(3 * 2**20)}\n"})
    run = cli("build", cwd=root)
    assert run.code in (1, 2)
    assert "config.yaml:1:8: error: 'title' is 3,145,728 characters long" in run.err
    assert not (root / "site").exists()
