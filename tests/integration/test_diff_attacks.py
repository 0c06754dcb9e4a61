"""A pull request cannot steer its own review: `dossier diff` against real git repositories whose
commits try to choose the baseline (H2), hide or rewrite files through `.gitattributes` or run
local filters (M1), or reach the host through symbolic links, submodules, odd tree entries or a
`content_dir` outside the revision (M2); and the Git LFS pointers that raw blobs show."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from support.dossiers import FIXTURES
from support.git import Repo, field, record, run_json

from generator.read.gitrev import LfsPointer, lfs_pointer

VALUE = ("content/claims/audit.yaml", "  value: 2000000\n", "  value: 3000000\n")
"""A claim's value, changed by every pull request here."""
NEW_CLAIM = """- id: zz-fabricated
  statement: The fund lost nothing.
  about: [harbour-fund]
  date: 2021-03-04
  citations:
    - source: gazette-2021-03-04-harbour-fund
      quote: the Harbour Fund
"""


def pull_request(repo: Repo, files: dict[str, str | None] | None = None) -> None:
    """Branch `pr` off main: the claim's value changed, plus `files`, committed."""
    repo.git("checkout", "-q", "-b", "pr")
    repo.edit(*VALUE)
    repo.write(files or {})
    repo.commit("The pull request")


def value_change(data: dict) -> tuple:
    change = field(record(data, "claim", "berg-fund-lost-2-million"), "value")
    return change["old"]["value"], change["new"]["value"]


def mktree(repo: Repo, listing: str) -> str:
    """A tree made from `git ls-tree -z` lines, which may hold what git itself never writes."""
    return subprocess.run(["git", "mktree", "-z", "--missing"], cwd=repo.root, input=listing, capture_output=True,
                          text=True, check=True).stdout.strip()


def commit_tree(repo: Repo, entries: list[tuple[str, str, str, str]], message: str) -> None:
    """Branch `crafted`: a commit on top of HEAD whose tree is HEAD's plus `entries` (mode, type,
    object, name) at the top."""
    extra = "".join(f"{mode} {kind} {oid}\t{name}\0" for mode, kind, oid, name in entries)
    tree = mktree(repo, repo.git("ls-tree", "-z", "HEAD") + extra)
    repo.git("update-ref", "refs/heads/crafted", repo.git("commit-tree", tree, "-p", "HEAD", "-m", message).strip())


def blob(repo: Repo, data: str) -> str:
    return subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo.root, input=data, capture_output=True,
                          text=True, check=True).stdout.strip()


def problems_at(data: dict, path: str) -> list[tuple[str, str, str]]:
    """(code, change, severity) of the loose problems located in `path`."""
    return [(p["code"], p["change"], p["severity"]) for p in data["problems"] if p["location"].startswith(path)]


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder revisions are written to, watched: it must be empty after every diff."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


# H2: the baseline is the revision named, never a folder of that name --------------------------------


@pytest.mark.parametrize("name", ["origin/main", "main"])
def test_a_committed_folder_named_like_the_base_is_not_the_base(repo, cli, name):
    pull_request(repo)
    repo.git("update-ref", "refs/remotes/origin/main", "main")
    decoy = repo.root / name
    decoy.mkdir(parents=True)
    shutil.copy(FIXTURES / "complete" / "config.yaml", decoy)
    shutil.copytree(FIXTURES / "complete" / "content", decoy / "content")
    shutil.copy(repo.root / VALUE[0], decoy / VALUE[0])  # the decoy holds the pull request's own value
    repo.commit("A decoy baseline")
    data = run_json(cli, repo, name)
    assert data["base"]["revision"] == repo.git("rev-parse", "main").strip()
    assert value_change(data) == (2000000, 3000000)
    markdown = cli("diff", name, "--format", "markdown", cwd=repo.root)
    assert "no change in what the dossier says" not in markdown.out
    folder = run_json(cli, repo, f"./{name}")
    # one warning: the pull request's 3,000,000 is not stated by its quote
    assert folder["base"] == {"label": f"./{name}", "revision": None, "exists": True, "errors": 0, "warnings": 1}
    assert folder["changed"] is False


def test_a_folder_is_written_as_a_path(repo, cli, tmp_path):
    pull_request(repo)
    old = shutil.copytree(FIXTURES / "complete", tmp_path / "old")
    for spec, cwd in [(str(old), repo.root), ("../old", tmp_path / "elsewhere"), ("./old", tmp_path)]:
        (tmp_path / "elsewhere").mkdir(exist_ok=True)
        run = cli("diff", "--format", "json", spec, str(repo.root), cwd=cwd)
        assert run.code == 1, run.err
        assert value_change(json.loads(run.out)) == (2000000, 3000000)
    config_file = cli("diff", "--format", "json", "./old/config.yaml", str(repo.root), cwd=tmp_path)
    assert config_file.code == 1, config_file.err


def test_an_argument_that_is_neither_is_exit_2_in_one_line(repo, cli, tmp_path):
    (repo.root / "notes").mkdir()
    run = cli("diff", "notes", cwd=repo.root)
    assert run.code == 2 and run.out == ""
    assert run.err == (f"dossier diff: error: revision 'notes' not found in {repo.root}; "
                       "to compare with the folder 'notes', write ./notes\n")
    missing = cli("diff", "./nowhere", cwd=repo.root)
    assert missing.code == 2 and missing.err == "dossier diff: error: folder './nowhere' not found\n"
    shutil.copytree(FIXTURES / "complete", tmp_path / "base")
    shutil.copytree(FIXTURES / "complete", tmp_path / "head")
    outside = cli("diff", "base", "head", cwd=tmp_path)
    assert outside.code == 2 and len(outside.err.splitlines()) == 1
    assert "to compare with the folder 'base', write ./base" in outside.err
    assert cli("diff", "./base", "./head", cwd=tmp_path).code == 0


# M1: attributes, filters and hooks have no say ---------------------------------------------------


def test_gitattributes_cannot_hide_or_rewrite_a_file(repo, cli):
    pull_request(repo, {
        "content/claims/zz-new.yaml": NEW_CLAIM,
        "content/sources/gazette-2021-03-04-harbour-fund.txt":
            (repo.root / "content/sources/gazette-2021-03-04-harbour-fund.txt").read_text(encoding="utf-8")
            + "\nRevision $Format:%H$ of $Format:%an$.\n",
        ".gitattributes": "content/claims/zz-new.yaml export-ignore\n*.txt export-subst\n"
                          "content/claims/audit.yaml export-ignore\n",
    })
    data = run_json(cli, repo, "main", "pr")
    assert record(data, "claim", "zz-fabricated")["status"] == "added"
    assert value_change(data) == (2000000, 3000000)
    body = field(record(data, "source", "gazette-2021-03-04-harbour-fund"), "body")
    assert "Revision $Format:%H$ of $Format:%an$." in json.dumps(body)


def test_local_filters_do_not_run(repo, cli, tmp_path):
    pull_request(repo, {".gitattributes": "* filter=marker\n"})
    marker = tmp_path / "smudged"
    repo.git("config", "filter.marker.smudge", f"touch '{marker}'; cat")
    repo.git("config", "filter.marker.process", f"touch '{marker}'; false")
    repo.git("config", "filter.marker.required", "true")
    data = run_json(cli, repo, "main", "pr")
    assert value_change(data) == (2000000, 3000000)
    assert not marker.exists()


# M2: nothing of the host is read, nothing is dropped -----------------------------------------------


def test_a_committed_symbolic_link_is_an_error_where_it_is(repo, cli, scratch):
    pull_request(repo)
    for name, target in [("content/sources/passwd.txt", "/etc/passwd"), ("content/people/root.yaml", "../../x"),
                         ("content/figures", "/etc")]:
        path = repo.root / name
        if path.is_dir():
            shutil.rmtree(path)
        path.symlink_to(target)
    repo.commit("Links")
    data = run_json(cli, repo, "main", "pr")
    for name in ("content/sources/passwd.txt", "content/people/root.yaml", "content/figures"):
        assert problems_at(data, name) == [("fs.symlink", "new", "error")], name
    assert data["head"]["errors"] >= 3
    markdown = cli("diff", "main", "pr", "--format", "markdown", cwd=repo.root).out
    assert "`content/sources/passwd.txt:1:1`" in markdown and "symbolic links are not allowed" in markdown
    assert "root:x:0" not in markdown
    assert list(scratch.iterdir()) == []


def test_a_committed_symbolic_link_for_config_yaml_is_exit_2(repo, cli, scratch):
    pull_request(repo)
    (repo.root / "config.yaml").unlink()
    (repo.root / "config.yaml").symlink_to(FIXTURES / "complete" / "config.yaml")
    repo.commit("config.yaml elsewhere")
    run = cli("diff", "main", "pr", cwd=repo.root)
    assert run.code == 2 and "pr (" in run.err and "config.yaml is a symbolic link" in run.err
    assert list(scratch.iterdir()) == []


def test_a_submodule_in_content_is_an_error_where_it_is(repo, cli):
    pull_request(repo)
    commit = repo.git("rev-parse", "HEAD").strip()
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{commit},content/sources/archive")
    repo.git("commit", "-q", "-m", "A submodule")
    data = run_json(cli, repo, "main", "pr")
    assert problems_at(data, "content/sources/archive") == [("fs.submodule", "new", "error")]


@pytest.mark.parametrize("setting", ["content_dir: /etc", "content_dir: ../../etc", "templates_dir: /usr/share",
                                     "content_dir: content/../../outside"])
def test_folders_outside_the_revision_are_errors_of_that_side(repo, cli, scratch, setting):
    pull_request(repo)
    config = repo.root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + setting + "\n", encoding="utf-8")
    repo.commit("Look elsewhere")
    run = cli("diff", "main", "pr", "--format", "markdown", cwd=repo.root)
    assert run.code == 2 and run.out == ""
    line = len(config.read_text(encoding="utf-8").splitlines())
    key = setting.split(":")[0]
    assert run.err.startswith("dossier diff: error: pr (")
    assert f"config.yaml:{line}:" in run.err and f"'{key}' must be a folder inside the revision" in run.err
    assert "unknown folder" not in run.err and "passwd" not in run.err
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("setting", ["output_dir: /etc", "output_dir: ../../srv"])
def test_a_revisions_output_dir_is_not_looked_for_on_this_machine(repo, cli, setting):
    """A revision's site is never written, so its output_dir can neither fail the diff nor tell the
    pull request anything about this machine's folders."""
    pull_request(repo)
    config = repo.root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + setting + "\n", encoding="utf-8")
    repo.commit("Output elsewhere")
    run = cli("diff", "main", "pr", "--format", "json", cwd=repo.root)
    assert run.code == 1, run.err
    assert value_change(json.loads(run.out)) == (2000000, 3000000)


def test_a_content_dir_through_a_committed_link_reads_nothing_of_the_host(repo, cli, scratch):
    pull_request(repo)
    (repo.root / "x").symlink_to("/etc")
    config = repo.root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "content_dir: x/ssl\n", encoding="utf-8")
    repo.commit("Through a link")
    run = cli("diff", "main", "pr", cwd=repo.root)
    assert run.code == 2 and "content folder 'x/ssl' not found" in run.err
    assert "certs" not in run.err and "unknown folder" not in run.err


def test_tree_entries_that_climb_out_are_refused(repo, cli, scratch, tmp_path):
    escaped = "escaped-by-dossier-diff.txt"
    leaf = mktree(repo, f"100644 blob {blob(repo, 'written outside')}\t{escaped}\0")
    up = mktree(repo, f"040000 tree {leaf}\t..\0")
    commit_tree(repo, [("040000", "tree", up, "..")], "Climb out")
    run = cli("diff", "main", "crafted", cwd=repo.root)
    assert run.code == 2 and "'../../escaped-by-dossier-diff.txt'" in run.err and "not allowed" in run.err
    assert not (scratch / escaped).exists() and not (tmp_path / escaped).exists()
    assert list(scratch.iterdir()) == []


def test_a_file_missing_from_the_repository_is_exit_2(repo, cli, scratch):
    commit_tree(repo, [("100644", "blob", "1" * 40, "lost.txt")], "A file whose content was never fetched")
    run = cli("diff", "main", "crafted", cwd=repo.root)
    assert run.code == 2
    assert run.err == f"dossier diff: error: git cat-file cannot read 'lost.txt' ({'1' * 40}): missing\n"
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(("folder", "link"), [("harbour", "harbour"), ("dossiers/harbour", "dossiers"),
                                             ("dossiers/harbour", "dossiers/harbour")])
def test_the_dossier_folder_as_a_link_in_a_revision_is_exit_2(git_env, cli, tmp_path, folder, link):
    repo = Repo(tmp_path / "newsroom")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    (repo.root / link).parent.mkdir(parents=True, exist_ok=True)
    (repo.root / link).symlink_to("/etc")
    repo.commit("A link where the dossier will be")
    repo.git("checkout", "-q", "-b", "dossier")
    (repo.root / link).unlink()
    shutil.copytree(FIXTURES / "complete", repo.root / folder)
    repo.commit("The dossier")
    run = cli("diff", "main", cwd=repo.root / folder)
    assert run.code == 2 and f"'{link}' is a symbolic link, not a folder" in run.err
    same = cli("diff", "--format", "json", "dossier", cwd=repo.root / folder)
    assert same.code == 0 and json.loads(same.out)["base"]["exists"] is True


# Git LFS pointers ------------------------------------------------------------------------------------


def pointer_text(data: bytes, extra: str = "") -> str:
    return (f"version https://git-lfs.github.com/spec/v1\n{extra}oid sha256:{hashlib.sha256(data).hexdigest()}\n"
            f"size {len(data)}\n")


def test_an_lfs_pointer_is_read_raw_from_a_revision_and_recognised(repo, cli, scratch):
    capture = b"<html>a large capture</html>\n" * 1000
    pull_request(repo, {"captures/page.html": pointer_text(capture)})
    from generator.read import gitrev

    with gitrev.exported(gitrev.repository(repo.root), repo.git("rev-parse", "pr").strip()) as tree:
        data = (tree.folder / "captures" / "page.html").read_bytes()
    assert lfs_pointer(data) == LfsPointer(hashlib.sha256(capture).hexdigest(), len(capture))
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("text", [
    "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 12\n",
    "version https://hawser.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 12\n",
    "version https://git-lfs.github.com/spec/v1\next-0-foo sha256:" + "b" * 64 + "\noid sha256:" + "a" * 64
    + "\nsize 12\n",
])
def test_lfs_pointers_are_recognised(text):
    assert lfs_pointer(text.encode()) == LfsPointer("a" * 64, 12)


@pytest.mark.parametrize("text", [
    "",
    "hello\n",
    "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 12",  # no final newline
    "version https://git-lfs.github.com/spec/v1\r\noid sha256:" + "a" * 64 + "\r\nsize 12\r\n",
    "version https://git-lfs.github.com/spec/v2\noid sha256:" + "a" * 64 + "\nsize 12\n",
    "version https://git-lfs.github.com/spec/v1\noid sha256:" + "A" * 64 + "\nsize 12\n",
    "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 63 + "\nsize 12\n",
    "version https://git-lfs.github.com/spec/v1\noid md5:" + "a" * 32 + "\nsize 12\n",
    "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize -1\n",
    "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 1e3\n",
    "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\n",
    "version https://git-lfs.github.com/spec/v1\nsize 12\noid sha256:" + "a" * 64 + "\n",  # not sorted
    "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\noid sha256:" + "b" * 64
    + "\nsize 12\n",
    "version https://git-lfs.github.com/spec/v1\noid  sha256:" + "a" * 64 + "\nsize 12\n",
    "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 12\n" + "x" * 1024 + " y\n",
])
def test_other_files_are_not_lfs_pointers(text):
    assert lfs_pointer(text.encode()) is None
    assert lfs_pointer(b"\xff\xfe" + text.encode()) is None
