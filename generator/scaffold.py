"""`dossier new`: skeleton records with a valid id, made from the name."""

from __future__ import annotations

import os
from pathlib import Path

from generator.core import kinds

KINDS = tuple(kind.name for kind in kinds.SITE_ORDER if kind.named_by_file)
"""What `dossier new` makes: the kinds with one record a file (a claims file holds a list)."""


class ScaffoldError(Exception):
    pass


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: safe whatever the name contains."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def skeleton(kind: str, name: str) -> str:
    if kind == "person":
        return (f"name: {_quoted(name)}\n"
                "# aliases: [Other spelling]      # spellings found in sources\n"
                "# description: One or two sentences, Markdown.\n"
                "# roles:\n"
                "#   - title: Chairman\n"
                "#     agency: agency-id\n"
                "#     since: 2013\n"
                "#     citations:\n"
                "#       - source: source-id\n"
                "#         quote: the exact words of the source\n")
    if kind == "agency":
        return (f"name: {_quoted(name)}\n"
                "kind: other   # government | international | armed-group | media | academic | ngo | other\n"
                "# short_name: ABC\n"
                "# aliases: [Other name]\n"
                "# country: Country\n"
                "# parent: parent-agency-id\n"
                "# description: One or two sentences, Markdown.\n")
    if kind == "figure":
        return (f"name: {_quoted(name)}\n"
                "unit: people   # people | percent | years | countries | count | any short noun\n"
                "# description: What is counted, Markdown.\n")
    return ("---\n"
            f"title: {_quoted(name)}\n"
            'publisher: ""      # required: who published it\n'
            'date: ""           # required: YYYY-MM-DD, YYYY-MM or YYYY\n'
            "# authors: [Name]\n"
            "# url: https://…\n"
            "# archive_url: https://…\n"
            "# accessed: YYYY-MM-DD\n"
            "kind: news         # news | blog | report | statement | transcript | video | other\n"
            "# note: What was removed from the page, how the date was inferred.\n"
            "---\n"
            "Paste the source's text here, verbatim; paragraphs separated by blank lines.\n")


def write_skeleton(config_path: Path, kind: str, name: str, record_id: str | None) -> Path:
    """Write the skeleton into the dossier's content folder; never overwrite a file."""
    from generator.read.config import load_config
    from generator.read.schema import ID_MAX_LENGTH, ID_PATTERN, slugify

    config, problems = load_config(config_path)
    if config is None:
        raise ScaffoldError("; ".join(problem.format() for problem in problems))
    record_id = record_id or slugify(name)
    if not record_id or len(record_id) > ID_MAX_LENGTH or not ID_PATTERN.fullmatch(record_id):
        raise ScaffoldError(f"cannot make an id from {name!r}; give one with --id (lowercase letters, digits, "
                            "hyphens)")
    content = config_path.parent / config.content_dir
    folder = content / kinds.BY_NAME[kind].folder
    extension = ".txt" if kind == "source" else ".yaml"
    id_space = [folder] if kind == "source" else [content / entity.folder for entity in kinds.ENTITIES]
    existing = [path for space in id_space for path in sorted(space.glob(f"{record_id}.*"))
                if path.suffix in (".yaml", ".txt", ".md")]
    if existing:
        raise ScaffoldError(f"{existing[0]} already exists (people, agencies and figures share ids); "
                            "choose another with --id")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record_id}{extension}"
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(skeleton(kind, name))
    os.chmod(path, 0o644)
    return path
