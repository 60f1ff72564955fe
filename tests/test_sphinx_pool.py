"""Sphinx runs forked from the warm server: real Sphinx builds of a one-page project."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from embassy_docs.build import fingerprint, sphinx_pool
from embassy_docs.build.sphinx_run import Run

CONF = """\
import os
project = os.environ["EMBASSY_PROBE"]
"""


def one_page(tmp_path: Path, conf: str = CONF) -> Run:
    source = tmp_path / "docs"
    source.mkdir()
    (source / "conf.py").write_text(conf, "utf-8")
    (source / "index.rst").write_text("Probe\n=====\n\nA page.\n", "utf-8")
    return Run(
        str(source), "en", str(tmp_path / "doctrees"),
        outputs=(("html", str(tmp_path / "html")), ("latex", str(tmp_path / "latex"))),
    )  # fmt: skip


def test_a_run_reports_each_builder_and_uses_the_build_environment(tmp_path):
    run = one_page(tmp_path)
    job = sphinx_pool.SphinxJob(run, tmp_path / "sphinx.log", {"EMBASSY_PROBE": "Probe 42"})
    assert job.wait_for("html") == 0
    assert "Probe 42" in (tmp_path / "html" / "index.html").read_text("utf-8")
    assert job.wait_for("latex") == 0
    assert job.wait() == 0
    assert list((tmp_path / "latex").glob("*.tex"))


def test_a_failing_run_says_why_in_its_log(tmp_path):
    run = one_page(tmp_path)
    job = sphinx_pool.SphinxJob(run, tmp_path / "sphinx.log", {})  # no EMBASSY_PROBE
    assert job.wait_for("html") != 0
    assert job.wait_for("latex") is None  # never started
    assert job.wait() != 0
    assert "EMBASSY_PROBE" in (tmp_path / "sphinx.log").read_text("utf-8")


@pytest.fixture
def own_server(monkeypatch):
    """A server of this test's own, ended with it, as EMBASSY_DOCS_WARM_SECONDS=0 gives."""
    monkeypatch.setenv(sphinx_pool.KEEP, "0")
    monkeypatch.setattr(sphinx_pool, "_server", None)
    server = sphinx_pool.start()
    yield server
    if server.process is not None:
        server.process.kill()
        server.process.wait()


def test_a_server_that_ended_is_replaced(tmp_path, own_server):
    assert own_server.process is not None
    ended = own_server.process
    ended.kill()
    ended.wait()
    job = sphinx_pool.SphinxJob(one_page(tmp_path), tmp_path / "log", {"EMBASSY_PROBE": "x"})
    assert job.wait() == 0
    assert job.server is own_server
    assert own_server.process is not ended and own_server.process.poll() is None


SLOW_PAGES = """\
import os, time
project = os.environ["EMBASSY_PROBE"]

def setup(app):
    from embassy_docs.sphinx_ext import handoff
    handoff.register(app)
    if os.environ.get("SLOW_HTML"):
        app.connect("html-page-context", lambda *args: time.sleep(2))
"""


def test_the_other_formats_are_written_while_the_first_one_is(tmp_path):
    run = one_page(tmp_path, SLOW_PAGES)
    environ = {"EMBASSY_PROBE": "x", "SLOW_HTML": "1"}
    job = sphinx_pool.SphinxJob(run, tmp_path / "log", environ)
    assert job.wait() == 0
    # The LaTeX was written from the HTML builder's read, before its pages were.
    assert list(job.finished) == ["latex", "html"]
    assert list((tmp_path / "latex").glob("*.tex"))


def test_without_the_handoff_the_other_formats_wait_for_the_first(tmp_path):
    run = one_page(tmp_path, SLOW_PAGES.replace("handoff.register(app)", "pass"))
    job = sphinx_pool.SphinxJob(run, tmp_path / "log", {"EMBASSY_PROBE": "x", "SLOW_HTML": "1"})
    assert job.wait() == 0
    assert list(job.finished) == ["html", "latex"]


SERVER_PID = """\
import os
project = "served by " + str(os.getppid())
"""


def test_the_server_outlives_a_command_and_serves_the_next(tmp_path):
    runtime = Path(tempfile.mkdtemp(prefix="warm-"))
    run = one_page(tmp_path, SERVER_PID)
    command = (
        "import sys, json\n"
        "from embassy_docs.build import sphinx_pool\n"
        "from embassy_docs.build.sphinx_run import Run\n"
        "run = Run.from_json(json.loads(sys.argv[1]))\n"
        "sys.exit(sphinx_pool.SphinxJob(run, __import__('pathlib').Path(sys.argv[2]), {}).wait())\n"
    )
    environ = os.environ | {"XDG_RUNTIME_DIR": str(runtime), sphinx_pool.KEEP: "30"}
    html = tmp_path / "html" / "index.html"
    servers = []
    for attempt in range(2):
        arguments = [json.dumps(dataclasses.asdict(run)), str(tmp_path / f"log{attempt}")]
        subprocess.run([sys.executable, "-c", command, *arguments], env=environ, check=True)
        servers.append(int(re.search(r"served by (\d+)", html.read_text("utf-8")).group(1)))
        html.unlink()
    try:
        assert servers[0] == servers[1]
        os.kill(servers[0], 0)  # still there after both commands ended
    finally:
        os.kill(servers[0], signal.SIGTERM)
        shutil.rmtree(runtime, ignore_errors=True)


STAYS = """\
import os, pathlib, time
pathlib.Path(os.environ["PID_FILE"]).write_text(str(os.getpid()))
time.sleep(60)
project = "never"
"""


def test_a_run_whose_command_went_away_is_ended(tmp_path, own_server):
    run = one_page(tmp_path, STAYS)
    pid_file = tmp_path / "pid"
    request = {"run": dataclasses.asdict(run), "log": str(tmp_path / "log")}
    request |= {"env": {"PID_FILE": str(pid_file)}, "cwd": str(tmp_path)}
    connection = own_server.connect()
    connection.sendall(json.dumps(request).encode() + b"\n")
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the run never started"
        time.sleep(0.05)
    pid = int(pid_file.read_text())
    connection.close()
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the run went on after its command went away")


def test_a_server_ends_after_its_idle_time(tmp_path):
    path = tmp_path / "s.sock"
    server = subprocess.Popen(
        [sys.executable, "-m", "embassy_docs.build.sphinx_warm", str(path), "1"]
    )
    try:
        assert server.wait(timeout=60) == 0
    finally:
        server.kill()
    assert not path.exists()


def test_edited_code_gets_a_new_server(monkeypatch):
    server = sphinx_pool.start()
    assert sphinx_pool.start() is server
    monkeypatch.setattr(fingerprint, "package", lambda: "edited")
    assert sphinx_pool.start() is not server


@pytest.mark.parametrize("builders", [("html",), ("latex",)])
def test_only_the_builders_asked_for_run(tmp_path, builders):
    full = one_page(tmp_path)
    run = Run(
        full.srcdir, "en", full.doctrees,
        outputs=tuple((b, folder) for b, folder in full.outputs if b in builders),
    )  # fmt: skip
    job = sphinx_pool.SphinxJob(run, tmp_path / "log", {"EMBASSY_PROBE": "x"})
    assert job.wait() == 0
    assert sorted(job.finished) == sorted(builders)
    assert [p.name for p in tmp_path.iterdir() if p.name in ("html", "latex")] == list(builders)


def test_a_socket_folder_that_is_not_the_users_own_is_not_used(tmp_path, monkeypatch):
    runtime = tmp_path / "run"
    runtime.mkdir()
    taken = runtime / f"embassy-docs-{os.getuid()}"
    taken.mkdir(mode=0o777)
    taken.chmod(0o777)  # anyone could put a socket there
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    folder = sphinx_pool._folder()
    assert folder != taken
    assert folder.stat().st_mode & 0o777 == 0o700
    folder.rmdir()
