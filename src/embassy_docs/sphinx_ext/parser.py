"""The book's Markdown parser: MyST, except that a translated message is read with the
book's own settings and nothing of its own.

Sphinx parses each msgstr as a small document whose source ends in ``:<translated>``.
MyST would read front matter at its start as settings for that document: extensions,
URL schemes, substitutions rendered by Jinja. For a translated message this parser
takes the book's configuration as it is and reads no front matter, so a catalogue can
never configure the build; the guard refuses such a msgstr before it gets here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser

if TYPE_CHECKING:
    from docutils import nodes
    from markdown_it import MarkdownIt
    from myst_parser.config.main import MdParserConfig
    from sphinx.application import Sphinx

TRANSLATED = ":<translated>"


def is_translated_message(document: nodes.document) -> bool:
    return str(document.get("source", "")).endswith(TRANSLATED)


class BookParser(MystParser):
    # The parser of translated messages, for the configuration it was made with. MyST
    # makes a parser for each call, which costs more than reading a message (markdown-it's
    # rules, the renderer's table of methods); a render starts afresh all the same.
    _messages: tuple[MdParserConfig, MarkdownIt] | None = None

    def parse(self, inputstring: str, document: nodes.document) -> None:
        if not is_translated_message(document):
            super().parse(inputstring, document)
            return
        config = document.settings.env.myst_config
        if BookParser._messages is None or BookParser._messages[0] is not config:
            parser = create_md_parser(config, SphinxRenderer)
            parser.disable("front_matter")
            BookParser._messages = (config, parser)
        parser = BookParser._messages[1]
        parser.options["document"] = document
        parser.render(inputstring)


def register(app: Sphinx) -> None:
    # After myst_parser's own registration, in the same place.
    app.add_source_parser(BookParser, override=True)
