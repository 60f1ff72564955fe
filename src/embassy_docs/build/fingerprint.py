"""What an output depends on, as one digest: when the digest is the same as the last
successful build's, the work is skipped."""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).parent.parent
# The libraries whose version changes what a build writes.
LIBRARIES = (
    "sphinx", "docutils", "myst-parser", "markdown-it-py", "sphinxcontrib-bibtex", "pybtex",
    "pybtex-docutils", "furo", "babel", "jinja2", "pygments",
)  # fmt: skip


def digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def files(paths: Iterable[Path], root: Path) -> str:
    """The digest of files' names (relative to ``root``) and contents."""
    hasher = hashlib.sha256()
    for path in sorted(set(paths)):
        hasher.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def tree(folder: Path, skip: Iterable[str] = ("_build", "__pycache__")) -> list[Path]:
    skipped = set(skip)
    return [
        p
        for p in folder.rglob("*")
        if p.is_file() and not skipped & set(p.relative_to(folder).parts) and p.suffix != ".mo"
    ]


def package_files() -> list[Path]:
    """The package's own code, templates, static files and catalogues."""
    return tree(PACKAGE)


@cache
def toolchain() -> str:
    """Python and the libraries that write the book."""
    # Imported here, not at the top: the build starts the warm server before this is read.
    from importlib import metadata

    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return digest(platform.python_version(), *versions)


def package() -> str:
    return files(package_files(), PACKAGE)
