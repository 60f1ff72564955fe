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

import polib
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from . import languages
from .project import Project


class TemplateError(RuntimeError):
    pass


def compile_to(data: bytes, mo: Path) -> None:
    """Compile a catalogue's ``.po`` text to ``mo``, written only when the result differs:
    never judged by file times (a checkout can make an old ``.mo`` look newer), and an
    unchanged catalogue keeps its ``.mo`` untouched, so Sphinx does not read again."""
    with BytesIO(data) as source:
        catalogue = read_po(source)
    with BytesIO() as target:
        write_mo(target, catalogue)
        fresh = target.getvalue()
    if mo.exists() and mo.read_bytes() == fresh:
        return
    mo.parent.mkdir(parents=True, exist_ok=True)
    partial = mo.with_name(mo.name + ".part")
    partial.write_bytes(fresh)
    partial.replace(mo)


def po_files(project: Project, code: str) -> list[Path]:
    return sorted((project.locales / code / "LC_MESSAGES").glob("**/*.po"))


def locate(project: Project, code: str, text: str) -> list[str]:
    """Where ``text`` is in one edition's sources, as ``path:line``: the msgstrs of the
    language's catalogues, and the lines of the English pages."""
    found = []
    if code != languages.SOURCE_LANGUAGE:
        for po in po_files(project, code):
            found += [f"{po}:{e.linenum}" for e in polib.pofile(str(po)) if text in e.msgstr]
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
        catalogue = polib.pofile(str(path))
        live = [e for e in catalogue if not e.obsolete]
        return cls(
            frozenset(e.msgid for e in live),
            frozenset(e.msgid for e in catalogue if e.obsolete),
            frozenset(e.msgid for e in live if e.fuzzy and e.msgstr),
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


def update(project: Project, codes: tuple[str, ...] | None = None) -> UpdateSummary:
    """Regenerate the templates and merge them into every language's catalogues.

    Translator comments stay; a message whose English changed keeps its translation and
    is marked fuzzy (sphinx-intl and Babel's fuzzy matching)."""
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
