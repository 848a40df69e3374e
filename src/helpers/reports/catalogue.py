"""The report catalogue (reports/reports.yml): expand sweeps, and reject bad entries before anything runs."""

from __future__ import annotations

import ast
import hashlib
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpers import paths
from helpers.errors import CatalogueError, shorten

__all__ = ["CatalogueError", "Job", "expand", "notebook_parameters"]


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


#: Limits that keep a hostile or careless catalogue cheap to read (docs: reports/reports.yml header).
MAX_CATALOGUE_BYTES = 1_000_000
#: Longest report name; a sweep value that would make a longer one becomes a short stable slug.
MAX_NAME = 80
_SLUG_HASH = 8
#: Names the build uses for its own files: a report may not take them.
RESERVED = ("index", "codebook", "methodology")
RESERVED_PREFIXES = ("catalogue-",)


class _NoAliasLoader(yaml.SafeLoader):
    """yaml.safe_load without aliases (*name): a few bytes of aliases can expand to gigabytes."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: ANN401 - PyYAML's own signature
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in the catalogue", mark)
        return super().compose_node(parent, index)


def _slug(value: Any, limit: int = MAX_NAME) -> str:
    """A file-name-safe slug of a sweep value; a long (or empty) one is cut and given a stable hash."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
    if slug and len(slug) <= limit:
        return slug
    digest = hashlib.sha256(str(value).encode()).hexdigest()[:_SLUG_HASH]
    head = slug[: max(limit - _SLUG_HASH - 1, 0)].strip("-")
    return f"{head}-{digest}" if head else digest


def _reserved(name: str) -> bool:
    return name in RESERVED or name.startswith(RESERVED_PREFIXES)


def _title(template: str, params: dict[str, Any], where: str, problems: list[str]) -> str | None:
    """A sweep title with {param} filled in; only plain parameter names may appear between braces."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        problems.append(f"{where}: title {shorten(template)!r} has a broken {{field}} ({exc}); write {{{{ for a brace")
        return None
    for _, fname, spec, conv in parsed:
        if fname is not None and (fname not in params or spec or conv):
            valid = ", ".join(f"{{{p}}}" for p in sorted(params))
            problems.append(f"{where}: title field {{{shorten(fname, 40)}}} is not a parameter; use one of: {valid}")
            return None
    return template.format_map({k: str(v) for k, v in params.items()})


def _places_with_pages(t: Any) -> Any:
    from helpers.analysis.places import places_with_pages

    return places_with_pages(t)


#: Views a sweep may read like a processed table ('@<view>.<column>'): each takes the loaded tables and
#: returns rows of a table. `places_with_pages`: the places rows of the places that get a page
#: (docs/codebook.md#place-pages), so `place: "@places_with_pages.place_id"` skips a place named only.
SWEEP_VIEWS: dict[str, Any] = {"places_with_pages": _places_with_pages}


def _sweep_frame(table: str) -> Any:
    """The frame a sweep source '@table.column' reads: a processed table, or a view (SWEEP_VIEWS); None if neither."""
    from helpers.data import schemas
    from helpers.data.tables import load

    if table in schemas.PROCESSED:
        return getattr(load(), table)
    if table in SWEEP_VIEWS:
        return SWEEP_VIEWS[table](load())
    return None


def _sweep_values(spec: Any, where: str, problems: list[str]) -> list[Any]:
    from helpers.data import schemas

    if isinstance(spec, list):
        nested = [v for v in spec if isinstance(v, (list, dict))]
        if nested:  # one report per value: a value must be one text, number or boolean (it names the report)
            problems.append(
                f"{where}: sweep value {shorten(nested[0])} is a {type(nested[0]).__name__}; a sweep lists single "
                "values (text, number or true/false), one report each: give a list parameter under 'parameters' "
                "in separate entries instead"
            )
            return []
        return spec
    if isinstance(spec, str) and spec.startswith("@") and "." in spec:
        table, column = spec[1:].split(".", 1)
        frame = _sweep_frame(table)
        if frame is None or column not in frame.columns:
            tables = ", ".join(sorted(schemas.PROCESSED))
            views = ", ".join(sorted(SWEEP_VIEWS))
            problems.append(
                f"{where}: sweep source {shorten(spec)} is not a processed table column (tables: {tables}) "
                f"nor a view column (views: {views})"
            )
            return []
        return sorted(frame[column].dropna().unique().tolist())
    problems.append(f"{where}: a sweep is a list of values or '@table.column'")
    return []


def _sweep_names(spec: Any) -> dict[Any, str]:
    """For a sweep over '@table.column' of a table with a `name` column: value → name (for `{name}` in titles)."""
    if not (isinstance(spec, str) and spec.startswith("@") and "." in spec):
        return {}
    table, column = spec[1:].split(".", 1)
    frame = _sweep_frame(table)
    if frame is None or column not in frame.columns or "name" not in frame.columns:
        return {}
    return dict(zip(frame[column], frame["name"], strict=True))


def expand(catalogue: Path = paths.CATALOGUE, check_data: bool = True) -> list[Job]:
    """Read the catalogue and return one Job per report; raise CatalogueError listing every problem."""
    where0 = paths.rel(catalogue)
    try:
        if catalogue.stat().st_size > MAX_CATALOGUE_BYTES:
            raise CatalogueError(f"{where0}: larger than {MAX_CATALOGUE_BYTES:,} bytes; is it the right file?")
        doc = yaml.load(catalogue.read_text(encoding="utf-8"), Loader=_NoAliasLoader) or {}  # noqa: S506 - safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{where0}: cannot read the catalogue ({shorten(exc, 300)})") from None
    entries = doc.get("reports") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{where0}: expected a non-empty list under 'reports:'")
    problems: list[str] = []
    jobs: list[Job] = []
    defaults_cache: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(entries, 1):
        where = f"{where0}: report {i} ({shorten(entry.get('name', '?'), 40) if isinstance(entry, dict) else '?'})"
        if not isinstance(entry, dict):
            problems.append(f"{where}: each report is a mapping")
            continue
        unknown_keys = set(entry) - {"name", "notebook", "title", "parameters", "sweep"}
        if unknown_keys:
            problems.append(f"{where}: unknown keys {shorten(sorted(map(str, unknown_keys)))}")
        name, nb = entry.get("name"), entry.get("notebook")
        if not name or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(name)) or len(str(name)) > MAX_NAME:
            problems.append(f"{where}: 'name' must be lower-case letters, digits and hyphens, at most {MAX_NAME}")
            continue
        if _reserved(str(name)):
            problems.append(f"{where}: the name {name!r} is reserved for the build's own files")
            continue
        nb_path = paths.inside(paths.NOTEBOOKS, nb) if isinstance(nb, str) else None
        if nb_path is None or nb_path.suffix != ".ipynb" or not nb_path.is_file():
            problems.append(f"{where}: notebook {shorten(nb)!r} not found in notebooks/ (a .ipynb file under it)")
            continue
        if nb not in defaults_cache:
            try:
                defaults_cache[nb] = notebook_parameters(nb_path)
            except Exception:  # a notebook that is not valid JSON: its reports fail when run, alone
                defaults_cache[nb] = None
        defaults = defaults_cache[nb]
        params = entry.get("parameters") or {}
        sweep = entry.get("sweep") or {}
        if not isinstance(params, dict) or not isinstance(sweep, dict):
            problems.append(f"{where}: 'parameters' and 'sweep' are mappings")
            continue
        sweep_values = {k: _sweep_values(v, where, problems) for k, v in sweep.items()}
        pairs = [*params.items(), *((k, v) for k, vs in sweep_values.items() for v in vs)]
        for pname, value in pairs:
            if value is None:
                problems.append(f"{where}: parameter {shorten(pname)!r} has no value (null); give one or leave it out")
            elif defaults is None:
                continue  # unreadable notebook: nothing to check against
            elif pname not in defaults:
                problems.append(
                    f"{where}: unknown parameter {shorten(pname)!r} for {nb}; "
                    f"it takes: {', '.join(sorted(defaults)) or 'none'}"
                )
            elif value is not None and defaults[pname] is not None and type(value) is not type(defaults[pname]):
                want, got = type(defaults[pname]).__name__, type(value).__name__
                problems.append(f"{where}: parameter {pname!r} must be {want}, got {got} {shorten(repr(value))}")
        if len(sweep) > 1:
            problems.append(f"{where}: sweep one parameter at a time")
            continue
        title = str(entry.get("title") or name)
        if sweep:
            ((pname, values),) = sweep_values.items()
            names = _sweep_names(sweep[pname])
            for value in values:
                p = {**params, pname: value}
                fields = {**p, "name": names[value]} if value in names else p
                full = _title(title, fields, where, problems)
                if full is None:
                    break
                job_name = f"{name}-{_slug(value, MAX_NAME - len(str(name)) - 1)}"
                if _reserved(job_name):
                    problems.append(f"{where}: the name {job_name!r} is reserved for the build's own files")
                jobs.append(Job(job_name, nb, full, p))
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
    from helpers.data.tables import load
    from helpers.page.params import ParameterError, check

    tables = load()
    problems = []
    for job in jobs:
        try:
            check(tables, **job.parameters)
        except ParameterError as exc:
            problems.append(f"{paths.rel(paths.CATALOGUE)}: report {job.name}: {shorten(exc, 300)}")
    return problems
