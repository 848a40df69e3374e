"""Decide "nothing changed" for `make data` from content hashes, before anything imports pandas.

`python -m helpers clean` spends about 0.9 s importing pandas and pandera before it can find that the
processed tables are already what the raw files give. After each successful clean we store a stamp: a hash
of everything the result depends on (every file under the raw folder, the helpers source, the versions
of the libraries that shape the output) and a hash of the output folder as written. When both hashes
still match, the clean is skipped. Any doubt (no stamp, unreadable file, other paths) means "run it".
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path

from helpers import paths
from helpers.files import write_atomic

__all__ = [
    "LIBRARIES",
    "inputs_hash",
    "outputs_hash",
    "up_to_date",
    "record",
    "known_problems",
    "remember_problems",
    "orphan_texts",
    "code_hash",
    "MAX_VALID",
    "known_valid",
    "remember_valid",
]

#: Libraries whose version can change the processed bytes.
LIBRARIES = ("pandas", "numpy", "pandera")


def _files(root: Path, pattern: str = "**/*") -> list[Path]:
    """Regular files under root matching pattern, never through a link that leaves root (nor a loop).

    A link to a file inside root is read like the file; a link that leaves root, a dangling link and a
    linked folder are skipped: clean itself refuses a source file that is a link out, with its file:line.
    """
    root = Path(root)
    try:
        base = root.resolve()
    except (OSError, RuntimeError):
        return []
    recursive, suffix = pattern.startswith("**/"), pattern.rsplit("*", 1)[1]
    out = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if recursive and d != "__pycache__" and not (Path(folder) / d).is_symlink()]
        for f in (Path(folder) / n for n in names if n.endswith(suffix)):
            try:
                if f.is_symlink() and not f.resolve(strict=True).is_relative_to(base):
                    continue
                if f.is_file():
                    out.append(f)
            except (OSError, RuntimeError):
                continue
    return sorted(out)


def _hash_tree(root: Path, pattern: str = "**/*") -> str:
    h = hashlib.sha256()
    for f in _files(root, pattern):
        h.update(f.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = [sys.version]
    for lib in LIBRARIES:
        try:
            out.append(f"{lib}={version(lib)}")
        except PackageNotFoundError:
            out.append(f"{lib}=none")
    return ";".join(out)


def inputs_hash(raw: Path) -> str:
    """Hash of what the processed tables depend on: raw files, helpers code, library versions."""
    h = hashlib.sha256()
    for part in (_hash_tree(Path(raw)), *_code_parts()):
        h.update(part.encode() + b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_parts() -> tuple[str, str]:
    """(hash of the helpers source, library versions): fixed for the life of a process."""
    return _hash_tree(paths.SRC, "**/*.py"), _versions()


def outputs_hash(out: Path) -> str:
    """Hash of the processed folder as it is on disk."""
    return _hash_tree(Path(out), "*")


def _stamp_file(raw: Path, out: Path) -> Path:
    key = hashlib.sha256(f"{Path(raw).resolve()}\0{Path(out).resolve()}".encode()).hexdigest()[:12]
    return paths.CACHE / f"clean-{key}.json"


def up_to_date(raw: Path, out: Path) -> bool:
    """True only when the last successful clean used the same inputs and its output is untouched."""
    try:
        stamp = json.loads(_stamp_file(raw, out).read_text(encoding="utf-8"))
        if not Path(out).is_dir() or stamp.get("outputs") != outputs_hash(out):
            return False
        return stamp.get("inputs") == inputs_hash(raw)
    except (OSError, ValueError, AttributeError):
        return False


def record(raw: Path, out: Path, inputs: str) -> None:
    """After a successful clean: remember the inputs it used (hashed before it ran) and what it wrote."""
    try:
        write_atomic(_stamp_file(raw, out), json.dumps({"inputs": inputs, "outputs": outputs_hash(out)}))
    except OSError:
        pass  # no stamp only means the next clean runs in full


# ---------------------------------------------------------------- what the coding commands remember


def _problems_file(raw: Path) -> Path:
    key = hashlib.sha256(str(Path(raw).resolve()).encode()).hexdigest()[:12]
    return paths.CACHE / f"problems-{key}.json"


def known_problems(raw: Path, inputs: str) -> list[str] | None:
    """The problem messages `make data` gave for exactly these inputs (inputs_hash), or None if unknown."""
    try:
        stamp = json.loads(_problems_file(raw).read_text(encoding="utf-8"))
        if stamp.get("inputs") == inputs and isinstance(stamp.get("problems"), list):
            return [str(p) for p in stamp["problems"]]
    except (OSError, ValueError, AttributeError):
        pass
    return None


def remember_problems(raw: Path, inputs: str, problems: list[str]) -> None:
    """Remember the problem messages of these inputs, so that the next `add` need not check them again."""
    try:
        write_atomic(_problems_file(raw), json.dumps({"inputs": inputs, "problems": problems}))
    except OSError:
        pass  # not remembering only means the next add checks the data in full


def orphan_texts(raw: Path) -> list[Path]:
    """Source texts under raw/sources that no row of raw/sources.csv names (an interrupted new-source?)."""
    import csv
    import io

    raw = Path(raw)
    folder = raw / "sources"
    if not folder.is_dir() or folder.is_symlink():
        return []
    try:
        text = (raw / "sources.csv").read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    if not rows:
        return []
    head = [h.strip() for h in rows[0]]
    if "file" not in head:
        return []
    i = head.index("file")
    named = {(raw / r[i].strip()).as_posix() for r in rows[1:] if len(r) > i and r[i].strip()}
    return sorted(
        f for f in folder.iterdir() if f.suffix == ".txt" and not f.name.startswith(".") and f.as_posix() not in named
    )


@functools.lru_cache(maxsize=1)
def code_hash() -> str:
    """Hash of the helpers source and the library versions: what a table's validation result depends on."""
    return hashlib.sha256("".join(_code_parts()).encode()).hexdigest()


#: Most table digests remembered as valid (the newest are kept).
MAX_VALID = 500


def known_valid() -> set[str]:
    """Digests of tables that passed their pandera schema under this code (see Context.schema_valid)."""
    try:
        stamp = json.loads((paths.CACHE / "schema-valid.json").read_text(encoding="utf-8"))
        if stamp.get("code") == code_hash():
            return {str(k) for k in stamp.get("valid", [])}
    except (OSError, ValueError, AttributeError):
        pass
    return set()


def remember_valid(valid: set[str], before: set[str]) -> None:
    """Add the digests found valid now to the memo (keeping the newest MAX_VALID)."""
    if valid <= before:
        return
    try:
        keep = [k for k in sorted(before) if k in valid] + sorted(valid - before)
        write_atomic(paths.CACHE / "schema-valid.json", json.dumps({"code": code_hash(), "valid": keep[-MAX_VALID:]}))
    except OSError:
        pass
