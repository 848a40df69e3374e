"""The report build on fixture notebooks: catalogue checks, failure isolation, cache, escaping, offline pages.
The default suite builds the fixture project once; every further build (rebuilds, failures, interruption,
the two whole-catalogue builds) is marked slow and runs in `make test-all`."""

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

# One xdist worker runs this whole file (`--dist loadgroup`), so the module's build fixture runs once.
pytestmark = pytest.mark.xdist_group("build")

CATALOGUE = """
reports:
  - name: ok
    notebook: ok.ipynb
    title: Works
  - name: ok-sweep
    notebook: ok.ipynb
    title: "Works with {label}"
    sweep:
      label: [alpha, beta]
  - name: broken
    notebook: broken.ipynb
    title: Breaks
    parameters:
      fail: {fail}
  - name: escape
    notebook: escape.ipynb
    title: "<b>Escaped</b> title"
"""


def make_project(root: Path, fail: bool = False) -> Path:
    """A throwaway project: fixture notebooks, the real processed data, a catalogue."""
    (root / "notebooks").mkdir(parents=True)
    for nb in (FIXTURES / "notebooks").glob("*.ipynb"):
        shutil.copy(nb, root / "notebooks" / nb.name)
    shutil.copytree(paths.PROCESSED, root / "data" / "processed")
    (root / "pyproject.toml").write_text("")
    (root / "reports").mkdir()
    (root / "reports" / "reports.yml").write_text(CATALOGUE.replace("{fail}", str(fail).lower()))
    return root


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KZ_PROJECT_ROOT": str(root)}
    env.pop("KZ_PROCESSED_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "helpers", "build", *args], env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("proj"))
    run = build(root, "-j", "1")  # one worker: this runs inside an xdist worker already
    assert run.returncode == 0, run.stdout + run.stderr
    return root


def test_builds_every_report_and_the_index(built: Path) -> None:
    html = built / "reports" / "html"
    assert sorted(p.name for p in html.glob("*.html")) == [
        "broken.html",
        "escape.html",
        "index.html",
        "ok-sweep-alpha.html",
        "ok-sweep-beta.html",
        "ok.html",
    ]
    executed = built / "reports" / "executed" / "ok-sweep-beta.ipynb"
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    assert nb.metadata.papermill.parameters == {"label": "beta"}
    assert nb.metadata.papermill.input_path.endswith("ok.ipynb")


def test_code_is_hidden_and_pages_are_self_contained(built: Path) -> None:
    page = (built / "reports" / "html" / "ok.html").read_text()
    assert 'class="input_area"' not in page and "theme" not in page  # code hidden by default
    assert 'src="data:image/png;base64,' in page
    assert 'alt="Fixture plot fixture. A fixture figure."' in page
    assert "Colophon" in page and "Processed data hash" in page and "pandas" in page


def test_no_external_url_in_any_page(built: Path) -> None:
    for page in (built / "reports" / "html").glob("*.html"):
        text = page.read_text()
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), page.name
        assert "<script" not in text, page.name
        assert "@import" not in text and "url(http" not in text, page.name


def test_text_from_the_data_is_escaped(built: Path) -> None:
    page = (built / "reports" / "html" / "escape.html").read_text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    index = (built / "reports" / "html" / "index.html").read_text()
    assert "<b>Escaped</b>" not in index and "&lt;b&gt;Escaped&lt;/b&gt;" in index


def test_second_run_executes_nothing(built: Path) -> None:
    index, codebook = built / "reports" / "html" / "index.html", built / "reports" / "html" / "codebook.html"
    before = {p: p.stat().st_mtime_ns for p in (index, codebook) if p.is_file()}
    run = build(built)
    assert run.returncode == 0
    assert "0 of 5 report(s) to run, 5 up to date" in run.stdout
    # nothing changed, so the pages every build writes are left as they are (no pandas import for them)
    assert index in before and {p: p.stat().st_mtime_ns for p in before} == before


@pytest.mark.slow  # another whole build of the fixture project (make test-all)
def test_touching_a_notebook_reruns_only_its_reports(built: Path) -> None:
    nb = built / "notebooks" / "ok.ipynb"
    nb.write_text(nb.read_text().replace("A fixture figure.", "A changed fixture figure."))
    run = build(built)
    assert run.returncode == 0, run.stderr
    assert "3 of 5 report(s) to run" in run.stdout
    ran = set(re.findall(r"\] ([\w-]+): ok", run.stdout))
    assert ran == {"ok", "ok-sweep-alpha", "ok-sweep-beta"}


@pytest.mark.slow  # another whole build of the fixture project (make test-all)
def test_show_code_keeps_the_code(built: Path) -> None:
    run = build(built, "--only", "ok", "--show-code")
    assert run.returncode == 0
    page = (built / "reports" / "html" / "ok.html").read_text()
    assert 'class="input_area"' in page and "theme" in page
    build(built, "--only", "ok")


@pytest.mark.slow  # another whole build of the fixture project (make test-all)
def test_a_failing_report_is_isolated_and_keeps_its_last_good_html(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert build(root, "-j", "2").returncode == 0
    good = (root / "reports" / "html" / "broken.html").read_bytes()
    (root / "reports" / "reports.yml").write_text(CATALOGUE.replace("{fail}", "true"))
    run = build(root, "-j", "2")
    assert run.returncode == 1
    assert "FAILED broken in cell 4: ValueError: this notebook fails on purpose" in run.stderr
    kept = (root / "reports" / "html" / "broken.html").read_bytes()  # last good page, under an out-of-date banner
    assert re.sub(rb"<!--kz:stale-->.*?<!--/kz:stale-->", b"<!--kz:stale--><!--/kz:stale-->", kept, flags=re.S) == good
    executed = (root / "reports" / "executed" / "broken.ipynb").read_text()
    assert "this notebook fails on purpose" in executed
    assert "ValueError" in executed
    index = (root / "reports" / "html" / "index.html").read_text()
    assert "failed: ValueError: this notebook fails on purpose" in index
    assert "showing the last good build" in index
    # the other reports are still fine and were not re-run
    assert "ok:" not in run.stdout
    leftovers = [p for p in (root / "reports").rglob("*.tmp")] + list((root / "reports").rglob(".*.ipynb"))
    assert not leftovers


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("    parameters:\n      fail: false", "    parameters:\n      fial: false"),
        ("      fail: false", '      fail: "no"'),
        ("      label: [alpha, beta]", "      label: [alpha, 3]"),
        ("    notebook: escape.ipynb", "    notebook: missing.ipynb"),
    ],
)
def test_catalogue_errors_stop_the_build_before_anything_runs(tmp_path: Path, edit: str, message: str) -> None:
    root = make_project(tmp_path / "p")
    cat = root / "reports" / "reports.yml"
    cat.write_text(cat.read_text().replace(edit, message))
    run = build(root)
    assert run.returncode == 1
    assert "nothing was run" in run.stderr
    assert not (root / "reports" / "html").exists()


def test_catalogue_lists_every_problem_with_valid_values(tmp_path: Path) -> None:
    from helpers.reports.catalogue import CatalogueError, expand

    cat = tmp_path / "reports.yml"
    cat.write_text(
        "reports:\n"
        "  - {name: a, notebook: 03-counts.ipynb, parameters: {metric: arrested}}\n"
        "  - {name: b, notebook: 04-place-profile.ipynb, sweep: {place: [almaty, atlantis]}}\n"
        "  - {name: c, notebook: 03-counts.ipynb, parameters: {colour: red}}\n"
        "  - {name: d, notebook: 02-timeline.ipynb, parameters: {event_types: riot}}\n"
    )
    with pytest.raises(CatalogueError) as exc:
        expand(cat)
    text = str(exc.value)
    assert "unknown parameter 'colour' for 03-counts.ipynb; it takes: metric, place" in text
    assert "parameter 'event_types' must be list, got str" in text
    cat.write_text(
        "reports:\n"
        "  - {name: a, notebook: 03-counts.ipynb, parameters: {metric: arrested}}\n"
        "  - {name: b, notebook: 04-place-profile.ipynb, sweep: {place: [almaty, atlantis]}}\n"
    )
    with pytest.raises(CatalogueError) as exc:
        expand(cat)
    text = str(exc.value)
    assert "report a: unknown metric 'arrested'; valid values: detained, injured, killed, participants" in text
    assert "report b-atlantis: unknown place 'atlantis'" in text


@pytest.mark.slow  # another whole build of the fixture project (make test-all)
def test_interrupted_build_leaves_no_half_written_file(tmp_path: Path) -> None:
    import signal

    root = make_project(tmp_path / "p")
    env = {**os.environ, "KZ_PROJECT_ROOT": str(root)}
    env.pop("KZ_PROCESSED_DIR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "helpers", "build", "-j", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:  # wait until one report has finished, then press Ctrl-C
        if line.startswith("[1/"):
            break
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    reports = root / "reports"
    assert not [p for p in reports.rglob("*") if p.is_file() and (p.name.endswith(".tmp") or p.name.startswith("."))]
    for page in (reports / "html").glob("*.html"):
        assert page.read_text().rstrip().endswith("</html>"), page.name


# ---------------------------------------------------------------- the real catalogue, on real and made-up data

RAW_VALUE = re.compile(r"&lt;NA&gt;|<NA>|\b(nan|NaN|NaT|None)\b")


def visible_text(page: str) -> str:
    """A page's text as a reader sees it (no tags, no stylesheet, no embedded images)."""
    import html as html_lib

    page = re.sub(r"<style.*?</style>|<img[^>]*>", " ", page, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))


def known_to(processed: Path, entry: dict) -> bool:
    """Whether every parameter value of a catalogue entry is one the data knows (a place, speaker, source...)."""
    import helpers
    from helpers.page.params import ParameterError, check

    t = helpers.load(processed)
    sweeps = [
        {**(entry.get("parameters") or {}), name: value}
        for name, values in (entry.get("sweep") or {}).items()
        if isinstance(values, list)  # an '@table.column' sweep takes its values from the data itself
        for value in values
    ]
    try:
        for params in sweeps or [entry.get("parameters") or {}]:
            check(t, **params)
    except ParameterError:
        return False
    return True


def catalogue_project(root: Path, processed: Path, extra: Path | None = None) -> Path:
    """A throwaway project: the real notebooks and catalogue (plus extra entries), given processed data.

    With extra entries (a made-up fixture's), the real catalogue's entries that name values only the real data
    knows (a report on a real source, place or speaker) are left out: coding a real report and adding its page to
    the catalogue must not break the build on made-up data (issue 17, point 9)."""
    import yaml

    shutil.copytree(paths.NOTEBOOKS, root / "notebooks")
    shutil.copytree(processed, root / "data" / "processed")
    (root / "pyproject.toml").write_text("")
    (root / "reports").mkdir()
    entries = yaml.safe_load(paths.CATALOGUE.read_text(encoding="utf-8"))["reports"]
    if extra is not None:
        entries = [e for e in entries if known_to(processed, e)]
        entries += yaml.safe_load(extra.read_text(encoding="utf-8"))["reports"]
    catalogue = yaml.safe_dump({"reports": entries}, sort_keys=False, allow_unicode=True)
    (root / "reports" / "reports.yml").write_text(catalogue, encoding="utf-8")
    return root


def build_catalogue(root: Path) -> dict[str, str]:
    run = build(root, "-j", "2")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (root / "reports" / "html").glob("*.html")}
    for name, page in pages.items():
        raw = RAW_VALUE.search(visible_text(page))
        assert raw is None, f"{name}: raw {raw.group(0)!r} on the page"
    return pages


@pytest.mark.slow
def test_every_catalogue_report_builds_on_the_real_data(tmp_path: Path) -> None:
    pages = build_catalogue(catalogue_project(tmp_path / "real", paths.PROCESSED))
    from helpers.reports.catalogue import expand

    assert {*(j.name for j in expand(paths.CATALOGUE)), "index"} <= set(pages)
    assert "Place profile: Almaty" in pages["place-almaty"]


@pytest.mark.slow
def test_every_catalogue_report_tells_the_truth_on_made_up_reports(tmp_path: Path, made_up_processed: Path) -> None:
    from conftest import MADE_UP

    import helpers

    root = catalogue_project(tmp_path / "made_up", made_up_processed, MADE_UP / "reports.yml")
    pages = build_catalogue(root)
    text = {name: visible_text(page) for name, page in pages.items()}
    # the newest count is in the overview's headline, and an older one says it is older
    assert "Detained in Kazakhstan: 9,900" in text["overview"]
    assert "Injured in Almaty: at least 150" in text["overview"] and "from an older report" in text["overview"]
    assert "Detained in Kazakhstan: more than 5,800" in text["overview-as-of-8-january"]
    # the lifted measure's end
    assert "Curfew · Baikonur was lifted: it ended on 8 January 2022" in text["deployment-measures"]
    assert "7 Jan – 8 Jan 2022" in text["place-baikonur"]
    # a trend chart exists for a metric with two dates, with the part kept off the total's line
    assert 'alt="Counts over time.' in pages["counts-killed"]
    assert 'alt="Counts over time.' in pages["counts-killed-kazakhstan"]
    # a speaker-filtered page holds only that speaker
    speakers = set(helpers.load(made_up_processed).statements["speaker"])
    for name, speaker in [
        ("statements-mayor", "Almaty mayor's office"),
        ("statements-tokayev", "Kassym-Jomart Tokayev"),
    ]:
        assert speaker in text[name]
        assert not [s for s in speakers - {speaker} if s in text[name]], name
    # titles follow the parameters; a filtered timeline shows no measure it filtered out
    assert "Place profile: Taraz" in pages["place-taraz"]
    assert "Curfew" not in text["timeline-window"] and "Curfew" not in text["timeline-violence"]
    # every footnote link on every page resolves to an entry of its Sources section
    for name, page in pages.items():
        for target in set(re.findall(r'href="#(src-[^"]+)"', page)):
            assert f'id="{target}"' in page, (name, target)
