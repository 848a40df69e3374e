"""Notebook parameter checks: fail at once, listing the valid values.

A wrong value raises ParameterError, which Jupyter shows as one line without a traceback (see
helpers.errors.ProjectError), for example in 03-counts with `metric = "wounded"`:

    ParameterError: unknown metric 'wounded'; valid values: detained, injured, killed, participants
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from helpers.data import vocab
from helpers.data.tables import Tables
from helpers.errors import ParameterError

__all__ = ["ParameterError", "check", "date_range"]


def _one_of(name: str, value: Any, valid: Iterable[Any], parameter: str | None = None) -> None:
    """Raise ParameterError unless value is one of valid; `parameter` names a list parameter holding it."""
    valid = sorted({str(v) for v in valid})
    if str(value) not in valid:
        where = f" in {parameter}" if parameter else ""
        exc = ParameterError(f"unknown {name} {value!r}{where}; valid values: {', '.join(valid)}")
        exc.parameter, exc.value, exc.valid = parameter or name, value, valid
        raise exc


def date_range(t: Tables) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day any table mentions."""
    from helpers.analysis.common import data_range

    return data_range(t)


def check(t: Tables, **params: Any) -> dict[str, Any]:
    """Validate known notebook parameters against the data; returns them with dates as Timestamps.

    Known names: place, metric, metrics, policy, event_types, speaker, organisation, source_id, start, end,
    as_of. Empty values mean "all" or "the default" and pass through.

    Example::

        p = params.check(t, metric="killed", place="", as_of="2022-01-08")   # p["as_of"] is a Timestamp
        params.check(t, metric="wounded")
        # ParameterError: unknown metric 'wounded'; valid values: detained, injured, killed, participants
    """
    out = dict(params)
    if params.get("place"):
        _one_of("place", params["place"], t.places["place_id"])
    if params.get("speaker"):
        _one_of("speaker", params["speaker"], t.statements["speaker"])
    if params.get("organisation"):
        _one_of("organisation", params["organisation"], t.deployments["organisation"])
    if params.get("source_id"):
        _one_of("source_id", params["source_id"], t.sources["source_id"])
    if params.get("metric"):
        _one_of("metric", params["metric"], vocab.METRICS)
    if params.get("policy"):
        _one_of("policy", params["policy"], vocab.POLICIES)
    for m in params.get("metrics") or []:
        _one_of("metric", m, vocab.METRICS, "metrics")
    for e in params.get("event_types") or []:
        _one_of("event type", e, vocab.EVENT_TYPES, "event_types")
    lo, hi = date_range(t)
    for name in ("start", "end", "as_of"):
        value = params.get(name)
        if value:
            try:
                ts = pd.Timestamp(value)
            except ValueError:
                raise ParameterError(f"{name} {value!r} is not a date (use YYYY-MM-DD)") from None
            if not lo <= ts <= hi:
                raise ParameterError(
                    f"{name} {value} is outside the data: dates run from {lo:%Y-%m-%d} to {hi:%Y-%m-%d}"
                )
            out[name] = ts
    if out.get("start") is not None and out.get("end") is not None and out["end"] < out["start"]:
        raise ParameterError(f"end {params['end']} is before start {params['start']}")
    return out
