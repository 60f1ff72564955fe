"""Sphinx runs forked from the warm server (``sphinx_warm``). The build starts the server
first thing, so that it imports Sphinx while the build checks its inputs; every run of
the build, or of the preview, is then a fork of it."""

from __future__ import annotations

import atexit
import dataclasses
import itertools
import json
import queue
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from . import fingerprint
from .sphinx_run import Run


class WarmServer:
    def __init__(self) -> None:
        # The package's code as the server imported it: once it changes (a preview
        # outlives edits), runs go to a new server.
        self.code = fingerprint.package()
        self.errors: IO[bytes] = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "embassy_docs.build.sphinx_warm"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
        )  # fmt: skip
        self.replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.numbers = itertools.count()
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            message = json.loads(line)
            self.replies[message["id"]].put(message)
        with self.lock:
            for replies in self.replies.values():
                replies.put({"exit": None})

    def submit(self, run: Run, log: Path, environ: dict[str, str]) -> queue.Queue[dict[str, Any]]:
        request = {"run": dataclasses.asdict(run), "log": str(log), "env": environ}
        with self.lock:
            number = next(self.numbers)
            replies = self.replies[number] = queue.Queue()
            if self.process.poll() is not None:
                replies.put({"exit": None})
                return replies
            assert self.process.stdin is not None
            try:
                self.process.stdin.write(json.dumps(request | {"id": number}).encode() + b"\n")
                self.process.stdin.flush()
            except BrokenPipeError:
                replies.put({"exit": None})
        return replies

    def failure(self) -> str:
        """Why the server ended, for a run that it could not finish."""
        self.errors.seek(0)
        said = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        return "\n".join(["the warm Sphinx server ended:", *said[-8:]])

    def close(self) -> None:
        """No more runs: the server ends once the runs it has are done."""
        with self.lock:
            if self.process.stdin and not self.process.stdin.closed:
                self.process.stdin.close()


_server: WarmServer | None = None
_server_lock = threading.Lock()


def start() -> WarmServer:
    """The warm server for the package's current code, started now if need be."""
    global _server
    with _server_lock:
        if (
            _server is None
            or _server.code != fingerprint.package()
            or _server.process.poll() is not None
        ):
            if _server is not None:
                _server.close()
            _server = WarmServer()
        return _server


@atexit.register
def _stop() -> None:
    # Started early on the chance of a run, it may still be importing: not waited for.
    # A run it forked is a process of its own, and the build waited for it already.
    if _server is not None:
        _server.process.kill()


class SphinxJob:
    """One edition's Sphinx run (see ``sphinx_run``), forked from the warm server."""

    def __init__(self, run: Run, log: Path, environ: dict[str, str]) -> None:
        self.builders = [builder for builder, _ in run.builders]
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        self.server = start()
        self._replies = self.server.submit(run, log, environ)
        self.finished: dict[str, int] = {}
        self.exit: int | None = None
        self.ended = False

    def _next(self) -> None:
        message = self._replies.get()
        if "builder" in message:
            self.finished[message["builder"]] = message["status"]
        else:
            self.ended = True
            self.exit = message["exit"]
            if self.exit is None:
                with self.log.open("a", encoding="utf-8") as log:
                    print(self.server.failure(), file=log)

    def wait_for(self, builder: str) -> int | None:
        """The builder's status once it is done; None if the run ended before it."""
        while builder not in self.finished and not self.ended:
            self._next()
        return self.finished.get(builder)

    def wait(self) -> int:
        """The run's exit status once it ended (negative: ended by that signal; 1 when
        the server itself ended first)."""
        while not self.ended:
            self._next()
        return 1 if self.exit is None else self.exit
