"""A dossier's own templates run in Jinja's sandbox: they render what they are given, with every
language feature, but cannot reach Python's internals. Real Jinja server-side template injection
payloads end in a template error at their line, with nothing executed and nothing written."""

from __future__ import annotations

import shutil

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment, SecurityError
from markupsafe import Markup
from support.dossiers import REPO, tree

from generator.build import build
from generator.site import render
from generator.site.render import environment

PAYLOAD_LINE = 4
"""The line of templates/person.html that holds the payload."""

PAYLOADS = {
    "a class's __init__ globals (the red team's)": '{{ cycler.__init__.__globals__.os.popen("touch MARKER").read() }}',
    "a function's globals": "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
    "the template's private context": "{{ self._TemplateReference__context.cycler.__init__.__globals__.os"
                                      ".system('touch MARKER') }}",
    "object's subclasses through __mro__": "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
                                           "{% if c.__name__ == '_wrap_close' %}"
                                           "{{ c.__init__.__globals__['system']('touch MARKER') }}"
                                           "{% endif %}{% endfor %}",
    "object's subclasses through mro()": "{% for c in dict.mro()[-1].__subclasses__() %}"
                                         "{% if c.__name__ == '_wrap_close' %}"
                                         "{{ c.__init__.__globals__['system']('touch MARKER') }}"
                                         "{% endif %}{% endfor %}",
    "a bound method's __self__": "{{ card.__self__.__class__.__init__.__globals__['__builtins__']['__import__']('os')"
                                 ".system('touch MARKER') }}",
    "a record's class": "{{ record.__class__.__init__.__globals__['__builtins__']['__import__']('os')"
                        ".system('touch MARKER') }}",
    "the attr filter": "{{ (cycler|attr('__init__')|attr('__globals__'))['os'].system('touch MARKER') }}",
    "subscripts instead of dots": "{{ joiner['__init__']['__globals__']['os'].system('touch MARKER') }}",
    "namespace's globals": "{{ namespace.__init__.__globals__.__builtins__.__import__('os').system('touch MARKER') }}",
    "str.format reading attributes": "{{ '{0.__init__.__globals__[os].environ}'.format(cycler) }}",
    "changing a list the page was given": "{{ site.nav.append({}) }}",
    "changing a dict the page was given": "{{ site.update(title='x') }}",
}


def person_template(body: str) -> str:
    """A person page whose line PAYLOAD_LINE is `body`."""
    return "{% extends 'base.html' %}\n{% block main %}\n<p>ok</p>\n" + body + "\n{% endblock %}\n"


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_template_injection_payload_is_a_template_error_at_its_line(payload, dossier, cli, tmp_path):
    marker = tmp_path / "executed"
    root = dossier({"templates/person.html": person_template(payload.replace("MARKER", str(marker)))})
    run = cli("build", cwd=root)
    assert run.code == 1
    assert run.lines[0].startswith(f"templates/person.html:{PAYLOAD_LINE}:1: error: template error: ")
    assert "Traceback" not in run.err + run.out
    assert not marker.exists()
    assert not (root / "site").exists()


def test_the_error_names_the_attribute_refused_and_why(dossier, cli):
    root = dossier({"templates/person.html": person_template(PAYLOADS["a class's __init__ globals (the red team's)"])})
    run = cli("build", cwd=root)
    assert run.lines[0] == (f"templates/person.html:{PAYLOAD_LINE}:1: error: template error: templates may not read "
                            "'__init__' of a 'type' object (templates run in a sandbox: docs/templates.md)")


REALISTIC_PERSON = """\
{% extends "base.html" %}
{% from "partials/macros.html" import ref_list, role_item %}
{% import "badges.html" as badges %}
{% macro fact(label) %}<dt>{{ label }}</dt><dd>{{ caller() }}</dd>{% endmacro %}
{% block main %}
<h1>{{ record.name|upper }} {{ badges.badge(record.id|replace("-", " ")|title) }}</h1>
{% set ns = namespace(cited=0) %}
{% for role in roles %}{% set ns.cited = ns.cited + role.citations|length %}{% endfor %}
<dl>
{% call fact("Also written") %}{{ record.aliases|map("lower")|sort|join(" / ") or "none" }}{% endcall %}
{% call fact("Citations of roles") %}{{ ns.cited }} ({{ "%d%%"|format(100) }}, {{ "{} of {}"
   .format(1, 1) }}){% endcall %}
{% for key, value in {"claims": claims_by|length + claims_about|length, "related": related|length}|dictsort %}
{% call fact(key|capitalize) %}{{ value }}{{ loop.cycle(" odd", " even") }}{% endcall %}
{% endfor %}
</dl>
<ul class="ids">{% for group in related|groupby("kind") %}<li>{{ group.grouper }}: {{
   group.list|map(attribute="id")|join(", ") }}</li>{% endfor %}</ul>
{% for claim in claims_about|selectattr("status", "equalto", "reported")|list %}{{ card(claim) }}{% endfor %}
{% include "partials/entity_body.html" %}
{% endblock %}
"""


def test_a_realistic_override_renders_every_language_feature(dossier):
    badges = '{% macro badge(text) %}<span class="badge">{{ text }}</span>{% endmacro %}\n'
    root = dossier({"templates/person.html": REALISTIC_PERSON, "templates/badges.html": badges})
    result = build(root / "config.yaml")
    assert result.report is not None, [problem.format() for problem in result.checked.diagnostics]
    page = (root / "site" / "people" / "ana-lind" / "index.html").read_text()
    assert '<h1>ANA LIND <span class="badge">Ana Lind</span></h1>' in page
    assert "<dt>Also written</dt><dd>lind</dd>" in page
    assert "<dt>Citations of roles</dt><dd>1 (100%, 1 of 1)</dd>" in page
    assert "<dt>Claims</dt><dd>" in page and " odd</dd>" in page and " even</dd>" in page
    assert '<li>agency: harbour-fund' in page
    assert "data-claim=" in page
    assert "Claims made by Ana Lind" in page  # the built-in partial, included


@pytest.mark.parametrize("dossier_folder", [REPO, REPO / "tests" / "fixtures" / "complete"], ids=["sample", "complete"])
def test_the_sandbox_changes_no_byte_of_the_shipped_templates_output(dossier_folder, tmp_path, monkeypatch):
    """Every shipped template renders in the sandbox, and in dossier's own environment (which reads
    a dict's keys first), exactly as it does in Jinja's plain environment."""
    sites = {}
    for name, sandboxed, plain in (("sandboxed", True, render._Environment), ("own", False, render._Environment),
                                   ("Jinja's", False, jinja2.Environment)):
        monkeypatch.setattr(render, "has_own_templates", lambda _, sandboxed=sandboxed: sandboxed)
        monkeypatch.setattr(render, "_Environment", plain)
        root = tmp_path / name
        shutil.copytree(dossier_folder / "content", root / "content")
        shutil.copy(dossier_folder / "config.yaml", root / "config.yaml")
        assert build(root / "config.yaml").report is not None
        sites[name] = tree(root / "site")
    assert sites["sandboxed"] == sites["Jinja's"]
    assert sites["own"] == sites["Jinja's"]


@pytest.mark.parametrize("make", [lambda: render._Environment(), lambda: render._Sandbox()], ids=["own", "sandboxed"])
def test_a_dicts_keys_and_methods_read_as_in_jinja(make):
    """`d.name` is the key where Jinja gives the key, the method where Jinja gives the method, and
    undefined where Jinja gives undefined; a subclass of dict takes Jinja's own path."""

    class Record(dict):
        title = "the attribute"

    text = "{{ d.title }}|{{ d.items() | length }}|{{ d.missing is defined }}|{{ r.title }}|{{ d['items'] }}"
    values = {"d": {"title": "the key", "items": "a key named items"}, "r": Record(title="the key")}
    rendered = make().from_string(text).render(values)
    assert rendered == jinja2.Environment().from_string(text).render(values)
    assert rendered == "the key|2|False|the attribute|a key named items"


@pytest.mark.parametrize(("files", "sandboxed"), [
    ({}, False),
    ({"assets/style.css": "body {}"}, False),
    ({"claim.html": "{{ claim.id }}"}, True),
    ({"partials/claim.html": "x"}, True),
    ({"notes.txt": "a file a loader could be asked for"}, True),
])
def test_the_sandbox_is_used_whenever_the_dossier_has_templates_of_its_own(tmp_path, files, sandboxed):
    """Without templates of its own, only dossier's shipped templates run: they need no sandbox."""
    templates = tmp_path / "templates"
    for name, text in files.items():
        (templates / name).parent.mkdir(parents=True, exist_ok=True)
        (templates / name).write_text(text)
    assert isinstance(environment(templates), SandboxedEnvironment) is sandboxed


def test_a_templates_folder_that_is_a_link_keeps_the_sandbox(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "templates").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert isinstance(environment(tmp_path / "templates"), SandboxedEnvironment)


CONSTRUCTS = {
    "a value": "{{ s }}{{ m }}{{ n }}{{ f }}{{ none }}{{ html }}",
    "autoescape off": "{% autoescape false %}{{ s }}{% endautoescape %}{{ s }}",
    "autoescape switched by a value": "{% autoescape on_off %}{{ s }}{% endautoescape %}",
    "a set block": "{% set b %}<i>{{ s }}</i>{% endset %}{{ b }}{{ b | length }}",
    "a filter block": "{% filter upper %}{{ s }}{% endfilter %}",
    "a macro and its caller": "{% macro m2(x) %}[{{ x }}{{ caller() }}]{% endmacro %}"
                              "{% call m2(s) %}{{ m }}{% endcall %}",
    "joined": "{{ s ~ m }}{{ [s, m] | join(',') }}",
}
VALUES = {"s": "<a href='x'>&\"</a>", "m": Markup("<b>safe</b>"), "n": 3, "f": 2.5, "none": None,
          "html": type("Html", (), {"__html__": lambda self: "<em>its own</em>"})(), "on_off": False}


@pytest.mark.parametrize("template", list(CONSTRUCTS.values()), ids=list(CONSTRUCTS))
@pytest.mark.parametrize(("own", "stock"), [(render._Environment, jinja2.Environment),
                                            (render._Sandbox, ImmutableSandboxedEnvironment)], ids=["own", "sandboxed"])
def test_every_kind_of_output_is_escaped_as_jinja_escapes_it(own, stock, template):
    """`{{ value }}` compiled to `page_text` gives Jinja's text in every construct that takes an
    output: autoescape switched off or by a value, blocks, filters, macros, callers."""
    assert own(autoescape=True).from_string(template).render(VALUES) == \
        stock(autoescape=True).from_string(template).render(VALUES)


def test_the_compiled_templates_call_page_text():
    """The speed-up hooks a private method of Jinja's code generator: a Jinja that renamed it would
    give the same pages, slower, and only this test would say so."""
    assert "environment.page_text(" in render._Environment(autoescape=True).compile("{{ x }}", raw=True)
    assert "environment.page_text(" in render._Sandbox(autoescape=True).compile("{{ x }}", raw=True)


@pytest.mark.parametrize("template", ["{{ d.__class__ }}", "{{ d.pop('k') }}", "{{ (d | attr('__class__')) }}",
                                      "{{ d.update(k=2) }}"])
def test_the_sandbox_refuses_a_dicts_internals_whatever_its_keys(template):
    """A dict with a key named like an internal gives the internal's verdict, not the key."""
    values = {"d": {"__class__": "a key", "pop": "a key", "update": "a key", "k": 1}}
    with pytest.raises(SecurityError):
        render._Sandbox(autoescape=True).from_string(template).render(values)
