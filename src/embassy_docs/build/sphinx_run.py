"""Sphinx for one edition, in a process of its own (Sphinx keeps global state): each
format's builder in turn from the same doctrees, so the sources are read and translated
once.

The warm server (``sphinx_warm``) forks one such process for each run the build or the
preview asks for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


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

    @property
    def builders(self) -> list[tuple[str, str]]:
        return [(builder, folder) for builder, folder in self.outputs]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Run:
        """The run as the warm server receives it (JSON has lists, not tuples)."""
        outputs = tuple((str(b), str(f)) for b, f in data.get("outputs", ()))
        return cls(**(data | {"outputs": outputs}))


def run_builders(run: Run, report: Callable[[str, int], None]) -> int:
    """Each builder in turn; ``report(builder, status)`` as soon as one is done."""
    from sphinx.cmd.build import build_main

    common = ["-W", "--keep-going", "-q", "-D", f"language={run.language}", "-d", run.doctrees]
    if run.base_url:
        common += ["-D", f"html_baseurl={run.base_url.rstrip('/')}/{run.language}/"]
    if run.figures_optional:
        common += ["-D", "embassy_figures_optional=1"]
    for builder, outdir in run.builders:
        status = build_main(["-b", builder, *common, run.srcdir, outdir])
        report(builder, status)
        if status:
            return status
    return 0
