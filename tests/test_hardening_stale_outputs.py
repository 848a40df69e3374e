"""Stale outputs (issue 11, medium 6) and a failed report's kept page that says it is out of date (issue 9, 5)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hardening_support import cli, project

from helpers import paths
from helpers.reports import build
from helpers.reports.catalogue import Job
from helpers.reports.render import mark_stale

FIRST = """
reports:
  - name: ok
    notebook: ok.ipynb
    title: Old title
  - name: flaky
    notebook: broken.ipynb
    title: Sometimes fails
    parameters:
      fail: false
  - name: gone
    notebook: ok.ipynb
    title: Removed later
"""

SECOND = """
reports:
  - name: ok
    notebook: ok.ipynb
    title: New title
  - name: flaky
    notebook: broken.ipynb
    title: Sometimes fails
    parameters:
      fail: true
"""


def _kernel_dir(root: Path) -> Path:
    code = "from helpers.reports.build import kernel_dir; print(kernel_dir())"
    env = {**os.environ, "KZ_PROJECT_ROOT": str(root)}
    return Path(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout.strip())


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str], Path]:
    root = project(tmp_path_factory.mktemp("stale") / "proj", FIRST)
    first = cli("build", "-j", "1", root=root)
    assert first.returncode == 0, first.stdout + first.stderr
    # what a SIGKILL leaves: partial files beside the outputs, and a kernel's socket files
    (root / "reports" / "executed" / ".ok.k1l1ed.ipynb").write_text("{")
    (root / "reports" / "html" / ".ok.html.k1l1ed.tmp").write_text("<html")
    (root / "reports" / ".cache" / ".ok.json.k1l1ed.tmp").write_text("{")
    sockets = _kernel_dir(root)
    (sockets / "0123abcd-1").write_text("")
    (root / "reports" / "reports.yml").write_text(SECOND)
    second = cli("build", "-j", "1", root=root)
    return root, second, sockets


@pytest.mark.slow
def test_changing_a_title_rebuilds_the_page(rebuilt: tuple) -> None:
    root, run, _ = rebuilt
    page = (root / "reports" / "html" / "ok.html").read_text()
    assert "New title" in page and "Old title" not in page


@pytest.mark.slow
def test_pages_of_reports_removed_from_the_catalogue_are_removed(rebuilt: tuple) -> None:
    root, run, _ = rebuilt
    assert not (root / "reports" / "html" / "gone.html").exists()
    assert not (root / "reports" / "executed" / "gone.ipynb").exists()
    assert "gone" in run.stdout


@pytest.mark.slow
def test_partial_files_of_a_killed_build_are_removed_on_the_next_start(rebuilt: tuple) -> None:
    root, _, _ = rebuilt
    for folder in ("executed", "html", ".cache"):
        assert not [p.name for p in (root / "reports" / folder).glob(".*k1l1ed*")], folder


@pytest.mark.slow
def test_kernel_socket_files_of_an_interrupted_build_are_removed(rebuilt: tuple) -> None:
    _, _, sockets = rebuilt
    assert not (sockets / "0123abcd-1").exists()


@pytest.mark.slow
def test_a_failed_reports_kept_page_says_it_is_out_of_date_since_when_and_why(rebuilt: tuple) -> None:
    root, run, _ = rebuilt
    assert run.returncode == 1
    page = (root / "reports" / "html" / "flaky.html").read_text()
    banner = page[page.index("<!--kz:stale-->") : page.index("<!--/kz:stale-->")]
    assert "Out of date" in banner
    assert "last good build, from 20" in banner and "failed since 20" in banner
    assert "this notebook fails on purpose" in banner
    assert page.index("<!--kz:stale-->") < page.index("before the failure")  # at the top, above the content


def test_the_title_is_part_of_the_cache_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "NOTEBOOKS", tmp_path)
    (tmp_path / "a.ipynb").write_text("{}")
    key = build.job_key(Job("a", "a.ipynb", "Old"), "d", "c", False)
    assert key != build.job_key(Job("a", "a.ipynb", "New"), "d", "c", False)


def test_a_second_failure_replaces_the_banner_and_keeps_the_page() -> None:
    page = "<html><body><main>\n<!--kz:stale--><!--/kz:stale-->\n<p>content</p></main></body></html>"
    once = mark_stale(page, "2022-01-07 10:00:00 UTC", "2022-01-08 10:00:00 UTC", "ValueError: <b>x</b>")
    twice = mark_stale(once, "2022-01-07 10:00:00 UTC", "2022-01-08 10:00:00 UTC", "KeyError: y")
    assert twice.count("Out of date") == 1 and "KeyError: y" in twice and "<p>content</p>" in twice
    assert "&lt;b&gt;x&lt;/b&gt;" in once  # the error text is escaped


def test_orphans_are_only_outputs_the_build_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTML", "EXECUTED", "CACHE"):
        (tmp_path / name).mkdir()
        monkeypatch.setattr(paths, name, tmp_path / name)
    (tmp_path / "HTML" / "codebook.html").write_text("not the build's")
    (tmp_path / "HTML" / "old.html").write_text("x")
    (tmp_path / "CACHE" / "old.json").write_text('{"key": "k", "status": "ok", "built": "2022-01-08 10:00:00 UTC"}')
    (tmp_path / "CACHE" / "catalogue-1234.json").write_text("{}")
    assert build.remove_orphans([Job("new", "ok.ipynb", "New")]) == ["old"]
    assert sorted(p.name for p in (tmp_path / "HTML").iterdir()) == ["codebook.html"]
    assert (tmp_path / "CACHE" / "catalogue-1234.json").is_file()


def test_make_datas_freshness_stamp_is_not_an_orphan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make data` stamps reports/.cache/clean-<hash>.json; `make reports` must neither delete nor name it."""
    from helpers.clean import freshness

    for name in ("HTML", "EXECUTED", "CACHE"):
        (tmp_path / name).mkdir()
        monkeypatch.setattr(paths, name, tmp_path / name)
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    out.mkdir()
    freshness.record(raw, out, "inputs")
    stamps = list((tmp_path / "CACHE").glob("clean-*.json"))
    assert len(stamps) == 1
    assert build.remove_orphans([Job("new", "ok.ipynb", "New")]) == []
    assert stamps[0].is_file()
