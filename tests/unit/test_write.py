"""When a full build replaces the site in one rename, and when it moves its changed files one by one."""

from __future__ import annotations

import pytest

from generator.write import SWAP_LINKS, _worth_swapping


def site_files(count: int) -> set[str]:
    return {f"claims/c{number}/index.html" for number in range(count)}


@pytest.mark.parametrize(("staged", "site_size", "swap"), [
    (1, 200, True),                           # a small site: always whole
    (3, SWAP_LINKS + 3, True),
    (3, SWAP_LINKS + 4, False),               # a big site with a few changed pages: only those move
    (20_000, 40_000, True),                   # half of a big site changed: linking the rest is cheap
    (19_999, 40_000, False),
])
def test_a_site_is_swapped_whole_unless_it_is_big_and_barely_changed(staged, site_size, swap):
    assert _worth_swapping(staged, site_files(site_size)) is swap
