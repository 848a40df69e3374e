"""Catalogue limits (issue 11, medium 3 and 4): aliases, long values, nulls, notebook paths, titles, sweeps, names."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from helpers import paths
from helpers.reports import catalogue
from helpers.reports.catalogue import CatalogueError, expand


@pytest.fixture
def notebooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(FIXTURES / "notebooks" / "ok.ipynb", folder / "ok.ipynb")
    monkeypatch.setattr(paths, "NOTEBOOKS", folder)
    return folder


def _expand(tmp_path: Path, text: str) -> list[catalogue.Job]:
    path = tmp_path / "reports.yml"
    path.write_text(text, encoding="utf-8")
    return expand(path, check_data=False)


def _problems(tmp_path: Path, text: str) -> str:
    with pytest.raises(CatalogueError) as exc:
        _expand(tmp_path, text)
    return str(exc.value)


BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    + "reports: *j\n"
)


def test_a_yaml_alias_bomb_is_rejected_at_once_with_a_short_message(tmp_path: Path, notebooks: Path) -> None:
    t0 = time.perf_counter()
    message = _problems(tmp_path, BOMB)
    assert time.perf_counter() - t0 < 5  # a loose bound: the bomb expands to 9 * 4**9 items otherwise
    assert "aliases" in message and len(message) < 1000


def test_long_values_are_shortened_in_messages(tmp_path: Path, notebooks: Path) -> None:
    message = _problems(
        tmp_path,
        "reports:\n  - name: a\n    notebook: ok.ipynb\n    parameters:\n"
        f"      repeat: {'y' * 100_000}\n      nope{'z' * 1000}: 1\n",
    )
    assert "unknown parameter" in message and "must be int, got str" in message
    assert len(message) < 1000


def test_null_parameter_values_are_rejected(tmp_path: Path, notebooks: Path) -> None:
    message = _problems(tmp_path, "reports:\n  - name: a\n    notebook: ok.ipynb\n    parameters:\n      label: null\n")
    assert "'label' has no value (null)" in message


def test_null_sweep_values_are_rejected(tmp_path: Path, notebooks: Path) -> None:
    message = _problems(
        tmp_path,
        "reports:\n  - name: a\n    notebook: ok.ipynb\n    title: 'x {label}'\n"
        "    sweep:\n      label: [alpha, null]\n",
    )
    assert "no value (null)" in message


@pytest.mark.parametrize("notebook", ["/tmp/x.ipynb", "../other/ok.ipynb", "../ok.ipynb", "ok.txt"])
def test_notebooks_must_be_files_under_notebooks(tmp_path: Path, notebooks: Path, notebook: str) -> None:
    (tmp_path / "ok.ipynb").write_text((notebooks / "ok.ipynb").read_text())  # reachable through ../ok.ipynb
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "ok.ipynb").write_text((notebooks / "ok.ipynb").read_text())
    Path("/tmp/x.ipynb").write_text((notebooks / "ok.ipynb").read_text()) if notebook.startswith("/tmp") else None
    (notebooks / "ok.txt").write_text("{}")
    message = _problems(tmp_path, f"reports:\n  - name: a\n    notebook: {notebook}\n")
    assert "not found in notebooks/" in message


@pytest.mark.parametrize(
    ("title", "part"),
    [
        ("'Place {nowhere}'", "title field {nowhere} is not a parameter"),
        ("'Place {label.__class__}'", "is not a parameter"),
        ("'Place {label!r}'", "is not a parameter"),
        ("'Place {0}'", "is not a parameter"),
        ("'Place {label'", "broken {field}"),
        ("'Place }'", "broken {field}"),
    ],
)
def test_titles_with_unknown_or_broken_fields_are_errors(
    tmp_path: Path, notebooks: Path, title: str, part: str
) -> None:
    message = _problems(
        tmp_path, f"reports:\n  - name: a\n    notebook: ok.ipynb\n    title: {title}\n    sweep:\n      label: [x]\n"
    )
    assert part in message


@pytest.mark.parametrize("source", ["'@unknown.column'", "'@__class__.x'", "'@figures.nope'", "'@figures.__len__'"])
def test_sweeps_over_unknown_columns_are_errors(tmp_path: Path, notebooks: Path, source: str) -> None:
    message = _problems(tmp_path, f"reports:\n  - name: a\n    notebook: ok.ipynb\n    sweep:\n      label: {source}\n")
    assert "is not a processed table column" in message


def test_a_sweep_over_a_view_lists_only_places_with_pages(
    tmp_path: Path, notebooks: Path, made_up_processed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'@places_with_pages.place_id' reads the view (MADE-UP fixture): a place named only gets no report."""
    import dataclasses

    import pandas as pd

    from helpers.data import tables

    t = tables.load(made_up_processed)
    named_only = t.places.iloc[[0]].assign(place_id="testgrad", name="Testgrad", kind="city")
    t2 = dataclasses.replace(t, places=pd.concat([t.places, named_only], ignore_index=True))
    monkeypatch.setattr(tables, "load", lambda *a, **k: t2)
    text = "reports:\n  - name: place\n    notebook: ok.ipynb\n    title: 'Place {name}'\n    sweep:\n"
    jobs = _expand(tmp_path, text + "      label: '@places_with_pages.place_id'\n")
    names = {j.name for j in jobs}
    assert "place-testgrad" not in names and {"place-almaty", "place-belarus", "place-kazakhstan"} <= names
    assert "Place Almaty" in {j.title for j in jobs}
    every = {j.name for j in _expand(tmp_path, text + "      label: '@places.place_id'\n")}
    assert "place-testgrad" in every


def test_long_sweep_values_become_short_stable_names(tmp_path: Path, notebooks: Path) -> None:
    speaker = "A" * 300
    text = (
        "reports:\n  - name: a\n    notebook: ok.ipynb\n    title: 'By {label}'\n"
        f"    sweep:\n      label: ['{speaker}', '{speaker}B', '!!!']\n"
    )
    jobs = _expand(tmp_path, text)
    names = [j.name for j in jobs]
    assert all(len(n) <= catalogue.MAX_NAME for n in names)
    assert len(set(names)) == 3
    assert names == [j.name for j in _expand(tmp_path, text)]  # stable across runs
    assert jobs[0].title == f"By {speaker}"


@pytest.mark.parametrize("name", ["index", "catalogue-1234", "codebook"])
def test_names_the_build_uses_are_reserved(tmp_path: Path, notebooks: Path, name: str) -> None:
    message = _problems(tmp_path, f"reports:\n  - name: {name}\n    notebook: ok.ipynb\n")
    assert "reserved" in message


def test_a_sweep_cannot_produce_a_reserved_name(tmp_path: Path, notebooks: Path) -> None:
    message = _problems(
        tmp_path, "reports:\n  - name: catalogue\n    notebook: ok.ipynb\n    sweep:\n      label: [x]\n"
    )
    assert "reserved" in message


def test_a_notebook_that_is_not_json_does_not_stop_the_catalogue(tmp_path: Path, notebooks: Path) -> None:
    (notebooks / "bad.ipynb").write_text("{ not json")
    jobs = _expand(tmp_path, "reports:\n  - name: a\n    notebook: ok.ipynb\n  - name: b\n    notebook: bad.ipynb\n")
    assert [j.name for j in jobs] == ["a", "b"]  # b fails when it runs, alone


@pytest.mark.parametrize("values", ["[[protest], [riot, clash]]", "[alpha, {x: 1}]"])
def test_a_list_valued_sweep_is_one_catalogue_error(tmp_path: Path, notebooks: Path, values: str) -> None:
    """Issue 22, point 11: not `TypeError: unhashable type: 'list'`."""
    message = _problems(tmp_path, f"reports:\n  - name: a\n    notebook: ok.ipynb\n    sweep:\n      label: {values}\n")
    assert len(message.splitlines()) == 1
    assert "report 1 (a)" in message and "a sweep lists single values" in message
