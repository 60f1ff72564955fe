"""``embassy-docs``: build the editions, update, lint and measure the translations."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import languages
from .build import formats, sphinx_pool
from .project import DEFAULT_BASE_URL, Project, ProjectNotFoundError

if TYPE_CHECKING:
    from .build.editions import EditionResult


def _language_codes(value: str) -> str:
    try:
        languages.get(value)
    except languages.UnknownLanguageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="embassy-docs",
        description="Build and translate the multilingual book on the Japanese embassy "
        "hostage crisis (Lima, 1996–97).",
    )
    main.add_argument(
        "--root", type=Path, help="the checkout (default: found from the current folder)"
    )
    main.add_argument(
        "--build-dir", type=Path, help="where to build and publish (default: ROOT/_build)"
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    # The site's address: the editions' canonical links and the root's sitemap, so
    # assemble takes the value the editions were built with.
    base_url = argparse.ArgumentParser(add_help=False)
    base_url.add_argument(
        "--base-url",
        default=os.environ.get("EMBASSY_BASE_URL", DEFAULT_BASE_URL),
        help="where the site is published, for the sitemap and canonical links "
        "(default: $EMBASSY_BASE_URL; without either, the site has neither)",
    )

    build = commands.add_parser(
        "build", help="build editions into _build/site/<lang>/", parents=[base_url]
    )
    build.add_argument(
        "--lang",
        nargs="+",
        type=_language_codes,
        metavar="LANG",
        help=f"languages to build (default: all of {', '.join(languages.codes())})",
    )
    build.add_argument(
        "--format",
        nargs="+",
        choices=formats.NAMES,
        metavar="FORMAT",
        help=f"{', '.join(formats.NAMES)} (default: each language's formats in languages.toml)",
    )
    build.add_argument(
        "-j", "--jobs", type=int, help="editions built at once (default: one per core)"
    )
    build.set_defaults(handler=run_build)

    assemble = commands.add_parser(
        "assemble",
        help="put editions built elsewhere (each with build --lang) into the site, "
        "and write its root",
        parents=[base_url],
    )
    assemble.add_argument(
        "folders",
        nargs="+",
        type=Path,
        metavar="DIR",
        help="an edition folder (named by its language), or a folder of them",
    )
    assemble.set_defaults(handler=run_assemble)

    update = commands.add_parser(
        "update", help="extract the English messages and update every language's catalogues"
    )
    update.add_argument("--lang", nargs="+", type=_language_codes, metavar="LANG")
    update.set_defaults(handler=run_update)

    add_language = commands.add_parser(
        "add-language",
        help="add a language: its registry table, glossary column and catalogues",
    )
    add_language.add_argument("code", metavar="CODE", help="a language code such as fr or de")
    add_language.add_argument(
        "--plural-forms",
        metavar="RULE",
        help='the Plural-Forms rule, e.g. "nplurals=2; plural=(n > 1);" (default: GNU '
        "gettext's convention for the language)",
    )
    add_language.set_defaults(handler=run_add_language)

    lint = commands.add_parser(
        "lint", help="check catalogues: names kept, markup kept, nothing fuzzy or missing"
    )
    lint.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=".po files or folders (default: every catalogue and the glossary)",
    )
    lint.add_argument(
        "--strict",
        action="store_true",
        help="fuzzy and untranslated entries are errors, not warnings",
    )
    lint.set_defaults(handler=run_lint)

    serve = commands.add_parser(
        "serve", help="preview one language on 127.0.0.1, rebuilt and reloaded on every save"
    )
    serve.add_argument("--lang", required=True, type=_language_codes, metavar="LANG")
    serve.add_argument("--port", type=int, default=8000, help="default 8000; 0 picks a free one")
    serve.set_defaults(handler=run_serve)

    stats = commands.add_parser("stats", help="translation coverage per language and file")
    stats.add_argument("--lang", nargs="+", type=_language_codes, metavar="LANG")
    stats.add_argument(
        "--fail-under",
        type=float,
        metavar="PERCENT",
        help="exit 1 when a language is translated below PERCENT",
    )
    stats.set_defaults(handler=run_stats)
    return main


def _translations(codes: list[str] | None) -> list[str]:
    return [c for c in (codes or languages.codes()) if c != languages.SOURCE_LANGUAGE]


def run_update(project: Project, args: argparse.Namespace) -> int:
    from .catalogues import merge, update

    try:
        summary = update.update(project, tuple(_translations(args.lang)))
    except update.StrayFilesError as error:
        print(f"{error}\nembassy-docs: nothing was written: remove these first", file=sys.stderr)
        return 1
    except (update.TemplateError, merge.MergeError) as error:
        print(f"embassy-docs: {error}", file=sys.stderr)
        return 1
    print(f"Templates in {summary.templates}")
    for code, change in summary.languages.items():
        print(
            f"[{code}] {change.added} added, {change.changed} changed (now fuzzy), "
            f"{change.obsolete} obsolete"
        )
    return 0


def run_add_language(project: Project, args: argparse.Namespace) -> int:
    from . import new_language
    from .catalogues import merge, update

    try:
        added = new_language.add(project, args.code, args.plural_forms)
    except (new_language.NewLanguageError, update.TemplateError, merge.MergeError) as error:
        print(f"embassy-docs: {error}", file=sys.stderr)
        return 1
    print(f"[{added.code}] registry table added to {_shown(added.registry)}: translate its")
    print("  title, author, copyright and bibliography words; check its LaTeX settings")
    print(f"[{added.code}] plural rule: {added.plural_forms}")
    if added.cldr_plural_forms:
        print(f"  CLDR's rule differs: {added.cldr_plural_forms}")
        print("  (every catalogue carries the registry's rule: change it there if need be)")
    print(f"[{added.code}] glossary column added to {_shown(added.glossary)}")
    print(f"[{added.code}] {len(added.catalogues)} catalogue(s) to translate, e.g.")
    print(f"  {_shown(added.catalogues[0])}")
    print(f"[{added.code}] its PDF needs these Debian packages (and its hyphenation, if any):")
    print(f"  {' '.join(added.debian_packages)}")
    print(f"Preview it: embassy-docs serve --lang {added.code}")
    return 0


def _shown(path: Path) -> str:
    """A path as a translator types it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run_lint(project: Project, args: argparse.Namespace) -> int:
    from .catalogues import layout, lint, update

    try:
        problems = lint.lint_project(project, args.paths or None)
    except update.TemplateError as error:
        print(f"embassy-docs: {error}", file=sys.stderr)
        return 1
    if args.strict:
        problems = lint.strict(problems)
    # The problems are the output (``lint > problems.txt``); the summary is a note.
    for problem in problems:
        print(f"{_shown(problem.path)}:{problem.line}: {problem.code} {problem.message}")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    checked = len(layout.catalogues_of(project, args.paths or None))
    print(f"{checked} file(s) checked: {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def run_serve(project: Project, args: argparse.Namespace) -> int:
    from .preview import Preview

    try:
        preview = Preview(project, args.lang, port=args.port, report=lambda m: print(m, flush=True))
    except OSError as error:
        print(
            f"embassy-docs: cannot listen on port {args.port} ({error.strerror}): another "
            "program uses it; try --port 0 for a free one",
            file=sys.stderr,
        )
        return 1
    url = preview.start()
    print(f"Previewing {args.lang} at {url} — save a page or catalogue to rebuild; Ctrl-C stops.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        preview.stop()
    return 0


def run_stats(project: Project, args: argparse.Namespace) -> int:
    from .catalogues import layout, stats

    failing = [str(stray) for stray in layout.strays(project.locales, project.docs)]
    row = "{:<22} {:>10} {:>6} {:>12} {:>9} {:>7}"
    print(row.format("", "translated", "fuzzy", "untranslated", "obsolete", "%"))
    for code in _translations(args.lang):
        expected = layout.page_catalogues(project.locales, project.docs, code)
        total, files = stats.of_files(code, expected, layout.interface_catalogue(code))
        for coverage in [total, *files]:
            name = coverage.name if coverage is total else f"  {coverage.name}"
            print(
                row.format(
                    name,
                    coverage.translated,
                    coverage.fuzzy,
                    coverage.untranslated,
                    coverage.obsolete,
                    f"{coverage.percent:.1f}",
                )
                + (
                    "  not used by the build: missing, or refused (see lint)"
                    if coverage is not total and coverage.unusable
                    else ""
                )
            )
        low = args.fail_under is not None and total.percent < args.fail_under
        if args.fail_under is not None and (low or total.unusable):
            failing.append(f"{code}: {total.percent:.1f} %, {total.unusable} catalogue(s) not used")
    if failing:
        print("\n".join(failing), file=sys.stderr)
        return 1
    return 0


def run_build(project: Project, args: argparse.Namespace) -> int:
    sphinx_pool.start()  # it imports Sphinx while the build looks at what changed
    from .build import editions as building

    editions = building.plan_editions(args.lang, args.format)
    lock = threading.Lock()

    def progress(code: str, step: str) -> None:
        with lock:
            print(f"[{code}] {step} …", flush=True)

    names = ", ".join(f"{e.language.code} ({'+'.join(e.formats)})" for e in editions)
    print(f"Building {names} in {project.work}")
    try:
        results = building.build(
            project, editions, progress, jobs=args.jobs, base_url=args.base_url
        )
    except building.EditionsFailedError as failure:
        for error in failure.errors:
            print(f"\n[{error.language}] {error.step} failed:", file=sys.stderr)
            print(f"  {str(error).replace(chr(10), chr(10) + '  ')}", file=sys.stderr)
            if error.log:
                print(f"  full log: {error.log}", file=sys.stderr)
        print(
            f"\nAn edition that failed was not published: what {project.site} had of it "
            "is unchanged. The editions that succeeded were published.",
            file=sys.stderr,
        )
        results = failure.results
        _report(results)
        return 1
    _report(results)
    return 0


def run_assemble(project: Project, args: argparse.Namespace) -> int:
    from .build import assembly

    try:
        codes = assembly.assemble(project.site, args.folders, args.base_url)
    except assembly.AssemblyError as error:
        print(f"embassy-docs: {error}\nNothing was assembled.", file=sys.stderr)
        return 1
    for code in codes:
        print(f"[{code}] {project.site / code / 'index.html'}")
    print(f"Site: {project.site / 'index.html'}")
    return 0


def _report(results: list[EditionResult]) -> None:
    for result in results:
        steps = result.steps
        skipped = all(outcome != "built" for step, outcome in steps.items() if step != "check")
        state = "unchanged" if skipped else f"done in {result.seconds:.1f} s"
        if "publish html" in steps:
            print(f"[{result.language}] {state}: {result.site / 'index.html'}")
        for name, path in result.files.items():
            # A build without this format, or one where it failed, keeps the file
            # published before.
            earlier = "" if f"publish {name}" in steps else " (from an earlier build)"
            print(f"[{result.language}] {formats.get(name).label}{earlier}: {path}")
    if results:
        print(f"Site: {results[0].site.parent / 'index.html'}")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # `embassy-docs stats | head`: the reader has what it wanted.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        project = Project(args.root.resolve()) if args.root else Project.find()
        if args.build_dir:
            project = Project(project.root, args.build_dir.resolve())
    except ProjectNotFoundError as error:
        print(f"embassy-docs: {error}", file=sys.stderr)
        return 2
    status: int = args.handler(project, args)
    return status


if __name__ == "__main__":
    sys.exit(main())
