"""The index of names: every person, place and organisation of the glossary, with the
pages where the reader meets it (links on the site, page numbers in the PDF), sorted as
the edition's language sorts: Latin letters without regard to accents (ñ after n), and
Japanese by reading, in gojūon order. Each entry shows the original name, and beside it
the edition's own rendering where it has one.

A name is found in the text the reader is shown, after translation: its original forms
are there (the names check sees to it). The first place on each page gets a target.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .. import languages
from ..catalogues import glossary
from ..catalogues.glossary import Glossary, Term
from .translations import catalogue_source

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

KINDS = ("person", "place", "organization")
# Where the text names someone: paragraphs (table cells hold paragraphs too) and terms.
# Not headings: a target there would be a label inside a chapter's title, and the book's
# own title has none in the PDF.
TEXT_ELEMENTS = (nodes.paragraph, nodes.term)


class names_index(nodes.General, nodes.Element):  # noqa: N801 (docutils' own style)
    """Where the index goes; filled once every page has been read."""


class NamesIndexDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.metadata[self.env.docname]["embassy_names_index"] = True
        return [names_index()]


def terms_of(app: Sphinx) -> Glossary:
    """The originals with the translators' renderings, or the originals alone when the
    glossary is missing or refused (its problems are reported by lint and the guard)."""
    source = catalogue_source(app.srcdir, app.config)
    path = source / "glossary.tbx" if source else None
    if path is not None and path.is_file():
        try:
            return glossary.load(path)
        except glossary.GlossaryError:
            pass
    return glossary.originals()


def indexed(terms: Glossary) -> list[Term]:
    """The names of people, places and organisations, leaving out a name that is only a
    part of another (Cruz of Eduardo "Tito" Cruz)."""
    kept = [t for t in terms.terms if t.kind in KINDS]
    return [t for t in kept if not any(o is not t and t.english in o.english for o in kept)]


def names_of(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    """For each page, the names it shows and the target of the first place of each."""
    if not hasattr(env, "embassy_names"):
        env.embassy_names = {}  # type: ignore[attr-defined]
    found: dict[str, dict[str, str]] = env.embassy_names  # type: ignore[attr-defined]
    return found


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """After the page is translated: the first place each name is shown, as a new target
    at the start of its paragraph."""
    env = app.env
    code = app.config.language or languages.SOURCE_LANGUAGE
    found: dict[str, str] = {}
    # One walk of the page, one text per element: every name is looked for in these.
    elements = [
        (element, glossary.normalize(element.astext()))
        for element in doctree.findall(lambda n: isinstance(n, TEXT_ELEMENTS))
    ]
    for term in indexed(terms_of(app)):
        for element, text in elements:
            if glossary.missing_forms(term, code, text, first=False):
                continue
            found[term.id] = f"name-{term.id}"
            element.insert(0, nodes.target("", "", ids=[found[term.id]]))
            break
    names_of(env)[env.docname] = found


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    names_of(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: Any) -> None:
    theirs = names_of(other)
    names_of(env).update({d: theirs[d] for d in docnames if d in theirs})


def label(term: Term, code: str) -> str:
    """The name as the index shows it: the original, after the edition's rendering."""
    local = (term.named.get(code) or term.local.get(code) or ("",))[0]
    if not local or local == term.english:
        return term.english
    return glossary.beside(local, term.english)


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def sort_key(term: Term, code: str) -> tuple[int, str]:
    """Japanese: kana names by reading in gojūon order, then Latin ones; others: by the
    letters without their accents, ñ after n."""
    shown = label(term, code)
    if code == "ja":
        reading = term.reading.get("ja") or _hiragana(shown)
        reading = "".join(c for c in reading if "\u3041" <= c <= "\u3096")
        if reading:
            return 0, reading
    folded = unicodedata.normalize("NFD", shown.casefold().replace("ñ", "n\U0010ffff"))
    return 1, "".join(c for c in folded if unicodedata.category(c) != "Mn")


def reading_order(env: BuildEnvironment) -> list[str]:
    """The pages in the book's order: the root, then its table of contents."""
    root = env.config.root_doc
    return [root, *env.toctree_includes.get(root, [])]


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(names_index))
    if not placeholders:
        return
    env = app.env
    code = app.config.language or languages.SOURCE_LANGUAGE
    names = names_of(env)
    # Not the index itself; docname is the whole book's root when LaTeX assembles it.
    pages = [
        d
        for d in reading_order(env)
        if d in names and not env.metadata[d].get("embassy_names_index")
    ]
    entries = nodes.bullet_list(classes=["embassy-names-index"])
    for term in sorted(indexed(terms_of(app)), key=lambda t: sort_key(t, code)):
        where = [(page, names[page][term.id]) for page in pages if term.id in names[page]]
        if not where:
            continue
        paragraph = nodes.paragraph()
        paragraph += nodes.strong(label(term, code), label(term, code))
        paragraph += nodes.Text("\u2003")
        for number, (page, target) in enumerate(where):
            if number:
                paragraph += nodes.Text(", ")
            if app.builder.format == "latex":
                paragraph += nodes.raw(
                    "", rf"\pageref{{\detokenize{{{page}:{target}}}}}", format="latex"
                )
            else:
                uri = app.builder.get_relative_uri(docname, page) + "#" + target
                title = env.titles[page].astext()
                paragraph += nodes.reference(title, title, internal=True, refuri=uri)
        entries += nodes.list_item("", paragraph)
    for placeholder in placeholders:
        placeholder.replace_self(entries.deepcopy())


def index_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The index shows every page's names: it is written again on every build."""
    return [d for d, meta in env.metadata.items() if meta.get("embassy_names_index")]


def register(app: Sphinx) -> None:
    app.add_node(names_index)
    app.add_directive("names-index", NamesIndexDirective)
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-updated", index_pages)
    app.connect("doctree-resolved", fill)
