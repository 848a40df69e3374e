"""What notebooks call: theme, note, table, show, cite, sources, parameter checks.

- ``plots``: the notebook API (theme, note, table, show, intervals, sources_section; the charts re-exported);
- ``cite``: the citation registry, footnote links with per-page ids, the Sources section;
- ``tables``: reader-grade HTML tables; ``downloads``: the CSV behind a table or figure;
- ``display``: the only code that touches IPython display;
- ``core``: table cells in words (the reader vocabulary, until it moves to helpers.text);
- ``params``: notebook parameter checks.

Imports: helpers.charts, helpers.text, helpers.analysis, helpers.data and the foundation.
"""
