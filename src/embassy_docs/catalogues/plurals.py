"""A new language's plural rule. The registry states each language's rule, and every
catalogue the book writes carries that one. For a language not yet in the registry, the
rule proposed is GNU gettext's convention (msginit's table, which gettext keeps stable
across releases); Babel's CLDR rule, which changes with CLDR (Spanish gained a third form
in Babel 2.19), is only shown beside it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from babel import Locale
from babel.messages.plurals import get_plural

TEMPLATE = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
MSGINIT_SECONDS = 30


class PluralsError(RuntimeError):
    pass


def gettext_rule(code: str) -> str | None:
    """The Plural-Forms GNU gettext's msginit writes for ``code``, or None where gettext
    has no convention for the language."""
    program = shutil.which("msginit")
    if program is None:
        raise PluralsError(
            "GNU gettext's msginit, which knows each language's plural rule, is not "
            "installed: install GNU gettext (Debian package gettext)"
        )
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "messages.pot"
        template.write_text(TEMPLATE, "utf-8")
        done = subprocess.run(
            [program, "--no-translator", "-l", code.split("-")[0], "-i", str(template), "-o", "-"],
            capture_output=True,
            text=True,
            timeout=MSGINIT_SECONDS,
            check=False,
            env=dict(os.environ, LC_ALL="C"),
        )
    if done.returncode != 0:
        return None
    rule = polib.pofile(done.stdout).metadata.get("Plural-Forms", "").strip()
    return rule or None


def cldr_rule(locale: Locale) -> str:
    """Babel's rule from CLDR, as a suggestion only."""
    plural = get_plural(locale)
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
