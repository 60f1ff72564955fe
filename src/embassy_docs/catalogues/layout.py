"""Where the catalogues live: one ``.po`` per page and language in the sphinx-intl layout
(``locales/<lang>/LC_MESSAGES/<page>.po``), the glossary beside them, the extension's
interface catalogues, and what does not belong there."""

from __future__ import annotations

from pathlib import Path

from .. import languages
from ..project import Project, pages
from . import reading, safe_files

# The extension's interface catalogues, <lang>/LC_MESSAGES/sphinx.po, and their template.
INTERFACE = Path(__file__).parent.parent / "sphinx_ext" / "locale"
INTERFACE_TEMPLATE = INTERFACE / "sphinx.pot"
GLOSSARY = "glossary.tbx"


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
    interface = [INTERFACE_TEMPLATE, *map(interface_catalogue, codes)]
    return found + safe_files.strays(INTERFACE, interface)


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
            entries = reading.read_file(po).entries
            found += [f"{po}:{e.line}" for e in entries if text in e.msgstr]
    for page in sorted(project.docs.rglob("*.md")):
        lines = page.read_text("utf-8").splitlines()
        found += [f"{page}:{n}" for n, line in enumerate(lines, 1) if text in line]
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


def interface_in(project: Project) -> bool:
    """Whether the checkout holds the package's own interface catalogues (a copy of the
    book's sources does not: its update leaves the package alone)."""
    return INTERFACE.resolve().is_relative_to(project.root.resolve())
