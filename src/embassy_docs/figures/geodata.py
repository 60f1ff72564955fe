"""Outlines of South America's countries and of Peru's coast at Lima, read from
DCW-GMT (Debian's ``gmt-dcw``, the Digital Chart of the World as GMT ships it) by GMT's
own ``coast`` and ``simplify``. Nothing is downloaded: a machine without the dataset gets
a message naming the packages to install."""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from ..catalogues import safe_files

# The Debian packages that install GMT and the dataset.
PACKAGES = ("gmt", "gmt-dcw", "gmt-gshhg-low")
DATA_FILES = (Path("/usr/share/gmt-dcw/dcw-gmt.nc"),)

# Degrees of tolerance when simplifying (Douglas–Peucker): a continent at the size of a
# page needs less detail than a coastline 100 km long.
CONTINENT_TOLERANCE = 0.2
COAST_TOLERANCE = 0.003


class MissingDatasetError(Exception):
    """GMT or its DCW dataset is not installed."""

    def __init__(self, missing: str) -> None:
        super().__init__(
            f"the locator map needs {missing}, which is not installed: "
            f"apt-get install -y {' '.join(PACKAGES)} (bash .ci/setup build does it)"
        )


# A view's outlines: rings of longitude/latitude pairs. GMT's simplify keeps no segment
# names, so a ring is not told apart by country.
Rings = tuple[tuple[tuple[float, float], ...], ...]


def _rings(text: str) -> Rings:
    """GMT's multisegment table: a ``>`` line before each segment, then lon lat rows."""
    rings: list[tuple[tuple[float, float], ...]] = []
    ring: list[tuple[float, float]] = []
    for line in [*text.splitlines(), ">"]:
        if line.startswith(">"):
            if len(ring) > 2:
                rings.append(tuple(ring))
            ring = []
        elif line.strip():
            lon, lat = (float(v) for v in line.split()[:2])
            # GMT writes longitudes from 0 to 360 when no region is given.
            ring.append((round(lon - 360 if lon > 180 else lon, 4), round(lat, 4)))
    return tuple(rings)


def _gmt(*commands: list[str]) -> str:
    """A pipe of GMT modules, as GMT's own command line runs them."""
    gmt = shutil.which("gmt")
    if gmt is None:
        raise MissingDatasetError("GMT (gmt)")
    for data in DATA_FILES:
        if not data.is_file():
            raise MissingDatasetError(f"the DCW dataset ({data})")
    output = b""
    for index, arguments in enumerate(commands):
        # In a folder of its own, which GMT's gmt.history does not outlive; no user's
        # gmt.conf is read.
        with tempfile.TemporaryDirectory() as folder:
            run = subprocess.run(
                [gmt, *arguments], input=output if index else None, capture_output=True,
                check=False, cwd=folder, env={"PATH": "/usr/bin:/bin", "HOME": folder},
            )  # fmt: skip
        if run.returncode != 0:
            raise RuntimeError(f"gmt {' '.join(arguments)}: {run.stderr.decode(errors='replace')}")
        output = run.stdout
    return output.decode()


def versions() -> str:
    """What the outlines depend on: GMT's version, the dataset files (by size and time:
    a package upgrade changes both) and this module, which reads them."""
    gmt = shutil.which("gmt")
    if gmt is None:
        raise MissingDatasetError("GMT (gmt)")
    return _versions(gmt)


@cache
def _versions(gmt: str) -> str:
    # Once per process and program: a Sphinx run is a process of its own, and the
    # builders of a run share it.
    version = subprocess.run([gmt, "--version"], capture_output=True, text=True, check=False)
    parts = [version.stdout.strip(), Path(__file__).read_text("utf-8")]
    parts += [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in DATA_FILES if p.exists()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


VIEWS = {
    # South America's countries, Peru, and Peru in the detail of the closer view.
    "continent": (["coast", "-E=SA", "-M"], ["simplify", f"-T{CONTINENT_TOLERANCE}"]),
    "peru": (["coast", "-EPE", "-M"], ["simplify", f"-T{CONTINENT_TOLERANCE}"]),
    "coast": (["coast", "-EPE", "-M"], ["simplify", f"-T{COAST_TOLERANCE}"]),
}


def read() -> dict[str, Rings]:
    """Each view's outlines; the three GMT pipes run side by side."""
    with ThreadPoolExecutor(len(VIEWS)) as pool:
        found = {view: pool.submit(_gmt, *pipe) for view, pipe in VIEWS.items()}
        return {view: _rings(future.result()) for view, future in found.items()}


def outlines(cache: Path) -> dict[str, Rings]:
    """The outlines, read once per dataset, GMT and reader, and kept in ``cache``. The
    editions' Sphinx runs share it, and may want it at once: one reads the dataset (GMT
    takes a second or two), the others wait for it."""
    stored = cache / f"outlines-{versions()[:16]}.json"
    if not stored.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        with (cache / "outlines.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not stored.is_file():
                safe_files.write(stored, json.dumps(read(), separators=(",", ":")).encode())
    data = json.loads(stored.read_text("utf-8"))
    return {view: tuple(tuple(map(tuple, ring)) for ring in rings) for view, rings in data.items()}
