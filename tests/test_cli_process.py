"""The `k17` command as a terminal runs it: its version, and one clear line for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import __version__
from tests.k17_process import run_k17


@pytest.mark.e2e
def test_version_is_printed(tmp_path: Path) -> None:
    result = run_k17("--version", env={}, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"k17 {__version__}\n"
