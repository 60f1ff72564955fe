"""Files a translator can change, read and written without trusting them.

Everything under ``locales/`` comes from volunteers. It is read only if it is what the
build expects there (a regular file, not a link, within a size limit), and what the
build makes from it is written into the build folder by a fresh file and a rename, so no
link committed in its place is ever followed.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class UnsafeFileError(OSError):
    pass


def read(path: Path, limit: int) -> bytes:
    """The bytes of a regular file that is not a link, at most ``limit`` of them."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if path.is_symlink():
            raise UnsafeFileError(f"{path} is a symbolic link: commit the file itself") from None
        raise UnsafeFileError(f"cannot read {path}: {error.strerror}") from None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFileError(f"{path} is not a regular file")
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise UnsafeFileError(
            f"{path} is larger than {limit // 1024} KiB, more than any catalogue of this "
            "book needs: split the page, or remove what does not belong in it"
        )
    return data


def write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a new file renamed over it: a link at ``path``
    is replaced, never followed. Unchanged content leaves the file as it is."""
    try:
        if not path.is_symlink() and path.is_file() and path.read_bytes() == data:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Stray:
    """Something under ``locales/`` that is not one of the files the build reads."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:1: E001 {self.reason}"


def strays(locales: Path, expected: Iterable[Path]) -> list[Stray]:
    """Every entry under ``locales`` that is not an expected file or one of their folders:
    links, compiled catalogues, locale-variant folders, scripts, catalogues of pages the
    book does not have. Gettext and Sphinx would pick some of these up; the build reads
    none of them, and says so."""
    wanted = {Path(p) for p in expected}
    folders = {parent for p in wanted for parent in p.parents}
    found: list[Stray] = []
    if locales.is_symlink():
        return [Stray(locales, "the catalogue folder is a symbolic link: commit the folder")]
    for folder, dirnames, filenames in os.walk(locales, followlinks=False):
        base = Path(folder)
        for name in sorted(dirnames + filenames):
            path = base / name
            if path.is_symlink():
                found.append(
                    Stray(
                        path,
                        "a symbolic link: the build follows no link out of "
                        "the checkout; commit the file itself",
                    )
                )
            elif name in dirnames and path not in folders:
                found.append(Stray(path, _why_not(path, "folder")))
            elif name in filenames and path not in wanted:
                found.append(Stray(path, _why_not(path, "file")))
        dirnames[:] = [d for d in dirnames if base / d in folders and not (base / d).is_symlink()]
    return found


def _why_not(path: Path, kind: str) -> str:
    if path.suffix == ".mo":
        return "a compiled catalogue: the build compiles each .po itself; remove it"
    if path.suffix == ".po":
        return (
            "a catalogue of no page or language of this book (page catalogues are "
            "locales/<lang>/LC_MESSAGES/<page>.po; interface strings live in "
            "src/embassy_docs/sphinx_ext/locale/): remove or rename it"
        )
    return (
        f"a {kind} the build does not read (only <lang>/LC_MESSAGES/<page>.po and "
        "glossary.tbx belong here): remove it"
    )
