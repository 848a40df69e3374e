"""Every path in the project, derived from the project root (one place, like cookiecutter's config.py)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "ROOT",
    "DATA",
    "RAW",
    "PROCESSED",
    "DATAPACKAGE",
    "NOTEBOOKS",
    "REPORTS",
    "CATALOGUE",
    "EXECUTED",
    "HTML",
    "CACHE",
    "SCREENSHOTS",
    "DOCS",
    "SRC",
    "TEMPLATES",
    "rel",
    "inside",
]


def _find_root() -> Path:
    """The project root: $KZ_PROJECT_ROOT, else the first parent holding pyproject.toml and data/."""
    env = os.environ.get("KZ_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    for candidate in [Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents]:
        if (candidate / "pyproject.toml").is_file() and (candidate / "data").is_dir():
            return candidate
    return Path(__file__).resolve().parents[2]


ROOT = _find_root()
DATA = ROOT / "data"
RAW = DATA / "raw"
#: Processed tables; KZ_PROCESSED_DIR points notebooks at another folder (tests use a fixture).
#: Made absolute but not resolved: `clean` refuses a symlinked output folder, so it must see the link.
PROCESSED = Path(os.path.abspath(os.environ.get("KZ_PROCESSED_DIR") or DATA / "processed"))
DATAPACKAGE = PROCESSED / "datapackage.json"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
CATALOGUE = REPORTS / "reports.yml"
EXECUTED = REPORTS / "executed"
HTML = REPORTS / "html"
CACHE = REPORTS / ".cache"
SCREENSHOTS = REPORTS / "screenshots"
DOCS = ROOT / "docs"
SRC = Path(__file__).resolve().parent
TEMPLATES = SRC / "reports" / "templates"


def rel(path: Path) -> str:
    """A path relative to the project root when it is inside it, for messages."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def inside(base: Path, relative: str, origin: Path | None = None) -> Path | None:
    """`relative` (read from `origin`, default base) as a path that stays under `base`, or None.

    None for an empty or absolute path, any '..' part, or a symlink whose target lies outside `base`:
    a path typed into a data file can then never read a file elsewhere on the machine.
    """
    from pathlib import PurePosixPath, PureWindowsPath

    if not relative or "\x00" in relative:
        return None
    parts = PurePosixPath(relative.replace("\\", "/"))
    if parts.is_absolute() or PureWindowsPath(relative).drive or ".." in parts.parts:
        return None
    candidate = Path(origin or base) / parts
    try:
        resolved = candidate.resolve()
        root = Path(base).resolve()
    except (OSError, RuntimeError):
        return None
    return resolved if resolved.is_relative_to(root) and resolved != root else None
