"""Headless Chromium (Debian's, never a downloaded build) for README screenshots and the browser tests."""

from __future__ import annotations

import shutil
import sys
import tempfile
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
