"""Every notebook runs top to bottom, through papermill with other parameters, and fails clearly on a bad
parameter. All of it runs on the MADE-UP multi-report fixture (tests/fixtures/made_up), so coding another
real report never breaks these tests.

The default suite runs the notebooks through the project's own papermill engine (kz-fork,
helpers.reports.engine: a fork of a pre-imported process, about 1 s a run instead of about 9 s for a fresh
kernel), and runs each (notebook, parameters) pair once per session. The fresh-kernel runs (what a reader
gets in JupyterLab) are marked slow and run in ``make test-all``."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from helpers import paths

#: The catalogue's notebooks (reports/reports.yml): the committed ones. An analyst's own notebook (an
#: Untitled.ipynb in notebooks/, which git ignores, or one in notebooks/scratch/) is not a report.
NOTEBOOKS = sorted({e["notebook"] for e in yaml.safe_load(paths.CATALOGUE.read_text(encoding="utf-8"))["reports"]})

OTHER_PARAMETERS = {
    "01-overview.ipynb": {"as_of": "2022-01-08"},
    "02-timeline.ipynb": {"start": "2022-01-05", "end": "2022-01-10", "event_types": ["protest", "deployment"]},
    "03-counts.ipynb": {"metric": "injured", "place": "almaty"},
    "04-place-profile.ipynb": {"place": "taraz"},
    "05-deployment-measures.ipynb": {"organisation": "CSTO"},
    "06-statements.ipynb": {"speaker": "Almaty mayor's office"},
    "07-data-quality.ipynb": {"source_id": "TEST-2022-01-09"},
}

BAD_PARAMETERS = [
    ("03-counts.ipynb", {"metric": "arrested"}, "valid values: detained, injured, killed, participants"),
    ("04-place-profile.ipynb", {"place": "atlantis"}, "unknown place 'atlantis'; valid values: almaty, baikonur"),
    ("02-timeline.ipynb", {"start": "2022-01-10", "end": "2022-01-05"}, "is before start"),
    ("01-overview.ipynb", {"as_of": "2021-06-01"}, "outside the data: dates run from 2022-01-02 to 2022-01-21"),
    ("02-timeline.ipynb", {"event_types": ["battle"]}, "unknown event type 'battle'"),
]


@pytest.fixture(autouse=True)
def made_up_data(made_up_processed: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every kernel started by these tests reads the made-up fixture, not data/processed."""
    monkeypatch.setenv("KZ_PROCESSED_DIR", str(made_up_processed))
    return made_up_processed


def execute(name: str, out: Path, parameters: dict, fresh_kernel: bool = False) -> nbformat.NotebookNode:
    """papermill.execute_notebook on a notebook of the project: through the kz-fork engine, or in a fresh
    kernel. papermill is imported here, not at module level, so collecting the suite stays fast."""
    import papermill

    from helpers.reports import engine

    options = {"kernel_name": "python3"} if fresh_kernel else engine.papermill_options()
    return papermill.execute_notebook(
        str(paths.NOTEBOOKS / name), str(out), parameters=parameters, cwd=str(paths.NOTEBOOKS), progress_bar=False,
        **options,
    )  # fmt: skip


_RUNS: dict[str, nbformat.NotebookNode] = {}


def run(name: str, out: Path, **parameters: object) -> nbformat.NotebookNode:
    """The notebook run with these parameters, executed once per session (per xdist worker) and shared:
    several tests read the same page. Callers only read the returned notebook."""
    key = json.dumps([name, parameters], sort_keys=True)
    if key not in _RUNS:
        _RUNS[key] = execute(name, out, dict(parameters))
    return _RUNS[key]


def outputs_text(nb: nbformat.NotebookNode) -> str:
    """All outputs of a notebook as one string (text, HTML and image alt text)."""
    return html.unescape(json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False))


def html_outputs(nb: nbformat.NotebookNode) -> str:
    """The HTML a notebook shows, as JupyterLab puts it into the page."""
    return "".join("".join(out.get("data", {}).get("text/html", "")) for c in nb.cells for out in c.get("outputs", []))


def test_every_notebook_is_in_the_parameter_table() -> None:
    assert sorted(OTHER_PARAMETERS) == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_page_opens_with_a_dated_finding(name: str, tmp_path: Path) -> None:
    """Issue 19 point 4: every report page opens with the finding box, before the first table or chart."""
    html = outputs_text(run(name, tmp_path / name))  # the outputs as JSON: quotes are escaped
    box = html.find('<aside class=\\"finding\\"')
    assert box != -1, name
    assert box < html.find("<table"), name
    assert "As of " in html[box : box + 600]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_runs_with_defaults(name: str, tmp_path: Path) -> None:
    nb = run(name, tmp_path / name)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert "image/png" in outputs_text(nb) or name == "04-place-profile.ipynb"


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_runs_with_defaults_in_a_fresh_kernel(name: str) -> None:
    from nbclient import NotebookClient

    nb = nbformat.read(paths.NOTEBOOKS / name, as_version=4)
    NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(paths.NOTEBOOKS)}}
    ).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert "image/png" in outputs_text(nb) or name == "04-place-profile.ipynb"


#: The kz-fork engine in the default suite; papermill's own engine with a fresh kernel in ``make test-all``.
ENGINES = ["kz-fork", pytest.param("fresh-kernel", marks=pytest.mark.slow)]


@pytest.mark.parametrize("how", ENGINES)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_runs_through_papermill_with_other_parameters(name: str, how: str, tmp_path: Path) -> None:
    if how == "kz-fork":
        nb = run(name, tmp_path / name, **OTHER_PARAMETERS[name])
    else:
        nb = execute(name, tmp_path / name, OTHER_PARAMETERS[name], fresh_kernel=True)
    assert nb.metadata.papermill.parameters == OTHER_PARAMETERS[name]
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected, "papermill injected the parameters"


@pytest.mark.parametrize("how", ENGINES)
@pytest.mark.parametrize(("name", "params", "message"), BAD_PARAMETERS)
def test_bad_parameter_fails_at_once_with_valid_values(
    name: str, params: dict, message: str, how: str, tmp_path: Path
) -> None:
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as exc:
        execute(name, tmp_path / name, params, fresh_kernel=how == "fresh-kernel")
    assert exc.value.ename == "ParameterError"
    assert message in exc.value.evalue
    # it fails in the first cell after the parameters, before any analysis runs
    nb = nbformat.read(tmp_path / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    failed = next(i for i, c in enumerate(code) if any(o.get("output_type") == "error" for o in c.get("outputs", [])))
    assert "injected-parameters" in code[failed - 1].metadata.get("tags", [])


def test_pages_tell_the_truth_about_every_report(tmp_path: Path) -> None:
    overview = outputs_text(run("01-overview.ipynb", tmp_path / "o.ipynb"))
    assert "Detained in Kazakhstan: 9,900" in overview  # the newest count heads the page
    assert "Injured in Almaty: at least 150" in overview and "from an older report" in overview
    assert "When a second report" not in overview and "Only one report date" not in overview
    counts = outputs_text(run("03-counts.ipynb", tmp_path / "c.ipynb", metric="killed"))
    assert "Counts over time" in counts  # the trend chart's alt text
    assert "Counts of people killed in every place" in counts and "Detained in Kazakhstan" not in counts
    measures = outputs_text(run("05-deployment-measures.ipynb", tmp_path / "m.ipynb"))
    assert "Curfew · Baikonur was lifted: it ended on 8 January 2022" in measures
    assert measures.count(">Belarus</td>") == 1 and "until 21 January 2022" in measures


def test_a_filter_applies_to_everything_on_its_page(tmp_path: Path, made_up_data: Path) -> None:
    import helpers

    speaker = "Almaty mayor's office"
    text = outputs_text(run("06-statements.ipynb", tmp_path / "s.ipynb", speaker=speaker))
    others = set(helpers.load(made_up_data).statements["speaker"]) - {speaker}
    assert speaker in text
    assert not [o for o in others if o in text], others
    violent = outputs_text(run("02-timeline.ipynb", tmp_path / "t.ipynb", event_types=["riot", "clash"]))
    assert "Curfew" not in violent and "peacekeepers" not in violent
    quality = outputs_text(run("07-data-quality.ipynb", tmp_path / "q.ipynb", source_id="TEST-2022-01-11"))
    assert "TEST-0111-F01" in quality and "TEST-0107-" not in quality and "TEST-0108-" not in quality


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_are_thin_and_end_with_their_sources(name: str) -> None:
    nb = nbformat.read(paths.NOTEBOOKS / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c for c in code if "parameters" in c.metadata.get("tags", [])] == [code[0]]
    assert code[-1].source.strip() == "plots.sources_section(t)"
    text = "\n".join(c.source for c in nb.cells)
    for dev_speak in ("When a second report", "once a later report is coded", "notebook"):
        assert dev_speak not in "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"), dev_speak
    assert "groupby" not in text and "merge(" not in text  # reshaping lives in helpers.analysis


def test_pages_cite_every_row_of_an_update_chain_in_plain_words(tmp_path: Path) -> None:
    """The Baikonur curfew's start (7 January) and Belarus's arrival (7 January) are cited on the pages
    that show them, and the tables say which reports give them in words, not ids."""
    measures_nb = run("05-deployment-measures.ipynb", tmp_path / "m.ipynb")
    measures = outputs_text(measures_nb)
    for row in ("TEST-0107-M02", "TEST-0108-M01", "TEST-0107-D01", "TEST-0109-D01"):  # src-<page prefix>-<row>
        assert re.search(rf"src-[A-Za-z0-9_.:-]+-{re.escape(row)}\b", measures), row
    assert "first reported 7 January 2022; lifted in the report of 8 January 2022" in measures
    assert "Earlier rows" not in measures
    overview_nb = run("01-overview.ipynb", tmp_path / "o.ipynb")
    overview = outputs_text(overview_nb)
    # two notebooks open in one JupyterLab page (one DOM): no id twice, every footnote link resolves
    dom = "".join(html_outputs(nb) for nb in (measures_nb, overview_nb))
    ids = re.findall(r'\sid="([^"]+)"', dom)
    cites = [i for i in ids if i.startswith(("src-", "ref-"))]
    assert cites and len(cites) == len(set(cites))
    assert set(re.findall(r'href="#((?:src|ref)-[^"]+)"', dom)) <= set(cites)
    assert re.search(r"src-[A-Za-z0-9_.:-]+-TEST-0108-F02\b", overview)  # the earlier figure (44) of the 164 killed
    assert "the earlier figure, 44, is from the report of 8 January 2022" in overview
    counts = outputs_text(run("03-counts.ipynb", tmp_path / "c.ipynb", metric="killed"))
    assert "part of the 44 killed reported on 8 Jan 2022" in counts and "(TEST-0108-F02)" not in counts
    assert "the line joins the numbers given" not in counts and "hollow dot is a lower bound only" in counts
    assert "(s)" not in counts and "Part of the report" not in counts


def test_place_pages_speak_of_forces_only_for_countries_and_list_statements_naming_them(tmp_path: Path) -> None:
    """A city page says nothing about forces (only countries contribute them); a country page says what it
    contributed. A place page also lists statements whose words name it, and says which it lists."""
    city = outputs_text(run("04-place-profile.ipynb", tmp_path / "a.ipynb", place="almaty"))
    assert "contributed" not in city and "Forces Almaty" not in city and "deployment" not in city.lower()
    country = outputs_text(run("04-place-profile.ipynb", tmp_path / "b.ipynb", place="belarus"))
    assert "Belarus contributed forces to the CSTO deployment in the coded reports." in country
    assert "TEST-0109-S01" in country  # by Belarus's defence ministry, one of Belarus's own actors
    assert "Listed: 1 statement by Belarus’ own actors and 1 statement whose words or summary name Belarus." in country
    assert "The reports give no count for Belarus" not in country  # known only through its actors and forces
    assert "No measure is coded for Belarus" not in country
    host = outputs_text(run("04-place-profile.ipynb", tmp_path / "c.ipynb", place="kazakhstan"))
    assert "forces contributed" not in host and "Forces Kazakhstan" not in host  # true but empty: not printed
    assert "The reports give no count" not in host and "Counts reported for Kazakhstan" in host
    assert "0 " not in host.split("in the coded reports.")[0].rsplit("Kazakhstan (country):", 1)[-1]


def test_the_rise_caution_is_computed_and_shown_only_with_a_trend(tmp_path: Path) -> None:
    nb = nbformat.read(paths.NOTEBOOKS / "03-counts.ipynb", as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "A rise between dates" not in prose  # markdown states no facts about the data
    injured = outputs_text(run("03-counts.ipynb", tmp_path / "i.ipynb", metric="injured", place="almaty"))
    assert "1 line rises between report dates (Almaty: injured)" in injured
    taraz = outputs_text(run("03-counts.ipynb", tmp_path / "t.ipynb", place="taraz"))
    assert "rise may reflect" not in taraz and "Counts over time" not in taraz
