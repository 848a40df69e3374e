"""Notebooks as git commits them, for tests that copy or check the committed notebooks: after an analyst runs
and saves one in Lab, the file on disk keeps its outputs, and git (through `make setup`'s nbstripout filter)
commits none of them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers import paths

__all__ = ["as_committed"]


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=paths.ROOT, capture_output=True, text=True)


def as_committed(nb_path: Path) -> str:
    """A notebook's text as `git add` would store it: through this clone's clean filter when .gitattributes gives
    the file one and git config defines it (`make setup` makes it nbstripout), else the file as it is. An analyst
    who runs and saves a catalogue notebook in Lab keeps its outputs on disk, and git commits none of them."""
    text = nb_path.read_text(encoding="utf-8")
    attr = _git("check-attr", "filter", "--", str(nb_path))
    name = attr.stdout.rpartition(": ")[2].strip() if attr.returncode == 0 else ""
    clean = _git("config", f"filter.{name}.clean").stdout.strip() if name not in ("", "unspecified", "unset") else ""
    if not clean:
        return text
    top = _git("rev-parse", "--show-toplevel").stdout.strip()  # git runs filters from the top of the working tree
    return subprocess.run(clean, shell=True, input=text, cwd=top, capture_output=True, text=True, check=True).stdout
