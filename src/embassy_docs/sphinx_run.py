"""Sphinx for one edition, in a process of its own (Sphinx keeps global state): HTML,
then LaTeX from the same doctrees, so the sources are read and translated once.

``python -m embassy_docs.sphinx_run SRCDIR --language ja --doctrees DIR
[--html DIR] [--latex DIR] [--base-url URL]``; prints ``@@ <builder> <status>`` after
each builder.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="embassy_docs.sphinx_run")
    parser.add_argument("srcdir")
    parser.add_argument("--language", required=True)
    parser.add_argument("--doctrees", required=True)
    parser.add_argument("--html")
    parser.add_argument("--latex")
    parser.add_argument("--base-url")
    args = parser.parse_args(argv)

    from sphinx.cmd.build import build_main

    common = ["-W", "--keep-going", "-q", "-D", f"language={args.language}", "-d", args.doctrees]
    if args.base_url:
        common += ["-D", f"html_baseurl={args.base_url.rstrip('/')}/{args.language}/"]
    for builder, outdir in (("html", args.html), ("latex", args.latex)):
        if outdir is None:
            continue
        status = build_main(["-b", builder, *common, args.srcdir, outdir])
        print(f"@@ {builder} {status}", flush=True)
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
