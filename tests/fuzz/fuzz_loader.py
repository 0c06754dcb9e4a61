"""Coverage-guided fuzzing of the loader with atheris (libFuzzer for Python), run on demand.

    .venv/bin/pip install atheris==3.0.0
    .venv/bin/python tests/fuzz/fuzz_loader.py -max_total_time=60

Random bytes go to `parse_record_text` and `parse_source_text`, the two functions every content
file passes through. Whatever the bytes, each must return `(parsed, diagnostics)`: a parsed file
and no diagnostics, or None and at least one error placed inside the file. Any exception, or an
assertion below failing, is a crash: libFuzzer stops and writes the input to `crash-<sha1>`.

Without arguments the YAML dictionary beside this file is used (`-dict=`) and the files of the
complete fixture dossier seed a temporary corpus; any libFuzzer flag or corpus folder can be given
(see README.md). The file name does not start with `test_`, so pytest never collects it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

with atheris.instrument_imports(include=["generator", "yaml"]):
    from generator.core import kinds
    from generator.core.diagnostics import Diagnostic
    from generator.read.load import RecordFile, SourceFile, parse_record_text, parse_source_text

RECORD = "content/people/x.yaml"
SOURCES = {"txt": "content/sources/x.txt", "md": "content/sources/x.md"}


def line_count(data: bytes) -> int:
    """Lines of the file as an editor counts them (after dossier turns CRLF and CR into LF)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data.count(b"\n") + 1
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def check(result: object, path: str, kind: type, lines: int) -> None:
    assert isinstance(result, tuple) and len(result) == 2, result
    parsed, problems = result
    assert isinstance(problems, list), problems
    assert (parsed is None) == bool(problems), (parsed, problems)
    assert parsed is None or isinstance(parsed, kind), parsed
    for problem in problems:
        assert isinstance(problem, Diagnostic), problem
        assert problem.is_error, problem
        assert problem.span.path == path, problem
        assert 1 <= problem.span.line <= lines + 1, (problem, lines)
        assert problem.span.col >= 1, problem
        assert problem.message and "\n" not in problem.message, problem
        problem.format()


def TestOneInput(data: bytes) -> None:
    lines = line_count(data)
    check(parse_record_text(data, RECORD, "x", kinds.PERSON), RECORD, RecordFile, lines)
    for fmt, path in SOURCES.items():
        check(parse_source_text(data, path, "x", fmt), path, SourceFile, lines)


def _default_arguments(argv: list[str]) -> list[str]:
    """The dictionary and a seed corpus from the fixture dossier, unless the caller gave their own."""
    argv = list(argv)
    if not any(arg.startswith("-dict=") for arg in argv[1:]):
        argv.append(f"-dict={HERE / 'yaml.dict'}")
    if not any(not arg.startswith("-") for arg in argv[1:]):
        corpus = Path(tempfile.mkdtemp(prefix="dossier-fuzz-corpus-"))
        for number, path in enumerate(sorted((REPO / "tests" / "fixtures").rglob("*.*"))):
            if path.is_file() and path.suffix in (".yaml", ".txt", ".md"):
                shutil.copy(path, corpus / f"seed-{number}{path.suffix}")
        argv.append(str(corpus))
    return argv


def main() -> None:
    atheris.Setup(_default_arguments(sys.argv), TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
