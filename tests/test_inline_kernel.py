"""In a real Jupyter kernel, the helpers leave matplotlib alone: inline plots keep working (issue 20, point 1).

A user's ``plt.plot`` before and after importing every helpers module shows inline (the kernel sends an
image/png), the backend is the one the kernel chose, the global rcParams are unchanged by a helper chart,
and no helper figure ends up in pyplot's list of figures.
"""

from __future__ import annotations

import json
import pkgutil
import queue
import re

import pytest

import helpers

pytestmark = pytest.mark.slow

jupyter_client = pytest.importorskip("jupyter_client")


def _modules() -> list[str]:
    """Every module of the helpers package (scripts and the CLI's __main__ excluded)."""
    names = [m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")]
    return [n for n in names if not n.endswith("__main__")]


@pytest.fixture(scope="module")
def kernel():
    km = jupyter_client.KernelManager(kernel_name="python3")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code: str) -> dict[str, list]:
    """Execute code; returns the MIME types of displayed outputs, the stream text and any error."""
    msg_id = kc.execute(code)
    out: dict[str, list] = {"mimes": [], "text": [], "error": []}
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=120)
        except queue.Empty:  # pragma: no cover - a hung kernel
            pytest.fail(f"no reply from the kernel for {code!r}")
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind in ("display_data", "execute_result"):
            out["mimes"].append(sorted(content["data"]))
        elif kind == "stream":
            out["text"].append(content["text"])
        elif kind == "error":
            out["error"].append(f"{content['ename']}: {content['evalue']}")
        elif kind == "status" and content["execution_state"] == "idle":
            return out


def state(kc) -> dict:
    code = (
        "import json, matplotlib, matplotlib.pyplot as plt\n"
        "print(json.dumps({'backend': matplotlib.get_backend(), 'figs': plt.get_fignums(),"
        " 'rc': {k: str(v) for k, v in matplotlib.rcParams.items()}}))"
    )
    result = run(kc, code)
    assert not result["error"], result["error"]
    return json.loads("".join(result["text"]))


def user_plot_shows_inline(kc) -> None:
    result = run(kc, "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [3, 1, 2]);")
    assert not result["error"], result["error"]
    assert any("image/png" in m for m in result["mimes"]), result


def test_user_plots_show_inline_before_and_after_every_helpers_module(kernel) -> None:
    user_plot_shows_inline(kernel)
    before = state(kernel)
    assert "inline" in before["backend"], before["backend"]
    result = run(kernel, "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in _modules()))
    assert not result["error"], result["error"]
    after = state(kernel)
    assert after["backend"] == before["backend"]
    assert after["rc"] == before["rc"]  # importing never changes rcParams
    user_plot_shows_inline(kernel)


def test_a_helper_chart_leaves_pyplot_and_rcparams_alone(kernel) -> None:
    before = state(kernel)
    code = """
import pandas as pd
from helpers import plots
plots.theme()
frame = pd.DataFrame({  # MADE-UP rows
    "figure_id": ["M-1", "M-2"], "source_id": "made-up", "metric": ["killed", "injured"], "place": "Testville",
    "subject": "people", "low": [3, 5], "best": [3, None], "high": [3, None], "display": ["three", "at least 5"],
    "attribution": "not attributed", "as_of": pd.Timestamp("2022-01-07"), "evidence": ["made-up a", "made-up b"],
})
plots.intervals(frame, "Made-up counts", "People", "A made-up chart.")
plots.show(plots.count_bar(frame.assign(n=[3, 5]), "n", "metric", "t", "x", "y"), "Bars.")
"""
    result = run(kernel, code)
    assert not result["error"], result["error"]
    assert result["mimes"] == [["text/html", "text/plain"]] * 2  # our figures, as HTML; nothing from pyplot
    after = state(kernel)
    assert after["figs"] == [] and after["backend"] == before["backend"]
    assert after["rc"] == before["rc"]  # the chart theme was applied only while drawing
    user_plot_shows_inline(kernel)
    assert state(kernel)["figs"] == []  # the inline backend closed the user's own figure, as it always does


def run_cell(kc, code: str, cell_id: str) -> str:
    """Execute code as JupyterLab does, naming the cell in the request's metadata; returns the HTML shown."""
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}
    msg = kc.session.msg("execute_request", content, metadata={"cellId": cell_id})
    kc.shell_channel.send(msg)
    html = []
    while True:
        reply = kc.get_iopub_msg(timeout=120)
        if reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
            continue
        if reply["msg_type"] == "error":
            pytest.fail(f"{reply['content']['ename']}: {reply['content']['evalue']}")
        if reply["msg_type"] in ("display_data", "execute_result"):
            html.append(reply["content"]["data"].get("text/html", ""))
        if reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
            return "".join(html)


def test_a_rerun_cell_gives_its_back_link_target_again(kernel) -> None:
    setup = """
import re
import pandas as pd
from helpers import plots
plots.theme()
rows = pd.DataFrame({"figure_id": ["M-1"], "source_id": ["made-up"], "evidence": ["made-up quote"]})  # MADE-UP
"""
    run_cell(kernel, setup, "setup")
    first = run_cell(kernel, 'plots.note("A sentence.", cite=rows)', "cell-a")
    ref = re.search(r'id="(ref-p[0-9a-f]{6}-M-1)"', first)
    assert ref, first
    assert "id=" not in run_cell(kernel, 'plots.note("Again.", cite=rows)', "cell-b")
    again = run_cell(kernel, 'plots.note("A sentence.", cite=rows)', "cell-a")  # re-run: old output is gone
    assert f'id="{ref.group(1)}"' in again
    sources = run_cell(kernel, "plots.sources_section(None)", "cell-z")
    assert f'href="#{ref.group(1)}"' in sources
