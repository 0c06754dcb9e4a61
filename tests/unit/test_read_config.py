"""config.yaml (generator/read/config.py): every setting but `title` has a default, a bad value is an
error at its position, and an output folder that a build could not safely replace is refused. Each
test writes one config.yaml (and at most a folder or two) into tmp_path; nothing is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.diagnostics import Span
from generator.core.layout import MARKER
from generator.core.model import Config
from generator.read.config import DEFAULTS, load_config


def loaded(tmp_path: Path, text: str, revision: bool = False):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, revision)


def test_a_title_alone_takes_every_default(tmp_path):
    config, problems = loaded(tmp_path, "title: Harbour fund\n")
    assert problems == []
    assert config == Config(title="Harbour fund", **DEFAULTS)
    assert (config.output_dir, config.link_style, config.mentions, config.publish_captures) == (
        "site", "file", True, False)


def test_settings_as_written_replace_the_defaults(tmp_path):
    text = ("title: T\nlanguage: de\nbase_url: https://example.org/fund\nlink_style: directory\nmentions: false\n"
            "output_dir: public\npublish_captures: true\n")
    config, problems = loaded(tmp_path, text)
    assert problems == [] and config is not None
    assert config.base_url == "https://example.org/fund/"  # a base ends in /
    assert (config.language, config.link_style, config.mentions, config.output_dir, config.publish_captures) == (
        "de", "directory", False, "public", True)


def test_a_config_without_a_title_is_an_error(tmp_path):
    config, [problem] = loaded(tmp_path, "language: en\n")
    assert config is None
    assert problem.is_error and "title" in problem.message


def test_a_folder_setting_must_name_a_folder(tmp_path):
    config, [problem] = loaded(tmp_path, "title: T\noutput_dir: .\n")
    assert config is None
    assert (problem.code, problem.message) == ("config.folder", "'output_dir' must name a folder, not '.'")


@pytest.mark.parametrize(("line", "code", "col"), [
    ("base_url: https://example.org/?page=1", "url.base", 11),
    ("language: english language", "value.language", 11),
    ("link_style: folders", "value.unknown", 13),
    ("mentions: perhaps", "type.boolean", 11),
    ("output_dir: ./", "config.folder", 13),
])
def test_a_bad_value_is_an_error_at_its_position(tmp_path, line, code, col):
    config, problems = loaded(tmp_path, f"title: T\n{line}\n")
    assert config is None
    assert [(problem.code, problem.span) for problem in problems] == [(code, Span("config.yaml", 2, col))]


def test_an_unknown_setting_is_an_error_naming_the_nearest_one(tmp_path):
    config, [problem] = loaded(tmp_path, "title: T\nlink_styles: file\n")
    assert config is None
    assert problem.span.line == 2 and problem.hint is not None and "link_style" in problem.hint


def test_a_missing_empty_or_folder_config_says_what_to_do(tmp_path):
    config, [missing] = load_config(tmp_path / "config.yaml")
    assert config is None and missing.code == "config.missing"
    assert missing.hint == "run dossier in the dossier's folder, or pass --config PATH"
    (tmp_path / "config.yaml").write_text("title: T\n", encoding="utf-8")
    _, [folder] = load_config(tmp_path)
    assert folder.code == "config.missing" and folder.hint == f"pass the file: --config {tmp_path / 'config.yaml'}"
    _, [empty] = loaded(tmp_path, "# nothing yet\n")
    assert empty.code == "config.empty"


@pytest.mark.parametrize(("output_dir", "words"), [
    ("../{project}", "is the project folder or holds it"),
    ("../{project}/..", "is the project folder or holds it"),
    ("content", "is the content folder or holds it"),
    ("templates/site", "is inside the templates folder"),
])
def test_an_output_folder_that_is_or_holds_or_is_inside_the_dossier_is_refused(tmp_path, output_dir, words):
    config, [problem] = loaded(tmp_path, f"title: T\noutput_dir: {output_dir.format(project=tmp_path.name)}\n")
    assert config is None
    assert problem.code == "config.output-dir" and words in problem.message
    assert problem.span == Span("config.yaml", 2, 13)


def test_an_output_folder_not_made_by_dossier_is_refused_unless_empty(tmp_path):
    (tmp_path / "site").mkdir()
    assert loaded(tmp_path, "title: T\n")[0] is not None
    (tmp_path / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    config, [problem] = loaded(tmp_path, "title: T\n")
    assert config is None and "was not made by dossier" in problem.message
    (tmp_path / "site" / MARKER).write_text("", encoding="utf-8")
    assert loaded(tmp_path, "title: T\n")[0] is not None


def test_an_output_folder_that_is_a_file_or_a_git_repository_is_refused(tmp_path):
    (tmp_path / "site").write_text("a file", encoding="utf-8")
    assert "is an existing file" in loaded(tmp_path, "title: T\n")[1][0].message
    (tmp_path / "public" / ".git").mkdir(parents=True)
    assert "is a git repository" in loaded(tmp_path, "title: T\noutput_dir: public\n")[1][0].message


def test_a_revision_s_folders_must_lie_inside_it(tmp_path):
    config, problems = loaded(tmp_path, "title: T\ncontent_dir: ../elsewhere\ntemplates_dir: /etc\n", revision=True)
    assert config is None
    assert [(problem.code, problem.span.line) for problem in problems] == [
        ("config.folder-outside", 2), ("config.folder-outside", 3)]


def test_a_revision_s_output_folder_is_not_looked_for(tmp_path):
    (tmp_path / "site").write_text("a file", encoding="utf-8")
    config, problems = loaded(tmp_path, "title: T\n", revision=True)
    assert config is not None and problems == []
