"""YAML parsed by libyaml where PyYAML was built with it (the wheels are).

The knowledge, synonym and decision files are read at every start, and the pure-Python parser
takes most of a cold `k17 ask`; libyaml reads the same documents several times faster.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """The document as plain data (mappings, lists, text, numbers, dates): no Python objects."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 -- a SafeLoader, C or Python
