"""Mentions of people and agencies: word boundaries, case, longest match first, ambiguity."""

from __future__ import annotations

import pickle

import pytest

from generator.text.mentions import Mention, MentionFinder, Mentions, names_to_entities


def found(finder: MentionFinder, text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.entity) for m in finder.find(text)]


def test_longest_match_wins_and_words_must_be_whole():
    finder = MentionFinder({"Abykayev": "nurtai", "Nurtai Abykayev": "nurtai", "IS": "is", "Islamic State": "is"})
    text = "Nurtai Abykayev said ISIS is not IS; the Islamic State, Abykayev's view."
    assert found(finder, text) == [("Nurtai Abykayev", "nurtai"), ("IS", "is"), ("Islamic State", "is"),
                                   ("Abykayev", "nurtai")]


def test_names_shared_by_two_entities_are_not_linked():
    names = names_to_entities([("ana", ["Ana Lind", "Lind"]), ("lind-co", ["Lind", "Lind & Co"])])
    assert names == {"Ana Lind": "ana", "Lind & Co": "lind-co"}


def test_thousands_of_aliases_in_one_pass():
    names = {f"Person {i:05d}": f"p{i}" for i in range(5000)}
    finder = MentionFinder(names)
    text = (" and ".join(f"Person {i:05d}" for i in range(0, 5000, 7)) + ". ") * 3
    assert len(finder.find(text)) == 3 * len(range(0, 5000, 7))


def test_no_names_no_mentions():
    assert MentionFinder({}).find("anything") == []


def test_mentions_held_as_numbers_read_back_as_the_mentions_found() -> None:
    found = [Mention(0, 8, "ana"), Mention(70_000, 70_011, "harbour-fund"), Mention(70_020, 70_028, "ana")]
    mentions = Mentions(found)
    assert list(mentions) == found and len(mentions) == 3
    assert mentions[1] == found[1] and mentions[-1] == found[-1] and list(mentions[1:]) == found[1:]
    with pytest.raises(IndexError):
        mentions[3]
    assert mentions == Mentions(list(found)) and hash(mentions) == hash(Mentions(found))
    assert mentions != Mentions(found[:2]) and mentions != Mentions([*found[:2], Mention(70_020, 70_028, "bo")])
    assert pickle.loads(pickle.dumps(mentions)) == mentions
    assert not Mentions() and list(Mentions()) == []
