"""Views of the processed tables "as of" a date, one module per subject: DataFrames in, DataFrames out.

- `common`: place names, report dates and the as-of cut, the crisis start, update chains, sources;
- `figures`: every figure with its series, the latest per series, the headline, parts, trends, changes;
- `measures`: measure phases and their latest state; `deployments`: one row per contributor;
- `statements`: quotes and speakers; `timeline`: events and measure phases on one axis;
- `places`: one place's profile; `quality`: rows per table, qualifiers, inferred dates, audit, coverage.

Imports: helpers.data, the foundation, and helpers.text.vocabulary (a leaf module importing only
helpers.data) for the few cells a view fills with dates and code words ('7 Jan 2022', 'in force').
"""
