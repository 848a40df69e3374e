"""Reader-grade HTML tables: human headers, words not codes, '—' for missing, ids muted at the end, a Source
column of footnote links, and a CSV download under the table.

A cell holding the report's own words (a quote, a figure's wording, a date as worded: ``QUOTE_COLUMNS``) from a
source not in English carries that language (``<span lang="ru">``), so screen readers read it in it; where
the coder translated the row's quote (data/raw/translations.csv), the translation stands under the first quote
cell, labelled "our translation"; in its other cells (a claim, a summary), each run of Cyrillic words is
marked. A row's language comes from a ``language`` column of the table or of its
cited rows, else from its ``source_id`` in the tables ``helpers.load()`` read last; its translation likewise
from a ``translation`` column, else by the row's id.

Example::

    html = table_html(t.figures[["figure_id", "place_id", "display"]], caption="Counts", cite_rows=t.figures)
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from helpers.data.tables import last_loaded
from helpers.page.cite import LANGUAGES, cite
from helpers.page.core import MISSING, PERCENT_COLUMNS, cell, esc, header, is_id_column, is_missing
from helpers.page.downloads import download_link

__all__ = ["MAX_TABLE_ROWS", "QUOTE_COLUMNS", "TRANSLATED_COLUMNS", "mark_languages", "sentence_language", "table_html"]

#: A table longer than this shows its first rows only, says so, and offers every row in its download.
MAX_TABLE_ROWS = 200


#: Alignment as attributes too: JupyterLab's stylesheet right-aligns every cell and ignores our page CSS.
_LEFT = ' style="text-align:left"'
_RIGHT = ' style="text-align:right"'

#: Columns that hold the report's own words: marked with the source's language when it is not English.
QUOTE_COLUMNS = (
    "evidence", "quote_text", "quote", "mandate_evidence", "value_text", "display",
    "date_text", "as_of_text", "start_text", "end_text", "duration_text", "title",
)  # fmt: skip
#: Columns holding the quote the coder's translation renders; it stands under the first of them in a table.
TRANSLATED_COLUMNS = ("evidence", "quote_text", "quote")
_CLAIMS = ("events", "figures", "measures", "deployments", "statements")


def _is(column: object, names: Iterable[str]) -> bool:
    """Whether a table column is one of these data columns, by its name or by its reader header (views.readable
    renames 'quote_text' to 'Quote')."""
    return str(column) in names or str(column) in {header(n) for n in names}


def _column(name: str, frame: pd.DataFrame, cited: pd.DataFrame | None) -> list | None:
    """A column of the table, else of its cited rows (same length and order), else None."""
    for f in (frame, cited):
        if f is not None and name in f.columns:
            return list(f[name])
    return None


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()


def _languages(frame: pd.DataFrame, cited: pd.DataFrame | None) -> list[str]:
    """Each row's source language ('' for English or unknown)."""
    langs = _column("language", frame, cited)
    if langs is None:
        sids = _column("source_id", frame, cited)
        t = last_loaded()
        if sids is None or t is None:
            return [""] * len(frame)
        known = dict(zip(t.sources["source_id"], t.sources["language"], strict=True))
        langs = [known.get(_text(s), "") for s in sids]
    return ["" if _text(lang) in ("", "en") else _text(lang) for lang in langs]


def _translations(frame: pd.DataFrame, cited: pd.DataFrame | None) -> list[str]:
    """Each row's translation by the coder ('' when none)."""
    found = _column("translation", frame, cited)
    if found is not None:
        return [_text(x) for x in found]
    t = last_loaded()
    if t is None:
        return [""] * len(frame)
    by_id = {
        str(rid): _text(text)
        for name in _CLAIMS
        if "translation" in getattr(t, name).columns
        for rid, text in zip(getattr(t, name).iloc[:, 0], getattr(t, name)["translation"], strict=True)
        if _text(text)
    }
    out = [""] * len(frame)
    for col in [c for f in (frame, cited) if f is not None for c in f.columns if c == "row_id" or is_id_column(c)]:
        if col == "source_id":
            continue
        ids = _column(col, frame, cited) or []
        out = [o or by_id.get(_text(i), "") for o, i in zip(out, ids, strict=True)]
    return out


#: A run of Cyrillic words (Russian and Kazakh letters are all in U+0400–U+04FF), with a number joined to it
#: by a hyphen ("5 800-ден астам") or following it, and the spaces, digits and punctuation between its words.
_CYRILLIC = re.compile(
    r"(?:\d[\d \u00a0\u202f]*-)?[\u0400-\u04ff]+(?:[\s\u00a0\u202f\d.,:;«»„“”'’()\-–—]+[\u0400-\u04ff]+)*"
    r"(?:[ \u00a0\u202f]+\d(?:[\d \u00a0\u202f,]*\d)?)?"  # a number that follows its hedge: "Почти 4 000"
)


def _runs_in_language(text: str, lang: str) -> str:
    """The escaped text of a cell that is not the report's words as a whole (a claim, a summary) with each
    Cyrillic run in it marked with the row's language: "Injured in Almaty: <span lang="ru">более ста</span> (…)"."""
    out, at = [], 0
    for m in _CYRILLIC.finditer(text):
        out += [esc(text[at : m.start()]), f'<span lang="{esc(lang)}">{esc(m.group())}</span>']
        at = m.end()
    return "".join(out) + esc(text[at:])


#: Letters Kazakh has and Russian has not: a run with one of them is Kazakh.
_KAZAKH = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def sentence_language(cited: pd.DataFrame | None) -> str | None:
    """The one non-English language of the sources a sentence cites (by their source_id), or None."""
    t = last_loaded()
    if cited is None or t is None or "source_id" not in cited:
        return None
    by_source = dict(zip(t.sources["source_id"], t.sources["language"], strict=True))
    found = {str(by_source.get(s, "en")) for s in cited["source_id"].dropna()} - {"en"}
    return found.pop() if len(found) == 1 else None


def mark_languages(text: str, lang: str | None = None) -> str:
    """Escaped sentence text with each Cyrillic run (a report's words inside our English sentence: "более
    9 900 (more than 9,900)") marked with its language: `lang` when the sentence cites sources of one
    language, else Kazakh where the run has a Kazakh letter and Russian otherwise, so a screen reader reads
    it in that language. Text with no Cyrillic is only escaped."""
    out, at = [], 0
    for m in _CYRILLIC.finditer(text):
        lang_ = "kk" if _KAZAKH.search(m.group()) else "ru"
        run_lang = lang or lang_
        out += [esc(text[at : m.start()]), f'<span lang="{run_lang}">{esc(m.group())}</span>']
        at = m.end()
    return "".join(out) + esc(text[at:])


def _in_language(text: str, lang: str, wording: str) -> str:
    """The escaped cell text with the report's words marked with their language. A figure's display reads
    "<the report's words> (<in English>)": only its first part, the wording, is marked."""
    if wording and text.startswith(wording) and text != wording:
        return f'<span lang="{esc(lang)}">{esc(wording)}</span>{esc(text[len(wording) :])}'
    return f'<span lang="{esc(lang)}">{esc(text)}</span>'


def table_html(
    frame: pd.DataFrame,
    caption: str | None = None,
    cite_rows: pd.DataFrame | list[pd.DataFrame] | None = None,
    id_col: str | None = None,
    labels: Mapping[str, str] | None = None,
    percent: Iterable[str] = (),
    max_rows: int = MAX_TABLE_ROWS,
) -> str:
    """A reader-grade HTML table: human headers, formatted cells, ids muted at the end, a Source column.

    `cite_rows` is one row per table row, or a list with several rows per table row (the row itself first,
    then the earlier rows its values come from: views.chain_cites)."""
    frame = frame.reset_index(drop=True)
    per_row: list[pd.DataFrame] | None = None
    if isinstance(cite_rows, list):  # each table row cites several rows (its own first: views.chain_cites)
        per_row = [c.reset_index(drop=True) for c in cite_rows]
        cite_rows = pd.concat([c.iloc[[0]] for c in per_row], ignore_index=True) if per_row else frame.iloc[0:0]
    if cite_rows is not None and len(cite_rows) != len(frame):
        raise ValueError(f"table: cite has {len(cite_rows)} rows but the table has {len(frame)}")
    pct = set(percent) | {c for c in frame.columns if str(c) in PERCENT_COLUMNS}
    cols = [c for c in frame.columns if not is_id_column(str(c))] + [c for c in frame.columns if is_id_column(str(c))]
    shown = frame.iloc[:max_rows]
    id_class = ' class="id"'
    head = "".join(
        f'<th scope="col"{id_class if is_id_column(str(c)) else ""}{_LEFT}>{esc(header(str(c), labels))}</th>'
        for c in cols
    )
    if cite_rows is not None:
        head += '<th scope="col">Source</th>'
        cite_rows = cite_rows.reset_index(drop=True)
    quoted = [c for c in cols if _is(c, QUOTE_COLUMNS)]
    langs = _languages(frame, cite_rows)
    translated = next((c for c in cols if _is(c, TRANSLATED_COLUMNS)), None)
    translations = _translations(frame, cite_rows) if translated is not None and any(langs) else []
    wordings = _column("value_text", frame, cite_rows) if any(_is(c, ["display"]) for c in quoted) else None
    body = []
    for i, rec in enumerate(shown.itertuples(index=False, name=None)):
        values = dict(zip(frame.columns, rec, strict=True))
        cells = []
        for c in cols:
            text = cell(values[c], str(c), percent=c in pct)
            lang = langs[i] if text != MISSING and not is_id_column(str(c)) else ""
            if lang and c not in quoted:
                html = _runs_in_language(text, lang)
            elif lang:
                wording = _text(wordings[i]) if wordings is not None and _is(c, ["display"]) else ""
                html = _in_language(text, lang, wording)
                if c == translated:
                    name = esc(LANGUAGES.get(lang, lang))
                    html += (
                        f'<br><span class="translation">Our translation from {name}: “{esc(translations[i])}”</span>'
                        if translations[i]
                        else f'<br><span class="translation">In {name}; no translation is coded for this row.</span>'
                    )
            else:
                html = esc(text)
            cls = []
            if is_id_column(str(c)):
                cls.append("id")
            if text == MISSING:
                cls.append("missing")
            elif isinstance(values[c], numbers.Number) and not isinstance(values[c], bool):
                cls.append("num")
            attr = (f' class="{" ".join(cls)}"' if cls else "") + (_RIGHT if "num" in cls else _LEFT)
            cells.append(f'<td{attr} data-label="{esc(header(str(c), labels))}">{html}</td>')
        if cite_rows is not None:
            rows = per_row[i] if per_row is not None else cite_rows.iloc[[i]]
            cells.append(f'<td class="source" data-label="Source">{cite(rows, id_col)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    more = ""
    if len(frame) > max_rows:
        more = (
            f'<p class="note">Showing the first {max_rows:,} of {len(frame):,} rows; '
            "the download under the table holds every row.</p>"
        )
    return (
        f'{more}<div class="table-wrap"><table class="data">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>" + download_link(frame, caption or "table", "table")
    )
