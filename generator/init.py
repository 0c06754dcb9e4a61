"""`dossier init`: a new dossier's folder, ready to check and build (docs/init.md).

Everything is written into a staging folder first (beside a new folder, inside an empty git
repository) and moved in at the end, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from generator.core import kinds
from generator.core.builtin import PACKAGE
from generator.core.layout import CACHE_FOLDER
from generator.read.json_schemas import json_schemas, serialised
from generator.scaffold import quoted

CAPTURES = "captures"
SCHEMAS = "schemas"
WORKFLOWS = ".github/workflows"

SCHEMA_GLOBS = {
    "config.schema.json": ["config.yaml"],
    "person.schema.json": ["content/people/*.yaml"],
    "agency.schema.json": ["content/agencies/*.yaml"],
    "figure.schema.json": ["content/figures/*.yaml"],
    "claims.schema.json": ["content/claims/*.yaml"],
    "source.schema.json": ["content/sources/*.md", "content/sources/*.txt"],
}
"""Which files each schema describes, by folder: `yaml.schemas` of VS Code's YAML extension."""


class InitError(Exception):
    pass


def example_workflows() -> Path:
    """The example CI workflows: installed as `generator/examples/` (package data), or, in a
    checkout or an editable install, the repository's own `examples/github/`."""
    installed = PACKAGE / "examples"
    return installed if installed.is_dir() else PACKAGE.parent / "examples" / "github"


def title_from(folder: Path) -> str:
    """`my-dossier` → `My dossier`: a first title, for the curator to change."""
    words = folder.resolve().name.replace("-", " ").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else "My dossier"


def config_text(title: str) -> str:
    """config.yaml with every setting, its default and a one-line comment (README, "Configuration")."""
    return f"""\
# The dossier's settings (dossier's README, "Configuration"). Only `title` is required;
# a setting left commented out keeps the default shown.
title: {quoted(title)}                 # the dossier's name, shown on every page
# description: What the dossier covers (Markdown), shown on the home page.
# base_url: https://example.org/dossier/   # the published address, for canonical links and sitemap.xml
language: en                 # default language of sources and pages (BCP 47 tag)
output_dir: site             # where the site is written
content_dir: content         # where the records and sources are
templates_dir: templates     # templates overriding the built-in ones, file by file
link_style: file             # file (works from disk) | directory (links end in /, for web hosting)
mentions: true               # link names of people and agencies in texts to their pages
publish_captures: false      # publish each source's original for download
# curator: Who curates the dossier (a person or an organisation)
# license: CC BY 4.0         # the licence of the content and data
# license_url: https://creativecommons.org/licenses/by/4.0/
# contact: corrections@example.org
# about: A Markdown text for the About page (who, why, how to send a correction).
"""


def citation_text(title: str) -> str:
    """CITATION.cff with the keys docs/about-page.md lists; `authors` waits for the curator."""
    return f"""\
cff-version: 1.2.0
message: If you use this dossier, please cite it as below.
type: dataset
title: {quoted(title)}
# authors is required by the format: name the curator (as `curator` in config.yaml).
# authors:
#   - name: Your name or organisation
"""


GITIGNORE = f"""\
# the built site, the staging folders of a build, dossier's cache
/site/
/site.tmp-*/
/{CACHE_FOLDER}/
# virtualenvs
.venv/
venv/
__pycache__/
"""


def readme_text(title: str) -> str:
    return f"""\
# {title}

A research dossier, built with dossier: sources in `content/sources/`,
their originals in `content/captures/`, and people, agencies, figures and claims in
`content/people/`, `content/agencies/`, `content/figures/` and `content/claims/`.

```sh
dossier check    # validate every record and quote
dossier build    # write the site into site/
dossier serve    # preview it with live reload
```

The workflows in `.github/workflows/` comment a diff on each pull request and publish the site
to GitHub Pages; they install what `requirements.txt` lists: add one that pins dossier.
Editors with a YAML extension (VS Code's, yaml-language-server) complete and check the records
with the JSON Schemas in `schemas/` (mapped in `.vscode/settings.json`).
"""


def vscode_settings(schema_names: list[str]) -> str:
    """`yaml.schemas`: each schema written, mapped to the files it describes."""
    mapping = {f"./{SCHEMAS}/{name}": SCHEMA_GLOBS[name] for name in schema_names if name in SCHEMA_GLOBS}
    return json.dumps({"yaml.schemas": mapping}, indent=2) + "\n"


def _files(title: str) -> dict[str, str]:
    """Every file of a new dossier, by its path inside it."""
    schemas = json_schemas()
    files = {"config.yaml": config_text(title), "CITATION.cff": citation_text(title), ".gitignore": GITIGNORE,
             "README.md": readme_text(title), ".vscode/settings.json": vscode_settings(sorted(schemas))}
    files.update({f"{SCHEMAS}/{name}": serialised(schema) for name, schema in sorted(schemas.items())})
    files.update({f"{WORKFLOWS}/{path.name}": path.read_text(encoding="utf-8")
                  for path in sorted(example_workflows().glob("*.yml"))})
    folders = [kind.folder for kind in kinds.SITE_ORDER] + [CAPTURES]
    files.update({f"content/{folder}/.gitkeep": "" for folder in folders})
    return files


def _refusal(folder: Path) -> str | None:
    """Why `folder` cannot become a dossier: a file, or a folder holding anything but an empty `.git`."""
    if folder.exists() and not folder.is_dir():
        return f"{folder} is a file, not a folder; choose a new folder name"
    if folder.is_dir():
        entries = sorted(entry.name for entry in folder.iterdir())
        if entries and entries != [".git"]:
            name = "this folder" if folder.resolve() == Path.cwd() else str(folder)
            return (f"{name} is not empty (it holds {entries[0]}{' …' if len(entries) > 1 else ''}); "
                    "choose a new folder name, or run dossier init in an empty folder")
    return None


def init(folder: Path, title: str | None) -> list[str]:
    """Write a new dossier into `folder` (created if missing); the paths written, inside it."""
    problem = _refusal(folder)
    if problem:
        raise InitError(problem)
    files = _files(title or title_from(folder))
    beside = folder if folder.is_dir() else folder.resolve().parent
    beside.mkdir(parents=True, exist_ok=True)
    staging = beside / f".dossier-init-{os.getpid()}"
    staging.mkdir()
    try:
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        _move_in(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(files)


def _move_in(staging: Path, folder: Path) -> None:
    """Move the staged dossier into place: one rename for a new folder; entry by entry into an empty
    git repository, putting back what was moved if one fails."""
    if not folder.exists():
        os.rename(staging, folder)
        return
    moved: list[str] = []
    try:
        for entry in sorted(os.listdir(staging)):
            os.rename(staging / entry, folder / entry)
            moved.append(entry)
    except OSError:
        for entry in moved:
            os.rename(folder / entry, staging / entry)
        raise
