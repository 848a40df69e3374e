"""Raw -> processed: CSV readers, number and date parsing, provenance, per-table transforms, links, coverage, exports.

Imports: helpers.data and the foundation (paths, errors).
"""

__all__ = [
    "acled",
    "actors",
    "aliases",
    "context",
    "corrections",
    "coverage",
    "datapackage",
    "dates",
    "evidence",
    "freshness",
    "lang",
    "locate",
    "names",
    "numbers",
    "provenance",
    "readers",
    "run",
    "tableio",
    "transforms",
    "updates",
]
