"""HTML that assistive technology reads right, as axe-core checks it: a heading role has
its level, a bibliography is a list of list items (``doc-biblioentry`` is deprecated),
and the theme's two sidebars are landmarks with names of their own."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.writers.html5 import HTML5Translator

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_ = get_translation("sphinx")


class AccessibleHTMLTranslator(HTML5Translator):
    def starttag(
        self, node: nodes.Element, tagname: str, suffix: str = "\n", empty: bool = False,
        **attributes: Any,
    ) -> str:  # fmt: skip
        if attributes.get("ROLE") == "heading" and "aria-level" not in attributes:
            attributes["aria-level"] = "2"
        if attributes.get("role") == "doc-biblioentry":
            attributes["role"] = "listitem"
        tag: str = super().starttag(node, tagname, suffix, empty, **attributes)
        return tag


ASIDE = re.compile(rb'<aside class="(sidebar-drawer|toc-drawer)([^"]*)"(?![^>]*aria-label)')


def label_landmarks(app: Sphinx, exception: Exception | None) -> None:
    """Furo's two <aside> landmarks carry no name, and no template block reaches them."""
    if exception is not None or app.builder.format != "html":
        return
    labels = {b"sidebar-drawer": _("Navigation"), b"toc-drawer": _("On this page")}

    def labelled(match: re.Match[bytes]) -> bytes:
        label = html.escape(labels[match.group(1)], quote=True).encode()
        return match.group(0) + b' aria-label="' + label + b'"'

    for page in Path(app.outdir).rglob("*.html"):
        content = page.read_bytes()
        fixed = ASIDE.sub(labelled, content)
        if fixed != content:
            page.write_bytes(fixed)


def register(app: Sphinx) -> None:
    app.connect("build-finished", label_landmarks)
    for builder in ("html", "dirhtml", "singlehtml", "epub"):
        app.set_translator(builder, AccessibleHTMLTranslator, override=True)
