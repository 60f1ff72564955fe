"""What the last successful run of each step of a language was made from, and whether a
run of the language was interrupted."""

from __future__ import annotations

import json
import threading
from pathlib import Path


class Stamps:
    """A step whose stamp matches the digest of its inputs is skipped; after an
    interrupted or failed run (``dirty``), everything is done afresh."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "stamps.json"
        self.dirty = folder / "dirty"
        try:
            self.values: dict[str, str] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.values = {}
        # The steps of one language run in several threads (a PDF and an EPUB are
        # published at the same time): one writes the file at a time.
        self.lock = threading.Lock()

    def matches(self, step: str, value: str) -> bool:
        return self.values.get(step) == value

    def seconds(self, step: str, default: float) -> float:
        """How long the step took the last time it ran (for planning the next run)."""
        try:
            return float(self.values.get(f"{step}.seconds", default))
        except ValueError:
            return default

    def record(self, step: str, value: str, seconds: float | None = None) -> None:
        entries = {step: value}
        if seconds is not None:
            entries[f"{step}.seconds"] = f"{seconds:.3f}"
        self.record_all(entries)

    def record_all(self, entries: dict[str, str]) -> None:
        with self.lock:
            self.values.update(entries)
            partial = self.path.with_suffix(".part")
            partial.write_text(json.dumps(self.values, indent=1), "utf-8")
            partial.replace(self.path)
