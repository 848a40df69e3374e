"""One bad report cannot stop the build (issue 11, medium 2 and 4): each failure is recorded for that report alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hardening_support import cli, project

from helpers import paths
from helpers.reports import build
from helpers.reports.catalogue import Job


@pytest.fixture
def outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """reports/ folders of a throwaway tree, patched into helpers.paths."""
    for name in ("HTML", "EXECUTED", "CACHE"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        monkeypatch.setattr(paths, name, folder)
    return tmp_path


META = {"built": "2022-01-08 00:00:00 UTC", "commit": "abc", "data_hash": "d" * 12}


def test_an_error_raised_while_preparing_one_report_fails_that_report_alone(
    outputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def execute(job: Job, meta: dict, show_code: bool) -> dict:
        if job.name == "long":
            raise OSError(36, "File name too long")  # what mkstemp raises for a 300-character name
        return {"name": job.name, "status": "ok", "error": "", "cell": None, "seconds": 0.1}

    monkeypatch.setattr(build, "execute", execute)
    monkeypatch.setenv("KZ_ENGINE", "kernel")  # run here: a fork of the engine's server would not see the stub
    jobs = [(Job("long", "ok.ipynb", "Long"), "k1"), (Job("fine", "ok.ipynb", "Fine"), "k2")]
    results = build._run(jobs, META, False, 1)
    assert results is not None
    assert {r["name"]: r["status"] for r in results} == {"long": "failed", "fine": "ok"}
    assert "File name too long" in next(r["error"] for r in results if r["name"] == "long")
    assert json.loads((paths.CACHE / "long.json").read_text())["status"] == "failed"
    assert json.loads((paths.CACHE / "fine.json").read_text())["status"] == "ok"


@pytest.mark.parametrize("content", ["[]", '"text"', '{"seconds": "abc", "status": "ok", "built": 5}', "{broken"])
def test_a_corrupt_cache_file_is_ignored(outputs: Path, content: str) -> None:
    (paths.CACHE / "ok.json").write_text(content)
    assert build.read_state("ok") == {k: v for k, v in {"status": "ok"}.items() if "status" in content}
    build._write_index([Job("ok", "ok.ipynb", "OK")], "d" * 64, META)
    assert "OK" in (paths.HTML / "index.html").read_text()


def test_a_corrupt_catalogue_cache_is_expanded_again(
    outputs: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    jobs = [Job("ok", "ok.ipynb", "OK")]
    monkeypatch.setattr(build, "expand", lambda catalogue: jobs)
    monkeypatch.setattr(paths, "NOTEBOOKS", tmp_path)
    catalogue = tmp_path / "reports.yml"
    catalogue.write_text("reports: []")
    assert build.jobs_for(catalogue, "data") == jobs
    (cache_file,) = paths.CACHE.glob("catalogue-*.json")
    state = json.loads(cache_file.read_text())
    cache_file.write_text(json.dumps({"key": state["key"], "jobs": [{"nonsense": 1}]}))
    assert build.jobs_for(catalogue, "data") == jobs


CATALOGUE = """
reports:
  - name: ok
    notebook: ok.ipynb
    title: Works
  - name: bad
    notebook: bad.ipynb
    title: Not a notebook
"""


@pytest.mark.slow
def test_a_notebook_that_is_not_json_fails_that_report_alone(tmp_path: Path) -> None:
    root = project(tmp_path / "proj", CATALOGUE, {"bad.ipynb": "{ this is not json"})
    run = cli("build", "-j", "1", root=root)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "FAILED bad" in run.stderr
    assert (root / "reports" / "html" / "ok.html").is_file()
    index = (root / "reports" / "html" / "index.html").read_text()
    assert "Works" in index and "Not a notebook" in index


@pytest.mark.parametrize("blocker", ["file", "readonly"])
def test_an_unwritable_reports_html_is_one_clear_error(tmp_path: Path, blocker: str) -> None:
    import os

    root = project(tmp_path / "proj", CATALOGUE)
    html = root / "reports" / "html"
    if blocker == "file":
        html.write_text("not a folder")
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes to read-only folders; the 'file' case covers the same path")
        html.mkdir()
        html.chmod(0o555)
    run = cli("build", "-j", "1", root=root)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == [
        line for line in run.stderr.strip().splitlines() if line.startswith("build: cannot write to reports/html")
    ]
