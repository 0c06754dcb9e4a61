"""Edits that change a record but not its outline (site/keys.outline: an entity's name, a source's
details but its text): the pages that only link or list the record are not rendered again, and the
rebuild still gives exactly the bytes of a full build."""

from __future__ import annotations

import pytest
from support.edits import SAMPLE_EDITS, edited, rebuilt_like_a_full_build, replace

from generator.build import Builder

SOURCE = "content/sources/tengrinews-2014-11-20-300-kazakhstanis.txt"
EDITS = {
    "person-description": replace("content/people/dinara-urazova.yaml", "Journalist credited", "Reporter credited"),
    "agency-description": replace("content/agencies/knb.yaml", "main intelligence and security agency",
                                  "main security and intelligence agency"),
    "figure-description": replace("content/figures/age-of-most-radicals.yaml", "description: >-\n",
                                  "description: >-\n  Reported.\n"),
    "source-text": SAMPLE_EDITS["source-text-moved"],  # a paragraph its capture holds too
    "source-publisher": replace(SOURCE, "publisher: Tengrinews", "publisher: Tengrinews.kz"),
}


@pytest.mark.parametrize("hinted", [False, True], ids=["looking", "told-by-watcher"])
@pytest.mark.parametrize("name", EDITS)
def test_an_edit_beside_the_outline_rebuilds_like_a_full_build(sample, tmp_path, name, hinted):
    builder = Builder(sample / "config.yaml")
    assert builder.build().report is not None
    rebuilt_like_a_full_build(builder, sample, tmp_path, EDITS[name], hinted)


def test_a_source_text_edit_renders_the_source_page_and_no_page_that_only_cites_it(sample):
    builder = Builder(sample / "config.yaml")
    builder.build()
    result = builder.build(changed=edited(sample, EDITS["source-text"]))
    assert result.rendered == ("sources/tengrinews-2014-11-20-300-kazakhstanis/index.html",)


def test_a_person_description_renders_the_pages_that_show_it_not_those_that_name_her(sample):
    builder = Builder(sample / "config.yaml")
    builder.build()
    result = builder.build(changed=edited(sample, EDITS["person-description"]))
    assert "people/dinara-urazova/index.html" in result.rendered
    assert not any(path.startswith(("claims/", "sources/")) for path in result.rendered), result.rendered
