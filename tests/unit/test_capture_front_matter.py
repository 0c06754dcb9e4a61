"""The front matter `dossier add` writes (generator/capture/front_matter.py): what the capture states,
and for the rest an empty required field with a `# fill in:` comment, or a commented-out optional one."""

from __future__ import annotations

from datetime import date

import yaml

from generator.capture.extract import Metadata
from generator.capture.front_matter import CaptureEntry, source_front_matter

CAPTURE = CaptureEntry("gazette.html", "ab" * 32, "2021-03-05", "")
ACCESSED = date(2021, 3, 6)


def fields(text: str) -> dict:
    """The front matter read back as YAML (between its `---` lines)."""
    assert text.startswith("---\n") and text.endswith("\n---\n")
    return yaml.safe_load(text[4:-4])


def test_what_the_capture_states_is_written_and_nothing_is_left_to_fill():
    meta = Metadata(title="Harbour fund: 2 million lost", publisher="The Coastal Gazette", date="2021-03-04",
                    authors=("Mira Holt",), url="https://gazette.example/fund", language="en")
    made = source_front_matter(meta, "https://gazette.example/fund", ACCESSED, CAPTURE)
    assert made.to_fill == ()
    assert fields(made.text) == {
        "title": "Harbour fund: 2 million lost", "publisher": "The Coastal Gazette", "date": date(2021, 3, 4),
        "authors": ["Mira Holt"], "url": "https://gazette.example/fund", "language": "en",
        "accessed": ACCESSED, "capture": {"file": "gazette.html", "sha256": "ab" * 32, "captured": date(2021, 3, 5)}}


def test_a_required_field_the_capture_does_not_give_is_empty_with_what_to_fill_in():
    unknown = CaptureEntry("scan.pdf", "cd" * 32, None, "when you downloaded it")
    made = source_front_matter(Metadata(created="2021-02-01"), None, ACCESSED, unknown)
    assert [item.split(":")[0] for item in made.to_fill] == ["title", "publisher", "date", "capture.captured"]
    assert "the PDF was created 2021-02-01" in made.to_fill[2]
    assert made.to_fill[3] == "capture.captured: when you downloaded it"
    assert 'title: ""   # fill in: the headline or title (the capture states none)' in made.text.splitlines()
    read = fields(made.text)
    assert read["title"] == read["publisher"] == read["date"] == read["capture"]["captured"] == ""


def test_an_optional_field_the_capture_does_not_give_is_a_commented_out_line():
    made = source_front_matter(Metadata(title="T", publisher="P", date="2021"), None, ACCESSED, CAPTURE)
    lines = made.text.splitlines()
    assert "# authors: [Name]   # the capture names no author" in lines
    assert "# url: https://…   # the capture gives no address" in lines
    assert not {"authors", "url", "language"} & fields(made.text).keys()


def test_text_that_is_yaml_syntax_or_a_line_separator_stays_one_quoted_value():
    title = 'Say "no": [a, b] # not a comment \u2028 next'
    made = source_front_matter(Metadata(title=title, publisher="P", date="2021"), None, ACCESSED, CAPTURE)
    assert "\u2028" not in made.text
    assert fields(made.text)["title"] == title
