"""Pages as the preview sends them: the reload script and the preview's stylesheet added and, while
the content has errors, the list of errors shown on top. Only what is sent changes, never the
built files."""

from __future__ import annotations

import html
import re

from generator.core import diagnostics as diag
from generator.core.diagnostics import Diagnostic

ERROR_PAGE = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; "
              "script-src 'self'\"><title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p></main>"
              "</body></html>\n")


def overlay(problems: list[Diagnostic]) -> str:
    """The errors, as HTML shown at the top of every page while the content has errors."""
    items = "".join(f"<li><code>{html.escape(problem.format())}</code></li>" for problem in problems)
    return (f'<div id="dossier-errors" class="dossier-errors" role="alert">'
            f"<p><strong>dossier: {html.escape(diag.summary(problems))}.</strong> "
            f"The site shows the last good build; fix the files below and save.</p><ul>{items}</ul></div>")


def inject(page: bytes, port: int, host: str, problems: list[Diagnostic]) -> bytes:
    """The page as served: reload script and preview stylesheet added, the socket allowed by the
    page's Content-Security-Policy, and the errors listed when there are any."""
    text = _allow_socket(page.decode("utf-8", "replace"), host)
    head = (f'<link rel="stylesheet" href="/__dossier__/preview.css">'
            f'<script src="/livereload.js?port={port}"></script>')
    text = text.replace("</head>", head + "</head>", 1) if "</head>" in text else head + text
    if problems:
        body_at = text.find("<body")
        body_end = text.find(">", body_at) + 1 if body_at >= 0 else 0
        text = text[:body_end] + overlay(problems) + text[body_end:]
    return text.encode("utf-8")


_CONNECT = re.compile(r"connect-src ([^;\"]*)")


def _allow_socket(text: str, host: str) -> str:
    """The live-reload socket added to the page's `connect-src`, or a `connect-src` made for it (a
    second directive of the same name would be ignored: the search page's own `connect-src 'self'`,
    which fetches its index, must stay in force)."""
    socket = f"ws://{host}"
    if _CONNECT.search(text):
        return _CONNECT.sub(lambda found: f"connect-src {found.group(1)} {socket}", text, count=1)
    return text.replace("default-src 'none';", f"default-src 'none'; connect-src {socket};", 1)
