"""One reading of a catalogue, the one the build makes.

Sphinx compiles a ``.po`` with Babel and translates with what :mod:`gettext` loads from
the compiled ``.mo``. So does this module, and what lint, stats, the build and the Sphinx
extension check is that result: the messages gettext loaded, not a second parse of the
text. GNU ``msgfmt --check`` reads the same bytes as the reference; a file the two
compile differently is refused, whatever the difference is.

Refused outright, since they have no honest use in a translation: bytes that are not
UTF-8 or a header that says otherwise, control characters other than newline, invisible
format and bidirectional characters, a ``Plural-Forms`` other than the language's, a
``msgctxt`` or plural entry in a page catalogue, and files or messages beyond a size.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from .. import languages
from . import safe_files

MAX_FILE_BYTES = 1024 * 1024
# A translation is rarely three times its English; the bound keeps a hostile message from
# costing a parser minutes, while the longest paragraph of the book is far below it.
MAX_MSGID_CHARS = 8000
MAX_GROWTH = 3
MAX_EXTRA_CHARS = 200
MSGFMT_SECONDS = 20

# What a character outside printable ASCII must not be: a control character (other than
# newline), an invisible format or bidirectional control, a line or paragraph separator,
# a private-use, surrogate or unassigned code point.
FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"}
SUSPECT = re.compile(r"[^\n\x20-\x7e]")


@dataclass(frozen=True)
class Fault:
    line: int
    code: str
    message: str

    def located(self, path: object) -> str:
        return f"{path}:{self.line}: {self.code} {self.message}"


@dataclass(frozen=True)
class Entry:
    """A live entry as the build's reader sees it; ``msgstr`` is what gettext loads."""

    msgid: str
    msgstr: str
    line: int
    fuzzy: bool
    msgid_plural: str = ""

    @property
    def plural(self) -> bool:
        return bool(self.msgid_plural)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and not self.fuzzy


@dataclass(frozen=True)
class Reading:
    path: Path
    entries: tuple[Entry, ...] = ()
    obsolete: int = 0
    # What gettext loads from the compiled file: msgid (or (msgid, n) for plural forms)
    # to msgstr, the header left out.
    messages: dict[object, str] = field(default_factory=dict)
    mo: bytes = b""
    faults: tuple[Fault, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.faults

    @cached_property
    def lines(self) -> dict[str, int]:
        """Each live entry's line, by msgid: where a problem with a message is reported."""
        return {e.msgid: e.line for e in self.entries}


def describe(character: str) -> str:
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X} {name or 'a control character'}"


def character_faults(text: str, first_line: int = 1, limit: int = 20) -> list[Fault]:
    faults: list[Fault] = []
    line, counted = first_line, 0
    for match in SUSPECT.finditer(text):
        character = match.group(0)
        if unicodedata.category(character) not in FORBIDDEN_CATEGORIES:
            continue
        line += text.count("\n", counted, match.start())
        counted = match.start()
        hint = "save the file with LF line endings" if character == "\r" else "remove it"
        faults.append(
            Fault(
                line,
                "E106",
                f"{describe(character)} has no place in a catalogue "
                f"(it can hide or reorder text a reviewer reads): {hint}",
            )
        )
        if len(faults) == limit:
            break
    return faults


def normal_plural_forms(value: str) -> str:
    # Spaces collapsed, not removed: gettext refuses a long expression, and the compiled
    # file carries the header's expression as written.
    return " ".join(value.split()).rstrip(";")


def _loaded(mo: bytes) -> dict[object, str]:
    """What gettext, Sphinx's reader, loads from a compiled catalogue."""
    translations = gettext.GNUTranslations(BytesIO(mo))
    catalogue: dict[object, str] = dict(translations._catalog)  # type: ignore[attr-defined]
    catalogue.pop("", None)
    return catalogue


def _msgfmt(data: bytes) -> tuple[bytes | None, list[Fault]]:
    """GNU msgfmt's compilation of ``data`` (read from stdin: no path is opened twice)."""
    program = shutil.which("msgfmt")
    if program is None:
        missing = "GNU msgfmt, the reference reader of catalogues, is not installed: "
        return None, [Fault(1, "E109", missing + "install GNU gettext (Debian package gettext)")]
    try:
        done = subprocess.run(
            [program, "--check", "-o", "-", "-"],
            input=data,
            capture_output=True,
            timeout=MSGFMT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, [Fault(1, "E101", "GNU msgfmt did not finish reading this file")]
    if done.returncode == 0:
        return done.stdout, []
    faults = []
    for text in done.stderr.decode("utf-8", "replace").splitlines():
        located = re.match(r"^<stdin>:(\d+):(?:\d+:)?\s*(.*)$", text)
        if located and not located.group(2).startswith("warning:"):
            faults.append(Fault(int(located.group(1)), "E101", f"msgfmt: {located.group(2)}"))
    return None, faults or [Fault(1, "E101", "msgfmt refuses this file: run msgfmt --check")]


def _msgstr_line(lines: list[str], msgid_line: int) -> int:
    """The line of the entry's msgstr, where a translator fixes what is reported."""
    for number in range(msgid_line, len(lines) + 1):
        if lines[number - 1].startswith("msgstr"):
            return number
    return msgid_line


def _entries(catalogue: Catalog, page: bool, lines: list[str]) -> tuple[list[Entry], list[Fault]]:
    entries: list[Entry] = []
    faults: list[Fault] = []
    for message in catalogue:
        if not message.id:
            continue
        line = _msgstr_line(lines, message.lineno) if message.lineno else 1
        if message.context is not None:
            faults.append(
                Fault(
                    line,
                    "E108",
                    "msgctxt: Sphinx looks messages up without a "
                    "context, so this entry could never be the one shown; remove it",
                )
            )
            continue
        plural = isinstance(message.id, (list, tuple))
        if plural and page:
            faults.append(
                Fault(line, "E108", "a plural entry: pages have no plural messages; remove it")
            )
            continue
        ids = [str(i) for i in message.id] if plural else [str(message.id)]
        msgid = ids[0]
        string = message.string or ""
        strings = [str(s or "") for s in string] if plural else [str(string)]
        if plural and len(strings) != catalogue.num_plurals:
            faults.append(
                Fault(
                    line,
                    "E105",
                    f"{len(strings)} plural forms, the language has {catalogue.num_plurals}",
                )
            )
        msgstr = "\x00".join(s or "" for s in strings) if plural else (strings[0] or "")
        if len(msgid) > MAX_MSGID_CHARS or len(msgstr) > MAX_GROWTH * len(msgid) + MAX_EXTRA_CHARS:
            faults.append(
                Fault(
                    line,
                    "E107",
                    f"a message of {len(msgstr)} characters for "
                    f"{len(msgid)} in English: a translation is at most "
                    f"{MAX_GROWTH} times its English, plus {MAX_EXTRA_CHARS}",
                )
            )
            continue
        entries.append(Entry(msgid, msgstr, line, message.fuzzy, ids[1] if plural else ""))
    return entries, faults


def read(path: Path, data: bytes, plural_forms: str, page: bool = True) -> Reading:
    """Read a catalogue's bytes as the build does and list everything that makes it unfit.
    ``plural_forms`` is the language's header value; ``page`` is False for the interface
    catalogue, which has plural messages."""
    if len(data) > MAX_FILE_BYTES:
        return Reading(
            path,
            faults=(
                Fault(
                    1,
                    "E107",
                    f"{len(data)} bytes: a catalogue is at most {MAX_FILE_BYTES // 1024} KiB",
                ),
            ),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Reading(
            path, faults=(Fault(line, "E104", "bytes that are not UTF-8: save the file as UTF-8"),)
        )
    faults = character_faults(text)
    if faults:
        return Reading(path, faults=tuple(faults))
    try:
        catalogue = read_po(BytesIO(data), abort_invalid=True)
    except PoFileError as error:
        # GNU msgfmt's account of a syntax error is the one translators know.
        _, explained = _msgfmt(data)
        own = Fault(error.lineno + 1, "E101", f"not a valid catalogue: {error.args[0]}")
        return Reading(path, faults=tuple(explained or [own]))
    except (ValueError, LookupError) as error:
        return Reading(path, faults=(Fault(1, "E101", f"not a valid catalogue: {error}"),))
    reference, msgfmt_faults = _msgfmt(data)
    header = _header_faults(catalogue, plural_forms, reference)
    if header:
        return Reading(path, faults=tuple(header))
    entries, faults = _entries(catalogue, page, text.splitlines())
    # Babel would compile an untranslated plural entry as empty strings, and gettext
    # would then show nothing where the English belongs; msgfmt leaves it out.
    for message in list(catalogue):
        if isinstance(message.id, (list, tuple)) and not any(message.string or ()):
            catalogue.delete(message.id)
    with BytesIO() as target:
        write_mo(target, catalogue)
        mo = target.getvalue()
    try:
        messages = _loaded(mo)
    except (ValueError, OSError) as error:
        return Reading(path, faults=(Fault(1, "E101", f"gettext cannot load it: {error}"),))
    # The rules read what gettext loaded, not what the parser held before compiling.
    entries = [
        replace(e, msgstr=messages[e.msgid]) if not e.plural and e.msgid in messages else e
        for e in entries
    ]
    faults += msgfmt_faults
    lines = {e.msgid: e.line for e in entries}
    if reference is not None:
        try:
            faults += _disagreements(messages, _loaded(reference), lines)
        except (ValueError, OSError) as error:
            faults.append(Fault(1, "E101", f"gettext cannot load msgfmt's compilation: {error}"))
    for key, value in messages.items():
        msgid = str(key[0] if isinstance(key, tuple) else key)
        if "\x04" in msgid:
            continue  # a msgctxt entry, refused above
        # Escapes (\t, \r) put in the compiled text what the file's bytes do not show.
        for fault in character_faults(f"{msgid}{value}".replace("\x00", ""), limit=1):
            faults.append(Fault(lines.get(msgid, 1), fault.code, fault.message))
        # Refused, not normalised: what the build shows is then what the file and
        # msgfmt say, and decomposed letters (which look the same) would escape search
        # and the index of names.
        if not unicodedata.is_normalized("NFC", value):
            faults.append(
                Fault(
                    lines.get(msgid, 1),
                    "E111",
                    "text in decomposed form (letters and accents as separate characters): "
                    "save the file in Unicode's composed form, NFC",
                )
            )
    return Reading(
        path,
        tuple(entries),
        len(catalogue.obsolete),
        messages,
        mo,
        tuple(sorted(set(faults), key=lambda f: (f.line, f.code))),
    )


def language_of(path: Path) -> str:
    """The sphinx-intl folder a catalogue lives in: locales/<lang>/LC_MESSAGES/."""
    parts = path.parts
    return parts[parts.index("LC_MESSAGES") - 1] if "LC_MESSAGES" in parts[1:] else ""


def read_file(path: Path, page: bool = True, code: str = "") -> Reading:
    """The catalogue as the build reads it, with the language's rules for its header; the
    language is the folder's unless ``code`` says."""
    code = code or language_of(path)
    try:
        language = languages.get(code)
    except languages.UnknownLanguageError as error:
        return Reading(
            path,
            faults=(
                Fault(1, "E001", f"{error}; a catalogue lives in locales/<lang>/LC_MESSAGES/"),
            ),
        )
    try:
        data = safe_files.read(path, MAX_FILE_BYTES)
    except safe_files.UnsafeFileError as error:
        return Reading(path, faults=(Fault(1, "E001", str(error)),))
    return read(path, data, language.plural_forms, page=page)


def _declared_plural_forms(reference: bytes) -> str | None:
    """The Plural-Forms the file itself declares, as GNU msgfmt copied its header."""
    try:
        info = gettext.GNUTranslations(BytesIO(reference)).info()
    except (ValueError, OSError):
        return None
    return info.get("plural-forms")


def _header_faults(
    catalogue: Catalog, plural_forms: str, reference: bytes | None = None
) -> list[Fault]:
    faults = []
    # The header as the build's reader took it; msgfmt, the second reader, refuses a
    # header with no charset, so a charset written anywhere else counts for neither.
    if str(catalogue.charset).lower().replace("_", "-") != "utf-8":
        faults.append(
            Fault(
                1,
                "E104",
                f"charset {catalogue.charset} in the header: the "
                'book\'s catalogues are "Content-Type: text/plain; charset=UTF-8"',
            )
        )
    # Without the header, Babel would take its own CLDR rule (which changes between
    # releases) and gettext its default: neither is the language's rule.
    if reference is not None and _declared_plural_forms(reference) is None:
        faults.append(
            Fault(
                1,
                "E105",
                f'the header has no Plural-Forms: add "Plural-Forms: {plural_forms}\\n", '
                "this language's rule",
            )
        )
        return faults
    given = f"nplurals={catalogue.num_plurals}; plural={catalogue.plural_expr};"
    if normal_plural_forms(given) != normal_plural_forms(plural_forms):
        faults.append(
            Fault(
                1,
                "E105",
                f'Plural-Forms must be "{plural_forms}", this '
                "language's rule (it reaches the readers' browsers as code)",
            )
        )
    return faults


def _disagreements(
    ours: dict[object, str], reference: dict[object, str], lines: dict[str, int]
) -> list[Fault]:
    faults = []
    for key in sorted(set(ours) | set(reference), key=repr):
        if ours.get(key) == reference.get(key):
            continue
        msgid = key[0] if isinstance(key, tuple) else key
        faults.append(
            Fault(
                lines.get(str(msgid), 1),
                "E110",
                f"the build and GNU msgfmt read the entry "
                f"{str(msgid)[:40]!r} differently: rewrite it plainly (one "
                'entry, "…" strings, no #~ lines inside a live entry)',
            )
        )
    return faults
