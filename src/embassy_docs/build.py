"""Building the editions as one plan: check the catalogues, run Sphinx (HTML and LaTeX
from one read), make the PDF, publish, then the site's root, in parallel within the
machine's cores, skipping every step whose inputs did not change.

Each language's work lives in ``_build/work/<lang>/`` and reaches ``_build/site/<lang>/``
only when all of it succeeded, in one atomic swap. A run that failed or was killed leaves
its language marked dirty, and the next run starts that language afresh, so no stale
search index or truncated doctree survives it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import catalogs, fingerprint, languages, plan, publish, site_root, structure, tex
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


class EditionsFailedError(RuntimeError):
    def __init__(self, errors: list[BuildError], results: list[EditionResult]):
        self.errors = errors
        self.results = results
        super().__init__(f"{len(errors)} edition(s) failed")


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
    steps: dict[str, str] = field(default_factory=dict)


def plan_editions(
    codes: Iterable[str] | None = None, formats: Iterable[str] | None = None
) -> list[Edition]:
    """The editions to build; unknown language codes or formats raise ``ValueError``."""
    chosen = tuple(dict.fromkeys(codes or languages.codes()))
    wanted = tuple(f for f in FORMATS if f in set(formats or FORMATS))
    unknown_formats = set(formats or ()) - set(FORMATS)
    if unknown_formats:
        raise ValueError(
            f"unknown format {', '.join(sorted(unknown_formats))}: choose from {', '.join(FORMATS)}"
        )
    return [Edition(languages.get(code), wanted) for code in chosen]


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
    files = [p for path in inputs for p in ([path] if path.is_file() else fingerprint.tree(path))]
    return str(int(max((p.stat().st_mtime for p in files if p.exists()), default=0)))


def sphinx_command(
    project: Project,
    code: str,
    doctrees: Path,
    html: Path | None = None,
    latex: Path | None = None,
    base_url: str | None = None,
) -> list[str]:
    """Sphinx for one edition in a process of its own (see ``sphinx_run``)."""
    command = [
        sys.executable, "-m", "embassy_docs.sphinx_run", str(project.docs),
        "--language", code, "--doctrees", str(doctrees),
    ]  # fmt: skip
    for option, value in (("--html", html), ("--latex", latex), ("--base-url", base_url)):
        if value:
            command += [option, str(value)]
    return command


def _first_lines(log: Path, count: int = 8) -> str:
    lines = [line for line in log.read_text("utf-8", "replace").splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("@@ ")]
    return "\n".join(lines[:count])


class Stamps:
    """What the last successful run of each step was made from, and whether a run of the
    language was interrupted (then everything is done afresh)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "stamps.json"
        self.dirty = folder / "dirty"
        try:
            self.values: dict[str, str] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.values = {}

    def matches(self, step: str, value: str) -> bool:
        return not self.dirty.exists() and self.values.get(step) == value

    def seconds(self, step: str, default: float) -> float:
        """How long the step took the last time it ran (for planning the next run)."""
        try:
            return float(self.values.get(f"{step}.seconds", default))
        except ValueError:
            return default

    def record(self, step: str, value: str, seconds: float | None = None) -> None:
        self.values[step] = value
        if seconds is not None:
            self.values[f"{step}.seconds"] = f"{seconds:.3f}"
        partial = self.path.with_suffix(".part")
        partial.write_text(json.dumps(self.values, indent=1), "utf-8")
        partial.replace(self.path)


class EditionBuilder:
    """The steps of one language's edition; each returns "built" or "skipped"."""

    def __init__(
        self,
        project: Project,
        edition: Edition,
        progress: Progress,
        base_url: str,
        epoch: str,
        all_languages: list[Language],
    ):
        self.project = project
        self.all_languages = all_languages
        self.edition = edition
        self.language = edition.language
        self.code = edition.language.code
        self.work = project.work / self.code
        self.progress = progress
        self.base_url = base_url
        self.epoch = epoch
        self.started = time.monotonic()
        self.steps: dict[str, str] = {}
        self.work.mkdir(parents=True, exist_ok=True)
        self.stamps = Stamps(self.work)
        if self.stamps.dirty.exists():
            # Interrupted or failed last time: no output of it is trusted.
            for name in ("html", "latex", "doctrees"):
                shutil.rmtree(self.work / name, ignore_errors=True)
            self.stamps.values.clear()
        self.source_digest = ""

    @property
    def wants_pdf(self) -> bool:
        return "pdf" in self.edition.formats

    def _step(self, name: str, outcome: str) -> str:
        self.steps[name] = outcome
        return outcome

    def check(self) -> str:
        """Structural check of the catalogues (Babel would truncate or drop a page)."""
        self.started = time.monotonic()
        self.progress(self.code, "check catalogues")
        pos = catalogs.po_files(self.project, self.code)
        problems = []
        for po in pos:
            problems += [fault.located(po) for fault in structure.faults(po.read_bytes())[1]]
        if problems:
            raise BuildError(
                self.code, "catalogues",
                "broken catalogue(s):\n" + "\n".join(problems)
                + "\nFix these lines (embassy-docs lint lists every problem) and build again.",
            )  # fmt: skip
        project = self.project
        self.source_digest = fingerprint.digest(
            fingerprint.files(fingerprint.tree(project.docs), project.docs),
            fingerprint.files(pos, project.locales),
            fingerprint.files([project.root / "refs.bib", project.glossary], project.root),
            fingerprint.package(),
            fingerprint.toolchain(),
            self.base_url,
            self.epoch,
        )
        return self._step("check", "done")

    def sphinx(self) -> str:
        builders = ["html"] + (["latex"] if self.wants_pdf else [])
        key = fingerprint.digest(self.source_digest, *builders)
        outputs = [self.work / b for b in builders]
        if self.stamps.matches("sphinx", key) and all(p.is_dir() for p in outputs):
            return self._step("sphinx", "skipped")
        self.stamps.dirty.touch()
        started = time.monotonic()
        self.progress(self.code, f"sphinx {'+'.join(builders)}")
        log = self.work / "sphinx.log"
        command = sphinx_command(
            self.project, self.code, self.work / "doctrees", html=self.work / "html",
            latex=self.work / "latex" if self.wants_pdf else None, base_url=self.base_url,
        )  # fmt: skip
        if _run(command, log, env=self.env()) != 0:
            raise BuildError(self.code, "sphinx", _first_lines(log), log)
        self.stamps.record("sphinx", key, time.monotonic() - started)
        return self._step("sphinx", "built")

    def env(self) -> dict[str, str]:
        return os.environ | {"SOURCE_DATE_EPOCH": self.epoch}

    def pdf(self) -> str:
        installed = tex.survey_for(self.all_languages)
        missing = installed.missing(self.language)
        if missing:
            raise BuildError(self.code, "pdf", missing.describe(self.language))
        setup = installed.fingerprint(self.language)
        latex_dir = self.work / "latex"
        key = fingerprint.digest(self.stamps.values.get("sphinx", ""), setup)
        pdf = latex_dir / f"{self.language.pdf_basename}.pdf"
        if self.stamps.matches("pdf", key) and pdf.is_file():
            return self._step("pdf", "skipped")
        self.stamps.dirty.touch()
        started = time.monotonic()
        self.progress(self.code, self.language.latex.engine)
        stem = self.language.pdf_basename
        transcript = self.work / "latex.log"
        run = tex.run_latex(
            latex_dir, stem, self.language.latex.engine, transcript,
            env=self.env() | {"FORCE_SOURCE_DATE": "1"},
        )  # fmt: skip
        problems = (
            tex.log_problems(run.log.read_text("utf-8", "replace")) if run.log.exists() else []
        )
        if run.status != 0 or problems:
            detail = "\n".join(problems[:8]) or _first_lines(transcript)
            raise BuildError(self.code, "pdf", detail, run.log if run.log.exists() else transcript)
        self.stamps.record("pdf", key, time.monotonic() - started)
        return self._step("pdf", "built")

    def publish(self) -> str:
        target = self.project.site / self.code
        publish.recover(target)
        key = fingerprint.digest(
            self.stamps.values.get("sphinx", ""),
            self.stamps.values.get("pdf", "") if self.wants_pdf else "no pdf",
        )
        if self.stamps.matches("publish", key) and (target / "index.html").is_file():
            self.stamps.dirty.unlink(missing_ok=True)
            return self._step("publish", "skipped")
        self.progress(self.code, "publish")
        stage = self.work / "stage"
        shutil.rmtree(stage, ignore_errors=True)
        shutil.copytree(self.work / "html", stage, ignore=shutil.ignore_patterns(".buildinfo*"))
        pdf_name = self.language.pdf_name
        if self.wants_pdf:
            shutil.copy2(
                self.work / "latex" / f"{self.language.pdf_basename}.pdf", stage / pdf_name
            )
        elif (target / pdf_name).is_file():
            # An HTML-only build keeps the PDF that was published before.
            shutil.copy2(target / pdf_name, stage / pdf_name)
        publish.swap_in(stage, target)
        self.stamps.record("publish", key)
        self.stamps.dirty.unlink(missing_ok=True)
        return self._step("publish", "built")

    def result(self) -> EditionResult:
        site = self.project.site / self.code
        pdf = site / self.language.pdf_name
        return EditionResult(
            self.code, site, pdf if pdf.exists() else None,
            time.monotonic() - self.started, dict(self.steps),
        )  # fmt: skip


def _run(
    command: list[str], log: Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> int:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as stream:
        return subprocess.run(
            command, stdout=stream, stderr=subprocess.STDOUT, cwd=cwd, env=env, check=False
        ).returncode


# Seconds a step takes before it has run once here; afterwards its last time is used.
EXPECTED_SECONDS = {"check": 0.05, "sphinx": 2.0, "pdf": 3.0, "publish": 0.1}


def build(
    project: Project,
    editions: list[Edition],
    progress: Progress = lambda code, step: None,
    jobs: int | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> list[EditionResult]:
    """Build the editions; raise ``EditionsFailedError`` after all ended if any failed
    (the editions that succeeded are published all the same)."""
    every = [e.language for e in editions]
    builders = {
        e.language.code: EditionBuilder(
            project, e, progress, base_url, source_date_epoch(project, e.language.code), every
        )
        for e in editions
    }
    tasks = []
    for code, builder in builders.items():
        steps: list[tuple[str, Callable[[], str]]] = [
            ("check", builder.check), ("sphinx", builder.sphinx),
        ]  # fmt: skip
        if builder.wants_pdf:
            steps.append(("pdf", builder.pdf))
        steps.append(("publish", builder.publish))
        seconds = [builder.stamps.seconds(step, EXPECTED_SECONDS[step]) for step, _ in steps]
        previous: tuple[str, ...] = ()
        for index, (step, action) in enumerate(steps):
            name = f"{step}:{code}"
            # The time left on this edition's chain: the longest chain starts first.
            tasks.append(plan.Task(name, action, previous, sum(seconds[index:])))
            previous = (name,)
    outcome = plan.run(tasks, jobs or os.cpu_count() or 1)

    errors = [e for e in outcome.failed.values() if isinstance(e, BuildError)]
    unexpected = [e for e in outcome.failed.values() if not isinstance(e, BuildError)]
    if unexpected:
        raise unexpected[0]
    results = [b.result() for code, b in builders.items() if f"publish:{code}" in outcome.done]
    changed = any(r.steps.get("publish") == "built" for r in results)
    if results and (changed or not (project.site / "index.html").exists()):
        site_root.assemble(project.site, base_url)
    if errors:
        raise EditionsFailedError(errors, results)
    return results
