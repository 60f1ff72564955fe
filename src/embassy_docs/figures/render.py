"""A drawn figure in the forms the builders need: the SVG for the page, with its colours
from the site's stylesheet and its title in the edition's language; a PDF for the book,
typeset from the same SVG by librsvg with the book's fonts. Each is kept under a digest
of everything it is made from, so an unchanged figure is not drawn again."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..catalogues import safe_files
from .draw import COLOURS

PACKAGES = ("librsvg2-bin",)


class MissingConverterError(Exception):
    def __init__(self) -> None:
        super().__init__(
            "the PDF's figures need rsvg-convert, which is not installed: "
            f"apt-get install -y {' '.join(PACKAGES)} (bash .ci/setup build does it)"
        )


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:20]


@cache
def code() -> str:
    """The drawing code's own digest: a figure drawn by older code is drawn again."""
    here = Path(__file__).parent
    return digest(*(path.read_text("utf-8") for path in sorted(here.glob("*.py"))))


def for_the_page(svg: str, title: str, prefix: str, lang: str, themed: bool = True) -> str:
    """The SVG as a page shows it, inline: a title in the edition's language, which names
    it, ids of its own (``prefix``), sized by the page. ``themed``: in the stylesheet's
    colours, light or dark (the site); else in its own (an EPUB, whose reading systems
    may not know the stylesheet's variables)."""
    body = svg[svg.index("<svg") :]
    body = re.sub(r"\s*<metadata>.*?</metadata>", "", body, count=1, flags=re.S)
    if themed:
        for role, colour in COLOURS.items():
            body = body.replace(colour, f"var(--embassy-figure-{role})")
        body = re.sub(r"font-family: [^;\"]*", "font-family: var(--font-stack)", body)
    # Ids of this figure's own: a page may have two.
    body = re.sub(r'\bid="', f'id="{prefix}-', body)
    body = re.sub(r'(href="#|url\(#)', rf"\1{prefix}-", body)
    # Width and height in points would fix the figure's size; the page scales it.
    body = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", body, count=1)
    opening = body.index(">") + 1
    attributes = f' role="img" lang={quoteattr(lang)} class="embassy-drawing"'
    head = body[: opening - 1] + attributes + ">"
    return head + f"<title>{escape(title)}</title>" + body[opening:]


def pdf(svg: str, target: Path) -> None:
    """``svg`` as a one-page vector PDF at ``target``, its fonts embedded. The book takes
    its page, not its dates: it is dated at the epoch (cairo honours
    ``SOURCE_DATE_EPOCH``) so that the same figure is the same bytes."""
    converter = shutil.which("rsvg-convert")
    if converter is None:
        raise MissingConverterError
    run = subprocess.run(
        [converter, "--format", "pdf"], input=svg.encode(), capture_output=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
    )  # fmt: skip
    if run.returncode != 0:
        raise RuntimeError(f"rsvg-convert: {run.stderr.decode(errors='replace')}")
    safe_files.write(target, run.stdout)
