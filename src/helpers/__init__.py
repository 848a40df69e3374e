"""Helpers for the Kazakhstan crisis notebooks: raw → processed data, loading, plots, report build.

Submodules are imported lazily so that a notebook importing `helpers` pays only for what it uses.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["load", "DataError", "Tables"]


def __getattr__(name: str) -> Any:
    """Resolve `helpers.load` and `helpers.DataError` on first use."""
    if name == "load":
        return importlib.import_module("helpers.data.tables").load
    if name == "Tables":
        return importlib.import_module("helpers.data.tables").Tables
    if name == "DataError":
        return importlib.import_module("helpers.errors").DataError
    raise AttributeError(name)


def __dir__() -> list[str]:
    """The public API and the stage subpackages (no imported helpers), so that `dir(helpers)` and completion
    in Jupyter offer `helpers.load`, `helpers.plots` and the like."""
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")}
    return sorted({*__all__, *modules, *(k for k in globals() if k.startswith("__"))})
