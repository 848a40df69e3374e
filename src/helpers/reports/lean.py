"""Skip imports that cost a build time and serve no report.

jsonschema (imported by nbformat, so by papermill and nbconvert) imports ``rfc3987_syntax`` only to offer
an optional "iri" format checker, and suppresses the ImportError when it is missing. No notebook, papermill
or nbconvert schema uses that format, but importing it compiles a grammar: about 0.75 s in every process
that imports nbformat (the build, each build worker, the report engine's fork server). Marking it absent
before nbformat is first imported keeps every schema check as it is and saves that time.
"""

from __future__ import annotations

import sys

__all__ = ["UNUSED", "skip_unused_imports"]

#: Modules treated as not installed in build processes (never in JupyterLab kernels).
UNUSED = ("rfc3987_syntax",)


def skip_unused_imports() -> None:
    """Mark UNUSED modules absent, unless something already imported them."""
    for name in UNUSED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None makes `import name` raise ImportError
