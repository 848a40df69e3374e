"""Shared helpers for tests/test_hardening_*.py: a MADE-UP raw folder to break, and ways to run commands."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, set_cell

from helpers.clean import run as clean
from helpers.errors import InputErrors

#: A tiny, complete, MADE-UP raw folder (see its README.md).
MADE_UP = FIXTURES / "hardening"

__all__ = ["MADE_UP", "assert_error", "cli", "errors_for", "made_up_raw", "set_cell", "skeleton"]


def made_up_raw(dst: Path) -> Path:
    """A writable copy of the made-up raw folder at dst."""
    shutil.copytree(MADE_UP, dst)
    return dst


def errors_for(raw_dir: Path) -> list[str]:
    """Every error message clean gives for raw_dir (the test fails if clean accepts it)."""
    with pytest.raises(InputErrors) as exc:
        clean.build(raw_dir)
    return [str(e) for e in exc.value.errors]


def assert_error(messages: list[str], file: str, line: int, column: str, rule_part: str) -> None:
    """One message names file:line, the column and (part of) the rule."""
    head = f"{file}:{line}: column '{column}'"
    wanted = [m for m in messages if (m.startswith(head) or f"/{head}" in m) and rule_part in m]
    assert wanted, f"no error for {file}:{line} {column} ~ {rule_part!r} in:\n" + "\n".join(messages)


def skeleton(root: Path) -> Path:
    """A throwaway project root (pyproject.toml, data/raw from the made-up folder) for commands that write."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text("")
    made_up_raw(root / "data" / "raw")
    return root


def cli(*args: str, root: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """python -m helpers with args, optionally inside another project root."""
    env = dict(os.environ)
    env.pop("KZ_PROCESSED_DIR", None)
    if root is not None:
        env["KZ_PROJECT_ROOT"] = str(root)
    return subprocess.run(
        [sys.executable, "-m", "helpers", *args],
        env=env,
        cwd=cwd or root,
        capture_output=True,
        text=True,
        timeout=600,
    )


def project(root: Path, catalogue: str, notebooks: dict[str, Path | str] | None = None) -> Path:
    """A throwaway project for the build: fixture notebooks, the made-up data cleaned, a catalogue."""
    skeleton(root)
    (root / "notebooks").mkdir()
    for nb in (FIXTURES / "notebooks").glob("*.ipynb"):
        shutil.copy(nb, root / "notebooks" / nb.name)
    for name, content in (notebooks or {}).items():
        target = root / "notebooks" / name
        target.write_text(content) if isinstance(content, str) else shutil.copy(content, target)
    clean.clean(root / "data" / "raw", root / "data" / "processed")
    (root / "reports").mkdir()
    (root / "reports" / "reports.yml").write_text(catalogue)
    return root
