"""config.yaml through the command line: configuration mistakes are exit 2 with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFIG = "title: Harbour fund inquiry\nlanguage: en\n"


def test_missing_config_is_a_usage_error(cli, tmp_path):
    run = cli("check", cwd=tmp_path)
    assert run.code == 2
    assert "config.yaml" in run.err
    assert "--config" in run.err
    assert "Traceback" not in run.err


def test_missing_config_given_with_option_is_a_usage_error(dossier, cli):
    run = cli("check", "--config", "elsewhere/config.yaml", cwd=dossier())
    assert run.code == 2
    assert "elsewhere" in run.err


def test_a_folder_given_as_the_config_names_the_file_to_pass(dossier, cli):
    root = dossier()
    run = cli("check", "--config", str(root), cwd=root.parent)
    assert run.code == 2
    assert f"{root} is a folder, not a config.yaml file (pass the file: --config {root / 'config.yaml'})" in run.err


def test_a_folder_named_config_yaml_is_not_reported_as_missing(cli, tmp_path):
    (tmp_path / "config.yaml").mkdir()
    run = cli("check", cwd=tmp_path)
    assert run.code == 2
    assert run.lines == ["config.yaml:1:1: error: config.yaml is a folder, not a config.yaml file"]


@pytest.mark.parametrize(("line", "expected"), [
    ("output_dri: public\n", "config.yaml:3:1: error: unknown key 'output_dri' in config.yaml (did you mean "
                             "'output_dir'?)"),
    ("tittle: x\n", "config.yaml:3:1: error: unknown key 'tittle' in config.yaml (did you mean 'title'?)"),
    ("base-url: https://x.example/\n", "config.yaml:3:1: error: unknown key 'base-url' in config.yaml (did you mean "
                                       "'base_url'?)"),
])
def test_unknown_key_is_a_usage_error_with_did_you_mean(dossier, cli, line, expected):
    run = cli("check", cwd=dossier({"config.yaml": CONFIG + line}))
    assert run.code == 2
    assert run.lines == [expected]


@pytest.mark.parametrize("config", ["", "# just a comment\n", "title: [a, b]\n", "language: en\n",
                                    "title: x\ntitle: y\n", "title: x\nbase_url: ftp://x.example/\n",
                                    "title: x\nmentions: yes\n", "title: x\nlink_style: dirs\n",
                                    "- title: x\n", "title: !!python/object/apply:os.getcwd []\n",
                                    'title: x\noutput_dir: "site\\nx"\n',
                                    "title: x\nbase_url: https://x.example/d#top\n"])
def test_bad_config_is_a_usage_error(dossier, cli, config):
    run = cli("check", cwd=dossier({"config.yaml": config}))
    assert run.code == 2
    assert run.lines and all(line.startswith("config.yaml:") for line in run.lines)
    assert "Traceback" not in run.err


@pytest.mark.parametrize("output_dir", [".", "./", "..", "../..", "content", "content/", "./content",
                                        "content/site", "content/people", "templates", "templates/out",
                                        "site/..", "../dossier"])
def test_output_dir_that_a_build_would_destroy_is_refused(dossier, cli, output_dir):
    root = dossier({"config.yaml": CONFIG + f"output_dir: '{output_dir}'\n"})
    (root / "templates").mkdir(exist_ok=True)
    run = cli("check", cwd=root)
    assert run.code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("config.yaml:3:13: error: ")
    assert "output_dir" in run.lines[0]


def test_output_dir_holding_the_project_by_absolute_path_is_refused(dossier, cli):
    root = dossier()
    (root / "config.yaml").write_text(CONFIG + f"output_dir: '{root.parent}'\n")
    run = cli("check", cwd=root)
    assert run.code == 2
    assert "output_dir" in run.err
    assert "Traceback" not in run.err


def test_output_dir_that_is_a_symlink_to_the_project_is_refused(dossier, cli):
    root = dossier({"config.yaml": CONFIG + "output_dir: out\n"})
    (root / "out").symlink_to(root, target_is_directory=True)
    run = cli("check", cwd=root)
    assert run.code == 2
    assert "output_dir" in run.err


def test_output_dir_respects_a_custom_content_dir(dossier, cli):
    root = dossier({"config.yaml": CONFIG + "content_dir: data\noutput_dir: data/site\n"})
    (root / "content").rename(root / "data")
    run = cli("check", cwd=root)
    assert run.code == 2
    assert "output_dir" in run.err


@pytest.mark.parametrize("output_dir", ["config.yaml", "content/people/ana-lind.yaml"])
def test_output_dir_that_is_an_existing_file_is_refused(dossier, cli, output_dir):
    run = cli("check", cwd=dossier({"config.yaml": CONFIG + f"output_dir: {output_dir}\n"}))
    assert run.code == 2
    assert "output_dir" in run.err


@pytest.mark.parametrize("output_dir", ["public", "build/site", "site", "content-site"])
def test_output_dir_of_its_own_is_fine(dossier, cli, output_dir):
    run = cli("check", cwd=dossier({"config.yaml": CONFIG + f"output_dir: {output_dir}\n"}))
    assert run.code == 0, run.err
    assert run.lines == []


def test_config_option_from_another_folder(dossier, cli, tmp_path):
    root = dossier()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = cli("check", "--config", str(Path("..") / root.name / "config.yaml"), cwd=elsewhere)
    assert run.code == 0, run.err
    assert run.lines == []
    assert "checked 2 sources, 3 people, 2 agencies, 1 figure, 3 claims" in run.err


def test_config_option_reports_content_errors_of_that_dossier(dossier, cli, tmp_path):
    root = dossier({"content/people/ana-lind.yaml": "name: Ana Lind\nname: Anna\n"})
    run = cli("check", "--config", str(root / "config.yaml"), cwd=tmp_path)
    assert run.code == 1
    assert run.lines[0].startswith("content/people/ana-lind.yaml:2:1: error: duplicate key 'name'")


def test_missing_content_folder_is_a_usage_error(dossier, cli):
    root = dossier({"config.yaml": CONFIG + "content_dir: nowhere\n"})
    run = cli("check", cwd=root)
    assert run.code == 2
    assert "nowhere" in run.err


@pytest.mark.parametrize("key", ["output_dir", "content_dir", "templates_dir"])
def test_a_folder_that_is_a_symlink_loop_is_reported_not_a_crash(dossier, cli, key):
    root = dossier()
    (root / "t").mkdir()
    (root / "t" / "loop").symlink_to("loop")
    with (root / "config.yaml").open("a") as config:
        config.write(f"{key}: t/loop\n")
    result = cli("build", cwd=root)
    assert result.code != 3
    assert "Traceback" not in result.err and "bug in dossier" not in result.err
