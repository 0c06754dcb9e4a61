"""`dossier new`: skeleton records with a valid id, made from the name."""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.core import kinds

KINDS = tuple(kind.name for kind in kinds.SITE_ORDER if kind.named_by_file)
"""What `dossier new` makes: the kinds with one record a file (a claims file holds a list)."""


class ScaffoldError(Exception):
    pass


def quoted(text: str) -> str:
    """A YAML double-quoted scalar: safe whatever the name contains."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def skeleton(kind: str, name: str) -> str:
    if kind == "person":
        return (f"name: {quoted(name)}\n"
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
        return (f"name: {quoted(name)}\n"
                "kind: other   # government | international | armed-group | media | academic | ngo | other\n"
                "# short_name: ABC\n"
                "# aliases: [Other name]\n"
                "# country: Country\n"
                "# parent: parent-agency-id\n"
                "# description: One or two sentences, Markdown.\n")
    if kind == "figure":
        return (f"name: {quoted(name)}\n"
                "unit: people   # people | percent | years | countries | count | any short noun\n"
                "# description: What is counted, Markdown.\n")
    return ("---\n"
            f"title: {quoted(name)}\n"
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


def _is_id(text: str) -> bool:
    from generator.read.schema import ID_MAX_LENGTH, ID_PATTERN

    return bool(text) and len(text) <= ID_MAX_LENGTH and bool(ID_PATTERN.fullmatch(text))


def content_folder(config_path: Path) -> Path:
    """The dossier's content folder, from its config.yaml."""
    from generator.read.config import load_config

    config, problems = load_config(config_path)
    if config is None:
        raise ScaffoldError("; ".join(problem.format() for problem in problems))
    return config_path.parent / config.content_dir


def schema_line(config_path: Path, path: Path, kind: str) -> str:
    """The first line of a new record file, naming its JSON Schema for editors (docs/init.md), when
    the dossier has `schemas/` (written by `dossier init`)."""
    schemas = config_path.parent / "schemas"
    schema = schemas / f"{'claims' if kind == 'claim' else kind}.schema.json"
    if not schema.is_file():
        return ""
    return f"# yaml-language-server: $schema={Path(os.path.relpath(schema, path.parent)).as_posix()}\n"


def write_skeleton(config_path: Path, kind: str, name: str, record_id: str | None) -> Path:
    """Write the skeleton into the dossier's content folder; never overwrite a file."""
    from generator.read.schema import slugify

    record_id = record_id or slugify(name)
    if not _is_id(record_id):
        raise ScaffoldError(f"cannot make an id from {name!r}; give one with --id (lowercase letters, digits, "
                            "hyphens)")
    content = content_folder(config_path)
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
    header = "" if kind == "source" else schema_line(config_path, path, kind)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(header + skeleton(kind, name))
    os.chmod(path, 0o644)
    return path


DEFAULT_CLAIMS_FILE = "claims"
"""`dossier new claim` appends to content/claims/claims.yaml, or to the file named after --source."""


def claim_skeleton(claim_id: str, source: str | None, by: str | None) -> str:
    """One commented claim, as an item of a claims file's list (docs/content.md, "Claims")."""
    by_line = f"  by: {by}\n" if by else "  # by: person-or-agency-id   # who made the claim\n"
    return (f"- id: {claim_id}\n"
            "  statement: >-\n"
            "    What is claimed, in your own words (Markdown).\n"
            f"{by_line}"
            "  # about: [person-id, agency-id]\n"
            "  # date: YYYY-MM-DD           # when the claim was made\n"
            "  # figure: figure-id          # with value: the figure this claim reports\n"
            "  # value: 300                 # a number, or [low, high]\n"
            "  # qualifier: about           # exactly | about | more than | at least | less than | at most | up to\n"
            "  # status: reported           # reported | corroborated | disputed | refuted | retracted\n"
            "  # note: The curator's remark.\n"
            "  citations:\n"
            f"    - source: {source or 'source-id'}\n"
            "      quote: the exact words of the source\n")


_CLAIM_ID = re.compile(r"^\s*-?\s*id:\s*['\"]?([a-z0-9-]+)", re.MULTILINE)


def _taken_claim_ids(folder: Path) -> set[str]:
    """The ids of the claims already written (read as text: a file with a mistake still holds ids)."""
    return {match for path in sorted(folder.glob("*.yaml"))
            for match in _CLAIM_ID.findall(path.read_text(encoding="utf-8", errors="replace"))}


def free_claim_id(taken: set[str], source: str | None) -> str:
    """`claim-1`, or `<source>-1` with --source: the first number no claim uses."""
    from generator.read.schema import ID_MAX_LENGTH

    stem = source[: ID_MAX_LENGTH - 6].rstrip("-") if source else "claim"
    return next(f"{stem}-{number}" for number in range(1, len(taken) + 2) if f"{stem}-{number}" not in taken)


def _claims_file_name(name: str | None, source: str | None) -> str:
    stem = (name or source or DEFAULT_CLAIMS_FILE).removesuffix(".yaml")
    if not stem or "/" in stem or "\\" in stem or stem.startswith("."):
        raise ScaffoldError(f"--file must be a file name such as 'knb' or 'knb.yaml', not {name!r}")
    return f"{stem}.yaml"


def write_claim(config_path: Path, name: str | None, source: str | None, by: str | None) -> tuple[Path, str]:
    """Append a skeleton claim with a free id to a claims file, creating it if needed; the file and the id."""
    for option, value in (("--source", source), ("--by", by)):
        if value is not None and not _is_id(value):
            raise ScaffoldError(f"{option} must be an id (lowercase letters, digits, hyphens), not {value!r}")
    file_name = _claims_file_name(name, source)
    folder = content_folder(config_path) / kinds.CLAIM.folder
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    claim_id = free_claim_id(_taken_claim_ids(folder), source)
    before = path.read_text(encoding="utf-8") if path.exists() else None
    if before is None:
        text = schema_line(config_path, path, "claim")
    else:
        text = "" if not before else "\n" if before.endswith("\n") else "\n\n"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text + claim_skeleton(claim_id, source, by))
    return path, claim_id
