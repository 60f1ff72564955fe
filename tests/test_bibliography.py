import pytest
from bs4 import BeautifulSoup


def entries(app) -> list[str]:
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    return [item.p.get_text() for item in soup.select("div.citation")]


@pytest.mark.sphinx("html", testroot="bibliography")
def test_english_entries_follow_the_article(app, warning):
    two, one = entries(app)
    assert (
        two == "“Peru’s famed hostage raid investigated”. AP Big Story, 3 January 2012. Dead link."
    )
    assert one == (
        "Briceno, Franklin and Post, Colin. “Peru’s famed hostage raid investigated in Lima”. "
        "Deseret News, Associated Press, 18 May 2012. "
        "Archived from the original on 12 July 2018. Retrieved 12 July 2018."
    )
    assert warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="bibliography", confoverrides={"language": "es"})
def test_spanish_words_around_titles_as_published(app):
    two, one = entries(app)
    assert two == (
        "«Peru’s famed hostage raid investigated». AP Big Story, 3 de enero de 2012. Enlace roto."
    )
    assert one == (
        "Briceno, Franklin y Post, Colin. «Peru’s famed hostage raid investigated in Lima». "
        "Deseret News, Associated Press, 18 de mayo de 2012. "
        "Archivado desde el original el 12 de julio de 2018. Consultado el 12 de julio de 2018."
    )


@pytest.mark.sphinx("html", testroot="bibliography", confoverrides={"language": "ja"})
def test_japanese_words_around_titles_as_published(app):
    two, one = entries(app)
    assert (
        two
        == "「Peru’s famed hostage raid investigated」。AP Big Story、2012年1月3日。リンク切れ。"
    )
    assert one.startswith(
        "Briceno, Franklin、Post, Colin「Peru’s famed hostage raid investigated in Lima」。"
    )
    assert one.endswith("2018年7月12日時点のオリジナルよりアーカイブ。2018年7月12日閲覧。")
