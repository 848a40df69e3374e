"""The report catalogue (reports/reports.yml): expand sweeps, and reject bad entries before anything runs."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpers import paths


class CatalogueError(ValueError):
    """Every problem found in a catalogue, one per line."""


@dataclass(frozen=True)
class Job:
    """One report to build: a notebook with one set of parameters."""

    name: str
    notebook: str
    title: str
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def notebook_path(self) -> Path:
        """The notebook file."""
        return paths.NOTEBOOKS / self.notebook


def notebook_parameters(path: Path) -> dict[str, Any]:
    """The names and default values of a notebook's `parameters` cell."""
    from papermill.inspection import inspect_notebook

    out = {}
    for name, spec in inspect_notebook(str(path)).items():
        try:
            out[name] = ast.literal_eval(spec["default"])
        except (ValueError, SyntaxError):
            out[name] = None
    return out


def _slug(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")


def _sweep_values(spec: Any, where: str, problems: list[str]) -> list[Any]:
    if isinstance(spec, list):
        return spec
    if isinstance(spec, str) and spec.startswith("@") and "." in spec:
        import helpers

        table, column = spec[1:].split(".", 1)
        tables = helpers.load()
        frame = getattr(tables, table, None)
        if frame is None or column not in frame:
            problems.append(f"{where}: sweep source {spec} is not a processed table column")
            return []
        return sorted(frame[column].dropna().unique().tolist())
    problems.append(f"{where}: a sweep is a list of values or '@table.column'")
    return []


def _sweep_names(spec: Any) -> dict[Any, str]:
    """For a sweep over '@table.column' of a table with a `name` column: value → name (for `{name}` in titles)."""
    if not (isinstance(spec, str) and spec.startswith("@") and "." in spec):
        return {}
    import helpers

    table, column = spec[1:].split(".", 1)
    frame = getattr(helpers.load(), table, None)
    if frame is None or column not in frame or "name" not in frame:
        return {}
    return dict(zip(frame[column], frame["name"], strict=True))


def expand(catalogue: Path = paths.CATALOGUE, check_data: bool = True) -> list[Job]:
    """Read the catalogue and return one Job per report; raise CatalogueError listing every problem."""
    where0 = paths.rel(catalogue)
    try:
        doc = yaml.safe_load(catalogue.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{where0}: cannot read the catalogue ({exc})") from None
    entries = doc.get("reports") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{where0}: expected a non-empty list under 'reports:'")
    problems: list[str] = []
    jobs: list[Job] = []
    defaults_cache: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(entries, 1):
        where = f"{where0}: report {i} ({entry.get('name', '?') if isinstance(entry, dict) else '?'})"
        if not isinstance(entry, dict):
            problems.append(f"{where}: each report is a mapping")
            continue
        unknown_keys = set(entry) - {"name", "notebook", "title", "parameters", "sweep"}
        if unknown_keys:
            problems.append(f"{where}: unknown keys {sorted(unknown_keys)}")
        name, nb = entry.get("name"), entry.get("notebook")
        if not name or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(name)):
            problems.append(f"{where}: 'name' must be lower-case letters, digits and hyphens")
            continue
        if not nb or not (paths.NOTEBOOKS / nb).is_file():
            problems.append(f"{where}: notebook {nb!r} not found in notebooks/")
            continue
        if nb not in defaults_cache:
            defaults_cache[nb] = notebook_parameters(paths.NOTEBOOKS / nb)
        defaults = defaults_cache[nb]
        params = entry.get("parameters") or {}
        sweep = entry.get("sweep") or {}
        if not isinstance(params, dict) or not isinstance(sweep, dict):
            problems.append(f"{where}: 'parameters' and 'sweep' are mappings")
            continue
        sweep_values = {k: _sweep_values(v, where, problems) for k, v in sweep.items()}
        pairs = [*params.items(), *((k, v) for k, vs in sweep_values.items() for v in (vs or [None]))]
        for pname, value in pairs:
            if pname not in defaults:
                problems.append(
                    f"{where}: unknown parameter {pname!r} for {nb}; it takes: {', '.join(sorted(defaults)) or 'none'}"
                )
            elif value is not None and defaults[pname] is not None and type(value) is not type(defaults[pname]):
                want, got = type(defaults[pname]).__name__, type(value).__name__
                problems.append(f"{where}: parameter {pname!r} must be {want}, got {got} {value!r}")
        if len(sweep) > 1:
            problems.append(f"{where}: sweep one parameter at a time")
            continue
        title = str(entry.get("title") or name)
        if sweep:
            ((pname, values),) = sweep_values.items()
            names = _sweep_names(sweep[pname])
            for value in values:
                p = {**params, pname: value}
                jobs.append(Job(f"{name}-{_slug(value)}", nb, title.format(**p, name=names.get(value, value)), p))
        else:
            jobs.append(Job(str(name), nb, title, dict(params)))
    seen: set[str] = set()
    for job in jobs:
        if job.name in seen:
            problems.append(f"{where0}: report name {job.name!r} appears twice")
        seen.add(job.name)
    if check_data and not problems:
        problems.extend(_check_against_data(jobs))
    if problems:
        raise CatalogueError("\n".join(problems))
    return jobs


def _check_against_data(jobs: list[Job]) -> list[str]:
    """Values the data does not know (an unknown place, metric, speaker or date) are rejected."""
    import helpers
    from helpers.params import ParameterError, check

    tables = helpers.load()
    problems = []
    for job in jobs:
        try:
            check(tables, **job.parameters)
        except ParameterError as exc:
            problems.append(f"{paths.rel(paths.CATALOGUE)}: report {job.name}: {exc}")
    return problems
