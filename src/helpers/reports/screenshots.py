"""Headless Chromium (Debian's, never a downloaded build) for README screenshots and the browser tests."""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from helpers import paths

__all__ = [
    "CHROMIUM_ARGS",
    "chromium_path",
    "launch",
    "PDF_OPTIONS",
    "pdf_pages",
    "HIDE_COLOPHON",
    "KEEP_WITH_COLOPHON",
    "print_pdf",
    "print_pdfs",
    "main",
]

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


#: How a page is printed: scripts off (a printed page runs no code; pages carry none and their CSP forbids
#: them anyway), no browser header or footer (date, URL), the page's own CSS page size, 1 cm margins.
#: Chromium's own --print-to-pdf cannot print with scripts disabled (it writes nothing), so Playwright drives it.
PDF_OPTIONS: dict[str, Any] = {
    "display_header_footer": False,
    "prefer_css_page_size": True,
    "print_background": True,
    "margin": {"top": "1cm", "right": "1cm", "bottom": "1cm", "left": "1cm"},
}


def pdf_pages(data: bytes) -> int:
    """How many pages a PDF that Chromium wrote has (its page objects are never compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


#: Print CSS that hides the colophon (to measure), and CSS that moves the last two Sources entries to a new
#: page so the colophon never stands alone there.
HIDE_COLOPHON = "footer.repro { display: none !important; }"
KEEP_WITH_COLOPHON = "@media print { ol.sources-list > li:nth-last-child(2) { break-before: page !important; } }"


def _print_variant(tab: Any, page: Path, html: str, css: str, timeout: int) -> bytes:
    """The page printed with `css` added to its head, from a hidden copy beside it (scripts stay off, so no
    DOM is changed in place; beside it, so the PDF's links resolve as the page's own do). The copy is
    removed at once; a killed print leaves `.<page>.print-*.html`, which the next build sweeps."""
    fd, name = tempfile.mkstemp(dir=page.parent, prefix=f".{page.stem}.print-", suffix=".html")
    os.close(fd)
    copy = Path(name)
    try:
        copy.write_text(html.replace("</head>", f"<style>{css}</style></head>", 1), encoding="utf-8")
        tab.goto(copy.resolve().as_uri(), timeout=timeout * 1000, wait_until="load")
        return tab.pdf(**PDF_OPTIONS)
    finally:
        copy.unlink(missing_ok=True)


def _without_a_lone_colophon(tab: Any, page: Path, timeout: int) -> bytes:
    """The page as PDF bytes, with no last page that holds the colophon alone.

    Chromium does not move earlier lines to keep the footer company (it honours neither the footer's
    `break-before: avoid` nor an early break), so the page is printed once more without the colophon: one
    page fewer means the colophon was alone on the last page, and the last two Sources entries are then
    moved to that page with it."""
    data = tab.pdf(**PDF_OPTIONS)
    html = page.read_text(encoding="utf-8")
    if "</head>" not in html or 'class="repro' not in html or html.count('<li id="src-') < 2:
        return data
    if pdf_pages(_print_variant(tab, page, html, HIDE_COLOPHON, timeout)) >= pdf_pages(data):
        return data
    return _print_variant(tab, page, html, KEEP_WITH_COLOPHON, timeout)


def _print_with(browser: Any, page: Path, pdf: Path, timeout: int) -> None:
    """Print one page in a fresh context with JavaScript disabled, atomically (never half a PDF)."""
    fd, tmp = tempfile.mkstemp(dir=pdf.parent, prefix=f".{pdf.name}.", suffix=".tmp")
    os.close(fd)
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(page.resolve().as_uri(), timeout=timeout * 1000, wait_until="load")
        Path(tmp).write_bytes(_without_a_lone_colophon(tab, page, timeout))
        if not Path(tmp).stat().st_size:
            raise RuntimeError(f"Chromium could not print {page.name}: an empty PDF")
        os.chmod(tmp, 0o644)
        os.replace(tmp, pdf)
    except RuntimeError:
        raise
    except Exception as exc:  # Playwright's errors: one line naming the page
        detail = (str(exc).strip().splitlines() or ["no output"])[0]
        raise RuntimeError(f"Chromium could not print {page.name}: {detail}") from None
    finally:
        context.close()
        Path(tmp).unlink(missing_ok=True)


def _printing(pages: list[tuple[Path, Path]], timeout: int, report: Any) -> None:
    """Print (page, pdf) pairs with one browser; report(page, pdf, error or None) after each."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            for page, pdf in pages:
                try:
                    _print_with(browser, page, pdf, timeout)
                except (RuntimeError, OSError) as exc:
                    report(page, pdf, exc)
                else:
                    report(page, pdf, None)
        finally:
            browser.close()


def print_pdf(page: Path, pdf: Path, timeout: int = 120) -> None:
    """Print one HTML page to PDF next to it, scripts disabled (atomically: a reader never sees half a PDF)."""
    if chromium_path() is None:
        raise RuntimeError("Chromium is not installed: apt-get install chromium")
    errors: list[BaseException] = []
    _printing([(page, pdf)], timeout, lambda _p, _f, exc: errors.append(exc) if exc else None)
    if errors:
        raise errors[0]


def print_pdfs(pages: list[Path]) -> int:
    """Print each page to <name>.pdf beside it; returns 0, or 1 with one message per page that failed."""
    if chromium_path() is None:
        print("build --pdf: Chromium is not installed (apt-get install chromium); no PDF was written", file=sys.stderr)
        return 1
    failed = 0

    def report(_page: Path, pdf: Path, exc: BaseException | None) -> None:
        nonlocal failed
        if exc is not None:
            failed += 1
            print(f"build --pdf: {exc}", file=sys.stderr)
        else:
            print(f"build: wrote {paths.rel(pdf)}")

    try:
        _printing([(page, page.with_suffix(".pdf")) for page in pages], 120, report)
    except Exception as exc:  # the browser did not start: one line, no PDF
        print(f"build --pdf: Chromium did not start ({str(exc).strip().splitlines()[0]})", file=sys.stderr)
        return 1
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
