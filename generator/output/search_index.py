"""The full-text search index of a site: its records split into bundles, each indexed by Pagefind
only when its records changed (docs/search.md).

Pagefind's memory grows with the number of records and the text they hold (about 33 KB per record
and 30 bytes per character), so a big dossier's records are split into bundles that each stay
within BUNDLE_BUDGET, indexed by separate Pagefind processes (at most one per core at a time), and
merged by the search page in the browser. A record goes to the bundle its URL hashes to, so an edit
changes one bundle and leaves the others' files as they are. What the site holds is recorded in
`.dossier-cache/search-index.json`: each bundle's folder, a digest of its records, and its files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.core import urls
from generator.core.files import write_whole
from generator.core.layout import CACHE_FOLDER
from generator.core.shelf import utf8
from generator.output.pagefind import SearchIndexError, index_bundle
from generator.output.search_files import FormatError, normalise_bundle
from generator.output.write import OutputError, Staging, write_files
from generator.site.search_records import SearchRecord

FORMAT = "dossier-search-2 pagefind-1.5.2"
"""Changes whenever the bundles would be made differently: a cache of another format is ignored."""
RECORD_COST = 33_000
CHARACTER_COST = 55
"""Pagefind's peak memory, in bytes, per record and per character of text (measured: docs/performance.md)."""
BUNDLE_BUDGET = 450 * 1024 * 1024
"""The most memory one Pagefind process should need, so that no process of a build needs 500 MB
(docs/performance.md). Two run at once, but take turns to write
their files, where the peak is (the other one, taking records in, needs a quarter as much)."""
SPLIT_FROM = 128 * 1024 * 1024
"""An index expected to need this much memory or more is split into two bundles at least, so that
two cores index it at once (a bundle is indexed by one Pagefind process, which mostly uses one
core); a smaller one stays whole, since each bundle adds a few files to a first query."""
BUNDLE_LIST = urls.SEARCH_BUNDLE + "bundles.json"
"""The bundles the search page merges, read by its script."""
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js", "wasm.unknown.pagefind")
"""Pagefind's own user interfaces (the search page has its own, templates/assets/search.js), and
the code for pages of no known language (every record is indexed as one language)."""


@dataclass(frozen=True, slots=True)
class Bundle:
    path: str
    """Its folder in the site: `pagefind/`, then `pagefind/2/`, `pagefind/3/`…"""
    records: tuple[SearchRecord, ...]
    digest: str

    @property
    def cost(self) -> int:
        """The memory Pagefind is expected to need for it, in bytes."""
        return _cost(self.records)


@dataclass(frozen=True, slots=True)
class Installed:
    """One bundle as the site holds it."""

    digest: str
    files: dict[str, int]
    """Each file, relative to the site, and its size."""


@dataclass(frozen=True, slots=True)
class Indexing:
    """What indexing the search cost: the bundles made again, their records, the time, and the
    highest peak memory of one Pagefind process (None: nothing indexed, or not known)."""

    bundles: int = 0
    records: int = 0
    seconds: float = 0.0
    peak_memory: int | None = None

    def describe(self, total: int) -> str:
        if not self.bundles:
            return f"search index: unchanged ({total} bundle{'s' * (total != 1)})"
        memory = f", peak {self.peak_memory / 2 ** 20:.0f} MB" if self.peak_memory else ""
        return (f"search index: {self.records} records in {self.bundles} of {total} bundle{'s' * (total != 1)} "
                f"indexed in {self.seconds:.1f} s{memory}")


def plan(records: Iterable[SearchRecord]) -> list[Bundle]:
    """The bundles of these records: as few as keep each within BUNDLE_BUDGET."""
    every = list(records)
    cost = _cost(every)
    count = max(1 if cost < SPLIT_FROM else 2, math.ceil(cost / BUNDLE_BUDGET))
    shares: list[list[SearchRecord]] = [[] for _ in range(count)]
    for record in every:
        shares[_bucket(record.url, count)].append(record)
    return [Bundle(_bundle_path(number), tuple(share), _digest(share)) for number, share in enumerate(shares, 1)]


def _cost(records: Iterable[SearchRecord]) -> int:
    return sum(RECORD_COST + CHARACTER_COST * record.size for record in records)


def _bucket(url: str, count: int) -> int:
    return int.from_bytes(hashlib.blake2b(url.encode(), digest_size=8).digest(), "big") % count


def _bundle_path(number: int) -> str:
    return urls.SEARCH_BUNDLE if number == 1 else f"{urls.SEARCH_BUNDLE}{number}/"


def _digest(records: list[SearchRecord]) -> str:
    """What a bundle's records say, digested: a record's text as its UTF-8 bytes, as a shelf holds
    them (core/shelf.py: neither decoded nor escaped; the preview digests every record once its
    edits pause, on the server's loop)."""
    digest = hashlib.blake2b(FORMAT.encode(), digest_size=16)
    for record in records:
        fields = [record.url, record.title, record.kind.name, record.lead, record.filters,
                  record.date, [dataclasses.astuple(section) for section in record.sections]]
        content = utf8(record.content)
        digest.update(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode())
        digest.update(len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()


def cache_path(root: Path) -> Path:
    return root / CACHE_FOLDER / "search-index.json"


def installed(root: Path, output: Path) -> dict[str, Installed]:
    """The bundles the site holds, by folder: those the cache records whose files are all there with
    their sizes (a site changed by hand, or a build killed while it moved files, is indexed again)."""
    try:
        recorded = json.loads(cache_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(recorded, dict) or recorded.get("format") != FORMAT:
        return {}
    return {path: Installed(entry["digest"], entry["files"]) for path, entry in recorded["bundles"].items()
            if _complete(output, entry["files"])}


def _complete(output: Path, files: dict[str, int]) -> bool:
    try:
        return all(os.stat(output / relative).st_size == size for relative, size in files.items())
    except OSError:
        return False


def remember(root: Path, bundles: dict[str, Installed]) -> None:
    """Record the site's bundles for the next build (written after the site is)."""
    path = cache_path(root)
    path.parent.mkdir(exist_ok=True)
    data = {"format": FORMAT, "bundles": {name: dataclasses.asdict(bundle) for name, bundle in sorted(bundles.items())}}
    write_whole(path, json.dumps(data, sort_keys=True).encode("utf-8"))


def stale(bundles: list[Bundle], site: dict[str, Installed]) -> list[Bundle]:
    """The bundles the site does not hold as they are now."""
    return [bundle for bundle in bundles if site.get(bundle.path, Installed("", {})).digest != bundle.digest]


def index(bundles: list[Bundle], into: Path, workers: int, progress: Callable[[str], None] = lambda _: None
          ) -> tuple[dict[str, Installed], Indexing]:
    """Index each bundle into `into` (a folder laid out as the site), `workers` at a time; each
    bundle's files and what it cost. Raises SearchIndexError with a one-line reason."""
    started = time.perf_counter()
    made: dict[str, Installed] = {}
    peaks: list[int] = []
    failures: list[Exception] = []
    pending = list(bundles)
    lock = threading.Lock()
    big = any(bundle.cost > BUNDLE_BUDGET / 2 for bundle in bundles)
    writing = threading.Lock() if big else None  # two small bundles may write at once

    def work() -> None:
        while True:
            with lock:
                if not pending or failures:
                    return
                bundle = pending.pop(0)
            try:
                files, peak = _index_one(bundle, into, writing)
            except (SearchIndexError, FormatError, OSError) as error:
                with lock:
                    failures.append(error)
                return
            with lock:
                made[bundle.path] = Installed(bundle.digest, files)
                peaks.extend([peak] if peak else [])
                if len(bundles) > 1:
                    progress(f"search index: bundle {len(made)} of {len(bundles)} indexed")

    count = max(1, min(workers, len(bundles)))
    threads = [threading.Thread(target=work, name=f"search-index-{number}") for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SearchIndexError(_reason(failures[0]))
    return made, Indexing(len(bundles), sum(len(b.records) for b in bundles), time.perf_counter() - started,
                          max(peaks) if peaks else None)


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return f"cannot write the search index: {error.strerror or error} ({error.filename})"
    if isinstance(error, FormatError):
        return f"the search index is not as expected: {error}"
    return str(error)


def _index_one(bundle: Bundle, into: Path, writing: threading.Lock | None) -> tuple[dict[str, int], int | None]:
    """Index one bundle and write its files, in a stable order and without the unused ones, into
    place in `into`: (each file's path in the site → its size, the indexer's peak memory)."""
    files, indexed = index_bundle(bundle.records, writing)
    kept = normalise_bundle({path: data for path, data in files.items() if path not in UNUSED})
    write_files(into / bundle.path, kept)
    return {bundle.path + path: len(data) for path, data in sorted(kept.items())}, indexed.peak_memory


@dataclass(frozen=True, slots=True)
class SearchSite:
    """The search index a site holds after a build: its bundles, the list the search page reads,
    and what this build's indexing cost."""

    bundles: dict[str, Installed]
    listing: bytes | None
    """`pagefind/bundles.json`, or None when the site has no index yet."""
    indexing: Indexing = Indexing()

    @property
    def files(self) -> set[str]:
        listed = {BUNDLE_LIST} if self.listing is not None else set()
        return listed.union(*(bundle.files for bundle in self.bundles.values()))


def prepare(records: Iterable[SearchRecord], root: Path, output: Path, into: Path, workers: int, later: bool,
            progress: Callable[[str], None] = lambda _: None) -> SearchSite:
    """The search index of a full build staged in `into`: bundles whose records are unchanged stay
    as the site holds them; the others are indexed now, or, `later`, left for the caller (the site
    keeps its old bundles meanwhile, so search goes on working with what it knew)."""
    holds = installed(root, output)
    if later:
        return SearchSite(holds, _listing(holds))
    bundles, todo = pending(records, holds)
    made, indexing = index(todo, into, workers, progress)
    current = {bundle.path: made.get(bundle.path) or holds[bundle.path] for bundle in bundles}
    return SearchSite(current, _listing(current), indexing)


def pending(records: Iterable[SearchRecord], holds: dict[str, Installed]) -> tuple[list[Bundle], list[Bundle]]:
    """The bundles of `records`, and those of them the site (which `holds` these) does not hold as
    they are now."""
    bundles = plan(records)
    return bundles, stale(bundles, holds)


def _bundle_number(path: str) -> int:
    rest = path.removeprefix(urls.SEARCH_BUNDLE).rstrip("/")
    return int(rest) if rest.isdigit() else 1


def _listing(paths: Iterable[str]) -> bytes | None:
    """`pagefind/bundles.json`: the folders of the bundles besides the first, relative to the first,
    in order; None when there is no first bundle."""
    ordered = sorted(paths, key=_bundle_number)
    if urls.SEARCH_BUNDLE not in ordered:
        return None
    others = [path.removeprefix(urls.SEARCH_BUNDLE) for path in ordered if path != urls.SEARCH_BUNDLE]
    return (json.dumps({"merge": others}) + "\n").encode()


def install(made: dict[str, Installed], bundles: list[Bundle], work: Path, root: Path, output: Path,
            protected: Iterable[Path]) -> dict[str, Installed]:
    """Put bundles indexed into `work` (laid out as the site) into a site that is already written,
    as a build writes its files (output.write.Staging); remove the bundles' old files and any
    bundle no longer planned; record the result. Returns the bundles the site now holds."""
    holds = installed(root, output)
    current = {bundle.path: made.get(bundle.path) or holds.get(bundle.path) for bundle in bundles}
    now = {path: bundle for path, bundle in current.items() if bundle is not None}
    kept = set().union(*(bundle.files for bundle in now.values()))
    removed = set().union(*(bundle.files for bundle in holds.values())) - kept
    staging = Staging(output, protected)
    try:
        for bundle in made.values():
            for relative in bundle.files:
                target = staging.folder / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(work / relative, target)
        listing = _listing(now)
        if listing is not None:
            staging.put(BUNDLE_LIST, listing)
    except OSError as error:
        staging.abort()
        raise OutputError(f"cannot write the search index into {output}: {error.strerror or error}") from None
    staging.commit(None, removed)
    remember(root, now)
    return now


def work_folder(root: Path) -> Path:
    """Where bundles are indexed before they are moved into a site already written."""
    return root / CACHE_FOLDER / "search-work"


def refresh(records: Iterable[SearchRecord], root: Path, output: Path, protected: Iterable[Path], workers: int,
            progress: Callable[[str], None] = lambda _: None) -> SearchSite:
    """Bring the search index of a site already written up to date with `records` (a rebuild by a
    Builder kept between builds): index the bundles whose records changed and put them in place."""
    holds = installed(root, output)
    bundles, todo = pending(records, holds)
    if not todo and set(holds) == {bundle.path for bundle in bundles}:
        return SearchSite(holds, _listing(holds))
    work = work_folder(root)
    shutil.rmtree(work, ignore_errors=True)
    try:
        made, indexing = index(todo, work, workers, progress)
        now = install(made, bundles, work, root, output, protected)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return SearchSite(now, _listing(now), indexing)
