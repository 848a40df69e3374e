"""The report build: catalogue, parameters, build, cache, engine, render, PDF, templates.

- ``catalogue``: reports/reports.yml, sweeps, checks before anything runs;
- ``build``: execution, the content-hash cache, parallelism, failure isolation, the front page;
- ``engine`` and ``_preload``: the kz-fork papermill engine and its warm server; ``lean``: imports a build skips;
- ``render`` and ``templates/``: the offline page; ``jupyter``: the nbconvert exporter ``kz``;
- ``screenshots``: headless Chromium for PDF and README images.

Imports: every stage above it (page, charts, text, analysis, data) and the foundation; nothing imports it but cli.
"""

__all__ = ["build", "catalogue", "engine", "jupyter", "lean", "render", "screenshots"]
