"""Downloads: the rows behind a table or figure as a CSV data: URI (no script, the page stays one file).

A CSV larger than ``MAX_EMBED_BYTES`` (1 MB) is not embedded: 20,000 figures made a 26 MB page. In the report
build (which names the page in ``KZ_PAGE_ID`` and a staging folder in ``KZ_DOWNLOADS_DIR``), it is written as
a file beside the page, ``reports/html/<page>-files/<name>-<hash>.csv``, linked relatively, and the page says
so in words; the build moves the folder into place with the page (``helpers.reports.build``). Outside the
build (JupyterLab, ``nbconvert --to kz``) there is no page folder to write to, so the download stays embedded.

Example::

    html = download_link(frame, "Counts by place", "table")   # '<p class="download"><a href="data:text/csv;…'
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.files import DOWNLOADS_ENV, files_folder, write_atomic
from helpers.page.core import esc, is_missing
from helpers.text.vocabulary import plural

__all__ = [
    "CSV_DERIVED",
    "CSV_DROP",
    "DOWNLOADS_ENV",
    "MAX_EMBED_BYTES",
    "csv_columns",
    "csv_frame",
    "csv_value",
    "download_link",
    "files_folder",
]

#: Largest CSV (bytes, UTF-8 with its BOM) embedded in a page as a data: link; a larger one is a file beside it.
MAX_EMBED_BYTES = 1_000_000
#: The report's name (set by helpers.reports.build; helpers.page.cite prefixes footnote ids with it too).
PAGE_ENV = "KZ_PAGE_ID"

#: Which columns a download keeps (the rule, in order):
#:  1. a column whose name starts with "_" is the views' working state (sort keys, ranks): dropped;
#:  2. CSV_DROP columns are relative to one page's as-of date (`older`, `latest`): dropped;
#:  3. CSV_DERIVED columns are spelled out from other columns for the page (`series` from metric, place and
#:     subject; `part_of_text` and `is_part` from part_of; `line` from place and metric): dropped when every
#:     column they are made from is in the download too, kept otherwise (then they are the only record);
#:  4. every other column is kept, with the processed tables' own names.
CSV_DROP = frozenset({"older", "latest"})
CSV_DERIVED: dict[str, tuple[str, ...]] = {
    "series": ("metric", "place"),
    "line": ("metric", "place"),
    "is_part": ("part_of",),
    "part_of_text": ("part_of",),
}


def csv_columns(columns: Iterable[str]) -> list[str]:
    """The columns a download keeps, by the rule above CSV_DROP."""
    cols = [str(c) for c in columns]
    present = set(cols)
    return [
        c
        for c in cols
        if not c.startswith("_")
        and c not in CSV_DROP
        and not (c in CSV_DERIVED and all(src in present for src in CSV_DERIVED[c]))
    ]


def csv_value(value: Any) -> Any:
    """One value as data/processed writes it: true/false, ISO dates, '' for missing, lists joined by '; '."""
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(csv_value(v)) for v in value if not is_missing(v))
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {csv_value(v)}" for k, v in value.items())
    if is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, pd.Timedelta | dt.timedelta):
        return pd.Timedelta(value).days
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return int(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as they go into a download: only the columns csv_columns keeps, each value as csv_value writes it."""
    keep = set(csv_columns(frame.columns))
    out = frame.loc[:, [str(c) in keep for c in frame.columns]]
    return pd.DataFrame({c: [csv_value(v) for v in out[c]] for c in out.columns}, index=out.index, dtype="object")


def download_link(frame: pd.DataFrame, name: str, what: str = "table", tag: str = "p") -> str:
    """A 'Download the data' link: the rows as a CSV data: URI (no script, the page stays one file), or, above
    MAX_EMBED_BYTES and in the build, a relative link to the CSV written beside the page, which says so."""
    data = ("\ufeff" + csv_frame(frame).to_csv(index=False, lineterminator="\n")).encode("utf-8")
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "data"
    rows = plural(len(frame), "row")
    staging, page = os.environ.get(DOWNLOADS_ENV), os.environ.get(PAGE_ENV)
    if len(data) > MAX_EMBED_BYTES and staging and page:
        file = f"{slug}-{hashlib.sha256(data).hexdigest()[:10]}.csv"  # one file per content: never two names alike
        write_atomic(Path(staging) / file, data)
        href = f"{files_folder(page)}/{file}"
        size = f"{len(data) / 1_000_000:,.1f} MB"
        return (
            f'<{tag} class="download"><a href="{esc(href)}" download="{esc(file)}">Download the data</a> behind '
            f"this {esc(what)} ({rows}, CSV, {size}). The data is too large to embed in the page; it is saved "
            f"beside this page as {esc(href)}; keep the folder {esc(files_folder(page))} with the page when you "
            f"send it.</{tag}>"
        )
    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<{tag} class="download"><a href="data:text/csv;charset=utf-8;base64,{payload}" download="{esc(slug)}.csv">'
        f"Download the data</a> behind this {esc(what)} ({rows}, CSV).</{tag}>"
    )
