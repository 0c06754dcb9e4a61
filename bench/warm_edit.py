#!/usr/bin/env python3
"""One-claim edits in a warm process, through the path `dossier serve` takes on save:
`python bench/warm_edit.py CONFIG --runs R` builds once with the preview's Builder, then R times
changes one claim's `value` in its claims file on disk and times the rebuild told which file
changed, as the watcher tells it (check, render what changed, write the pages), then the data files
`serve` writes after the reload message (dossier.json, search-index.js, sitemap.xml). Prints one JSON object. The
claims file is restored at the end (and rebuilt)."""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from generator.read.config import load_config
from generator.serve.preview import Preview

VALUE = re.compile(r"^(  value: )(\d+)$", re.MULTILINE)


def first_value(claims: Path) -> tuple[Path, re.Match[str]]:
    """The first claims file (in name order) with a claim that has a value, and that value's line."""
    for path in sorted(claims.glob("*.yaml")):
        if match := VALUE.search(path.read_text(encoding="utf-8")):
            return path, match
    raise SystemExit(f"no claim with a value in {claims}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between edits")
    args = parser.parse_args()
    config_path = args.config.resolve()
    config, problems = load_config(config_path)
    if config is None:
        raise SystemExit("\n".join(problem.format() for problem in problems))
    preview = Preview(config_path, config_path.parent / config.output_dir, lambda line: None)
    started = time.perf_counter()
    first = preview.rebuild("built")
    result = {"first_build": time.perf_counter() - started, "first_pages": first.pages, "edits": []}
    path, match = first_value(config_path.parent / config.content_dir / "claims")
    original = path.read_text(encoding="utf-8")
    try:
        for run in range(args.runs):
            time.sleep(args.pause)
            value = int(match.group(2)) + run + 1
            path.write_text(original[:match.start(2)] + str(value) + original[match.end(2):], encoding="utf-8")
            started = time.perf_counter()
            built = preview.rebuild("edit", {path})
            seconds = time.perf_counter() - started
            if built.report is None or not built.checked.ok:
                raise SystemExit(f"the edit's rebuild failed: {[d.format() for d in built.checked.diagnostics][:5]}")
            started = time.perf_counter()
            data = built.finish() if built.finish is not None else None
            data_seconds = time.perf_counter() - started
            result["edits"].append({"seconds": seconds, "pages": built.pages, "written": built.report.written,
                                    "data_seconds": data_seconds, "data_written": data.written if data else 0})
    finally:
        path.write_text(original, encoding="utf-8")
        restored = preview.rebuild("restored", {path})
        if restored.finish is not None:
            restored.finish()
    result["file"] = path.name
    print(json.dumps(result))


if __name__ == "__main__":
    main()
