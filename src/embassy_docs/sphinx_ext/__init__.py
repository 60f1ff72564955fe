"""The book's Sphinx extension: language-tagged names, per-edition settings, bibliography style."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import (
    accessibility,
    bibstyle,
    colophon,
    editions,
    interface,
    names,
    parser,
    search,
    site,
    translations,
    typography,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    parser.register(app)
    names.register(app)
    editions.register(app)
    bibstyle.register(app)
    colophon.register(app)
    interface.register(app)
    translations.register(app)
    search.register(app)
    site.register(app)
    accessibility.register(app)
    typography.register(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
