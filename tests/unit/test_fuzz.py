"""Property tests: whatever bytes a curator (or an attacker) saves, reading them never raises."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import check
from generator.core.diagnostics import Diagnostic
from generator.read.load import RecordFile, SourceFile, parse_record_text, parse_source_text

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "complete"
PERSON = "content/people/x.yaml"
SOURCE = "content/sources/x.txt"

TOKENS = ["---\n", "...\n", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object ", "!x ", "<<: ",
          "2024-02-30", "01234", "NO", "~", "\t", "'", '"', "\\", "\n", "  ", "    ", "name", "title", "roles",
          "aliases", "citations", "quote", "source", "agency", "? ", "|", ">", "|-", "#", "%YAML 1.1\n", "%TAG ",
          "\ufeff", "\u00a0", "\u2028", "\x00", "\x85", "\r", "\u202e", "é", "Ерлан", "😀", "x", "1", "-1.5e3"]

yamlish = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
"""Text made of YAML's own syntax, so that it often gets deep into the parser."""

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_well_formed(parsed: object, problems: list[Diagnostic], path: str, kind: type) -> None:
    assert (parsed is None) == bool(problems)
    assert parsed is None or isinstance(parsed, kind)
    for problem in problems:
        assert problem.is_error
        assert problem.span.path == path
        assert problem.span.line >= 1 and problem.span.col >= 1
        assert problem.message


def parse_both(data: bytes) -> None:
    assert_well_formed(*parse_record_text(data, PERSON, "x", "people"), PERSON, RecordFile)
    assert_well_formed(*parse_source_text(data, SOURCE, "x", "txt"), SOURCE, SourceFile)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data):
    parse_both(data)


@SETTINGS
@given(st.text(max_size=500))
def test_arbitrary_text_never_raises(text):
    parse_both(text.encode("utf-8"))


@SETTINGS
@given(yamlish)
def test_yamlish_text_never_raises(text):
    parse_both(text.encode("utf-8"))
    parse_both(("---\n" + text + "\n---\nbody\n").encode("utf-8"))


@SETTINGS
@given(st.sampled_from(["name: ", "aliases: ", "roles:\n  - ", "description: ", "name: x\nroles: "]), yamlish)
def test_check_of_a_dossier_with_a_random_person_file_never_raises(tmp_path_factory, prefix, text):
    root = tmp_path_factory.mktemp("fuzz") / "dossier"
    shutil.copytree(FIXTURE, root)
    (root / PERSON).write_bytes((prefix + text).encode("utf-8"))
    checked = check(root / "config.yaml")
    assert checked.config is not None
    for diagnostic in checked.diagnostics:
        assert diagnostic.span.path, diagnostic
        assert diagnostic.span.line >= 1 and diagnostic.span.col >= 1, diagnostic
        assert (root / diagnostic.span.path).exists(), diagnostic
    shutil.rmtree(root.parent)
