"""The captures a site carries, with `publish_captures: true` (docs/captures.md, "Publishing
captures"): each one read, verified against the SHA-256 its source records, and copied only when
its bytes are written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.capture.cache import read_file, sha256_of
from generator.core.model import Dossier
from generator.output.write import OutputError
from generator.read.load import CAPTURE_FOLDER, MAX_CAPTURE_BYTES
from generator.site.captures import published_path


@dataclass(frozen=True, slots=True)
class Published:
    """A capture the site carries, read only when its bytes are written."""

    site_path: str
    path: Path
    sha256: str
    """The SHA-256 its source records (and the check verified)."""

    @property
    def digest(self) -> bytes:
        """What the site's list of file digests holds for it: the recorded SHA-256 stands for its bytes."""
        return bytes.fromhex(self.sha256)[:16]

    def verified_bytes(self) -> bytes:
        """The capture's bytes, hashed as they are published: OutputError when they cannot be read or are
        no longer the bytes whose SHA-256 the source records (the file changed since it was checked)."""
        try:
            data = read_file(self.path, MAX_CAPTURE_BYTES)[1]
        except OSError as exc:
            raise OutputError(f"cannot publish capture {self.path.name}: {exc.strerror}") from None
        if sha256_of(data) != self.sha256:
            raise OutputError(f"capture {self.path.name} changed while the site was built; run the command again")
        return data


def published_captures(dossier: Dossier, root: Path) -> Iterator[Published]:
    """Every capture a source names, when the dossier publishes them."""
    if not dossier.config.publish_captures:
        return
    folder = root / dossier.config.content_dir / CAPTURE_FOLDER
    captures = {source.capture.file: source.capture.sha256 for source in dossier.sources.values()
                if source.capture is not None}
    for file in sorted(captures):
        yield Published(published_path(file), folder / file, captures[file])
