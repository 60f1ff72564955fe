"""The facts of a message a reader trusts most and a translator mistypes most: its numbers,
years, dates, ordinals, coordinates and numbers written as words.

Each language's forms come from the registry: month names and the long date from Babel
with the edition's ``babel_locale`` (the data that writes the bibliography's dates), and
number words from its ``numbers`` table. "17 December 1996", «17 de diciembre de 1996» and
1996年12月17日 hold the same facts; so do "Fourteen", 14 and «catorce», "63rd", «63.er» and
63歳.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from babel.dates import format_date, get_month_names

from .. import languages
from . import markup

# Letters that make a word part of a longer one; CJK characters do not count (Japanese
# writes 12月 straight after 1996年).
LETTER = r"0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF"
DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Fact:
    value: int
    text: str  # as the message writes it
    position: int


@dataclass(frozen=True)
class Change:
    """One fact the msgstr does not keep: ``before`` dropped, ``after`` added, or both."""

    before: str = ""
    after: str = ""

    def __str__(self) -> str:
        if self.before and self.after:
            return f"msgstr changes {self.before} → {self.after}"
        if self.before:
            return f"msgstr drops {self.before}"
        return f"msgstr adds {self.after}, which the msgid does not have"


@dataclass(frozen=True)
class Forms:
    """How one language writes facts in words."""

    words: re.Pattern[str]  # months and number words that count
    soft: re.Pattern[str]  # words that are also articles or pronouns ("un", 一)
    values: dict[str, int]
    babel_locale: str


def _alternation(forms: list[str]) -> re.Pattern[str]:
    if not forms:
        return re.compile("(?!)")
    ordered = sorted(set(forms), key=len, reverse=True)
    return re.compile(
        rf"(?<![{LETTER}])(?:{'|'.join(map(re.escape, ordered))})(?![{LETTER}])",
        re.IGNORECASE,
    )


@cache
def forms(code: str) -> Forms:
    language = languages.get(code)
    values: dict[str, int] = {}
    months: list[str] = []
    for context in ("format", "stand-alone"):
        for number, name in get_month_names("wide", context, language.babel_locale).items():
            months.append(name)
            values[name.casefold()] = number
    for word, number in language.numbers.words + language.numbers.soft:
        values[word.casefold()] = number
    # Month names are matched in their case: English "may" is not a month.
    month_pattern = "|".join(map(re.escape, sorted(set(months), key=len, reverse=True)))
    word_pattern = _alternation([w for w, _ in language.numbers.words]).pattern
    words = re.compile(rf"(?<![{LETTER}])(?:{month_pattern})(?![{LETTER}])|(?i:{word_pattern})")
    return Forms(
        words=words,
        soft=_alternation([w for w, _ in language.numbers.soft]),
        values=values,
        babel_locale=language.babel_locale,
    )


def _text(message: str) -> str:
    """What the reader reads: MyST's text, without role targets, code or destinations
    (the markup rules keep those exactly)."""
    return unicodedata.normalize("NFKC", " ".join(markup.constructs(message).text))


def compatibility_digits(text: str) -> set[str]:
    """Numerals that NFKC would fold into plain digits, changing the number they belong
    to: superscripts, circled and parenthesised numbers, Roman numeral signs. Full-width
    digits are digits (category Nd) and are read as such."""
    return {c for c in text if unicodedata.category(c) in ("No", "Nl")}


def _blank(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


def _read(text: str, code: str) -> tuple[list[Fact], list[Fact]]:
    """The facts of ``text`` and, apart, the words that may stand for a number but are
    articles or pronouns too."""
    language = forms(code)
    found: list[Fact] = []
    soft: list[Fact] = []
    for pattern, into in ((language.words, found), (language.soft, soft)):
        for match in pattern.finditer(text):
            word = match.group(0)
            into.append(Fact(language.values[word.casefold()], word, match.start()))
            text = _blank(text, match)
    found += [Fact(int(m.group(0)), m.group(0), m.start()) for m in DIGITS.finditer(text)]
    return sorted(found, key=lambda f: f.position), soft


def changes(msgid: str, msgstr: str, code: str) -> list[Change]:
    """The facts of the English msgid that the msgstr in language ``code`` does not keep,
    and those it adds; a changed figure is one change, before → after."""
    source, _ = _read(_text(msgid), languages.SOURCE_LANGUAGE)
    target, soft = _read(_text(msgstr), code)
    missing = Counter(f.value for f in source) - Counter(f.value for f in target)
    missing -= Counter(f.value for f in soft)
    added = Counter(f.value for f in target) - Counter(f.value for f in source)
    dropped = _pick(source, missing)
    extra = _pick(target, added)
    pairs = [Change(b.text, a.text) for b, a in zip(dropped, extra, strict=False)]
    pairs += [Change(before=b.text) for b in dropped[len(extra) :]]
    pairs += [Change(after=a.text) for a in extra[len(dropped) :]]
    return pairs


def _pick(facts: list[Fact], wanted: Counter[int]) -> list[Fact]:
    left = Counter(wanted)
    picked = []
    for fact in facts:
        if left[fact.value] > 0:
            left[fact.value] -= 1
            picked.append(fact)
    return picked


@cache
def _english_months() -> dict[str, int]:
    locale = languages.get(languages.SOURCE_LANGUAGE).babel_locale
    return {name: number for number, name in get_month_names("wide", "format", locale).items()}


@cache
def _english_dates() -> re.Pattern[str]:
    names = "|".join(_english_months())
    return re.compile(rf"(?<!\d)(\d{{1,2}}) ({names}) (\d{{4}})(?!\d)")


def dates(msgid: str) -> list[dt.date]:
    """The dates the English msgid writes in full (17 December 1996)."""
    found = []
    for day, month, year in _english_dates().findall(_text(msgid)):
        try:
            found.append(dt.date(int(year), _english_months()[month], int(day)))
        except ValueError:
            continue
    return found


def long_date(date: dt.date, code: str) -> str:
    return format_date(date, format="long", locale=forms(code).babel_locale)


def misformed_dates(msgid: str, msgstr: str, code: str) -> list[tuple[dt.date, str]]:
    """Dates of the msgid that the msgstr holds the facts of but not in the language's
    long form: (the date, the form to write)."""
    text = _text(msgstr)
    expected = [(date, long_date(date, code)) for date in dates(msgid)]
    return [(date, form) for date, form in expected if form not in text]
