"""Merging an English template into a catalogue with GNU gettext's ``msgmerge``, the
reference that Poedit, Weblate and ``msgcat`` follow:

* one wrapping, gettext's own (79 columns), so that an unchanged entry stays
  byte-identical whichever of these tools saved the file last;
* a changed entry is marked fuzzy with its previous msgid (``#| msgid``), so that a
  translator's tool shows what changed in the English;
* a translation is found again in the catalogue's obsolete entries and in the
  language's other catalogues (its compendium), exactly or as a fuzzy suggestion, by
  msgmerge's own matcher.

The header is the project's: its version, the language and its team, the registry's
plural rule; no template placeholders.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib

from .. import __version__, languages
from . import reading, safe_files

PROJECT = "embassy-docs"
TRANSLATORS = "embassy-docs translators"


class MergeError(RuntimeError):
    pass


@dataclass(frozen=True)
class Header:
    """What a catalogue's header says, apart from its translator and revision date."""

    language: languages.Language
    subject: str  # what the catalogue translates: "the page docs/rescue.md", …

    @property
    def comment(self) -> str:
        book = languages.get(languages.SOURCE_LANGUAGE)
        return (
            f"{self.language.english_name} translation of {self.subject} of the book "
            f"“{book.title}”.\nCopyright (C) {book.copyright}"
        )

    @property
    def fields(self) -> dict[str, str]:
        return {
            "Project-Id-Version": f"{PROJECT} {__version__}",
            "Report-Msgid-Bugs-To": "",
            "Language": self.language.code,
            "Language-Team": self.language.english_name,
            "Plural-Forms": self.language.plural_forms,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }

    def apply(self, catalogue: polib.POFile) -> bool:
        """Give the catalogue this header; whether anything changed."""
        before = (catalogue.header, dict(catalogue.metadata), catalogue.metadata_is_fuzzy)
        catalogue.header = self.comment
        catalogue.metadata.update(self.fields)
        translator = catalogue.metadata.get("Last-Translator", "")
        if not translator or "EMAIL@ADDRESS" in translator:
            catalogue.metadata["Last-Translator"] = TRANSLATORS
        if "YEAR" in catalogue.metadata.get("PO-Revision-Date", "YEAR"):
            catalogue.metadata["PO-Revision-Date"] = _now()
        catalogue.metadata_is_fuzzy = False
        return before != (catalogue.header, dict(catalogue.metadata), False)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000")


def new_catalogue(header: Header) -> bytes:
    """An empty catalogue with the project's header, for msgmerge to fill."""
    catalogue = polib.POFile()
    header.apply(catalogue)
    return str(catalogue).encode("utf-8")


def with_header(data: bytes, header: Header) -> bytes:
    """The catalogue with the project's header; its bytes unchanged when it has it.
    Read and written with polib, which keeps previous msgids (``#|``), where Babel
    would turn them into comments."""
    catalogue = polib.pofile(data.decode("utf-8"))
    if not header.apply(catalogue):
        return data
    return str(catalogue).encode("utf-8")


def msgmerge(definitions: bytes, template: Path, compendia: list[Path]) -> bytes:
    """``msgmerge --previous`` of the catalogue's bytes with the template; the language's
    other catalogues as its compendium. The result as gettext writes it."""
    if shutil.which("msgmerge") is None:
        raise MergeError(
            "GNU msgmerge is missing: install gettext (Debian: apt-get install gettext)"
        )
    with tempfile.TemporaryDirectory(prefix="embassy-merge-") as folder:
        source = Path(folder) / "def.po"
        source.write_bytes(definitions)
        output = Path(folder) / "out.po"
        command = ["msgmerge", "--quiet", "--previous"]
        for compendium in compendia:
            command += ["--compendium", str(compendium)]
        command += ["--output-file", str(output), str(source), str(template)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise MergeError(done.stderr.strip() or "msgmerge failed")
        return output.read_bytes()


def merged(path: Path, template: Path, header: Header, compendia: list[Path]) -> bytes:
    """What ``path`` holds once merged with ``template``; a catalogue that does not exist
    yet starts from an empty one with the project's header."""
    if path.exists() or path.is_symlink():
        data = with_header(safe_files.read(path, reading.MAX_FILE_BYTES), header)
    else:
        data = new_catalogue(header)
    return msgmerge(data, template, compendia)
