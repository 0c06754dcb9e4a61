"""Pages as the preview sends them (generator/serve/page.py): the live-reload socket is allowed by the
page's own Content-Security-Policy, whichever that is, and the errors are shown on top."""

from __future__ import annotations

import re

from generator.core.diagnostics import Span, error
from generator.serve.page import inject
from generator.site.pages import PAGE_CSP, SEARCH_CSP


def page(csp: str) -> bytes:
    return (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="{csp}">'
            "</head><body><main>text</main></body></html>").encode()


def policy(html: bytes) -> dict[str, str]:
    content = re.search(r'Content-Security-Policy" content="([^"]*)"', html.decode()).group(1)
    directives = [part.strip().split(" ", 1) for part in content.split(";") if part.strip()]
    names = [name for name, *_ in directives]
    assert len(names) == len(set(names)), f"a directive given twice is ignored by browsers: {names}"
    return {name: value for name, value in directives}


def test_a_page_without_connect_src_gets_one_for_the_socket():
    assert policy(inject(page(PAGE_CSP), 8000, "127.0.0.1:8000", []))["connect-src"] == "ws://127.0.0.1:8000"


def test_the_search_page_keeps_fetching_its_index_and_may_open_the_socket():
    served = policy(inject(page(SEARCH_CSP), 8000, "localhost:8000", []))
    assert served["connect-src"] == "'self' ws://localhost:8000"
    assert "'wasm-unsafe-eval'" in served["script-src"]


def test_the_reload_script_and_the_errors_are_added_to_what_is_sent():
    problem = error("yaml", "bad <YAML>", Span("content/people/ana.yaml", 3, 1))
    served = inject(page(PAGE_CSP), 8000, "127.0.0.1:8000", [problem]).decode()
    assert '<script src="/livereload.js?port=8000"></script></head>' in served
    assert 'role="alert"' in served and "bad &lt;YAML&gt;" in served
