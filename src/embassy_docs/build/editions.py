"""Building the editions (each language in each of its formats) as one plan: check the
catalogues, run Sphinx (every format's builder from the same read), each format's own
step, publish each edition, then the site's root; in parallel within the machine's
cores, skipping every step whose inputs did not change.

Each language's work lives in ``_build/work/<lang>/``. An edition reaches
``_build/site/<lang>/`` only when it succeeded, in one atomic step: the HTML edition as
soon as Sphinx wrote it (a reader need not wait for LaTeX), the PDF edition when it is
made. A run that failed or was killed leaves its language marked dirty, and the next run
starts that language afresh, so no stale search index or truncated doctree survives it.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .. import languages
from ..catalogues import layout, reading
from ..languages import Language
from ..project import DEFAULT_BASE_URL, Project, source_date_epoch
from . import fingerprint, formats, plan, site_root, sphinx_pool, sphinx_run
from .format import Format
from .stamps import Stamps

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
    # Each file format's published file that exists (the PDF), by format name.
    files: dict[str, Path]
    seconds: float
    steps: dict[str, str] = field(default_factory=dict)


def plan_editions(
    codes: Iterable[str] | None = None, names: Iterable[str] | None = None
) -> list[Edition]:
    """The editions to build: each language in the formats its registry entry lists,
    those asked for if any; unknown language codes or formats raise ``ValueError``."""
    chosen = tuple(dict.fromkeys(codes or languages.codes()))
    unknown = set(names or ()) - set(formats.NAMES)
    if unknown:
        raise ValueError(
            f"unknown format {', '.join(sorted(unknown))}: choose from {', '.join(formats.NAMES)}"
        )
    asked = set(names or formats.NAMES)
    editions = []
    for code in chosen:
        language = languages.get(code)
        editions.append(Edition(language, tuple(n for n in language.formats if n in asked)))
    return editions


def _first_lines(log: Path, count: int = 8) -> str:
    lines = [line for line in log.read_text("utf-8", "replace").splitlines() if line.strip()]
    return "\n".join(lines[:count])


class EditionWork:
    """One language's edition as it is built: its work folder, its stamps, and the steps
    that are the same for every format (check the catalogues, run Sphinx). What each
    format does is in its own module; this class only gives it a place to work."""

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
        self.language = edition.language
        self.code = edition.language.code
        self.formats: tuple[Format, ...] = tuple(map(formats.get, edition.formats))
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
            for name in {"doctrees", *(f.builder for f in formats.ALL)}:
                shutil.rmtree(self.work / name, ignore_errors=True)
            self.stamps.values.clear()
        self.source_digest = ""
        self.job: sphinx_pool.SphinxJob | None = None
        self.job_started = threading.Event()
        self.checked = threading.Event()
        # Every edition of the build, this one included.
        self.peers: list[EditionWork] = [self]

    def step(self, name: str, outcome: str) -> str:
        self.steps[name] = outcome
        return outcome

    def error(self, step: str, message: str, log: Path | None = None) -> BuildError:
        return BuildError(self.code, step, message, log)

    @staticmethod
    def first_lines(log: Path) -> str:
        return _first_lines(log)

    def check(self) -> str:
        """The catalogues, read as the build reads them, before Sphinx starts: anything
        under locales/ that does not belong there, and files the build would refuse."""
        try:
            return self._check()
        finally:
            self.checked.set()

    def _check(self) -> str:
        self.started = time.monotonic()
        self.progress(self.code, "check catalogues")
        problems = [str(s) for s in layout.strays(self.project.locales, self.project.docs)]
        pos = layout.po_files(self.project, self.code) if not problems else []
        # A catalogue read before, byte for byte, by the same reader, is not read again:
        # a larger book's unchanged catalogues cost a digest each, not a parse.
        package = fingerprint.package()
        reader = fingerprint.digest(package, fingerprint.toolchain())
        digests = {po: fingerprint.files([po], self.project.locales) for po in sorted(pos)}
        read: dict[str, str] = {}
        for po, digest in digests.items():
            key = f"read {po.relative_to(self.project.locales).as_posix()}"
            content = fingerprint.digest(reader, digest)
            if self.stamps.matches(key, content):
                continue
            faults = reading.read_file(po).faults
            problems += [fault.located(po) for fault in faults]
            if not faults:
                read[key] = content
        if read and not problems:
            self.stamps.record_all(read)
        if problems:
            raise BuildError(
                self.code, "catalogues",
                "broken catalogue(s):\n" + "\n".join(problems)
                + "\nFix these lines (embassy-docs lint lists every problem) and build again.",
            )  # fmt: skip
        project = self.project
        self.source_digest = fingerprint.digest(
            fingerprint.files(fingerprint.tree(project.docs), project.docs),
            # Each catalogue's name and bytes, read once above.
            fingerprint.digest(*digests.values()),
            fingerprint.files([project.root / "refs.bib", project.glossary], project.root),
            package,
            fingerprint.toolchain(),
            self.base_url,
            self.epoch,
        )
        return self.step("check", "done")

    def _sphinx_key(self, builder: str) -> str:
        return fingerprint.digest(self.source_digest, builder)

    def _needs(self, builder: str) -> bool:
        return not (
            self.stamps.matches(builder, self._sphinx_key(builder))
            and (self.work / builder).is_dir()
        )

    @property
    def builders(self) -> list[str]:
        """The Sphinx builders of the edition's formats, in the formats' order."""
        return list(dict.fromkeys(f.builder for f in self.formats))

    def sphinx(self, builder: str) -> str:
        """Wait for one builder of the edition's Sphinx run. The first builder's step
        starts the run, in processes forked from the warm server, with every builder
        whose output is out of date: all of them from one read of the sources
        (``sphinx_run``); the others' steps wait for it to start. Each builder's step
        ends as soon as its output is written and the read is known to be good, so that
        its format goes on without waiting for the others."""
        started = time.monotonic()
        if builder == self.builders[0]:
            try:
                self._start_sphinx()
            finally:
                self.job_started.set()
        else:
            self.job_started.wait()
        if self.job is None or builder not in self.job.builders:
            return self.step(builder, "skipped")
        status = self.job.wait_for(builder)
        # The first builder read the sources: its failure (a warning while reading, say)
        # is every builder's.
        if status == 0:
            status = self.job.wait_for(self.job.builders[0])
        if status != 0 or all(b in self.job.finished for b in self.job.builders):
            self.job.wait()
        if status != 0:
            raise BuildError(self.code, "sphinx", self._sphinx_problems(), self.job_log)
        self.stamps.record(builder, self._sphinx_key(builder), time.monotonic() - started)
        return self.step(builder, "built")

    def runs_sphinx(self) -> bool:
        """Whether this edition has a Sphinx run going, or will start one."""
        self.checked.wait()
        if self.job is not None:
            return not self.job.ended
        passed = "check" in self.steps and not self.job_started.is_set()
        return passed and bool(self._needed())

    def _needed(self) -> list[str]:
        """The builders whose output is out of date, in the formats' order."""
        return [b for b in self.builders if self._needs(b)]

    def _start_sphinx(self) -> None:
        needed = self._needed()
        if not needed:
            return
        self.stamps.dirty.touch()
        self.progress(self.code, f"sphinx {'+'.join(needed)}")
        # Two processes for the run only when no other edition's run is going or to
        # come: a build of every edition keeps the cores busy with one process per run.
        alone = not any(p.runs_sphinx() for p in self.peers if p is not self)
        run = sphinx_run.Run(
            str(self.project.docs), self.code, str(self.work / "doctrees"),
            outputs=tuple((b, str(self.work / b)) for b in needed),
            base_url=self.base_url, split=alone, figures_cache=str(self.project.figures),
        )  # fmt: skip
        self.job = sphinx_pool.SphinxJob(run, self.job_log, self.env())

    @property
    def job_log(self) -> Path:
        return self.work / "sphinx.log"

    def _sphinx_problems(self) -> str:
        return _first_lines(self.job_log) or "Sphinx stopped without a word: see its log"

    def env(self) -> dict[str, str]:
        return dict(os.environ) | {"SOURCE_DATE_EPOCH": self.epoch}

    @property
    def target(self) -> Path:
        return self.project.site / self.code

    def published_files(self) -> list[str]:
        """The names of the files that formats publish beside the website."""
        return [name for f in formats.ALL if (name := f.file_name(self.language))]

    def finished(self, publish_step: str, outcome: str) -> str:
        """A format was published (or was already): once every format of the edition is,
        its work folder can be trusted again."""
        self.step(publish_step, outcome)
        if all(f.publish_step in self.steps for f in self.formats):
            self.stamps.dirty.unlink(missing_ok=True)
        return outcome

    def result(self) -> EditionResult:
        site = self.target
        files = {
            f.name: site / name
            for f in formats.ALL
            if (name := f.file_name(self.language)) and (site / name).exists()
        }
        return EditionResult(
            self.code, site, files, time.monotonic() - self.started, dict(self.steps)
        )


def _tasks(edition: EditionWork) -> list[plan.Task]:
    """One language's steps: the check, then for each format a chain of its Sphinx
    builder and its own step, each ranked by the time left on its chain; each format
    published as soon as its last step is done, the files after the website. The
    Sphinx run is one worker's: its first builder's."""
    code = edition.code
    # The check is short, and it decides which editions need a Sphinx run at all.
    tasks = [plan.Task(f"check:{code}", edition.check, light=True)]
    planned = {"check"}
    for fmt in edition.formats:
        chain: list[tuple[str, Callable[[], str]]] = [
            (fmt.builder, partial(edition.sphinx, fmt.builder))
        ]
        if fmt.made_by:
            chain.append((fmt.made_by, partial(fmt.make, edition)))
        seconds = [edition.stamps.seconds(step, fmt.seconds.get(step, 0.05)) for step, _ in chain]
        after = f"check:{code}"
        for index, (step, action) in enumerate(chain):
            if step not in planned:
                planned.add(step)
                # The run's first builder stands for its processes; the others' steps
                # only wait for their output, and take no worker.
                light = step in edition.builders[1:]
                cost = sum(seconds[index:])
                tasks.append(plan.Task(f"{step}:{code}", action, (after,), cost, light))
            after = f"{step}:{code}"
    folders = [f for f in edition.formats if not f.file_name(edition.language)]
    for fmt in edition.formats:
        after_steps: tuple[str, ...] = (f"{fmt.steps[-1]}:{code}",)
        if folders and fmt not in folders:
            after_steps += tuple(f"{folder.publish_step}:{code}" for folder in folders)
        publishing = partial(fmt.publish, edition)
        tasks.append(plan.Task(f"{fmt.publish_step}:{code}", publishing, after_steps, light=True))
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
    works = {
        e.language.code: EditionWork(
            project, e, progress, base_url, source_date_epoch(project, e.language.code), every
        )
        for e in editions
        if e.formats
    }
    for work in works.values():
        work.peers = list(works.values())
    tasks = [task for work in works.values() for task in _tasks(work)]
    outcome = plan.run(tasks, jobs or os.cpu_count() or 1)

    # A Sphinx run that failed fails the step of each of its builders: said once.
    said = {
        (e.language, e.step, str(e)): e
        for e in outcome.failed.values()
        if isinstance(e, BuildError)
    }
    errors = list(said.values())
    unexpected = [e for e in outcome.failed.values() if not isinstance(e, BuildError)]
    if unexpected:
        raise unexpected[0]
    results = [
        work.result()
        for code, work in works.items()
        if any(f"{f.publish_step}:{code}" in outcome.done for f in work.formats)
    ]
    changed = any(
        outcome == "built"
        for r in results
        for step, outcome in r.steps.items()
        if step.startswith("publish ")
    )
    if results and (changed or not (project.site / "index.html").exists()):
        site_root.assemble(project.site, base_url)
    if errors:
        raise EditionsFailedError(errors, results)
    return results
