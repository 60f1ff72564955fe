"""Sphinx for one edition, in a process of its own (Sphinx keeps global state): HTML,
then LaTeX from the same doctrees, so the sources are read and translated once.

The build and the preview fork these processes from a warm server (``sphinx_pool``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Run:
    srcdir: str
    language: str
    doctrees: str
    html: str | None = None
    latex: str | None = None
    base_url: str | None = None

    @property
    def builders(self) -> list[tuple[str, str]]:
        return [(b, out) for b, out in (("html", self.html), ("latex", self.latex)) if out]


def run_builders(run: Run, report: Callable[[str, int], None]) -> int:
    """Each builder in turn; ``report(builder, status)`` as soon as one is done."""
    from sphinx.cmd.build import build_main

    common = ["-W", "--keep-going", "-q", "-D", f"language={run.language}", "-d", run.doctrees]
    if run.base_url:
        common += ["-D", f"html_baseurl={run.base_url.rstrip('/')}/{run.language}/"]
    for builder, outdir in run.builders:
        status = build_main(["-b", builder, *common, run.srcdir, outdir])
        report(builder, status)
        if status:
            return status
    return 0


def run_forked(run: Run, log: str, environ: dict[str, str], connection: Any) -> None:
    """The body of a process forked by ``sphinx_pool``: the environment is the build's,
    not the server's; the output goes to ``log``; each builder's end is sent back."""
    os.environ.clear()
    os.environ.update(environ)
    with open(log, "w", encoding="utf-8") as stream:
        os.dup2(stream.fileno(), 1)
        os.dup2(stream.fileno(), 2)
    status = run_builders(run, lambda builder, code: connection.send((builder, code)))
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(status)
