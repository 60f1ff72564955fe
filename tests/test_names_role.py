import pytest
from bs4 import BeautifulSoup

NAMES = {
    "es": "Toma de la residencia del embajador de Japón en Lima",
    "ja": "在ペルー日本大使公邸占拠事件",
    "ja-Latn": "Zai Perū Nihon taishi kōtei senkyo jiken",
}


@pytest.mark.sphinx("html", testroot="names")
def test_names_are_tagged_with_their_language(app, warning):
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    spans = {span["lang"]: span.get_text() for span in soup.select("span.original-name")}
    assert spans == NAMES
    assert warning.getvalue() == ""


@pytest.mark.sphinx("latex", testroot="names")
def test_names_reach_latex_as_plain_text(app, warning):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text("utf-8")
    for name in NAMES.values():
        assert name in tex
    assert warning.getvalue() == ""
