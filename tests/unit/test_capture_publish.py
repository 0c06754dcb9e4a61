"""Publishing a capture: the bytes copied into the site are the bytes whose SHA-256 the source records."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.output.captures import Published
from generator.output.write import OutputError


def test_the_published_bytes_are_hashed_as_they_are_read(tmp_path: Path) -> None:
    capture = tmp_path / "page.html"
    capture.write_bytes(b"<p>as collected</p>")
    published = Published("captures/page.html.bin", capture, hashlib.sha256(b"<p>as collected</p>").hexdigest())
    assert published.verified_bytes() == b"<p>as collected</p>"
    capture.write_bytes(b"<p>edited after the check</p>")
    with pytest.raises(OutputError, match="capture page.html changed while the site was built"):
        published.verified_bytes()


def test_a_capture_gone_before_it_is_published_is_a_write_error(tmp_path: Path) -> None:
    published = Published("captures/page.html.bin", tmp_path / "page.html", "0" * 64)
    with pytest.raises(OutputError, match="cannot publish capture page.html"):
        published.verified_bytes()
