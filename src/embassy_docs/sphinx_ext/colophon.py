"""What the About page says of the edition itself: ``{build}`edition``` is the edition's
language, named in that language, and ``{build}`date``` its date in the language's long
form; the PDF's title page carries the same date. The date is the edition's
SOURCE_DATE_EPOCH (the build sets it from the last change of the sources), so two builds
of one tree say the same."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.dates import format_date
from docutils import nodes

from .. import languages

if TYPE_CHECKING:
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx
    from sphinx.config import Config

WHAT = ("edition", "date")


def edition_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def says(what: str, code: str) -> str:
    locale = languages.get(code).babel_locale
    if what == "date":
        return format_date(edition_date(), format="long", locale=locale)
    return str(Locale.parse(locale).get_language_name(locale))


def build_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: Sequence[str] = (),
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    if text not in WHAT:
        message = inliner.reporter.error(
            f"{{build}} says {' or '.join(WHAT)}, not {text!r}", line=lineno
        )
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    code = inliner.document.settings.env.config.language
    return [nodes.Text(says(text, code))], []


def date_the_title_page(app: Sphinx, config: Config) -> None:
    config.today = says("date", config.language or languages.SOURCE_LANGUAGE)


def register(app: Sphinx) -> None:
    app.add_role("build", build_role)
    # After the edition's language is settled (editions, priority 100).
    app.connect("config-inited", date_the_title_page, priority=700)
