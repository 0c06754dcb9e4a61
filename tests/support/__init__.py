"""Helpers the test modules share, one module per topic; the fixtures built on them are in
tests/conftest.py. A test module imports from here, never from another test module.

- `dossiers`: paths of the repository and fixtures, copying, building and comparing whole sites;
- `edits`: edits made to a dossier's files, as a curator or an editor saves them;
- `processes`: `dossier` run in its own process;
- `servers`: a plain static web server, and `dossier serve` started on a free port;
- `html`: reading built pages: links, anchors, the text of an element;
- `captures`: captures (HTML, PDF, WARC, WACZ) built in code;
- `records`: small dossiers made in memory from file texts, validated, resolved and linked (unit tests);
- `fuzz`: the YAML-like text the property tests generate;
- `git`: a git repository holding a dossier, for `dossier diff`.
"""
