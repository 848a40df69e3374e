"""JupyterLab as `make lab` runs it (the command line is taken from `make -n lab`): a headless server on
127.0.0.1, the notebooks listed over the REST API, the project kernel started by default, every cell of a
notebook run through it ("Run all"), no news feed or update check, then a clean shutdown."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpers import paths

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running `jupyter lab` and a tiny REST client for it."""

    def __init__(self, port: int, token: str):
        self.base, self.token = f"http://127.0.0.1:{port}", token

    def call(self, method: str, path: str, body: dict | None = None) -> object:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", f"token {self.token}")
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=30) as resp:
            text = resp.read().decode()
        return json.loads(text) if text else None


def make_lab_command(*overrides: str, step: str = " -m jupyter lab ") -> list[str]:
    """A command line that `make lab` would run (dry run), as a list of arguments."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "ARGS")}
    dry = subprocess.run(
        ["make", "-n", "lab", *overrides], cwd=paths.ROOT, capture_output=True, text=True, check=True, env=env
    ).stdout
    (line,) = [ln for ln in dry.splitlines() if step in ln]
    return shlex.split(line.split(">/dev/null")[0])


def test_make_lab_passes_allow_root_only_to_root() -> None:
    assert "--allow-root" in make_lab_command("LAB_USER_ID=0")
    assert "--allow-root" not in make_lab_command("LAB_USER_ID=1000")
    assert ("--allow-root" in make_lab_command()) == (os.geteuid() == 0)


@pytest.fixture
def lab(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
    }
    _, *install = make_lab_command(step=" -m ipykernel install ")  # the project's kernelspec, as make lab does
    subprocess.run([sys.executable, *install], check=True, capture_output=True)
    _, *make_args = make_lab_command()
    args = [sys.executable, *make_args, "--no-browser", f"--port={port}", f"--IdentityProvider.token={token}",
            "--ServerApp.port_retries=0"]  # fmt: skip
    proc = subprocess.Popen(args, env=env, cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    client = Lab(port, token)
    deadline = time.monotonic() + 90
    while True:
        try:
            client.call("GET", "/api/status")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("jupyter lab did not start:\n" + (proc.stdout.read() if proc.stdout else ""))
            time.sleep(0.5)
    yield client
    try:
        client.call("POST", "/api/shutdown")
    except OSError:
        pass
    try:
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


async def run_all(base: str, token: str, kernel_id: str, cells: list[str]) -> list[dict]:
    """Execute each cell over the kernel websocket, in order; return the error messages seen."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels"
    conn = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}))
    session, errors = uuid.uuid4().hex, []
    for code in cells:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": "test", "session": session, "msg_type": "execute_request",
                  "version": "5.3", "date": datetime.now(UTC).isoformat()}  # fmt: skip
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
                   "stop_on_error": True}  # fmt: skip
        await conn.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                                             "channel": "shell", "buffers": []}))  # fmt: skip
        while True:
            raw = await asyncio.wait_for(conn.read_message(), timeout=120)
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "error":
                errors.append(msg["content"])
            if msg["msg_type"] == "execute_reply":
                if msg["content"]["status"] != "ok":
                    errors.append(msg["content"])
                break
    conn.close()
    return errors


def test_lab_lists_the_notebooks_and_runs_one_through_the_project_kernel(lab: Lab) -> None:
    listing = lab.call("GET", "/api/contents")
    names = sorted(item["name"] for item in listing["content"])
    assert names == sorted(p.name for p in paths.NOTEBOOKS.glob("*.ipynb"))
    specs = lab.call("GET", "/api/kernelspecs")
    assert specs["default"] == "python3"
    spec = specs["kernelspecs"]["python3"]["spec"]
    assert spec["display_name"] == "Python 3 (kz-crisis)"
    argv0 = spec["argv"][0]
    assert Path(argv0).resolve().parent == Path(sys.executable).resolve().parent  # the project's environment
    session = lab.call(
        "POST", "/api/sessions", {"path": "01-overview.ipynb", "type": "notebook", "kernel": {"name": "python3"}}
    )
    kernel_id = session["kernel"]["id"]
    nb = lab.call("GET", "/api/contents/01-overview.ipynb")["content"]
    cells = [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in nb["cells"]
        if c["cell_type"] == "code"
    ]
    cells.append("import helpers, sys; print(helpers.__file__, sys.executable)")
    errors = asyncio.run(run_all(lab.base, lab.token, kernel_id, cells))
    assert errors == []
    lab.call("DELETE", f"/api/sessions/{session['id']}")
    assert lab.call("GET", "/api/kernels") == []


def test_lab_asks_no_news_feed_and_no_update_check(lab: Lab) -> None:
    assert lab.call("GET", "/lab/api/news") == {"news": []}
    assert lab.call("GET", "/lab/api/update") == {"notification": None}
    req = urllib.request.Request(lab.base + "/lab", headers={"Authorization": f"token {lab.token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        page = resp.read().decode()
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>\s*(\{.*?\})\s*</script>', page, re.S).group(1))
    assert config["news"] == {"disabled": True}
