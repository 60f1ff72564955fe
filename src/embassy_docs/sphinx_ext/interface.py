"""The extension's interface strings and templates: its own catalogue, compiled when a
build starts, and the sidebar link to the edition's PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.pofile import read_po
from jinja2 import FileSystemBytecodeCache
from sphinx.jinja2glue import SphinxFileSystemLoader

from .. import catalogs, languages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HERE = Path(__file__).parent
LOCALE = HERE / "locale"
TEMPLATES = HERE / "templates"


def add_catalogue(app: Sphinx, config: Config) -> None:
    code = config.language or languages.SOURCE_LANGUAGE
    compiled = Path(app.doctreedir) / "embassy_docs" / "locale"
    for source in LOCALE.glob(f"{code}/LC_MESSAGES/*.po"):
        catalogs.compile_to(
            source.read_bytes(), compiled / code / "LC_MESSAGES" / f"{source.stem}.mo"
        )
    # Under Sphinx's own catalogue name, so that theme templates find the strings too;
    # Sphinx's translations come first and these fill what it lacks.
    app.add_message_catalog("sphinx", str(compiled))


def browser_catalogue(app: Sphinx) -> str | None:
    """This catalogue as the browser's search script reads it; Sphinx's own JavaScript
    catalogue lacks some of these (the Spanish search summary is empty)."""
    code = app.config.language
    source = LOCALE / code / "LC_MESSAGES" / "sphinx.po"
    if code == languages.SOURCE_LANGUAGE or not source.exists():
        return None
    with source.open("rb") as stream:
        catalogue = read_po(stream)
    messages = {
        (m.id[0] if isinstance(m.id, tuple) else m.id): (
            list(m.string) if m.pluralizable else m.string
        )
        for m in catalogue
        if m.id and m.string
    }
    # Number(): Babel's expression for Spanish is a boolean, and the script indexes with it.
    plural = f"Number({catalogue.plural_expr})"
    data = {"locale": code, "plural_expr": plural, "messages": messages}
    return f"Documentation.addTranslations({json.dumps(data, ensure_ascii=False)});\n"


def add_browser_catalogue(app: Sphinx, config: Config) -> None:
    """Write the browser's catalogue among the static files, before Sphinx copies them:
    pages then link it with its checksum on the first build as on every later one."""
    script = browser_catalogue(app)
    if script is None:
        return
    folder = Path(app.doctreedir) / "embassy_docs" / "static"
    target = folder / "embassy-translations.js"
    if not target.exists() or target.read_text("utf-8") != script:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(script, "utf-8")
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
    if not app.config.embassy_pdf_link:
        return
    language = languages.get(app.config.language or languages.SOURCE_LANGUAGE)
    context["embassy_pdf_url"] = context["pathto"](language.pdf_name, 1)


def register(app: Sphinx) -> None:
    app.add_config_value("embassy_pdf_link", True, "html", types=(bool,))
    app.connect("config-inited", add_catalogue)
    app.connect("builder-inited", add_templates)
    app.connect("builder-inited", cache_templates)
    app.connect("config-inited", add_browser_catalogue)
    app.connect("html-page-context", page_context)
