"""The translation catalogues: templates from the English sources, one ``.po`` per page
and language in the sphinx-intl layout (``locales/<lang>/LC_MESSAGES/<page>.po``)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sphinx_intl import basic as sphinx_intl

from . import languages
from .project import Project


class TemplateError(RuntimeError):
    pass


def po_files(project: Project, code: str) -> list[Path]:
    return sorted((project.locales / code / "LC_MESSAGES").glob("**/*.po"))


def make_templates(project: Project) -> Path:
    """Extract the ``.pot`` templates from the English sources with Sphinx's gettext builder."""
    outdir = project.build / "gettext"
    log = project.build / "gettext.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "sphinx", "build", "-b", "gettext", "-W", "-q",
        "-d", str(project.build / "doctrees-gettext"),
        str(project.docs), str(outdir),
    ]  # fmt: skip
    with log.open("w", encoding="utf-8") as stream:
        status = subprocess.run(command, stdout=stream, stderr=subprocess.STDOUT, check=False)
    if status.returncode != 0:
        raise TemplateError(f"extracting messages failed; see {log}:\n{log.read_text('utf-8')}")
    return outdir


@dataclass(frozen=True)
class UpdateSummary:
    templates: Path
    status: dict[str, int]


def update(project: Project, codes: tuple[str, ...] | None = None) -> UpdateSummary:
    """Regenerate the templates and merge them into every language's catalogues."""
    targets = tuple(c for c in (codes or languages.codes()) if c != languages.SOURCE_LANGUAGE)
    templates = make_templates(project)
    status = sphinx_intl.update(str(project.locales), str(templates), targets, jobs=1)
    return UpdateSummary(templates, status)
