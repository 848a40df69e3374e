"""Facade for notebooks: `from helpers import views` is `helpers.analysis.views` (see README's file map)."""

from __future__ import annotations

import importlib as _importlib
from typing import Any as _Any

_real = _importlib.import_module("helpers.analysis.views")
globals().update({k: v for k, v in vars(_real).items() if not k.startswith("__")})


def __getattr__(name: str) -> _Any:
    return getattr(_real, name)


def __dir__() -> list[str]:
    return sorted(getattr(_real, "__all__", [k for k in vars(_real) if not k.startswith("_")]))
