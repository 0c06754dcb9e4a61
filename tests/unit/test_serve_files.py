"""The site file a preview request names (generator/serve/files.py): nothing outside the site folder,
nothing through a symbolic link, no dotfile. A small folder under tmp_path; no server is started."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.serve.files import content_type, resolve_request, site_file


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for name, text in {"index.html": "home", "people/index.html": "people", "people/ana/index.html": "ana",
                       "assets/style.css": "p {}", ".dossier-site": ""}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    (tmp_path / "secret.txt").write_text("outside")
    return site


@pytest.mark.parametrize(("url_path", "name"), [
    ("", "index.html"), ("/", "index.html"), ("people/", "people/index.html"), ("people", "people/index.html"),
    ("people/ana/index.html", "people/ana/index.html"), ("./people//ana/", "people/ana/index.html"),
    ("assets/style.css", "assets/style.css"),
])
def test_a_path_names_its_file_or_its_folders_index(site, url_path, name):
    assert resolve_request(site, url_path) == site / name


@pytest.mark.parametrize("url_path", ["../secret.txt", "people/../../secret.txt", ".dossier-site", "people/.hidden",
                                      "people\\..\\..\\secret.txt", "index.html\x00.css", "no/such/page.html"])
def test_a_path_outside_the_site_a_dotfile_or_a_missing_file_names_nothing(site, url_path):
    assert resolve_request(site, url_path) is None


def test_nothing_is_served_through_a_symbolic_link(site):
    (site / "link.txt").symlink_to(site.parent / "secret.txt")
    (site / "linked").symlink_to(site / "people", target_is_directory=True)
    assert resolve_request(site, "link.txt") is None
    assert resolve_request(site, "linked/ana/index.html") is None


def test_a_missing_site_serves_nothing(tmp_path):
    assert resolve_request(tmp_path / "nowhere", "index.html") is None


def test_the_file_comes_with_its_bytes_and_a_name_the_system_refuses_is_not_found(site):
    assert site_file(site, "people/ana/") == (site / "people/ana/index.html", b"ana")
    assert site_file(site, "x" * 300) is None


@pytest.mark.parametrize(("name", "media_type"), [
    ("index.html", "text/html; charset=utf-8"), ("STYLE.CSS", "text/css; charset=utf-8"),
    ("dossier.json", "application/json"), ("capture.warc.gz", "application/octet-stream"),
])
def test_the_media_type_is_read_from_the_extension(name, media_type):
    assert content_type(Path(name)) == media_type
