"""The names glossary (``locales/glossary.tbx``): what every edition keeps of each name.

TBX is the exchange format translation tools read (Weblate, OmegaT, Virtaal). For each
entry, the English ``langSet`` holds the term as the English text writes it. For another
language, its *preferred* terms must all appear in a translation wherever the English term
appears; with none listed, the English term itself must appear. *Admitted* terms are local
renderings a translation may add beside the original.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"

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


def pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![{LATIN}]){re.escape(normalize(term))}(?![{LATIN}])")


@dataclass(frozen=True)
class Term:
    id: str
    kind: str
    english: str
    required: dict[str, tuple[str, ...]]
    local: dict[str, tuple[str, ...]]
    line: int

    def required_in(self, code: str) -> tuple[str, ...]:
        return self.required.get(code) or (self.english,)


@dataclass(frozen=True)
class Glossary:
    path: Path
    terms: tuple[Term, ...]

    def names_in(self, english: str) -> list[Term]:
        """The terms the English text contains, leaving out a name that only appears
        inside a longer one (Peru inside Peru Reports, Cruz inside Eduardo "Tito" Cruz)."""
        text = normalize(english)
        spans = [
            (match.start(), match.end(), term)
            for term in self.terms
            for match in pattern(term.english).finditer(text)
        ]
        found: dict[str, Term] = {}
        for start, end, term in spans:
            covered = any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans)
            if not covered:
                found.setdefault(term.id, term)
        return list(found.values())


def missing_forms(term: Term, code: str, translation: str) -> list[str]:
    """The forms of ``term`` that ``translation`` lacks, for language ``code``."""
    text = normalize(translation)
    return [form for form in term.required_in(code) if not pattern(form).search(text)]


def _start_lines(data: bytes) -> list[int]:
    """The line of every element's start tag, in document order (ElementTree keeps none)."""
    lines: list[int] = []
    parser = expat.ParserCreate()
    parser.StartElementHandler = lambda name, attrs: lines.append(parser.CurrentLineNumber)
    parser.Parse(data, True)
    return lines


def load(path: Path) -> Glossary:
    data = path.read_bytes()
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise GlossaryError(path, error.position[0], f"not well-formed TBX: {error}") from None
    lines = dict(zip(map(id, root.iter()), _start_lines(data), strict=True))
    terms = []
    for entry in root.iter("termEntry"):
        line = lines[id(entry)]
        entry_id = entry.get("id") or ""
        if not entry_id:
            raise GlossaryError(path, line, "termEntry without an id")
        kind = (entry.findtext("descrip[@type='subjectField']") or "").strip()
        english: list[str] = []
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
                (admitted if status == ADMITTED else preferred).append(term)
            if code == "en":
                english = preferred
            else:
                if preferred:
                    required[code] = tuple(preferred)
                if admitted:
                    local[code] = tuple(admitted)
        if len(english) != 1:
            raise GlossaryError(
                path, line, f"entry {entry_id!r} needs exactly one English preferred term"
            )
        terms.append(Term(entry_id, kind, english[0], required, local, line))
    ids = [t.id for t in terms]
    for entry_term in terms:
        if ids.count(entry_term.id) > 1:
            raise GlossaryError(path, entry_term.line, f"duplicate entry id {entry_term.id!r}")
    return Glossary(path, tuple(terms))
