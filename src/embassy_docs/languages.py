"""The language registry: every edition's settings, loaded from ``languages.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

SOURCE_LANGUAGE = "en"


class UnknownLanguageError(ValueError):
    """A language code that has no entry in the registry."""

    def __init__(self, code: str, known: tuple[str, ...]) -> None:
        self.code = code
        self.known = known
        super().__init__(
            f"unknown language code {code!r}: this book has {', '.join(known)}; "
            "to add a language, give it a table in src/embassy_docs/languages.toml"
        )


@dataclass(frozen=True)
class LatexSettings:
    engine: str
    docclass: str
    debian_packages: tuple[str, ...]
    fonts: tuple[str, ...]
    tex_files: tuple[str, ...]
    classoptions: str = ""
    polyglossia: bool = True
    fncychap: str = ""
    compact_chapters: bool = False
    cjk_western_punctuation: bool = True


@dataclass(frozen=True)
class BibliographyWords:
    """What the bibliography says around the sources, which stay as published."""

    period: str
    space: str
    comma: str
    quote_open: str
    quote_close: str
    author_separator: str
    after_author: str
    retrieved: str
    archived: str
    dead_link: str


@dataclass(frozen=True)
class NumberWords:
    """Numbers a language writes as words. A ``soft`` word is also an article or a
    pronoun («un», 一部の一): it stands for a number the English has, but is never read
    as a number a translation adds."""

    words: tuple[tuple[str, int], ...] = ()
    soft: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class EpubSettings:
    """What the EPUB says of itself in the edition's language: the accessibility summary
    that reading systems and stores show (EPUB Accessibility, schema.org)."""

    accessibility_summary: str = ""


@dataclass(frozen=True)
class Language:
    code: str
    english_name: str
    native_name: str
    babel_locale: str
    og_locale: str
    # The catalogues' Plural-Forms header: compiled into the .mo and the browser's script.
    plural_forms: str
    title: str
    author: str
    copyright: str
    pdf_basename: str
    # The formats it is published in (build/formats/), in publishing order.
    formats: tuple[str, ...]
    latex: LatexSettings
    bibliography: BibliographyWords
    numbers: NumberWords = NumberWords()
    epub: EpubSettings = EpubSettings()

    @property
    def pdf_name(self) -> str:
        return f"{self.pdf_basename}.pdf"

    @property
    def epub_name(self) -> str:
        """The EPUB beside the PDF, under the same name."""
        return f"{self.pdf_basename}.epub"


def _language(code: str, table: dict[str, Any]) -> Language:
    table = dict(table)
    latex = dict(table.pop("latex"))
    for key in ("debian_packages", "fonts", "tex_files"):
        latex[key] = tuple(latex[key])
    words = dict(table.pop("bibliography"))
    numbers = table.pop("numbers", {})
    epub = EpubSettings(**table.pop("epub", {}))
    table["formats"] = tuple(table["formats"])
    return Language(
        code=code,
        latex=LatexSettings(**latex),
        bibliography=BibliographyWords(**words),
        numbers=NumberWords(
            words=tuple(numbers.get("words", {}).items()),
            soft=tuple(numbers.get("soft", {}).items()),
        ),
        epub=epub,
        **table,
    )


@cache
def registry() -> dict[str, Language]:
    """All languages, the source language first."""
    text = resources.files(__package__).joinpath("languages.toml").read_text("utf-8")
    return {code: _language(code, table) for code, table in tomllib.loads(text).items()}


def codes() -> tuple[str, ...]:
    return tuple(registry())


def translations() -> tuple[str, ...]:
    """The languages translated from the source language."""
    return tuple(code for code in registry() if code != SOURCE_LANGUAGE)


def get(code: str) -> Language:
    try:
        return registry()[code]
    except KeyError:
        raise UnknownLanguageError(code, codes()) from None
