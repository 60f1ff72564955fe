"""Where a checkout keeps its sources, catalogues and build output, and what is built
there by default."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import languages

# Where the site is published is known only when --base-url (or EMBASSY_BASE_URL) says:
# without it, the site has no sitemap, canonical links or og:url rather than wrong ones.
DEFAULT_BASE_URL = ""


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

    @property
    def figures(self) -> Path:
        """The figures' drawings and data, shared by every edition's Sphinx run: each is
        named by what it was drawn from, whatever the language."""
        return self.work / "figures"


def _git(project: Project, *arguments: str) -> str:
    """What git prints about the checkout; nothing outside a checkout or without git."""
    try:
        result = subprocess.run(
            ["git", *arguments], cwd=project.root, capture_output=True, text=True, check=False
        )
    except OSError:
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def source_date_epoch(project: Project, code: str) -> str:
    """SOURCE_DATE_EPOCH for one edition: the environment's unless empty; else the time of
    the last commit that changed the edition's sources (its pages, bibliography, glossary
    and catalogues); else their newest file. Two builds of the same tree write the same
    bytes, and a change to one language's catalogue does not redate the others."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given:
        return given
    inputs = [project.docs, project.root / "refs.bib", project.glossary]
    if code != languages.SOURCE_LANGUAGE:
        inputs.append(project.locales / code)
    paths = [str(p) for p in inputs]
    commit = _git(project, "log", "-1", "--format=%ct", "--", *paths)
    if commit.isdigit() and not _git(project, "status", "--porcelain", "--", *paths):
        return commit
    files = [p for path in inputs for p in ([path] if path.is_file() else _files(path))]
    return str(int(max((p.stat().st_mtime for p in files if p.exists()), default=0)))


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "_build" not in p.parts]
