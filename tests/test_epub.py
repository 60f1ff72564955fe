"""The EPUB editions as readers and publishers get them: opened as a reading system
opens them, validated by epubcheck and checked by DAISY Ace."""

from __future__ import annotations

import json
import os
import re
import subprocess
from functools import cache
from pathlib import Path
from xml.etree import ElementTree
from zipfile import ZIP_STORED, ZipFile

import pytest
from bs4 import BeautifulSoup

from embassy_docs import languages
from embassy_docs.catalogues import glossary

from .conftest import ROOT

pytestmark = pytest.mark.slow

CODES = languages.codes()
GLOSSARY = glossary.load(ROOT / "locales" / "glossary.tbx")
EPUBCHECK = Path(os.environ.get("EPUBCHECK", "/usr/share/java/epubcheck.jar"))
ACE = Path(
    os.environ.get(
        "ACE", ROOT / "_build" / "tools" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"
    )
)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
CONTENTS = {"en": "Table of Contents", "es": "Contenido", "ja": "目次"}


def epub(site: Path, code: str) -> Path:
    return site / code / languages.get(code).epub_name


@cache
def files(path: Path) -> dict[str, bytes]:
    with ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist()}


def documents(path: Path) -> dict[str, BeautifulSoup]:
    return {
        name: BeautifulSoup(data.decode("utf-8"), "html.parser")
        for name, data in files(path).items()
        if name.endswith(".xhtml")
    }


@pytest.mark.parametrize("code", CODES)
def test_the_package_is_what_reading_systems_expect(built_site, code):
    path = epub(built_site, code)
    with ZipFile(path) as book:
        first = book.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == ZIP_STORED
    assert files(path)["mimetype"] == b"application/epub+zip"
    opf = ElementTree.fromstring(files(path)["content.opf"])
    language = languages.get(code)
    assert opf.findtext("opf:metadata/dc:language", namespaces=OPF) == code
    assert opf.findtext("opf:metadata/dc:title", namespaces=OPF) == language.title
    properties = {m.get("property"): m.text for m in opf.iterfind("opf:metadata/opf:meta", OPF)}
    assert properties["schema:accessibilitySummary"] == language.epub.accessibility_summary
    assert properties["schema:accessibilityHazard"] == "none"
    assert opf.find("opf:metadata/opf:link[@rel='dcterms:conformsTo']", OPF) is not None
    # The reader's book: the translator's guide and the site's 404 are not in it.
    assert not {"translating.xhtml", "404.xhtml"} & set(files(path))


@pytest.mark.parametrize("code", CODES)
def test_every_document_speaks_the_edition_language(built_site, code):
    pages = documents(epub(built_site, code))
    assert len(pages) >= 9
    for name, page in pages.items():
        assert page.html["lang"] == code and page.html["xml:lang"] == code, name
    nav = pages["nav.xhtml"]
    assert nav.title.get_text() == CONTENTS[code]
    assert nav.find("nav", attrs={"epub:type": "toc"})["role"] == "doc-toc"


@pytest.mark.parametrize("code", CODES)
def test_names_figures_and_bibliography_are_in_the_book(built_site, code):
    pages = documents(epub(built_site, code))
    text = "".join(p.get_text() for n, p in pages.items() if n != "nav.xhtml")
    # Every name the website's pages show, the book shows too.
    site = "".join(
        BeautifulSoup(page.read_text("utf-8"), "html.parser").article.get_text()
        for page in (built_site / code).glob("*.html")
        if page.stem not in {"translating", "404", "search"}
    )
    shown = {f for term in GLOSSARY.terms for f in term.required_in(code) if f in site}
    assert shown and [name for name in shown if name not in text] == []
    tagged = {span["lang"] for span in pages["index.xhtml"].find_all("span", lang=True)}
    assert {"es", "ja", "ja-Latn"} - {code} <= tagged | {code}
    for name in ("hostage-taking.xhtml", "timeline.xhtml"):
        svg = pages[name].find("svg")
        assert svg is not None and svg.title.get_text() and svg.find("text") is not None
        # The figures keep their own colours: a reading system may not know the site's.
        assert "var(--" not in str(svg)
    assert "Fujimori murder charges" in pages["bibliography.xhtml"].get_text()


@pytest.mark.parametrize("code", CODES)
def test_the_book_is_linked_beside_its_pdf(built_site, code):
    name = languages.get(code).epub_name
    page = BeautifulSoup((built_site / code / "rescue.html").read_text("utf-8"), "html.parser")
    assert page.select_one(f'.embassy-pdf a[href="{name}"]')["type"] == "application/epub+zip"
    home = BeautifulSoup((built_site / code / "index.html").read_text("utf-8"), "html.parser")
    assert home.select_one(f'.embassy-pdf-inline a[href="{name}"]') is not None
    root = BeautifulSoup((built_site / "index.html").read_text("utf-8"), "html.parser")
    link = root.select_one(f'a[href="{code}/{name}"]')
    assert link is not None and re.match(r"EPUB, [\d.,\s]+ KB", link.get_text())


@pytest.mark.parametrize("code", CODES)
def test_epubcheck_finds_nothing(built_site, code):
    if not EPUBCHECK.is_file():
        pytest.fail(f"{EPUBCHECK} is missing: apt-get install -y epubcheck (bash .ci/setup test)")
    run = subprocess.run(
        ["java", "-jar", str(EPUBCHECK), str(epub(built_site, code))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = run.stdout + run.stderr
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report


@pytest.mark.parametrize("code", CODES)
def test_ace_finds_no_violation(built_site, tmp_path, code):
    if not ACE.is_file():
        pytest.fail(f"{ACE} is missing: bash .ci/setup test installs DAISY Ace")
    run = subprocess.run(
        [str(ACE), "--silent", "--force", "--outdir", str(tmp_path), str(epub(built_site, code))],
        capture_output=True, text=True, check=False,
        env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM},
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    violations = [
        (check["earl:test"]["dct:title"], subject["earl:testSubject"]["url"])
        for subject in report["assertions"]
        for check in subject["assertions"]
    ]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    metadata = report["a11y-metadata"]
    assert metadata["empty"] == [] and "schema:accessibilitySummary" in metadata["present"]
