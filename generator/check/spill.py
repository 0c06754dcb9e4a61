"""A one-shot build's source texts set aside on a shelf (core/shelf.py) rather than kept in memory.

A one-shot build reads its files in one process per core, so its texts come back as strs; once the
quotes are located, `spill` puts every visible text, and the body of each `md` source, on a shelf
in the dossier's cache folder. The renderers, forked later, read the same file. The texts on the
shelf are those the check read, whatever happens to the source files during the build. The
preview's Builder shelves each text as it reads it (build.check).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.check.resolved import Resolved
from generator.core.shelf import Shelf, Text, Texts


def spill(resolved: Resolved | None, root: Path) -> Resolved | None:
    """`resolved` with its sources' texts on a shelf in the dossier's cache folder: its
    `visible_texts` and each source's body read from there (a `txt` source's body is its visible
    text, put there once). When the file cannot be made or written (a read-only folder, a full
    disk), `resolved` as it is (and None, for a dossier that could not be checked)."""
    if resolved is None:
        return None
    shelf = Shelf.in_cache_of(root)
    if shelf is None:
        return resolved
    try:
        visible: dict[str, Text] = {source_id: shelf.put(text) for source_id, text in resolved.visible_texts.items()}
        sources = {source_id: dataclasses.replace(source, body=shelf.put(str(source.body)) if source.format == "md"
                                                  else visible[source_id])
                   for source_id, source in resolved.dossier.sources.items()}
    except OSError:
        return resolved
    return dataclasses.replace(resolved, dossier=dataclasses.replace(resolved.dossier, sources=sources),
                               visible_texts=Texts(visible))
