"""Citations: the page's registry of cited rows, footnote links, and the Sources section.

Ids are unique per notebook run, so that several notebooks open in one JupyterLab page never share an id:
every anchor carries the registry's prefix, ``src-<prefix>-<row id>`` (the Sources entry) and
``ref-<prefix>-<row id>`` (the first link to it, target of the entry's ↩ link).

The prefix:

- in the report build, ``KZ_PAGE_ID`` (set by ``helpers.reports.build`` to the report's name), so built
  pages are byte-for-byte the same across builds;
- in a kernel (JupyterLab, papermill by hand), ``p`` and six hex digits of a uuid made when the registry
  is created, i.e. once per kernel: re-running a notebook in the same kernel keeps its ids.

Re-running a cell replaces its output, and with it the ``ref-`` anchors it held: a cell that cites a row
whose ``ref-`` anchor it held before emits the anchor again, so the ↩ link of that row keeps a target
(JupyterLab and ipykernel tell the kernel which cell runs).

Example::

    links = cite(rows)               # '<sup class="cites">[<a class="cite" href="#src-p1a2b3c-F01" ...>1</a>]</sup>'
    html = sources_html(t.sources)   # the Sources section for every row cited so far
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from typing import Any

import pandas as pd

from helpers.data.quotes import separated
from helpers.page.core import date_words, esc, is_missing, short_date

__all__ = [
    "LANGUAGES",
    "REGISTRY",
    "Entry",
    "Registry",
    "anchor",
    "cite",
    "id_column",
    "ref_anchor",
    "report_anchor",
    "short_title",
    "sources_html",
]

#: The environment variable the build sets to the report's name (the id prefix of a built page).
PAGE_ID_ENV = "KZ_PAGE_ID"


@dataclass
class Entry:
    """One cited row, and where its first link (the ``ref-`` anchor) was emitted: (cell id, execution)."""

    n: int
    row_id: str
    source_id: str
    evidence: str
    ref_at: tuple[str | None, int | None] = (None, None)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.:-]+", "-", text).strip("-")


def _running_cell() -> tuple[str | None, int | None]:
    """The id of the notebook cell being run and the execution count, when the kernel knows them."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython is a dependency
        return None, None
    if shell is None:
        return None, None
    cell_id = None
    kernel = getattr(shell, "kernel", None)
    try:
        parent = kernel.get_parent() if kernel is not None else None
    except Exception:  # noqa: BLE001 - an old or foreign kernel: no cell id
        parent = None
    if isinstance(parent, dict):
        cell_id = (parent.get("metadata") or {}).get("cellId")
    return (str(cell_id) if cell_id else None), getattr(shell, "execution_count", None)


class Registry:
    """The rows cited on one page, numbered in the order first cited."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self._uuid = uuid.uuid4().hex[:6]
        self._pid = os.getpid()

    @property
    def prefix(self) -> str:
        """The id prefix of this page: the build's KZ_PAGE_ID, else one made for this process (a report forked
        from a warm server gets its own, not the server's: two such pages shown together never share an id)."""
        if self._pid != os.getpid():
            self._uuid, self._pid = uuid.uuid4().hex[:6], os.getpid()
        return _slug(os.environ.get(PAGE_ID_ENV, "")) or f"p{self._uuid}"

    def reset(self) -> None:
        """Forget every citation (a new page)."""
        self.entries.clear()

    def add(self, row_id: str, source_id: str, evidence: str) -> tuple[Entry, bool]:
        """Register a row; returns its entry and whether this link carries the row's ``ref-`` anchor: the
        row is new on this page, or the cell that held the anchor runs again (its old output is gone)."""
        here = _running_cell()
        if row_id in self.entries:
            entry = self.entries[row_id]
            cell_id, run = entry.ref_at
            if here[0] is not None and here[0] == cell_id and here[1] != run:
                entry.ref_at = here
                return entry, True
            return entry, False
        entry = Entry(len(self.entries) + 1, row_id, source_id, evidence, here)
        self.entries[row_id] = entry
        return entry, True


REGISTRY = Registry()


def _row_part(row_id: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:-]*", row_id):
        return row_id
    slug = _slug(row_id) or "row"
    return f"{slug}-{hashlib.sha1(row_id.encode()).hexdigest()[:6]}"


def anchor(row_id: str) -> str:
    """The HTML id of a row's entry in the Sources section: src-<page prefix>-<row id> (made safe when the id
    is not)."""
    return f"src-{REGISTRY.prefix}-{_row_part(row_id)}"


def ref_anchor(row_id: str) -> str:
    """The HTML id of the first link to a row (where the entry's ↩ link leads): ref-<page prefix>-<row id>."""
    return f"ref-{REGISTRY.prefix}-{_row_part(row_id)}"


def id_column(rows: pd.DataFrame, id_col: str | None = None) -> str:
    """The id column of cited rows: the given one, else the first *_id column that is not source_id."""
    if id_col:
        if id_col not in rows.columns:
            raise KeyError(f"cite: no column {id_col!r}; columns are {', '.join(map(str, rows.columns))}")
        return id_col
    for c in rows.columns:
        if str(c).endswith("_id") and c != "source_id":
            return str(c)
    if "id" in rows.columns:
        return "id"
    raise KeyError(f"cite: no id column among {', '.join(map(str, rows.columns))}")


def cite(rows: pd.DataFrame | None, id_col: str | None = None) -> str:
    """Register rows (id column, source_id, evidence) and return HTML footnote links to their Sources entries.

    Example: ``cite(t.figures.head(2))`` → ``<sup class="cites">[<a class="cite" href="#src-…">1</a>, …]</sup>``.
    """
    if rows is None or len(rows) == 0:
        return ""
    missing = [c for c in ("source_id", "evidence") if c not in rows.columns]
    if missing:
        raise KeyError(f"cite: the rows lack {', '.join(missing)}")
    col = id_column(rows, id_col)
    links = []
    seen: set[str] = set()
    for rid, sid, ev in zip(rows[col], rows["source_id"], rows["evidence"], strict=True):
        if is_missing(rid) or str(rid) in seen:
            continue
        seen.add(str(rid))
        entry, first = REGISTRY.add(str(rid), "" if is_missing(sid) else str(sid), "" if is_missing(ev) else str(ev))
        ref = f' id="{ref_anchor(entry.row_id)}"' if first else ""
        links.append(
            f'<a class="cite" href="#{anchor(entry.row_id)}"{ref} '
            f'aria-label="Source {entry.n}: row {esc(entry.row_id)}">{entry.n}</a>'
        )
    if not links:
        return ""
    return '<sup class="cites">[' + ", ".join(links) + "]</sup>"


def _fragments(evidence: str) -> str:
    """A verbatim quote; fragments the coder joined with an ellipsis are shown as separate quotes."""
    return "".join(f"<q>{esc(text)}</q>" if is_span else esc(text) for text, is_span in separated(evidence))


#: Languages a source may be in, by the code sources.csv gives (an unknown code is shown as the code).
LANGUAGES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}


def _quote(entry: Entry, language: str, translation: str) -> str:
    """The verbatim quote, marked with its language when it is not English, and our translation beside it."""
    if not entry.evidence:
        return "<em>no quote recorded</em>"
    quote = _fragments(entry.evidence)
    if language in ("", "en"):
        return quote
    name = LANGUAGES.get(language, language)
    quote = f'<span lang="{esc(language)}">{quote}</span>'
    if translation:
        return f'{quote}<br><span class="translation">Our translation from {esc(name)}: “{esc(translation)}”</span>'
    return f'{quote}<br><span class="translation">In {esc(name)}; no translation is coded for this row.</span>'


#: A title longer than this many words is shortened in the short reference of each quote entry.
SHORT_TITLE_WORDS = 5


def short_title(title: str) -> str:
    """The first words of a title, with an ellipsis when it is longer ('The sixth day of crisis…')."""
    words = str(title).split()
    if len(words) <= SHORT_TITLE_WORDS:
        return " ".join(words)
    return " ".join(words[:SHORT_TITLE_WORDS]).rstrip(",;:.") + "…"


def report_anchor(source_id: str) -> str:
    """The id of a report's full entry in the Sources section (one per report cited)."""
    return f"doc-{REGISTRY.prefix}-{_slug(source_id)}"


def _given(src: dict[str, Any], column: str) -> str:
    value = src.get(column)
    return "" if is_missing(value) else str(value).strip()


def _report_entry(source_id: str, src: dict[str, Any]) -> str:
    """A report named once in full: title, publisher ('not given' when the report does not say), byline,
    report date, publication time and the URL as a link, each only where sources.csv gives it."""
    lang = _given(src, "language")
    marked = f' lang="{esc(lang)}"' if lang and lang != "en" else ""
    title = _given(src, "title")
    parts = [f"<cite{marked}>{esc(title)}</cite>" if title else f"source <code>{esc(source_id)}</code>"]
    if _given(src, "byline"):
        parts.append(f"by {esc(src['byline'])}")
    parts.append(f"publisher: {esc(src['publisher'])}" if _given(src, "publisher") else "publisher not given")
    if not is_missing(src.get("report_date")):
        inferred = src.get("report_date_inferred")
        how = " (date inferred from the text)" if not is_missing(inferred) and bool(inferred) else ""
        parts.append(f"report dated {esc(date_words(src['report_date']))}{how}")
    if _given(src, "published"):
        parts.append(f"published {esc(src['published'])}")
    url = _given(src, "url")
    if url.startswith(("http://", "https://")):
        parts.append(f'<a class="report-url" href="{esc(url)}">{esc(url)}</a>')
    return f'<li id="{report_anchor(source_id)}">{", ".join(parts)}.</li>'


def _short_ref(source_id: str, src: dict[str, Any]) -> str:
    """The short reference of a quote entry: '7 Jan 2022, ‘The sixth day of crisis…’', linked to the report."""
    title = _given(src, "title")
    label = f"‘{esc(short_title(title))}’" if title else f"source <code>{esc(source_id)}</code>"
    if not is_missing(src.get("report_date")):
        label = f"{esc(short_date(src['report_date']))}, {label}"
    return f'<a class="report-ref" href="#{report_anchor(source_id)}">{label}</a>'


def sources_html(sources: pd.DataFrame | None, translations: dict[str, str] | None = None) -> str:
    """The Sources section for the rows cited so far ('' when nothing was cited).

    It names each report cited once in full (the "Reports" list), then lists the quotes, each with a short
    reference to its report (the date and a short title) instead of the whole title again.
    A quote from a source whose `language` is not English carries `lang` (screen readers read it in that
    language) and, where the coder gave one (data/raw/translations.csv), our translation beside it."""
    if not REGISTRY.entries:
        return ""
    info: dict[str, dict[str, Any]] = {}
    if sources is not None and len(sources):
        for rec in sources.to_dict("records"):
            info[str(rec.get("source_id"))] = rec
    items = []
    reports: dict[str, str] = {}
    for entry in sorted(REGISTRY.entries.values(), key=lambda e: e.n):
        src = info.get(entry.source_id, {})
        if entry.source_id not in reports:
            reports[entry.source_id] = _report_entry(entry.source_id, src)
        lang = "" if is_missing(src.get("language")) or src.get("language") == "en" else str(src["language"])
        back = f'<a class="back" href="#{ref_anchor(entry.row_id)}" aria-label="Back to citation {entry.n}">↩</a>'
        quote = _quote(entry, lang, (translations or {}).get(entry.row_id, ""))
        items.append(
            f'<li id="{anchor(entry.row_id)}" value="{entry.n}">{quote}<br>'
            f'<span class="src-meta" data-row="{esc(entry.row_id)}" title="Coded row {esc(entry.row_id)}">'
            f"{_short_ref(entry.source_id, src)}.</span> {back}</li>"
        )
    one = len(reports) == 1
    return (
        '<section class="sources-section">'
        '<h2 id="sources">Sources</h2>'
        f"<p>{'The report' if one else 'The reports'} this page quotes, each named once in full:</p>"
        f'<ul class="reports-list">{"".join(reports.values())}</ul>'
        "<p>Each numbered link on this page leads to one of the quotes below: the verbatim words of the report "
        "that a number, date or quote stands on, with the report's date and short title.</p>"
        f'<ol class="sources-list">{"".join(items)}</ol></section>'
    )
