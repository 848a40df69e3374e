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
