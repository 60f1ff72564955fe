"""The placeholders of an interface string, read as the code that fills them reads them.
Python's ``%`` takes ``%(key)s`` with any key (``%()s``, ``%(1)s``, ``%(a b)s``), flags,
``*`` widths and precisions; ``str.format`` takes ``{}``, ``{0}``, ``{name.attr[0]!r:>{w}}``;
Sphinx's scripts replace ``${name}``. A template may fill a string in any of these ways,
so each is compared with the msgid's, whether the entry is flagged ``python-format`` or
not (GNU msgfmt checks only flagged entries)."""

from __future__ import annotations

import re
import string
from collections import Counter

# CPython's grammar for one conversion (Objects/unicodeobject.c): a mapping key in
# balanced parentheses, flags, width, precision, a length modifier, the conversion.
PERCENT = re.compile(
    r"%(?:\((?P<key>(?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\))?"
    r"(?P<flags>[-#0 +]*)(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?[hlL]?"
    r"(?P<conversion>[\s\S]?)"
)
CONVERSIONS = set("diouxXeEfFgGcrsa%")
DOLLAR = re.compile(r"\$\{[^{}]*\}")


class PlaceholderError(ValueError):
    pass


def percent(text: str) -> Counter[str]:
    """Each ``%`` conversion as written, ``%%`` left out. Raises where Python's ``%``
    would (an unknown conversion, a string that ends in the middle of one)."""
    found: Counter[str] = Counter()
    for match in PERCENT.finditer(text):
        conversion = match.group("conversion")
        if conversion not in CONVERSIONS:
            shown = match.group(0)
            raise PlaceholderError(f"{shown!r} is not a conversion Python's % accepts")
        if match.group(0) != "%%":
            found[match.group(0)] += 1
    return found


def braces(text: str) -> Counter[str]:
    """Each ``str.format`` field, nested ones included, as ``{name!conversion:spec}``.
    Raises where ``str.format`` would refuse the string (a lone brace)."""
    found: Counter[str] = Counter()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise PlaceholderError(f"str.format cannot read it: {error}") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        field = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        found["{" + field + "}"] += 1
        if spec and "{" in spec:
            found += braces(spec)
    return found


def dollars(text: str) -> Counter[str]:
    return Counter(DOLLAR.findall(text))


def of(text: str) -> dict[str, Counter[str] | str]:
    """The placeholders of ``text`` by each filler, or the reason a filler would fail."""
    found: dict[str, Counter[str] | str] = {}
    for kind, reader in (("%", percent), ("str.format", braces), ("${}", dollars)):
        try:
            found[kind] = reader(text)
        except PlaceholderError as error:
            found[kind] = str(error)
    return found


def differences(msgids: tuple[str, ...], msgstr: str) -> list[str]:
    """What ``msgstr`` changes in the placeholders of its msgid, filler by filler. With
    two msgids (a plural entry), a form may leave out a placeholder (the count, where the
    language says "one") but adds none that neither msgid has."""
    problems = []
    english = [of(msgid) for msgid in msgids]
    translated = of(msgstr)
    for kind, given in translated.items():
        expected = [c for c in (e[kind] for e in english) if isinstance(c, Counter)]
        # A msgid that has no placeholder of a kind (or cannot be read as one) is not
        # filled that way: a "%" or a brace in its translation is text. Sphinx's
        # scripts' ${…} is compared everywhere.
        if kind != "${}" and not any(expected):
            continue
        if isinstance(given, str):
            problems.append(given)
            continue
        if len(msgids) == 1:
            changed = (given - expected[0]) + (expected[0] - given)
        else:
            changed = Counter(set(given) - {p for e in expected for p in e})
        if changed:
            problems.append(f"placeholders {', '.join(sorted(changed))} differ from the msgid's")
    return problems
