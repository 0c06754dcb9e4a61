#!/usr/bin/env python3
"""Edits of each kind of record in a warm process, through the path `dossier serve` takes on save:
`python bench/edit_kinds.py CONFIG` builds once with the preview's Builder, then makes one edit of
each kind (a claim's value, a person's description, a figure's name, a source's text), each time
timing the rebuild told which file changed (pages written) and the data files written after it, and
puts the file back. Prints one JSON object."""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from generator.read.config import load_config
from generator.serve.preview import Preview


def first_match(folder: Path, pattern: str) -> tuple[Path, re.Match[str]]:
    """The first file of `folder` (in name order) where `pattern` matches."""
    for path in sorted(folder.iterdir()):
        if path.is_file() and (match := re.search(pattern, path.read_text(encoding="utf-8"), re.MULTILINE)):
            return path, match
    raise SystemExit(f"nothing matches {pattern!r} in {folder}")


EDITS: dict[str, tuple[str, str, Callable[[re.Match[str]], str]]] = {
    "claim value": ("claims", r"^  value: (\d+)$", lambda m: f"  value: {int(m[1]) + 1}"),
    "person description": ("people", r"^description: (.+)$", lambda m: f"description: Changed. {m[1]}"),
    "figure name": ("figures", r"^name: (.+)$", lambda m: f"name: {m[1]} (renamed)"),
    "source text": ("sources", r"^([A-Z][^\n]{40,})$", lambda m: m[1].replace(" ", "  ", 1)),
}


def timed_edit(preview: Preview, path: Path, text: str) -> dict[str, float | int]:
    path.write_text(text, encoding="utf-8")
    time.sleep(0.3)
    started = time.perf_counter()
    built = preview.rebuild("edit", {path})
    seconds = time.perf_counter() - started
    if built.report is None:
        raise SystemExit(f"the rebuild failed: {[d.format() for d in built.checked.diagnostics][:5]}")
    started = time.perf_counter()
    if built.finish is not None:
        built.finish()
    return {"seconds": seconds, "data_seconds": time.perf_counter() - started, "pages": built.pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("config", type=Path)
    args = parser.parse_args()
    config_path = args.config.resolve()
    config, problems = load_config(config_path)
    if config is None:
        raise SystemExit("\n".join(problem.format() for problem in problems))
    content = config_path.parent / config.content_dir
    preview = Preview(config_path, config_path.parent / config.output_dir, lambda line: None)
    preview.rebuild("built")
    result = {}
    for name, (folder, pattern, change) in EDITS.items():
        path, match = first_match(content / folder, pattern)
        original = path.read_text(encoding="utf-8")
        try:
            result[name] = timed_edit(preview, path, original[:match.start()] + change(match) + original[match.end():])
        finally:
            timed_edit(preview, path, original)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
