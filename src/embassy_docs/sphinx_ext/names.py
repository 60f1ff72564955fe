"""Original names in another language than the page, tagged with that language.

``{ja}`在ペルー日本大使公邸占拠事件``` becomes ``<span lang="ja">…</span>`` in HTML, so
that screen readers and browsers use the right voice, font and line breaking.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx
    from sphinx.util.typing import RoleFunction
    from sphinx.writers.html5 import HTML5Translator

# BCP 47 tags of the languages the source article's original names are written in.
NAME_LANGUAGES = ("es", "ja", "ja-Latn")


class foreign_name(nodes.inline):  # noqa: N801 (docutils names nodes in lower case)
    """A name kept in its original language; other builders treat it as ``inline``."""


def make_role(tag: str) -> RoleFunction:
    def role(
        name: str,
        rawtext: str,
        text: str,
        lineno: int,
        inliner: Inliner,
        options: dict[str, Any] | None = None,
        content: Sequence[str] = (),
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        node = foreign_name(rawtext, text, classes=["original-name"], lang=tag)
        return [node], []

    return role


def visit_foreign_name_html(self: HTML5Translator, node: foreign_name) -> None:
    self.body.append(self.starttag(node, "span", "", lang=node["lang"]))


def depart_foreign_name_html(self: HTML5Translator, node: foreign_name) -> None:
    self.body.append("</span>")


def register(app: Sphinx) -> None:
    app.add_node(foreign_name, html=(visit_foreign_name_html, depart_foreign_name_html))
    for tag in NAME_LANGUAGES:
        app.add_role(tag, make_role(tag))
