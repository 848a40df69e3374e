"""The look of every chart, as a set of rcParams applied only while a chart is drawn.

The project's theme (seaborn's "whitegrid" style, its "notebook" context, the colour-blind palette, bold titles,
text drawn literally) is computed once into :data:`RC`, a plain dict. Charts are built and rendered inside
``rc_context()``, so the theme never leaks into the user's own plots: ``matplotlib.rcParams`` is the same
before and after any chart. Nothing here selects a backend or touches pyplot.

Example::

    with rc_context():
        fig = new_figure((9, 5))   # a Figure with an Agg canvas, themed
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import textwrap
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any, TypeVar

import matplotlib
import seaborn as sns
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["NARROW_WIDTH", "PALETTE", "RC", "is_narrow", "narrow", "new_figure", "rc_context", "themed"]

#: Colour-blind-safe palette (seaborn's "colorblind"), the base of every colour table in helpers.charts.colours.
PALETTE: list[str] = sns.color_palette("colorblind", 10).as_hex()

#: rcParams that are not about looks (matplotlib's own style blacklist): never part of the theme.
_NOT_STYLE = frozenset(
    {
        "backend",
        "backend_fallback",
        "date.epoch",
        "docstring.hardcopy",
        "figure.max_open_warning",
        "figure.raise_window",
        "interactive",
        "savefig.directory",
        "timezone",
        "tk.window_focus",
        "toolbar",
        "webagg.address",
        "webagg.open_in_browser",
        "webagg.port",
        "webagg.port_retries",
    }
)

_EXTRA = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.titleweight": "bold",
    "figure.autolayout": False,
    "legend.frameon": False,
    # text from the data is drawn literally: '$' is a dollar sign, never the start of matplotlib math
    "text.parse_math": False,
    "text.usetex": False,
}


def _theme_rc() -> dict[str, Any]:
    """matplotlib's defaults with seaborn's theme and the project's settings on top (global rcParams untouched)."""
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE)
        matplotlib.rcParams.update(_EXTRA)
        return {k: v for k, v in matplotlib.rcParams.items() if k not in _NOT_STYLE}


#: The rcParams of every chart (applied with rc_context, never set globally).
RC: dict[str, Any] = _theme_rc()


@contextlib.contextmanager
def rc_context() -> Iterator[None]:
    """Apply the chart theme for the duration of a block; the caller's rcParams come back afterwards."""
    with matplotlib.rc_context(RC):
        yield


_F = TypeVar("_F", bound=Callable[..., Any])

#: The width in inches of a chart's phone rendering (about 11 px text on a 390 px screen).
NARROW_WIDTH = 4.6
_NARROW: contextvars.ContextVar[bool] = contextvars.ContextVar("kz_narrow_chart", default=False)


@contextlib.contextmanager
def narrow() -> Iterator[None]:
    """Draw charts for a phone inside this block: narrower figures, labels wrapped shorter, legends in one column."""
    token = _NARROW.set(True)
    try:
        yield
    finally:
        _NARROW.reset(token)


def is_narrow() -> bool:
    """Whether charts are being drawn for a phone (see :func:`narrow`)."""
    return _NARROW.get()


def _narrow_titles(fig: Figure) -> None:
    """A phone rendering wraps each axes title to the narrow width (never cut)."""
    for ax in fig.axes:
        title = ax.get_title()
        if title:
            ax.set_title("\n".join(textwrap.wrap(title, width=44, break_long_words=False)) or title)


def themed(function: _F) -> _F:
    """Run a chart function inside rc_context() (figures, axes and text pick the theme up when created).

    The chart it returns also knows how to draw itself again for a phone: ``Chart.redraw_narrow()`` calls the
    same function with the same arguments inside :func:`narrow`.
    """

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with rc_context():
            chart = function(*args, **kwargs)
            if is_narrow() and getattr(chart, "figure", None) is not None:
                _narrow_titles(chart.figure)
        if dataclasses.is_dataclass(chart) and hasattr(chart, "redraw") and not is_narrow():
            chart = dataclasses.replace(chart, redraw=lambda: wrapper(*args, **kwargs))
        return chart

    return wrapper  # type: ignore[return-value]


def new_figure(figsize: tuple[float, float], keep_aspect: bool = False) -> Figure:
    """A Figure with its own Agg canvas: never registered with pyplot, so it never shows up in plt.get_fignums().

    Inside :func:`narrow` the width is :data:`NARROW_WIDTH`; the height grows a fifth for wrapped labels,
    or shrinks with the width when `keep_aspect` (a map).
    """
    if is_narrow():
        width, height = figsize
        height = height * NARROW_WIDTH / width * 1.1 if keep_aspect else height * 1.2
        figsize = (NARROW_WIDTH, height)
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig
