"""Every build compiles the catalogues it reads, after checking them: no stale, empty or
truncated ``.mo`` is ever used, and a broken ``.po`` is reported with its line."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from embassy_docs.catalogues import lint, stats


@pytest.fixture
def srcdir(rootdir, tmp_path):
    """A copy of the test root to change before Sphinx starts (it compiles on start)."""
    target = tmp_path / "src"
    shutil.copytree(rootdir / "test-catalogue", target)
    return target


@pytest.fixture
def po(srcdir):
    return srcdir / "locales" / "es" / "LC_MESSAGES" / "index.po"


def build(make_app, srcdir):
    app = make_app("html", srcdir=srcdir)
    app.build()
    return app, (app.outdir / "index.html").read_text("utf-8")


def test_a_committed_mo_is_an_error_and_is_never_read(make_app, srcdir, po):
    # Newer than its .po, so that a build judging by file times would take it.
    stale = Catalog(locale="es")
    stale.add("Hello, reader.", "Adiós, lector.")
    mo = po.with_suffix(".mo")
    with mo.open("wb") as stream:
        write_mo(stream, stale)
    future = time.time() + 3600
    os.utime(mo, (future, future))
    app, html = build(make_app, srcdir)
    assert f"{mo}:1: ERROR: E001 a compiled catalogue" in app.warning.getvalue()
    assert "Hola, lector." in html
    assert "Adiós" not in html


def test_nothing_is_compiled_beside_the_sources(make_app, srcdir, po):
    app, html = build(make_app, srcdir)
    assert "Hola, lector." in html
    assert list(po.parent.iterdir()) == [po]
    assert list((app.doctreedir / "embassy_docs" / "catalogues").rglob("*.mo"))


def test_a_broken_catalogue_is_an_error_with_its_line_and_is_not_read(make_app, srcdir, po):
    po.write_text(po.read_text("utf-8").replace('"Hola, lector."', '"Hola, lector.'), "utf-8")
    app, html = build(make_app, srcdir)
    assert f"{po}:14: ERROR: E101 msgfmt: end-of-line within string" in app.warning.getvalue()
    # The page is English, not a truncated "Hola, lector" from a lenient parser.
    assert "Hello, reader." in html
    assert "Hola" not in html


def test_a_bogus_charset_is_an_error_not_a_silent_english_page(make_app, srcdir, po):
    po.write_text(po.read_text("utf-8").replace("charset=UTF-8", "charset=BOGUS"), "utf-8")
    app, _ = build(make_app, srcdir)
    assert f"{po}:1: ERROR: E101 not a valid catalogue: unknown encoding: bogus" in (
        app.warning.getvalue()
    )


@pytest.mark.parametrize("msgstr", ["- Hola, lector.", "1997. Hola, lector.", "> Hola, lector."])
def test_a_translation_sphinx_would_not_apply_is_an_error_and_not_counted(
    make_app, srcdir, po, msgstr
):
    po.write_text(po.read_text("utf-8").replace('"Hola, lector."', f'"{msgstr}"'), "utf-8")
    app, html = build(make_app, srcdir)
    assert f"{po}:13: WARNING: E215 the msgstr reads as" in app.warning.getvalue()
    assert "Hello, reader." in html
    coverage = stats.of_file(po, "es")
    assert (coverage.translated, coverage.untranslated) == (1, 1)
    assert [p.code for p in lint.lint_file(po, None) if p.severity == "error"] == ["E215"]


def test_an_escaped_list_mark_is_a_paragraph_and_applied(make_app, srcdir, po):
    text = po.read_text("utf-8").replace('"Hola, lector."', '"\\\\- Hola, lector."')
    po.write_text(text, "utf-8")
    app, html = build(make_app, srcdir)
    assert "E215" not in app.warning.getvalue()
    assert "- Hola, lector." in html
