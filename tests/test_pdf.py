"""`python -m helpers build --pdf`: every page printed to PDF next to its HTML with the headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from helpers import paths
from helpers.reports import screenshots

pytestmark = pytest.mark.slow

CATALOGUE = """
reports:
  - name: cited
    notebook: cited.ipynb
    title: "Fixture: the whole page API"
  - name: ok
    notebook: ok.ipynb
    title: Works
"""


def test_build_pdf_prints_each_page(tmp_path: Path) -> None:
    if screenshots.chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    root = tmp_path / "p"
    (root / "notebooks").mkdir(parents=True)
    for name in ("cited.ipynb", "ok.ipynb"):
        shutil.copy(FIXTURES / "notebooks" / name, root / "notebooks" / name)
    shutil.copytree(paths.PROCESSED, root / "data" / "processed")
    (root / "docs").mkdir()
    shutil.copy(paths.DOCS / "codebook.md", root / "docs" / "codebook.md")
    (root / "reports").mkdir()
    (root / "reports" / "reports.yml").write_text(CATALOGUE)
    (root / "pyproject.toml").write_text("")
    env = {**os.environ, "KZ_PROJECT_ROOT": str(root)}
    env.pop("KZ_PROCESSED_DIR", None)
    run = subprocess.run(
        [sys.executable, "-m", "helpers", "build", "-j", "1", "--pdf"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    html = root / "reports" / "html"
    for name in ("cited", "ok", "index", "codebook"):
        pdf = html / f"{name}.pdf"
        assert pdf.read_bytes()[:5] == b"%PDF-", name
    assert not list(html.glob(".*.tmp"))
    pdftotext = shutil.which("pdftotext")
    if pdftotext:  # the printed page keeps its Sources, expanded, and drops the navigation chrome
        text = subprocess.run([pdftotext, str(html / "cited.pdf"), "-"], capture_output=True, text=True).stdout
        flat = text.replace("\n", " ")
        assert "Sources" in text and re.search(r"\d{1,2} \w{3} \d{4}, ‘", flat)  # a quote's short reference
        assert not re.search(r"Row KZ\d{4}-F\d{2}\b", flat)  # the coded row's id is not reader text
        assert "Contents" not in text and "Download the data" not in text
        assert "Fixture: the whole page API" in text and "Kazakhstan crisis notebooks" not in text
        assert "file:" not in text


def test_build_pdf_without_chromium_says_why(monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setattr(screenshots, "chromium_path", lambda: None)
    page = tmp_path / "a.html"
    page.write_text("<!DOCTYPE html><title>a</title>")
    assert screenshots.print_pdfs([page]) == 1
    assert "Chromium is not installed" in capsys.readouterr().err
    assert not (tmp_path / "a.pdf").exists()


def test_printed_page_has_no_browser_header_footer_nor_breadcrumb(tmp_path: Path) -> None:
    """Chromium's date/URL header and footer are off; the breadcrumb is navigation and is not printed."""
    import nbformat

    from helpers.reports import render

    if screenshots.chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert screenshots.PDF_OPTIONS["display_header_footer"] is False
    meta = {
        "name": "place-baikonur",
        "title": "MADE-UP place page",
        "notebook": "03-place.ipynb",
        "parameters": {"place": "baikonur"},
        "built": "now",
        "commit": "abc",
        "data_hash": "def",
        "kernel": "",
        "has_codebook": False,
    }
    page = tmp_path / "place-baikonur.html"
    page.write_text(render.report_html(nbformat.v4.new_notebook(), meta), encoding="utf-8")
    pdf = tmp_path / "place-baikonur.pdf"
    screenshots.print_pdf(page, pdf)
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True).stdout
    assert "MADE-UP place page" in text and "Baikonur" in text  # title and parameters stay
    assert "Kazakhstan crisis notebooks" not in text  # the breadcrumb does not
    assert "file:" not in text and "place-baikonur.html" not in text  # no URL footer


def _made_up_page(filler_px: int) -> str:
    """A MADE-UP page in the build's shape: a filler block, a Sources list of five quotes, the colophon."""
    css = (paths.SRC / "reports" / "templates" / "kz" / "style.css").read_text(encoding="utf-8")
    items = "".join(
        f'<li id="src-x{i}" value="{i}"><q>MADE-UP quote number {i}</q><br><span class="src-meta">made-up</span></li>'
        for i in range(1, 6)
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title><style>{css}</style></head>'
        f'<body><main><div style="height:{filler_px}px">MADE-UP filler</div><section class="sources-section">'
        f'<h2 id="sources">Sources</h2><ol class="sources-list">{items}</ol></section></main>'
        '<footer class="repro colophon"><p><strong>Colophon.</strong> MADE-UP colophon line.</p>'
        "<p>Second colophon line.</p></footer></body></html>"
    )


def test_the_colophon_never_stands_alone_on_the_last_printed_page(tmp_path: Path) -> None:
    """Chromium breaks before the footer when the page is full: the print moves the last two quotes with it."""
    if screenshots.chromium_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("needs Chromium and pdftotext")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = screenshots.launch(pw)
        tab = browser.new_context(java_script_enabled=False).new_page()
        found = None
        for filler in range(700, 1000, 6):  # find a filler height that leaves the colophon alone on page 2
            page = tmp_path / f"p{filler}.html"
            page.write_text(_made_up_page(filler), encoding="utf-8")
            tab.goto(page.as_uri())
            plain = tab.pdf(**screenshots.PDF_OPTIONS)
            hidden = screenshots._print_variant(
                tab, page, page.read_text(encoding="utf-8"), screenshots.HIDE_COLOPHON, 60
            )
            if screenshots.pdf_pages(hidden) < screenshots.pdf_pages(plain):
                found = page
                break
        assert found is not None, "no filler height left the colophon alone: the search range needs widening"
        tab.goto(found.as_uri())
        fixed = screenshots._without_a_lone_colophon(tab, found, 60)
        browser.close()
    pdf = tmp_path / "fixed.pdf"
    pdf.write_bytes(fixed)
    n = screenshots.pdf_pages(fixed)
    last = subprocess.run(
        ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "MADE-UP colophon line" in last and "MADE-UP quote number 5" in last and "quote number 4" in last
    assert not list(tmp_path.glob(".*.print-*.html"))  # the hidden copies beside the page are gone
