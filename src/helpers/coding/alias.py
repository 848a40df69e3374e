"""`alias` and `translate`: more names for a place or actor, and the coder's translation of a row's quote.

- `alias places almaty Алматы` / `alias actors tokayev Токаев Токаева Токаеву` appends one row per name
  to data/raw/aliases.csv (table, id, alias, language); places.csv and actors.csv are not touched.
- `translate KZ0112-F01 "more than 100 people were detained"` appends the coder's English translation of
  that row's evidence to data/raw/translations.csv (table, id, translation).

Both check the change on a copy of the raw folder with clean's own rules and messages
(helpers.clean.aliases) and then only append, as `add` does: a name already used, an unknown id, or a
translation of an English row writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from helpers import paths
from helpers.clean import lang
from helpers.clean.aliases import CLAIMS
from helpers.coding.commands import CodingError, _rows, append_row, checked, sources
from helpers.data import schemas
from helpers.errors import InputErrors
from helpers.files import raw_lock

__all__ = ["alias", "guess_language", "translate"]

#: Letters only Kazakh uses among the Cyrillic alphabets this project meets.
_KAZAKH = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: Where an alias row points: the table and its id column.
NAMED = {"places": "place_id", "actors": "actor_id"}


def guess_language(name: str) -> str:
    """The language code an alias most likely is in: kk (Kazakh letters), ru (other Cyrillic), else en."""
    if _KAZAKH.search(name):
        return "kk"
    return "ru" if _CYRILLIC.search(name) else "en"


def _append(raw_dir: Path, table: str, rows: list[dict[str, str]]) -> list[int]:
    """Check the rows on a copy, then append them to raw_dir/<table>.csv (created with its header if absent)."""
    columns = schemas.RAW[table].columns

    def write(folder: Path) -> list[int]:
        target = folder / f"{table}.csv"
        if not target.is_file():
            target.write_text(",".join(columns) + "\n", encoding="utf-8")
        return [append_row(target, row) for row in rows]

    with raw_lock(raw_dir):  # the lock every command that writes data/raw holds (issue 22 point 1)
        problems = checked(raw_dir, write)
        if problems:
            raise InputErrors(problems)
        return write(raw_dir)


def alias(raw_dir: Path, table: str, row_id: str, names: Sequence[str], language: str | None = None) -> list[str]:
    """Append one aliases.csv row per name; lines saying what was added ('aliases.csv:3: Алматы → almaty (ru)')."""
    if table not in NAMED:
        raise CodingError(f"table '{table}': an alias names a row of places or actors")
    if not names:
        raise CodingError("give at least one name after the id")
    key = NAMED[table]
    known = {r[key]: r for r in _rows(raw_dir / f"{table}.csv", schemas.RAW[table].columns) if r.get(key)}
    if row_id not in known:
        by_name = [k for k, r in known.items() if lang.fold(r.get("name", "")) == lang.fold(row_id)]
        close = by_name or lang.closest(row_id, {k: k for k in known})
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise CodingError(f"unknown {key} '{row_id}': not in {paths.rel(raw_dir / f'{table}.csv')}{hint}")
    if language is not None and not re.fullmatch(r"[a-z]{2}", language):
        raise CodingError(f"--language '{language}': use a two-letter code (ru, kk, en)")
    rows = []
    for name in names:
        name = " ".join(name.split())
        if not name:
            raise CodingError("an empty name")
        rows.append({"table": table, "id": row_id, "alias": name, "language": language or guess_language(name)})
    lines = _append(raw_dir, "aliases", rows)
    where = paths.rel(raw_dir / "aliases.csv")
    return [f"{where}:{n}: {r['alias']} → {row_id} ({r['language']})" for n, r in zip(lines, rows, strict=True)]


def _find_row(raw_dir: Path, row_id: str) -> tuple[str, str]:
    """(table, id) of a claim row: its full id, or a short one ('F01') that ends one id.

    A short id that ends several ids stands for the row of a source not in English (only those take a
    translation), and among those for the newest source's row, as `.` stands for the newest source.
    """
    ids: dict[str, tuple[str, str]] = {}
    for table, key in CLAIMS.items():
        for r in _rows(raw_dir / f"{table}.csv", schemas.RAW[table].columns):
            if r.get(key):
                ids[r[key]] = (table, r.get("source_id", ""))
    if row_id in ids:
        return ids[row_id][0], row_id
    ends = sorted(i for i in ids if i.endswith("-" + row_id))
    if len(ends) > 1:
        known = sources(raw_dir)
        order = list(known)
        foreign = [i for i in ends if known.get(ids[i][1], {}).get("language", "en") != "en"]
        newest = max((order.index(ids[i][1]) for i in foreign if ids[i][1] in order), default=None)
        mine = [i for i in foreign if newest is not None and order.index(ids[i][1]) == newest]
        ends = foreign if len(foreign) == 1 else mine if len(mine) == 1 else ends
    if len(ends) == 1:
        return ids[ends[0]][0], ends[0]
    if ends:
        raise CodingError(f"row '{row_id}' is ambiguous: {', '.join(ends)}; give the full id")
    raise CodingError(f"unknown row '{row_id}': no claim table ({', '.join(CLAIMS)}) has it")


def translate(raw_dir: Path, row_id: str, text: str) -> str:
    """Append the coder's English translation of a claim row's evidence; a line saying what was added."""
    text = " ".join(text.split())
    if not text:
        raise CodingError("an empty translation")
    table, rid = _find_row(raw_dir, row_id)
    (line,) = _append(raw_dir, "translations", [{"table": table, "id": rid, "translation": text}])
    return f"{paths.rel(raw_dir / 'translations.csv')}:{line}: {rid} ({table})"
