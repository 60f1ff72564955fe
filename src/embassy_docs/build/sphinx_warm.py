"""The warm server: a process that imports Sphinx, its built-in extensions, the book's
extensions and every language's locale data once, then forks a Sphinx run for each
request. A fresh interpreter spends most of a small rebuild importing all of that.

Run as ``python -m embassy_docs.build.sphinx_warm`` by ``sphinx_pool``, which speaks to it in
JSON lines. On standard input, one request per run::

    {"id": 3, "run": {...sphinx_run.Run...}, "log": "/path/sphinx.log", "env": {...}}

On standard output, a line as each builder of a run ends, and one when the run's
process ended (``exit`` is negative when a signal ended it)::

    {"id": 3, "builder": "html", "status": 0}
    {"id": 3, "exit": 0}

The server is single-threaded, so forking it is safe; it ends when standard input does,
after its runs.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import traceback
from typing import Any

EXTENSIONS = (
    "sphinx.cmd.build", "sphinx.builders.html", "sphinx.builders.latex", "sphinx.builders.epub3",
    "myst_parser",
    "myst_parser.parsers.sphinx_", "sphinxcontrib.bibtex", "furo", "embassy_docs.sphinx_ext",
)  # fmt: skip


def preload() -> None:
    from babel import localedata
    from sphinx.application import builtin_extensions

    from .. import languages

    for name in (*builtin_extensions, *EXTENSIONS):
        importlib.import_module(name)
    for language in languages.registry().values():
        localedata.load(language.babel_locale)


def send(channel: int, message: dict[str, Any]) -> None:
    # One write of a short line: lines from the server and its runs never interleave.
    os.write(channel, json.dumps(message).encode("utf-8") + b"\n")


def run_child(request: dict[str, Any], channel: int) -> None:
    """The forked run: the build's environment, output to the log; never returns."""
    from .sphinx_run import Run, run_builders

    status = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        os.environ.clear()
        os.environ.update(request["env"])
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        number = request["id"]
        status = run_builders(
            Run.from_json(request["run"]),
            lambda builder, code: send(channel, {"id": number, "builder": builder, "status": code}),
        )
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def serve() -> None:
    # The replies go to the real standard output; anything printed by an import or a run
    # goes elsewhere, so that it cannot corrupt a reply.
    channel = os.dup(1)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    preload()
    runs: dict[int, int] = {}  # process id → request id

    def reap(*_: object) -> None:
        while runs:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            send(channel, {"id": runs.pop(pid), "exit": os.waitstatus_to_exitcode(status)})

    signal.signal(signal.SIGCHLD, reap)
    for line in sys.stdin.buffer:
        request = json.loads(line)
        # Held back until the run is on record, so that its end is never reported early.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        pid = os.fork()
        if pid == 0:
            os.close(0)
            run_child(request, channel)
        runs[pid] = request["id"]
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for pid, number in list(runs.items()):
        _, status = os.waitpid(pid, 0)
        send(channel, {"id": number, "exit": os.waitstatus_to_exitcode(status)})


if __name__ == "__main__":
    serve()
