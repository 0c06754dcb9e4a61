"""The hazard catalogue (research/reliability.md, sections B, C, D, E and J) as a test matrix.

(The inertness of hostile Markdown and HTML in every field, section C's core, is checked page by
page in test_hostile_content.py; here C contributes the inputs that must be refused or survived.)

Every case starts from the complete fixture dossier, builds a good site, keeps a copy of its bytes,
then plants one bad input and runs `python -m generator build` in a real process, as a curator or a
CI job would. A refused input must give the right exit code (1 content, 2 configuration), a
compiler-style `path:line:col: error:` line naming the offending file, no traceback, no raw control
characters on the terminal, and leave the previous site exactly as it was, with no staging folder
left behind. An accepted input (BOM, CRLF, dotfiles, editor temporaries…) must build, and nothing
of what was ignored may reach the site.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.dossiers import ANA, AUDIT, GAZETTE, snapshot, staging_left, tree
from support.edits import Edit, replace, write
from support.processes import Process, dossier_env

PEOPLE = "content/people"
EXTRA = "content/claims/extra.yaml"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
SENTINEL = "SENTINEL-PRIVATE-7f3a"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""C0 controls other than tab and newline: written to a terminal they move the cursor, clear the
screen or retitle the window; a diagnostic must show them escaped (git quotes such paths)."""


# Running dossier as a user does ---------------------------------------------------------------------


def dossier_build(root: Path, umask: int | None = None) -> Process:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, env=dossier_env(),
                          capture_output=True, text=True, encoding="utf-8", errors="surrogateescape", timeout=60,
                          preexec_fn=None if umask is None else (lambda: os.umask(umask)))
    return Process(done, time.monotonic() - started)


_EDITOR_LEFTOVER = re.compile(r"^(.*~|#.*#|4913|\.#.*|.*\.(swp|swo|swx|tmp|bak))$")


def assert_nothing_private_published(site: Path) -> None:
    """J3/J4: only what dossier renders is published; no source file, dotfile or editor temporary."""
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        assert not path.is_symlink(), f"{rel} is a symbolic link"
        assert path.suffix not in (".yaml", ".yml", ".md", ".txt"), f"source file {rel} published"
        assert not path.name.startswith(".") or rel == ".dossier-site", f"dotfile {rel} published"
        assert not _EDITOR_LEFTOVER.match(path.name), f"editor temporary {rel} published"
        if path.is_file():
            assert SENTINEL.encode() not in path.read_bytes(), f"private text published in {rel}"


# Planting bad inputs --------------------------------------------------------------------------------

def symlink(rel: str, target: str) -> Edit:
    """A link to `target`; a target starting with `@` is taken inside the dossier."""
    def setup(root: Path) -> None:
        (root / rel).symlink_to(root / target[1:] if target.startswith("@") else target)
    return setup


def fifo(rel: str) -> Edit:
    return lambda root: os.mkfifo(root / rel)


def folder_replaced_by_a_file(rel: str) -> Edit:
    def setup(root: Path) -> None:
        shutil.rmtree(root / rel)
        (root / rel).write_text("not a folder\n")
    return setup


def steps(*setups: Edit) -> Edit:
    def setup(root: Path) -> None:
        for each in setups:
            each(root)
    return setup


def to_crlf(root: Path) -> None:
    for path in [root / "config.yaml", *(root / "content").rglob("*")]:
        if path.is_file():
            path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def claim(claim_id: str, **extra: str) -> str:
    """A claims file with one claim; `claim_id` and the extra values are written as given (YAML)."""
    lines = [f"- id: {claim_id}", "  statement: Payments were documented."]
    lines += [f"  {key}: {value}" for key, value in extra.items()]
    lines += ["  citations:", "    - source: fund-statement-2021-03", "      quote: All payments", ""]
    return "\n".join(lines)


def output_dir(value: str) -> Edit:
    return replace("config.yaml", "language: en\n", f"language: en\noutput_dir: {value}\n")


def alias_bomb() -> str:
    """The 'billion laughs': nine levels of nine aliases, 10^9 strings once expanded, in 700 bytes."""
    lines = ["name: Ana Lind", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# Extra checks for some cases --------------------------------------------------------------------------


def payload_did_not_run(root: Path, run: Process) -> None:
    assert not (root / "pwned").exists(), "the YAML tag ran a shell command"


def fast(root: Path, run: Process) -> None:
    assert run.seconds < 10, f"took {run.seconds:.1f} s"


def nothing_of(secret_path: str) -> Callable[[Path, Process], None]:
    """The target's text is nowhere in the site (checked when it is long enough not to occur by chance;
    the unchanged site already proves it)."""
    def check(root: Path, run: Process) -> None:
        secret = (root / secret_path).read_bytes().strip()
        for path in (root / "site").rglob("*"):
            if path.is_file():
                assert SENTINEL.encode() not in path.read_bytes(), f"{secret_path} leaked into {path}"
                assert len(secret) < 8 or secret not in path.read_bytes(), f"{secret_path} leaked into {path}"
    return check


def reports(where: str, words: str) -> Callable[[Path, Process], None]:
    """A second diagnostic the same run must print."""
    def check(root: Path, run: Process) -> None:
        lines = run.err.splitlines()
        assert [line for line in lines if line.startswith(f"{where}: error: ") and words in line], run.err
    return check


def folder_untouched(name: str) -> Callable[[Path, Process], None]:
    def check(root: Path, run: Process) -> None:
        assert sorted(p.name for p in (root / name).iterdir()) == ["keep.txt"]
        assert (root / name / "keep.txt").read_text() == "years of work\n"
    return check


# The refused inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    setup: Edit
    code: int
    where: str | re.Pattern[str]
    """`path:line:col` (or `path:line`) a diagnostic must start with, or a pattern one stderr line must match."""
    words: str = ""
    """Words the same line must contain."""
    check: Callable[[Path, Process], None] | None = None


REFUSED = [
    # B1 — PyYAML keeps the last of two equal keys silently; ruamel and strictyaml refuse them.
    pytest.param(Bad(write(ANA, "name: Ana Lind\naliases: [Lind]\nname: Anna Lind\n"), 1,
                     f"{ANA}:3:1", "duplicate key 'name'"), id="B1-duplicate-key"),
    pytest.param(Bad(write(ANA, 'name: Ana Lind\naliases: [Lind]\n"name": Anna Lind\n'), 1,
                     f"{ANA}:3:1", "duplicate key 'name'"), id="B1-duplicate-key-quoted-vs-plain"),
    # PyYAML reads `1:` and `true:` as the same key (1 == True) and keeps one; here both stay text and
    # neither is a key of a person, so both are reported: nothing is lost silently.
    pytest.param(Bad(write(ANA, "name: Ana Lind\n1: one\ntrue: t\n"), 1, f"{ANA}:3:1", "unknown key 'true'",
                     reports(f"{ANA}:2:1", "unknown key '1'")), id="B1-duplicate-key-1-vs-true"),
    pytest.param(Bad(write(ANA, "name: Ana Lind\nroles:\n  - title: Director\n    agency: harbour-fund\n"
                                "    title: Chair\n"), 1, f"{ANA}:5:5", "duplicate key 'title'"),
                 id="B1-duplicate-key-nested"),
    pytest.param(Bad(replace(GAZETTE, "publisher: The Coastal Gazette\n",
                          "publisher: The Coastal Gazette\npublisher: Someone Else\n"), 1,
                     f"{GAZETTE}:4:1", "duplicate key 'publisher'"), id="B1-duplicate-key-in-front-matter"),
    pytest.param(Bad(write("config.yaml", "title: One\ntitle: Two\n"), 2, "config.yaml:2:1", "duplicate key 'title'"),
                 id="B1-duplicate-key-in-config"),
    # B2 — yaml.load/FullLoader ran code (CVE-2017-18342, CVE-2020-14343); safe loaders refuse tags.
    pytest.param(Bad(write(ANA, 'name: !!python/object/apply:os.system ["touch pwned"]\n'), 1,
                     f"{ANA}:1:7", "tags", payload_did_not_run), id="B2-python-object-apply"),
    pytest.param(Bad(write("config.yaml", 'title: !!python/object/apply:os.system ["touch pwned"]\n'), 2,
                     "config.yaml:1:8", "tags", payload_did_not_run), id="B2-python-object-apply-in-config"),
    pytest.param(Bad(replace(GAZETTE, "publisher: The Coastal Gazette", "publisher: !!python/name:os.system"), 1,
                     f"{GAZETTE}:3:12", "tags"), id="B2-python-name-in-front-matter"),
    pytest.param(Bad(write(ANA, "name: !!binary aGVsbG8=\n"), 1, f"{ANA}:1:7", "tags"), id="B2-binary-tag"),
    pytest.param(Bad(write(ANA, "name: Ana Lind\naliases: !include /etc/passwd\n"), 1, f"{ANA}:2:10", "tags"),
                 id="B2-custom-include-tag"),
    # B3 — PyYAML parses a billion-laughs document lazily; expanding it exhausts memory (js-yaml#742,
    # snakeyaml CVE-2017-18640). strictyaml and GitHub Actions refuse anchors and aliases outright.
    pytest.param(Bad(write(ANA, alias_bomb()), 1, f"{ANA}:2:4", "anchors", fast), id="B3-alias-bomb"),
    pytest.param(Bad(write(ANA, "name: &n Ana Lind\naliases: [*n]\n"), 1, f"{ANA}:1:7", "anchors"),
                 id="B3-single-alias"),
    pytest.param(Bad(write(ANA, "name: Ana Lind\naliases: [*n]\n"), 1, f"{ANA}:2:11", "alias"),
                 id="B3-undefined-alias"),
    # B4 — `value` is typed by the schema: a quoted number is text, and an error, never a guess.
    pytest.param(Bad(replace(AUDIT, "value: 2000000", 'value: "2000000"'), 1, f"{AUDIT}:7:10", "value"),
                 id="B4-quoted-number-value"),
    # B5 — PyYAML raises a bare ValueError for 2024-02-30, no file, no line; we check calendar dates.
    pytest.param(Bad(replace(AUDIT, "date: 2021-03-03", "date: 2024-02-30"), 1, f"{AUDIT}:5:9", "2024-02-30"),
                 id="B5-invalid-day"),
    pytest.param(Bad(replace(AUDIT, "as_of: 2020", "as_of: 2023-13"), 1, f"{AUDIT}:9:10", "2023-13"),
                 id="B5-invalid-month"),
    pytest.param(Bad(replace(GAZETTE, "date: 2021-03-04", "date: 2023-13"), 1, f"{GAZETTE}:4:7", "2023-13"),
                 id="B5-invalid-month-in-front-matter"),
    pytest.param(Bad(replace(AUDIT, "date: 2021-03-03", "date: 2021-03-03T10:00:00+02:00"), 1, f"{AUDIT}:5:9", "date"),
                 id="B5-timestamp-with-offset"),
    # B6 — RecursionError at ~500 brackets in pure-Python PyYAML and ruamel escapes `except YAMLError`.
    pytest.param(Bad(write(ANA, "name: " + "[" * 100_000), 1, f"{ANA}:1:38", "nested", fast),
                 id="B6-deep-flow-nesting"),
    pytest.param(Bad(write("content/claims/deep.yaml", "- " * 100_000 + "x\n"), 1, "content/claims/deep.yaml:1:65",
                     "nested", fast), id="B6-deep-block-nesting"),
    # B7 — PyYAML: "found character '\t' that cannot start any token"; we add a hint.
    pytest.param(Bad(write(ANA, "name: Ana Lind\naliases:\n\t- Lind\n"), 1, f"{ANA}:3:1", "tabs"), id="B7-tabs"),
    # B9 — Jekyll died with "invalid byte sequence in UTF-8" and no file; decode strictly, name the byte.
    pytest.param(Bad(replace(GAZETTE, "“We found".encode(), b"\x93We found"), 1, f"{GAZETTE}:11:1", "0x93"),
                 id="B9-cp1252-smart-quote"),
    pytest.param(Bad(write(ANA, b"name: Ana Lind\naliases: [Lind]\ndescription: Caf\xe9 owner.\n"), 1,
                     f"{ANA}:3:17", "0xE9"), id="B9-latin1-e-acute"),
    pytest.param(Bad(write(ANA, "name: Ana Lind\naliases: [Lind]\n".encode("utf-16")), 1, f"{ANA}:1:1", "UTF-16"),
                 id="B9-utf16-with-bom"),
    pytest.param(Bad(write(ANA, "name: Ana\x00Lind\n"), 1, f"{ANA}:1", "NUL"), id="B9-nul-byte"),
    # Found by tests/fuzz/fuzz_loader.py: PyYAML's reader refuses C0 controls with a ReaderError that
    # carries only a character offset; the diagnostic must still point at the character, on one line.
    pytest.param(Bad(write(ANA, "name: Ana Lind\naliases: [Li\x02nd]\n"), 1, f"{ANA}:2:13", "control character"),
                 id="B9-control-character"),
    pytest.param(Bad(replace(GAZETTE, "The Harbour Fund lost", "The Harbour\x1b[2J Fund lost"), 1, f"{GAZETTE}:9:12",
                     "control character U+001B"), id="B9-control-character-in-a-source-text"),
    # B10 — Jekyll crashed sniffing a JPEG for front matter; classify by extension, never decode assets.
    pytest.param(Bad(write("content/people/portrait.png", PNG), 1, "content/people/portrait.png:1:1", ".yaml"),
                 id="B10-png-in-people"),
    pytest.param(Bad(write("content/people/portrait.yaml", PNG), 1, "content/people/portrait.yaml:1:1", "0x89"),
                 id="B10-png-named-yaml"),
    pytest.param(Bad(write("content/sources/scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), 1,
                     "content/sources/scan.pdf:1:1", ".txt or .md"), id="B10-pdf-in-sources"),
    # B11 — PyYAML: "expected a single document in the stream"; a record is one mapping.
    pytest.param(Bad(write(ANA, "name: Ana Lind\n---\nname: Other\n"), 1, f"{ANA}:2:1", "single YAML document"),
                 id="B11-two-documents"),
    # B13 — strictyaml and MkDocs report schema errors with the key's line; unknown keys are typos.
    pytest.param(Bad(replace(GAZETTE, "title: Harbour fund \"lost\" 2 million, auditor says\n", ""), 1,
                     f"{GAZETTE}:2:1", "'title'"), id="B13-missing-title"),
    pytest.param(Bad(replace(GAZETTE, "title:", "tittle:"), 1, f"{GAZETTE}:2:1", "did you mean 'title'"),
                 id="B13-misspelled-key"),
    pytest.param(Bad(replace(GAZETTE, "publisher: The Coastal Gazette", "publisher: [The Coastal Gazette, Berg]"), 1,
                     f"{GAZETTE}:3:12", "must be text"), id="B13-list-where-text-expected"),
    pytest.param(Bad(write(ANA, "aliases: [Lind]\n"), 1, f"{ANA}:1:1", "'name'"), id="B13-person-without-name"),
    pytest.param(Bad(write("content/claims/extra.yaml", "id: x\nstatement: y\n"), 1, f"{EXTRA}:1:1", "list"),
                 id="B13-claims-file-not-a-list"),
    # C3 — Jinja's autoescape does not stop href="javascript:…"; URL fields take http and https only.
    pytest.param(Bad(replace(GAZETTE, "url: https://gazette.example/harbour-fund", "url: javascript:alert(1)"), 1,
                     f"{GAZETTE}:6:6", "http or https"), id="C3-javascript-url-in-front-matter"),
    pytest.param(Bad(replace(GAZETTE, "url: https://gazette.example/harbour-fund",
                          "url: https://gazette.example/harbour-fund\narchive_url: //evil.example/x"), 1,
                     f"{GAZETTE}:7:14", "http or https"), id="C3-protocol-relative-url"),
    # C12 — Trojan Source (CVE-2021-42574): GitHub and rustc flag bidi controls; ids are ASCII only.
    pytest.param(Bad(write(ANA, "name: Ali\u202eec\naliases: [Lind]\n"), 1, f"{ANA}:1:7", "U+202E"),
                 id="C12-bidi-override-in-name"),
    pytest.param(Bad(write(EXTRA, claim('"lind\u202e-claim"')), 1, f"{EXTRA}:1:7", "U+202E"),
                 id="C12-bidi-override-in-id"),
    pytest.param(Bad(write("content/people/\u0430na-lind.yaml", "name: Ana Lind\n"), 1,
                     "content/people/\u0430na-lind.yaml:1:1", "not a valid id"), id="C12-cyrillic-homoglyph-file-name"),
    # C13 — 16 000 uses of one long link reference: 50 KB of Markdown, 24 MB of HTML (md4c#238);
    # cmark and commonmark-java keep pathological cases with time limits; output needs a cap.
    pytest.param(Bad(write("content/sources/amplified.md", "---\ntitle: t\npublisher: p\ndate: 2021\n---\n"
                           f"[a]: https://example.org/{'x' * 3000}\n\n" + "[a]" * 16_000 + "\n"), 1,
                     re.compile(r"^content/sources/amplified\.md:\d+:\d+: error: ")),
                 id="C13-link-reference-amplification"),
    # D1 — a generator wrote docs/goals/../index.html over the home page; ids are checked, not joined.
    pytest.param(Bad(write(EXTRA, claim("../index")), 1, f"{EXTRA}:1:7", "not a valid id"), id="D1-id-dot-dot-index"),
    pytest.param(Bad(write(EXTRA, claim("../../etc/passwd")), 1, f"{EXTRA}:1:7", "not a valid id"),
                 id="D1-id-etc-passwd"),
    pytest.param(Bad(write(EXTRA, claim("'%2e%2e%2findex'")), 1, f"{EXTRA}:1:7", "not a valid id"),
                 id="D1-id-percent-encoded"),
    pytest.param(Bad(write("content/sources/%2e%2e.txt", "---\ntitle: t\npublisher: p\ndate: 2021\n---\ntext\n"), 1,
                     "content/sources/%2e%2e.txt:1:1", "not a valid id"), id="D1-source-file-percent-2e"),
    pytest.param(Bad(write("content/people/%2e%2e%2findex.yaml", "name: X\n"), 1,
                     "content/people/%2e%2e%2findex.yaml:1:1", "not a valid id"), id="D1-record-file-percent-2e-2f"),
    # D2 — NUL crashes Path.resolve() with ValueError; control characters are refused and shown escaped.
    pytest.param(Bad(write(EXTRA, claim('"nul\\0id"')), 1, f"{EXTRA}:1:7", "U+0000"), id="D2-nul-in-id"),
    pytest.param(Bad(write(EXTRA, claim('"red\\e[31mid"')), 1, f"{EXTRA}:1:7", "U+001B"), id="D2-escape-in-id"),
    pytest.param(Bad(write(ANA, 'name: Ana Lind\n"ali\\e[2Jases": [Lind]\n'), 1, f"{ANA}:2:1", "unknown key"),
                 id="D2-escape-in-key"),
    pytest.param(Bad(write("content/people/esc\x1b[2J.yaml", "name: X\n"), 1,
                     re.compile(r"^content/people/esc.*\.yaml:1:1: error: .*not a valid id"), ""),
                 id="D2-escape-in-file-name"),
    pytest.param(Bad(write("content/people/new\nline.yaml", "name: X\n"), 1,
                     re.compile(r"^content/people/new.*line\.yaml:1:1: error: .*not a valid id"), ""),
                 id="D2-newline-in-file-name"),
    # D3 — Jekyll safe mode ignores symlinks (arbitrary file read, jekyll#1944); we refuse them loudly.
    pytest.param(Bad(symlink("content/people/host.yaml", "/etc/hostname"), 1, "content/people/host.yaml:1:1",
                     "symbolic link", nothing_of("/etc/hostname")), id="D3-symlink-to-etc-hostname"),
    pytest.param(Bad(symlink("content/sources/leak.txt", "/etc/hostname"), 1, "content/sources/leak.txt:1:1",
                     "symbolic link", nothing_of("/etc/hostname")), id="D3-source-symlink-to-etc-hostname"),
    pytest.param(Bad(steps(write("../secret.yaml", f"name: {SENTINEL}\n"),
                           symlink("content/people/secret.yaml", "@../secret.yaml")), 1,
                     "content/people/secret.yaml:1:1", "symbolic link", nothing_of("../secret.yaml")),
                 id="D3-symlink-to-a-file-outside-the-dossier"),
    pytest.param(Bad(symlink("content/people/etc", "/etc"), 1, "content/people/etc:1:1", "symbolic link",
                     nothing_of("/etc/hostname")), id="D3-symlink-to-folder"),
    pytest.param(Bad(symlink("content/extra", "/etc"), 1, "content/extra:1:1", "symbolic link"),
                 id="D3-symlink-to-folder-in-content"),
    pytest.param(Bad(symlink("content/people/copy.yaml", f"@{ANA}"), 1, "content/people/copy.yaml:1:1",
                     "symbolic link"), id="D3-symlink-inside-dossier"),
    pytest.param(Bad(symlink("content/people/gone.yaml", "/nonexistent/gone.yaml"), 1,
                     "content/people/gone.yaml:1:1", "symbolic link"), id="D3-dangling-symlink"),
    pytest.param(Bad(symlink("content/people/loop.yaml", "@content/people/loop.yaml"), 1,
                     "content/people/loop.yaml:1:1", "symbolic link"), id="D3-symlink-loop"),
    # D4 — reading a FIFO blocks forever; only regular files are opened (non-blocking).
    pytest.param(Bad(fifo("content/people/pipe.yaml"), 1, "content/people/pipe.yaml:1:1", "not a regular file", fast),
                 id="D4-fifo-record"),
    pytest.param(Bad(fifo("content/sources/pipe.txt"), 1, "content/sources/pipe.txt:1:1", "not a regular file", fast),
                 id="D4-fifo-source"),
    # D6 — Jekyll let Alice.md overwrite alice.md on case-insensitive disks; ids are lowercase only.
    pytest.param(Bad(write("content/people/Ana-Lind.yaml", "name: Ana Lind\n"), 1, "content/people/Ana-Lind.yaml:1:1",
                     "not a valid id"), id="D6-case-only-clash"),
    pytest.param(Bad(write(EXTRA, claim("Lind-No-Money-Lost")), 1, f"{EXTRA}:1:7", "not a valid id"),
                 id="D6-case-only-claim-id"),
    pytest.param(Bad(write("content/People/x.yaml", "name: X\n"), 1, "content/People:1:1", "did you mean 'people'"),
                 id="D6-case-only-folder"),
    # D7 — Windows cannot check out `report.` (trailing dot); see D7-reserved-names below for `con`.
    pytest.param(Bad(write("content/people/report..yaml", "name: X\n"), 1, "content/people/report..yaml:1:1",
                     "not a valid id"), id="D7-trailing-dot"),
    # D7 — Windows cannot check out `con`, `aux`, `nul`, `com1` (desktop#17149): refused as ids.
    pytest.param(Bad(write("content/people/con.yaml", "name: Con Reserved\n"), 1, "content/people/con.yaml:1:1",
                     "reserved on Windows"), id="D7-reserved-file-name"),
    pytest.param(Bad(write(EXTRA, claim("aux")), 1, f"{EXTRA}:1:7", "reserved on Windows"), id="D7-reserved-claim-id"),
    # D8 — Hugo failed with `file name too long` in CI; ids have at most 80 characters.
    pytest.param(Bad(write(EXTRA, claim("-".join(["word"] * 60))), 1, f"{EXTRA}:1:7", "at most 80"),
                 id="D8-id-300-characters"),
    pytest.param(Bad(write(f"{PEOPLE}/{'a' * 240}.yaml", "name: X\n"), 1, f"{PEOPLE}/{'a' * 240}.yaml:1:1",
                     "at most 80"), id="D8-file-name-240-characters"),
    # D9 — `#`, `?` and `%` change a URL's meaning, a leading `-` reads as an option.
    pytest.param(Bad(write("content/people/ana lind.yaml", "name: X\n"), 1, "content/people/ana lind.yaml:1:1",
                     "not a valid id"), id="D9-space"),
    pytest.param(Bad(write("content/people/#ana.yaml", "name: X\n"), 1, "content/people/#ana.yaml:1:1",
                     "not a valid id"), id="D9-hash"),
    pytest.param(Bad(write("content/people/ana?.yaml", "name: X\n"), 1, "content/people/ana?.yaml:1:1",
                     "not a valid id"), id="D9-question-mark"),
    pytest.param(Bad(write("content/people/-rf.yaml", "name: X\n"), 1, "content/people/-rf.yaml:1:1",
                     "not a valid id"), id="D9-leading-dash"),
    pytest.param(Bad(write("content/sources/a%20b.txt", "---\ntitle: t\npublisher: p\ndate: 2021\n---\ntext\n"), 1,
                     "content/sources/a%20b.txt:1:1", "not a valid id"), id="D9-percent"),
    # E1 — MkDocs `site_dir: ../` + --clean wiped a project and its .git (mkdocs#346); Hugo never
    # deletes recursively (hugo#2389). Refuse before touching anything.
    pytest.param(Bad(output_dir("."), 2, "config.yaml:4:13", "output_dir"), id="E1-output-dir-dot"),
    pytest.param(Bad(output_dir(".."), 2, "config.yaml:4:13", "output_dir"), id="E1-output-dir-dot-dot"),
    pytest.param(Bad(output_dir("content/.."), 2, "config.yaml:4:13", "project folder"),
                 id="E1-output-dir-disguised-project"),
    pytest.param(Bad(output_dir("content"), 2, "config.yaml:4:13", "content folder"), id="E1-output-dir-content"),
    pytest.param(Bad(output_dir("content/site"), 2, "config.yaml:4:13", "inside the content folder"),
                 id="E1-output-dir-inside-content"),
    pytest.param(Bad(output_dir("templates"), 2, "config.yaml:4:13", "templates folder"),
                 id="E1-output-dir-templates"),
    pytest.param(Bad(output_dir("config.yaml"), 2, "config.yaml:4:13", "not a folder"), id="E1-output-dir-a-file"),
    pytest.param(Bad(steps(write("public/.git/HEAD", "ref: refs/heads/main\n"), output_dir("public")), 2,
                     "config.yaml:4:13", "git"), id="E1-output-dir-a-git-checkout"),
    pytest.param(Bad(steps(write("notes/keep.txt", "years of work\n"), output_dir("notes")), 2,
                     "config.yaml:4:13", "not empty", folder_untouched("notes")),
                 id="E1-output-dir-not-made-by-dossier"),
    # L4 (red team) — a `.dossier-cache` that is a file was exit 3, after the site was written.
    pytest.param(Bad(steps(replace(ANA, "name: Ana Lind", "name: Ana M. Lind"),
                           folder_replaced_by_a_file(".dossier-cache")), 2,
                     re.compile(r"^dossier build: error: (.*/)?\.dossier-cache is not a folder"),
                     "remove or rename it"),
                 id="L4-dossier-cache-is-a-file"),
    # Values a chart cannot compute with, and URLs that `urllib` cannot split (found by probing
    # `build` with inputs that `check` once let through).
    pytest.param(Bad(replace(AUDIT, "value: 2000000", "value: 1e309"), 1, f"{AUDIT}:7:10", "too large"),
                 id="I-value-overflows-to-infinity"),
    pytest.param(Bad(replace(AUDIT, "value: 2000000", "value: [-1e308, 1e308]"), 1, f"{AUDIT}:7:11", "too large"),
                 id="I-value-range-too-wide"),
    pytest.param(Bad(replace(AUDIT, "as_of: 2020", "as_of: 9999-12-31"), 1, f"{AUDIT}:9:10", "years go up to"),
                 id="I-date-at-the-end-of-the-calendar"),
    pytest.param(Bad(replace(GAZETTE, "url: https://gazette.example/harbour-fund", 'url: "http://[::1"'), 1,
                     f"{GAZETTE}:6:6", "not a valid URL"), id="C-url-with-broken-ipv6-host"),
    pytest.param(Bad(replace(GAZETTE, "url: https://gazette.example/harbour-fund", "url: https://x.example/<b>"), 1,
                     f"{GAZETTE}:6:6", "contains '<'"), id="C-url-with-angle-brackets"),
    pytest.param(Bad(replace("config.yaml", "language: en\n", "language: en\nbase_url: https://x.example/d?a=1\n"), 2,
                     "config.yaml:4:11", "no '?' or '#'"), id="C-base-url-with-a-query"),
]


@pytest.mark.parametrize("bad", REFUSED)
def test_bad_input_is_refused_with_its_position_and_the_site_is_untouched(dossier, cli, bad):
    root = dossier()
    assert cli("build", cwd=root).code == 0
    site = root / "site"
    assert_nothing_private_published(site)
    before = snapshot(site)
    bad.setup(root)

    run = dossier_build(root)

    assert run.code == bad.code, run.err
    assert "Traceback" not in run.err
    assert "internal error" not in run.err
    lines = run.err.splitlines()
    if isinstance(bad.where, str):
        found = [line for line in lines if line.startswith(f"{bad.where}:") and ": error: " in line]
    else:
        found = [line for line in lines if bad.where.search(line)]
    assert [line for line in found if bad.words in line], f"no {bad.where} … {bad.words!r} in:\n{run.err}"
    assert not CONTROL.search(run.err), f"raw control characters in diagnostics: {run.err!r}"
    assert snapshot(site) == before, "a refused build changed the site"
    assert staging_left(root) == []
    if bad.check:
        bad.check(root, run)


# The accepted inputs ------------------------------------------------------------------------------------


def shows(page: str, *texts: str, absent: tuple[str, ...] = ()) -> Callable[[Path], None]:
    def check(site: Path) -> None:
        html = (site / page).read_text(encoding="utf-8")
        for text in texts:
            assert text in html, f"{text!r} not on {page}"
        for text in absent:
            assert text not in html, f"{text!r} on {page}"
    return check


def exists(*pages: str) -> Callable[[Path], None]:
    def check(site: Path) -> None:
        for page in pages:
            assert (site / page).is_file(), page
    return check


def all_of(*checks: Callable[[Path], None]) -> Callable[[Path], None]:
    def check(site: Path) -> None:
        for each in checks:
            each(site)
    return check


@dataclass(frozen=True)
class Fine:
    setup: Edit
    same_site: bool
    """True when the build must give byte-for-byte the site of the unchanged dossier."""
    check: Callable[[Path], None] | None = None


JUNK = {
    # J3/J4: what editors, operating systems and careless curators leave beside the records.
    "content/people/ana-lind.yaml~": f"name: {SENTINEL}\n",
    "content/people/.ana-lind.yaml.swp": f"b0VIM {SENTINEL}",
    "content/people/.ana-lind.yaml.swo": SENTINEL,
    "content/people/4913": SENTINEL,
    "content/people/#ana-lind.yaml#": f"name: {SENTINEL}\n",
    "content/people/.DS_Store": b"\x00\x00\x00\x01Bud1" + SENTINEL.encode(),
    "content/claims/audit.yaml.bak": f"- id: {SENTINEL.lower()}\n",
    "content/claims/notes.tmp": SENTINEL,
    "content/sources/.private-notes.txt": f"---\ntitle: {SENTINEL}\npublisher: p\ndate: 2021\n---\n{SENTINEL}\n",
    "content/sources/.draft.md": f"# {SENTINEL}\n",
    "content/.env": f"API_TOKEN={SENTINEL}\n",
    "content/.git/config": f"[remote]\nurl = {SENTINEL}\n",
    "content/.hidden/x.yaml": f"name: {SENTINEL}\n",
    "templates/assets/.env": f"SECRET={SENTINEL}\n",
    "templates/assets/style.css.swp": SENTINEL,
}

ACCEPTED = [
    # B4 — PyYAML reads NO as False, 01234 as 668, 10:00 as 600; strictyaml and ruamel keep the text.
    pytest.param(Fine(steps(replace("content/agencies/state-audit-office.yaml", "country: Norway", "country: NO"),
                            replace("content/agencies/harbour-fund.yaml", "kind: other", "kind: other\ncountry: 01234"),
                            replace("content/people/mira-holt.yaml", "description: Reporter",
                                 "description: 10:00 Reporter")), False,
                      all_of(shows("agencies/state-audit-office/index.html", "Government, NO<", absent=("False",)),
                             shows("agencies/harbour-fund/index.html", "Other, 01234 ", absent=("668",)),
                             shows("people/mira-holt/index.html", "10:00 Reporter"))),
                 id="B4-norway-values-stay-text"),
    # B5 — quoted and unquoted dates mean the same (PyYAML gives a date for one and a str for the other).
    pytest.param(Fine(replace(AUDIT, "date: 2021-03-03", 'date: "2021-03-03"'), True), id="B5-quoted-date"),
    # B8 — front-matter splitters choke on a BOM (docfx#199, mark#933); exactly one BOM is dropped.
    pytest.param(Fine(steps(replace(ANA, b"name:", codecs.BOM_UTF8 + b"name:"),
                            replace(GAZETTE, b"---\ntitle:", codecs.BOM_UTF8 + b"---\ntitle:"),
                            replace("config.yaml", b"title:", codecs.BOM_UTF8 + b"title:")), True), id="B8-bom"),
    # B10 — Finder's .DS_Store is a dotfile: ignored, never read as text, never published.
    pytest.param(Fine(write("content/people/.DS_Store", b"\x00\x00\x00\x01Bud1\x00\x00\x10\x00" + PNG), True),
                 id="B10-ds-store-ignored"),
    # B12 — hugoidx#9: "frontmatter delimiter must be followed by CR+LF or LF"; the site must not differ.
    pytest.param(Fine(to_crlf, True), id="B12-crlf"),
    pytest.param(Fine(replace(GAZETTE, b"kind: news\n---\nThe Harbour", b"kind: news\r---  \r\nThe Harbour"), True),
                 id="B12-mixed-line-endings-and-trailing-spaces"),
    # C14 — inputs that crashed markdown-it-py under OSS-Fuzz (markdown-it-py#254) render as text.
    pytest.param(Fine(steps(write("content/sources/fuzz-fence.md", "---\ntitle: t\npublisher: p\ndate: 2021\n---\n"
                                                                     ">```\n>\n"),
                            write("content/sources/fuzz-list.md", "---\ntitle: t\npublisher: p\ndate: 2021\n---\n"
                                                                    ">-\n>\n>\n")), False,
                      exists("sources/fuzz-fence/index.html", "sources/fuzz-list/index.html")),
                 id="C14-markdown-it-fuzz-crashers"),
    # D1/J4 — `..txt` starts with a dot: a dotfile, ignored like any other (docs/content.md), nothing escapes.
    pytest.param(Fine(write("content/sources/..txt", f"---\ntitle: {SENTINEL}\npublisher: p\ndate: 2021\n---\nx\n"),
                      True), id="D1-source-file-dot-dot-txt-is-a-dotfile"),
    # D3/H2 — Emacs writes `.#file` lock symlinks that point nowhere; they must not break a build.
    pytest.param(Fine(symlink("content/people/.#ana-lind.yaml", "user@host.12345:1700000000"), True),
                 id="D3-dangling-emacs-lock-symlink-ignored"),
    # J3/J4 — dotfiles, editor temporaries and source files are never published, never an error.
    pytest.param(Fine(steps(*(write(name, data) for name, data in JUNK.items())), True),
                 id="J3-J4-dotfiles-and-editor-temporaries-ignored"),
]


@pytest.mark.parametrize("fine", ACCEPTED)
def test_harmless_input_builds_and_publishes_nothing_private(dossier, cli, fine):
    root = dossier()
    assert cli("build", cwd=root).code == 0
    site = root / "site"
    before = tree(site)
    fine.setup(root)

    run = dossier_build(root)

    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    assert not [line for line in run.err.splitlines() if ": error: " in line]
    assert not CONTROL.search(run.err)
    assert_nothing_private_published(site)
    assert staging_left(root) == []
    if fine.same_site:
        assert tree(site) == before
    if fine.check:
        fine.check(site)


# E6 — permissions -----------------------------------------------------------------------------------------


def test_e6_output_is_world_readable_under_umask_022(dossier, cli):
    """darccio/zas#54: temporary files are 0600, renamed into place they give a web server 403s.
    Files are made as the umask says (a private umask gives a private site: red team L1, see
    test_write_failures.py), never with a temporary file's 0600."""
    root = dossier()
    assert cli("build", cwd=root).code == 0
    replace(ANA, "name: Ana Lind", "name: Ana M. Lind")(root)  # some files rewritten, most kept
    site = root / "site"
    for fresh in (False, True):
        if fresh:
            shutil.rmtree(site)  # every folder and file made under the umask
        run = dossier_build(root, umask=0o022)
        assert run.code == 0, run.err
        assert {oct(p.stat().st_mode & 0o777) for p in site.rglob("*") if p.is_file()} == {"0o644"}
        assert {oct(p.stat().st_mode & 0o777) for p in [site, *site.rglob("*")] if p.is_dir()} == {"0o755"}


# E3 — interrupted builds ------------------------------------------------------------------------------------


def test_e3_ctrl_c_while_pages_render_leaves_the_old_site_and_no_staging(dossier, monkeypatch):
    from generator import build as building

    root = dossier()
    assert building.build(root / "config.yaml").report is not None
    before = snapshot(root / "site")
    replace(ANA, "name: Ana Lind", "name: Ana M. Lind")(root)
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(building.Site, "render", interrupted)
    with pytest.raises(KeyboardInterrupt):
        building.build(root / "config.yaml")
    assert snapshot(root / "site") == before
    assert staging_left(root) == []


def test_e3_an_output_folder_on_another_file_system_is_updated_file_by_file(dossier, monkeypatch):
    """A container volume mounted at site/: renames from the staging folder beside it fail (EXDEV)."""
    import errno

    from generator.build import build
    from generator.output import write

    root = dossier()
    assert build(root / "config.yaml").report is not None
    replace(ANA, "name: Ana Lind", "name: Ana M. Lind")(root)
    real_replace = os.replace

    def across_devices(source, target):
        if ".tmp-" in str(source) and ".tmp-" not in Path(source).name:  # from the staging folder
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", across_devices)
    assert build(root / "config.yaml").report is not None
    assert "Ana M. Lind" in (root / "site/people/ana-lind/index.html").read_text()
    assert oct((root / "site/people/ana-lind/index.html").stat().st_mode & 0o777) == "0o644"
    assert not list((root / "site").rglob(".*.tmp-*")) and staging_left(root) == []


# I1 — a 50 MB source ----------------------------------------------------------------------------------------

_WORDS = ("river stone window market evening letter garden winter morning bridge paper office table season "
          "village ledger council budget meeting cargo quay tide north south report clerk").split()
BIG_QUOTE = "The ledger of the northern quay was found in a locked drawer."


def write_big_source(path: Path, size: int) -> None:
    """Prose of about `size` bytes, written paragraph by paragraph, with BIG_QUOTE once in the middle."""
    rnd = random.Random(7)
    written, placed = 0, False
    with open(path, "w", encoding="utf-8") as out:
        out.write("---\ntitle: A very long archive\npublisher: Test Archive\ndate: 2020\n---\n")
        while written < size:
            sentences = (" ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(6, 18))).capitalize() + "."
                         for _ in range(8))
            paragraph = " ".join(sentences)
            if not placed and written >= size // 2:
                paragraph, placed = f"{paragraph} {BIG_QUOTE}", True
            written += out.write(paragraph + "\n\n")


def test_i1_a_50_mb_source_builds_and_its_quote_is_highlighted(dossier, cli):
    root = dossier()
    assert cli("build", cwd=root).code == 0
    write_big_source(root / "content" / "sources" / "big-archive.txt", 50 * 2**20)
    (root / EXTRA).write_text("- id: ledger-found\n  statement: The ledger was found in a drawer.\n  citations:\n"
                              f"    - source: big-archive\n      quote: {BIG_QUOTE}\n")

    run = dossier_build(root)

    assert run.code == 0, run.err
    data = json.loads((root / "site" / "dossier.json").read_text(encoding="utf-8"))
    citation = next(c for c in data["claims"] if c["id"] == "ledger-found")["citations"][0]
    page, anchor = citation["url"].split("#")
    assert page == "sources/big-archive/index.html"
    html = (root / "site" / page).read_text(encoding="utf-8")
    start = html.index(f'id="{anchor}"')
    assert html.count(f'id="{anchor}"') == 1
    assert f"><mark>{BIG_QUOTE}</mark>" in html[start:start + 200 + len(BIG_QUOTE)]
    assert html.count("<mark>") == 1
