"""Translations the build can trust.

* Catalogues are checked for structural faults and compiled to fresh ``.mo`` files when a
  build starts; a broken ``.po`` stops the build with its file and line, and a stale or
  empty ``.mo`` is never read.
* Before Sphinx's ``Locale`` transform applies a msgstr, the same checks as
  ``embassy-docs lint`` look at it: a translation that adds raw HTML, a directive or a
  role, or that drops a name, a citation or a link, is refused with a warning naming
  the catalogue file and line, and the English text stays. Nothing of it is parsed, so
  no file is read and no raw output is written.
* After translation, any raw, file-backed or image node that the English did not have is
  removed, so that no construct the text checks miss reaches the HTML or the PDF.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from .. import catalogs, glossary, languages, lint, structure

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def catalogue_dirs(srcdir: str | Path, config: Config) -> list[Path]:
    """The language's folders under ``locale_dirs`` (relative to the source folder)."""
    dirs = [Path(srcdir, d, config.language, "LC_MESSAGES").resolve() for d in config.locale_dirs]
    return [d for d in dirs if d.is_dir()]


def refresh_catalogues(app: Sphinx) -> None:
    """Check every catalogue of the language and compile it. A broken one is reported as an
    error with its file and line, and its compiled ``.mo`` is removed: its pages are then
    English, never a stale or truncated translation."""
    if app.config.language == languages.SOURCE_LANGUAGE:
        return
    for folder in catalogue_dirs(app.srcdir, app.config):
        for po in sorted(folder.glob("**/*.po")):
            data = po.read_bytes()
            mo = po.with_suffix(".mo")
            _, faults = structure.faults(data)
            for fault in faults:
                logger.error(
                    "%s %s", fault.code, fault.message,
                    location=f"{po}:{fault.line}", type="embassy", subtype="catalogue",
                )  # fmt: skip
            if faults:
                mo.unlink(missing_ok=True)
            else:
                catalogs.compile_to(data, mo)


@cache
def _entries(path: Path, mtime: float) -> dict[str, polib.POEntry]:
    """The catalogue's live entries by msgid."""
    return {e.msgid: e for e in polib.pofile(str(path)) if not e.obsolete}


@cache
def _glossary(path: Path, mtime: float) -> glossary.Glossary:
    return glossary.load(path)


def foreign_kind(node: nodes.Node, source: str) -> str | None:
    """Whether ``node`` brings outside content or raw output into a page, and how."""
    if isinstance(node, nodes.raw):
        return "raw output"
    if isinstance(node, nodes.image):
        return "image"
    if isinstance(node, addnodes.download_reference):
        return "file download"
    if isinstance(node, nodes.literal_block) and node.get("source"):
        return "included file"
    # Sphinx parses a msgstr as "<document>:<line>:<translated>"; any other source is a file
    # that a directive read in.
    if isinstance(node, nodes.Element) and node.source and not node.source.startswith(source):
        return "included file"
    return None


def foreign_kinds(node: nodes.Node, source: str) -> Counter[str]:
    kinds = (foreign_kind(child, source) for child in node.findall())
    return Counter(kind for kind in kinds if kind)


class CheckTranslations(SphinxTransform):
    """Refuse unsafe translations before Sphinx's Locale transform (priority 20) parses them."""

    default_priority = 19

    def catalogue(self) -> tuple[Path, dict[str, polib.POEntry]] | None:
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        for folder in catalogue_dirs(self.env.srcdir, self.config):
            po = folder / f"{domain}.po"
            if po.exists():
                self.env.note_dependency(str(po))
                return po, _entries(po, po.stat().st_mtime)
        return None

    def context(self) -> lint.Context:
        names = None
        if self.config.embassy_glossary:
            path = Path(self.env.srcdir, self.config.embassy_glossary)
            self.env.note_dependency(str(path))
            names = _glossary(path, path.stat().st_mtime)
        return lint.Context(self.config.language, names)

    def apply(self, **kwargs: Any) -> None:
        if self.config.language == languages.SOURCE_LANGUAGE:
            return
        found = self.catalogue()
        if found is None:
            return
        po, entries = found
        context = self.context()
        source = self.document["source"]
        for node, msgid in extract_messages(self.document):
            node["embassy_foreign"] = dict(foreign_kinds(node, source))
            entry = entries.get(msgid)
            if entry is None or not entry.msgstr or entry.fuzzy:
                continue
            for finding in lint.refusals(msgid, entry.msgstr, context):
                node["translatable"] = False
                logger.warning(
                    "%s %s; the translation is refused and the English shown",
                    finding.code, finding.message,
                    location=f"{po}:{entry.linenum}", type="embassy", subtype="translation",
                )  # fmt: skip


class RemoveForeignContent(SphinxTransform):
    """After translation: nothing raw or file-backed that the English did not have."""

    default_priority = 21

    def apply(self, **kwargs: Any) -> None:
        if self.config.language == languages.SOURCE_LANGUAGE:
            return
        source = self.document["source"]
        for node in list(self.document.findall(nodes.Element)):
            if not node.get("translated") or "embassy_foreign" not in node:
                continue
            excess = foreign_kinds(node, source) - Counter(node["embassy_foreign"])
            if not excess:
                continue
            for child in list(node.findall(include_self=False)):
                if foreign_kind(child, source) in excess and child.parent is not None:
                    child.parent.remove(child)
            logger.warning(
                "translated text brought in %s that the English does not have; removed",
                ", ".join(sorted(excess)),
                location=node, type="embassy", subtype="translation",
            )  # fmt: skip


def take_over_compiling(app: Sphinx, config: Config) -> None:
    # The extension compiles the catalogues itself, after checking them.
    config.gettext_auto_build = False


def register(app: Sphinx) -> None:
    app.add_config_value("embassy_glossary", "", "env", types=(str,))
    app.connect("config-inited", take_over_compiling)
    app.connect("builder-inited", refresh_catalogues)
    app.add_transform(CheckTranslations)
    app.add_transform(RemoveForeignContent)
