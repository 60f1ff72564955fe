"""Readings remembered in the build folder. Every Sphinx run of an edition reads every
page catalogue of its language (one run per builder), and a catalogue's reading costs a
parse, a compilation and a run of GNU msgfmt: in a book of hundreds of pages, seconds for
a change to one message. A catalogue whose bytes, and whose reader, are those of a reading
kept here is not read again; its kept reading is the one the build made of those bytes.

The bytes are read as :func:`reading.read_file` reads them (no link followed, the same
size limit), so what is compared is what would be parsed. The reader is this package's
catalogue code and data, Babel and GNU msgfmt: a change to any of them reads every
catalogue afresh.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from functools import cache
from pathlib import Path

import babel

from .. import languages
from . import glossary, lint, reading, safe_files

PACKAGE = Path(__file__).parent.parent
# The modules and data a reading, and the names it is checked against, come from.
READER_FILES = (
    *sorted(Path(__file__).parent.glob("*.py")),
    Path(__file__).parent / "originals.toml",
    PACKAGE / "languages.py",
    PACKAGE / "languages.toml",
)

Remembered = tuple[reading.Reading, dict[str, frozenset[str]]]


@cache
def reader() -> bytes:
    """What this process reads catalogues with, as a digest."""
    hasher = hashlib.sha256(babel.__version__.encode())
    for path in READER_FILES:
        hasher.update(path.read_bytes())
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        # An upgrade of gettext replaces the program, with a new size or time.
        found = Path(msgfmt).resolve().stat()
        hasher.update(f"{msgfmt}:{found.st_size}:{found.st_mtime_ns}".encode())
    return hasher.digest()


def read(po: Path, code: str, kept_in: Path) -> Remembered:
    """The reading of a page catalogue of language ``code`` and, for each of its msgids,
    the names its page mentions before it (``lint.page_order``); kept in ``kept_in``."""
    try:
        data = safe_files.read(po, reading.MAX_FILE_BYTES)
    except safe_files.UnsafeFileError as error:
        return reading.Reading(po, faults=(reading.Fault(1, "E001", str(error)),)), {}
    key = hashlib.sha256(reader() + code.encode() + b"\0" + data).digest()
    kept = kept_in / f"{po.stem}.reading"
    try:
        stored_key, stored = pickle.loads(kept.read_bytes())
        if stored_key == key and stored[0].path == po:
            return stored  # type: ignore[no-any-return]
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    found = reading.read(po, data, languages.get(code).plural_forms)
    remembered = (found, lint.page_order(found, glossary.originals()) if found.ok else {})
    safe_files.write(kept, pickle.dumps((key, remembered), pickle.HIGHEST_PROTOCOL))
    return remembered
