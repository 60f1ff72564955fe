"""Translation coverage, counted honestly: a fuzzy entry is not translated, and neither
the header nor obsolete entries count as entries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib


@dataclass(frozen=True)
class Coverage:
    name: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(
            self.name,
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
            self.obsolete + other.obsolete,
        )


def of_file(path: Path) -> Coverage:
    catalogue = polib.pofile(str(path))
    # polib leaves the header out of the entries; obsolete entries are counted apart.
    live = [entry for entry in catalogue if not entry.obsolete]
    return Coverage(
        path.stem,
        translated=sum(1 for e in live if e.translated()),
        fuzzy=sum(1 for e in live if e.fuzzy),
        untranslated=sum(1 for e in live if not e.translated() and not e.fuzzy),
        obsolete=sum(1 for e in catalogue if e.obsolete),
    )


def of_files(name: str, paths: list[Path]) -> tuple[Coverage, list[Coverage]]:
    """The coverage of a language as a whole and of each of its files."""
    files = [of_file(path) for path in paths]
    total = Coverage(name)
    for coverage in files:
        total = total + coverage
    return total, files
