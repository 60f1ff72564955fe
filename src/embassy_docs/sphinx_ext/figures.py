"""The figures of the book, drawn when a page is written, from its translated text.

``locator-map`` takes a caption and a list of four labels (Peru, Lima, San Isidro, the
Pacific Ocean, in that order); ``timeline-figure`` a caption, the dates at which the rows
of the page's timeline table stand (``:dates:``, ISO, empty for a row the axis cannot
place) and the siege's span (``:span:``), with its label as a one-item list. Captions and
labels are messages of the page's catalogue like any other, so translators translate
them, and lint, the names and facts rules and the guard check them; the timeline's
labels are the table's own dates, translated once.
"""

from __future__ import annotations

from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import languages
from ..catalogues import safe_files
from ..figures import draw, geodata, render
from .names import foreign_name

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

logger = logging.getLogger(__name__)

MAP_LABELS = ("peru", "lima", "san-isidro", "pacific-ocean")


class drawing(nodes.General, nodes.Element):  # noqa: N801 (docutils' own style)
    """Where a figure's drawing goes; its labels are its children until it is drawn."""


def _parsed_figure(directive: SphinxDirective, kind: str) -> list[nodes.Node]:
    holder = nodes.Element()
    directive.state.nested_parse(directive.content, directive.content_offset, holder)
    paragraphs = [n for n in holder.children if isinstance(n, nodes.paragraph)]
    lists = [n for n in holder.children if isinstance(n, nodes.bullet_list)]
    if not paragraphs or not lists:
        raise directive.error(f"{kind}: a caption paragraph and a list of labels are needed")
    caption = nodes.caption(paragraphs[0].rawsource, "", *paragraphs[0].children)
    caption.source, caption.line = paragraphs[0].source, paragraphs[0].line
    picture = drawing(kind=kind, **directive.options)
    picture += lists[0]
    figure = nodes.figure("", picture, caption, classes=["embassy-figure", kind])
    directive.set_source_info(figure)
    directive.add_name(figure)
    return [figure]


class LocatorMapDirective(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"name": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        return _parsed_figure(self, "locator-map")


class TimelineFigureDirective(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "name": directives.unchanged,
        "dates": directives.unchanged_required,
        "span": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        return _parsed_figure(self, "timeline-figure")


def runs(node: nodes.Node) -> tuple[draw.Run, ...]:
    """A label's text, with the language of each original name the text tags."""
    found: list[draw.Run] = []
    for text in node.findall(nodes.Text):
        tagged = next((a for a in _ancestors(text) if isinstance(a, foreign_name)), None)
        found.append(draw.Run(str(text), str(tagged["lang"]) if tagged is not None else ""))
    return tuple(found)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _dates(value: str) -> list[date | None]:
    return [date.fromisoformat(v.strip()) if v.strip() else None for v in value.split(",")]


class DrawFigures:
    """The figures of one page, once its text is translated and resolved."""

    def __init__(self, app: Sphinx, document: nodes.document) -> None:
        self.app, self.config, self.document = app, app.config, document
        # The build gives every edition's run one folder: what is drawn there is named
        # by what it was drawn from, whatever the language.
        shared = self.config.embassy_figures_cache
        self.cache = Path(shared) if shared else Path(app.doctreedir) / "embassy_docs" / "figures"

    def run(self) -> None:
        missing_tools = (geodata.MissingDatasetError, render.MissingConverterError)
        for picture in list(self.document.findall(drawing)):
            try:
                self._draw(picture)
            except (*missing_tools, ValueError, RuntimeError) as problem:
                # A translator's preview needs no system packages; a build does.
                optional = (
                    isinstance(problem, missing_tools) and self.config.embassy_figures_optional
                )
                say = logger.info if optional else logger.warning
                say("%s", problem, location=picture.parent, type="embassy", subtype="figures")
                picture["svg"] = picture["pdf"] = ""
            for child in list(picture.children):
                picture.remove(child)

    def _families(self) -> list[str]:
        language = languages.get(self.config.language or languages.SOURCE_LANGUAGE)
        return [f for f in language.latex.fonts if "Sans" in f and "Mono" not in f]

    def _labels(self, picture: drawing) -> list[tuple[draw.Run, ...]]:
        items = picture.next_node(nodes.bullet_list)
        return [runs(item) for item in items.children] if items is not None else []

    def _drawn(self, picture: drawing) -> tuple[str, str]:
        """The figure's SVG and the digest of what it was drawn from: drawn afresh only
        when one of those changed."""
        families = self._families()
        labels = self._labels(picture)
        # matplotlib's version, without importing it for a figure already drawn.
        inputs = [render.code(), picture["kind"], repr(labels), repr(families)]
        inputs.append(version("matplotlib"))
        if picture["kind"] == "locator-map":
            if len(labels) != len(MAP_LABELS):
                raise ValueError(
                    f"locator-map: {len(MAP_LABELS)} labels are needed, in this order: "
                    + ", ".join(MAP_LABELS)
                )
            inputs.append(geodata.versions())

            def make() -> str:
                named = dict(zip(MAP_LABELS, labels, strict=True))
                return draw.locator_map(geodata.outlines(self.cache), named, families)
        else:
            events, span = self._timeline(picture, labels)
            inputs += [repr(events), repr(span)]

            def make() -> str:
                return draw.timeline(events, span, families)

        key = render.digest(*inputs)
        stored = self.cache / f"{picture['kind']}-{key}.svg"
        if stored.is_file():
            return stored.read_text("utf-8"), key
        svg = make()
        safe_files.write(stored, svg.encode("utf-8"))
        return svg, key

    def _draw(self, picture: drawing) -> None:
        svg, key = self._drawn(picture)
        figure = picture.parent
        caption = figure.next_node(nodes.caption)
        if self.app.builder.format == "html":
            # Named by its title, the caption's text: the caption's own id is written
            # twice by Sphinx's HTML writer, so nothing can point to it.
            if not figure["ids"]:
                self.document.set_id(figure)
            title = caption.astext() if caption is not None else ""
            language = self.config.language or languages.SOURCE_LANGUAGE
            picture["svg"] = render.for_the_page(
                svg, title, figure["ids"][0], language, themed=self.app.builder.name != "epub"
            )
        else:
            name = f"{picture['kind']}-{key}.pdf"
            cached = self.cache / name
            if not cached.is_file():
                render.pdf(svg, cached)
            safe_files.write(Path(self.app.outdir) / name, cached.read_bytes())
            picture["pdf"] = name

    def _timeline(
        self, picture: drawing, labels: list[tuple[draw.Run, ...]]
    ) -> tuple[list[draw.Event], tuple[date, date, tuple[draw.Run, ...]]]:
        table = next(
            (t for t in self.document.findall(nodes.table) if "timeline" in t["classes"]), None
        )
        if table is None or not labels:
            raise ValueError("timeline-figure: the page has no table of class timeline")
        rows = list(table.findall(nodes.row))
        body = [r for r in rows if not isinstance(r.parent, nodes.thead)]
        when = _dates(picture["dates"])
        events = [
            draw.Event(runs(row[0]), at)
            for row, at in zip(body, when, strict=False)
            if at is not None
        ]
        start, end = (d for d in _dates(picture["span"]) if d is not None)
        return events, (start, end, labels[0])


def draw_figures(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format in ("html", "latex"):
        DrawFigures(app, doctree).run()


def visit_drawing_html(self: HTML5Translator, node: drawing) -> None:
    self.body.append(node.get("svg", ""))
    raise nodes.SkipNode


def visit_drawing_latex(self: LaTeXTranslator, node: drawing) -> None:
    if node.get("pdf"):
        self.body.append(f"\\sphinxincludegraphics[width=\\linewidth]{{{node['pdf']}}}\n")
    raise nodes.SkipNode


def visit_drawing_other(self: Any, node: drawing) -> None:
    raise nodes.SkipNode


def register(app: Sphinx) -> None:
    app.add_node(
        drawing,
        html=(visit_drawing_html, None),
        latex=(visit_drawing_latex, None),
        text=(visit_drawing_other, None),
    )
    app.add_directive("locator-map", LocatorMapDirective)
    app.add_directive("timeline-figure", TimelineFigureDirective)
    app.add_config_value("embassy_figures_optional", False, "", types=(bool,))
    app.add_config_value("embassy_figures_cache", "", "", types=(str,))
    app.connect("doctree-resolved", draw_figures)
