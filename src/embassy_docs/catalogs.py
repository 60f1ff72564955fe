"""The translation catalogues: templates from the English sources, one ``.po`` per page
and language in the sphinx-intl layout (``locales/<lang>/LC_MESSAGES/<page>.po``)."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po

from . import languages, lint, safe_files
from .project import Project, pages

# The extension's interface catalogues: <lang>/LC_MESSAGES/sphinx.po.
INTERFACE = Path(__file__).parent / "sphinx_ext" / "locale"
GLOSSARY = "glossary.tbx"


class TemplateError(RuntimeError):
    pass


def page_catalogue(locales: Path, code: str, page: str) -> Path:
    return locales / code / "LC_MESSAGES" / f"{page}.po"


def page_catalogues(locales: Path, docs: Path, code: str) -> list[Path]:
    """Where the language's catalogue of each page of ``docs`` belongs, present or not."""
    return [page_catalogue(locales, code, page) for page in pages(docs)]


def interface_catalogue(code: str) -> Path:
    return INTERFACE / code / "LC_MESSAGES" / "sphinx.po"


def strays(locales: Path, docs: Path) -> list[safe_files.Stray]:
    """Whatever the translators' folders hold beyond the catalogues of the book's pages
    in its languages, the glossary and the interface catalogues."""
    codes = languages.translations()
    expected = [path for code in codes for path in page_catalogues(locales, docs, code)]
    found = safe_files.strays(locales, [*expected, locales / GLOSSARY])
    return found + safe_files.strays(INTERFACE, [interface_catalogue(c) for c in codes])


def po_files(project: Project, code: str) -> list[Path]:
    """The language's page catalogues that exist, one per page at most."""
    candidates = page_catalogues(project.locales, project.docs, code)
    return [path for path in candidates if path.exists() or path.is_symlink()]


def locate(project: Project, code: str, text: str) -> list[str]:
    """Where ``text`` is in one edition's sources, as ``path:line``: the msgstrs of the
    language's catalogues, and the lines of the English pages."""
    found = []
    if code != languages.SOURCE_LANGUAGE:
        for po in po_files(project, code):
            entries = lint.read_catalogue(po).entries
            found += [f"{po}:{e.line}" for e in entries if text in e.msgstr]
    for page in sorted(project.docs.rglob("*.md")):
        lines = page.read_text("utf-8").splitlines()
        found += [f"{page}:{n}" for n, line in enumerate(lines, 1) if text in line]
    return found


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


def catalogues_of(project: Project, paths: list[Path] | None = None) -> list[Path]:
    """The catalogues to check: every page and interface catalogue of the book, or the
    files given and the book's catalogues under the folders given."""
    codes = languages.translations()
    known = [p for c in codes for p in po_files(project, c)]
    known += [p for p in map(interface_catalogue, codes) if p.exists() or p.is_symlink()]
    if not paths:
        return known
    chosen: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            folder = path.resolve()
            chosen += [p for p in known if folder in p.absolute().parents]
        else:
            chosen.append(path)
    return list(dict.fromkeys(chosen))


def lint_project(project: Project, paths: list[Path] | None = None) -> list[lint.Problem]:
    """Every problem of the book's catalogues: files that do not belong under locales/,
    the glossary, and each catalogue read as the build reads it, its entries checked
    against the page's English messages."""
    problems = [
        lint.Problem(s.path, 1, "E001", "error", s.reason)
        for s in strays(project.locales, project.docs)
    ]
    glossary, found = lint.load_glossary(project.glossary)
    problems += found
    english = english_messages(project)
    for path in catalogues_of(project, paths):
        if path.parent.parent.parent == INTERFACE:
            catalogue = lint.read_catalogue(path, page=False)
            problems += lint.lint_reading(catalogue, None, lint.INTERFACE_RULES)
        else:
            # A catalogue of the book is checked for what its page's English can use; a
            # file from elsewhere, entry by entry.
            page = path.with_suffix("").name
            inside = path.absolute().parent.parent.parent == project.locales.absolute()
            problems += lint.lint_file(
                path, glossary, english=english[page] if inside and page in english else None
            )
    return problems
