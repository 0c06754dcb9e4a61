"""The file of the site folder a request's path names, and its media type: nothing outside the
folder, nothing through a symbolic link, no dotfile."""

from __future__ import annotations

from pathlib import Path

_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json",
          ".xml": "application/xml", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
          ".js": "application/javascript", ".woff2": "font/woff2", ".txt": "text/plain; charset=utf-8"}


def content_type(path: Path) -> str:
    return _TYPES.get(path.suffix.lower(), "application/octet-stream")


def site_file(output: Path, url_path: str) -> tuple[Path, bytes] | None:
    """The file a URL path names inside the site and its bytes, or None. A path the system refuses
    (a name longer than NAME_MAX, a path longer than PATH_MAX, a folder it may not read) or a file
    a rebuild removed in the meantime is not in the site either."""
    try:
        target = resolve_request(output, url_path)
        return (target, target.read_bytes()) if target is not None else None
    except OSError:
        return None


def resolve_request(output: Path, url_path: str) -> Path | None:
    """The file a URL path names inside the site, or None: never a path outside it, never through a
    symbolic link, never a dotfile."""
    if not output.is_dir():
        return None
    parts = [part for part in url_path.split("/") if part not in ("", ".")]
    if any(part == ".." or part.startswith(".") or "\\" in part or "\x00" in part for part in parts):
        return None
    current = output
    for part in parts:
        current = current / part
        if current.is_symlink():
            return None
    if current.is_dir():
        current = current / "index.html"
        if current.is_symlink():
            return None
    return current if current.is_file() else None
