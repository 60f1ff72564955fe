"""The book's Sphinx extension: language-tagged names, per-edition settings, bibliography style."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import (
    accessibility,
    bibstyle,
    colophon,
    editions,
    epub,
    figures,
    handoff,
    interface,
    names,
    names_index,
    parser,
    search,
    site,
    translations,
    typography,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx


@cache
def env_version() -> int:
    """Sphinx keeps the pages it read until this changes: a digest of the package's code
    and data, so that no page read by an older transform survives a change of it."""
    package = Path(__file__).parent.parent
    hasher = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".toml"} and "__pycache__" not in path.parts:
            hasher.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return int(hasher.hexdigest()[:12], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    parser.register(app)
    names.register(app)
    names_index.register(app)
    editions.register(app)
    epub.register(app)
    bibstyle.register(app)
    colophon.register(app)
    interface.register(app)
    translations.register(app)
    search.register(app)
    site.register(app)
    accessibility.register(app)
    typography.register(app)
    figures.register(app)
    handoff.register(app)
    return {
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": env_version(),
    }
