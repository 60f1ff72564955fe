"""A translator's preview: one language built and served on 127.0.0.1, built again when
a page, a catalogue, the bibliography or the glossary is saved, and reloaded in the
browser. A broken catalogue shows its problems instead of an old page."""

from __future__ import annotations

import functools
import html
import http.server
import ipaddress
import os
import threading
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from .build import sphinx_pool, sphinx_run
from .catalogues import layout, reading
from .project import Project

RELOAD_PATH = "/__preview__/reload.js"
VERSION_PATH = "/__preview__/version"

# Polls the build version and reloads the page when a new build (or a new problem) is in.
RELOAD_SCRIPT = b"""(() => {
  let seen = null;
  async function poll() {
    try {
      const answer = await fetch("/__preview__/version", {cache: "no-store"});
      const version = await answer.text();
      if (seen !== null && version !== seen) { location.reload(); return; }
      seen = version;
    } catch (error) { /* the preview is restarting: try again */ }
    setTimeout(poll, 500);
  }
  poll();
})();
"""
RELOAD_TAG = f'<script src="{RELOAD_PATH}"></script>'


def problem_page(problems: list[str]) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Preview: problems to fix</title></head><body>"
        "<main><h1>Problems to fix</h1><p>The last save left these problems; the page "
        "comes back as soon as they are fixed.</p>"
        f"<ul>{items}</ul></main>{RELOAD_TAG}</body></html>"
    ).encode()


class Preview:
    def __init__(
        self,
        project: Project,
        code: str,
        host: str = "127.0.0.1",
        port: int = 8000,
        interval: float = 0.3,
        report: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.project = project
        self.code = code
        self.outdir = project.work / code / "preview"
        self.interval = interval
        self.report = report
        self.version = 0
        self.problems: list[str] = []
        self._stop = threading.Event()
        handler = functools.partial(PreviewHandler, self, directory=str(self.outdir))
        self.server = http.server.ThreadingHTTPServer((host, port), handler)
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def inputs(self) -> dict[Path, float]:
        """Every file a rebuild depends on, with its modification time."""
        files = [p for p in self.project.docs.rglob("*") if "_build" not in p.parts]
        files += list((self.project.locales / self.code).rglob("*"))
        files += [self.project.root / "refs.bib", self.project.glossary]
        return {p: p.stat().st_mtime for p in files if p.is_file()}

    def check(self) -> list[str]:
        """What stops the build before Sphinx starts: files that do not belong under
        locales/ and catalogues the build refuses. Refused messages come from the build's
        own log, which the extension writes with their file and line."""
        problems = [str(s) for s in layout.strays(self.project.locales, self.project.docs)]
        if problems:
            return problems
        for po in layout.po_files(self.project, self.code):
            problems += [fault.located(po) for fault in reading.read_file(po).faults]
        return problems

    def rebuild(self) -> None:
        problems = self.check()
        if not problems:
            self.report(f"[{self.code}] building …")
            log = self.project.work / self.code / "preview.log"
            run = sphinx_run.Run(
                str(self.project.docs), self.code,
                str(self.project.work / self.code / "doctrees-preview"),
                outputs=(("html", str(self.outdir)),), figures_optional=True,
                figures_cache=str(self.project.figures),
            )  # fmt: skip
            if sphinx_pool.SphinxJob(run, log, dict(os.environ)).wait() != 0:
                lines = log.read_text("utf-8", "replace").splitlines()
                problems = [line for line in lines if "WARNING" in line or "ERROR" in line]
                problems = problems or lines[-8:]
        self.problems = problems
        self.version += 1
        if problems:
            self.report(f"[{self.code}] {len(problems)} problem(s):\n  " + "\n  ".join(problems))
        else:
            self.report(f"[{self.code}] built: {self.url}")

    def _watch(self, seen: dict[Path, float]) -> None:
        while not self._stop.wait(self.interval):
            now = self.inputs()
            if now != seen:
                seen = now
                try:
                    self.rebuild()
                except Exception as error:  # the preview outlives one bad build
                    self.problems = [f"the build could not run: {error!r}"]
                    self.version += 1

    def start(self) -> str:
        self.outdir.mkdir(parents=True, exist_ok=True)
        # Taken before the first build, so that a save during it is not missed.
        seen = self.inputs()
        self.rebuild()
        watch = functools.partial(self._watch, seen)
        for target in (self.server.serve_forever, watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self.url

    def stop(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, preview: Preview, *args: Any, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the preview reports builds, not requests."""

    def send_bytes(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def host_is_ours(self) -> bool:
        """Whether the request names the address the preview listens on. A page elsewhere
        that points its own name at 127.0.0.1 (DNS rebinding) sends its own name."""
        address, port = self.preview.server.server_address[:2]
        host = str(address)
        names = {host, f"[{host}]"}
        if ipaddress.ip_address(host).is_loopback:
            names.add("localhost")
        given = self.headers.get("Host", "").strip().lower()
        return given in {f"{name}:{port}" for name in names}

    def refuse_other_hosts(self) -> bool:
        if self.host_is_ours():
            return False
        self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "The preview answers only its own address")
        return True

    def do_HEAD(self) -> None:
        if not self.refuse_other_hosts():
            super().do_HEAD()

    def do_GET(self) -> None:
        if self.refuse_other_hosts():
            return None
        path = self.path.split("?", 1)[0]
        if path == VERSION_PATH:
            return self.send_bytes(str(self.preview.version).encode(), "text/plain")
        if path == RELOAD_PATH:
            return self.send_bytes(RELOAD_SCRIPT, "text/javascript")
        is_page = path.endswith((".html", "/"))
        if is_page and self.preview.problems:
            return self.send_bytes(problem_page(self.preview.problems), "text/html; charset=utf-8")
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            page = file.read_bytes().replace(b"</body>", RELOAD_TAG.encode() + b"</body>", 1)
            return self.send_bytes(page, "text/html; charset=utf-8")
        return super().do_GET()
