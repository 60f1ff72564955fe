"""The EPUB edition: Sphinx's EPUB 3 builder, for a book that publishers' checkers accept
(epubcheck, DAISY Ace). Every document declares the edition's language; the package
carries the accessibility metadata the EPUB Accessibility specification asks for, with
its summary in the edition's language (the registry's); documents that hold a figure
declare it; and the same sources give the same bytes (entries in a fixed order, dated
by ``SOURCE_DATE_EPOCH``, ``mimetype`` first and stored)."""

from __future__ import annotations

import os
import re
import time
from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo

from docutils import nodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import languages

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.config import Config

_ = get_translation("sphinx")

# Pages of the website that are not chapters of the reader's book.
NOT_IN_THE_BOOK = ("404.xhtml", "translating.xhtml", "search.xhtml", "genindex.xhtml")
# What a reader needs to read the book, and what helps: it is text with two figures
# described by their captions, and a navigation by headings and a table of contents.
ACCESSIBILITY = """
    <meta property="schema:accessMode">textual</meta>
    <meta property="schema:accessMode">visual</meta>
    <meta property="schema:accessModeSufficient">textual</meta>
    <meta property="schema:accessibilityFeature">structuralNavigation</meta>
    <meta property="schema:accessibilityFeature">tableOfContents</meta>
    <meta property="schema:accessibilityFeature">readingOrder</meta>
    <meta property="schema:accessibilityFeature">alternativeText</meta>
    <meta property="schema:accessibilityFeature">displayTransformability</meta>
    <meta property="schema:accessibilityHazard">none</meta>
    <meta property="schema:accessibilitySummary">{summary}</meta>
    <link rel="dcterms:conformsTo" href="http://www.idpf.org/epub/a11y/accessibility-20170105.html#wcag-aa"/>
"""


class LinksReadersCanFollow(SphinxPostTransform):
    """A ``geo:`` link (the residence's coordinates) is a scheme EPUB reading systems do
    not know: the book gives the coordinates as text."""

    default_priority = 700
    builders = ("epub",)

    def run(self, **kwargs: Any) -> None:
        for link in list(self.document.findall(nodes.reference)):
            if str(link.get("refuri", "")).startswith("geo:"):
                link.replace_self(nodes.inline("", "", *link.children))


class BookEpubBuilder(Epub3Builder):
    def prepare_writing(self, docnames: Set[str]) -> None:
        super().prepare_writing(docnames)
        # Sphinx names the table of contents in English in every book.
        self.guide_titles = {**self.guide_titles, "toc": _("Table of Contents")}
        code = self.config.language or languages.SOURCE_LANGUAGE
        self.globalcontext["html_tag"] = (
            '<html xmlns="http://www.w3.org/1999/xhtml" '
            f'xmlns:epub="http://www.idpf.org/2007/ops" lang="{code}" xml:lang="{code}">'
        )

    def build_content(self) -> None:
        # Sphinx keeps the previous build's .buildinfo as .buildinfo.bak when the
        # settings changed; it is no file of the book, and its own packaging warns.
        (Path(self.outdir) / ".buildinfo.bak").unlink(missing_ok=True)
        super().build_content()
        language = languages.get(self.config.language or languages.SOURCE_LANGUAGE)
        opf = Path(self.outdir) / "content.opf"
        text = opf.read_text("utf-8")
        summary = escape(language.epub.accessibility_summary)
        text = text.replace(
            "  </metadata>", ACCESSIBILITY.format(summary=summary) + "  </metadata>"
        )
        for page in sorted(Path(self.outdir).glob("*.xhtml")):
            if "<svg" in page.read_text("utf-8"):
                text = re.sub(
                    rf'(<item id="[^"]*" href="{re.escape(page.name)}" '
                    r'media-type="application/xhtml\+xml") />',
                    r'\1 properties="svg" />',
                    text,
                )
        opf.write_text(text, "utf-8")

    def build_navigation_doc(self) -> None:
        super().build_navigation_doc()
        # The table of contents says what it is to assistive technology as well.
        nav = Path(self.outdir) / "nav.xhtml"
        text = nav.read_text("utf-8").replace(
            '<nav epub:type="toc">', '<nav epub:type="toc" role="doc-toc">'
        )
        nav.write_text(text, "utf-8")

    def build_epub(self) -> None:
        """The book's files in Sphinx's order, each dated at the sources' epoch."""
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 0)
        stamp = time.gmtime(max(epoch, 315532800))[:6]  # a ZIP cannot date before 1980
        outdir = Path(self.outdir)
        names = ["mimetype", "META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        with ZipFile(outdir / f"{self.config.epub_basename}.epub", "w") as epub:
            for name in names:
                entry = ZipInfo(name, date_time=stamp)
                entry.compress_type = ZIP_STORED if name == "mimetype" else ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                epub.writestr(entry, (outdir / name).read_bytes())


def configure(app: Sphinx, config: Config) -> None:
    """The edition's EPUB settings from the registry (after ``editions`` set its title)."""
    language = languages.get(config.language or languages.SOURCE_LANGUAGE)
    config.epub_basename = language.epub_name.removesuffix(".epub")
    config.epub_title = language.title
    config.epub_author = language.author
    config.epub_publisher = language.author
    config.epub_copyright = language.copyright
    config.epub_language = language.code
    # The package's identifier, which the NCX repeats by the id that names it: one
    # string that is both (an XML name).
    config.epub_identifier = config.epub_uid = f"embassy-docs-{config.epub_basename}"
    config.epub_exclude_files = [*NOT_IN_THE_BOOK]
    config.epub_show_urls = "no"
    config.epub_theme_options = {"relbar1": False, "footer": False}
    if not config.version:
        # EPUB 3 readers are told the book's version; it is the package's.
        try:
            config.version = version("embassy-docs")
        except PackageNotFoundError:
            config.version = "0"


def register(app: Sphinx) -> None:
    app.add_builder(BookEpubBuilder, override=True)
    app.add_post_transform(LinksReadersCanFollow)
    app.connect("config-inited", configure, priority=200)
