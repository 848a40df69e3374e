"""Views of the processed tables "as of" a date, one module per subject: DataFrames in, DataFrames out.

- `common`: place names, report dates and the as-of cut, the crisis start, update chains, sources;
- `figures`: every figure with its series, the latest per series, the headline, parts, trends, changes;
- `measures`: measure phases and their latest state; `deployments`: one row per contributor;
- `statements`: quotes and speakers; `timeline`: events and measure phases on one axis;
- `places`: one place's profile; `quality`: rows per table, qualifiers, inferred dates, audit, coverage;
- `changes`: what the latest report changes besides counts; `corrections`: withdrawn and corrected rows
  (the dated notices); `consistency`: current figures that contradict each other.

Imports: helpers.data and the foundation only. The words a view fills a cell with ('7 Jan 2022', 'in
force') come from helpers.data.words, which helpers.text.vocabulary re-exports.
"""

__all__ = [
    "changes",
    "common",
    "consistency",
    "corrections",
    "deployments",
    "figures",
    "measures",
    "places",
    "quality",
    "statements",
    "timeline",
]
