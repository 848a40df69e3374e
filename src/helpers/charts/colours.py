"""What each colour, hatch and dash means on every chart.

- Who reported a figure (intervals): "not attributed" is the one grey; every other attribution gets a
  saturated colour from the data, not from a table of names: the attributions of the processed figures,
  most often cited first (ties by name), take ATTRIBUTION_COLOURS in that order, so an attribution has the
  same colour on every page built from the same data. A name the data does not know (made-up or filtered
  data) gets a colour by hash, never one already taken.
- The kind of a timeline item: dark tones (KIND_COLOURS), never mistaken for an attribution colour.
- Trend lines: their own colours and dashes (line_style).

Example::

    colour_for("not attributed")      # '#7f7f7f'
    attribution_colours(["A", "B"])   # {'A': '#0173b2', 'B': '#de8f05'}
"""

from __future__ import annotations

import csv
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import matplotlib.colors

from helpers import paths
from helpers.charts.theme import PALETTE

__all__ = [
    "ATTRIBUTION_COLOURS",
    "COLOUR_NAMES",
    "HATCH",
    "HATCH_MEANING",
    "KIND_COLOURS",
    "LINE_COLOURS",
    "LINE_STYLES",
    "MIN_SATURATION",
    "NOT_ATTRIBUTED",
    "PALETTE",
    "SPAN_HATCH_MEANING",
    "SPAN_HATCH_MEANING_END",
    "STATEMENT_COLOURS",
    "TREND_LEGEND_TITLE",
    "attribution_colours",
    "attribution_order",
    "colour_for",
    "colour_words_in_title",
    "is_greyish",
    "line_style",
]

#: The grey of "not attributed": no other attribution colour may look like it.
NOT_ATTRIBUTED = "#7f7f7f"
#: A colour is a grey or near-grey when its HSV saturation is below this (it would read as "not attributed").
MIN_SATURATION = 0.3
#: Extra colour-blind-safe hues (Paul Tol's "muted" scheme) so that many names still get distinct colours.
_TOL_MUTED = ["#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255", "#aa4499"]


def is_greyish(colour: str) -> bool:
    """True for greys and near-greys (low saturation), which only "not attributed" may use."""
    return matplotlib.colors.rgb_to_hsv(matplotlib.colors.to_rgb(colour))[1] < MIN_SATURATION


#: Attribution colours in the order they are handed out: the palettes minus greys.
ATTRIBUTION_COLOURS: list[str] = [c for c in dict.fromkeys(PALETTE + _TOL_MUTED) if not is_greyish(c)]

#: Timeline kinds: dark tones, so they are never mistaken for an attribution colour; COLOUR_NAMES says them in words.
KIND_COLOURS = {"event": "#3a3a3a", "measure": "#8c6d1f"}
#: The words a title may use for the colours drawn (a title never names a colour that is not drawn).
COLOUR_NAMES = {"#3a3a3a": "dark grey", "#8c6d1f": "brown"}
_COLOUR_WORDS = (
    "blue|orange|green|red|purple|violet|brown|pink|grey|gray|yellow|olive|cyan|black|teal|dark grey|light grey"
)
#: Statement kinds in speaker charts.
STATEMENT_COLOURS = {"direct": "#3a3a3a", "indirect": "#9a9a9a", "implied": "#d9d9d9"}
HATCH = "//"
HATCH_MEANING = "a window: the report does not give the exact days"
#: The span charts' hatch legend: a bar is hatched for a window and for a start (or end) the report does not give.
SPAN_HATCH_MEANING = "a window or a start not given: the report does not give the exact days"
SPAN_HATCH_MEANING_END = "a window, or a start or end not given: the report does not give the exact days"
#: Trend lines: each line its own colour (none of them an attribution's or a timeline kind's) and, cycling
#: more slowly, its own dash, so lines stay apart beyond ten and in greyscale.
LINE_COLOURS = ["#332288", "#cc6677", "#117733", "#88ccee", "#aa4499", "#999933", "#882255", "#44aa99", "#56b4e9"]
LINE_STYLES = ["-", "--", "-.", ":"]
TREND_LEGEND_TITLE = "Each line: what is counted, where"


def attribution_colours(names: Iterable[str]) -> dict[str, str]:
    """Colours for attributions given in a stable order: the k-th name gets the k-th ATTRIBUTION_COLOURS
    colour ("not attributed" is always the grey and takes no place in the order); past the end, by hash."""
    out: dict[str, str] = {"not attributed": NOT_ATTRIBUTED}
    k = 0
    for name in dict.fromkeys(str(n) for n in names):
        if name in out:
            continue
        if k < len(ATTRIBUTION_COLOURS):
            out[name] = ATTRIBUTION_COLOURS[k]
            k += 1
        else:
            out[name] = ATTRIBUTION_COLOURS[zlib.crc32(name.encode()) % len(ATTRIBUTION_COLOURS)]
    return out


@cache
def _order_in(folder: Path, _stamp: int) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    try:
        with (folder / "figures.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                name = (row.get("attributed_to") or "").strip()
                if name:
                    counts[name] += 1
    except OSError:  # no processed data here: every name gets its colour by hash
        return ()
    return tuple(sorted(counts, key=lambda n: (-counts[n], n)))


def attribution_order() -> tuple[str, ...]:
    """The attributions of the processed figures (``helpers.paths.PROCESSED``), most cited first, ties by name."""
    folder = Path(paths.PROCESSED)
    try:
        stamp = (folder / "figures.csv").stat().st_mtime_ns  # a changed file is read again
    except OSError:
        stamp = 0
    return _order_in(folder, stamp)


def colour_for(name: str) -> str:
    """A stable colour for an attribution: its place in the data's order, else a hash into the colours the
    order leaves free (so a name the data does not know never takes a known name's colour when one is free)."""
    table = attribution_colours(attribution_order())
    if name in table:
        return table[name]
    free = [c for c in ATTRIBUTION_COLOURS if c not in table.values()] or ATTRIBUTION_COLOURS
    return free[zlib.crc32(str(name).encode()) % len(free)]


def colour_words_in_title(title: str, colours: Mapping[str, str]) -> str:
    """A title whose colour words match what is drawn.

    "Events (blue) and measures (orange)" with events drawn dark grey becomes "Events (dark grey) and
    measures (brown)": a parenthesised colour after a kind's name is replaced by the colour actually used for
    that kind; a parenthesised colour word after anything else is dropped (the legend says it).
    """

    def kind_of(word: str) -> str | None:
        w = word.lower()
        for kind in colours:
            if w in (kind, kind + "s", kind + "es"):
                return kind
        return None

    def fix(m: re.Match) -> str:
        kind = kind_of(m.group(1))
        if kind is None:
            return m.group(1)
        colour = colours[kind]
        return f"{m.group(1)} ({COLOUR_NAMES.get(colour.lower(), colour)})"

    return re.sub(rf"(\w+)\s*\((?:{_COLOUR_WORDS})\)", fix, title, flags=re.I)


def line_style(k: int) -> tuple[str, str]:
    """The colour and dash of the k-th line of a trend chart: no two of the first 36 lines look alike."""
    return LINE_COLOURS[k % len(LINE_COLOURS)], LINE_STYLES[(k // len(LINE_COLOURS)) % len(LINE_STYLES)]
