"""The versions of the uncommitted files kept from one look to the next (generator/history/versions.py,
ParsedVersions, as history/records.py `uncommitted` uses it): the changelog is the same as without
them at every edit, a file is parsed again only when its bytes or the settings changed, and a look
keeps only the versions it used."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from support.git import Repo
from support.records import CONFIG

from generator.core.model import Config
from generator.history import versions, walk
from generator.history.changelog import Changelog
from generator.history.records import read_changelog, uncommitted
from generator.history.versions import FileVersion, ParsedVersions

AUDIT = "content/claims/audit.yaml"
ANA = "content/people/ana-lind.yaml"
MIRA = "content/people/mira-holt.yaml"
LOSS = "content/figures/harbour-fund-loss-2020.yaml"
GAZETTE = "content/sources/gazette-2021-03-04-harbour-fund.txt"
NEW = "content/people/new-person.yaml"
PEOPLE = [f"content/people/p{number:02}.yaml" for number in range(20)]


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the versions parsed from now on, of the working tree and of git's objects
    (walk imports the name)."""
    parsed: list[str] = []
    real = versions.parse_version

    def counting(data, path, *args, **kwargs):
        parsed.append(path)
        return real(data, path, *args, **kwargs)

    monkeypatch.setattr(versions, "parse_version", counting)
    monkeypatch.setattr(walk, "parse_version", counting)
    return parsed


def look(repo: Repo, log: Changelog, parsed: ParsedVersions, config: Config = CONFIG) -> Changelog:
    """The changelog with the uncommitted edits, checked against one read without kept versions."""
    shown = uncommitted(repo.root, config, log, parsed)
    assert shown == uncommitted(repo.root, config, log)
    return shown


def ahead(log: Changelog) -> list[tuple[str, str, str]]:
    return [(change.kind, change.record_id, change.status) for change in log.changes if not change.commit.committed]


def edits(repo: Repo) -> Iterator[list[tuple[str, str, str]]]:
    """A curator's edits one after the other, each followed by the changes it should show."""
    original = (repo.root / AUDIT).read_text(encoding="utf-8")
    repo.edit(AUDIT, "value: 2000000", "value: 2500000")
    yield [("claim", "berg-fund-lost-2-million", "changed")]
    repo.edit(ANA, "name: Ana Lind", "name: Ana Lind-Berg")
    yield [("claim", "berg-fund-lost-2-million", "changed"), ("person", "ana-lind", "changed")]
    repo.edit(LOSS, "unit: euros", "unit: dollars")
    yield [("claim", "berg-fund-lost-2-million", "changed"), ("figure", "harbour-fund-loss-2020", "changed"),
           ("person", "ana-lind", "changed")]
    repo.write({AUDIT: original})
    yield [("figure", "harbour-fund-loss-2020", "changed"), ("person", "ana-lind", "changed")]
    (repo.root / MIRA).unlink()
    yield [("figure", "harbour-fund-loss-2020", "changed"), ("person", "ana-lind", "changed"),
           ("person", "mira-holt", "removed")]
    repo.write({NEW: "name: New Person\n"})
    yield [("figure", "harbour-fund-loss-2020", "changed"), ("person", "ana-lind", "changed"),
           ("person", "mira-holt", "removed"), ("person", "new-person", "added")]


def test_kept_versions_give_the_same_changelog_at_every_edit(repo):
    log = read_changelog(repo.root, CONFIG)
    parsed = ParsedVersions()
    for expected in edits(repo):
        assert ahead(look(repo, log, parsed)) == expected


def test_a_look_with_no_new_edit_parses_nothing_again(repo, monkeypatch):
    log = read_changelog(repo.root, CONFIG)
    parsed = ParsedVersions()
    counted = parses(monkeypatch)
    for _ in edits(repo):
        look(repo, log, parsed)
        used = dict(parsed.used)
        before = len(counted)
        uncommitted(repo.root, CONFIG, log, parsed)
        assert len(counted) == before
        assert parsed.used.keys() == used.keys()
        assert all(parsed.used[key] is version for key, version in used.items())


def test_only_the_file_whose_bytes_changed_is_parsed_again(repo, monkeypatch):
    log = read_changelog(repo.root, CONFIG)
    parsed = ParsedVersions()
    repo.edit(AUDIT, "value: 2000000", "value: 2500000")
    repo.edit(ANA, "name: Ana Lind", "name: Ana Lind-Berg")
    look(repo, log, parsed)
    counted = parses(monkeypatch)
    repo.edit(AUDIT, "value: 2500000", "value: 3000000")
    shown = uncommitted(repo.root, CONFIG, log, parsed)
    assert counted == [AUDIT], "its new bytes only: its version at HEAD, Ana's and the figure's are kept"
    assert shown.of("claim", "berg-fund-lost-2-million")[0].lines == (
        "value: about 2 million euros → about 3 million euros",)


def test_the_same_bytes_written_again_are_not_parsed_again(repo, monkeypatch):
    log = read_changelog(repo.root, CONFIG)
    parsed = ParsedVersions()
    repo.edit(ANA, "name: Ana Lind", "name: Ana Lind-Berg")
    look(repo, log, parsed)
    counted = parses(monkeypatch)
    repo.write({ANA: (repo.root / ANA).read_text(encoding="utf-8")})
    look(repo, log, parsed)
    assert counted == [ANA, ANA], "by the look without kept versions only"


@pytest.mark.parametrize("setting", [{"language": "fr"}, {"content_dir": "./content"}])
def test_other_settings_forget_the_kept_versions(repo, monkeypatch, setting):
    log = read_changelog(repo.root, CONFIG)
    parsed = ParsedVersions()
    repo.edit(GAZETTE, "kind: news", "kind: report")
    look(repo, log, parsed)
    kept = dict(parsed.used)
    counted = parses(monkeypatch)
    other = dataclasses.replace(CONFIG, **setting)
    shown = uncommitted(repo.root, other, log, parsed)
    assert sorted(counted) == [GAZETTE, GAZETTE], "its version at HEAD and its working version"
    assert parsed.kept == {} and parsed.config == other
    assert not any(parsed.used[key] is version for key, version in kept.items())
    assert shown == uncommitted(repo.root, other, log)


def test_sources_read_with_another_language_take_it(repo):
    log = read_changelog(repo.root, CONFIG)
    parsed = ParsedVersions()
    repo.edit(GAZETTE, "kind: news", "kind: report")
    look(repo, log, parsed)
    french = dataclasses.replace(CONFIG, language="fr")
    look(repo, log, parsed, french)
    assert {language(version) for version in parsed.used.values()} == {"fr"}


def language(version: FileVersion) -> str:
    record, = version.records.values()
    return record.model.language


def test_a_look_keeps_only_the_versions_it_used(repo, monkeypatch):
    """Twenty files edited one after another, each put back before the next: the versions kept are
    those of the file edited last, however many came before."""
    repo.write({path: f"name: Person {number}\n" for number, path in enumerate(PEOPLE)})
    repo.commit("Twenty people")
    log = read_changelog(repo.root, CONFIG)
    parsed = ParsedVersions()
    for number, path in enumerate(PEOPLE):
        if number:
            repo.write({PEOPLE[number - 1]: f"name: Person {number - 1}\n"})
        repo.write({path: f"name: Person {number}, edited\n"})
        used_before = set(parsed.used)
        assert ahead(look(repo, log, parsed)) == [("person", f"p{number:02}", "changed")]
        assert {key[0] for key in parsed.used} == {path}
        assert len(parsed.used) == 2, "its version at HEAD and its working version"
        assert parsed.kept.keys() <= used_before
