"""Where a checkout keeps its sources, catalogues and build output, and what is built
there by default."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Where `python -m http.server -d _build/site` serves the site; set --base-url (or
# EMBASSY_BASE_URL) to where it is published, for the sitemap and canonical links.
DEFAULT_BASE_URL = "http://localhost:8000/"


class ProjectNotFoundError(FileNotFoundError):
    pass


def pages(docs: Path) -> list[str]:
    """The book's pages (Sphinx's document names) under the source folder ``docs``."""
    found = (p.relative_to(docs) for p in docs.rglob("*.md"))
    return sorted(p.with_suffix("").as_posix() for p in found if "_build" not in p.parts)


@dataclass(frozen=True)
class Project:
    root: Path
    build_dir: Path | None = None

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The checkout that holds ``start`` (default: the current directory)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "docs" / "conf.py").is_file() and (folder / "locales").is_dir():
                return cls(folder)
        raise ProjectNotFoundError(
            f"no book found at or above {here}: run inside a checkout "
            "(a folder with docs/conf.py and locales/) or pass --root"
        )

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def glossary(self) -> Path:
        return self.locales / "glossary.tbx"

    @property
    def build(self) -> Path:
        return self.build_dir or self.root / "_build"

    @property
    def site(self) -> Path:
        return self.build / "site"

    @property
    def work(self) -> Path:
        """Scratch space: editions are built here and published only when complete."""
        return self.build / "work"
