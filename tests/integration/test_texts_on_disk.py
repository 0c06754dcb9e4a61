"""A one-shot build sets its sources' texts aside on a shelf once its quotes are located
(generator/check/spill.py), the preview's Builder as it reads them; what templates receive is the
same in both: a source's own page has its `body`, and a source listed elsewhere has none, so that a
template gives the same bytes in both (docs/templates.md)."""

from __future__ import annotations

import shutil

from support.dossiers import tree

from generator.build import Builder, build

SOURCE_PAGE = ('{% extends "base.html" %}\n{% block main %}<p id="body">{{ record.format }} {{ record.body|length }} '
               '{{ record.body[:40] }}</p>{% endblock %}\n')
SOURCES_PAGE = ('{% extends "base.html" %}\n{% block main %}{% for item in sources %}<p>{{ item.source.id }} '
                '{{ item.source.body|length }}</p>{% endfor %}{% endblock %}\n')


def test_templates_see_the_same_texts_whether_they_are_on_disk_or_in_memory(dossier, tmp_path):
    root = dossier({"templates/source.html": SOURCE_PAGE, "templates/sources.html": SOURCES_PAGE})
    kept_root = tmp_path / "kept"
    shutil.copytree(root, kept_root)
    assert build(root / "config.yaml").report is not None
    assert Builder(kept_root / "config.yaml", save=False).build().report is not None
    on_disk, in_memory = tree(root / "site"), tree(kept_root / "site")
    assert on_disk == in_memory
    for name in ("fund-statement-2021-03", "gazette-2021-03-04-harbour-fund"):
        page = on_disk[f"sources/{name}/index.html"].decode()
        written = next((root / "content" / "sources").glob(f"{name}.*")).read_text(encoding="utf-8")
        shown = page.split('<p id="body">', 1)[1].split("</p>", 1)[0]
        length = int(shown.split()[1])
        assert length > 100 and length <= len(written)
    listed = on_disk["sources/index.html"].decode()
    assert "fund-statement-2021-03 0</p>" in listed and "gazette-2021-03-04-harbour-fund 0</p>" in listed
