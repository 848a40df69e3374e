"""Coding helpers for the command line: new-source, quote and add.

- `new-source FILE --date D` copies a report's text to data/raw/sources/<id>.txt and appends its
  sources.csv row, printing the weekday and the day of the crisis.
- `quote SOURCE_ID FRAGMENT` finds the fragment in the source text (quotes, white space and case folded
  as the provenance checks fold them) and prints the span as written; several matches are listed with
  their context.
- `add TABLE [SOURCE_ID] column=value … [-q FRAGMENT]` appends one row with the next free id and the
  evidence found as `quote` finds it. A short id in -e, -q @, --like or an id cell (event_id, updates,
  part_of: 'F02') stands for the source's own row ('KZ0108-F02') when it is not itself an id.

Every change is first made on a temporary copy of the raw folder and checked with the same code and
messages as `make data`; only a change that adds no problem reaches data/raw, and then only as an
appended row (column order from the file's header, minimal csv quoting, the file's own line ending):
the bytes already in a raw file are never changed. A writing command holds the raw lock
(files.raw_lock, data/.raw.lock) from reading the tables to the appended byte, reads the row back, and
first removes what killed commands left (sweep). The problems of the folder as it was, and the tables
that passed their schema, are remembered by content hash, so an add checks the data once, not twice.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from helpers import paths
from helpers.clean import locate
from helpers.clean.provenance import spans as split_spans
from helpers.data import schemas
from helpers.errors import DataError, InputErrors, ProjectError
from helpers.files import MAX_NAME_BYTES, MAX_SOURCE_BYTES, TMP_GLOB, leftovers, raw_lock

__all__ = [
    "REF_PREFIX",
    "ID_LETTERS",
    "NEWEST",
    "ADDABLE",
    "CodingError",
    "header",
    "records",
    "append_row",
    "COPY_PREFIX",
    "sweep",
    "checked",
    "sources",
    "check_size",
    "source_text",
    "find",
    "quote",
    "crisis_start",
    "describe_date",
    "new_source",
    "stem",
    "short_id",
    "next_id",
    "MARKED_BY",
    "parse_fields",
    "ID_COLUMNS",
    "NOT_LIKE",
    "newest_source",
    "known_source",
    "add",
]

#: evidence.PREFIX ('@'), repeated here so that `quote` need not import pandas through helpers.clean.evidence.
REF_PREFIX = "@"

#: The letter of each claim table's ids (KZ0107-E01, KZ0107-F01, …).
ID_LETTERS = {"events": "E", "figures": "F", "measures": "M", "deployments": "D", "statements": "S", "corrections": "R"}
#: Tables `add` accepts (sources come in through new-source).
#: The source argument that stands for the newest source (the last row of sources.csv).
NEWEST = "."
ADDABLE = (
    "events", "figures", "measures", "deployments", "statements", "corrections", "places", "actors", "waivers",
)  # fmt: skip


class CodingError(ProjectError):
    """A command that cannot run as asked; the message says why and what to do. Nothing was written."""


# ---------------------------------------------------------------- raw files, appended as typed


def header(path: Path) -> list[str]:
    """The column names of a raw CSV as its header row spells them."""
    text = path.read_bytes().decode("utf-8-sig")
    first = next(csv.reader(io.StringIO(text, newline="")), [])
    return [h.strip() for h in first]


def _line_ending(data: bytes) -> bytes:
    i = data.find(b"\n")
    return b"\r\n" if i > 0 and data[i - 1 : i] == b"\r" else b"\n"


def records(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) of each record of a raw CSV, as the csv module reads it.

    CodingError naming file:line when the text is not UTF-8, or when the last record does not parse on
    its own (it ends inside an open quote, say): a row appended there would be swallowed into that cell.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CodingError(f"{name}:{line}: not UTF-8 text; fix the file first (nothing was written)") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    out, start = [], 1
    for cells in reader:
        out.append((start, cells))
        start = reader.line_num + 1
    if out:
        last = out[-1][0]
        tail = "".join(io.StringIO(text, newline="").readlines()[last - 1 :])  # lines as the reader counts them
        try:
            list(csv.reader(io.StringIO(tail, newline=""), strict=True))
        except csv.Error as exc:
            raise CodingError(
                f"{name}:{last}: the last record does not parse ({exc}: an unclosed quote?); "
                "a row appended after it would become part of it: fix the file first (nothing was written)"
            ) from None
    return out


def append_row(path: Path, values: dict[str, str]) -> int:
    """Append one row to a raw CSV, by its header; returns the row's line number.

    The existing bytes stay as they are (a missing final line break is added first); the row uses the
    file's line ending and the csv module's minimal quoting, and is written in place (O_APPEND). The
    caller holds the raw lock (files.raw_lock), so no other command writes meanwhile. The file is read
    again afterwards: unless the new row is its own last record, with its cells, the file is cut back to
    its old length and CodingError is raised. A file whose last record does not parse is refused first.
    """
    name = paths.rel(path)
    data = path.read_bytes()
    before = records(data, name)
    eol = _line_ending(data)
    cols = header(path)
    cells = [values.get(c, "") for c in cols]
    buf = io.StringIO()
    csv.writer(buf, lineterminator=eol.decode(), quoting=csv.QUOTE_MINIMAL).writerow(cells)
    glue = b"" if not data or data.endswith(b"\n") else eol
    line = data.count(b"\n") + (1 if glue else 0) + 1
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        try:
            os.write(fd, glue + buf.getvalue().encode("utf-8"))
            os.fsync(fd)
            after = records(path.read_bytes(), name)
            ok = len(after) == len(before) + 1 and after[-1] == (line, cells)
        except BaseException:
            os.ftruncate(fd, len(data))  # interrupted or failed: the file gets its old bytes back
            raise
        if not ok:
            os.ftruncate(fd, len(data))
            raise CodingError(f"{name}:{line}: the appended row did not read back as its own record; it was removed")
    finally:
        os.close(fd)
    return line


def _rows(path: Path, columns: list[str]) -> list[dict[str, str]]:
    import pandas as pd

    from helpers.clean.readers import read_raw_csv

    if not path.is_file():
        return []
    frame, _ = read_raw_csv(path, columns)
    return [{k: ("" if pd.isna(v) else str(v)) for k, v in r.items()} for r in frame.to_dict("records")]


# ---------------------------------------------------------------- checks on a copy, as make data runs them


def _problems(raw_dir: Path) -> list[DataError]:
    """Every problem `make data` finds in raw_dir (tables whose bytes passed their schema before, under
    the same code, are not validated again: freshness.known_valid)."""
    from helpers.clean import freshness
    from helpers.clean.run import build

    before = freshness.known_valid()
    valid = set(before)
    try:
        build(raw_dir, valid)
    except InputErrors as exc:
        return list(exc.errors)
    finally:
        freshness.remember_valid(valid, before)
    return []


#: Temporary copies of the raw folder are named kz-coding-<pid>-…: a copy whose process is gone is debris.
COPY_PREFIX = "kz-coding-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep(raw_dir: Path, say: Callable[[str], None] | None = None) -> list[str]:
    """Remove what killed commands left: temporary files in raw_dir (.figures.csv.*.tmp) and copies of
    the raw folder under the system temp folder whose process is gone. Call it holding the raw lock.
    Returns (and tells `say`) one line per removed leftover."""
    done = []
    for f in leftovers(raw_dir):
        f.unlink(missing_ok=True)
        done.append(f"removed {paths.rel(f)}, left by an interrupted command")
    tmp = Path(tempfile.gettempdir())
    for d in tmp.glob(COPY_PREFIX + "*"):
        m = re.match(re.escape(COPY_PREFIX) + r"(\d+)-", d.name)
        if m and d.is_dir() and not d.is_symlink() and not _alive(int(m[1])):
            shutil.rmtree(d, ignore_errors=True)
            done.append(f"removed {d}, a copy of the raw folder left by an interrupted command")
    for line in done:
        (say or (lambda text: print(text, file=sys.stderr)))(line)
    return done


def _copy_raw(raw_dir: Path, copy: Path) -> None:
    """Copy the raw folder without following any link: a link is copied as a link (then refused by the
    checks if it leaves the folder), so a link to a big folder or a link loop costs nothing."""
    try:
        shutil.copytree(raw_dir, copy, symlinks=True, ignore=shutil.ignore_patterns(TMP_GLOB))
    except shutil.Error as exc:
        first = exc.args[0][0] if exc.args and exc.args[0] else ("?", "?", str(exc))
        raise CodingError(f"{paths.rel(Path(first[0]))}: cannot be read ({first[2]})") from None


def checked(raw_dir: Path, change: Callable[[Path], object]) -> list[DataError]:
    """Apply `change` to a temporary copy of raw_dir; the problems it adds, named as in raw_dir.

    The problems of raw_dir itself are remembered by content hash (freshness.known_problems), so that
    an add after an add, or after `make data`, checks the data once, not twice.
    """
    from helpers.clean import freshness

    inputs = freshness.inputs_hash(raw_dir)
    known = freshness.known_problems(raw_dir, inputs)
    before = set(known) if known is not None else {str(e) for e in _problems(raw_dir)}
    if known is None:
        freshness.remember_problems(raw_dir, inputs, sorted(before))
    shown = paths.rel(raw_dir)
    with tempfile.TemporaryDirectory(prefix=f"{COPY_PREFIX}{os.getpid()}-") as tmp:
        copy = Path(tmp) / "raw"
        _copy_raw(raw_dir, copy)
        change(copy)
        prefix = paths.rel(copy)
        after = [
            dataclasses.replace(e, file=shown + e.file[len(prefix) :]) if e.file.startswith(prefix) else e
            for e in _problems(copy)
        ]
        added = [e for e in after if str(e) not in before]
        if not added:  # the change will be made as is: remember the problems of the folder it gives
            freshness.remember_problems(raw_dir, freshness.inputs_hash(copy), sorted(str(e) for e in after))
    return added


# ---------------------------------------------------------------- sources and fragments


def _plain_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a raw CSV read with the csv module alone (cells stripped): `quote` needs no pandas."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text, newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CodingError(f"{paths.rel(path)}: unreadable ({exc}); run make data to see where") from None
    if not table:
        return []
    head = [h.strip() for h in table[0]]
    return [
        {h: (r[i].strip() if i < len(r) else "") for i, h in enumerate(head)}
        for r in table[1:]
        if any(map(str.strip, r))
    ]


def sources(raw_dir: Path) -> dict[str, dict[str, str]]:
    """The rows of sources.csv by source_id."""
    path = raw_dir / "sources.csv"
    if not path.is_file():
        raise CodingError(f"{paths.rel(path)} is missing")
    return {r["source_id"]: r for r in _plain_rows(path) if r.get("source_id")}


def check_size(path: Path, what: str) -> None:
    """CodingError for a source text over the size limit (files.MAX_SOURCE_BYTES)."""
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise CodingError(
            f"{what}: {size:,} bytes, over the size limit of {MAX_SOURCE_BYTES:,} bytes for a source text "
            "(a news report is about 10 KB; see docs/codebook.md)"
        )


def source_text(raw_dir: Path, source_id: str) -> tuple[str, str]:
    """(text, file name for messages) of a known source; an unknown id suggests the closest.

    The file must lie under raw_dir/sources (no link out of the raw folder) and within the size limit."""
    known = sources(raw_dir)
    if source_id not in known:
        close = difflib.get_close_matches(source_id, list(known), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(sorted(known)) or 'none'}"
        raise CodingError(f"unknown source '{source_id}': not in {paths.rel(raw_dir / 'sources.csv')}{hint}")
    cell = known[source_id].get("file", "")
    path = paths.inside(raw_dir / "sources", cell, raw_dir)
    if path is None:
        raise CodingError(
            f"{paths.rel(raw_dir / 'sources.csv')}: file '{cell}' of source '{source_id}' is not a file under "
            f"{paths.rel(raw_dir / 'sources')} (an absolute path, '..', or a link out of the raw folder)"
        )
    if not path.is_file():
        raise CodingError(f"{paths.rel(raw_dir / cell)}: the text of source '{source_id}' is missing")
    check_size(path, paths.rel(path))
    return path.read_text(encoding="utf-8-sig"), paths.rel(path)


def _longest_start(fragment: str, text: str) -> str:
    words = fragment.split()
    for n in range(len(words) - 1, 0, -1):
        if locate.find_all(" ".join(words[:n]), text):
            return " ".join(words[:n])
    return ""


def find(fragment: str, text: str, where: str, sentence: bool = False) -> str:
    """The span of `text` a fragment names (parts joined by ' … '); CodingError when none or several."""
    parts = split_spans(fragment)
    if not parts:
        raise CodingError("empty fragment: type a few words of the sentence")
    found = []
    for part in parts:
        matches = locate.find_all(part, text)
        if sentence:
            matches = list(
                {(m.start, m.end): m for m in (locate.expand_to_sentences(m, text) for m in matches)}.values()
            )
        if not matches:
            start = _longest_start(part, text)
            hint = f"; the text has '{start}' but not what follows" if start else ""
            raise CodingError(f"{where}: fragment '{part}' not found{hint}")
        if len(matches) > 1:
            listing = "\n".join(
                f"  {i}. line {locate.line_of(m.start, text)}: {locate.context(m, text)}"
                for i, m in enumerate(matches, 1)
            )
            raise CodingError(
                f"{where}: fragment '{part}' occurs {len(matches)} times; type more words to pick one:\n{listing}"
            )
        found.append(locate.one_line(matches[0].span))
    return " … ".join(found)


def quote(raw_dir: Path, source_id: str, fragment: str, sentence: bool = False) -> str:
    """The verbatim span of a source that a fragment names, ready to paste as evidence."""
    text, where = source_text(raw_dir, source_id)
    return find(fragment, text, where, sentence)


# ---------------------------------------------------------------- new-source


def crisis_start(raw_dir: Path) -> date | None:
    """The earliest dated event of any source (problems elsewhere in the data do not matter here)."""
    from helpers.clean.run import collect

    return collect(raw_dir)[0].crisis_start


def describe_date(day: date, start: date | None) -> str:
    """'Saturday 8 January 2022, day 7 of the crisis (day 1 = …)'."""
    text = f"{day:%A} {day.day} {day:%B %Y}"
    if start is None:
        return f"{text}; day of the crisis unknown: no event is dated yet"
    n = (day - start).days + 1
    return f"{text}, day {n} of the crisis (day 1 = {start.day} {start:%B %Y}, the earliest dated event)"


def new_source(
    raw_dir: Path,
    file: Path,
    report_date: str,
    source_id: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    language: str = "en",
    inferred: str | None = None,
    evidence_fragment: str | None = None,
    url: str | None = None,
    byline: str | None = None,
    published: str | None = None,
) -> tuple[str, str]:
    """Copy a report's text into raw_dir/sources and append its sources.csv row; (source_id, date line).

    Holds the raw lock throughout (files.raw_lock), after removing what killed commands left (sweep).
    """
    with raw_lock(raw_dir, waiting=_tell):
        sweep(raw_dir)
        return _new_source(
            raw_dir,
            file,
            report_date,
            source_id,
            title,
            publisher,
            language,
            inferred,
            evidence_fragment,
            url,
            byline,
            published,
        )


def _tell(text: str) -> None:
    print(text, file=sys.stderr)


def _new_source(
    raw_dir: Path,
    file: Path,
    report_date: str,
    source_id: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    language: str = "en",
    inferred: str | None = None,
    evidence_fragment: str | None = None,
    url: str | None = None,
    byline: str | None = None,
    published: str | None = None,
) -> tuple[str, str]:
    """Copy a report's text into raw_dir/sources and append its sources.csv row; (source_id, date line)."""
    try:
        day = date.fromisoformat(report_date)
    except ValueError:
        raise CodingError(f"--date '{report_date}': use YYYY-MM-DD") from None
    if not file.is_file():
        raise CodingError(f"{file}: no such file")
    check_size(file, str(file))
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodingError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not text.strip():
        raise CodingError(f"{file}: the file is empty")
    sid = source_id or f"kz-{day.isoformat()}"
    if not re.fullmatch(schemas.ID, sid):
        raise CodingError(f"source id '{sid}' must match {schemas.ID}")
    if len(f"{sid}.txt".encode()) > MAX_NAME_BYTES:
        raise CodingError(
            f"source id '{sid[:40]}…' is {len(sid.encode())} bytes long: its text file name would pass the "
            f"{MAX_NAME_BYTES}-byte limit of file names; pass a shorter --id"
        )
    if sid in sources(raw_dir):
        raise CodingError(f"source '{sid}' is already in {paths.rel(raw_dir / 'sources.csv')}: pass another --id")
    target = raw_dir / "sources" / f"{sid}.txt"
    orphan = target.is_symlink() or target.exists()
    if orphan and (target.is_symlink() or not target.is_file() or target.read_bytes() != file.read_bytes()):
        raise CodingError(
            f"{paths.rel(target)} already exists, and no row of {paths.rel(raw_dir / 'sources.csv')} names it "
            "(left by an interrupted new-source?): it is never overwritten; remove it or pass another --id"
        )
    first = next(line.strip() for line in text.splitlines() if line.strip())
    ev = find(evidence_fragment, text, str(file)) if evidence_fragment else locate.one_line(first)
    auto_inferred = not inferred and not evidence_fragment and not _states_date(text, day)
    if auto_inferred:
        # a date the coder typed is not a date the report states: say so rather than "stated in the report"
        inferred = (
            f"Given by the coder with --date; the text does not state {day.day} {MONTHS_EN[day.month - 1]} "
            f"{day.year} (pass --inferred to say how it is known, or --evidence for the words that date it)."
        )
    row = {
        "source_id": sid,
        "title": title or first,
        "publisher": publisher or "",
        "language": language,
        "report_date": day.isoformat(),
        "report_date_precision": "day",
        "report_date_inferred": "yes" if inferred else "no",
        "report_date_note": inferred or "",
        "file": f"sources/{sid}.txt",
        "evidence": ev,
    }
    extra = {"url": url or "", "byline": byline or "", "published": published or ""}
    csv_path = raw_dir / "sources.csv"
    have = header(csv_path) if csv_path.is_file() else list(extra)
    missing = [k for k, v in extra.items() if v and k not in have]
    if missing:  # the raw file is append-only: a value its header has no column for would be lost silently
        names = ", ".join(f"'{k}'" for k in missing)
        raise CodingError(
            f"{paths.rel(csv_path)} has no {names} column (it was written before sources could carry one): "
            f"add the column to its header line once, by hand, then run new-source again"
        )
    row.update(extra)

    def change(folder: Path) -> None:
        (folder / "sources").mkdir(exist_ok=True)
        shutil.copyfile(file, folder / "sources" / f"{sid}.txt")
        append_row(folder / "sources.csv", row)

    problems = checked(raw_dir, change)
    if problems:
        raise InputErrors(problems)
    when = describe_date(day, crisis_start(raw_dir))  # before writing: after the row, nothing may fail
    target.parent.mkdir(exist_ok=True)
    if orphan:  # the same text, linked by a new-source that was killed before its row: the row completes it
        print(f"new-source: {paths.rel(target)} was left by an interrupted new-source; adding its row", file=sys.stderr)
    else:
        fd, tmp = tempfile.mkstemp(prefix=".new-source.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        try:
            shutil.copyfile(file, tmp)
            os.link(tmp, target)  # fails rather than overwrite a text that appeared meanwhile
        finally:
            Path(tmp).unlink(missing_ok=True)
    try:
        append_row(raw_dir / "sources.csv", row)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if auto_inferred:
        print(
            f"new-source: the text does not state {day.isoformat()}; the date is marked inferred "
            "(given by the coder). Pass --inferred HOW to say how it is known.",
            file=sys.stderr,
        )
    return sid, when


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")  # fmt: skip
#: Month names in the genitive as a date writes them ("8 января", "8 қаңтар"), for _states_date.
_MONTHS_OTHER = (
    ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
     "декабря"),
    ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша",
     "желтоқсан"),
)  # fmt: skip


def _states_date(text: str, day: date) -> bool:
    """Whether a report's text writes this day out: '8 January', 'January 8', '2022-01-08', '08.01.2022',
    '8 января', '8 қаңтар' (case-insensitive)."""
    low = text.casefold()
    d, m = day.day, day.month
    names = [MONTHS_EN[m - 1].casefold(), *(months[m - 1] for months in _MONTHS_OTHER)]
    forms = [day.isoformat(), f"{d:02d}.{m:02d}.{day.year}", f"{d}.{m:02d}.{day.year}"]
    if any(f in low for f in forms):
        return True
    return any(re.search(rf"(?<!\d){d}(?:st|nd|rd|th)?\s+{n}|{n}\s+{d}(?!\d)", low) for n in names)


# ---------------------------------------------------------------- add


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def _all_ids(raw_dir: Path) -> set[str]:
    ids = set()
    for name, table in schemas.RAW.items():
        if name != "waivers":
            ids |= {r.get(table.primary_key, "") for r in _rows(raw_dir / f"{name}.csv", table.columns)}
    return ids - {""}


def stem(raw_dir: Path, source_id: str | None) -> str:
    """The id stem of a source's claim rows: the one its rows already use (KZ0108-, TEST-), else KZ<MMDD>-."""
    found = None
    for name in ID_LETTERS:
        path = raw_dir / f"{name}.csv"
        if path.is_file():
            for r in _rows(path, schemas.RAW[name].columns):
                m = re.fullmatch(r"(.*?)[A-Z]\d+", r.get(schemas.RAW[name].primary_key, ""))
                if r.get("source_id") == source_id and m:
                    found = m[1]
    if found is None:
        day = sources(raw_dir).get(source_id or "", {}).get("report_date", "")
        found = f"KZ{day[5:7]}{day[8:10]}-" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else f"{source_id}-"
    return found


def short_id(value: str, raw_dir: Path, source_id: str | None, ids: set[str] | None = None) -> str:
    """A row id as typed, or the source's stem plus it when only that exists ('E01' → 'KZ0108-E01')."""
    ids = _all_ids(raw_dir) if ids is None else ids
    if value in ids or not value:
        return value
    longer = stem(raw_dir, source_id) + value
    return longer if longer in ids else value


def next_id(raw_dir: Path, table: str, source_id: str | None, row: dict[str, str]) -> str:
    """The next free id: places and actors by name (a slug), claims as <stem><letter><nn> (KZ0108-F03)."""
    if table in ("places", "actors"):
        if not row.get("name"):
            raise CodingError(f"add {table}: give name=… (the id is made from it) or --id")
        return _slug(row["name"])
    letter = ID_LETTERS[table]
    prefix = stem(raw_dir, source_id)
    pk = schemas.RAW[table].primary_key
    taken = [r[pk] for r in _rows(raw_dir / f"{table}.csv", schemas.RAW[table].columns)]
    numbers = [int(m[1]) for t in taken if (m := re.fullmatch(re.escape(prefix + letter) + r"(\d+)", t))]
    return f"{prefix}{letter}{max(numbers, default=0) + 1:02d}"


#: Columns a raw file's header may lack (the real files were written before them and are never rewritten)
#: that `add` writes as a mark after the date they qualify: end_kind=planned → end_text="… (planned)".
MARKED_BY = {"start_kind": "start_text", "end_kind": "end_text", "seen_text": "date_text"}


def _fold_marks(table: str, items: list[str], columns: list[str]) -> list[str]:
    """start_kind, end_kind and seen_text typed for a file whose header lacks them, as the date cell's mark
    (the codebook's "Planned and actual dates"): 'end_text=next Thursday' 'end_kind=planned' becomes
    'end_text=next Thursday (planned)'; a deployment's 'seen_text=Sunday' becomes 'date_text=Sunday (in place)'."""
    if table not in ("measures", "deployments"):
        return items
    pairs = [(i.partition("=")[0].strip(), i.partition("=")[2].strip()) for i in items]
    folded = {k: v for k, v in pairs if k in MARKED_BY and k not in columns and MARKED_BY[k] in columns and v}
    if not folded:
        return items
    cells = dict(pairs)
    targets = {MARKED_BY[k] for k in folded}
    out = [i for (k, _), i in zip(pairs, items, strict=True) if k not in folded and k not in targets]
    for kind, value in folded.items():
        target = MARKED_BY[kind]
        if kind == "seen_text":
            if cells.get("date_text"):
                raise CodingError(f"{table}.csv has no seen_text column: give date_text={value} (in place) alone")
            out.append(f"date_text={value} (in place)")
            continue
        if value not in ("planned", "actual"):
            raise CodingError(f"{kind}={value}: write planned or actual")
        if not cells.get(target):
            raise CodingError(f"{kind}={value} qualifies {target}: give {target}=… too")
        out.append(f"{target}={cells[target]} ({value})")
    return out


def parse_fields(table: str, items: Sequence[str], columns: list[str]) -> dict[str, str]:
    """column=value items; a column may be shortened to a unique start ('m=killed' for metric=killed).

    An unknown or ambiguous column, or an item without '=', is a CodingError listing the columns.
    """
    out: dict[str, str] = {}
    for item in items:
        name, eq, value = item.partition("=")
        name = name.strip()
        if not eq:
            raise CodingError(f"'{item}': write column=value (columns of {table}: {', '.join(columns)})")
        short = [c for c in columns if c != "source_id" and not (c.endswith("_id") and c.startswith(table[:-1]))]
        starts = [c for c in short if c.startswith(name)] if name else []
        if name not in columns and len(starts) > 1:
            raise CodingError(f"column '{name}' in {table} is ambiguous: {', '.join(starts)}; type more letters")
        if name not in columns and len(starts) == 1:
            name = starts[0]
        if name not in columns:
            close = difflib.get_close_matches(name, columns, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise CodingError(f"unknown column '{name}' in {table}{hint}; columns: {', '.join(columns)}")
        out[name] = value.strip()
    return out


#: Columns holding row ids: a short id typed in one of them ('F02') gets the source's stem, as -e and -q @ do.
ID_COLUMNS = ("event_id", "updates", "part_of", "target", "replaced_by")
#: Columns `--like` never copies: the row's own id and source, its event, quote and notes, and its links
#: (`updates`, `part_of`), which belong to one row and are given explicitly.
NOT_LIKE = (
    "source_id", "event_id", "evidence", "span", "notes", "updates", "part_of", "target", "replaced_by", "_line",
)  # fmt: skip


def newest_source(raw_dir: Path) -> str:
    """The source '.' stands for: the last row of sources.csv."""
    known = list(sources(raw_dir))
    if not known:
        raise CodingError(f"'{NEWEST}' stands for the newest source, and there is none yet")
    return known[-1]


def known_source(raw_dir: Path, source_id: str) -> str:
    """A source id typed on the command line ('.' = the newest), checked against sources.csv."""
    if source_id == NEWEST:
        return newest_source(raw_dir)
    known = sources(raw_dir)
    if source_id not in known:
        close = difflib.get_close_matches(source_id, list(known), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(sorted(known)) or 'none'}"
        raise CodingError(
            f"command line: column 'source_id' value '{source_id}': unknown source: "
            f"not in {paths.rel(raw_dir / 'sources.csv')}{hint}"
        )
    return source_id


def _like(raw_dir: Path, table: str, like: str, source_id: str | None, columns: list[str]) -> dict[str, str]:
    """The cells of another row of the same table to start from (not its id, event, links, quote or notes)."""
    pk = schemas.RAW[table].primary_key
    rows = {r[pk]: r for r in _rows(raw_dir / f"{table}.csv", columns)}
    rid = short_id(like, raw_dir, source_id, set(rows))
    if rid not in rows:
        raise CodingError(f"--like {like}: no such row in {paths.rel(raw_dir / f'{table}.csv')}")
    skip = {pk, *NOT_LIKE}
    return {k: v for k, v in rows[rid].items() if k not in skip and k in columns and v}


def add(
    raw_dir: Path,
    table: str,
    items: Sequence[str],
    quotes: Sequence[str] = (),
    sentence: bool = False,
    row_id: str | None = None,
    event: str | None = None,
    like: str | None = None,
) -> tuple[str, str, int]:
    """Append one checked row to raw_dir/<table>.csv; returns (id, file, line).

    Holds the raw lock from reading the tables (the next free id is chosen under it) to the appended
    byte, after removing what killed commands left (sweep).
    """
    with raw_lock(raw_dir, waiting=_tell):
        sweep(raw_dir)
        return _add(raw_dir, table, items, quotes, sentence, row_id, event, like)


def _add(
    raw_dir: Path,
    table: str,
    items: Sequence[str],
    quotes: Sequence[str] = (),
    sentence: bool = False,
    row_id: str | None = None,
    event: str | None = None,
    like: str | None = None,
) -> tuple[str, str, int]:
    """Append one checked row to raw_dir/<table>.csv; returns (id, file, line)."""
    if table not in ADDABLE:
        close = difflib.get_close_matches(table, ADDABLE, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        extra = "; sources come in through new-source" if table == "sources" else ""
        raise CodingError(f"unknown table '{table}'{hint}; tables: {', '.join(ADDABLE)}{extra}")
    path = raw_dir / f"{table}.csv"
    if path.is_symlink():
        raise CodingError(f"{paths.rel(path)} is a symlink: rows are appended only to a raw file itself")
    fresh = not path.is_file()  # an optional table (waivers) may not exist yet: it starts with its header
    if fresh and table not in schemas.OPTIONAL:
        raise CodingError(f"{paths.rel(path)} is missing")
    columns = schemas.RAW[table].columns if fresh else header(path)
    items = list(items)
    source_id = None
    if "source_id" in columns:
        if not items or "=" in items[0]:
            raise CodingError(f"add {table}: give the source id first (add {table} SOURCE_ID column=value …)")
        source_id = items.pop(0)
        if source_id == NEWEST:
            source_id = newest_source(raw_dir)
    items = _fold_marks(table, items, columns)
    values = parse_fields(table, items, columns)
    if like:
        values = {**_like(raw_dir, table, like, source_id, columns), **values}
    if event:
        if "event_id" not in columns:
            raise CodingError(f"{table} rows have no event_id: drop -e")
        values["event_id"] = event
    ids = _all_ids(raw_dir)
    for column in ID_COLUMNS:
        if values.get(column):
            values[column] = short_id(values[column], raw_dir, source_id, ids)
    text_column = "span" if table == "waivers" else "evidence"
    if source_id is not None:
        text, where = source_text(raw_dir, source_id)
        values["source_id"] = source_id
        if quotes:
            if text_column in values:
                raise CodingError(f"give either -q or {text_column}=…, not both")
            refs = [q for q in quotes if q.strip().startswith(REF_PREFIX)]
            if refs and len(quotes) > 1:
                raise CodingError(f"{refs[0]} stands alone: it shares that row's whole quote")
            if refs:
                target = short_id(refs[0].strip().removeprefix(REF_PREFIX), raw_dir, source_id, ids)
                values[text_column] = REF_PREFIX + target
            else:
                values[text_column] = find(" … ".join(quotes), text, where, sentence)
        elif text_column not in values and values.get("event_id"):
            values[text_column] = f"{REF_PREFIX}{values['event_id']}"
        elif text_column not in values and like:
            values[text_column] = f"{REF_PREFIX}{short_id(like, raw_dir, source_id, ids)}"
    elif quotes:
        raise CodingError(f"{table} rows carry no quote: drop -q")
    pk = schemas.RAW[table].primary_key if table != "waivers" else None
    if pk:
        rid = row_id or values.get(pk) or next_id(raw_dir, table, source_id, values)
        values[pk] = rid
    else:
        rid = values.get("span", "")

    def write(folder: Path) -> int:
        if fresh:
            (folder / f"{table}.csv").write_text(",".join(columns) + "\n", encoding="utf-8")
        return append_row(folder / f"{table}.csv", values)

    problems = checked(raw_dir, write)
    if problems:
        raise InputErrors(problems)
    line = write(raw_dir)
    return rid, paths.rel(path), line
