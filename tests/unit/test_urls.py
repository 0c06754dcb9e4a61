"""Where each page lives and how it is addressed (generator/core/urls.py)."""

from __future__ import annotations

import pytest

from generator.core import urls


@pytest.mark.parametrize(("kind", "page"), [
    ("person", "people/ana-lind/index.html"), ("agency", "agencies/ana-lind/index.html"),
    ("figure", "figures/ana-lind/index.html"), ("source", "sources/ana-lind/index.html"),
    ("claim", "claims/ana-lind/index.html"),
])
def test_a_record_page_is_in_its_kinds_section(kind, page):
    assert urls.record_page(kind, "ana-lind") == page


def test_an_unknown_kind_has_no_page():
    with pytest.raises(KeyError):
        urls.record_page("people", "ana-lind")


def test_a_section_page_is_the_index_of_its_folder():
    assert urls.section_page("people") == "people/index.html"


def test_an_absolute_address_keeps_index_html_for_files_and_drops_it_for_directories():
    base = "https://example.org/dossier/"
    assert urls.absolute(base, "people/ana-lind/index.html") == "https://example.org/dossier/people/ana-lind/index.html"
    assert urls.absolute(base, "people/ana-lind/index.html", "directory") == "https://example.org/dossier/people/ana-lind/"
    assert urls.absolute(base, urls.HOME, "directory") == "https://example.org/dossier/"
    assert urls.absolute(base, urls.SEARCH_INDEX, "directory") == "https://example.org/dossier/search-index.js"


def test_an_absolute_address_is_percent_encoded_but_keeps_its_slashes():
    assert urls.absolute("https://x.example/", "a b/ü/index.html") == "https://x.example/a%20b/%C3%BC/index.html"


def test_a_short_quote_is_one_text_directive_with_its_syntax_characters_encoded():
    url = urls.text_fragment("sources/gazette/index.html#q-1", "lost  about 2-3 million, & more")
    assert url == "sources/gazette/index.html#:~:text=lost%20about%202%2D3%20million%2C%20%26%20more"


def test_a_quote_of_more_than_ten_words_is_its_first_and_last_five_words():
    quote = "one two three four five six seven eight nine ten eleven"
    assert urls.text_fragment("page.html", quote) == (
        "page.html#:~:text=one%20two%20three%20four%20five,seven%20eight%20nine%20ten%20eleven")


def test_a_quote_of_exactly_ten_words_is_kept_whole():
    quote = "one two three four five six seven eight nine ten"
    assert urls.text_fragment("page.html", quote) == "page.html#:~:text=" + "%20".join(quote.split())
