"""Linting catalogues: each one read as the build reads it, its entries run through the
rules (:mod:`.rules`), and every problem tied to its file and line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import languages
from ..project import Project
from . import glossary, layout, reading, rules
from .glossary import Glossary, GlossaryError, named_earlier
from .rules import Context, Rule, Severity
from .update import english_messages


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    code: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return reading.Fault(self.line, self.code, self.message).located(self.path)


def lint_reading(
    catalogue: reading.Reading,
    terms: Glossary | None,
    checks: Iterable[Rule] = rules.RULES,
    english: frozenset[str] | None = None,
) -> list[Problem]:
    """Every problem of a catalogue read as the build reads it. With ``english`` (the
    page's English messages), only the entries the build can use are checked for markup:
    the others are reported as stale and cost nothing more."""
    path = catalogue.path
    problems = [Problem(path, f.line, f.code, "error", f.message) for f in catalogue.faults]
    code = reading.language_of(path)
    earlier = page_order(catalogue, terms)
    for entry in catalogue.entries:
        context = Context(code, terms, earlier.get(entry.msgid, frozenset()))
        if english is not None and entry.msgid not in english:
            problems.append(
                Problem(
                    path,
                    entry.line,
                    "W303",
                    "warning",
                    "the English has no such message any more: run embassy-docs update",
                )
            )
            continue
        for rule in checks:
            problems += [
                Problem(path, entry.line, f.code, f.severity, f.message)
                for f in rule(entry, context)
            ]
    return problems


def page_order(catalogue: reading.Reading, terms: Glossary | None) -> dict[str, frozenset[str]]:
    """For each msgid of a page's catalogue, the names mentioned before it on the page.
    The catalogue lists a page's messages in the page's order, and the build asks the
    same question of the same reading."""
    if terms is None:
        return {}
    msgids = [e.msgid for e in catalogue.entries]
    return dict(zip(msgids, named_earlier(terms, msgids), strict=True))


def lint_file(
    path: Path,
    terms: Glossary | None,
    checks: Iterable[Rule] = rules.RULES,
    english: frozenset[str] | None = None,
) -> list[Problem]:
    return lint_reading(reading.read_file(path), terms, checks, english)


def load_glossary(path: Path) -> tuple[Glossary | None, list[Problem]]:
    if not path.exists() and not path.is_symlink():
        return None, [Problem(path, 1, "E002", "error", "the names glossary is missing")]
    try:
        return glossary.load(path), []
    except GlossaryError as error:
        return None, [Problem(error.path, error.line, "E003", "error", error.message)]


def strict(problems: list[Problem]) -> list[Problem]:
    """With --strict, warnings count as errors."""
    return [Problem(p.path, p.line, p.code, "error", p.message) for p in problems]


def lint_project(project: Project, paths: list[Path] | None = None) -> list[Problem]:
    """Every problem of the book's catalogues: files that do not belong under locales/,
    the glossary, and each catalogue read as the build reads it, its entries checked
    against the page's English messages."""
    problems = [
        Problem(s.path, 1, "E001", "error", s.reason)
        for s in layout.strays(project.locales, project.docs)
    ]
    terms, found = load_glossary(project.glossary)
    problems += found
    english = english_messages(project)
    for path in layout.catalogues_of(project, paths):
        if path.parent.parent.parent == layout.INTERFACE:
            catalogue = reading.read_file(path, page=False)
            problems += lint_reading(catalogue, None, rules.INTERFACE_RULES)
        else:
            # A catalogue of the book is checked for what its page's English can use; a
            # file from elsewhere, entry by entry.
            page = path.with_suffix("").name
            inside = path.absolute().parent.parent.parent == project.locales.absolute()
            problems += lint_file(
                path, terms, english=english[page] if inside and page in english else None
            )
    return problems


def checked_interface(code: str) -> tuple[list[reading.Entry], list[Problem]]:
    """The interface catalogue's translations that pass its checks, and the errors that
    leave the others out. It is untrusted like every catalogue (templates print its
    strings unescaped): a file that fails is not used at all, a message that fails is
    left out."""
    source = layout.interface_catalogue(code)
    if code == languages.SOURCE_LANGUAGE or not (source.exists() or source.is_symlink()):
        return [], []
    catalogue = reading.read_file(source, page=False)
    errors = [
        p for p in lint_reading(catalogue, None, rules.INTERFACE_RULES) if p.severity == "error"
    ]
    if not catalogue.ok:
        return [], errors
    refused = {p.line for p in errors}
    return [e for e in catalogue.entries if e.translated and e.line not in refused], errors
