"""The assembled site as files: root chooser, alternates, switcher, metadata, sitemap,
404 pages, the partial-translation notice."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup

from embassy_docs import languages
from embassy_docs.cli import main

from .conftest import copy_project

pytestmark = pytest.mark.slow
CODES = languages.codes()


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def content_pages(site: Path, code: str) -> list[Path]:
    return [p for p in sorted((site / code).glob("*.html")) if p.name not in {"404.html"}]


def resolve(page: Path, href: str) -> Path:
    return Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), href)))


def test_root_chooser_lists_every_edition_with_its_pdf(built_site):
    root = soup(built_site / "index.html")
    for code in CODES:
        link = root.find("a", class_="edition", href=f"{code}/index.html")
        assert link.get_text() == languages.get(code).native_name
        pdf = root.find("a", href=f"{code}/{languages.get(code).pdf_name}")
        assert pdf is not None and (built_site / pdf["href"]).is_file()
        kilobytes = round((built_site / pdf["href"]).stat().st_size / 1024)
        assert pdf.get_text().replace(",", "").replace(".", "") == f"PDF {kilobytes} KB"
        # The heading gives the book's title in each edition's words, each on its own.
        title = root.h1.find("span", lang=code)
        assert title.get_text() == languages.get(code).title
    script = root.find("script").get_text()
    assert "navigator.languages" in script and "location.replace" in script


def test_the_root_404_speaks_every_language_from_the_sites_own_root(built_site):
    page = soup(built_site / "404.html")
    said = {"en": "Page not found", "es": "Página no encontrada", "ja": "ページが見つからない"}
    for code in CODES:
        assert said[code] in page.h1.find("span", lang=code).get_text()
        link = page.find("a", href=f"/embassy-docs/{code}/index.html")
        assert link is not None and languages.get(code).title in link.get_text()


@pytest.mark.parametrize("code", CODES)
def test_alternates_and_switcher_lead_to_the_same_page(built_site, code):
    for page in content_pages(built_site, code):
        html = soup(page)
        alternates = {
            link["hreflang"]: link["href"] for link in html.find_all("link", rel="alternate")
        }
        assert set(alternates) == {*CODES, "x-default"}
        for href in alternates.values():
            target = resolve(page, href)
            assert target.is_file() and target.name == page.name, (page, href)
        switcher = html.select(".embassy-languages a")
        assert [a.get_text() for a in switcher] == [languages.get(c).native_name for c in CODES]
        for link in switcher:
            assert resolve(page, link["href"]) == built_site / link["hreflang"] / page.name
        current = html.select_one('.embassy-languages a[aria-current="page"]')
        assert current["hreflang"] == code


@pytest.mark.parametrize("code", CODES)
def test_pages_carry_title_description_and_opengraph(built_site, code):
    language = languages.get(code)
    rescue = soup(built_site / code / "rescue.html")
    meta = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in rescue.find_all("meta")
        if tag.get("content")
    }
    heading = rescue.h1.get_text().rstrip("¶")
    assert rescue.title.get_text().startswith(heading)
    assert meta["og:title"] == heading
    assert meta["og:locale"] == language.og_locale
    assert meta["og:site_name"] == language.title
    first_paragraph = rescue.article.p.get_text()
    assert meta["description"] == meta["og:description"]
    assert first_paragraph.startswith(meta["description"].rstrip("…")[:40])
    icon = rescue.find("link", rel="icon") or rescue.find("link", rel="shortcut icon")
    assert resolve(built_site / code / "rescue.html", icon["href"].split("?")[0]).is_file()


def test_sitemap_lists_pages_with_their_alternates(built_site):
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
                  "x": "http://www.w3.org/1999/xhtml"}  # fmt: skip
    tree = ET.parse(built_site / "sitemap.xml")
    urls = tree.findall("s:url", namespaces)
    pages = [p for c in CODES for p in content_pages(built_site, c)]
    assert len(urls) == len([p for p in pages if p.name not in {"search.html", "404.html"}])
    for url in urls:
        location = url.find("s:loc", namespaces).text
        code, page = location.split("/")[-2:]
        assert (built_site / code / page).is_file()
        alternates = {a.get("hreflang") for a in url.findall("x:link", namespaces)}
        assert alternates == set(CODES)
    assert (
        "Sitemap: https://example.org/embassy-docs/sitemap.xml"
        in (built_site / "robots.txt").read_text()
    )


def site_files(site: Path) -> dict[str, str]:
    suffixes = {".html", ".xml", ".txt", ".js"}
    return {
        p.relative_to(site).as_posix(): p.read_text("utf-8", "replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in suffixes
    }


def test_a_site_built_for_its_address_names_no_other(built_site):
    files = site_files(built_site)
    assert [name for name, text in files.items() if "localhost" in text] == []
    canonical = soup(built_site / "es" / "rescue.html").find("link", rel="canonical")
    assert canonical["href"] == "https://example.org/embassy-docs/es/rescue.html"


def test_a_site_built_without_an_address_publishes_none(tmp_path):
    project = copy_project(tmp_path / "book")
    assert main(["--root", str(project), "build", "--lang", "en", "--format", "html"]) == 0
    site = project / "_build" / "site"
    files = site_files(site)
    assert [name for name, text in files.items() if "localhost" in text] == []
    assert not (site / "sitemap.xml").exists()
    assert "Sitemap" not in (site / "robots.txt").read_text()
    page = soup(site / "en" / "rescue.html")
    assert page.find("link", rel="canonical") is None
    assert page.find("meta", property="og:url") is None


@pytest.mark.parametrize("code", CODES)
def test_each_edition_has_a_404_page_in_its_language(built_site, code):
    page = soup(built_site / code / "404.html")
    assert page.html["lang"] == code
    expected = {"en": "Page not found", "es": "Página no encontrada", "ja": "ページが見つからない"}
    assert page.h1.get_text() == expected[code]
    assert page.find("a", href=f"/{code}/index.html")
    assert (built_site / "404.html").is_file()


@pytest.mark.parametrize("code", CODES)
def test_nothing_is_loaded_from_outside_the_site(built_site, code):
    for page in (built_site / code).glob("*.html"):
        html = soup(page)
        sources = [tag.get("src") for tag in html.find_all(["script", "img", "iframe"])]
        sources += [
            tag.get("href")
            for tag in html.find_all("link")
            if not {"alternate", "canonical"} & set(tag.get("rel", []))
        ]
        remote = [s for s in sources if s and ("//" in s)]
        assert remote == [], (page, remote)


def test_partially_translated_page_says_so_with_its_share(tmp_path):
    project = copy_project(tmp_path / "book")
    po = project / "locales" / "es" / "LC_MESSAGES" / "rescue.po"
    catalogue = polib.pofile(str(po))
    for entry in list(catalogue)[:3]:
        entry.msgstr = ""
    catalogue.save()
    share = int(100 * (len(catalogue) - 3) / len(catalogue))
    assert main(["--root", str(project), "build", "--lang", "es", "--format", "html"]) == 0
    site = project / "_build" / "site" / "es"
    notice = soup(site / "rescue.html").select_one(".embassy-partial")
    assert notice is not None
    assert f"{share} %" in notice.get_text() and "inglés" in notice.get_text()
    assert soup(site / "aftermath.html").select_one(".embassy-partial") is None
