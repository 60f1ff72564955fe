"""The structure of a catalogue file, checked as strictly as ``msgfmt --check``: the
faults Babel and polib let through (an unterminated string is silently truncated, a
duplicate msgid silently wins, a bogus charset leaves an empty ``.mo``)."""

from __future__ import annotations

import codecs
import gettext
import re
from collections.abc import Iterator
from dataclasses import dataclass

import polib

KEYWORD = re.compile(r"^(?:#~\s*)?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)$")
CONTINUATION = re.compile(r"^(?:#~\s*)?(\".*)$")
C_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"\s*$')
PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


@dataclass(frozen=True)
class Fault:
    line: int
    code: str
    message: str

    def located(self, path: object) -> str:
        return f"{path}:{self.line}: {self.code} {self.message}"


def declared_charset(data: bytes) -> str | None:
    match = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data)
    return match.group(1).decode("ascii") if match else None


def string_faults(text: str) -> Iterator[Fault]:
    """Every quoted string is a complete C string: no unterminated or unquoted text."""
    for number, line in enumerate(text.splitlines(), start=1):
        keyword = KEYWORD.match(line)
        if keyword:
            value = keyword.group(2)
        elif line.lstrip().startswith('"') or line.startswith('#~ "'):
            continuation = CONTINUATION.match(line.lstrip())
            value = continuation.group(1) if continuation else line
        else:
            continue
        if not C_STRING.match(value.strip()):
            what = "unterminated string" if value.strip().startswith('"') else "unquoted text"
            yield Fault(number, "E102", f"{what}: {value.strip()[:40]!r}; strings are "
                        'written "…" on one line, with \\" for a quote inside')  # fmt: skip


def header_faults(data: bytes, catalogue: polib.POFile) -> Iterator[Fault]:
    charset = declared_charset(data)
    if charset is None:
        yield Fault(1, "E104", 'the header has no Content-Type charset: add '
                    '"Content-Type: text/plain; charset=UTF-8\\n"')  # fmt: skip
        return
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        yield Fault(1, "E104", f"unknown charset {charset!r} in the header: use UTF-8")
        return
    if codec != "utf-8":
        yield Fault(1, "E104", f"charset {charset} in the header: the book's catalogues are UTF-8")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        yield Fault(line, "E104", "bytes that are not UTF-8: save the file as UTF-8")


def plural_faults(catalogue: polib.POFile) -> Iterator[Fault]:
    plural_entries = [e for e in catalogue if e.msgid_plural and not e.obsolete]
    header = catalogue.metadata.get("Plural-Forms")
    if not header:
        if plural_entries:
            yield Fault(plural_entries[0].linenum, "E105", "plural entries, no Plural-Forms header")
        return
    match = PLURAL_FORMS.match(header)
    if not match:
        yield Fault(1, "E105", f"Plural-Forms {header!r} is not 'nplurals=N; plural=EXPR;'")
        return
    nplurals = int(match.group(1))
    try:
        gettext.c2py(match.group(2))
    except (ValueError, SyntaxError) as error:
        yield Fault(1, "E105", f"Plural-Forms expression {match.group(2)!r} is invalid: {error}")
        return
    for entry in plural_entries:
        if entry.msgstr_plural and len(entry.msgstr_plural) != nplurals:
            count = len(entry.msgstr_plural)
            yield Fault(entry.linenum, "E105", f"{count} plural forms, the header says {nplurals}")


def duplicate_faults(catalogue: polib.POFile) -> Iterator[Fault]:
    seen: dict[tuple[str | None, str], int] = {}
    for entry in catalogue:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            first = seen[key]
            yield Fault(
                entry.linenum, "E103", f"duplicate msgid (first at line {first}): merge them"
            )
        else:
            seen[key] = entry.linenum


def faults(data: bytes) -> tuple[polib.POFile | None, list[Fault]]:
    """Parse a catalogue; return it (if it parses) and every structural fault."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", "replace")
    found = list(string_faults(text))
    try:
        catalogue = polib.pofile(text)
    except (OSError, ValueError) as error:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(error))) else 1
        return None, [*found, Fault(line, "E101", f"not a valid catalogue: {error}")]
    found += header_faults(data, catalogue)
    found += plural_faults(catalogue)
    found += duplicate_faults(catalogue)
    return catalogue, sorted(found, key=lambda fault: fault.line)
