"""The real book, built as a reader gets it: every name, the infobox, the citations, the PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from embassy_docs import languages

pytestmark = pytest.mark.slow

NAMES = [
    "Toma de la residencia del embajador de Japón en Lima",
    "在ペルー日本大使公邸占拠事件",
    "Zai Perū Nihon taishi kōtei senkyo jiken",
    "Túpac Amaru",
    "MRTA",
    "Morihisa Aoki",
    "Akihito",
    "Alberto Fujimori",
    "Hidetaka Ogura",
    "Tito",
    "Cruz",
    "Victor Peceros",
    "Herma Meléndez",
    "San Isidro",
    "Lima",
    "Inter-American Court of Human Rights",
]

INFOBOX = {
    "Coordinates": "12°05′29″S 77°02′58″W",
    "Date": "17 December 1996 – 22 April 1997",
    "Attack type": "Hostage-taking",
    "Deaths": "17 (1 hostage, 2 soldiers, 14 MRTA militants)",
    "Injured": "8",
    "Perpetrators": "Túpac Amaru Revolutionary Movement (MRTA)",
}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def site_text(edition: Path) -> str:
    return "\n".join(
        soup(page).article.get_text(" ")
        for page in sorted(edition.glob("*.html"))
        if soup(page).article
    )


def test_every_name_is_in_the_english_site(built_site):
    text = site_text(built_site / "en")
    assert [name for name in NAMES if name not in text] == []


def test_home_page_is_english_with_tagged_names(built_site):
    page = soup(built_site / "en" / "index.html")
    assert page.html["lang"] == "en"
    assert page.find("span", lang="ja").get_text() == "在ペルー日本大使公邸占拠事件"
    assert page.find("span", lang="es").get_text().startswith("Toma de la residencia")


def test_infobox_is_a_table_with_the_article_values(built_site):
    table = soup(built_site / "en" / "index.html").find("table", id="infobox")
    rows = {
        row.th.get_text(strip=True): row.td.get_text(" ", strip=True)
        for row in table.find_all("tr")
    }
    for label, value in INFOBOX.items():
        assert value in rows[label]
    link = table.find("a", href=lambda href: href and href.startswith("geo:"))
    assert link["href"] == "geo:-12.09139,-77.04944"


def test_citations_link_to_the_four_bibliography_entries(built_site):
    edition = built_site / "en"
    entries = soup(edition / "bibliography.html").select("div.citation")
    assert len(entries) == 4
    targets = {f"bibliography.html#{entry['id']}" for entry in entries}
    cited = {
        link["href"]
        for page in edition.glob("*.html")
        for link in soup(page).select("span.bibtex-citation a")
    }
    assert cited == targets
    text = " ".join(entry.get_text(" ") for entry in entries)
    for title in (
        "Peru state attorney seeks Fujimori murder charges",
        "IACHR: Peru violated executed rebel’s human rights",
    ):
        assert title in text
    assert "Dead link" in text


def pdf_of(built_site: Path, code: str) -> PdfReader:
    return PdfReader(built_site / code / languages.get(code).pdf_name)


def test_english_pdf_has_every_name_verbatim(built_site):
    text = "".join(page.extract_text() for page in pdf_of(built_site, "en").pages)
    assert [name for name in NAMES if name not in text] == []


def embedded(font) -> bool:
    font = font.get_object()
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def test_english_pdf_embeds_every_font(built_site):
    fonts = {}
    for page in pdf_of(built_site, "en").pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            fonts[font.get_object()["/BaseFont"]] = embedded(font)
    assert fonts and all(fonts.values()), fonts
    assert any("NotoSerifCJK" in name for name in fonts)


def test_english_pdf_metadata_and_bookmarks(built_site):
    reader = pdf_of(built_site, "en")
    assert reader.metadata.title == "Japanese embassy hostage crisis"
    assert reader.metadata.author == languages.get("en").author
    assert reader.trailer["/Root"]["/Lang"] == "en"
    titles = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert "The rescue raid" in titles and "Bibliography" in titles
