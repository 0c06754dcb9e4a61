"""YAML read as an editor's YAML 1.2 language server reads it, for checking files against the JSON Schemas.

PyYAML implements YAML 1.1, where `2014-11-20` is a date, `NO` a boolean and `10:00` the number 600;
under YAML 1.2's core schema, which yaml-language-server follows, the first two are strings and a
bare year `2019` or `01234` is an integer. This loader keeps PyYAML's safe loader but types plain
scalars by the 1.2 core schema's rules instead, so a test sees the types an editor validates.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_CORE_RESOLVERS = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$", "-+0123456789."),
)
_REPLACED = {tag for tag, _, _ in _CORE_RESOLVERS} | {"tag:yaml.org,2002:timestamp"}


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with the YAML 1.2 core schema's implicit types (null is the same in both)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in _REPLACED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
for _tag, _pattern, _first in _CORE_RESOLVERS:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _int_1_2(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | float:
    """Decimal (`01234` is 1234, not YAML 1.1's octal) or hexadecimal; past Python's 4,300 digits, a
    float, as a JavaScript editor reads any long integer."""
    value = loader.construct_scalar(node)
    if value.startswith("0x"):
        return int(value, 16)
    try:
        return int(value)
    except ValueError:
        return float(value)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int_1_2)


def load(text: str) -> Any:
    """`text` as plain data, typed as YAML 1.2 types it (the loader is a SafeLoader: no objects)."""
    return yaml.load(text, Loader=Yaml12Loader)
