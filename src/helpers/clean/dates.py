"""Dates as a report states them ("Friday", "January 2", "earlier this week") become ISO spans.

Each resolves against the source's report date to (start, end, precision, inferred). Precision is one of
day, week, range, month, unknown (ACLED keeps a time precision for the same reason). Anything the text
leaves out (the year, the week) and we fill in from the report date is marked inferred. An empty text
means the report gives no date: start and end stay empty, precision 'unknown'.

Phrases tied to the report or the crisis rather than to the calendar:
- "overnight" / "last night": the night before the report, so the day before it (day, inferred).
- "Saturday night" (any weekday with morning, afternoon, evening or night): that weekday (day, inferred).
- "since the unrest began" / "since the beginning of the unrest": from the crisis start (the earliest
  dated event of any source, see `crisis_start`) to the report date (range, inferred).

Dates ahead of the report: a bare weekday ("Thursday") is always the one on or before the report date.
"next Thursday" (also "this coming Thursday", or the report's own words marked "Thursday (ahead)") is the
first Thursday after the report date (day, inferred); a part of the day may follow ("next Thursday
evening"). A duration ("within ten days", `parse_duration`) is a window from an anchor day to the anchor
plus the duration (range, inferred).

Other languages: a source's `language` picks a table in helpers.clean.lang whose rules rewrite the date
as its English counterpart ("до 19 января" → "until 19 january", "в ночь на субботу" → "friday night"),
which then resolves exactly as the English words do; the cell keeps the report's words. A date no rule
of the language fits is tried as English.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from helpers.clean import lang
from helpers.data.vocab import PRECISIONS  # noqa: F401  (the codes schemas enforce)
from helpers.errors import ParseError

__all__ = [
    "WEEKDAYS",
    "MONTHS",
    "PARTS_OF_DAY",
    "SINCE_START",
    "AHEAD_BEFORE",
    "AHEAD_MARK",
    "DURATION_UNITS",
    "DateSpan",
    "UNKNOWN",
    "crisis_start",
    "parse_date",
    "parse_duration",
]

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")
#: Phrases that mean "from the start of the crisis until the report".
SINCE_START = ("since the unrest began", "since the beginning of the unrest", "since the start of the unrest")
#: Words before a weekday that put it ahead of the report ("next Thursday": the first Thursday after it).
AHEAD_BEFORE = ("next", "this coming", "coming")
#: The coder's mark after a weekday, keeping the report's words ("on Thursday (ahead)").
AHEAD_MARK = "(ahead)"
#: Duration units in days ("within ten days", "within two weeks").
DURATION_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}


@dataclass(frozen=True)
class DateSpan:
    """A resolved date: first and last possible day, how precise, and whether context filled it in."""

    start: date | None
    end: date | None
    precision: str
    inferred: bool


UNKNOWN = DateSpan(None, None, "unknown", False)


def _make(year: int, month: int, day: int, text: str) -> date:
    """A date, or a ParseError naming the impossible date."""
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ParseError(f"impossible date ({exc})") from None


def _year_for(month: int, day: int, report: date) -> int:
    """The year of a month-day without a year: the report's, or the one before when that lands >6 months ahead."""
    year = report.year
    try:
        if date(year, month, day) - report > timedelta(days=183):
            year -= 1
    except ValueError:
        pass
    return year


def crisis_start(spans: Iterable[DateSpan]) -> date | None:
    """The crisis start: the earliest start among resolved event dates (None when none is dated)."""
    starts = [s.start for s in spans if s.start is not None]
    return min(starts) if starts else None


def parse_date(
    text: str, report_date: date | None, crisis_start: date | None = None, language: str | None = "en"
) -> DateSpan:
    """Resolve a date as written against the report date (and the crisis start; rules in the module doc).

    `language` is the source's language code: its table's rules are tried first, then English."""
    table = lang.get(language)
    if table.code != "en" and str(text or "").strip():
        english = lang.to_english_date(str(text), table)
        if english is not None:
            return _parse_english(english, report_date, crisis_start)
        try:
            return _parse_english(str(text), report_date, crisis_start)
        except ParseError:
            raise ParseError(
                f"unrecognised date in {table.name} (and not an English date either): see the date rules "
                f"in docs/codebook.md, 'Coding a Russian or Kazakh report', or helpers/clean/lang/{table.code}.py"
            ) from None
    return _parse_english(text, report_date, crisis_start)


def _parse_english(text: str, report_date: date | None, crisis_start: date | None = None) -> DateSpan:
    raw = " ".join(str(text or "").split())
    t = raw.lower().strip(" ,.")
    if t in SINCE_START:
        if report_date is None:
            raise ParseError(f"'{raw}' needs the source's report date")
        if crisis_start is None:
            raise ParseError(f"'{raw}' needs the crisis start: the earliest dated event of any source; none is dated")
        if crisis_start > report_date:
            raise ParseError(f"the crisis start ({crisis_start.isoformat()}) is after the report date")
        return DateSpan(crisis_start, report_date, "range", True)
    for prefix in ("on ", "by ", "until ", "from ", "since "):
        t = t.removeprefix(prefix)
    t = t.strip(" ,.")
    if not t:
        return UNKNOWN
    if " to " in t:
        left, right = t.split(" to ", 1)
        a, b = _parse_english(left, report_date, crisis_start), _parse_english(right, report_date, crisis_start)
        if a.start is None or b.end is None:
            raise ParseError("both ends of a range need a date")
        if b.end < a.start:
            raise ParseError(f"end before start ({b.end.isoformat()} < {a.start.isoformat()})")
        return DateSpan(a.start, b.end, "range", a.inferred or b.inferred)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        d = _make(int(m[1]), int(m[2]), int(m[3]), raw)
        return DateSpan(d, d, "day", False)
    m = re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?", t) or re.fullmatch(
        r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?(?: (\d{4}))?", t
    )
    if m:
        month_word, day_s = (m[1], m[2]) if m[1].isalpha() else (m[2], m[1])
        if month_word not in MONTHS:
            raise ParseError(f"unrecognised month '{month_word}'")
        month, day = MONTHS[month_word], int(day_s)
        if m[3]:
            d = _make(int(m[3]), month, day, raw)
            return DateSpan(d, d, "day", False)
        if report_date is None:
            raise ParseError("a date without a year needs the source's report date")
        d = _make(_year_for(month, day, report_date), month, day, raw)
        return DateSpan(d, d, "day", True)
    m = re.fullmatch(r"([a-z]+)(?: (\d{4}))?", t)
    if m and m[1] in MONTHS and m[1] not in WEEKDAYS:
        month = MONTHS[m[1]]
        year = int(m[2]) if m[2] else (report_date.year if report_date else None)
        if year is None:
            raise ParseError("a month without a year needs the source's report date")
        last = calendar.monthrange(year, month)[1]
        return DateSpan(date(year, month, 1), date(year, month, last), "month", not m[2])
    if report_date is None:
        raise ParseError("a relative date needs the source's report date")
    ahead, t = _ahead(t)
    words = t.split()
    if words and words[0] in WEEKDAYS and (len(words) == 1 or words[1:] in ([p] for p in PARTS_OF_DAY)):
        if ahead:  # the first such weekday after the report
            d = report_date + timedelta(days=(WEEKDAYS[words[0]] - report_date.weekday() - 1) % 7 + 1)
        else:  # the most recent such weekday, on or before the report
            d = report_date - timedelta(days=(report_date.weekday() - WEEKDAYS[words[0]]) % 7)
        return DateSpan(d, d, "day", True)
    if ahead:
        raise ParseError(
            f"'{raw}': only a weekday can be marked as ahead of the report ('next Thursday', 'Thursday (ahead)')"
        )
    monday = report_date - timedelta(days=report_date.weekday())
    match t:
        case "today" | "this morning" | "this evening" | "tonight":
            return DateSpan(report_date, report_date, "day", True)
        case "yesterday" | "overnight" | "last night":
            d = report_date - timedelta(days=1)
            return DateSpan(d, d, "day", True)
        case "earlier this week":
            end = max(monday, report_date - timedelta(days=1))
            return DateSpan(monday, end, "week", True)
        case "this week":
            return DateSpan(monday, monday + timedelta(days=6), "week", True)
        case "last week":
            return DateSpan(monday - timedelta(days=7), monday - timedelta(days=1), "week", True)
    raise ParseError(
        "unrecognised date: use YYYY-MM-DD, 'January 2', a weekday ('Friday', 'Friday evening'; "
        "'next Thursday' or 'Thursday (ahead)' for one after the report), "
        "'earlier this week', 'this week', 'last week', 'yesterday', 'today', 'overnight', "
        "'since the unrest began', a month, 'X to Y', or leave empty when the report gives no date"
    )


def _ahead(t: str) -> tuple[bool, str]:
    """Whether a date is marked as ahead of the report ("next Thursday", "Thursday (ahead)"), and the date
    without the mark."""
    if t.endswith(AHEAD_MARK):
        return True, t.removesuffix(AHEAD_MARK).strip(" ,.").removeprefix("on ").strip()
    for word in AHEAD_BEFORE:
        if t.startswith(word + " "):
            return True, t.removeprefix(word + " ").strip()
    return False, t


def _duration_english(text: str, language: str | None) -> str:
    table = lang.get(language)
    raw = str(text or "")
    english = lang.to_english_date(raw, table) if table.code != "en" and raw.strip() else None
    return " ".join((english or raw).split()).lower().strip(" ,.")


def parse_duration(text: str, anchor: date | None, language: str | None = "en") -> DateSpan | None:
    """A duration ahead of an anchor day as the window it allows: "within ten days" of Thursday 13 January is
    13 to 23 January (range, inferred). None when the text is not a duration form (kept as words).

    The number may be digits or words of the source's language ("ten", "десяти", "он"); the unit is days
    or weeks. The rules of other languages rewrite the text into this English form first."""
    from helpers.clean import numbers  # numbers and dates both build on lang; import here, not at the top

    t = _duration_english(text, language)
    if not t.startswith("within "):
        return None
    m = re.fullmatch(r"within (?:(.+?) )?(days?|weeks?)", t)
    if m is None:
        raise ParseError("unrecognised duration: write 'within N days' or 'within N weeks' (N in digits or words)")
    if m[1] is None or m[1] in ("a", "one"):
        n = 1
    else:
        try:
            n, _ = numbers.parse_count(m[1], language)
        except ParseError as exc:
            raise ParseError(f"unrecognised duration: {exc}") from None
    if n < 1 or n > 366:
        raise ParseError("implausible duration: between 1 day and a year")
    if anchor is None:
        raise ParseError("a duration needs a day to count from: a start, an end_text day or the report date")
    return DateSpan(anchor, anchor + timedelta(days=n * DURATION_UNITS[m[2]]), "range", True)
