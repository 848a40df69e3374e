"""Headless Chromium (Debian's, never a downloaded build) for README screenshots and the browser tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from helpers import paths

#: Flags for a quiet, offline headless Chromium (as root in CI: no sandbox).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The system Chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch(pw: Any) -> Any:
    """Launch the system Chromium through Playwright with offline-friendly flags."""
    exe = chromium_path()
    if exe is None:
        raise RuntimeError("Chromium is not installed: apt-get install chromium")
    return pw.chromium.launch(
        executable_path=exe, headless=True, args=CHROMIUM_ARGS, env={"HOME": tempfile.gettempdir()}
    )


#: Flags for printing a page to PDF with the headless Chromium the browser tests use (offline, no header/footer).
PDF_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def print_pdf(page: Path, pdf: Path, timeout: int = 120) -> None:
    """Print one HTML page to PDF next to it (atomically: a reader never sees half a PDF)."""
    exe = chromium_path()
    if exe is None:
        raise RuntimeError("Chromium is not installed: apt-get install chromium")
    fd, tmp = tempfile.mkstemp(dir=pdf.parent, prefix=f".{pdf.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with tempfile.TemporaryDirectory(prefix="kz-chromium-") as profile:
            run = subprocess.run(
                [exe, *PDF_ARGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}", page.resolve().as_uri()],
                capture_output=True,
                text=True,
                timeout=timeout,
                env={**os.environ, "HOME": profile},
            )
        if run.returncode != 0 or not Path(tmp).stat().st_size:
            detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
            raise RuntimeError(f"Chromium could not print {page.name}: {detail[0]}")
        os.chmod(tmp, 0o644)
        os.replace(tmp, pdf)
    finally:
        Path(tmp).unlink(missing_ok=True)


def print_pdfs(pages: list[Path]) -> int:
    """Print each page to <name>.pdf beside it; returns 0, or 1 with one message per page that failed."""
    if chromium_path() is None:
        print("build --pdf: Chromium is not installed (apt-get install chromium); no PDF was written", file=sys.stderr)
        return 1
    failed = 0
    for page in pages:
        pdf = page.with_suffix(".pdf")
        try:
            print_pdf(page, pdf)
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            failed += 1
            print(f"build --pdf: {exc}", file=sys.stderr)
        else:
            print(f"build: wrote {paths.rel(pdf)}")
    return 1 if failed else 0


def main() -> int:
    """Write docs/img/report-overview.png and docs/img/figure-headline-counts.png from the built HTML."""
    from playwright.sync_api import sync_playwright

    page_path = paths.HTML / "overview.html"
    if not page_path.is_file():
        print("screenshots: reports/html/overview.html is missing; run `make reports` first", file=sys.stderr)
        return 1
    out = paths.DOCS / "img"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1100, "height": 1500})
        page.goto(page_path.as_uri())
        page.screenshot(path=str(out / "report-overview.png"))
        page.locator("img").first.screenshot(path=str(out / "figure-headline-counts.png"))
        browser.close()
    for name in ("report-overview.png", "figure-headline-counts.png"):
        print(f"screenshots: wrote {paths.rel(out / name)}")
    return 0
