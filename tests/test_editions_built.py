"""The six editions as readers get them: HTML and PDF in English, Spanish and Japanese."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from embassy_docs import languages
from embassy_docs.catalogues import glossary

from .conftest import ROOT

pytestmark = pytest.mark.slow

CODES = languages.codes()
GLOSSARY = glossary.load(ROOT / "locales" / "glossary.tbx")

# What each edition's bibliography says around the sources, which stay as published.
BIBLIOGRAPHY_WORDS = {
    "en": ("Bibliography", "Retrieved 12 July 2018", "Dead link"),
    "es": ("Bibliografía", "Consultado el 12 de julio de 2018", "Enlace roto"),
    "ja": ("参考文献", "2018年7月12日閲覧", "リンク切れ"),
}
CHAPTER_ONE = {"en": "Chapter 1. ", "es": "Capítulo 1. ", "ja": "第1章"}


@cache
def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def content_pages(site: Path, code: str) -> list[Path]:
    return [p for p in sorted((site / code).glob("*.html")) if page(p).article]


def site_text(site: Path, code: str) -> str:
    return "\n".join(page(p).article.get_text(" ") for p in content_pages(site, code))


@cache
def pdf_text(pdf: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(pdf).pages)


def unbroken(text: str) -> str:
    """Text with line breaks and the hyphens LaTeX adds at them undone, and without the
    spaces an extractor reads into the gaps xeCJK leaves between scripts; characters kept."""
    return re.sub(r"\s+", "", re.sub(r"-\s*\n", "", text))


def required_names(english: str, code: str) -> list[str]:
    return [form for term in GLOSSARY.names_in(english) for form in term.required_in(code)]


@pytest.mark.parametrize("code", CODES)
def test_every_page_declares_its_language(built_site, code):
    for path in content_pages(built_site, code):
        assert page(path).html["lang"] == code, path


@pytest.mark.parametrize("code", CODES)
def test_text_is_written_in_the_edition_language(built_site, code):
    text = site_text(built_site, code)
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    cjk = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    share = {w: words.count(w) / len(words) for w in ("the", "de", "la", "los")}
    if code == "en":
        assert share["the"] > 0.04 and share["los"] < 0.005
    elif code == "es":
        assert share["de"] + share["la"] > 0.06 and share["the"] < 0.005
    else:
        assert cjk > 2 * len(words)


@pytest.mark.parametrize("code", CODES)
def test_every_name_kept_verbatim_in_html(built_site, code):
    text = glossary.normalize(site_text(built_site, code))
    expected = required_names(site_text(built_site, "en"), code)
    assert len(expected) > 20
    assert [form for form in expected if glossary.normalize(form) not in text] == []


@pytest.mark.parametrize("code", CODES)
def test_every_name_kept_verbatim_in_pdf(built_site, code):
    pdf = built_site / code / languages.get(code).pdf_name
    text = unbroken(glossary.normalize(pdf_text(pdf)))
    expected = required_names(site_text(built_site, "en"), code)
    assert [f for f in expected if unbroken(glossary.normalize(f)) not in text] == []
    # Not decomposed on the way out of the PDF either (ū is one character).
    assert "Zai Perū Nihon taishi kōtei senkyo jiken" in pdf_text(pdf).replace("\n", " ")


@pytest.mark.parametrize("code", CODES)
def test_names_in_other_languages_are_tagged(built_site, code):
    home = page(built_site / code / "index.html")
    tagged = {span["lang"]: span.get_text() for span in home.select("span.original-name")}
    assert tagged["ja"] == "在ペルー日本大使公邸占拠事件"
    assert tagged["es"] == "Toma de la residencia del embajador de Japón en Lima"
    assert tagged["ja-Latn"] == "Zai Perū Nihon taishi kōtei senkyo jiken"


@pytest.mark.parametrize("code", CODES)
def test_bibliography_speaks_the_reader_language(built_site, code):
    heading, retrieved, dead = BIBLIOGRAPHY_WORDS[code]
    bibliography = page(built_site / code / "bibliography.html")
    assert bibliography.h1.get_text().rstrip("¶") == heading
    text = bibliography.article.get_text(" ")
    assert unbroken(retrieved) in unbroken(text) and dead in text
    for title in ("Peru state attorney seeks Fujimori murder charges",
                  "IACHR: Peru violated executed rebel’s human rights"):  # fmt: skip
        assert title in text
    pdf = pdf_text(built_site / code / languages.get(code).pdf_name)
    assert heading in pdf and unbroken(retrieved) in unbroken(pdf)
    # The list is in the Bibliography chapter, wherever that chapter is in the book.
    reader = PdfReader(built_site / code / languages.get(code).pdf_name)
    pages = [sheet.extract_text() for sheet in reader.pages]
    chapter = next(
        text for text in pages if re.search(rf"^(.*\. |第\s*\d+\s*章\s*)?{heading}\s*$", text, re.M)
    )
    assert "Fujimori murder charges" in chapter


@pytest.mark.parametrize("code", CODES)
def test_pdf_fonts_are_all_embedded(built_site, code):
    reader = PdfReader(built_site / code / languages.get(code).pdf_name)
    fonts = {}
    for pdf_page in reader.pages:
        for font in pdf_page.get("/Resources", {}).get("/Font", {}).values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant.get("/FontDescriptor")
            fonts[font["/BaseFont"]] = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts


@pytest.mark.parametrize("code", CODES)
def test_pdf_title_language_and_chapters(built_site, code):
    language = languages.get(code)
    reader = PdfReader(built_site / code / language.pdf_name)
    assert reader.metadata.title == language.title
    assert reader.metadata.author == language.author
    assert reader.trailer["/Root"]["/Lang"] == code
    assert unbroken(CHAPTER_ONE[code]) in unbroken(pdf_text(built_site / code / language.pdf_name))


@pytest.mark.parametrize("code", CODES)
def test_latex_log_has_no_missing_glyph(built_site, code):
    log = built_site.parent / "work" / code / "latex" / f"{languages.get(code).pdf_basename}.log"
    assert "Missing character" not in log.read_text("utf-8", "replace")


@pytest.mark.parametrize("code", ["es", "ja"])
def test_interface_is_translated(built_site, code):
    home = page(built_site / code / "index.html")
    expected = {"es": ("Saltar al contenido", "Descargar el PDF"),
                "ja": ("本文へスキップ", "PDFをダウンロード")}[code]  # fmt: skip
    assert home.select_one(".skip-to-content").get_text(strip=True) == expected[0]
    link = home.select_one(".embassy-pdf a")
    assert link.get_text(strip=True) == expected[1]
    assert link["href"] == languages.get(code).pdf_name
    assert home.title.get_text().endswith(languages.get(code).title)
    # Tooltips too: the theme's icons and the heading links.
    rescue = page(built_site / code / "rescue.html")
    tooltips = {t.get_text() for t in rescue.select("svg title")}
    tooltips |= {a["title"] for a in rescue.select("a.headerlink")}
    english = {"Light mode", "Dark mode", "Menu", "Expand", "Link to this heading"}
    assert tooltips and not tooltips & english
    # The labels a screen reader says for the theme's toggles, written in English only
    # in its page template.
    labels = {tag["aria-label"] for tag in rescue.select("[aria-label]")}
    assert labels and not any(label.startswith("Toggle") for label in labels), labels
    # Where Sphinx's own catalogue has a string too, the book's wording wins.
    if code == "ja":
        assert "コンテンツ" not in rescue.get_text() + str(rescue.select("[title]"))


# Each edition's About page: its licence, its language named in that language, its date
# in the language's long form (the build dates it by SOURCE_DATE_EPOCH).
ABOUT = {
    "en": ("About this book", "CC BY-SA", "This is the English edition, dated "),
    "es": ("Acerca de este libro", "CC BY-SA", "Esta es la edición en español, con fecha del "),
    "ja": ("本書について", "CC BY-SA", "付の、本書の日本語版である。"),
}
GUIDE = {"en": "Translator's guide", "es": "Guía del traductor", "ja": "翻訳者ガイド"}


@pytest.mark.parametrize("code", CODES)
def test_the_readers_book_has_an_about_page_and_no_build_manual(built_site, code):
    language = languages.get(code)
    title, licence, edition = ABOUT[code]
    about = page(built_site / code / "about.html").article.get_text(" ")
    assert title in about and licence in about and edition in about
    assert re.search(r"Japanese embassy hostage crisis", about)
    # The PDF: the About page is a chapter, the translator's guide is not.
    reader = PdfReader(built_site / code / language.pdf_name)
    chapters = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert title in chapters and GUIDE[code] not in [c.replace("’", "'") for c in chapters]
    # The site: the guide is out of the reading order and linked from every page.
    home = page(built_site / code / "index.html")
    trees = home.select(".sidebar-tree:not(.embassy-contributing)")
    navigation = " ".join(tree.get_text(" ") for tree in trees).replace("’", "'")
    assert GUIDE[code] not in navigation and title in navigation
    link = home.select_one(".embassy-contributing a")
    assert link["href"] == "translating.html"
    guide = page(built_site / code / "translating.html").h1.get_text().rstrip("¶")
    assert guide.replace("’", "'") == GUIDE[code]


@pytest.mark.parametrize("code", CODES)
def test_no_line_runs_past_its_column(built_site, code):
    # An overfull line in a table cell is printed over the next column (a name wider
    # than the column tabulary gave it).
    log = built_site.parent / "work" / code / "latex" / f"{languages.get(code).pdf_basename}.log"
    assert re.findall(r"Overfull \\hbox .*", log.read_text("utf-8", "replace")) == []


def feet_and_heads(pdf: Path) -> list[tuple[str, str, str]]:
    """For each page, its number, and what is printed in its foot and its head (the
    bands below and above the text block) in reading order."""
    labels = PdfReader(pdf).page_labels
    bands = []
    for label, (_, height, words) in zip(labels, word_boxes(pdf), strict=True):
        foot = " ".join(text for _, top, _, text in words if top > height - 70)
        head = " ".join(text for _, _, bottom, text in words if bottom < 70)
        bands.append((label, foot, head))
    return bands


@pytest.mark.parametrize("code", CODES)
def test_every_page_number_stands_at_the_foot(built_site, code):
    # bxjsbook prints a chapter's first page number at the head, every other at the foot.
    bands = feet_and_heads(built_site / code / languages.get(code).pdf_name)[1:]
    assert [b for b in bands if not b[1].endswith(b[0]) or b[2].endswith(b[0])] == []


def test_japanese_running_feet_read_as_japanese_books_write_them(built_site):
    # 5.4　組織, not Sphinx's 5.4. 組織
    bands = feet_and_heads(built_site / "ja" / languages.get("ja").pdf_name)
    marks = [foot for _, foot, _ in bands if re.match(r"\d+\.\d+", foot)]
    assert marks and all(re.match(r"\d+\.\d+\s", mark) for mark in marks), marks


@pytest.mark.parametrize("code", CODES)
def test_no_pdf_line_starts_with_a_long_vowel_mark(built_site, code):
    # Japanese inside a Latin book follows Japanese line breaking too (在ペル|ー日本).
    text = pdf_text(built_site / code / languages.get(code).pdf_name)
    assert re.findall(r"^ー.*", text, re.M) == []


@pytest.mark.parametrize("code", CODES)
def test_the_pdf_title_page_is_dated_in_the_language(built_site, code):
    language = languages.get(code)
    first = unbroken(PdfReader(built_site / code / language.pdf_name).pages[0].extract_text())
    about = page(built_site / code / "about.html").article.get_text(" ")
    long_date = {
        "en": r"\d{1,2} [A-Z][a-z]+ \d{4}",
        "es": r"\d{1,2} de [a-z]+ de \d{4}",
        "ja": r"\d{4}年\d{1,2}月\d{1,2}日",
    }[code]
    date = re.search(long_date, about).group(0)
    assert unbroken(date) in first


@cache
def word_boxes(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, str]]]]:
    """Each page's width and height, and its words with their left, top and bottom, in
    points from the paper's top left corner, as poppler lays them out (figures' text
    included, wherever the page draws it)."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for sheet in BeautifulSoup(xhtml, "html.parser").select("page"):
        words = [
            (float(w["xmin"]), float(w["ymin"]), float(w["ymax"]), w.get_text())
            for w in sheet.select("word")
        ]
        pages.append((float(sheet["width"]), float(sheet["height"]), words))
    return pages


def left_edges(pdf: Path) -> list[float]:
    """Where the text starts on each page, in points from the left edge of the paper."""
    return [min(w[0] for w in words) for _, _, words in word_boxes(pdf) if words]


@pytest.mark.parametrize("code", CODES)
def test_the_text_block_stays_in_place_from_page_to_page(built_site, code):
    # One-sided: a two-sided book moves its text block by 42 mm (119 pt) every page; a
    # page that is all list items starts its text a few millimetres in.
    edges = left_edges(built_site / code / languages.get(code).pdf_name)[1:]
    assert max(edges) - min(edges) < 40, edges


@pytest.mark.parametrize("code", CODES)
def test_no_name_is_hyphenated_in_the_pdf(built_site, code):
    text = pdf_text(built_site / code / languages.get(code).pdf_name)
    name_words = {
        word
        for term in GLOSSARY.terms
        for form in (term.english, *term.required_in(code))
        for word in re.findall(r"[^\W\d_]+", form)
    }
    split = [f"{a}-{b}" for a, b in re.findall(r"(\w+)-\n(\w+)", text) if a + b in name_words]
    assert split == []


# The first names of each edition's index of names, in that language's order: Latin
# letters without regard to accents; Japanese by reading, in gojūon order, then Latin.
INDEX_STARTS = {
    "en": ["Akihito", "Alberto Fujimori", "AP Big Story", "Associated Press"],
    "es": ["Akihito", "Alberto Fujimori", "AP Big Story", "Associated Press", "CNN"],
    "ja": ["青木盛久（Morihisa Aoki）", "明仁（Akihito）",
           "アルベルト・フジモリ（Alberto Fujimori）",
           "エドゥアルド・クルス（Eduardo \"Tito\" Cruz）", "エルマ・メレンデス（Herma Meléndez）",
           "小倉英敬（Hidetaka Ogura）"],
}  # fmt: skip


@pytest.mark.parametrize("code", CODES)
def test_the_index_of_names_lists_every_name_with_its_pages(built_site, code):
    index = page(built_site / code / "index-of-names.html")
    entries = index.select(".embassy-names-index li")
    names = [entry.strong.get_text() for entry in entries]
    assert names[: len(INDEX_STARTS[code])] == INDEX_STARTS[code]
    assert len(names) >= 18
    for entry in entries:
        for link in entry.select("a"):
            target, anchor = link["href"].split("#")
            assert page(built_site / code / target).find(id=anchor) is not None, link
    fujimori = next(e for e in entries if "Alberto Fujimori" in e.strong.get_text())
    assert [a.get_text() for a in fujimori.select("a")] == [
        page(built_site / code / p).h1.get_text().rstrip("¶") for p in ("rescue.html", "names.html")
    ]
    # The PDF: the same names with page numbers.
    text = pdf_text(built_site / code / languages.get(code).pdf_name)
    line = next(line for line in text.splitlines() if "Alberto" in line and "Fujimori" in line
                and re.search(r"\d+, \d+$", line))  # fmt: skip
    assert line
    # Every page number resolved: a reference LaTeX cannot resolve prints ?? and costs
    # a LaTeX pass after another.
    stem = languages.get(code).pdf_basename
    log = built_site.parent / "work" / code / "latex" / f"{stem}.log"
    assert "LaTeX Warning: Reference" not in log.read_text("utf-8", "replace")


@pytest.mark.parametrize("code", CODES)
def test_pdf_pages_are_rendered_for_a_person_to_look_at(built_site, artifacts, code):
    """The title page, a chapter, the names and the index of names, as images (80 dpi)."""
    pdf = built_site / code / languages.get(code).pdf_name
    prefix = artifacts / f"pdf-{code}"
    for old in artifacts.glob(f"pdf-{code}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(artifacts.glob(f"pdf-{code}-*.png"))
    assert len(pages) == len(PdfReader(pdf).pages)
    assert all(p.stat().st_size > 2_000 for p in pages)


# The figures: the labels each edition's catalogue gives them, in the SVG on the page and
# in the PDF's text; vector, with their fonts embedded.
MAP_LABELS = ("Peru", "Lima", "San Isidro", "Pacific Ocean")


def translated(code: str, page_name: str, msgid: str) -> str:
    if code == languages.SOURCE_LANGUAGE:
        return msgid
    catalogue = polib.pofile(str(ROOT / "locales" / code / "LC_MESSAGES" / f"{page_name}.po"))
    entry = catalogue.find(msgid)
    assert entry is not None and entry.msgstr, msgid
    return entry.msgstr


def timeline_dates(site: Path, code: str) -> list[str]:
    table = page(site / code / "timeline.html").select_one("table.timeline")
    return [row.td.get_text().strip() for row in table.tbody.select("tr")]


@pytest.mark.parametrize("code", CODES)
def test_the_figures_speak_the_edition_language_on_the_page(built_site, code):
    hostage_taking = page(built_site / code / "hostage-taking.html")
    svg = hostage_taking.select_one("figure.locator-map svg.embassy-drawing")
    labels = [translated(code, "hostage-taking", label) for label in MAP_LABELS]
    texts = {t.get_text() for t in svg.select("text")}
    assert set(labels) <= texts, (labels, texts)
    caption = hostage_taking.select_one("figure.locator-map figcaption")
    assert svg.title.get_text() == caption.get_text().strip().rstrip("¶")
    assert svg["lang"] == code and svg["role"] == "img"
    # The timeline's labels are the table's own dates, as this edition writes them; the
    # row the article dates only as "later" has no place on the axis.
    timeline = page(built_site / code / "timeline.html").select_one("figure svg.embassy-drawing")
    dates = timeline_dates(built_site, code)
    texts = [t.get_text() for t in timeline.select("text")]
    assert [d for d in dates if d in texts] == [d for i, d in enumerate(dates) if i != 5]
    assert translated(code, "timeline", "126 days") in texts


@pytest.mark.parametrize("code", CODES)
def test_the_figures_are_vector_with_their_words_in_the_pdf(built_site, code):
    pdf = built_site / code / languages.get(code).pdf_name
    reader = PdfReader(pdf)
    text = unbroken(pdf_text(pdf))
    words = [translated(code, "hostage-taking", label) for label in MAP_LABELS]
    words += [d for i, d in enumerate(timeline_dates(built_site, code)) if i != 5]
    assert [w for w in words if unbroken(w) not in text] == []
    assert sum(len(sheet.images) for sheet in reader.pages) == 0
    # The figures' own fonts (in their form XObjects) are embedded like the text's.
    embedded = {}
    for sheet in reader.pages:
        for xobject in sheet.get("/Resources", {}).get("/XObject", {}).values():
            fonts = xobject.get_object().get("/Resources", {}).get("/Font", {})
            for font in fonts.values():
                font = font.get_object()
                inner = (
                    font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                )
                descriptor = inner["/FontDescriptor"].get_object()
                embedded[font["/BaseFont"]] = any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
    assert embedded and all(embedded.values()), embedded
