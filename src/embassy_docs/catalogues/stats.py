"""Translation coverage, counted honestly: a fuzzy entry is not translated, and neither
the header nor obsolete entries count as entries. A catalogue is read as the build reads
it: one the build would refuse, or a page with none, is counted as not translated."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import reading, rules


@dataclass(frozen=True)
class Coverage:
    name: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    # Catalogues the build does not use: missing, or refused by its reader.
    unusable: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        if not self.total:
            return 0.0 if self.unusable else 100.0
        return 100.0 * self.translated / self.total

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(
            self.name,
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
            self.obsolete + other.obsolete,
            self.unusable + other.unusable,
        )


def of_file(path: Path, code: str = "", page: bool = True) -> Coverage:
    """One catalogue's coverage; its language is its folder's unless ``code`` says;
    ``page`` is False for the interface catalogue."""
    if not (path.exists() or path.is_symlink()):
        return Coverage(path.stem, unusable=1)
    return of_reading(reading.read_file(path, page=page, code=code), page)


def shown(entry: reading.Entry, page: bool = True) -> bool:
    """Whether Sphinx applies a page's msgstr (templates show the interface's as it is)."""
    return not page or not rules.applied(entry, rules.Context("", None))


def of_reading(catalogue: reading.Reading, page: bool = True) -> Coverage:
    """The coverage of a catalogue already read as the build reads it."""
    name = catalogue.path.stem
    if not catalogue.ok:
        return Coverage(name, untranslated=len(catalogue.entries), unusable=1)
    entries = catalogue.entries
    fuzzy = sum(1 for e in entries if e.fuzzy)
    translated = sum(1 for e in entries if e.translated and shown(e, page))
    return Coverage(
        name,
        translated=translated,
        fuzzy=fuzzy,
        # The rest: no msgstr, or one Sphinx would not apply (the reader sees the English).
        untranslated=len(entries) - fuzzy - translated,
        obsolete=catalogue.obsolete,
    )


def of_files(
    name: str, paths: list[Path], interface: Path | None = None
) -> tuple[Coverage, list[Coverage]]:
    """The coverage of a language as a whole and of each of its files: its pages'
    catalogues and, if given, its interface catalogue."""
    files = [of_file(path, name) for path in paths]
    if interface is not None:
        files.append(replace(of_file(interface, name, page=False), name="(interface)"))
    total = Coverage(name)
    for coverage in files:
        total = total + coverage
    return total, files
