"""What every page of every edition tells readers and machines: the same page in the
other languages (switcher and hreflang alternates), how much of it is translated, a
description and OpenGraph tags, a favicon and a 404 page."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.i18n import docname_to_domain

from .. import languages
from ..catalogues import stats
from .translations import SOURCES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

_ = get_translation("sphinx")

STATIC = Path(__file__).parent / "static"
DESCRIPTION_LENGTH = 160


def edition_url(pagename: str, code: str) -> str:
    """The same page in edition ``code``, relative to the current page: editions sit side
    by side in the site (``en/``, ``es/``, ``ja/``), so this works offline too."""
    up = "../" * (pagename.count("/") + 1)
    return f"{up}{code}/{pagename}.html"


def description(doctree: nodes.document | None, limit: int = DESCRIPTION_LENGTH) -> str:
    """The page's first paragraph, cut at a word (or, in Japanese, at a character)."""
    if doctree is None:
        return ""
    paragraph = next(doctree.findall(nodes.paragraph), None)
    if paragraph is None:
        return ""
    text = " ".join(paragraph.astext().split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "…"


def translated_share(app: Sphinx, pagename: str) -> float | None:
    """How much of the page's catalogue is translated; None for the source language."""
    if app.config.language == languages.SOURCE_LANGUAGE:
        return None
    domain = docname_to_domain(pagename, app.config.gettext_compact)
    if domain not in SOURCES:
        return 0.0  # no catalogue, or one the build refused: the page is English
    return stats.of_reading(SOURCES[domain]).percent


def meta_tags(app: Sphinx, pagename: str, context: dict[str, Any], summary: str) -> str:
    current = languages.get(app.config.language)
    tags = []
    for language in languages.registry().values():
        href = edition_url(pagename, language.code)
        tags.append(f'<link rel="alternate" hreflang="{language.code}" href="{href}">')
    source = edition_url(pagename, languages.SOURCE_LANGUAGE)
    tags.append(f'<link rel="alternate" hreflang="x-default" href="{source}">')
    title = html.escape(context.get("title") or current.title, quote=True)
    properties = {
        "og:title": title,
        "og:site_name": html.escape(current.title, quote=True),
        "og:type": "website" if pagename == app.config.root_doc else "article",
        "og:locale": current.og_locale,
    }
    if summary:
        escaped = html.escape(summary, quote=True)
        tags.append(f'<meta name="description" content="{escaped}">')
        properties["og:description"] = escaped
    if context.get("pageurl"):
        properties["og:url"] = html.escape(context["pageurl"], quote=True)
    tags += [f'<meta property="{k}" content="{v}">' for k, v in properties.items()]
    tags += [
        f'<meta property="og:locale:alternate" content="{language.og_locale}">'
        for language in languages.registry().values()
        if language.code != current.code
    ]
    return "\n    ".join(tags)


# The builders that make the website; the EPUB's pages are HTML too, but a book's, with
# no addresses, alternates or links out of it.
WEBSITE_BUILDERS = ("html", "dirhtml", "singlehtml")


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name not in WEBSITE_BUILDERS:
        notice_untranslated(app, pagename, context, doctree)
        return
    code = app.config.language
    context["embassy_languages"] = [
        {
            "code": language.code,
            "name": language.native_name,
            "url": edition_url(pagename, language.code),
            "current": language.code == code,
        }
        for language in languages.registry().values()
    ]
    context["metatags"] = (
        context.get("metatags", "")
        + "\n    "
        + meta_tags(app, pagename, context, description(doctree))
    )
    notice_untranslated(app, pagename, context, doctree)


def notice_untranslated(app: Sphinx, pagename: str, context: dict[str, Any], doctree: Any) -> None:
    share = translated_share(app, pagename) if doctree is not None else None
    if share is not None and share < 100 and "body" in context:
        notice = _(
            "Only %(percent)d%% of this page is translated so far; the rest is shown in English."
        ) % {"percent": int(share)}
        context["body"] = (
            f'<aside class="admonition note embassy-partial" role="note">'
            f"<p>{html.escape(notice)}</p></aside>\n" + context["body"]
        )


def not_found_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    if app.builder.name not in WEBSITE_BUILDERS:
        return []
    return [("404", {"title": _("Page not found")}, "embassy/404.html")]


def configure(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")


def register(app: Sphinx) -> None:
    app.connect("config-inited", configure)
    app.connect("html-page-context", page_context)
    app.connect("html-collect-pages", not_found_page)
    app.add_css_file("embassy.css")
