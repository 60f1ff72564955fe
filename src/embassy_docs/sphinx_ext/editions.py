"""Per-edition settings: what ``conf.py`` cannot know until the language is chosen."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError

from .. import languages
from .latex import latex_elements

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def hosted_language(config: Config) -> str:
    """The edition to build. Read the Docs keeps one project per translation and names
    its language in READTHEDOCS_LANGUAGE ("ja", "es", "pt-br"…), so the same conf.py
    serves every project; a -D language=… on the command line wins."""
    code = config.language or languages.SOURCE_LANGUAGE
    hosted = os.environ.get("READTHEDOCS_LANGUAGE", "").strip().lower().replace("_", "-")
    if hosted and code == languages.SOURCE_LANGUAGE:
        base = hosted.split("-")[0]
        return hosted if hosted in languages.codes() else base
    return code


def apply_language(app: Sphinx, config: Config) -> None:
    code = hosted_language(config)
    config.language = code
    try:
        language = languages.get(code)
    except languages.UnknownLanguageError as error:
        raise ConfigError(f"{error} (set with -D language=… or in docs/conf.py)") from None

    config.project = language.title
    config.author = language.author
    config.copyright = language.copyright
    config.html_title = language.title
    config.latex_engine = language.latex.engine
    config.latex_docclass = {"manual": language.latex.docclass}
    config.latex_elements = latex_elements(language) | dict(config.latex_elements)
    config.latex_documents = [
        (config.root_doc, f"{language.pdf_basename}.tex", language.title, language.author, "manual")
    ]
    if "bibtex_default_style" in config:
        config.bibtex_default_style = f"embassy-{language.code}"


def register(app: Sphinx) -> None:
    # Early, so that every later listener and default sees the edition's values.
    app.connect("config-inited", apply_language, priority=100)
