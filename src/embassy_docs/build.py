"""Building editions: Sphinx and LaTeX in subprocesses, published only when complete.

Sphinx keeps global state, so each run is its own ``python -m sphinx build`` process,
as sphinx-autobuild does. Each edition is built in ``_build/work/<lang>/`` and moved
into ``_build/site/<lang>/`` only when every part of it succeeded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import catalogs, languages, lint, site_root, tex
from .languages import Language
from .project import Project

FORMATS = ("html", "pdf")
# Where `python -m http.server -d _build/site` serves the site; set --base-url (or
# EMBASSY_BASE_URL) to where it is published, for the sitemap and canonical links.
DEFAULT_BASE_URL = "http://localhost:8000/"

Progress = Callable[[str, str], None]


class BuildError(RuntimeError):
    """A step of an edition failed; ``log`` is where the whole story is."""

    def __init__(self, language: str, step: str, message: str, log: Path | None = None):
        self.language = language
        self.step = step
        self.log = log
        super().__init__(message)


@dataclass(frozen=True)
class Edition:
    language: Language
    formats: tuple[str, ...]


@dataclass
class EditionResult:
    language: str
    site: Path
    pdf: Path | None
    seconds: float
    steps: list[str] = field(default_factory=list)


def plan(codes: Iterable[str] | None = None, formats: Iterable[str] | None = None) -> list[Edition]:
    """The editions to build; unknown language codes or formats raise ``ValueError``."""
    chosen = tuple(dict.fromkeys(codes or languages.codes()))
    wanted = tuple(f for f in FORMATS if f in set(formats or FORMATS))
    unknown_formats = set(formats or ()) - set(FORMATS)
    if unknown_formats:
        raise ValueError(
            f"unknown format {', '.join(sorted(unknown_formats))}: choose from {', '.join(FORMATS)}"
        )
    return [Edition(languages.get(code), wanted) for code in chosen]


def sphinx_command(
    project: Project,
    builder: str,
    code: str,
    outdir: Path,
    doctrees: Path,
    base_url: str | None = None,
) -> list[str]:
    settings = ["-D", f"language={code}"]
    if base_url and builder == "html":
        settings += ["-D", f"html_baseurl={base_url.rstrip('/')}/{code}/"]
    return [
        sys.executable, "-m", "sphinx", "build",
        "-b", builder, "-W", "--keep-going", "-q", *settings,
        "-d", str(doctrees),
        str(project.docs), str(outdir),
    ]  # fmt: skip


def _run(
    command: list[str], log: Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> int:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as stream:
        return subprocess.run(
            command, stdout=stream, stderr=subprocess.STDOUT, cwd=cwd, env=env, check=False
        ).returncode


def _first_lines(log: Path, count: int = 8) -> str:
    lines = [line for line in log.read_text("utf-8", "replace").splitlines() if line.strip()]
    return "\n".join(lines[:count])


class EditionBuilder:
    def __init__(
        self, project: Project, edition: Edition, progress: Progress, base_url: str | None = None
    ):
        self.project = project
        self.base_url = base_url
        self.edition = edition
        self.code = edition.language.code
        self.work = project.work / self.code
        self.progress = progress

    def sphinx(self, builder: str) -> Path:
        outdir = self.work / builder
        log = self.work / f"{builder}.log"
        self.progress(self.code, f"sphinx {builder}")
        command = sphinx_command(
            self.project,
            builder,
            self.code,
            outdir,
            self.work / f"doctrees-{builder}",
            self.base_url,
        )
        if _run(command, log) != 0:
            raise BuildError(self.code, builder, _first_lines(log), log)
        return outdir

    def pdf(self) -> Path:
        language = self.edition.language
        missing = tex.missing(language)
        if missing:
            raise BuildError(self.code, "pdf", missing.describe(language))
        latex_dir = self.sphinx("latex")
        self.progress(self.code, "latexmk")
        stem = language.pdf_basename
        log = self.work / "latexmk.log"
        env = os.environ | {"LATEXOPTS": "-interaction=nonstopmode -halt-on-error -file-line-error"}
        status = _run(
            ["latexmk", "-pdf", "-dvi-", "-ps-", f"{stem}.tex"], log, cwd=latex_dir, env=env
        )
        tex_log = latex_dir / f"{stem}.log"
        problems = (
            tex.log_problems(tex_log.read_text("utf-8", "replace")) if tex_log.exists() else []
        )
        if status != 0 or problems:
            detail = "\n".join(problems[:8]) or _first_lines(log)
            raise BuildError(self.code, "pdf", detail, tex_log if tex_log.exists() else log)
        return latex_dir / f"{stem}.pdf"

    def validate(self) -> None:
        """Refuse to start on a broken catalogue: Babel would truncate it or drop a page."""
        problems = []
        for po in catalogs.po_files(self.project, self.code):
            problems += lint.structure_problems(po, po.read_bytes())[1]
        if problems:
            raise BuildError(
                self.code, "catalogues",
                "broken catalogue(s):\n" + "\n".join(map(str, problems))
                + "\nFix these lines (embassy-docs lint lists every problem) and build again.",
            )  # fmt: skip

    def run(self) -> EditionResult:
        started = time.monotonic()
        formats = self.edition.formats
        self.progress(self.code, "check catalogues")
        self.validate()
        html = self.sphinx("html") if "html" in formats else None
        pdf = self.pdf() if "pdf" in formats else None
        self.progress(self.code, "publish")
        site = publish(self.project, self.edition.language, html, pdf)
        published_pdf = site / self.edition.language.pdf_name
        return EditionResult(
            self.code, site, published_pdf if published_pdf.exists() else None,
            time.monotonic() - started, list(formats),
        )  # fmt: skip


def publish(project: Project, language: Language, html: Path | None, pdf: Path | None) -> Path:
    """Swap a complete edition into the site; what is not rebuilt is kept from before."""
    target = project.site / language.code
    stage = project.work / language.code / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    if html is not None:
        shutil.copytree(html, stage, ignore=shutil.ignore_patterns(".buildinfo*", ".doctrees"))
    elif target.exists():
        shutil.copytree(target, stage)
    else:
        stage.mkdir(parents=True)
    if pdf is not None:
        shutil.copy2(pdf, stage / language.pdf_name)
    elif html is not None and (target / language.pdf_name).exists():
        shutil.copy2(target / language.pdf_name, stage / language.pdf_name)
    project.site.mkdir(parents=True, exist_ok=True)
    old = project.site / f".{language.code}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    stage.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def build(
    project: Project,
    editions: list[Edition],
    progress: Progress = lambda code, step: None,
    jobs: int | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> list[EditionResult]:
    """Build the editions side by side, then the site's root; raise ``EditionsFailedError``
    after all have ended if any failed (what succeeded is published all the same)."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(editions)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(EditionBuilder(project, e, progress, base_url).run) for e in editions
        ]
    results, errors = [], []
    for future in futures:
        try:
            results.append(future.result())
        except BuildError as error:
            errors.append(error)
    if results:
        site_root.assemble(project.site, base_url)
    if errors:
        raise EditionsFailedError(errors, results)
    return results


class EditionsFailedError(RuntimeError):
    def __init__(self, errors: list[BuildError], results: list[EditionResult]):
        self.errors = errors
        self.results = results
        super().__init__(f"{len(errors)} edition(s) failed")
