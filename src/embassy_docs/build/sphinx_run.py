"""Sphinx for one edition, in processes of its own (Sphinx keeps global state): the
sources are read and translated once, by the first builder, and every format's builder
writes from that read.

The first builder's process forks a second before it starts. The second waits until the
first has put what it read on disk (``sphinx_ext/handoff.py``), then writes the other
formats in turn, while the first writes its own: on two cores the PDF's LaTeX need not
wait for the website's pages. (A project without the book's extension is handed on when
the first builder is done.)

The warm server (``sphinx_warm``) forks one such run for each the build or the preview
asks for.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn


@dataclass(frozen=True)
class Run:
    srcdir: str
    language: str
    doctrees: str
    # (builder, output folder) in the order they run.
    outputs: tuple[tuple[str, str], ...] = ()
    base_url: str | None = None
    # A preview leaves out a figure whose tools are not installed; a build stops.
    figures_optional: bool = False
    # The other builders in a process of their own, when a core is free for it.
    split: bool = True
    # Where the figures' drawings and data are kept, for every edition alike.
    figures_cache: str = ""

    @property
    def builders(self) -> list[tuple[str, str]]:
        return [(builder, folder) for builder, folder in self.outputs]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Run:
        """The run as the warm server receives it (JSON has lists, not tuples)."""
        outputs = tuple((str(b), str(f)) for b, f in data.get("outputs", ()))
        return cls(**(data | {"outputs": outputs}))


def end(status: int) -> NoReturn:
    """End a forked process: what it printed flushed, nothing of its parent's run."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


# What the book's extension reads to announce the read (``sphinx_ext/handoff.py``).
HANDOFF = "EMBASSY_HANDOFF_FD"


def _build(run: Run, builder: str, outdir: str, handoff: int | None = None) -> int:
    from sphinx.cmd.build import build_main

    options = ["-W", "--keep-going", "-q", "-D", f"language={run.language}", "-d", run.doctrees]
    if run.base_url:
        options += ["-D", f"html_baseurl={run.base_url.rstrip('/')}/{run.language}/"]
    if run.figures_optional:
        options += ["-D", "embassy_figures_optional=1"]
    if run.figures_cache:
        options += ["-D", f"embassy_figures_cache={run.figures_cache}"]
    if handoff is not None:
        os.environ[HANDOFF] = str(handoff)
    return build_main(["-b", builder, *options, run.srcdir, outdir])


def _in_turn(run: Run, builders: list[tuple[str, str]], report: Callable[[str, int], None]) -> int:
    for builder, outdir in builders:
        status = _build(run, builder, outdir)
        report(builder, status)
        if status:
            return status
    return 0


def run_builders(run: Run, report: Callable[[str, int], None]) -> int:
    """Every builder; ``report(builder, status)`` as soon as one is done. A builder's
    output is only as good as the read: the build takes the others' only once the
    first's status is 0 too."""
    (first, outdir), *others = run.builders
    if not others or not run.split:
        return _in_turn(run, run.builders, report)
    ready, handoff = os.pipe()
    writer = os.fork()
    if writer == 0:
        os.close(handoff)
        status = 1
        try:
            # Nothing comes when the first process ended before it wrote: it failed.
            status = _in_turn(run, others, report) if os.read(ready, 1) else 0
        finally:
            end(status)
    os.close(ready)
    try:
        status = _build(run, first, outdir, handoff)
        if status == 0:
            # Said already if the book's extension announced the read (the other process
            # may even be done), said late if not.
            with contextlib.suppress(BrokenPipeError):
                os.write(handoff, b"1")
        report(first, status)
    finally:
        os.close(handoff)
        _, ended = os.waitpid(writer, 0)
    return status or os.waitstatus_to_exitcode(ended)
