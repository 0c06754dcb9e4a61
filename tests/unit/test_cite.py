""""Cite this page" (generator/site/cite.py) and the About page's context (generator/site/about.py),
on Links made in memory: the text names what is known and leaves out the rest, and each read of a
date from git is noted, so that a page showing it is rendered again when it changes."""

from __future__ import annotations

import dataclasses

import pytest
from support.records import CLAIM_FILE, CONFIG, base, claim, linked

from generator.core.model import PartialDate
from generator.history.dates import History
from generator.site import keys
from generator.site.about import TITLE, Contact, about, contact
from generator.site.cite import citation_text, cite
from generator.site.views import Views

DAY = PartialDate(2026, 1, 2)
HISTORY = History("c" * 40, "content", PartialDate(2026, 3, 4), {"content/people/ana.yaml": DAY})
FILES = base(**{CLAIM_FILE: claim("a").replace("The fund lost money.", "The fund *lost* money")})


def views(**config: object) -> Views:
    links = linked(FILES, dataclasses.replace(CONFIG, **config))
    return Views(dataclasses.replace(links, history=HISTORY), 2)


def test_the_full_text_names_page_dossier_curator_date_and_address():
    text = citation_text("Ana Lind", "The fund dossier", "Mira Holt", "https://example.org/people/ana/", DAY)
    assert text == ("“Ana Lind.” The fund dossier, curated by Mira Holt. Last changed 2 January 2026. "
                    "https://example.org/people/ana/")


def test_what_is_not_known_is_left_out():
    assert citation_text("Ana Lind", "The fund dossier", None, None, None) == "“Ana Lind.” The fund dossier."


def test_a_title_ending_in_its_own_punctuation_gets_no_second_full_stop():
    assert citation_text("Who paid?", "Dossier.", None, None, None) == "“Who paid?” Dossier."


def test_a_record_page_is_cited_with_its_files_date_and_its_address():
    page = views(curator="Mira Holt", base_url="https://example.org/")
    assert cite(page, "person", "ana", "Ana Lind") == (
        "“Ana Lind.” Test dossier, curated by Mira Holt. Last changed 2 January 2026. "
        "https://example.org/people/ana/index.html")
    assert keys.last_changed("person", "ana") in page.touched


def test_the_address_follows_the_link_style():
    page = views(base_url="https://example.org/dossier/", link_style="directory")
    assert cite(page, "person", "ana", "Ana Lind").endswith(" https://example.org/dossier/people/ana/")


def test_a_claim_is_cited_by_its_statement_as_plain_text_and_an_uncommitted_file_has_no_date():
    assert cite(views(), "claim", "a", "Claim: a") == "“The fund lost money.” Test dossier."


@pytest.mark.parametrize(("text", "expected"), [
    ("corrections@example.org", Contact("corrections@example.org", "mailto:corrections@example.org")),
    ("a+b@example.org", Contact("a+b@example.org", "mailto:a+b@example.org")),
    ("https://example.org/contact", Contact("https://example.org/contact", "https://example.org/contact")),
    ("HTTP://example.org/", Contact("HTTP://example.org/", "HTTP://example.org/")),
    ("The newsroom, by post", Contact("The newsroom, by post", None)),
    ("javascript:alert(1)", Contact("javascript:alert(1)", None)),
    ("write to a@b", Contact("write to a@b", None)),
])
def test_a_contact_is_linked_only_when_it_is_an_email_or_a_web_address(text, expected):
    assert contact(text) == expected


def test_the_about_page_shows_the_settings_and_when_the_dossier_last_changed():
    page = views(curator="Mira Holt", license="CC BY 4.0", license_url="https://example.org/licence",
                 contact="a@example.org", about="# Who we are\n\nWhy *this* dossier.")
    page.start_page()
    title, context = about(page)
    assert title == TITLE
    assert context["curator"] == "Mira Holt" and context["contact"].href == "mailto:a@example.org"
    assert (context["license"], context["license_url"]) == ("CC BY 4.0", "https://example.org/licence")
    assert context["changed"] == PartialDate(2026, 3, 4)
    assert "<h2>Who we are</h2>" in context["about"] and "<em>this</em>" in context["about"]
    assert page.touched == {keys.CONFIG, keys.NAMES, keys.DOSSIER_CHANGED}


def test_a_licence_given_only_by_its_address_is_named_by_it():
    _, context = about(views(license_url="https://example.org/licence"))
    assert context["license"] == "https://example.org/licence"
    assert context["contact"] is None and context["curator"] is None
