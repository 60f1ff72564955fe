"""Bringing the catalogues up to date with the English: templates extracted by Sphinx's
gettext builder, merged into every language's catalogues by sphinx-intl."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po

from .. import languages
from ..project import Project
from . import safe_files
from .layout import strays


class TemplateError(RuntimeError):
    pass


def make_templates(project: Project) -> Path:
    """Extract the ``.pot`` templates from the English sources with Sphinx's gettext builder."""
    outdir = project.build / "gettext"
    log = project.build / "gettext.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "sphinx", "build", "-b", "gettext", "-W", "-q",
        "-d", str(project.build / "doctrees-gettext"),
        str(project.docs), str(outdir),
    ]  # fmt: skip
    with log.open("w", encoding="utf-8") as stream:
        status = subprocess.run(command, stdout=stream, stderr=subprocess.STDOUT, check=False)
    if status.returncode != 0:
        raise TemplateError(f"extracting messages failed; see {log}:\n{log.read_text('utf-8')}")
    return outdir


@dataclass(frozen=True)
class Changes:
    """What an update did to a language's catalogues."""

    added: int = 0
    changed: int = 0
    obsolete: int = 0

    def __add__(self, other: Changes) -> Changes:
        return Changes(
            self.added + other.added, self.changed + other.changed, self.obsolete + other.obsolete
        )


@dataclass(frozen=True)
class Snapshot:
    live: frozenset[str]
    obsolete: frozenset[str]
    fuzzy: frozenset[str]

    @classmethod
    def of(cls, path: Path) -> Snapshot:
        if not path.exists():
            return cls(frozenset(), frozenset(), frozenset())
        with BytesIO(safe_files.read(path, 16 * 1024 * 1024)) as data:
            catalogue = read_po(data)
        live = [m for m in catalogue if m.id]
        return cls(
            frozenset(str(m.id) for m in live),
            frozenset(str(m.id) for m in catalogue.obsolete.values()),
            frozenset(str(m.id) for m in live if m.fuzzy and m.string),
        )


def changes(before: Snapshot, after: Snapshot) -> Changes:
    new = after.live - before.live
    # A new msgid that arrives fuzzy with a translation is an old message whose English
    # changed: Babel matched it and kept the translation for review.
    changed = new & after.fuzzy
    return Changes(len(new - changed), len(changed), len(after.obsolete - before.obsolete))


@dataclass(frozen=True)
class UpdateSummary:
    templates: Path
    languages: dict[str, Changes]


class StrayFilesError(RuntimeError):
    def __init__(self, found: list[safe_files.Stray]):
        self.found = found
        super().__init__("\n".join(map(str, found)))


def update(project: Project, codes: tuple[str, ...] | None = None) -> UpdateSummary:
    """Regenerate the templates and merge them into every language's catalogues.

    Translator comments stay; a message whose English changed keeps its translation and
    is marked fuzzy (sphinx-intl and Babel's fuzzy matching). Nothing is written while the
    catalogue folder holds links or files it should not: a link would be written through."""
    found = strays(project.locales, project.docs)
    if found:
        raise StrayFilesError(found)
    targets = tuple(c for c in (codes or languages.codes()) if c != languages.SOURCE_LANGUAGE)
    templates = make_templates(project)
    pages = sorted(p.relative_to(templates).with_suffix(".po") for p in templates.rglob("*.pot"))
    paths = {
        code: [project.locales / code / "LC_MESSAGES" / page for page in pages] for code in targets
    }
    before = {path: Snapshot.of(path) for code in targets for path in paths[code]}
    from sphinx_intl import basic as sphinx_intl

    with contextlib.redirect_stdout(io.StringIO()):
        sphinx_intl.update(str(project.locales), str(templates), targets, jobs=1)
    summary = {}
    for code in targets:
        total = Changes()
        for path in paths[code]:
            total = total + changes(before[path], Snapshot.of(path))
        summary[code] = total
    return UpdateSummary(templates, summary)


def english_messages(project: Project) -> dict[str, frozenset[str]]:
    """The English messages of every page, as Sphinx extracts them: what a catalogue's
    entries are looked up by. Entries for anything else are never used."""
    templates = make_templates(project)
    found = {}
    for pot in templates.rglob("*.pot"):
        with pot.open("rb") as stream:
            catalogue = read_po(stream)
        page = pot.relative_to(templates).with_suffix("").as_posix()
        found[page] = frozenset(str(m.id) for m in catalogue if m.id)
    return found
