"""The value every chart function returns, and how a chart becomes a PNG.

A chart function never displays anything: it returns a :class:`Chart` (the figure plus what the page needs
to say about it), and ``helpers.page`` shows it. A chart that would show a single value says it as a
sentence instead (``Chart.sentence``, no figure).

Example::

    chart = interval_chart(frame, "Counts", "People")
    chart.caption      # what the chart adds to the page's caption ("" when nothing)
    png, width, height = render_png(chart.figure)
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import PIL.Image
from matplotlib.figure import Figure

from helpers.charts.theme import narrow, rc_context

__all__ = ["Chart", "render_png", "sentence_chart"]


@dataclass(frozen=True, eq=False)
class Chart:
    """A drawn chart and what a page says with it.

    - ``figure``: the matplotlib Figure (Agg canvas, not known to pyplot); None when the chart is a sentence;
    - ``sentence``: said instead of a figure when the chart would show a single value ("" otherwise);
    - ``data``: the rows behind the chart (offered as a download);
    - ``caption``: what the chart adds to the page's caption (aggregation, rows not drawn);
    - ``alt``: what the alt text adds to the title and caption (e.g. the map's list of places);
    - ``redraw``: draws the same chart again (set by the chart functions; ``redraw_narrow`` uses it).
    """

    figure: Figure | None
    sentence: str = ""
    data: pd.DataFrame | None = field(default=None, repr=False)
    caption: str = ""
    alt: str = ""
    redraw: Callable[[], Chart] | None = field(default=None, repr=False)

    def redraw_narrow(self) -> Figure | None:
        """The same chart drawn for a phone (narrow, labels wrapped shorter), or None for a figure of your own."""
        if self.figure is None or self.redraw is None:
            return None
        with narrow():
            return self.redraw().figure

    def _repr_png_(self) -> bytes | None:
        """A chart left as a cell's last value shows itself (IPython's display protocol; nothing is global)."""
        return render_png(self.figure)[0] if self.figure is not None else None

    @property
    def title(self) -> str:
        """The title of the first axes ('' for a sentence or an untitled chart)."""
        if self.figure is None or not self.figure.axes:
            return ""
        return self.figure.axes[0].get_title()


def sentence_chart(sentence: str, data: pd.DataFrame | None = None) -> Chart:
    """A chart that is a sentence (one value says little as a chart)."""
    return Chart(None, sentence=sentence, data=data)


def render_png(fig: Figure, dpi: float | None = None, palette: bool = True) -> tuple[bytes, int, int]:
    """The figure as PNG bytes, with its width and height in pixels (rendered with the chart theme).

    `palette=False` keeps every colour (a figure of your own may hold a gradient that 256 colours band)."""
    buf = io.BytesIO()
    with rc_context():
        fig.savefig(buf, format="png", bbox_inches="tight", dpi=dpi or "figure")
    # a chart has few colours: a 256-colour palette (Pillow's fast octree) draws it the same at about 40% of
    # the bytes, which keeps a page with a phone rendering of each chart as small as it was without one
    if not palette:
        data = buf.getvalue()
        return data, int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    image = PIL.Image.open(buf)
    small = io.BytesIO()
    image.convert("RGB").quantize(colors=256, method=PIL.Image.Quantize.FASTOCTREE).save(small, format="PNG")
    data = small.getvalue()
    return data, int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
