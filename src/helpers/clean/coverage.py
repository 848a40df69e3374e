"""Coverage: which numbers, dates and names of a source no evidence quote covers yet.

For each source text we list every number ("26", "4,000"), number word ("seven", "sixth"), vague
quantity ("dozens"), date or time expression ("Friday evening", "January 19", "earlier this week",
"overnight") and capitalised name ("Interior Ministry"). A span is *covered* when it lies inside an
evidence quote of that source (any table, any row), *waived* when it lies inside a span of
data/raw/waivers.csv (deliberately left uncoded, with a reason), and *uncovered* otherwise.

`make data` prints the number of uncovered spans as a warning (never an error), the processed `coverage`
table holds one row per sentence, and `python -m helpers coverage` lists the uncovered spans.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import pandas as pd

from helpers.clean import lang, locate, numbers, provenance
from helpers.clean.context import Context, Row, rows
from helpers.clean.dates import MONTHS, PARTS_OF_DAY, SINCE_START, WEEKDAYS
from helpers.clean.transforms import _provenance

__all__ = [
    "CLAIM_TABLES",
    "QUOTE_TABLES",
    "QUOTE_COLUMNS",
    "KINDS",
    "PATTERNS",
    "NOT_NAMES",
    "Span",
    "NOT_NAMES_CYRILLIC",
    "candidates",
    "analyse",
    "do_waivers",
    "analyse_all",
]

#: Tables whose rows are claims: a sentence overlapping one of their quotes "carries a coded claim".
CLAIM_TABLES = ("events", "figures", "measures", "deployments", "statements", "corrections")
#: Every table whose quotes cover spans (the sources' and places' quotes too).
QUOTE_TABLES = ("sources", "places", *CLAIM_TABLES)
#: Columns holding verbatim quotes.
QUOTE_COLUMNS = ("evidence", "mandate_evidence", "quote")

KINDS = ("date", "vague", "number", "number_word", "name")  # also the priority when two spans overlap

_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_NUMBER_WORDS = sorted(
    {w for w in numbers.UNITS if w != "a"} | set(numbers.TENS) | set(numbers.SCALES) | set(_ORDINALS),
    key=len,
    reverse=True,
)
_NW = "|".join(_NUMBER_WORDS)
_VAGUE = {v.removesuffix(" of") for v in numbers.VAGUE}
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_MONTH = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
_WEEKDAY = "|".join(d.capitalize() for d in WEEKDAYS)
_RELATIVE = [
    *SINCE_START,
    "earlier this week", "earlier this month", "earlier today", "later this week", "this week", "last week",
    "next week", "this month", "last month", "this morning", "this afternoon", "this evening", "last night",
    "yesterday", "today", "tonight", "overnight", "midnight", "noon",
]  # fmt: skip

PATTERNS: dict[str, re.Pattern[str]] = {
    "date": re.compile(
        rf"\b(?:(?:{_WEEKDAY})(?:\s+(?:{'|'.join(PARTS_OF_DAY)}))?"
        rf"|(?:{_MONTH})\.?\s+{_DAY}(?:,?\s+\d{{4}})?"
        rf"|{_DAY}\s+(?:{_MONTH})(?:\s+\d{{4}})?"
        rf"|(?:{_MONTH})"
        r"|\d{4}-\d{2}-\d{2}"
        r"|\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\d{1,2}:\d{2}"
        rf"|(?i:{'|'.join(re.escape(p) for p in _RELATIVE)}))\b"
    ),
    "vague": re.compile(rf"\b(?i:{'|'.join(re.escape(v) for v in sorted(_VAGUE, key=len, reverse=True))})\b"),
    # "9 900" (space, no-break or narrow no-break space between thousands) is one number, not "9" and "900"
    "number": re.compile(
        r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|(?<![\w.,])\d+(?:[.,]\d+)*(?:st|nd|rd|th)?\b"
    ),
    "number_word": re.compile(rf"\b(?i:(?:{_NW})(?:[- ](?:{_NW}))*)\b"),
    # words of a name are joined by spaces on one line: a span never runs across a line break
    "name": re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'-]*(?:[ \t]+(?:(?:of|the|for|de)[ \t]+)*[A-ZÀ-ÖØ-Þ][\w’'-]*)*"),
}
#: Capitalised words that start sentences and are not names; dropped from the front of a name.
NOT_NAMES = set(
    "the a an however in on at by with while but and or as after before since this that these those it its "
    "he she they we i there their his her our from to for of according also meanwhile earlier later when "
    "where what who if some all many more most other another each both no not between among about over under "
    "almost nearly around up".split()
)


@dataclass(frozen=True)
class Span:
    """One number, date or name of a source, and whether a quote or a waiver covers it."""

    source_id: str
    start: int
    end: int
    text: str
    kind: str
    status: str  # covered | waived | uncovered
    reason: str | None = None


#: Capitals that start a sentence in Russian and Kazakh without starting a name (prepositions, conjunctions,
#: pronouns, date words); dropped from the front of a name as NOT_NAMES are in English.
NOT_NAMES_CYRILLIC = set(
    "в во на по с со к ко о об от из за для при после до у и а но или что это как так также однако кроме "
    "ещё еще уже ранее накануне вчера сегодня всего более около почти свыше не по-прежнему он она они мы "
    "мен және бірақ сондай-ақ бұл осы ол олар біз кеше бүгін бұрын".split()
)
_CYR_CAP = "А-ЯЁӘҒҚҢӨҰҮҺІ"


def _words(table: dict[str, object]) -> str:
    return "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True) if w) or "(?!)"


@functools.cache
def _patterns(language: str) -> dict[str, re.Pattern[str]]:
    """The patterns for a source in `language`: its own table's words (clean.lang) beside the English ones."""
    table = lang.get(language)
    if table.code == "en":
        return PATTERNS
    day = r"\d{1,2}"
    own = {
        "date": re.compile(
            rf"(?i:(?<![\w])(?:{day}\s+(?:{_words(table.months)})|{_words(table.weekdays)}|{_words(table.months)})(?![\w]))"
        ),
        "vague": re.compile(rf"(?i:(?<![\w])(?:{_words(table.vague)})(?![\w]))"),
        "number_word": re.compile(rf"(?i:(?<![\w])(?:{_words(table.add)}|{_words(table.scales)})(?![\w]))"),
        "name": re.compile(rf"[{_CYR_CAP}][\w’'-]*(?:[ \t]+[{_CYR_CAP}][\w’'-]*)*"),
    }
    return {
        kind: re.compile(f"{own[kind].pattern}|{PATTERNS[kind].pattern}") if kind in own else PATTERNS[kind]
        for kind in PATTERNS
    }


def candidates(text: str, language: str = "en") -> list[tuple[int, int, str]]:
    """(start, end, kind) of every number, number word, vague quantity, date and name; no overlaps.

    A source in another language (its `language` in sources.csv) adds its own table's weekday, month,
    vague and number words and Cyrillic names (clean.lang); English words are looked for too."""
    found: list[tuple[int, int, str]] = []
    not_names = NOT_NAMES | {"of", "for", "de"} | (NOT_NAMES_CYRILLIC if language not in ("", "en") else set())
    for kind, pattern in _patterns(language or "en").items():
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if kind == "name":
                words = list(re.finditer(r"\S+", m.group()))
                while words and lang.simplify(words[0].group()) in not_names:
                    words.pop(0)
                if not words:
                    continue
                start = m.start() + words[0].start()
                for suffix in ("’s", "'s"):
                    if text[start:end].endswith(suffix):
                        end -= len(suffix)
            found.append((start, end, kind))
    found.sort(key=lambda c: (-(c[1] - c[0]), KINDS.index(c[2]), c[0]))
    kept: list[tuple[int, int, str]] = []
    taken = bytearray(len(text) + 1)  # 1 where a kept candidate lies: each check costs its own length
    for c in found:
        start, end = c[0], max(c[1], c[0] + 1)
        if taken.find(1, start, end) < 0:
            kept.append(c)
            taken[start:end] = b"\x01" * (end - start)
    return sorted(kept)


def _mask(quotes: list[str], text: str, folded: locate.Folded) -> bytearray:
    """1 for every character of `text` inside an occurrence of one of the quotes' spans."""
    mask = bytearray(len(text))
    for quote in quotes:
        for part in provenance.spans(quote):
            for m in locate.find_all(part, text, folded):
                mask[m.start : m.end] = b"\x01" * (m.end - m.start)
    return mask


def _inside(mask: bytearray, start: int, end: int) -> bool:
    return all(mask[start:end])


def analyse(
    source_id: str,
    text: str,
    quotes: list[str],
    claim_quotes: list[str],
    waivers: list[tuple[str, str]],
    language: str = "en",
) -> tuple[list[Span], list[Row]]:
    """Every span of one source with its status, and one coverage row per sentence."""
    folded = locate.fold(text)
    covered = _mask(quotes, text, folded)
    claimed = _mask(claim_quotes, text, folded)
    waived_by: list[tuple[bytearray, str]] = [(_mask([s], text, folded), r) for s, r in waivers]
    spans = []
    for start, end, kind in candidates(text, language):
        status, reason = "uncovered", None
        if _inside(covered, start, end):
            status = "covered"
        else:
            for mask, why in waived_by:
                if _inside(mask, start, end):
                    status, reason = "waived", why
                    break
        spans.append(Span(source_id, start, end, text[start:end], kind, status, reason))
    rows = []
    starts = [sp.start for sp in spans]  # sorted, as candidates() returns them
    for n, (s, e) in enumerate(locate.sentences(text), start=1):
        inside = spans[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]
        rows.append(
            {
                "sentence_id": f"{source_id}.s{n:03d}",
                "source_id": source_id,
                "sentence": n,
                "text": locate.one_line(text[s:e]),
                "coded": any(claimed[s:e]),
                "spans": len(inside),
                "covered": sum(sp.status == "covered" for sp in inside),
                "waived": sum(sp.status == "waived" for sp in inside),
                "uncovered": sum(sp.status == "uncovered" for sp in inside),
                "uncovered_spans": " | ".join(sp.text for sp in inside if sp.status == "uncovered") or None,
            }
        )
    return spans, rows


def do_waivers(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Waivers: the source exists and the span occurs in its text (like an evidence quote)."""
    out = []
    for row in rows(frame):
        _provenance(ctx, "waivers", row, ("span",))
        out.append({k: row.get(k) for k in ("source_id", "span", "reason")})
    return out


def _quotes(rows: dict[str, list[Row]], tables: tuple[str, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for table in tables:
        for r in rows.get(table, []):
            for col in QUOTE_COLUMNS:
                if r.get(col):
                    out.setdefault(r["source_id"], []).append(r[col])
    return out


def analyse_all(rows: dict[str, list[Row]], texts: dict[str, str], waivers: list[Row]) -> tuple[list[Span], list[Row]]:
    """Spans and per-sentence rows for every source, from the processed rows and the waivers."""
    quotes, claims = _quotes(rows, QUOTE_TABLES), _quotes(rows, CLAIM_TABLES)
    languages = {r["source_id"]: r.get("language") or "en" for r in rows.get("sources", [])}
    all_spans: list[Span] = []
    all_rows: list[Row] = []
    for sid in sorted(texts):
        w = [(r["span"], r["reason"]) for r in waivers if r["source_id"] == sid and r["span"]]
        spans, sentence_rows = analyse(
            sid, texts[sid], quotes.get(sid, []), claims.get(sid, []), w, languages.get(sid, "en")
        )
        all_spans += spans
        all_rows += sentence_rows
    return all_spans, all_rows
