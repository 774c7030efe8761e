"""Deployment as the platforms expect: one package-manager file pinning every package k17 uses."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
# The files Heroku's Python support installs from; it refuses a push that has two.
PACKAGE_MANAGER_FILES = ("requirements.txt", "Pipfile.lock", "poetry.lock", "uv.lock")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)$")


def pinned(*files: str) -> dict[str, str]:
    """Name to exact version of every pin in `files`, following `-r` includes."""
    pins: dict[str, str] = {}
    for file in files:
        for line in (ROOT / file).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#") or line == ".":
                continue
            if line.startswith("-r "):
                pins.update(pinned(line[3:].strip()))
                continue
            match = PIN.match(line)
            assert match, f"{file}: {line!r} is not pinned to one version (name==version)"
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def needed(extras: tuple[str, ...] = ()) -> set[str]:
    """Every distribution installing k17 (with `extras`) brings in, transitively."""
    found: set[str] = set()
    waiting = [(name, extras) for name in ("k17",)]
    while waiting:
        name, wanted = waiting.pop()
        for raw in metadata.requires(name) or []:
            requirement = Requirement(raw)
            marker = requirement.marker
            if marker is not None and not any(
                marker.evaluate({"extra": extra}) for extra in (*wanted, "")
            ):
                continue
            dependency = canonicalize_name(requirement.name)
            if dependency not in found:
                found.add(dependency)
                waiting.append((dependency, tuple(requirement.extras)))
    return found


def test_exactly_one_package_manager_file_the_platform_reads() -> None:
    present = [name for name in PACKAGE_MANAGER_FILES if (ROOT / name).exists()]
    assert present == ["requirements.txt"]
    # The project itself is installed from it, so the Procfile's `k17` command exists.
    assert "." in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()


def test_the_python_version_is_one_k17_supports() -> None:
    version = (ROOT / ".python-version").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"3\.\d+", version), version
    assert SpecifierSet(metadata.metadata("k17")["Requires-Python"]).contains(f"{version}.0")


def test_every_package_k17_runs_on_is_pinned_and_installed_at_its_pin() -> None:
    pins = pinned("requirements.txt")
    missing = needed() - set(pins)
    assert not missing, f"add to requirements.txt: {sorted(missing)}"
    for name, version in pins.items():
        assert metadata.version(name) == version, name


def test_every_development_tool_is_pinned_too() -> None:
    pins = pinned("requirements-dev.txt")
    missing = needed(("dev",)) - set(pins)
    assert not missing, f"add to requirements-dev.txt: {sorted(missing)}"
    for name, version in pins.items():
        assert metadata.version(name) == version, name


def test_make_and_ci_install_from_the_pins() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -r requirements-dev.txt" in makefile
    assert "--no-deps -e ." in makefile
    assert "$(STAMP): pyproject.toml requirements.txt requirements-dev.txt" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
