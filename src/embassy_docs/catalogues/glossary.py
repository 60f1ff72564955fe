"""The original names and the translators' glossary.

What a translation must keep of each name is trusted data, ``originals.toml`` beside this
module: it changes with the code, under review. The translators' glossary,
``locales/glossary.tbx`` (TBX, which Weblate, OmegaT and Virtaal read), repeats every
original for their tools and adds local renderings (*admitted* terms) beside them. It is
untrusted like any catalogue: it is read within a size limit and with no DTD, it must
repeat the originals exactly (a homoglyph or a weaker term is an error), and all it can
change is the hint a problem report gives.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from xml.parsers import expat

from .. import languages
from . import facts, reading, safe_files

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ADMITTED = "admittedTerm-admn-sts"
MAX_GLOSSARY_BYTES = 512 * 1024

# Letters that make a name part of a longer word when they touch it. CJK characters do
# not count: Japanese puts particles straight after a Latin name (Limaの).
LATIN = r"0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF"

# Quotation marks and apostrophes differ by language and by typing habit; a name is the
# same name whichever a translator used.
QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


class GlossaryError(ValueError):
    def __init__(self, path: Path, line: int, message: str):
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(QUOTES)


def _bounded(term: str) -> str:
    return rf"(?<![{LATIN}]){re.escape(normalize(term))}(?![{LATIN}])"


@cache
def pattern(term: str) -> re.Pattern[str]:
    return re.compile(_bounded(term))


def _drawn_as_written(text: str, end: int) -> bool:
    """Whether the name that ends at ``end`` is drawn as it is written: a combining mark
    (a stroke, an accent), a variation selector or a joiner after it changes its last
    letter, and the reader no longer sees that name."""
    if end >= len(text):
        return True
    category = unicodedata.category(text[end])
    return not category.startswith("M") and category != "Cf"


def shown(form: str, text: str) -> bool:
    """Whether ``form`` stands in the (normalised) ``text`` as a name of its own."""
    return any(_drawn_as_written(text, m.end()) for m in pattern(form).finditer(text))


@dataclass(frozen=True)
class Term:
    id: str
    kind: str
    english: str
    required: dict[str, tuple[str, ...]]
    local: dict[str, tuple[str, ...]] = field(default_factory=dict)
    line: int = 0
    # The edition's own name for an institution the article names in English: the
    # English stands beside it at the first mention on a page, and may be left out after.
    named: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # How the name is read in a language that sorts by reading (ja: kana).
    reading: dict[str, str] = field(default_factory=dict)

    def required_in(self, code: str) -> tuple[str, ...]:
        return self.required.get(code) or (self.english,)


@dataclass(frozen=True)
class Glossary:
    path: Path
    terms: tuple[Term, ...]

    @property
    def _finder(self) -> re.Pattern[str]:
        return _finder(tuple(t.english for t in self.terms))

    def names_in(self, english: str) -> list[Term]:
        """The terms the English text contains, leaving out a name that only appears
        inside a longer one (Peru inside Peru Reports, Cruz inside Eduardo "Tito" Cruz).
        One scan of the text: the alternation tries longer names first, so a match is
        never a name inside a longer one that also matches there."""
        by_english = {normalize(t.english): t for t in self.terms}
        found: dict[str, Term] = {}
        for match in self._finder.finditer(normalize(english)):
            term = by_english[match.group(0)]
            found.setdefault(term.id, term)
        return list(found.values())


@cache
def _finder(englishes: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted({normalize(e) for e in englishes}, key=len, reverse=True)
    return re.compile("|".join(_bounded(e) for e in ordered) or "(?!)")


def beside(local: str, original: str) -> str:
    """A local rendering with the original beside it: in full-width brackets after a
    Japanese (wide) rendering, in parentheses after a Latin one."""
    wide = unicodedata.east_asian_width(local[-1]) in {"W", "F"}
    return f"{local}（{original}）" if wide else f"{local} ({original})"


def missing_forms(term: Term, code: str, translation: str, first: bool = True) -> list[str]:
    """The forms of ``term`` that ``translation`` lacks, for language ``code``; ``first``
    says whether this is the term's first mention on its page."""
    text = normalize(translation)

    def absent(forms: tuple[str, ...]) -> list[str]:
        return [form for form in forms if not shown(form, text)]

    named = term.named.get(code, ())
    if not named:
        return absent(term.required_in(code))
    if first:
        return absent(term.required_in(code) + named)
    original, own = absent(term.required_in(code)), absent(named)
    return own if original and own else []


def glossed_again(term: Term, code: str, translation: str, first: bool) -> bool:
    """Whether a later mention on a page repeats the English beside the edition's name."""
    text = normalize(translation)
    named = term.named.get(code, ())
    forms = term.required_in(code) + named
    return bool(named) and not first and all(shown(f, text) for f in forms)


def named_earlier(terms: Glossary, msgids: list[str]) -> list[frozenset[str]]:
    """For each message of a page, in the page's order, the names (term ids) that its
    earlier messages mention."""
    seen: set[str] = set()
    earlier = []
    for msgid in msgids:
        earlier.append(frozenset(seen))
        seen.update(term.id for term in terms.names_in(msgid))
    return earlier


@cache
def originals() -> Glossary:
    """The trusted names, from the package's own data."""
    source = resources.files(__package__).joinpath("originals.toml")
    table = tomllib.loads(source.read_text("utf-8"))
    terms = tuple(
        Term(
            id=name,
            kind=entry["kind"],
            english=entry["english"],
            required={code: tuple(forms) for code, forms in entry.get("keep", {}).items()},
            named={code: tuple(forms) for code, forms in entry.get("named", {}).items()},
            reading=dict(entry.get("reading", {})),
        )
        for name, entry in table.items()
    )
    return Glossary(Path(str(source)), terms)


def _start_lines(data: bytes) -> list[int]:
    """The line of every element's start tag, in document order (ElementTree keeps none)."""
    lines: list[int] = []
    parser = expat.ParserCreate()
    parser.StartElementHandler = lambda name, attrs: lines.append(parser.CurrentLineNumber)
    parser.Parse(data, True)
    return lines


def _read(path: Path) -> tuple[bytes, ET.Element]:
    try:
        data = safe_files.read(path, MAX_GLOSSARY_BYTES)
    except safe_files.UnsafeFileError as error:
        raise GlossaryError(path, 1, str(error)) from None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise GlossaryError(path, 1, "a DTD or entity declaration: TBX needs neither; remove it")
    try:
        return data, ET.fromstring(data)
    except ET.ParseError as error:
        raise GlossaryError(path, error.position[0], f"not well-formed TBX: {error}") from None


# A rendering is a name beside the original, printed in the index of names: not a
# sentence, and nothing the original name does not have (a number, a date, markup).
NOT_IN_A_NAME = re.compile(r"[<>&{}\[\]`*_\\|$。．！？!?;；:：]")


def rendering_problem(original: str, rendering: str, code: str) -> str | None:
    """Why ``rendering`` cannot stand beside ``original`` in language ``code``, if it
    cannot: the rules a msgstr passes, and the shape of a name."""
    limit = 2 * len(original) + 12
    if len(rendering) > limit:
        return f"{len(rendering)} characters: a rendering is a name, at most {limit} here"
    faults = reading.character_faults(rendering, limit=1)
    if faults:
        return faults[0].message
    if not unicodedata.is_normalized("NFC", rendering):
        return "decomposed text: save the glossary in Unicode's composed form, NFC"
    sign = NOT_IN_A_NAME.search(rendering)
    if sign:
        return f"{sign.group(0)!r}: a rendering is a name, with no markup or sentence punctuation"
    digits = [c for c in rendering if unicodedata.category(c)[0] == "N" and c not in original]
    changed = facts.changes(original, rendering, code) if code in languages.codes() else []
    if digits or changed:
        shown = "".join(digits) or changed[0].after or changed[0].before
        return f"{shown!r}: a rendering has no number or date that its original lacks"
    return None


def load(path: Path) -> Glossary:
    """The trusted originals with the glossary's local renderings beside them; a glossary
    that changes, drops or adds an original is an error naming the entry's line."""
    data, root = _read(path)
    lines = dict(zip(map(id, root.iter()), _start_lines(data), strict=True))
    trusted = {t.id: t for t in originals().terms}
    terms: dict[str, Term] = {}
    for entry in root.iter("termEntry"):
        line = lines[id(entry)]
        entry_id = entry.get("id") or ""
        if entry_id not in trusted:
            raise GlossaryError(
                path,
                line,
                f"entry {entry_id!r} is not an original name: names are added to "
                "src/embassy_docs/catalogues/originals.toml, under review, and repeated here",
            )
        if entry_id in terms:
            raise GlossaryError(path, line, f"duplicate entry id {entry_id!r}")
        original = trusted[entry_id]
        required: dict[str, tuple[str, ...]] = {}
        local: dict[str, tuple[str, ...]] = {}
        for lang_set in entry.iter("langSet"):
            code = lang_set.get(XML_LANG, "")
            preferred: list[str] = []
            admitted: list[str] = []
            for tig in lang_set.iter("tig"):
                term = (tig.findtext("term") or "").strip()
                status = (tig.findtext("termNote[@type='administrativeStatus']") or "").strip()
                if not term:
                    raise GlossaryError(path, lines[id(tig)], "empty term")
                if status == ADMITTED:
                    problem = rendering_problem(original.english, term, code)
                    if problem:
                        raise GlossaryError(path, lines[id(tig)], f"rendering {term!r}: {problem}")
                (admitted if status == ADMITTED else preferred).append(term)
            if code == "en":
                required["en"] = tuple(preferred)
            elif preferred and (
                tuple(preferred) != (original.english,) or code in original.required
            ):
                # A column that repeats the original asks nothing more of the language.
                required[code] = tuple(preferred)
            if admitted:
                local[code] = tuple(admitted)
        english = required.pop("en", ())
        if english != (original.english,) or required != original.required:
            raise GlossaryError(
                path,
                line,
                f"entry {entry_id!r} does not repeat the original name as "
                f"src/embassy_docs/catalogues/originals.toml has it ({original.english!r}"
                + "".join(f"; {c}: {', '.join(f)}" for c, f in original.required.items())
                + "): the glossary may add renderings (admittedTerm), never change an original",
            )
        terms[entry_id] = replace(original, local=local, line=line)
    missing = [t.id for t in originals().terms if t.id not in terms]
    if missing:
        raise GlossaryError(
            path,
            1,
            f"the original name(s) {', '.join(missing)} are missing: every name of "
            "src/embassy_docs/catalogues/originals.toml has an entry here",
        )
    return Glossary(path, tuple(terms[t.id] for t in originals().terms))
