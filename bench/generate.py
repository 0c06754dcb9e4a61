#!/usr/bin/env python3
"""A deterministic synthetic dossier for benchmarks.

    python bench/generate.py OUT --sources N [--seed S] [--captures] [--shape long] [--typographic]

At N sources: N/10 people and N/30 agencies with aliases, N/20 figures, and about three claims per
source whose quotes really occur in it, with roles, `supports`/`disputes`/`based_on` relations and
some disagreeing values, so that every stage (quote location, mention linking, backlinks, charts)
does real work. Sources are 4–6 KB of varied English-like prose that names people and agencies.
With `--captures`, every source has a capture: a saved HTML page holding its paragraphs among page
furniture (menu, headline, advertisement, comments, footer), so the capture checks do real work.
With `--shape long`, sources are three times as long (12–18 KB) and name people and agencies twice
as often, so that a measure is not tuned to one shape of dossier (docs/performance.md).
With `--typographic`, the prose has typographic apostrophes and dashes (U+2019, U+2014), as real
articles do: Python then holds each text at two bytes a character rather than one, which a measure
of memory made on plain ASCII text does not show (docs/performance.md, "Session 26").
With `--skew`, the same records lean on one of each kind rather than spreading evenly, as a dossier
about one official or one report does (docs/performance.md, "Shapes of dossier"): `hub`, every claim
is by one person, about one agency, and every value is one figure's for one year; `one-source`, every
claim and role cites one source, which holds the texts of all the others.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import random
import re
import shutil
from pathlib import Path

WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at which but have an "
         "they you were her all she there would their we him been has when who will more no if out so said what up "
         "its about into than them can only other new some could time these two may then do first any my now such "
         "like our over man me even most made after also did many before must through back years where much your "
         "way well down should because each just those people how too little state good very make world still own "
         "see men work long get here between both life being under never day same another know while last might "
         "us great old year off come since against go came right used take three security committee ministry "
         "report border militants officials figure estimate government region city province agency statement "
         "interview court prison sentence village travel recruitment network video document archive").split()
FIRST = ("Aidar Nurlan Dana Aliya Marat Gulnara Serik Timur Madina Yerlan Saule Bolat Aigerim Daniyar Zhanna Ruslan "
         "Asel Kanat Dinara Arman Elena Sergei Olga Pavel Irina Viktor Anna Boris Maria Igor").split()
LAST = ("Abenov Serikbayev Nurlanova Tokayev Ismailov Zhakupov Karimova Omarov Sadykov Bekova Tulegenov Abdrakhmanov "
        "Yessimov Suleimenov Baimukhanov Dzhaksybekov Kuanyshev Musin Petrov Ivanova Sokolov Volkova Orlov").split()
AGENCY_WORDS = ("National Regional Central Federal Independent Joint International Civil Strategic Special "
                "Public Eastern Western Northern Southern").split()
AGENCY_KINDS = ("Committee Ministry Service Agency Council Centre Office Institute Bureau Commission Foundation "
                "Directorate").split()
TOPICS = ("Security Affairs Justice Information Research Border Control Religious Affairs Defence Media Migration "
          "Counter-Terrorism Statistics Human Rights").split()
QUALIFIERS = ("about", "more than", "at least", "up to", None, None)


SKEWS = {
    "hub": ((r"^  by: person-\d+$", "  by: person-0"), (r"^  about: \[agency-\d+\]$", "  about: [agency-0]"),
            (r"^  figure: figure-\d+$", "  figure: figure-0"), (r"^  as_of: \d+$", "  as_of: 2015")),
    "one-source": ((r"source: source-\d+$", "source: source-00000"),),
}
"""Skew → the changes made to every claim (and, for `one-source`, every role) of an even dossier."""
SHAPES = {"default": (1, 0.35), "long": (3, 0.7)}
"""Shape → (how many times the default length a source is, the chance that a sentence names someone)."""


def sentence(rng: random.Random, names: list[str], naming: float = 0.35, typographic: bool = False) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    if typographic:
        typeset(rng, words)
    if names and rng.random() < naming:
        words.insert(rng.randint(0, len(words)), rng.choice(names))
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice((".", ".", ".", "?", ";")).replace(";", ".")


def typeset(rng: random.Random, words: list[str]) -> None:
    """Give some of a sentence's words a typographic apostrophe, and some sentences a dash."""
    if rng.random() < 0.3:
        words[rng.randrange(len(words))] += "\u2019s"
    if rng.random() < 0.1:
        words.insert(rng.randint(1, len(words) - 1), "\u2014")


def paragraph(rng: random.Random, names: list[str], naming: float = 0.35, typographic: bool = False) -> str:
    return " ".join(sentence(rng, names, naming, typographic) for _ in range(rng.randint(3, 7)))


def slug(text: str) -> str:
    return "-".join("".join(ch for ch in word.lower() if ch.isalnum()) for word in text.split() if word)


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def capture_page(title: str, paragraphs: list[str]) -> bytes:
    """A saved news page: the source's paragraphs, each a `<p>`, among page furniture."""
    article = "\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<script>window.track = 1;</script></head>\n<body>\n"
            f"<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\n<h1>{html.escape(title)}</h1>\n"
            f"<aside>Advertisement: subscribe today</aside>\n<article>\n{article}"
            f"\n</article>\n<section><h2>Comments</h2><p>Reader: thank you.</p></section>\n"
            f"<footer>Copyright, all rights reserved</footer>\n</body></html>\n").encode()


def capture_block(source_id: str, page: bytes, captured: str) -> str:
    return (f"capture:\n  file: {source_id}.html\n  sha256: {hashlib.sha256(page).hexdigest()}\n"
            f"  captured: {captured}\n")


def generate(out: Path, sources: int, seed: int, captures: bool = False, shape: str = "default",
             typographic: bool = False) -> None:
    length, naming = SHAPES[shape]
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("sources", "people", "agencies", "figures", "claims", *(("captures",) if captures else ())):
        (out / "content" / folder).mkdir(parents=True)
    (out / "config.yaml").write_text(f"title: Synthetic dossier of {sources} sources\nlanguage: en\n")

    agencies = []
    for index in range(max(3, sources // 30)):
        name = f"{rng.choice(AGENCY_WORDS)} {rng.choice(TOPICS)} {rng.choice(AGENCY_KINDS)} {index}"
        short = "".join(word[0] for word in name.split()[:-1]) + str(index)
        agencies.append((f"agency-{index}", name, short))
    people = []
    for index in range(max(5, sources // 10)):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        people.append((f"person-{index}", f"{first} {last} {index}", f"{last} {index}"))
    figures = [(f"figure-{index}", f"Counted {rng.choice(WORDS)} {rng.choice(WORDS)} {index}")
               for index in range(max(2, sources // 20))]

    for index, (agency_id, name, short) in enumerate(agencies):
        parent = f"\nparent: {agencies[index // 5][0]}" if index >= 5 else ""
        (out / "content" / "agencies" / f"{agency_id}.yaml").write_text(
            f"name: {name}\nshort_name: {short}\naliases: [{name} of the Republic]\nkind: government\n"
            f"country: Kazakhstan{parent}\ndescription: An agency named in {rng.randint(2, 40)} reports.\n")
    for figure_id, name in figures:
        (out / "content" / "figures" / f"{figure_id}.yaml").write_text(
            f"name: {name}\nunit: people\ndescription: A number that sources report.\n")

    all_names = [name for _, name, _ in agencies] + [name for _, name, _ in people] + [a for _, _, a in people]
    roles: dict[str, list[str]] = {person_id: [] for person_id, _, _ in people}
    claim_files: list[list[str]] = [[] for _ in range(max(1, sources // 50))]
    claim_ids: list[str] = []
    for number in range(sources):
        source_id = f"source-{number:05d}"
        paragraphs = []
        while sum(len(p) for p in paragraphs) < rng.randint(4000, 6000) * length:
            paragraphs.append(paragraph(rng, all_names, naming, typographic))
        year, month, day = 2010 + number % 12, 1 + number % 12, 1 + number % 28
        body = "\n\n".join(paragraphs)
        title = f"Report number {number} on {rng.choice(TOPICS).lower()}"
        captured = ""
        if captures:
            page = capture_page(title, paragraphs)
            (out / "content" / "captures" / f"{source_id}.html").write_bytes(page)
            captured = capture_block(source_id, page, f"{year}-{month:02d}-{day:02d}")
        (out / "content" / "sources" / f"{source_id}.txt").write_text(
            f"---\ntitle: {title}\npublisher: "
            f"{rng.choice(agencies)[1]}\ndate: {year}-{month:02d}-{day:02d}\nurl: https://example.org/reports/{number}\n"
            f"kind: news\n{captured}---\n{body}\n", encoding="utf-8")
        sentences = [s for p in paragraphs for s in p.replace("? ", ". ").split(". ") if len(s.split()) >= 8]
        picked = rng.sample(sentences, k=min(3, len(sentences)))
        for position, text in enumerate(picked):
            quote = " ".join(text.split()[2:9])
            if body.count(quote) != 1:
                continue
            claim_id = f"claim-{number:05d}-{position}"
            speaker = rng.choice(people)[0]
            lines = [f"- id: {claim_id}", f"  statement: {quoted(text.strip().rstrip('.') + '.')}",
                     f"  by: {speaker}", f"  about: [{rng.choice(agencies)[0]}]",
                     f"  date: {year}-{month:02d}-{day:02d}"]
            if rng.random() < 0.5:
                figure = rng.choice(figures)[0]
                lines += [f"  figure: {figure}", f"  value: {rng.randint(10, 900)}", f"  as_of: {year}",
                          "  derivation: made up by bench/generate.py"]  # its quotes state no such number
                if qualifier := rng.choice(QUALIFIERS):
                    lines.append(f"  qualifier: {qualifier}")
            if claim_ids and rng.random() < 0.15:
                lines.append(f"  supports: [{rng.choice(claim_ids)}]")
            if claim_ids and rng.random() < 0.08:
                lines += [f"  disputes: [{rng.choice(claim_ids)}]"]
            if claim_ids and rng.random() < 0.05:
                lines.append(f"  based_on: [{claim_ids[-1]}]")
            lines += ["  citations:", f"    - source: {source_id}", f"      quote: {quoted(quote)}"]
            claim_files[number % len(claim_files)].append("\n".join(lines))
            claim_ids.append(claim_id)
            if len(roles[speaker]) < 2 and rng.random() < 0.3:
                agency = rng.choice(agencies)[0]
                roles[speaker].append(f"  - title: Officer\n    agency: {agency}\n    since: {year}\n    citations:\n"
                                      f"      - source: {source_id}\n        quote: {quoted(quote)}")
    for person_id, name, alias in people:
        role_text = ("roles:\n" + "\n".join(roles[person_id]) + "\n") if roles[person_id] else ""
        (out / "content" / "people" / f"{person_id}.yaml").write_text(
            f"name: {name}\naliases: [{alias}]\ndescription: A person named in the reports.\n{role_text}",
            encoding="utf-8")
    for index, claims in enumerate(claim_files):
        (out / "content" / "claims" / f"claims-{index:04d}.yaml").write_text("\n\n".join(claims) + "\n",
                                                                                   encoding="utf-8")


def skew(out: Path, kind: str) -> None:
    """Make the generated dossier at `out` lean on one record of each kind (SKEWS)."""
    files = sorted((out / "content" / "claims").glob("*.yaml"))
    if kind == "one-source":
        sources = sorted((out / "content" / "sources").glob("*.txt"))
        heads, bodies = zip(*(path.read_text(encoding="utf-8").split("\n---\n", 1) for path in sources))
        sources[0].write_text(heads[0] + "\n---\n" + "\n\n".join(body.strip() for body in bodies) + "\n",
                              encoding="utf-8")
        files += sorted((out / "content" / "people").glob("*.yaml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern, replacement in SKEWS[kind]:
            text = re.sub(pattern, replacement, text, flags=re.MULTILINE)
        path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--captures", action="store_true", help="give every source a capture (a saved HTML page)")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="default",
                        help="long: sources three times as long, naming people and agencies twice as often")
    parser.add_argument("--typographic", action="store_true",
                        help="typographic apostrophes and dashes in the prose (texts no longer plain ASCII)")
    parser.add_argument("--skew", choices=sorted(SKEWS),
                        help="hub: every claim by one person and about one agency, every value one figure's for "
                             "one year; one-source: every claim cites one source holding all the texts")
    args = parser.parse_args()
    if args.skew and args.captures:
        parser.error("--skew is for dossiers without captures (one-source changes the texts the captures hold)")
    generate(args.out, args.sources, args.seed, args.captures, args.shape, args.typographic)
    if args.skew:
        skew(args.out, args.skew)


if __name__ == "__main__":
    main()
