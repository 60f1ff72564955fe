"""The warm server: a process that imports Sphinx, its built-in extensions, the book's
extensions and every language's locale data once, then forks a Sphinx run for each
request. A fresh interpreter spends most of a small rebuild importing all of that.

The server outlives the command that started it, so that the next build or preview
starts warm: it ends once it has had no run for the seconds it was given (the client
gives ``EMBASSY_DOCS_WARM_SECONDS``), and nobody reaches it once the package's code or
libraries change, since the client looks for a server by their digest (``sphinx_pool``).

Run as ``python -m embassy_docs.build.sphinx_warm SOCKET SECONDS`` by ``sphinx_pool``. It
listens on the Unix socket ``SOCKET``, in a folder only its user may enter, prints to
``SOCKET.log`` (opened by the client) and removes both when it ends; one connection per
run. The client sends one line::

    {"run": {...sphinx_run.Run...}, "log": "/path/sphinx.log", "env": {...}, "cwd": "/path"}

and reads a line as each builder of the run ends, and one when the run's processes
ended (``exit`` is negative when a signal ended it)::

    {"builder": "html", "status": 0}
    {"exit": 0}

A run whose client hangs up before it ends is killed: its build was interrupted, and no
run may go on writing where the next build works. The server is single-threaded, so
forking it is safe.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import selectors
import signal
import socket
import sys
import time
import traceback
from typing import Any

EXTENSIONS = (
    "sphinx.cmd.build", "sphinx.builders.html", "sphinx.builders.latex", "sphinx.builders.epub3",
    "myst_parser",
    "myst_parser.parsers.sphinx_", "sphinxcontrib.bibtex", "furo", "embassy_docs.sphinx_ext",
)  # fmt: skip
# How long a client may take to send its request once connected.
REQUEST_SECONDS = 10


def preload() -> None:
    from babel import localedata
    from sphinx.application import builtin_extensions

    from .. import languages

    for name in (*builtin_extensions, *EXTENSIONS):
        importlib.import_module(name)
    for language in languages.registry().values():
        localedata.load(language.babel_locale)
    register_bibliography_plugins()


def register_bibliography_plugins() -> None:
    """pybtex and sphinxcontrib-bibtex look each of their plugins up among every installed
    package's entry points, each time a bibliography is formatted: a few milliseconds a
    time, a dozen times a run. Registered once here, through their own registries, they
    are found there first; they are the same classes."""
    from importlib.metadata import entry_points

    from pybtex import exceptions as pybtex_errors
    from pybtex import plugin as pybtex_plugins
    from sphinxcontrib.bibtex import plugin as bibtex_plugins

    installed = entry_points()
    for group in installed.groups:
        if group.startswith("pybtex."):
            register = pybtex_plugins.register_plugin
        elif group.startswith("sphinxcontrib.bibtex."):
            register = bibtex_plugins.register_plugin
        else:
            continue
        for entry in installed.select(group=group):
            try:
                register(group, entry.name, entry.load(), force=True)
            except (ImportError, ValueError, pybtex_errors.PybtexError):
                pass  # a group or plugin they do not know: looked up as before


def send(channel: int, message: dict[str, Any]) -> None:
    # One write of a short line: the lines of a run's two processes never interleave.
    os.write(channel, json.dumps(message).encode("utf-8") + b"\n")


def run_child(request: dict[str, Any], channel: int) -> None:
    """The forked run: the client's environment and folder, output to the log; never
    returns."""
    from .sphinx_run import Run, end, run_builders

    status = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        # A group of its own, which the server ends whole if the client goes.
        os.setpgid(0, 0)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        status = run_builders(
            Run.from_json(request["run"]),
            lambda builder, code: send(channel, {"builder": builder, "status": code}),
        )
    except BaseException:
        traceback.print_exc()
    finally:
        end(status)


def _listen(path: str) -> socket.socket:
    """Listen at ``path``: bound under a name of its own, then renamed into place, so a
    client never finds a socket nobody listens on yet."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    partial = f"{path}.{os.getpid()}"
    listener.bind(partial)
    listener.listen(16)
    os.rename(partial, path)
    return listener


def _request(connection: socket.socket) -> dict[str, Any] | None:
    connection.settimeout(REQUEST_SECONDS)
    try:
        with connection.makefile("rb") as stream:
            line = stream.readline()
        request = json.loads(line)
    except (OSError, ValueError):
        return None
    return request if isinstance(request, dict) else None


def serve(path: str, idle: float) -> None:
    # Anything printed by an import or a run goes to the server's log, never to a client.
    listener = _listen(path)
    inode = os.stat(path).st_ino
    preload()
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGTERM, lambda *_: None)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "listener")
    selector.register(wake_read, selectors.EVENT_READ, "signal")
    runs: dict[int, socket.socket] = {}  # process id → its client's connection
    last = time.monotonic()
    stopping = False
    while not stopping:
        left = idle - (time.monotonic() - last)
        if not runs and left <= 0:
            break
        for key, _ in selector.select(None if runs else left):
            if key.data == "listener":
                connection, _ = listener.accept()
                request = _request(connection)
                if request is None:
                    connection.close()
                    continue
                connection.settimeout(None)
                pid = os.fork()
                if pid == 0:
                    selector.close()
                    for other in (listener, *runs.values()):
                        other.close()
                    os.close(wake_read)
                    os.close(wake_write)
                    run_child(request, connection.fileno())
                # Here as well as in the run, so that a hang-up at once finds the group.
                try:
                    os.setpgid(pid, pid)
                except OSError:
                    pass  # it ended already
                runs[pid] = connection
                selector.register(connection, selectors.EVENT_READ, pid)
            elif key.data == "signal":
                signals = os.read(wake_read, 64)
                stopping = signal.SIGTERM in signals
                for pid, status in _ended(runs):
                    connection = runs.pop(pid)
                    if connection in selector.get_map():  # not if its client hung up
                        selector.unregister(connection)
                    _report_end(connection, status)
                    last = time.monotonic()
            else:
                # A client says nothing after its request: this is its hang-up.
                try:
                    os.killpg(key.data, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                selector.unregister(key.fileobj)
    # Gone from the folder before the last runs end, so no client waits on a server that
    # is ending; a newer server may have taken the name already.
    try:
        if os.stat(path).st_ino == inode:
            os.unlink(path)
            os.unlink(f"{path}.log")
    except FileNotFoundError:
        pass
    for pid, connection in runs.items():
        _, status = os.waitpid(pid, 0)
        _report_end(connection, os.waitstatus_to_exitcode(status))


def _report_end(connection: socket.socket, status: int) -> None:
    """Tell a run's client how it ended (a client that hung up hears nothing)."""
    with contextlib.suppress(OSError):
        send(connection.fileno(), {"exit": status})
    connection.close()


def _ended(runs: dict[int, socket.socket]) -> list[tuple[int, int]]:
    ended = []
    for pid in list(runs):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            ended.append((pid, os.waitstatus_to_exitcode(status)))
    return ended


if __name__ == "__main__":
    serve(sys.argv[1], float(sys.argv[2]))
