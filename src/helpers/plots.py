"""Facade for notebooks: ``from helpers import plots`` gives the page API of ``helpers.page.plots``.

Only the public API is here (see ``__all__``): the page functions, the chart functions and ``Chart``.
The colours, axes and theme live in ``helpers.charts``; citations, tables and downloads in ``helpers.page``.

Example::

    from helpers import plots
    plots.theme()
    plots.note("A sentence computed from the data.")
"""

from helpers.page.plots import (
    MAX_MARKS,
    Chart,
    cite,
    count_bar,
    finding,
    interval_chart,
    intervals,
    note,
    places_chart,
    show,
    sources_section,
    table,
    theme,
    timeline_chart,
    trend_chart,
    window_chart,
)

__all__ = [
    "MAX_MARKS",
    "Chart",
    "cite",
    "count_bar",
    "interval_chart",
    "intervals",
    "finding",
    "note",
    "places_chart",
    "show",
    "sources_section",
    "table",
    "theme",
    "timeline_chart",
    "trend_chart",
    "window_chart",
]
