"""What a new user sees first: a missing config.yaml, `dossier` alone, and an example in every
command's --help (docs/init.md, README "Using it")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support.dossiers import Run

from generator.cli import _parser

COMMANDS = ("init", "check", "build", "serve", "diff", "new", "add")
MISSING = ("dossier: error: no config.yaml in this folder; run `dossier init` to start a dossier, or cd into one, "
           "or pass --config PATH\n")


@pytest.mark.parametrize("args", [["new", "source", "x"], ["check"], ["build"], ["serve"], ["new", "claim"],
                                  ["add", "page.html"]])
def test_missing_config_is_one_line_suggesting_init(cli: Callable[..., Run], tmp_path: Path,
                                                    args: list[str]) -> None:
    run = cli(*args, cwd=tmp_path)
    assert (run.code, run.out, run.err) == (2, "", MISSING)
    assert list(tmp_path.iterdir()) == []


def test_missing_config_given_with_config(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("check", "--config", "elsewhere/config.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.err.startswith("dossier: error: no config.yaml at elsewhere/config.yaml; run `dossier init`")


def test_no_arguments_prints_what_next(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli(cwd=tmp_path)
    assert run.code == 2 and run.err == ""
    for command in COMMANDS:
        assert f"dossier {command}" in run.out
    assert "--help" in run.out and "usage:" not in run.out


def test_every_command_has_an_example_in_its_help() -> None:
    subcommands = next(action for action in _parser()._actions if action.choices and "init" in action.choices)
    assert sorted(subcommands.choices) == sorted(COMMANDS)
    for name, parser in subcommands.choices.items():
        help_text = parser.format_help()
        assert "\nexample:\n  dossier " + name in help_text, name
