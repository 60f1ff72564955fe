"""The extension's interface strings and templates: its own catalogue, compiled when a
build starts, and the sidebar link to the edition's PDF."""

from __future__ import annotations

import json
from gettext import GNUTranslations
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx.locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from jinja2 import FileSystemBytecodeCache
from sphinx.jinja2glue import SphinxFileSystemLoader
from sphinx.util import logging

from .. import languages
from ..catalogues import lint, safe_files
from ..catalogues.reading import Entry
from . import site

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
# The interface strings that passed, by language, for the browser's catalogue.
INTERFACE_ENTRIES: dict[str, list[Entry]] = {}


def checked_interface(code: str) -> list[Entry]:
    """The interface catalogue's translations that pass its checks (``lint``), each
    refusal said with its file and line."""
    entries, errors = lint.checked_interface(code)
    for problem in errors:
        logger.error(
            "%s %s; the English interface string is used",
            problem.code,
            problem.message,
            location=f"{problem.path}:{problem.line}",
            type="embassy",
            subtype="interface",
        )
    return entries


def compiled(code: str, entries: list[Entry]) -> bytes:
    """A ``.mo`` of ``entries`` under the registry's header, written by Babel."""
    catalogue = Catalog(locale=code, charset="utf-8", fuzzy=False)
    catalogue.mime_headers = [("Plural-Forms", languages.get(code).plural_forms)]
    for entry in entries:
        if entry.plural:
            forms = tuple(entry.msgstr.split("\x00"))
            catalogue.add((entry.msgid, entry.msgid_plural), forms)
        else:
            catalogue.add(entry.msgid, entry.msgstr)
    with BytesIO() as target:
        write_mo(target, catalogue)
        return target.getvalue()


def add_catalogue(app: Sphinx, config: Config) -> None:
    code = config.language or languages.SOURCE_LANGUAGE
    entries = checked_interface(code)
    INTERFACE_ENTRIES[code] = entries
    if not entries:
        return
    # Under Sphinx's own catalogue name, so that theme templates find the strings too,
    # and ahead of Sphinx's own translations: where both have a string, the book's
    # wins (目次, not コンテンツ), as a project's catalogues win over Sphinx's. Sphinx
    # has read those before extensions' events, so this one goes in front of them here.
    ours = GNUTranslations(BytesIO(compiled(code, entries)))
    ours.add_fallback(app.translator)
    app.translator = ours
    sphinx.locale.translators["general", "sphinx"] = ours


# Where the English edition says something other than Sphinx's English: the search
# page speaks of pages, and of no categories, which this site does not have.
SOURCE_WORDING = {
    "Your search did not match any documents. Please make sure that all words are "
    "spelled correctly and that you've selected enough categories.": (
        "Your search did not match any pages. Please make sure that all words are "
        "spelled correctly."
    ),
}


def browser_catalogue(app: Sphinx) -> str | None:
    """This catalogue as the browser's search script reads it; Sphinx's own JavaScript
    catalogue lacks some of these (the Spanish search summary is empty). The plural
    rule is the registry's: a catalogue's header never reaches the page as code."""
    code = app.config.language
    if code == languages.SOURCE_LANGUAGE:
        messages: dict[str, str | list[str]] = dict(SOURCE_WORDING)
    else:
        entries = INTERFACE_ENTRIES.get(code, [])
        messages = {e.msgid: e.msgstr.split("\x00") if e.plural else e.msgstr for e in entries}
    if not messages:
        return None
    plural = languages.get(code).plural_forms.split("plural=", 1)[1].strip().rstrip(";")
    # Number(): the Spanish expression is a boolean, and the script indexes with it.
    data = {"locale": code, "plural_expr": f"Number({plural})", "messages": messages}
    return f"Documentation.addTranslations({json.dumps(data, ensure_ascii=False)});\n"


def add_browser_catalogue(app: Sphinx, config: Config) -> None:
    """Write the browser's catalogue among the static files, before Sphinx copies them:
    pages then link it with its checksum on the first build as on every later one."""
    script = browser_catalogue(app)
    if script is None:
        return
    folder = Path(app.doctreedir) / "embassy_docs" / "static"
    target = folder / "embassy-translations.js"
    safe_files.write(target, script.encode("utf-8"))
    config.html_static_path = [*config.html_static_path, str(folder)]
    # After Sphinx's translations.js (priority 500), so that ours fills its gaps.
    app.add_js_file("embassy-translations.js", priority=600)


def add_templates(app: Sphinx) -> None:
    """Make ``embassy/*.html`` available to the theme. Not through ``templates_path``:
    the gettext builder would copy these strings into the book's own catalogues, where
    translators would meet them a second time."""
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "loaders"):
        # As if it closed the project's templates_path: after the project's own templates,
        # before the theme's, so that "!search.html" here means the theme's; and in the
        # path chain, so that editing a template rebuilds the pages.
        position = templates.templatepathlen
        templates.loaders.insert(position, SphinxFileSystemLoader(str(TEMPLATES)))
        templates.pathchain.insert(position, TEMPLATES)
        templates.templatepathlen += 1


def cache_templates(app: Sphinx) -> None:
    """Keep the compiled templates beside the doctrees: compiling the theme's templates
    is a fifth of a one-page rebuild. Jinja keys each by its source's checksum, so an
    edited template is compiled afresh."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None and environment.bytecode_cache is None:
        folder = Path(app.doctreedir) / "embassy_docs" / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not app.config.embassy_pdf_link or app.builder.name not in site.WEBSITE_BUILDERS:
        return
    language = languages.get(app.config.language or languages.SOURCE_LANGUAGE)
    context["embassy_pdf_url"] = context["pathto"](language.pdf_name, 1)
    if "epub" in language.formats:
        context["embassy_epub_url"] = context["pathto"](language.epub_name, 1)


def register(app: Sphinx) -> None:
    app.add_config_value("embassy_pdf_link", True, "html", types=(bool,))
    app.connect("config-inited", add_catalogue)
    app.connect("builder-inited", add_templates)
    app.connect("builder-inited", cache_templates)
    app.connect("config-inited", add_browser_catalogue)
    app.connect("html-page-context", page_context)
