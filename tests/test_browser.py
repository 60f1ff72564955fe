"""The site in a real browser: Debian's chromium driven by Playwright, the site served
on 127.0.0.1. Screenshots go to $EMBASSY_ARTIFACTS (default: _build/artifacts/)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from embassy_docs import languages

pytestmark = pytest.mark.slow
playwright_api = pytest.importorskip("playwright.sync_api")
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# No background traffic: this machine reaches nothing outside, and neither should a test.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
FIRST_VIEW_LIMIT = 150 * 1024
CODES = languages.codes()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM)")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_switching_language_on_a_deep_page_lands_on_the_same_page(browser, server):
    page = browser.new_page()
    page.goto(server + "en/aftermath.html")
    page.click(".embassy-languages a[hreflang=ja]")
    page.wait_for_url("**/ja/aftermath.html")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.click(".embassy-languages a[hreflang=es]")
    page.wait_for_url("**/es/aftermath.html")
    assert page.locator("h1").inner_text().startswith("Las consecuencias")
    page.close()


@pytest.mark.parametrize(
    ("locale", "expected"), [("ja-JP", "ja/"), ("es-MX", "es/"), ("en-US", "en/")]
)
def test_root_chooser_follows_the_browser_language(browser, server, locale, expected):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(server + "index.html")
    page.wait_for_url(f"**/{expected}index.html")
    context.close()


def test_root_chooser_stays_for_other_languages(browser, server):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(server + "index.html")
    page.wait_for_load_state("load")
    assert page.url == server + "index.html"
    assert page.locator("a.edition").all_inner_texts() == ["English", "Español", "日本語"]
    context.close()


def search_results(browser, server: str, code: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(f"{server}{code}/search.html?q={query}")
    page.wait_for_selector("#search-results p.search-summary", timeout=15000)
    results = page.locator("#search-results ul.search li a").all_inner_texts()
    page.close()
    return results


@pytest.mark.parametrize(
    ("code", "query", "page_title"),
    [
        ("ja", "大使", "名称"),
        ("ja", "公邸", "人質拘束と126日間"),
        ("ja", "Túpac", "名称"),
        ("ja", "Meléndez", "その後の経緯"),
        ("ja", "Perū", "在ペルー日本大使公邸占拠事件"),
        ("en", "在ペルー日本大使公邸占拠事件", "Names"),
        ("en", "大使", "Japanese embassy hostage crisis"),
        ("es", "公邸", "Nombres"),
        ("es", "Túpac", "Nombres"),
        # Readers type names without their accents.
        ("en", "tupac", "Names"),
        ("ja", "Tupac", "名称"),
        ("es", "Melendez", "Nombres"),
    ],
)
def test_search_finds_names_across_scripts(browser, server, code, query, page_title):
    assert page_title in search_results(browser, server, code, query)


def test_every_pdf_link_downloads_a_pdf(browser, server):
    page = browser.new_page()
    links = [(server + "index.html#choose", f"a[href='{c}/{languages.get(c).pdf_name}']")
             for c in CODES]  # fmt: skip
    links += [(f"{server}{c}/rescue.html", ".embassy-pdf a") for c in CODES]
    for url, selector in links:
        page.goto(url)
        with page.expect_download() as download:
            page.click(selector)
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"%PDF-"), (url, selector)
        assert download.value.suggested_filename.endswith(".pdf")
    page.close()


def every_page(site: Path) -> list[str]:
    pages = ["index.html#choose", "404.html"]
    return pages + [f"{c}/{p.name}" for c in CODES for p in sorted((site / c).glob("*.html"))]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(browser, server, built_site, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    axe = axe_api.Axe()
    found = {}
    for path in every_page(built_site):
        page.goto(server + path)
        result = axe.run(page)
        if result.violations_count:
            found[path] = [v["id"] for v in result.response["violations"]]
    context.close()
    assert found == {}


@pytest.mark.parametrize("code", CODES)
def test_first_view_is_light_and_local(browser, server, code):
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}
    outside: list[str] = []

    def record(response) -> None:
        if not response.url.startswith(server):
            outside.append(response.url)
        elif response.status == 200:
            sizes[response.url] = len(response.body())

    page.on("requestfailed", lambda request: outside.append(request.url))
    page.on("response", record)
    for path in ("index.html", "aftermath.html", "hostage-taking.html", "timeline.html"):
        sizes.clear()
        page.goto(f"{server}{code}/{path}", wait_until="networkidle")
        assert sum(sizes.values()) <= FIRST_VIEW_LIMIT, (path, sizes)
    assert outside == []
    context.close()


@pytest.mark.parametrize("code", CODES)
def test_screenshot_of_each_edition(browser, server, artifacts, code):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{server}{code}/index.html")
    target = artifacts / f"site-{code}.png"
    page.screenshot(path=str(target))
    page.close()
    assert target.stat().st_size > 10_000


# For each character of Japanese text that starts a line, what would be wrong there: ー
# or a small kana, a counter or digit parted from its number, a citation on its own.
LINE_STARTS_JS = """
() => {
  const bad = [];
  const walker = document.createTreeWalker(document.querySelector("article"),
                                           NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let previousTop = null, previous = "", previousBlock = null;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    // A figure's labels are placed, not broken into lines.
    if (node.parentElement.closest("svg")) continue;
    // A new paragraph, item or cell starts a line of its own.
    const block = node.parentElement.closest("p, li, dt, dd, td, th, h1, h2, h3, caption");
    if (block !== previousBlock) previousTop = null;
    previousBlock = block;
    const japanese = node.parentElement.closest(":lang(ja)") &&
                     !node.parentElement.closest(":lang(ja-Latn)");
    for (let i = 0; i < node.data.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (!rects.length || !node.data[i].trim()) continue;
      const top = rects[0].top, c = node.data[i];
      if (previousTop !== null && top > previousTop + 4) {
        const afterDigit = /[0-9]/.test(previous);
        if ((japanese && /[ーぁぃぅぇぉっゃゅょァィゥェォッャュョ]/.test(c)) ||
            (afterDigit && /[0-9年月日人歳件つ度分秒間]/.test(c)) || c === "[") {
          bad.push(previous + "|" + c);
        }
      }
      previousTop = top;
      previous = c;
    }
  }
  return bad;
}
"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("code", CODES)
def test_no_japanese_line_breaks_where_a_typesetter_would_not(
    browser, server, built_site, artifacts, code, width
):
    page = browser.new_page(viewport={"width": width, "height": 844 if width < 800 else 800})
    found = {}
    for path in sorted((built_site / code).glob("*.html")):
        if path.name in {"search.html", "genindex.html", "404.html"}:
            continue
        page.goto(f"{server}{code}/{path.name}")
        bad = page.evaluate(LINE_STARTS_JS)
        if bad:
            found[path.name] = bad
    page.goto(f"{server}{code}/timeline.html")
    page.screenshot(path=str(artifacts / f"timeline-{code}-{width}.png"), full_page=True)
    page.close()
    assert found == {}


@pytest.mark.parametrize("code", CODES)
def test_a_phone_reader_finds_the_pdf_and_a_search_box(browser, server, artifacts, code):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}{code}/index.html")
    pdf = page.locator(".embassy-pdf-inline a[type='application/pdf']")
    assert pdf.is_visible() and pdf.get_attribute("href") == languages.get(code).pdf_name
    epub = page.locator(".embassy-pdf-inline a[type='application/epub+zip']")
    assert epub.is_visible() and epub.get_attribute("href") == languages.get(code).epub_name
    page.screenshot(path=str(artifacts / f"home-{code}-390.png"), full_page=True)
    page.goto(f"{server}{code}/search.html?q=Lima")
    page.wait_for_selector("#search-results p.search-summary", timeout=15000)
    box = page.locator(".embassy-search-again input[name=q]")
    assert box.is_visible() and box.input_value() == "Lima"
    page.close()
    # On a wide screen the sidebar has both, and the page does not repeat them.
    wide = browser.new_page(viewport={"width": 1280, "height": 800})
    wide.goto(f"{server}{code}/index.html")
    assert not wide.locator(".embassy-pdf-inline").is_visible()
    wide.close()


def luminance(css_colour: str) -> float:
    red, green, blue = (
        int(v) / 255 for v in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_figures_are_legible_in_light_and_dark(browser, server, artifacts, code, scheme):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    for path, figure in (
        ("hostage-taking.html", "figure.locator-map"),
        ("timeline.html", "figure.timeline-figure"),
    ):
        page.goto(f"{server}{code}/{path}")
        element = page.locator(figure)
        element.screenshot(path=str(artifacts / f"{figure.split('.')[1]}-{code}-{scheme}.png"))
        # Labels in the page's text colour, against the page's background.
        text, background = page.eval_on_selector(
            f"{figure} svg text",
            """t => [getComputedStyle(t).fill,
                     getComputedStyle(document.body).backgroundColor]""",
        )
        contrast = abs(luminance(text) - luminance(background))
        assert contrast > 0.6, (path, text, background)
        box = element.locator("svg").bounding_box()
        assert box is not None and box["width"] > 400
    page.close()


@pytest.mark.parametrize("code", CODES)
def test_names_and_their_description_are_stacked_on_a_phone(browser, server, artifacts, code):
    def layout(width: int) -> list[tuple[float, float, float]]:
        """For each row of the people's table: name's bottom, description's top, and
        the name cell's width as a share of the table's."""
        page = browser.new_page(viewport={"width": width, "height": 844})
        page.goto(f"{server}{code}/names.html")
        rows = page.eval_on_selector_all(
            "table.names-list tbody tr",
            """rows => rows.map(row => {
                const [name, role] = row.querySelectorAll('td');
                const a = name.getBoundingClientRect(), b = role.getBoundingClientRect();
                const table = row.closest('table').getBoundingClientRect();
                return [a.bottom, b.top, a.width / table.width];
            })""",
        )
        if width == 390:
            page.screenshot(path=str(artifacts / f"names-{code}-390.png"), full_page=True)
        page.close()
        return rows

    phone, desk = layout(390), layout(1280)
    assert phone and all(top >= bottom - 1 and share > 0.9 for bottom, top, share in phone)
    assert desk and all(top < bottom for bottom, top, _ in desk)


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("en", "Your search did not match any pages."),
        ("es", "La búsqueda no coincide con ninguna página."),
        ("ja", "検索条件に一致するページは見つからなかった。"),
    ],
)
def test_a_search_that_finds_nothing_says_so_in_the_book_s_voice(browser, server, code, said):
    # One register on the search page (Japanese: plain, as the book), and no word of the
    # categories this site does not have.
    page = browser.new_page()
    page.goto(f"{server}{code}/search.html?q=zzzzqqq")
    page.wait_for_selector("#search-results p.search-summary", timeout=15000)
    summary = page.locator("#search-results p.search-summary").inner_text()
    page.close()
    assert summary.startswith(said)
    assert not any(word in summary for word in ("categor", "カテゴリ", "ません"))
