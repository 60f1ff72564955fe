"""Putting a finished edition in place, atomically, and recovering from a build that was
killed while it did so. An HTML edition is a folder, swapped whole; a PDF edition is one
file in it, replaced by a rename."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

PARTIAL = ".part"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one step (Linux renameat2); False where not available."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    return bool(result == 0)


def _previous(target: Path) -> Path:
    return target.with_name(f".{target.name}.previous")


def recover(target: Path) -> None:
    """Undo what a killed publish left: the previous edition back in place if the new one
    never arrived, and no leftovers."""
    previous = _previous(target)
    if previous.exists() and not target.exists():
        previous.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
    for partial in target.glob(f".*{PARTIAL}"):
        partial.unlink()


def swap_in(stage: Path, target: Path) -> None:
    """Replace ``target`` with the complete folder ``stage``; a reader sees one or the
    other, never a mixture."""
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    if target.exists() and _exchange(stage, target):
        shutil.rmtree(stage)
        return
    previous = _previous(target)
    if target.exists():
        target.rename(previous)
    stage.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def carry_over(published: Path, stage: Path) -> None:
    """Keep a published file (the PDF) in the next HTML edition. A hard link is enough:
    a published file is only ever replaced, never written in place."""
    if not published.is_file():
        return
    try:
        os.link(published, stage / published.name)
    except OSError:
        shutil.copy2(published, stage / published.name)


def replace_file(source: Path, target: Path) -> None:
    """Put a copy of ``source`` at ``target``; a reader gets the old file or the new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}{PARTIAL}")
    shutil.copy2(source, partial)
    os.replace(partial, target)
