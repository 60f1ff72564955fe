"""Sphinx runs forked from the warm server (``sphinx_warm``). The build asks for the
server first thing, so that a server that has to start imports Sphinx while the build
checks its inputs; every run of the build, or of the preview, is then a fork of it.

A server is shared by the commands of one user with the same package code (where it is
installed), libraries and Python. It stays ``EMBASSY_DOCS_WARM_SECONDS`` seconds after its
last run (15 minutes unless set), so that the next command finds it warm; with 0, each
command starts a server of its own and ends it when it ends.
"""

from __future__ import annotations

import atexit
import dataclasses
import json
import os
import queue
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from . import fingerprint
from .sphinx_run import Run

KEEP = "EMBASSY_DOCS_WARM_SECONDS"
DEFAULT_KEEP = 900.0
# A server of the command's own waits for its command's runs, then is ended with it.
OWN_KEEP = 24 * 3600.0
# How long a server that was just started may take to listen.
START_SECONDS = 60


def keep_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(KEEP, DEFAULT_KEEP)))
    except ValueError:
        return DEFAULT_KEEP


def _folder() -> Path:
    """The user's own folder for the servers' sockets and logs. Where that name is taken
    by something else (another user's folder, a link), a fresh folder of the command's
    own: its server is then found by no other command, and the build goes on."""
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    folder = Path(base) / f"embassy-docs-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = folder.lstat()
    except OSError:
        return Path(tempfile.mkdtemp(prefix="embassy-docs-"))
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or found.st_mode & 0o077:
        return Path(tempfile.mkdtemp(prefix="embassy-docs-"))
    return folder


class WarmServer:
    def __init__(self) -> None:
        # The package's code as the server imports it: once it changes (a preview
        # outlives edits), runs go to another server.
        self.code = fingerprint.package()
        self.own = keep_seconds() == 0
        identity = fingerprint.digest(
            str(fingerprint.PACKAGE), self.code, fingerprint.toolchain(), sys.executable
        )[:20]
        if self.own:
            identity += f"-{os.getpid()}"
        folder = _folder()
        self.path = folder / f"warm-{identity}.sock"
        self.log = folder / f"warm-{identity}.sock.log"  # the server removes both
        self.process: subprocess.Popen[bytes] | None = None
        self.lock = threading.Lock()
        # Started now if nobody listens, to import Sphinx while the command goes on.
        connection = self._connected()
        if connection is None:
            self._start_if_gone()
        else:
            connection.close()

    def _start(self) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "embassy_docs.build.sphinx_warm", str(self.path),
                    str(OWN_KEEP if self.own else keep_seconds()),
                ],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                # A shared server is no child of the command: the command's end, or its
                # Ctrl-C, is not the server's.
                start_new_session=not self.own,
            )  # fmt: skip

    def _connected(self) -> socket.socket | None:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(str(self.path))
        except OSError:
            connection.close()
            return None
        return connection

    def _start_if_gone(self) -> bool:
        """Start a server unless the one this command started is still starting; True
        if this call started it."""
        with self.lock:
            if self.process is not None and self.process.poll() is None:
                return False
            self._start()
            return True

    def connect(self) -> socket.socket:
        """A connection to the server, which is started if nobody listens."""
        deadline = time.monotonic() + START_SECONDS
        started = False
        while (connection := self._connected()) is None:
            if self.process is not None and self.process.poll() is not None and started:
                raise ConnectionError(f"the warm Sphinx server ended as it started: {self.log}")
            started = self._start_if_gone() or started
            if time.monotonic() > deadline:
                raise ConnectionError(f"the warm Sphinx server did not listen at {self.path}")
            time.sleep(0.005)
        return connection

    def submit(self, run: Run, log: Path, environ: dict[str, str]) -> queue.Queue[dict[str, Any]]:
        """Send a run; its replies come on the queue, ending with {"exit": …} (None when
        the server could not run it)."""
        replies: queue.Queue[dict[str, Any]] = queue.Queue()
        request = {"run": dataclasses.asdict(run), "log": str(log), "env": environ}
        request["cwd"] = os.getcwd()
        try:
            connection = self.connect()
            connection.sendall(json.dumps(request).encode("utf-8") + b"\n")
        except OSError:
            replies.put({"exit": None})
            return replies
        threading.Thread(target=self._read, args=(connection, replies), daemon=True).start()
        return replies

    @staticmethod
    def _read(connection: socket.socket, replies: queue.Queue[dict[str, Any]]) -> None:
        # The connection stays open until the run ended: closing it ends the run.
        with connection, connection.makefile("rb") as stream:
            for line in stream:
                message = json.loads(line)
                replies.put(message)
                if "exit" in message:
                    return
        replies.put({"exit": None})

    def failure(self) -> str:
        """Why the server could not finish a run, from its log."""
        try:
            said = self.log.read_text("utf-8", "replace").strip().splitlines()
        except OSError:
            said = []
        return "\n".join(["the warm Sphinx server ended:", *said[-8:]])


_server: WarmServer | None = None
_server_lock = threading.Lock()


def start() -> WarmServer:
    """The warm server for the package's current code, started now if need be."""
    global _server
    with _server_lock:
        if _server is None or _server.code != fingerprint.package():
            _server = WarmServer()
        return _server


@atexit.register
def _stop() -> None:
    # Only a server of the command's own ends with it. A run it forked has ended: the
    # build waited for it.
    if _server is not None and _server.own and _server.process is not None:
        _server.process.kill()
        _server.process.wait()
        for left in (_server.path, _server.log):
            left.unlink(missing_ok=True)


class SphinxJob:
    """One edition's Sphinx run (see ``sphinx_run``), forked from the warm server. The
    steps of several formats wait on it at once; one thread reads its replies for them."""

    def __init__(self, run: Run, log: Path, environ: dict[str, str]) -> None:
        self.builders = [builder for builder, _ in run.builders]
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        self.server = start()
        self.finished: dict[str, int] = {}
        self.exit: int | None = None
        self.ended = False
        self.changed = threading.Condition()
        replies = self.server.submit(run, log, environ)
        threading.Thread(target=self._read, args=(replies,), daemon=True).start()

    def _read(self, replies: queue.Queue[dict[str, Any]]) -> None:
        while True:
            message = replies.get()
            with self.changed:
                if "builder" in message:
                    self.finished[message["builder"]] = message["status"]
                else:
                    self.ended = True
                    self.exit = message["exit"]
                    if self.exit is None:
                        with self.log.open("a", encoding="utf-8") as log:
                            print(self.server.failure(), file=log)
                self.changed.notify_all()
            if "builder" not in message:
                return

    def wait_for(self, builder: str) -> int | None:
        """The builder's status once it is done; None if the run ended before it."""
        with self.changed:
            self.changed.wait_for(lambda: builder in self.finished or self.ended)
            return self.finished.get(builder)

    def wait(self) -> int:
        """The run's exit status once it ended (negative: ended by that signal; 1 when
        the server itself ended first)."""
        with self.changed:
            self.changed.wait_for(lambda: self.ended)
            return 1 if self.exit is None else self.exit
