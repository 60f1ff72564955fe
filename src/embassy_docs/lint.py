"""Catalogue lint: pure rules that look at one entry and return the problems they see.

Each rule takes the entry and a :class:`Context` and returns a list of :class:`Finding`;
:func:`lint_file` runs them all and attaches the file and line. Only the CLI prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polib

from . import glossary
from .glossary import Glossary, GlossaryError, missing_forms

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    code: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} {self.message}"


@dataclass(frozen=True)
class Context:
    language: str
    glossary: Glossary | None


Rule = Callable[[polib.POEntry, Context], list[Finding]]


def names_kept(entry: polib.POEntry, context: Context) -> list[Finding]:
    """Every name of the glossary in the msgid is in the msgstr, as the glossary asks."""
    if context.glossary is None or not entry.msgstr or entry.fuzzy:
        return []
    findings = []
    for term in context.glossary.names_in(entry.msgid):
        for form in missing_forms(term, context.language, entry.msgstr):
            local = term.local.get(context.language)
            hint = f", e.g. {local[0]}（{form}）" if local and context.language == "ja" else ""
            hint = hint or (f", e.g. {local[0]} ({form})" if local else "")
            findings.append(
                Finding(
                    "E201",
                    "error",
                    f'msgstr drops the name "{form}" (glossary entry {term.id}): keep it as '
                    f"written; a local rendering may stand beside it{hint}",
                )
            )
    return findings


def translated(entry: polib.POEntry, context: Context) -> list[Finding]:
    if entry.fuzzy:
        return [Finding("W301", "warning", "fuzzy entry: readers see the English until it is "
                        "reviewed and the fuzzy flag removed")]  # fmt: skip
    if not entry.translated():
        return [Finding("W302", "warning", "untranslated entry: readers see the English")]
    return []


RULES: tuple[Rule, ...] = (names_kept, translated)


def catalogue_language(path: Path, catalogue: polib.POFile) -> str:
    """The header's Language, or the sphinx-intl folder it lives in."""
    language = str(catalogue.metadata.get("Language", "")).strip()
    if language:
        return language
    parts = path.parts
    return parts[parts.index("LC_MESSAGES") - 1] if "LC_MESSAGES" in parts else ""


def lint_file(
    path: Path, glossary: Glossary | None, rules: Iterable[Rule] = RULES
) -> list[Problem]:
    try:
        catalogue = polib.pofile(str(path))
    except (OSError, ValueError) as error:
        return [Problem(path, 1, "E001", "error", f"cannot read the catalogue: {error}")]
    context = Context(catalogue_language(path, catalogue), glossary)
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        for rule in rules:
            problems += [
                Problem(path, entry.linenum, f.code, f.severity, f.message)
                for f in rule(entry, context)
            ]
    return problems


def load_glossary(path: Path) -> tuple[Glossary | None, list[Problem]]:
    if not path.exists():
        return None, [Problem(path, 1, "E002", "error", "the names glossary is missing")]
    try:
        return glossary.load(path), []
    except GlossaryError as error:
        return None, [Problem(error.path, error.line, "E003", "error", error.message)]


def strict(problems: list[Problem]) -> list[Problem]:
    """With --strict, warnings count as errors."""
    return [Problem(p.path, p.line, p.code, "error", p.message) for p in problems]
