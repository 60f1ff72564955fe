"""The extension's interface strings and templates: its own catalogue, compiled when a
build starts, and the sidebar link to the edition's PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.jinja2glue import SphinxFileSystemLoader

from .. import languages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HERE = Path(__file__).parent
LOCALE = HERE / "locale"
TEMPLATES = HERE / "templates"


def compile_catalogue(source: Path, target: Path) -> None:
    """``.po`` to ``.mo``, only when the ``.po`` is newer: ``.mo`` files are never kept in git."""
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return
    with source.open("rb") as stream:
        catalogue = read_po(stream)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".mo.part")
    with partial.open("wb") as stream:
        write_mo(stream, catalogue)
    partial.replace(target)


def add_catalogue(app: Sphinx, config: Config) -> None:
    code = config.language or languages.SOURCE_LANGUAGE
    compiled = Path(app.doctreedir) / "embassy_docs" / "locale"
    for source in LOCALE.glob(f"{code}/LC_MESSAGES/*.po"):
        compile_catalogue(source, compiled / code / "LC_MESSAGES" / f"{source.stem}.mo")
    # Under Sphinx's own catalogue name, so that theme templates find the strings too;
    # Sphinx's translations come first and these fill what it lacks.
    app.add_message_catalog("sphinx", str(compiled))


def add_templates(app: Sphinx) -> None:
    """Make ``embassy/*.html`` available to the theme. Not through ``templates_path``:
    the gettext builder would copy these strings into the book's own catalogues, where
    translators would meet them a second time."""
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "loaders"):
        templates.loaders.append(SphinxFileSystemLoader(str(TEMPLATES)))


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
    app.connect("html-page-context", page_context)
