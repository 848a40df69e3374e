"""One module per kind of chart; each chart function returns a Chart value (figure, sentence, data, caption, alt).

- ``chart``: the ``Chart`` value and ``render_png``;
- ``theme``: the rcParams of every chart, applied with ``rc_context`` only while a chart is built or rendered;
- ``colours``: what each colour, hatch and dash means (attribution colours come from the data);
- ``axes``: shared pieces (log and date axes, legends under the axes, labels);
- ``intervals``, ``trend``, ``timeline``, ``spans``, ``bars``, ``places`` (with ``borders``): the charts.

Charts never display anything and never touch pyplot's global state or the backend: figures are
``matplotlib.figure.Figure`` objects with an Agg canvas. ``helpers.page`` shows them.

Imports: helpers.text, helpers.analysis, helpers.data and the foundation (the reader vocabulary through
``helpers.charts._words``).
"""

__all__ = [
    "axes",
    "bars",
    "borders",
    "chart",
    "colours",
    "intervals",
    "places",
    "spans",
    "theme",
    "timeline",
    "trend",
]
