"""Translations the build can trust. A translator's catalogue is untrusted input.

* **Only what is meant to be there is read.** ``docs/conf.py`` names the translators'
  folder in ``embassy_catalogues`` and leaves Sphinx's ``locale_dirs`` empty, so Sphinx
  never reads it by itself. When a build starts, every page catalogue of the language is
  read as :mod:`embassy_docs.catalogues.reading` reads it (no link followed, a size limit, refused
  if GNU msgfmt reads it differently) and compiled into the build folder, which then
  becomes ``locale_dirs``; the same bytes by the same reader are not read twice
  (:mod:`embassy_docs.catalogues.remembered`). Anything else in the folder (compiled catalogues,
  locale-variant folders, scripts, links) is an error and is never read.
* **Before Sphinx's Locale transform**, each message it will look up is checked by the
  lint's rules, read from the very catalogue Locale merges: a msgstr with front matter,
  raw HTML, a directive or role the English lacks, or that drops a name, changes a
  number or a date, or drops a citation, a link or a footnote is refused with a warning
  naming the file and line, and the English stays.
* **After it**, each translated node is compared with the English node it replaced: the
  same elements with the same attributes (link destinations and titles, citation keys,
  names kept in their original language), and every original name in the text a reader
  is shown. A difference is an error naming the file and line, and the node goes back
  to the English text.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ConfigError
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from .. import languages
from ..catalogues import glossary, layout, reading, remembered, rules, safe_files
from ..project import pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

# Each compiled page catalogue as it was read, by domain: its file, lines and coverage;
# and for each of its msgids, the names the page mentions before it (lint.page_order).
# Filled when the build starts, before any document is read (parallel readers fork later).
SOURCES: dict[str, reading.Reading] = {}
EARLIER: dict[str, dict[str, frozenset[str]]] = {}

# Attributes Sphinx and docutils set from the text itself (ids and names of a translated
# title follow its words); every other attribute must be the English node's.
DERIVED_ATTRIBUTES = frozenset({"ids", "names", "dupnames", "backrefs", "translated"})
# Elements whose text is kept verbatim: names in their original language, inline code.
VERBATIM = frozenset({"foreign_name", "literal", "math"})
SHAPE = "embassy_shape"
MSGID = "embassy_msgid"
# The English children of each message node of the document being read, by node, kept
# from before Locale to after it (a document's transforms run one after another).
ENGLISH: dict[int, tuple[nodes.Element, list[nodes.Node]]] = {}


def catalogue_source(srcdir: str | Path, config: Config) -> Path | None:
    if not config.embassy_catalogues:
        return None
    return Path(os.path.normpath(Path(srcdir, config.embassy_catalogues)))


def compiled_root(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "embassy_docs" / "catalogues"


def _error(message: str, location: str, subtype: str = "catalogue") -> None:
    logger.error(message, location=location, type="embassy", subtype=subtype)


def compile_catalogues(app: Sphinx, config: Config) -> None:
    """Check the language's catalogues and compile them into the build folder; point
    Sphinx there and nowhere else."""
    own = [d for d in config.locale_dirs if Path(app.srcdir, d).exists()]
    if own:
        raise ConfigError(
            f"locale_dirs names {', '.join(map(str, own))}: Sphinx would read catalogues "
            "there before any check. Leave locale_dirs empty and name the translators' "
            "folder in embassy_catalogues; the embassy_docs extension compiles it."
        )
    config.locale_dirs = []
    config.gettext_auto_build = False
    SOURCES.clear()
    EARLIER.clear()
    source = catalogue_source(app.srcdir, config)
    if source is None or config.language == languages.SOURCE_LANGUAGE:
        return
    for stray in layout.strays(source, Path(app.srcdir)):
        _error(f"E001 {stray.reason}", f"{stray.path}:1")
    language = languages.get(config.language)
    target = compiled_root(app) / language.code / "LC_MESSAGES"
    readings = compiled_root(app) / language.code / "readings"
    kept = set()
    for page in pages(Path(app.srcdir)):
        po = layout.page_catalogue(source, language.code, page)
        if not (po.exists() or po.is_symlink()):
            continue
        catalogue, earlier = remembered.read(po, language.code, readings)
        for fault in catalogue.faults:
            _error(f"{fault.code} {fault.message}", f"{po}:{fault.line}")
        if not catalogue.ok:
            continue  # its page stays English: never a stale or partial translation
        domain = docname_to_domain(page, config.gettext_compact)
        safe_files.write(target / f"{domain}.mo", catalogue.mo)
        kept.add(f"{domain}.mo")
        SOURCES[domain] = catalogue
        EARLIER[domain] = earlier
    if target.is_dir():
        for stale in target.rglob("*.mo"):
            if stale.relative_to(target).as_posix() not in kept:
                stale.unlink()
    config.locale_dirs = [str(compiled_root(app))]


def loaded_catalogue(transform: SphinxTransform, domain: str) -> list[dict[str, str]]:
    """The message tables Sphinx's Locale transform merges for this page, the same
    objects it will read."""
    dirs = [transform.env.srcdir / d for d in transform.config.locale_dirs]
    catalogue, found = init_locale(dirs, transform.config.language, domain)
    tables: list[dict[str, str]] = []
    current: Any = catalogue if found else None
    while current is not None:
        table = getattr(current, "_catalog", None)
        if table is not None:
            tables.append(table)
        current = getattr(current, "_fallback", None)
    return tables


def shape(node: nodes.Node) -> tuple[tuple[Any, ...], ...]:
    """What a message's node is made of, text aside: each element with its attributes
    (and its text, where that is kept verbatim), in a canonical order."""
    found: Counter[tuple[Any, ...]] = Counter()
    for child in node.findall(nodes.Element, include_self=False):
        attributes = tuple(
            sorted(
                (key, repr(value))
                for key, value in child.attributes.items()
                if key not in DERIVED_ATTRIBUTES
            )
        )
        text = child.astext() if child.tagname in VERBATIM else None
        found[(child.tagname, attributes, text)] += 1
    return tuple(sorted((*key, count) for key, count in found.items()))


def shown_text(node: nodes.Element) -> str:
    """The text a reader is shown for a message node."""
    if isinstance(node, addnodes.toctree):
        return str(node.get("caption") or "")
    if isinstance(node, nodes.image):
        return str(node.get("alt", ""))
    if isinstance(node, nodes.meta):
        return str(node.get("content", ""))
    return str(node.astext())


class CheckTranslations(SphinxTransform):
    """Refuse unsafe translations before Sphinx's Locale transform (priority 20) parses them."""

    default_priority = 19

    def apply(self, **kwargs: Any) -> None:
        if self.config.language == languages.SOURCE_LANGUAGE or not SOURCES:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        if domain not in SOURCES:
            return
        catalogue = SOURCES[domain]
        self.env.note_dependency(str(catalogue.path))
        tables = loaded_catalogue(self, domain)
        originals = glossary.originals()
        earlier = EARLIER[domain]
        ENGLISH.clear()
        for node, msgid in extract_messages(self.document):
            node[SHAPE] = shape(node)
            node[MSGID] = msgid
            ENGLISH[id(node)] = (node, list(node.children))
            msgstr = str(next((t[msgid] for t in tables if msgid in t), ""))
            if not msgstr:
                continue
            context = rules.Context(
                self.config.language, originals, earlier.get(msgid, frozenset())
            )
            for finding in rules.refusals(msgid, msgstr, context):
                node["translatable"] = False
                logger.warning(
                    "%s %s; the translation is refused and the English shown",
                    finding.code,
                    finding.message,
                    location=f"{catalogue.path}:{catalogue.lines.get(msgid, 1)}",
                    type="embassy",
                    subtype="translation",
                )


class VerifyTranslations(SphinxTransform):
    """After Sphinx's Locale transform: what the reader gets is what the English has."""

    default_priority = 21

    def apply(self, **kwargs: Any) -> None:
        if self.config.language == languages.SOURCE_LANGUAGE:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        if domain not in SOURCES:
            return
        catalogue = SOURCES[domain]
        originals = glossary.originals()
        earlier = EARLIER[domain]
        for node in list(self.document.findall(nodes.Element)):
            if SHAPE not in node:
                continue
            english, msgid = node.attributes.pop(SHAPE), node.attributes.pop(MSGID)
            children = ENGLISH.get(id(node), (node, []))[1]
            if not node.get("translated"):
                continue
            problems = []
            if shape(node) != english:
                problems.append(
                    "its markup is not the English's (elements, link "
                    "destinations or titles, citations, names)"
                )
            shown = shown_text(node)
            context = rules.Context(
                self.config.language, originals, earlier.get(msgid, frozenset())
            )
            for term in originals.names_in(msgid):
                first = term.id not in context.earlier
                problems += [
                    f'the page would not show the name "{form}"'
                    for form in glossary.missing_forms(term, self.config.language, shown, first)
                ]
            if not isinstance(node, nodes.TextElement):
                # Sphinx translates captions, alt texts and meta content whatever their
                # flag says: the text rules run here for them.
                problems += [f.message for f in rules.refusals(msgid, shown, context)]
            if problems:
                _error(
                    f"E401 the translation is refused: {'; '.join(problems)}. Only the first "
                    "paragraph of a msgstr is used, and markup stays as in the msgid",
                    f"{catalogue.path}:{catalogue.lines.get(msgid, 1)}",
                    subtype="translation",
                )
                self.restore(node, msgid, children)
        ENGLISH.clear()

    @staticmethod
    def restore(node: nodes.Element, msgid: str, children: list[nodes.Node]) -> None:
        """The English node as it was read: nothing of the translation survives."""
        if isinstance(node, addnodes.toctree):
            node["caption"] = msgid
            node["rawcaption"] = msgid
        else:
            node.children = []
            node.extend(children)
        node["translated"] = False


def register(app: Sphinx) -> None:
    app.add_config_value("embassy_catalogues", "", "env", types=(str,))
    app.connect("config-inited", compile_catalogues, priority=600)
    app.add_transform(CheckTranslations)
    app.add_transform(VerifyTranslations)
