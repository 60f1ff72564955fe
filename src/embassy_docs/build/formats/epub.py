"""The EPUB edition: Sphinx's EPUB 3 builder (``sphinx_ext/epub.py``), from the same read
of the sources as the website and the PDF, published as one file beside the website."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..format import Format

if TYPE_CHECKING:
    from ...languages import Language


class EPUB(Format):
    name = "epub"
    label = "EPUB"
    media_type = "application/epub+zip"
    builder = "epub"
    seconds: ClassVar[dict[str, float]] = {"epub": 1.0}

    def file_name(self, language: Language) -> str:
        return language.epub_name


FORMAT = EPUB()
