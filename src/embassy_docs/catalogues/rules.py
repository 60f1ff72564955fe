"""The lint's rules: pure functions that look at one entry of a catalogue and return the
problems they see. Each takes the entry and a :class:`Context` and returns a list of
:class:`Finding`; :mod:`.lint` attaches the file and line, and only the CLI prints."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from . import facts, markup, placeholders
from .glossary import Glossary, beside, glossed_again, missing_forms
from .reading import Entry

Severity = Literal["error", "warning"]

NOQA = re.compile(r"#\s*noqa", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class Context:
    language: str
    glossary: Glossary | None
    # The names the page's earlier messages mention (see glossary.named_earlier).
    earlier: frozenset[str] = frozenset()


Rule = Callable[[Entry, Context], list[Finding]]


def error(code: str, message: str) -> Finding:
    return Finding(code, "error", message)


def names_kept(entry: Entry, context: Context) -> list[Finding]:
    """Every name of the glossary in the msgid is in the msgstr, as the glossary asks."""
    if context.glossary is None or not entry.translated:
        return []
    findings = []
    for term in context.glossary.names_in(entry.msgid):
        first = term.id not in context.earlier
        local = term.named.get(context.language) or term.local.get(context.language)
        if glossed_again(term, context.language, entry.msgstr, first):
            findings.append(
                Finding(
                    "W201",
                    "warning",
                    f'"{term.english}" stands beside {local[0] if local else "the name"} at '
                    "its first mention on this page: here the edition's name alone will do",
                )
            )
        for form in missing_forms(term, context.language, entry.msgstr, first):
            hint = ""
            if local:
                hint = f", e.g. {beside(local[0], form)}"
            findings.append(
                error(
                    "E201",
                    f'msgstr drops the name "{form}" (glossary entry {term.id}): keep it as '
                    f"written; a local rendering may stand beside it{hint}",
                )
            )
    return findings


def facts_kept(entry: Entry, context: Context) -> list[Finding]:
    """Every number, year, date, ordinal and number word of the msgid is in the msgstr, in
    the language's own form, and the msgstr adds none."""
    if not entry.translated:
        return []
    folded = facts.compatibility_digits(entry.msgstr) - facts.compatibility_digits(entry.msgid)
    if folded:
        return [
            error(
                "E222",
                f"{unicodedata.name(c, repr(c))}: a number written with it would be read "
                f"as another (12⁶ as 126); write ordinary digits",
            )
            for c in sorted(folded)
        ]
    changes = facts.changes(entry.msgid, entry.msgstr, context.language)
    if changes:
        return [
            error(
                "E220",
                f"{change}: numbers and dates are facts; keep the msgid's, in your language's form",
            )
            for change in changes
        ]
    return [
        error(
            "E221",
            f"msgstr writes the date {date:%Y-%m-%d} in another form: write {form!r}, "
            "the language's long date",
        )
        for date, form in facts.misformed_dates(entry.msgid, entry.msgstr, context.language)
    ]


def _difference(source: Counter[Any], translation: Counter[Any]) -> tuple[list[Any], list[Any]]:
    return sorted((source - translation).elements()), sorted((translation - source).elements())


# What a translation keeps exactly: (what it is, code, which counter of Constructs).
KEPT = (
    ("link destination", "E211", "links"),
    ("footnote reference", "E212", "footnotes"),
    ("inline code", "E213", "code"),
    ("link title", "E216", "link_titles"),
)


def markup_kept(entry: Entry, context: Context) -> list[Finding]:
    """Roles and their targets, links, footnotes, code and directives stay as in the msgid."""
    if not entry.translated:
        return []
    source, translation = markup.constructs(entry.msgid), markup.constructs(entry.msgstr)
    dropped, added = _difference(source.roles, translation.roles)
    findings = [
        error(
            "E210",
            f"msgstr drops or changes {{{name}}}`{target}`: copy the role and its "
            "target from the msgid",
        )
        for name, target in dropped
    ]
    findings += [
        error(
            "E210",
            f"msgstr has {{{name}}}`{target}`, which the msgid does not: roles and "
            "targets stay as in the msgid",
        )
        for name, target in added
        if name in source.role_names
    ]
    for kind, code, attribute in KEPT:
        dropped, added = _difference(getattr(source, attribute), getattr(translation, attribute))
        findings += [
            error(code, f"msgstr drops or changes the {kind} {value!r}: keep it as in the msgid")
            for value in dropped
        ]
        findings += [
            error(code, f"msgstr adds the {kind} {value!r}, which the msgid does not have")
            for value in added
        ]
    if translation.blocks > max(source.blocks, 1):
        findings.append(
            error(
                "E217",
                f"msgstr has {translation.blocks} paragraphs or blocks where the msgid has "
                f"{source.blocks}: Sphinx shows only the first, so join them into one",
            )
        )
    dropped, _ = _difference(source.directives, translation.directives)
    findings += [
        error("E214", f"msgstr drops the {{{name}}} directive of the msgid") for name in dropped
    ]
    return findings


def nothing_smuggled(entry: Entry, context: Context) -> list[Finding]:
    """No front matter, raw HTML, directive or role in a msgstr that its msgid does not have."""
    if not entry.translated:
        return []
    source, translation = markup.constructs(entry.msgid), markup.constructs(entry.msgstr)
    findings = []
    if translation.front_matter and not source.front_matter:
        findings.append(
            error(
                "E305",
                "front matter (a ---/--- block) in the msgstr: it would set the "
                "parser's options; a translation is read with the book's own settings, "
                "so remove the block",
            )
        )
    findings += [
        error(
            "E301",
            f"raw HTML {html[:60]!r} in the msgstr: translations may not add HTML; "
            "write the text as Markdown",
        )
        for html in translation.html
        if html not in source.html
    ]
    findings += [
        error(
            "E302",
            f"the {{{name}}} directive is not in the msgid: a translation may not add "
            "directives (they can read files or emit raw output)",
        )
        for name in translation.directives
        if name not in source.directives
    ]
    findings += [
        error("E303", f"the {{{name}}} role is not in the msgid: a translation may not add roles")
        for name in sorted(translation.role_names - source.role_names)
    ]
    if NOQA.search(entry.msgstr) and not NOQA.search(entry.msgid):
        findings.append(
            error("E304", "#noqa in the msgstr silences Sphinx's checks of this message: remove it")
        )
    return findings


# Interface strings: the markup characters that templates print unescaped (in text and
# in attribute values alike); their placeholders are read in placeholders.py.
MARKUP = re.compile(r"<[^<>]*>|&#?\w+;")
# Sphinx's translator serves the LaTeX builder too, whose templates print some strings
# into TeX unescaped ("continued from previous page"): none of these may be added.
TEX_SPECIAL = frozenset("\\{}$&#^_~%")
SPECIAL = re.compile(r"[<>&\"'`]")


def interface_safe(entry: Entry, context: Context) -> list[Finding]:
    """An interface string keeps the placeholders of its English and adds no markup: the
    theme's templates print it unescaped, in the page and inside attributes."""
    if not entry.translated:
        return []
    english = entry.msgid + entry.msgid_plural
    allowed = Counter(MARKUP.findall(english))
    findings = []
    msgids = (entry.msgid, entry.msgid_plural) if entry.plural else (entry.msgid,)
    tex_allowed: Counter[str] = Counter()
    for msgid in msgids:
        tex_allowed |= Counter(c for c in msgid if c in TEX_SPECIAL)
    for form in entry.msgstr.split("\x00"):
        for problem in placeholders.differences(msgids, form):
            findings.append(error("E306", f"{problem}: keep each as in the msgid"))
        tex = Counter(c for c in form if c in TEX_SPECIAL) - tex_allowed
        if tex:
            findings.append(
                error(
                    "E308",
                    f"{' '.join(sorted(tex))}: the msgid does not have it, and the book's "
                    "LaTeX reads it as code: write it in words or leave it out",
                )
            )
        tags = Counter(MARKUP.findall(form))
        if tags - allowed or SPECIAL.search(MARKUP.sub("", form)):
            findings.append(
                error(
                    "E307",
                    "markup or a quote (< > & \" ' `) that the msgid "
                    "does not have: interface strings are printed as HTML, so "
                    "write plain text",
                )
            )
    return findings


def translated(entry: Entry, context: Context) -> list[Finding]:
    if entry.fuzzy:
        return [Finding("W301", "warning", "fuzzy entry: readers see the English until it is "
                        "reviewed and the fuzzy flag removed")]  # fmt: skip
    if not entry.msgstr:
        return [Finding("W302", "warning", "untranslated entry: readers see the English")]
    return []


def applied(entry: Entry, context: Context) -> list[Finding]:
    """Sphinx applies a translation only if it reads as a paragraph where the English is
    one; otherwise the reader is shown the English and nobody is told."""
    if not entry.translated or entry.plural:
        return []
    english, translation = markup.first_block(entry.msgid), markup.first_block(entry.msgstr)
    if english != "a paragraph" or translation == english:
        return []
    return [
        error(
            "E215",
            f"the msgstr reads as {translation} where the English is a paragraph, and "
            "Sphinx would show the English: write one paragraph (a leading “1997.” or “- ” "
            "starts a list; write “1997\\.” or reword)",
        )
    ]


RULES: tuple[Rule, ...] = (
    names_kept, facts_kept, markup_kept, nothing_smuggled, applied, translated
)  # fmt: skip
INTERFACE_RULES: tuple[Rule, ...] = (interface_safe, translated)
# What a translation must never do; the Sphinx extension refuses such a translation.
SAFETY_RULES: tuple[Rule, ...] = (names_kept, facts_kept, markup_kept, nothing_smuggled, applied)


def refusals(msgid: str, msgstr: str, context: Context) -> list[Finding]:
    """The errors that make a translation unfit to publish."""
    entry = Entry(msgid, msgstr, 0, fuzzy=False)
    return [f for rule in SAFETY_RULES for f in rule(entry, context) if f.severity == "error"]
