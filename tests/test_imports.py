"""Every module of k17 imports on its own: a tool, a test or a plugin may import any one first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# One interpreter imports each module of `bot` with every `bot` module forgotten before it, as a
# fresh process importing that module first would (third-party packages stay loaded: faster).
# `bot.__main__` runs the command line when imported, so it is left out.
IMPORT_EACH_FIRST = """
import importlib, pkgutil, sys, traceback
import bot
names = sorted(
    m.name for m in pkgutil.walk_packages(bot.__path__, "bot.") if not m.name.endswith("__main__")
)
failed = []
for name in names:
    for loaded in [m for m in sys.modules if m == "bot" or m.startswith("bot.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as error:
        failed.append(f"{name}: {error.__class__.__name__}: {error}")
print("\\n".join(failed))
print(f"{len(names)} modules")
"""


def test_each_module_imports_first_without_a_circular_import() -> None:
    run = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH_FIRST],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    *failures, counted = run.stdout.strip().splitlines()
    assert [f for f in failures if f] == []
    assert int(counted.split()[0]) > 50
