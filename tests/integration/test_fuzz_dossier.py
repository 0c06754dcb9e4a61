"""Property test: whatever a curator (or an attacker) saves as a person file, checking the whole
dossier never raises, and every diagnostic points into a file that exists."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from support.fuzz import FUZZ_SETTINGS, yamlish

from generator.build import check

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "complete"
PERSON = "content/people/x.yaml"


@FUZZ_SETTINGS
@given(st.sampled_from(["name: ", "aliases: ", "roles:\n  - ", "description: ", "name: x\nroles: "]), yamlish)
def test_check_of_a_dossier_with_a_random_person_file_never_raises(tmp_path_factory, prefix, text):
    root = tmp_path_factory.mktemp("fuzz") / "dossier"
    shutil.copytree(FIXTURE, root)
    (root / PERSON).write_bytes((prefix + text).encode("utf-8"))
    checked = check(root / "config.yaml")
    assert checked.config is not None
    for diagnostic in checked.diagnostics:
        assert diagnostic.span.path, diagnostic
        assert diagnostic.span.line >= 1 and diagnostic.span.col >= 1, diagnostic
        assert (root / diagnostic.span.path).exists(), diagnostic
    shutil.rmtree(root.parent)
