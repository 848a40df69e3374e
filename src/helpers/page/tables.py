"""Reader-grade HTML tables: human headers, words not codes, '—' for missing, ids muted at the end, a Source
column of footnote links, and a CSV download under the table.

Example::

    html = table_html(t.figures[["figure_id", "place_id", "display"]], caption="Counts", cite_rows=t.figures)
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping

import pandas as pd

from helpers.page.cite import cite
from helpers.page.core import MISSING, PERCENT_COLUMNS, cell, esc, header, is_id_column
from helpers.page.downloads import download_link

__all__ = ["MAX_TABLE_ROWS", "table_html"]

#: A table longer than this shows its first rows only, says so, and offers every row in its download.
MAX_TABLE_ROWS = 200


#: Alignment as attributes too: JupyterLab's stylesheet right-aligns every cell and ignores our page CSS.
_LEFT = ' style="text-align:left"'
_RIGHT = ' style="text-align:right"'


def table_html(
    frame: pd.DataFrame,
    caption: str | None = None,
    cite_rows: pd.DataFrame | None = None,
    id_col: str | None = None,
    labels: Mapping[str, str] | None = None,
    percent: Iterable[str] = (),
    max_rows: int = MAX_TABLE_ROWS,
) -> str:
    """A reader-grade HTML table: human headers, formatted cells, ids muted at the end, a Source column."""
    frame = frame.reset_index(drop=True)
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
    body = []
    for i, rec in enumerate(shown.itertuples(index=False, name=None)):
        values = dict(zip(frame.columns, rec, strict=True))
        cells = []
        for c in cols:
            text = cell(values[c], str(c), percent=c in pct)
            cls = []
            if is_id_column(str(c)):
                cls.append("id")
            if text == MISSING:
                cls.append("missing")
            elif isinstance(values[c], numbers.Number) and not isinstance(values[c], bool):
                cls.append("num")
            attr = (f' class="{" ".join(cls)}"' if cls else "") + (_RIGHT if "num" in cls else _LEFT)
            cells.append(f"<td{attr}>{esc(text)}</td>")
        if cite_rows is not None:
            cells.append(f'<td class="source">{cite(cite_rows.iloc[[i]], id_col)}</td>')
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
