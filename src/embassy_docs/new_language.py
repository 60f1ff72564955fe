"""Adding a language: its table in the registry (from a template, with what Babel knows
of its names and GNU gettext of its plural rule), its column in the glossary, a catalogue
for every page and for the interface.
What is left to a person is said in the result: the strings to translate in the
registry, and the Debian packages its PDF needs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from . import languages
from .catalogues import layout, plurals, reading, safe_files, update
from .project import Project

REGISTRY = Path(str(resources.files(__package__).joinpath("languages.toml")))
CODE = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?")

TEMPLATE = """

[{code}]
english_name = {english_name}
native_name = {native_name}
babel_locale = {code_string}
og_locale = {og_locale}
plural_forms = {plural_forms}
# To translate: the book's title (or the event's original name in this language), the
# author line and the copyright holder.
title = {title}
author = {author}
copyright = {copyright}
pdf_basename = {pdf_basename}
formats = ["html", "pdf", "epub"]

[{code}.latex]
# The English edition's settings: check the fonts cover the script, and add the
# language's hyphenation package (Debian: texlive-lang-*) to debian_packages.
fncychap = {fncychap}
compact_chapters = {compact_chapters}
fonts = {fonts}
tex_files = {tex_files}
engine = {engine}
debian_packages = {debian_packages}
docclass = {docclass}
classoptions = {classoptions}
cjk_western_punctuation = true

[{code}.epub]
# To translate: what a reader finds in the book and how to reach it.
accessibility_summary = {accessibility_summary}

[{code}.bibliography]
# To translate: the words around a source ({{date}} is written in the language's form).
period = {period}
space = {space}
comma = {comma}
quote_open = {quote_open}
quote_close = {quote_close}
author_separator = {author_separator}
after_author = {after_author}
retrieved = {retrieved}
archived = {archived}
dead_link = {dead_link}

[{code}.numbers]
# Numbers the language writes as words (see the other languages), so that the facts
# rule reads them.
words = {{}}
soft = {{}}
"""


class NewLanguageError(ValueError):
    pass


@dataclass(frozen=True)
class NewLanguage:
    code: str
    registry: Path
    glossary: Path
    catalogues: list[Path]
    debian_packages: tuple[str, ...]
    plural_forms: str
    # CLDR's rule where it differs from the registry's: a suggestion to weigh, never written.
    cldr_plural_forms: str | None = None


def _string(value: str | list[str]) -> str:
    return json.dumps(value, ensure_ascii=False)


def locale_of(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise NewLanguageError(f"{code!r} is not a language Babel knows: use a code such "
                               "as fr, de or pt") from None  # fmt: skip


def plural_rule(code: str, given: str | None = None) -> str:
    """The rule the registry will state: the one given, or GNU gettext's convention."""
    if given:
        rule = " ".join(given.split())
        # What a catalogue with this header would meet: GNU msgfmt and the build's reader.
        header = f'{plurals.TEMPLATE}"Plural-Forms: {rule}\\n"\n'.encode()
        faults = reading.read(Path("--plural-forms"), header, rule).faults
        if faults:
            raise NewLanguageError(f"--plural-forms {given!r}: {faults[0].message}")
        return rule
    try:
        convention = plurals.gettext_rule(code)
    except plurals.PluralsError as error:
        raise NewLanguageError(str(error)) from None
    if convention is None:
        suggestion = plurals.cldr_rule(locale_of(code))
        raise NewLanguageError(
            f"GNU gettext has no plural rule for {code}; CLDR suggests {suggestion!r}: "
            f'check it and give it with --plural-forms "{suggestion}"'
        )
    return convention


def registry_table(code: str, plural_forms: str) -> str:
    """The language's registry table: Babel's names, the plural rule, the English
    edition's words to translate."""
    locale = locale_of(code)
    english = languages.get(languages.SOURCE_LANGUAGE)
    likely = get_global("likely_subtags").get(locale.language, "")
    territory = likely.split("_")[-1] if likely.count("_") == 2 else ""
    words = english.bibliography
    latex = english.latex
    return TEMPLATE.format(
        code=code,
        code_string=_string(code),
        english_name=_string(locale.english_name or code),
        native_name=_string(locale.get_display_name(locale) or code),
        og_locale=_string(f"{locale.language}_{territory}" if territory else locale.language),
        plural_forms=_string(plural_forms),
        title=_string(english.title),
        author=_string(english.author),
        copyright=_string(english.copyright),
        pdf_basename=_string(english.pdf_basename.removesuffix("-en") + f"-{code}"),
        fncychap=_string(latex.fncychap),
        compact_chapters=str(latex.compact_chapters).lower(),
        fonts=_string(list(latex.fonts)),
        tex_files=_string(list(latex.tex_files)),
        engine=_string(latex.engine),
        debian_packages=_string(list(latex.debian_packages)),
        docclass=_string(latex.docclass),
        classoptions=_string(latex.classoptions),
        accessibility_summary=_string(english.epub.accessibility_summary),
        **{name: _string(getattr(words, name)) for name in words.__dataclass_fields__},
    )


def glossary_column(text: str, code: str) -> str:
    """The glossary with a column for the language: each entry keeps its original as the
    preferred term, beside which translators add their renderings (admittedTerm)."""

    def column(match: re.Match[str]) -> str:
        indent, original = match.group(1), match.group(2)
        return (
            f'{match.group(0)}\n{indent}<langSet xml:lang="{code}">\n'
            f"{indent}  <tig>\n{indent}    <term>{original}</term>\n"
            f'{indent}    <termNote type="administrativeStatus">preferredTerm-admn-sts'
            f"</termNote>\n{indent}  </tig>\n{indent}</langSet>"
        )

    english = re.compile(
        r'( *)<langSet xml:lang="en">\s*<tig>\s*<term>([^<]*)</term>.*?</langSet>', re.DOTALL
    )
    return english.sub(column, text)


def add(project: Project, code: str, plural_forms: str | None = None) -> NewLanguage:
    """Add ``code`` to the checkout: registry, glossary, catalogues. Its plural rule is
    ``plural_forms``, or GNU gettext's convention for the language."""
    if not CODE.fullmatch(code):
        raise NewLanguageError(f"{code!r} is not a language code such as fr, de or pt")
    if code in languages.codes():
        raise NewLanguageError(f"{code} is in the registry already ({REGISTRY})")
    if not REGISTRY.resolve().is_relative_to(project.root.resolve()):
        raise NewLanguageError(
            f"the language registry ({REGISTRY}) is not in the checkout {project.root}: "
            "add a language from a checkout installed with `pip install -e .`"
        )
    rule = plural_rule(code, plural_forms)
    cldr = plurals.cldr_rule(locale_of(code))
    table = registry_table(code, rule)
    glossary = project.glossary
    text = glossary.read_text("utf-8")
    safe_files.write(REGISTRY, (REGISTRY.read_text("utf-8").rstrip() + table).encode())
    safe_files.write(glossary, glossary_column(text, code).encode())
    languages.registry.cache_clear()
    update.update(project, (code,))
    catalogues = layout.page_catalogues(project.locales, project.docs, code)
    if layout.interface_in(project):
        catalogues.append(layout.interface_catalogue(code))
    return NewLanguage(
        code,
        REGISTRY,
        glossary,
        catalogues,
        languages.get(code).latex.debian_packages,
        rule,
        cldr if reading.normal_plural_forms(cldr) != reading.normal_plural_forms(rule) else None,
    )
