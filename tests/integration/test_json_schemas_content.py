"""The editors' JSON Schemas against real files: every record of the sample dossier and of the test
fixtures validates, and every mistake of the error cases that a schema can see is rejected by them.

Files are read as an editor's YAML 1.2 language server reads them (support/yaml12.py): PyYAML's
safe loader alone is YAML 1.1, where `date: 2014-11-20` is a date object and `NO` is false, so it
would test types no editor sees.
"""

from __future__ import annotations

import json
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from support.dossiers import FIXTURES, REPO
from support.yaml12 import load
from test_error_cases import CASES

from generator.core.kinds import AGENCY, CLAIM, FIGURE, PERSON, SOURCE
from generator.read.json_schemas import json_schemas
from generator.read.load import split_front_matter

SCHEMAS = json_schemas()
SCHEMA_OF_FOLDER = {PERSON.folder: "person.schema.json", AGENCY.folder: "agency.schema.json",
                    FIGURE.folder: "figure.schema.json", CLAIM.folder: "claims.schema.json",
                    SOURCE.folder: "source.schema.json"}
DOSSIERS = {"sample": REPO, "complete": FIXTURES / "complete"}


def schema_name(rel: str) -> str | None:
    """The schema of a dossier's file, as `dossier init` maps them by folder; None for other files."""
    if rel == "config.yaml":
        return "config.schema.json"
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != "content" or parts[1] not in SCHEMA_OF_FOLDER:
        return None
    suffix = (".txt", ".md") if parts[1] == SOURCE.folder else (".yaml",)
    return SCHEMA_OF_FOLDER[parts[1]] if parts[2].endswith(suffix) else None


def document(rel: str, text: str) -> Any:
    """What the editor validates: the YAML of a record file, or a source's front matter."""
    if schema_name(rel) != "source.schema.json":
        return load(text)
    split = split_front_matter(text, rel)
    if not isinstance(split, tuple):
        raise yaml.YAMLError(f"{rel} has no front matter")
    return load(split[0])


def errors(rel: str, text: str, draft: type[Any] = jsonschema.Draft202012Validator) -> list[str]:
    name = schema_name(rel)
    assert name is not None
    validator = draft(SCHEMAS[name])
    return [f"{rel}: {error.json_path}: {error.message}" for error in validator.iter_errors(document(rel, text))]


def files_of(root: Path) -> list[str]:
    return ["config.yaml"] + sorted(path.relative_to(root).as_posix() for path in (root / "content").glob("*/*")
                                    if schema_name(path.relative_to(root).as_posix()))


@pytest.mark.parametrize("name", DOSSIERS)
def test_every_record_of_the_sample_and_the_fixtures_validates(name):
    root = DOSSIERS[name]
    files = files_of(root)
    assert len(files) > 10
    for rel in files:
        assert errors(rel, (root / rel).read_text(encoding="utf-8")) == []
        assert errors(rel, (root / rel).read_text(encoding="utf-8"), jsonschema.Draft7Validator) == []


SCHEMA_LEVEL = {
    "unknown-key": "an unknown key (additionalProperties)",
    "missing-key": "a required key left out",
    "wrong-type": "text where a list is wanted, a list where text is",
    "bad-claim-id": "an id that is not lowercase words joined by hyphens (pattern)",
    "value-without-figure": "a value without its figure, a figure without its value (dependentRequired)",
    "non-numeric": "a value written as words, quoted, or with separators: text, not a number",
    "enum": "a kind, status or qualifier not among the choices",
    "dates": "a date written as words (pattern)",
    "url": "a URL that is not http(s), a language that is not a tag (patterns)",
    "number-too-long": "a number past 10^18 (maximum)",
    "text-too-long": "a name past 500 characters (maxLength)",
    "empty": "an empty file: no mapping at all",
}
"""The error cases (integration/test_error_cases.py) whose mistake a schema sees: at least one of
their changed files is rejected."""

NOT_SCHEMA_LEVEL = {
    "yaml-syntax": "invalid YAML: the editor's parser reports it, before any schema",
    "tab": "invalid YAML, as above",
    "duplicate-key": "the editor's YAML parser reports a duplicate key itself",
    "bad-id-stem": "the file's name, which a schema of its content cannot see",
    "duplicate-claim-id": "ids unique across claims: JSON Schema cannot compare items by one key",
    "collision": "ids unique across folders: a cross-record check",
    "dangling": "unknown ids: references between records",
    "dangling-agency-parent": "unknown ids, as above",
    "bad-range": "a range's ends in the wrong order: JSON Schema cannot compare two values",
    "non-utf8": "the file's encoding, before any YAML",
    "no-front-matter": "a source without front matter: no YAML to check",
    "unclosed-front-matter": "unclosed front matter, as above",
    "quote-not-found": "a quote not in its source: a cross-record check",
    "wrong-place": "files in the wrong folder, which no schema is mapped to",
    "tags-alias": "YAML tags and anchors: the YAML itself, not its values",
    "bidi-in-text-body": "a source's body, not its front matter",
    "warnings": "warnings only: the records are valid",
    "comment-in-code-kept": "a warning only",
    "norway": "valid: `NO`, `01234` and `10:00` are text to the dossier (and any scalar is text to the schemas)",
}
"""The error cases a schema cannot see (or that are valid): none of their changed files that an
editor can parse is rejected, so the schemas never flag what `dossier check` accepts for them."""


def _case_errors(files: dict[str, str | bytes | None], draft: type[Any] = jsonschema.Draft202012Validator
                 ) -> list[str]:
    """The schemas' errors for a case's changed files that an editor could read as YAML."""
    found: list[str] = []
    for rel, text in files.items():
        if not isinstance(text, str) or schema_name(rel) is None:
            continue
        try:
            found += errors(rel, text, draft)
        except yaml.YAMLError:
            continue
    return found


def test_every_error_case_is_listed_as_schema_level_or_not():
    assert {case.id for case in CASES} == SCHEMA_LEVEL.keys() | NOT_SCHEMA_LEVEL.keys()
    assert not SCHEMA_LEVEL.keys() & NOT_SCHEMA_LEVEL.keys()


def _cases(listed: dict[str, str]) -> list[Any]:
    """The error cases named in `listed`, as (id, changed files, exit code)."""
    return [pytest.param(case.id, case.values[0], case.values[1], id=case.id) for case in CASES if case.id in listed]


@pytest.mark.parametrize(("name", "files", "exit_code"), _cases(SCHEMA_LEVEL))
def test_the_schemas_reject_each_schema_level_mistake(name, files, exit_code):
    """Read by Draft 2020-12, and by the draft-07 that yaml-language-server implements."""
    assert exit_code == 1
    assert _case_errors(files), f"the schemas accept {name}: {SCHEMA_LEVEL[name]}"
    assert _case_errors(files, jsonschema.Draft7Validator), f"draft-07 accepts {name}"


@pytest.mark.parametrize(("name", "files", "exit_code"), _cases(NOT_SCHEMA_LEVEL))
def test_the_schemas_accept_what_only_the_validator_can_find_wrong(name, files, exit_code):
    assert _case_errors(files) == []


def _schema_for(root: Path, rel: str) -> Path:
    """The schema file the editor uses for `rel`: the one its first line names, else the one
    `.vscode/settings.json` maps its folder to (as yaml-language-server looks them up)."""
    first = (root / rel).read_text(encoding="utf-8").splitlines()[0]
    if first.startswith("# yaml-language-server: $schema="):
        return ((root / rel).parent / first.split("=", 1)[1]).resolve()
    mapping = json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    matching = [schema for schema, globs in mapping.items() if any(fnmatch(rel, glob) for glob in globs)]
    assert len(matching) == 1, f"{rel} is mapped to {matching}"
    return (root / matching[0]).resolve()


def test_a_new_dossiers_files_validate_against_the_schemas_the_editor_finds(cli, tmp_path):
    """`dossier init` and `dossier new`, then each file checked as the editor would: with the schema
    it names or is mapped to, read from the dossier's own schemas/ folder."""
    root = tmp_path / "d"
    assert cli("init", "d", cwd=tmp_path).code == 0
    for args in (("person", "Ana Lind"), ("agency", "Harbour Fund"), ("figure", "Money lost"),
                 ("claim", "--source", "gazette", "--by", "ana-lind")):
        assert cli("new", *args, cwd=root).code == 0
    files = files_of(root)
    assert len(files) == 5
    for rel in files:
        schema_file = _schema_for(root, rel)
        assert schema_file.parent == (root / "schemas").resolve()
        assert schema_file.name == schema_name(rel)
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        assert schema == SCHEMAS[schema_file.name]
        text = (root / rel).read_text(encoding="utf-8")
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(document(rel, text))) == [], rel
        mistaken = document(rel, text)
        (mistaken[0] if isinstance(mistaken, list) else mistaken)["nmae"] = "x"
        assert not jsonschema.Draft202012Validator(schema).is_valid(mistaken), rel


@pytest.mark.parametrize(("config", "schema_level"), [
    ("", True), ("# just a comment\n", True), ("title: [a, b]\n", True), ("language: en\n", True),
    ("title: x\nbase_url: ftp://x.example/\n", True), ("title: x\nmentions: yes\n", True),
    ("title: x\nlink_style: dirs\n", True), ("- title: x\n", True),
    ("title: x\nbase_url: https://x.example/d#top\n", True), ("title: x\noutput_dri: public\n", True),
    ("title: x\ntitle: y\n", False),  # a duplicate key: the editor's YAML parser reports it
    ('title: x\noutput_dir: "site\\nx"\n', False),  # a control character in a folder's name
], ids=lambda value: value if isinstance(value, bool) else repr(value)[:30])
def test_the_config_mistakes_of_test_config_are_rejected_where_a_schema_sees_them(config, schema_level):
    """integration/test_config.py's bad config.yaml files, each an error of `dossier check`."""
    assert bool(errors("config.yaml", config)) is schema_level
