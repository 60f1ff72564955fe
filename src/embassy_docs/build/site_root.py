"""The root of the published site: a language chooser, a 404 page, the sitemap with each
page's alternates in the other languages, and the favicon. Built from what is published
in ``_build/site/<lang>/``, so a failed edition is simply not listed."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from babel.numbers import format_decimal

from .. import languages
from ..languages import Language
from . import formats

if TYPE_CHECKING:
    from jinja2 import Environment

# Pages every edition has that are not content: not in the sitemap.
NOT_CONTENT = frozenset({"search.html", "genindex.html", "404.html"})
FAVICON = Path(__file__).parent.parent / "sphinx_ext" / "static" / "favicon.svg"


@dataclass(frozen=True)
class Download:
    """A book file of an edition, with its size as the reader's language writes it."""

    name: str
    label: str
    media_type: str
    size: str


@dataclass(frozen=True)
class PublishedEdition:
    language: Language
    pages: tuple[str, ...]
    # The edition's books beside its pages (PDF, EPUB), those that are published.
    downloads: tuple[Download, ...] = ()


def _downloads(folder: Path, language: Language) -> tuple[Download, ...]:
    """The files the edition's formats publish beside its pages (the PDF, the EPUB), in
    the registry's order, those that are there."""
    found = []
    for fmt in map(formats.get, language.formats):
        name = fmt.file_name(language)
        book = folder / name
        if name and book.is_file():
            kilobytes = max(1, round(book.stat().st_size / 1024))
            size = f"{format_decimal(kilobytes, locale=language.babel_locale)} KB"
            found.append(Download(name, fmt.label, fmt.media_type, size))
    return tuple(found)


def published(site: Path) -> list[PublishedEdition]:
    editions = []
    for language in languages.registry().values():
        folder = site / language.code
        if (folder / "index.html").is_file():
            pages = tuple(
                sorted(
                    p.relative_to(folder).as_posix()
                    for p in folder.rglob("*.html")
                    if p.name not in NOT_CONTENT and "_static" not in p.parts
                )
            )
            editions.append(PublishedEdition(language, pages, _downloads(folder, language)))
    return editions


def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("embassy_docs.build", "templates"),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )


# What the root 404 page says, in each edition's words (the interface catalogues).
NOT_FOUND = ("Page not found", "This page does not exist, or no longer does.")


def interface_words(code: str, messages: tuple[str, ...]) -> dict[str, str]:
    """The messages in the language, as the checked interface catalogue has them (the
    same check as the pages'), the English where it has none."""
    # Imported here: the lint's rules are not needed before the root is written, and
    # the build's first steps would wait for them.
    from ..catalogues import lint

    found = {e.msgid: e.msgstr for e in lint.checked_interface(code)[0] if not e.plural}
    return {message: found.get(message) or message for message in messages}


def site_root_path(base_url: str) -> str:
    """The site's path on its server ("/" when it is not known), for the 404 page, which
    is served for a missing page at any depth."""
    return urlsplit(base_url).path.rstrip("/") + "/" if base_url else "/"


def render_page(template: str, editions: list[PublishedEdition], base_url: str = "") -> str:
    return (
        _environment()
        .get_template(template)
        .render(
            editions=editions,
            root=site_root_path(base_url),
            words={e.language.code: interface_words(e.language.code, NOT_FOUND) for e in editions},
            source=languages.get(languages.SOURCE_LANGUAGE),
        )
    )


def sitemap(editions: list[PublishedEdition], base_url: str) -> str:
    """A sitemap with, for each page, its alternates in the editions that have it."""
    base = base_url.rstrip("/") + "/"
    where = {e.language.code: set(e.pages) for e in editions}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for edition in editions:
        for page in edition.pages:
            lines.append(f"  <url><loc>{escape(f'{base}{edition.language.code}/{page}')}</loc>")
            for code, pages in where.items():
                if page in pages:
                    href = quoteattr(f"{base}{code}/{page}")
                    lines.append(f'    <xhtml:link rel="alternate" hreflang="{code}" href={href}/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(text, "utf-8")
    partial.replace(path)


def assemble(site: Path, base_url: str) -> list[PublishedEdition]:
    """Write the site's root files for the editions published under ``site``."""
    editions = published(site)
    site.mkdir(parents=True, exist_ok=True)
    _write(site / "index.html", render_page("root-index.html", editions))
    _write(site / "404.html", render_page("root-404.html", editions, base_url))
    robots = "User-agent: *\nDisallow:\n"
    if base_url:
        _write(site / "sitemap.xml", sitemap(editions, base_url))
        robots += f"Sitemap: {base_url.rstrip('/')}/sitemap.xml\n"
    else:
        # A sitemap needs absolute addresses: none rather than localhost's.
        (site / "sitemap.xml").unlink(missing_ok=True)
    _write(site / "robots.txt", robots)
    shutil.copy2(FAVICON, site / "favicon.svg")
    return editions
