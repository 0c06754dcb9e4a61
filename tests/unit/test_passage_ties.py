"""Two citations of one passage whose quotes differ only in what quotes.fold_quote folds (a straight
and a curly apostrophe): the source's passages, and so its page, are the same after an edit as in a
build from scratch."""

from __future__ import annotations

from support.records import CLAIM_FILE, base, claim, validated

from generator.check.parts import ResolveCache
from generator.check.resolve import resolve
from generator.incremental.changes import reported
from generator.incremental.relink import relink
from generator.link.cache import LinkCache
from generator.link.links import link

MEMO = "sources/memo.txt"
STRAIGHT, CURLY = "the fund's board paid", "the fund\u2019s board paid"
FILES = base(**{MEMO: "---\ntitle: Memo\npublisher: The Gazette\ndate: 2021-03-04\n---\n"
                      "In 2020 the fund's board paid two million euros.\n",
                "claims/more.yaml": "".join(claim(f"f{number:02}", quote="the auditors said") for number in range(16))})


def cites_memo(claim_id: str, quote: str, by: str = "ana") -> str:
    return claim(claim_id, quote=f'"{quote}"', by=by).replace("source: gazette", "source: memo")


OTHER = "two million euros"


def claims(a: str, b: str) -> str:
    return cites_memo("a", a) + cites_memo("b", b, by="fund")


def test_a_claim_edit_relinked_gives_the_passages_of_a_link_from_scratch():
    """b comes to quote a's passage, with a straight apostrophe where a has a curly one: two quotes,
    one location, one anchor (a link from scratch lists them in the claims' order)."""
    first = validated({**FILES, CLAIM_FILE: claims(CURLY, OTHER)})
    cache, resolve_cache = LinkCache(), ResolveCache()
    previous = link(resolve(first.dossier, first.broken, resolve_cache)[0], cache)
    second = validated({**FILES, CLAIM_FILE: claims(CURLY, STRAIGHT)}, previous=first)
    change = reported(second.changed)
    resolved, _ = resolve(second.dossier, second.broken, resolve_cache, second.replaced)
    patched, _ = relink(previous, resolved, cache, change)
    fresh = link(resolve(second.dossier, second.broken)[0])
    assert len(fresh.passages["memo"]) == 2
    assert patched.passages["memo"] == fresh.passages["memo"]


def test_a_full_resolve_from_a_kept_cache_gives_the_passages_of_one_from_scratch():
    """A claim edit and a person edit in one rebuild: a full resolve, its claims' part made from the
    last one (claims.claims_part) when few claims have new checks."""
    first = validated({**FILES, CLAIM_FILE: claims(OTHER, STRAIGHT)})
    cache = ResolveCache()
    resolve(first.dossier, first.broken, cache)
    second = validated({**FILES, CLAIM_FILE: claims(CURLY, STRAIGHT), "people/ana.yaml": "name: Ana Lindqvist\n"},
                       previous=first)
    kept, _ = resolve(second.dossier, second.broken, cache)
    fresh, _ = resolve(second.dossier, second.broken)
    assert link(kept).passages["memo"] == link(fresh).passages["memo"]
