"""Building the six editions (HTML and PDF of each language) as one plan: check the
catalogues, run Sphinx (HTML, then LaTeX from the same read), make the PDF, publish each
edition, then the site's root; in parallel within the machine's cores, skipping every
step whose inputs did not change.

Each language's work lives in ``_build/work/<lang>/``. An edition reaches
``_build/site/<lang>/`` only when it succeeded, in one atomic step: the HTML edition as
soon as Sphinx wrote it (a reader need not wait for LaTeX), the PDF edition when it is
made. A run that failed or was killed leaves its language marked dirty, and the next run
starts that language afresh, so no stale search index or truncated doctree survives it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    catalogs,
    fingerprint,
    languages,
    lint,
    plan,
    publish,
    site_root,
    sphinx_pool,
    sphinx_run,
    tex,
)
from .languages import Language
from .project import DEFAULT_BASE_URL, FORMATS, Project

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


def _first_lines(log: Path, count: int = 8) -> str:
    lines = [line for line in log.read_text("utf-8", "replace").splitlines() if line.strip()]
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
        return self.values.get(step) == value

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
        self.job: sphinx_pool.SphinxJob | None = None

    @property
    def wants_html(self) -> bool:
        return "html" in self.edition.formats

    @property
    def wants_pdf(self) -> bool:
        return "pdf" in self.edition.formats

    def _step(self, name: str, outcome: str) -> str:
        self.steps[name] = outcome
        return outcome

    def check(self) -> str:
        """The catalogues, read as the build reads them, before Sphinx starts: anything
        under locales/ that does not belong there, and files the build would refuse."""
        self.started = time.monotonic()
        self.progress(self.code, "check catalogues")
        problems = [str(s) for s in catalogs.strays(self.project.locales, self.project.docs)]
        pos = catalogs.po_files(self.project, self.code) if not problems else []
        for po in pos:
            problems += [fault.located(po) for fault in lint.read_catalogue(po).faults]
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

    def _sphinx_key(self, builder: str) -> str:
        return fingerprint.digest(self.source_digest, builder)

    def _needs(self, builder: str) -> bool:
        return not (
            self.stamps.matches(builder, self._sphinx_key(builder))
            and (self.work / builder).is_dir()
        )

    def html(self) -> str:
        """Sphinx, in a process forked from the warm server: HTML, then LaTeX from the same
        read. This step ends with the HTML, so that it is published without waiting for
        LaTeX; the ``latex`` step waits for the rest."""
        wanted = [("html", self.wants_html), ("latex", self.wants_pdf)]
        builders = [builder for builder, wants in wanted if wants and self._needs(builder)]
        if not builders:
            return self._step("html", "skipped")
        self.stamps.dirty.touch()
        self.progress(self.code, f"sphinx {'+'.join(builders)}")
        started = time.monotonic()
        run = sphinx_run.Run(
            str(self.project.docs), self.code, str(self.work / "doctrees"),
            html=str(self.work / "html") if "html" in builders else None,
            latex=str(self.work / "latex") if "latex" in builders else None,
            base_url=self.base_url,
        )  # fmt: skip
        self.job = sphinx_pool.SphinxJob(run, self.job_log, self.env())
        if "html" not in builders:
            return self._step("html", "skipped")
        if self.job.wait_for("html") != 0:
            self.job.wait()
            raise BuildError(self.code, "sphinx", self._sphinx_problems(), self.job_log)
        self.stamps.record("html", self._sphinx_key("html"), time.monotonic() - started)
        if "latex" not in builders:
            self.job.wait()
        return self._step("html", "built")

    @property
    def job_log(self) -> Path:
        return self.work / "sphinx.log"

    def _sphinx_problems(self) -> str:
        return _first_lines(self.job_log) or "Sphinx stopped without a word: see its log"

    def latex(self) -> str:
        """The rest of the Sphinx run: LaTeX, when the run had it to do."""
        if self.job is None or "latex" not in self.job.builders:
            return self._step("latex", "skipped")
        started = time.monotonic()
        status = self.job.wait_for("latex")
        self.job.wait()
        if status != 0:
            raise BuildError(self.code, "sphinx", self._sphinx_problems(), self.job_log)
        self.stamps.record("latex", self._sphinx_key("latex"), time.monotonic() - started)
        return self._step("latex", "built")

    def env(self) -> dict[str, str]:
        return dict(os.environ) | {"SOURCE_DATE_EPOCH": self.epoch}

    def pdf(self) -> str:
        installed = tex.survey_for(self.all_languages)
        missing = installed.missing(self.language)
        if missing:
            raise BuildError(self.code, "pdf", missing.describe(self.language))
        setup = installed.fingerprint(self.language)
        latex_dir = self.work / "latex"
        key = fingerprint.digest(self.stamps.values.get("latex", ""), setup)
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
        log_text = run.log.read_text("utf-8", "replace") if run.log.exists() else ""
        problems = tex.log_problems(log_text)
        if run.status != 0 or problems:
            detail = "\n".join(problems[:8]) or _first_lines(transcript)
            for character in tex.missing_characters(log_text):
                places = catalogs.locate(self.project, self.code, character)
                detail += f"\n{character!r} (U+{ord(character):04X}), which no font of this "
                detail += "edition has, is at:\n  " + "\n  ".join(places or ["(not found)"])
                detail += "\n  Write another character there, or add a font that has it."
            raise BuildError(self.code, "pdf", detail, run.log if run.log.exists() else transcript)
        self.stamps.record("pdf", key, time.monotonic() - started)
        return self._step("pdf", "built")

    @property
    def target(self) -> Path:
        return self.project.site / self.code

    def _finished(self, last: str) -> None:
        """The language's last step went well: its work folder can be trusted again."""
        if last == self.last_step:
            self.stamps.dirty.unlink(missing_ok=True)

    @property
    def last_step(self) -> str:
        return "publish pdf" if self.wants_pdf else "publish html"

    def publish_html(self) -> str:
        """The HTML edition, whole, in one swap; the PDF published before stays."""
        publish.recover(self.target)
        key = self.stamps.values.get("html", "")
        if self.stamps.matches("publish html", key) and (self.target / "index.html").is_file():
            self._finished("publish html")
            return self._step("publish html", "skipped")
        self.progress(self.code, "publish html")
        stage = self.work / "stage"
        shutil.rmtree(stage, ignore_errors=True)
        shutil.copytree(self.work / "html", stage, ignore=shutil.ignore_patterns(".buildinfo*"))
        publish.carry_over(self.target / self.language.pdf_name, stage)
        publish.swap_in(stage, self.target)
        self.stamps.record("publish html", key)
        self._finished("publish html")
        return self._step("publish html", "built")

    def publish_pdf(self) -> str:
        """The PDF edition: one file, replaced in one rename."""
        key = self.stamps.values.get("pdf", "")
        target = self.target / self.language.pdf_name
        if self.stamps.matches("publish pdf", key) and target.is_file():
            self._finished("publish pdf")
            return self._step("publish pdf", "skipped")
        self.progress(self.code, "publish pdf")
        publish.replace_file(self.work / "latex" / f"{self.language.pdf_basename}.pdf", target)
        self.stamps.record("publish pdf", key)
        self._finished("publish pdf")
        return self._step("publish pdf", "built")

    def result(self) -> EditionResult:
        site = self.project.site / self.code
        pdf = site / self.language.pdf_name
        return EditionResult(
            self.code, site, pdf if pdf.exists() else None,
            time.monotonic() - self.started, dict(self.steps),
        )  # fmt: skip


# Seconds a step takes before it has run once here; afterwards its last time is used.
EXPECTED_SECONDS = {"html": 1.5, "latex": 0.5, "pdf": 3.0}


def _tasks(code: str, builder: EditionBuilder) -> list[plan.Task]:
    """One language's steps: check → html → latex → pdf → publish pdf, with the HTML
    published as soon as it is written, each task ranked by the time left on its chain."""
    chain: list[tuple[str, Callable[[], str]]] = [
        ("check", builder.check), ("html", builder.html),
    ]  # fmt: skip
    if builder.wants_pdf:
        chain += [("latex", builder.latex), ("pdf", builder.pdf)]
    seconds = [builder.stamps.seconds(step, EXPECTED_SECONDS.get(step, 0.05)) for step, _ in chain]
    tasks = []
    for index, (step, action) in enumerate(chain):
        after: tuple[str, ...] = (f"{chain[index - 1][0]}:{code}",) if index else ()
        tasks.append(plan.Task(f"{step}:{code}", action, after, sum(seconds[index:])))
    if builder.wants_html:
        after = (f"html:{code}",)
        tasks.append(plan.Task(f"publish html:{code}", builder.publish_html, after, light=True))
    if builder.wants_pdf:
        after = (f"pdf:{code}", *((f"publish html:{code}",) if builder.wants_html else ()))
        tasks.append(plan.Task(f"publish pdf:{code}", builder.publish_pdf, after, light=True))
    return tasks


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
    tasks = [task for code, builder in builders.items() for task in _tasks(code, builder)]
    outcome = plan.run(tasks, jobs or os.cpu_count() or 1)

    errors = [e for e in outcome.failed.values() if isinstance(e, BuildError)]
    unexpected = [e for e in outcome.failed.values() if not isinstance(e, BuildError)]
    if unexpected:
        raise unexpected[0]
    results = [
        builder.result()
        for code, builder in builders.items()
        if any(f"{step}:{code}" in outcome.done for step in ("publish html", "publish pdf"))
    ]
    changed = any(
        r.steps.get(step) == "built" for r in results for step in ("publish html", "publish pdf")
    )
    if results and (changed or not (project.site / "index.html").exists()):
        site_root.assemble(project.site, base_url)
    if errors:
        raise EditionsFailedError(errors, results)
    return results
