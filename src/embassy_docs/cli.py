"""``embassy-docs``: build the editions (more commands arrive with the translator's tools)."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from . import build as building
from . import languages
from .project import Project, ProjectNotFoundError


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

    build = commands.add_parser("build", help="build editions into _build/site/<lang>/")
    build.add_argument(
        "--lang", nargs="+", type=_language_codes, metavar="LANG",
        help=f"languages to build (default: all of {', '.join(languages.codes())})",
    )  # fmt: skip
    build.add_argument(
        "--format", nargs="+", choices=building.FORMATS, metavar="FORMAT",
        help="html, pdf or both (default: both)",
    )  # fmt: skip
    build.add_argument(
        "-j", "--jobs", type=int, help="editions built at once (default: one per core)"
    )
    build.set_defaults(handler=run_build)
    return main


def run_build(project: Project, args: argparse.Namespace) -> int:
    editions = building.plan(args.lang, args.format)
    lock = threading.Lock()

    def progress(code: str, step: str) -> None:
        with lock:
            print(f"[{code}] {step} …", flush=True)

    names = ", ".join(f"{e.language.code} ({'+'.join(e.formats)})" for e in editions)
    print(f"Building {names} in {project.work}")
    try:
        results = building.build(project, editions, progress, jobs=args.jobs)
    except building.EditionsFailedError as failure:
        for error in failure.errors:
            print(f"\n[{error.language}] {error.step} failed:", file=sys.stderr)
            print(f"  {str(error).replace(chr(10), chr(10) + '  ')}", file=sys.stderr)
            if error.log:
                print(f"  full log: {error.log}", file=sys.stderr)
        print(
            "\nNothing of the failed editions was published; "
            f"what was already in {project.site} is unchanged.",
            file=sys.stderr,
        )
        results = failure.results
        _report(results)
        return 1
    _report(results)
    return 0


def _report(results: list[building.EditionResult]) -> None:
    for result in results:
        print(f"[{result.language}] done in {result.seconds:.1f} s: {result.site / 'index.html'}")
        if result.pdf:
            print(f"[{result.language}] PDF: {result.pdf}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        project = Project(args.root.resolve()) if args.root else Project.find()
        if args.build_dir:
            project = Project(project.root, args.build_dir.resolve())
    except ProjectNotFoundError as error:
        print(f"embassy-docs: {error}", file=sys.stderr)
        return 2
    return args.handler(project, args)


if __name__ == "__main__":
    sys.exit(main())
