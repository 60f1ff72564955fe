"""Sphinx runs forked from the warm server: real Sphinx builds of a one-page project."""

from __future__ import annotations

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


def test_a_server_that_ended_is_replaced(tmp_path):
    server = sphinx_pool.start()
    server.process.kill()
    server.process.wait()
    job = sphinx_pool.SphinxJob(one_page(tmp_path), tmp_path / "log", {"EMBASSY_PROBE": "x"})
    assert job.wait() == 0
    assert job.server is not server


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
