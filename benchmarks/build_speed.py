"""How fast `embassy-docs build` is, against the naive recipe, on the same tree and
machine, in one run; and how its cost grows with the size of the book.

The naive recipe is what the Sphinx documentation describes, one language after the
other: `sphinx-build -b html`, `sphinx-build -M latexpdf`, then `sphinx-build -b epub`.
Against it, figures for `embassy-docs build` (HTML, PDF and EPUB, every language):

* cold: from an empty build folder, with no warm server yet (the build starts one, which
  the next commands find: see EMBASSY_DOCS_WARM_SECONDS in the README);
* no change: the same build again;
* one msgstr: one Japanese msgstr changed; the time until that page's HTML is
  refreshed in the site (the HTML edition is published as soon as Sphinx wrote it),
  until that edition's PDF is published, and until the whole build is done.

Run: .venv/bin/python benchmarks/build_speed.py [--repeat N] [--scale N [N ...]]
It works on a copy of the book in a temporary folder and prints the figures, the ratios
and the targets, each [met] or [missed]. ``--scale`` builds a generated book instead:
the English pages and their complete catalogues copied N times over (no facts needed),
and prints, for each size, cold, no change, one msgstr to its page and to its PDF, and
the peak memory of the build's processes.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
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


# The largest resident set of any process a build ran, in bytes: ``ru_maxrss`` of the
# children waited for, and theirs (the command, XeLaTeX); and the high-water mark of the
# warm server's processes (the server and its Sphinx runs), which are not this script's
# children, read from /proc every tenth of a second while a build runs (only for the
# scale table, which prints it: the reading costs a little CPU).
PEAK_MEMORY = [0]
WATCH_SERVERS = [False]


def _servers_peak() -> int:
    peak = 0
    for process in Path("/proc").iterdir():
        try:
            if b"sphinx_warm" not in (process / "cmdline").read_bytes():
                continue
            status = (process / "status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
        peak = max(peak, int(found.group(1)) * 1024 if found else 0)
    return peak


def watch_servers(done: threading.Event) -> None:
    while not done.wait(0.1):
        PEAK_MEMORY[0] = max(PEAK_MEMORY[0], _servers_peak())


def run(command: list[str], cwd: Path) -> None:
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    done = threading.Event()
    watcher = threading.Thread(target=watch_servers, args=(done,)) if WATCH_SERVERS[0] else None
    if watcher:
        watcher.start()
    stdout, stderr = process.communicate()
    done.set()
    if watcher:
        watcher.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    PEAK_MEMORY[0] = max(PEAK_MEMORY[0], usage.ru_maxrss * 1024)
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{stdout[-2000:]}{stderr[-2000:]}")


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


def fresh_servers(folder: Path) -> None:
    """Warm servers in a folder of their own: the next build starts one from nothing.
    They end a minute after their last run."""
    folder.mkdir(mode=0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(folder)
    os.environ["EMBASSY_DOCS_WARM_SECONDS"] = "60"


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


def one_message(book: Path, stamp: str) -> tuple[float, float, float]:
    """Seconds until the page shows the new msgstr, until the edition's PDF is replaced,
    and until the build is done."""
    page = book / "_build" / "site" / "ja" / f"{PAGE}.html"
    pdf = next((book / "_build" / "site" / "ja").glob("*.pdf"))
    before = pdf.read_bytes()
    text = change_message(book, stamp)
    seen: dict[str, float] = {}
    done = threading.Event()
    started = time.perf_counter()

    def watch() -> None:
        while not done.is_set() and len(seen) < 2:
            try:
                if "page" not in seen and text in page.read_text("utf-8"):
                    seen["page"] = time.perf_counter() - started
                if "pdf" not in seen and pdf.read_bytes() != before:
                    seen["pdf"] = time.perf_counter() - started
            except OSError:
                pass
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    embassy(book)
    total = time.perf_counter() - started
    done.set()
    watcher.join()
    return seen.get("page", total), seen.get("pdf", total), total


# The pages copied to make a larger book: the chapters, not the front page, the lists
# generated from the whole book (index of names, bibliography) or the site's own pages.
COPIED = ("hostage-taking", "rescue", "aftermath", "timeline", "names", "about")


def scaled_book(target: Path, factor: int) -> Path:
    """The book with each chapter, and its catalogues, copied ``factor`` times: the
    copies are listed in the contents, and keep no label of their own."""
    book = copy_book(target)
    docs, copies = book / "docs", []
    for page in COPIED:
        source = (docs / f"{page}.md").read_text("utf-8")
        for copy in range(2, factor + 1):
            name = f"{page}-{copy}"
            (docs / f"{name}.md").write_text(
                re.sub(r"^:name:.*\n", "", source, flags=re.M), "utf-8"
            )
            copies.append(name)
            for code in LANGUAGES[1:]:
                folder = book / "locales" / code / "LC_MESSAGES"
                shutil.copy2(folder / f"{page}.po", folder / f"{name}.po")
    index = docs / "index.md"
    text = index.read_text("utf-8")
    index.write_text(
        text.replace("\nabout\n```", "\nabout\n" + "\n".join(copies) + "\n```"), "utf-8"
    )
    return book


def verdict(label: str, met: bool) -> str:
    return f"  [{'met' if met else 'missed'}] {label}"


def speed(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = copy_book(Path(folder) / "book")
        names = (
            "naive",
            "cold",
            "no change",
            "one msgstr: page",
            "one msgstr: PDF",
            "one msgstr: all",
        )
        figures: dict[str, list[float]] = {name: [] for name in names}
        for attempt in range(repeat):
            clean(book)
            figures["naive"].append(timed(lambda: naive(book)))
            clean(book)
            fresh_servers(Path(folder) / f"servers-{attempt}")
            figures["cold"].append(timed(lambda: embassy(book)))
            figures["no change"].append(timed(lambda: embassy(book)))
            # A word, not a number: the build refuses a msgstr that adds a number.
            page, pdf, total = one_message(book, f"run {chr(ord('A') + attempt)}")
            figures["one msgstr: page"].append(page)
            figures["one msgstr: PDF"].append(pdf)
            figures["one msgstr: all"].append(total)

    median = {name: statistics.median(values) for name, values in figures.items()}
    print(f"Build speed on {os.cpu_count()} core(s), median of {repeat} run(s), seconds:")
    for name, value in median.items():
        print(f"  {name:<22} {value:7.2f}")
    ratio = median["naive"] / median["cold"]
    print(f"  {'cold vs naive':<22} {ratio:7.2f}x faster")
    print(f"  {'no change vs naive':<22} {median['naive'] / median['no change']:7.0f}x faster")
    print(verdict("cold at least 4x faster than naive", ratio >= 4))
    print(verdict("no change at most 0.3 s", median["no change"] <= 0.3))
    print(verdict("one msgstr: page refreshed in at most 0.7 s", median["one msgstr: page"] <= 0.7))
    print(verdict("one msgstr: PDF published in at most 1.5 s", median["one msgstr: PDF"] <= 1.5))


def measure_size(factor: int) -> tuple[int, float, float, float, float, float]:
    """Pages, cold, no change, msgstr to page, msgstr to PDF, peak memory (MB)."""
    with tempfile.TemporaryDirectory() as folder:
        book = scaled_book(Path(folder) / "book", factor)
        fresh_servers(Path(folder) / "servers")
        cold = timed(lambda: embassy(book))
        no_change = timed(lambda: embassy(book))
        page, pdf, _ = one_message(book, "scale")
        pages = len(list((book / "docs").glob("*.md")))
    return pages, cold, no_change, page, pdf, PEAK_MEMORY[0] / 2**20


def scale(factors: list[int]) -> None:
    WATCH_SERVERS[0] = True
    # Smallest first: the kernel keeps the largest resident set of any child so far.
    rows = {factor: measure_size(factor) for factor in sorted(factors)}
    print(f"Cost by size of the book, on {os.cpu_count()} core(s), seconds:")
    header = ("size", "pages", "cold", "no change", "msgstr→page", "msgstr→PDF", "peak MB")
    print("  " + " ".join(f"{h:>11}" for h in header))
    for factor, (pages, cold, no_change, page, pdf, memory) in rows.items():
        cells = (f"{factor}x", pages, f"{cold:.1f}", f"{no_change:.2f}", f"{page:.2f}")
        print("  " + " ".join(f"{c:>11}" for c in (*cells, f"{pdf:.2f}", f"{memory:.0f}")))
    if len(rows) < 2:
        return  # the targets compare sizes
    small, large = rows[min(rows)], rows[max(rows)]
    pages, time_grew = large[0] / small[0], large[1] / small[1]
    print(
        verdict(
            f"cold grows no faster than the pages ({time_grew:.1f}x for {pages:.0f}x)",
            time_grew <= pages,
        )
    )
    print(verdict("no change within 2x of the smallest book's", large[2] <= 2 * small[2]))
    print(verdict("one msgstr: page within 2x of the smallest book's", large[3] <= 2 * small[3]))
    print(verdict(f"peak memory under 2 GB ({large[5]:.0f} MB)", large[5] < 2048))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each figure (median)")
    parser.add_argument(
        "--scale", type=int, nargs="+", metavar="N", help="a generated book N times this one"
    )
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    if args.scale:
        scale(args.scale)
    else:
        speed(args.repeat)


if __name__ == "__main__":
    main()
