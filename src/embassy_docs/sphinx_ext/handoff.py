"""A run's read, handed on to the builders of other formats. The build writes an
edition's formats in two processes (``build/sphinx_run.py``): the first reads the sources
and writes its own format, the second writes the others from that read. The second may
start as soon as the first has put what it read on disk, which Sphinx does before any
builder writes; this says when, on the descriptor the build names."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

VARIABLE = "EMBASSY_HANDOFF_FD"


def announce(app: Sphinx, builder: Builder) -> None:
    # The build closes the descriptor once the run ends; a build without one says nothing.
    channel = os.environ.pop(VARIABLE, "")
    if channel.isdigit():
        # Nobody reads any more if the other process ended: this one's format goes on.
        with contextlib.suppress(BrokenPipeError):
            os.write(int(channel), b"1")


def register(app: Sphinx) -> None:
    app.connect("write-started", announce)
