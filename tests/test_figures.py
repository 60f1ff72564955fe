"""The figures: drawn from the page's own (translated) text, as SVG with real text on
the site and as vector PDF in the book, with nothing fetched from the network."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from embassy_docs.figures import draw

from .conftest import ROOT, copy_project


def test_a_label_is_text_whatever_it_holds():
    hostile = (draw.Run("<script>alert(1)</script> $\\input{/etc/passwd}$"),)
    named = (draw.Run("リマ（"), draw.Run("Lima", "es"), draw.Run("）"))
    svg = draw.timeline(
        [draw.Event(hostile, date(1996, 12, 17)), draw.Event(named, date(2015, 1, 1))],
        (date(1996, 12, 17), date(1997, 4, 22), (draw.Run("126 days"),)),
        ["FreeSans", "Noto Sans CJK JP"],
    )
    assert "<script" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    # Not mathematics: the dollars and the backslash are printed as written.
    assert "$\\input{/etc/passwd}$" in svg
    assert '<tspan lang="es">Lima</tspan>' in svg


def test_the_same_figure_is_the_same_bytes():
    def once() -> str:
        return draw.timeline(
            [draw.Event((draw.Run("17 December 1996"),), date(1996, 12, 17))],
            (date(1996, 12, 17), date(1997, 4, 22), (draw.Run("126 days"),)),
            ["FreeSans"],
        )

    assert once() == once()


@pytest.mark.sphinx("html", testroot="figures")
def test_the_page_shows_its_figures_as_svg_with_real_text(app, warning):
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    timeline, good_map, short_map = soup.select("figure.embassy-figure")
    texts = [t.get_text() for t in timeline.select("svg text")]
    assert {"17 December 1996", "2015", "126 days"} <= set(texts)
    assert "Later" not in texts
    assert {"Peru", "Lima", "San Isidro", "Pacific Ocean"} <= {
        t.get_text() for t in good_map.select("svg text")
    }
    assert timeline.svg.title.get_text() == "A timeline with $x$ and \\input{x} in its caption."
    # A figure that cannot be drawn is said with its place and what it needs; the
    # caption stays.
    assert short_map.svg is None and short_map.figcaption is not None
    assert "index.md" in warning.getvalue() and "4 labels are needed" in warning.getvalue()


@pytest.mark.sphinx("latex", testroot="figures")
def test_the_book_takes_each_figure_as_a_vector_pdf(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text("utf-8")
    included = [
        line.split("{")[-1].rstrip("}")
        for line in tex.splitlines()
        if "sphinxincludegraphics" in line
    ]
    assert len(included) == 2
    for name in included:
        pdf = (app.outdir / name).read_bytes()
        assert pdf.startswith(b"%PDF") and b"/Image" not in pdf


@pytest.mark.slow
def test_the_book_builds_with_the_network_switched_off(tmp_path):
    # A network namespace with no interface: nothing to download the map's data from.
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.fail("unshare is missing: apt-get install -y util-linux")
    isolate = [unshare, "--net"] if os.geteuid() == 0 else [unshare, "--net", "--map-root-user"]
    project = copy_project(tmp_path / "offline")
    run = subprocess.run(
        [*isolate, sys.executable, "-m", "embassy_docs", "--root", str(project), "build",
         "--lang", "en"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    # GMT leaves no gmt.history behind, in the book or where the build was started.
    assert not list(project.rglob("gmt.history")) and not Path("gmt.history").exists()
    page = (project / "_build" / "site" / "en" / "hostage-taking.html").read_text("utf-8")
    assert "embassy-drawing" in page and "Pacific Ocean" in page
    assert (project / "_build" / "site" / "en" / "japanese-embassy-hostage-crisis-en.pdf").is_file()


@pytest.mark.sphinx(
    "html", testroot="figures", freshenv=True, confoverrides={"embassy_figures_optional": True}
)
def test_a_preview_without_the_map_s_tools_says_so_and_goes_on(app, status, warning, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    app.build()
    assert "the locator map needs GMT" in status.getvalue()
    assert "the locator map needs GMT" not in warning.getvalue()


@pytest.mark.sphinx("html", testroot="figures", freshenv=True)
def test_a_build_without_the_map_s_tools_stops_with_what_to_install(app, warning, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    app.build()
    assert "index.md" in warning.getvalue()
    assert "apt-get install -y gmt gmt-dcw gmt-gshhg-low" in warning.getvalue()


def test_the_set_up_installs_what_the_figures_need():
    from embassy_docs.figures import geodata, render

    setup = (ROOT / ".ci" / "setup").read_text("utf-8")
    line = next(line for line in setup.splitlines() if line.startswith("packages=("))
    assert set(geodata.PACKAGES) | set(render.PACKAGES) <= set(line[len("packages=(") : -1].split())


def test_the_editions_share_the_figures_and_read_the_map_data_once(built_site):
    work = built_site.parent / "work"
    shared = work / "figures"
    assert len(list(shared.glob("outlines-*.json"))) == 1
    # A drawing per figure and language, all in the one folder; none in a language's.
    assert len(list(shared.glob("locator-map-*.svg"))) == 3
    assert not list(work.glob("*/doctrees/embassy_docs/figures"))
