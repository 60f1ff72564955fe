"""How fast `embassy-docs build` is, against the naive recipe, on the same tree and
machine, in one run.

The naive recipe is what the Sphinx documentation describes, one language after the
other: `sphinx-build -b html`, `sphinx-build -M latexpdf`, then `sphinx-build -b epub`.
Against it, three figures for `embassy-docs build` (HTML, PDF and EPUB, every language):

* cold: from an empty build folder;
* no change: the same build again;
* one msgstr: one Japanese msgstr changed; the time until that page's HTML is
  refreshed in the site (the HTML edition is published as soon as Sphinx wrote it),
  and until the whole build, PDF and EPUB included, is done.

Run: .venv/bin/python benchmarks/build_speed.py [--repeat N]
It works on a copy of the book in a temporary folder and prints the figures, the ratios
and the targets (cold at least 2.5 times faster than naive, no change at most 0.5 s,
the changed page's HTML refreshed in at most 1.5 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "es", "ja")
PAGE = "rescue"
# A paragraph of the page, not its title (a title is in every page's navigation).
MESSAGE_START = "On 22 April 1997"


def copy_book(target: Path) -> Path:
    for name in ("docs", "locales"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("_build", "*.mo"))
    shutil.copy2(ROOT / "refs.bib", target / "refs.bib")
    return target


def clean(book: Path) -> None:
    shutil.rmtree(book / "_build", ignore_errors=True)
    for mo in (book / "locales").rglob("*.mo"):
        mo.unlink()


def run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-2000:]}{result.stderr[-2000:]}")


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def naive(book: Path) -> None:
    sphinx = [sys.executable, "-m", "sphinx"]
    for code in LANGUAGES:
        out = book / "_build" / "naive" / code
        run(
            [*sphinx, "build", "-b", "html", "-D", f"language={code}", "docs", str(out / "html")],
            book,
        )
        run([*sphinx, "-M", "latexpdf", "docs", str(out / "latex"), "-D", f"language={code}"], book)
        run(
            [*sphinx, "build", "-b", "epub", "-D", f"language={code}", "docs", str(out / "epub")],
            book,
        )


def embassy(book: Path, *options: str) -> None:
    run([sys.executable, "-m", "embassy_docs", "--root", str(book), "build", *options], book)


def change_message(book: Path, stamp: str) -> str:
    """Add a remark to one Japanese paragraph; its names and markup stay as they are."""
    path = book / "locales" / "ja" / "LC_MESSAGES" / f"{PAGE}.po"
    catalogue = polib.pofile(str(path))
    entry = next(e for e in catalogue if e.msgid.startswith(MESSAGE_START))
    remark = f"（{stamp}）"
    entry.msgstr = entry.msgstr.removesuffix("。") + remark + "。"
    catalogue.save()
    return remark


def one_message(book: Path, stamp: str) -> tuple[float, float]:
    """Seconds until the page shows the new msgstr, and until the build is done."""
    page = book / "_build" / "site" / "ja" / f"{PAGE}.html"
    text = change_message(book, stamp)
    refreshed: list[float] = []
    done = threading.Event()
    started = time.perf_counter()

    def watch() -> None:
        while not done.is_set():
            try:
                if text in page.read_text("utf-8"):
                    refreshed.append(time.perf_counter() - started)
                    return
            except OSError:
                pass
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    embassy(book)
    total = time.perf_counter() - started
    done.set()
    watcher.join()
    return (refreshed[0] if refreshed else total), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each figure (median)")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")

    with tempfile.TemporaryDirectory() as folder:
        book = copy_book(Path(folder) / "book")
        names = ("naive", "cold", "no change", "one msgstr: page", "one msgstr: all")
        figures: dict[str, list[float]] = {name: [] for name in names}
        for attempt in range(args.repeat):
            clean(book)
            figures["naive"].append(timed(lambda: naive(book)))
            clean(book)
            figures["cold"].append(timed(lambda: embassy(book)))
            figures["no change"].append(timed(lambda: embassy(book)))
            # A word, not a number: the build refuses a msgstr that adds a number.
            page, total = one_message(book, f"run {chr(ord('A') + attempt)}")
            figures["one msgstr: page"].append(page)
            figures["one msgstr: all"].append(total)

    median = {name: statistics.median(values) for name, values in figures.items()}
    cores = os.cpu_count()
    print(f"Build speed on {cores} core(s), median of {args.repeat} run(s), seconds:")
    for name, value in median.items():
        print(f"  {name:<22} {value:7.2f}")
    ratio = median["naive"] / median["cold"]
    print(f"  {'cold vs naive':<22} {ratio:7.2f}x faster")
    print(f"  {'no change vs naive':<22} {median['naive'] / median['no change']:7.0f}x faster")
    targets = [
        ("cold at least 2.5x faster than naive", ratio >= 2.5),
        ("no change at most 0.5 s", median["no change"] <= 0.5),
        ("one msgstr: page refreshed in at most 1.5 s", median["one msgstr: page"] <= 1.5),
    ]
    for label, met in targets:
        print(f"  [{'met' if met else 'MISSED'}] {label}")


if __name__ == "__main__":
    main()
