from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from embassy_docs.cli import main

from .conftest import copy_project


def test_unknown_language_is_refused(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["build", "--lang", "fr"])
    assert caught.value.code == 2
    assert "unknown language code 'fr'" in capsys.readouterr().err


def test_outside_a_checkout_says_where_to_run(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 2
    assert "no book found" in capsys.readouterr().err


def test_missing_tex_names_the_debian_packages(tmp_path, capsys, monkeypatch):
    # A PATH without TeX, as on a machine where TeX Live was never installed: Python, and
    # the figures' tools, which this test is not about.
    tools = tmp_path / "tools"
    tools.mkdir()
    for tool in ("gmt", "rsvg-convert", "msgfmt"):
        found = shutil.which(tool)
        assert found is not None, tool
        (tools / tool).symlink_to(found)
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}:{tools}")
    project = copy_project(tmp_path / "book")
    assert main(["--root", str(project), "build", "--lang", "en", "--format", "pdf"]) == 1
    err = capsys.readouterr().err
    assert "[en] pdf failed" in err
    assert "latexmk" in err and "apt-get install -y" in err and "texlive-xetex" in err
    assert not (project / "_build" / "site" / "en").exists()


@pytest.mark.slow
def test_failed_build_keeps_the_published_site(tmp_path, capsys):
    project = copy_project(tmp_path / "book")
    root = ["--root", str(project)]
    assert main([*root, "build", "--lang", "en", "--format", "html"]) == 0
    published = project / "_build" / "site" / "en"
    before = {p.relative_to(published): p.read_bytes() for p in published.rglob("*") if p.is_file()}

    rescue = project / "docs" / "rescue.md"
    rescue.write_text(rescue.read_text("utf-8") + "\nSee {doc}`no-such-page`.\n", "utf-8")
    assert main([*root, "build", "--lang", "en", "--format", "html"]) == 1
    err = capsys.readouterr().err
    assert "[en] sphinx failed" in err and "no-such-page" in err
    after = {p.relative_to(published): p.read_bytes() for p in published.rglob("*") if p.is_file()}
    assert after == before


def test_help_lists_the_build_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "build" in capsys.readouterr().out
    assert os.environ  # the test ran in a real environment


def test_a_busy_port_is_said_plainly(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--lang", "es", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"cannot listen on port {port}" in err and "--port 0" in err
    assert "Traceback" not in err


def test_stats_into_a_closed_pipe_ends_quietly():
    done = subprocess.run(
        f"{sys.executable} -m embassy_docs stats | head -1",
        shell=True, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.stdout.split() == ["translated", "fuzzy", "untranslated", "obsolete", "%"]
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_lint_problems_are_its_output_with_paths_from_here(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path / "book")
    po = project / "locales" / "es" / "LC_MESSAGES" / "rescue.po"
    po.write_text(po.read_text("utf-8").replace("Muertos y heridos", ""), "utf-8")
    monkeypatch.chdir(project)
    assert main(["lint", "--strict"]) == 1
    out = capsys.readouterr().out
    line = next(n for n, text in enumerate(po.read_text("utf-8").splitlines(), 1)
                if text == 'msgid "Casualties"') + 1  # fmt: skip
    assert out.startswith(f"locales/es/LC_MESSAGES/rescue.po:{line}: W302 ")
