"""A catalogue nobody linted cannot inject: each hostile msgstr of the test root's
catalogue is refused with a warning naming the catalogue and line, and none of its
payload reaches the HTML or the LaTeX."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

PAYLOADS = [
    "payload-script", "payload-onerror", "payload-file-contents", "payload-raw",
    "payload-download", "payload-image", "payload-url", "payload-footnote", "payload-name",
]  # fmt: skip


def refused_lines(warnings: str) -> dict[int, str]:
    found = re.findall(r"locales/es/LC_MESSAGES/index\.po:(\d+): WARNING: (E\d+)", warnings)
    return {int(line): code for line, code in found}


@pytest.mark.sphinx("html", testroot="guard")
def test_hostile_translations_are_refused_in_html(app, warning):
    app.build()
    html = (app.outdir / "index.html").read_text("utf-8")
    assert [payload for payload in PAYLOADS if payload in html] == []
    assert "<script>alert" not in html and "onerror" not in html
    assert not list(app.outdir.glob("_downloads/**/secret.txt"))
    assert not list(app.outdir.glob("_images/*"))

    page = BeautifulSoup(html, "html.parser")
    assert page.h1.get_text().rstrip("¶") == "Guardia"
    text = page.get_text(" ")
    assert "Una traducción aceptada." in text
    # Where the translation was refused, the English stands.
    for english in ("Script paragraph.", "Include paragraph.", "Morihisa Aoki was the ambassador."):
        assert english in text

    refused = refused_lines(warning.getvalue())
    assert refused == {
        17: "E301", 20: "E301", 23: "E302", 30: "E302", 37: "E302", 45: "E303",
        48: "E211", 51: "E210", 54: "E211", 57: "E212", 60: "E201", 63: "E304",
    }  # fmt: skip


@pytest.mark.sphinx("latex", testroot="guard", freshenv=True)
def test_hostile_translations_are_refused_in_latex(app, warning):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text("utf-8")
    assert [payload for payload in PAYLOADS if payload in tex] == []
    assert "Una traducción aceptada." in tex
    assert len(refused_lines(warning.getvalue())) == 12


@pytest.mark.sphinx("html", testroot="guard", freshenv=True)
def test_a_translation_whose_nodes_differ_from_the_english_is_refused(app, warning):
    # The msgstr repeats the English's own <b>: every tag is in the msgid, so the text
    # checks pass it, but its nodes hold more raw output than the English's.
    app.build()
    html = (app.outdir / "index.html").read_text("utf-8")
    assert "<b>negrita</b>" not in html and "Una palabra" not in html
    assert "A <b>bold</b> word." in html  # the English node, as it was read
    assert re.search(r"index\.po:66: ERROR: E401 the translation is refused: its markup",
                     warning.getvalue())  # fmt: skip
