"""What a message's MyST markup does, read with MyST's own Markdown parser: the roles and
their targets, links, footnotes, code, directives and raw HTML that a translation must
keep, or must not add."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

# Roles whose content is a list of targets, in any order ({cite}`a,b`).
KEY_LIST_ROLES = frozenset({"cite", "cite:p", "cite:t", "footcite", "footcite:p", "footcite:t"})
# Roles whose content is "text <target>" or a bare target: the target must stay.
TARGET_ROLES = frozenset({"doc", "ref", "numref", "term", "any", "download"})


@cache
def parser() -> MarkdownIt:
    # Colon fences too, so that a ":::{raw}" smuggled into a translation is seen even
    # though the book itself does not use them.
    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)


def role_signature(name: str, content: str) -> tuple[str, str]:
    if name in KEY_LIST_ROLES:
        return name, ",".join(sorted(key.strip() for key in content.split(",")))
    if name in TARGET_ROLES:
        target = content.rsplit("<", 1)[-1].rstrip(">") if content.endswith(">") else content
        return name, target.strip()
    # Name roles ({ja}`…`) and any other: the whole content is what must stay.
    return name, content


@dataclass
class Constructs:
    roles: Counter[tuple[str, str]] = field(default_factory=Counter)
    links: Counter[str] = field(default_factory=Counter)
    footnotes: Counter[str] = field(default_factory=Counter)
    code: Counter[str] = field(default_factory=Counter)
    directives: Counter[str] = field(default_factory=Counter)
    html: list[str] = field(default_factory=list)
    # Each link's title ("" where it has none), which the page shows on hover.
    link_titles: Counter[str] = field(default_factory=Counter)
    # Blocks at the top level: Sphinx uses only the first of a msgstr's.
    blocks: int = 0
    # The text a reader reads, without role contents, code or destinations.
    text: list[str] = field(default_factory=list)
    front_matter: bool = False

    @property
    def role_names(self) -> set[str]:
        return {name for name, _ in self.roles}


def _walk(tokens: list[Token], found: Constructs) -> None:
    for token in tokens:
        if token.level == 0 and token.nesting >= 0 and token.block:
            found.blocks += 1
        if token.type == "myst_role":
            found.roles[role_signature(token.meta["name"], token.content)] += 1
        elif token.type == "link_open":
            found.links[str(token.attrs.get("href", ""))] += 1
            found.link_titles[str(token.attrs.get("title", ""))] += 1
        elif token.type == "image":
            found.links[str(token.attrs.get("src", ""))] += 1
        elif token.type == "footnote_ref":
            found.footnotes[token.meta["label"]] += 1
        elif token.type == "code_inline":
            found.code[token.content] += 1
        elif token.type in {"fence", "colon_fence"}:
            info = token.info.strip()
            if info.startswith("{") and "}" in info:
                found.directives[info[1 : info.index("}")]] += 1
            else:
                found.code[token.content] += 1
        elif token.type == "front_matter":
            found.front_matter = True
        elif token.type in {"html_inline", "html_block"}:
            found.html.append(token.content.strip())
        elif token.type == "text":
            found.text.append(token.content)
        if token.children:
            _walk(token.children, found)


@lru_cache(maxsize=4096)
def constructs(text: str) -> Constructs:
    """What ``text`` does; shared between the rules that ask, which only read it."""
    found = Constructs()
    _walk(parser().parse(text), found)
    return found


BLOCKS = {
    "bullet_list_open": "a list",
    "ordered_list_open": "a numbered list",
    "heading_open": "a heading",
    "blockquote_open": "a quotation",
    "fence": "a code block",
    "code_block": "a code block",
    "table_open": "a table",
    "hr": "a rule",
    "html_block": "raw HTML",
    "myst_block_break": "a block break",
    "myst_target": "a target",
    "front_matter": "front matter",
}


@lru_cache(maxsize=4096)
def first_block(text: str) -> str:
    """What the text's first block is, as a parser reads it: "a paragraph" or another
    kind. Sphinx applies a translation only where it reads as a paragraph."""
    tokens = parser().parse(text)
    if not tokens:
        return "nothing"
    kind = tokens[0].type
    return "a paragraph" if kind == "paragraph_open" else BLOCKS.get(kind, kind)


def render(counter: Counter[tuple[str, str]]) -> str:
    return ", ".join(f"{{{name}}}`{target}`" for name, target in sorted(counter.elements()))
