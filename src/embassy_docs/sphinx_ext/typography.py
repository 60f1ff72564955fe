"""Line breaking as a typesetter would have it, on the web and on paper: a number is not
parted from its counter or from the rest of its date (1997年4|月22日, 14|人), a citation
does not start a line on its own, and in the PDF a person's name stays on one line
(its words are never hyphenated either: see ``latex.names_unbroken``). No line starts
with ー or a small kana on the site (``line-break: strict`` for ``:lang(ja)``), nor with
ー in the PDF (``latex.LONG_VOWEL_KINSOKU``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..catalogues import glossary

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# A number and its counter, a whole date (1996年12月17日), a duration (126日間), an
# angle of a coordinate (12度05分29秒).
NUMBER_AND_COUNTER = re.compile(r"\d+(?:[年月度分]\d+)*[年月日人歳件つ度分秒](?:間)?")
NBSP = "\u00a0"
WORD_JOINER = "\u2060"
KEEP_TOGETHER = "nowrap"


def _in_japanese(node: nodes.Node, language: str) -> bool:
    """Whether the text is Japanese: the nearest language tag says, else the edition."""
    current: nodes.Node | None = node
    while current is not None:
        lang = current.get("lang") if isinstance(current, nodes.Element) else None
        if lang:
            return str(lang).startswith("ja") and not str(lang).startswith("ja-Latn")
        current = current.parent
    return language == "ja"


class JapaneseLineBreaks(SphinxPostTransform):
    """Runs after the citations are resolved (sphinxcontrib-bibtex's post-transforms)."""

    default_priority = 900
    formats = ("html", "latex")

    def run(self, **kwargs: Any) -> None:
        language = str(self.config.language or "")
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or isinstance(parent, (nodes.literal, nodes.FixedTextElement)):
                continue
            if not _in_japanese(parent, language) or not NUMBER_AND_COUNTER.search(text):
                continue
            parent.replace(text, self._kept_together(str(text)))
        for citation in list(self.document.findall(nodes.inline)):
            if "bibtex-citation" in citation["classes"]:
                self._join_to_previous(citation)

    @staticmethod
    def _kept_together(text: str) -> list[nodes.Node]:
        pieces: list[nodes.Node] = []
        position = 0
        for match in NUMBER_AND_COUNTER.finditer(text):
            if match.start() > position:
                pieces.append(nodes.Text(text[position : match.start()]))
            pieces.append(nodes.inline(match.group(0), match.group(0), classes=[KEEP_TOGETHER]))
            position = match.end()
        if position < len(text):
            pieces.append(nodes.Text(text[position:]))
        return pieces

    def _join_to_previous(self, citation: nodes.inline) -> None:
        parent = citation.parent
        index = parent.index(citation)
        previous = parent[index - 1] if index else None
        if not isinstance(previous, nodes.Text) or not str(previous):
            return
        text = str(previous)
        if text[-1] == " ":
            joined = text[:-1] + NBSP
        elif self.app.builder.format == "html":
            # No space before it (Japanese): a word joiner keeps [2] on the line.
            joined = text + WORD_JOINER
        else:
            return
        parent.replace(previous, nodes.Text(joined))


class NamesOnOneLine(SphinxPostTransform):
    """In the PDF, the spaces inside a person's name do not break (Alberto Fujimori)."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        people = [t.english for t in glossary.originals().terms if t.kind == "person"]
        pattern = re.compile("|".join(re.escape(n) for n in sorted(people, key=len, reverse=True)))
        for text in list(self.document.findall(nodes.Text)):
            value = str(text)
            joined = pattern.sub(lambda m: m.group(0).replace(" ", NBSP), value)
            if joined != value and text.parent is not None:
                text.parent.replace(text, nodes.Text(joined))


def register(app: Sphinx) -> None:
    app.add_post_transform(JapaneseLineBreaks)
    app.add_post_transform(NamesOnOneLine)
