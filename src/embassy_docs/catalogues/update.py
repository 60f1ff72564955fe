"""Bringing the catalogues up to date with the English: templates extracted by Sphinx's
gettext builder, merged into every language's catalogues (the pages' and the
interface's) by GNU msgmerge (:mod:`.merge`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from .. import languages
from ..project import Project, source_date_epoch
from . import layout, merge, safe_files
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
    # The templates are dated by the English sources, not by the run, so that an update
    # with no English change leaves every catalogue's header as it was.
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(project, languages.SOURCE_LANGUAGE))
    with log.open("w", encoding="utf-8") as stream:
        status = subprocess.run(
            command, stdout=stream, stderr=subprocess.STDOUT, env=env, check=False
        )
    if status.returncode != 0:
        raise TemplateError(f"extracting messages failed; see {log}:\n{log.read_text('utf-8')}")
    for template in outdir.rglob("*.pot"):
        _locate_from_checkout(template, project.root)
    return outdir


def _locate_from_checkout(template: Path, root: Path) -> None:
    """Sphinx writes each message's location relative to its output folder
    (``../../docs/rescue.md``); a translator's tool opens it from the checkout."""
    with template.open("rb") as stream:
        catalogue = read_po(stream)
    for message in catalogue:
        message.locations = [
            (Path(os.path.relpath(template.parent / name, root)).as_posix(), line)
            for name, line in message.locations
        ]
    with template.open("wb") as stream:
        write_po(stream, catalogue)


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
    # changed: msgmerge matched it and kept the translation for review.
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

    Translator comments stay; a message whose English changed keeps its translation, is
    marked fuzzy and shows its previous English; a translation in an obsolete entry or in
    another page's catalogue is used again. Every catalogue of a language is merged
    before any is written. Nothing is written while the catalogue folder holds links or
    files it should not: a link would be written through."""
    found = strays(project.locales, project.docs)
    if found:
        raise StrayFilesError(found)
    targets = tuple(c for c in (codes or languages.codes()) if c != languages.SOURCE_LANGUAGE)
    templates = make_templates(project)
    pages = sorted(p.relative_to(templates).with_suffix("") for p in templates.rglob("*.pot"))
    summary = {}
    for code in targets:
        language = languages.get(code)
        jobs = [
            (
                layout.page_catalogue(project.locales, code, page.as_posix()),
                templates / page.with_suffix(".pot"),
                merge.Header(language, f"the page docs/{page.as_posix()}.md"),
            )
            for page in pages
        ]
        if layout.interface_in(project):
            interface = merge.Header(language, "the interface strings")
            jobs.append((layout.interface_catalogue(code), layout.INTERFACE_TEMPLATE, interface))
        before = {path: Snapshot.of(path) for path, _, _ in jobs}
        with tempfile.TemporaryDirectory(prefix="embassy-compendium-") as folder:
            # The language's page catalogues as they were: a message that moved from one
            # page to another keeps its translation.
            copies: dict[Path, Path] = {}
            for path, _, _ in jobs[: len(pages)]:
                if path.is_file() and not path.is_symlink():
                    copies[path] = Path(folder) / f"{len(copies)}.po"
                    shutil.copyfile(path, copies[path])
            results = {
                path: merge.merged(
                    path, template, header, [c for p, c in copies.items() if p != path]
                )
                for path, template, header in jobs
            }
        total = Changes()
        for path, data in results.items():
            safe_files.write(path, data)
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
