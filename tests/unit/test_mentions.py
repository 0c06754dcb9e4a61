"""Mentions of people and agencies: word boundaries, case, longest match first, ambiguity."""

from __future__ import annotations

from generator.text.mentions import MentionFinder, names_to_entities


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
