import pytest
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from embassy_docs import languages


@pytest.mark.parametrize("code", ["en", "es", "ja"])
def test_each_edition_takes_its_settings_from_the_registry(make_app, rootdir, tmp_path, code):
    app = make_app(
        "html", srcdir=rootdir / "test-names", builddir=tmp_path, confoverrides={"language": code}
    )
    language = languages.get(code)
    assert app.config.project == language.title
    assert app.config.latex_engine == "xelatex"
    assert app.config.latex_docclass == {"manual": language.latex.docclass}
    assert app.config.latex_documents[0][1] == f"{language.pdf_basename}.tex"
    assert r"\tracinglostchars=3" in app.config.latex_elements["preamble"]


def test_japanese_pdf_avoids_polyglossia_and_fncychap(make_app, rootdir, tmp_path):
    app = make_app(
        "latex", srcdir=rootdir / "test-names", builddir=tmp_path, confoverrides={"language": "ja"}
    )
    elements = app.config.latex_elements
    assert elements["polyglossia"] == elements["babel"] == elements["fncychap"] == ""
    assert "ja=standard" in elements["classoptions"]


def test_unknown_language_is_a_config_error(rootdir, tmp_path):
    with pytest.raises(ConfigError, match=r"unknown language code 'xx'.*en, es, ja"):
        SphinxTestApp(
            "html",
            srcdir=rootdir / "test-names",
            builddir=tmp_path,
            confoverrides={"language": "xx"},
        )


@pytest.mark.parametrize(
    ("hosted", "expected"), [("ja", "ja"), ("es", "es"), ("es-mx", "es"), ("en", "en")]
)
def test_read_the_docs_language_chooses_the_edition(
    make_app, rootdir, tmp_path, monkeypatch, hosted, expected
):
    monkeypatch.setenv("READTHEDOCS_LANGUAGE", hosted)
    app = make_app("html", srcdir=rootdir / "test-names", builddir=tmp_path)
    assert app.config.language == expected
    assert app.config.project == languages.get(expected).title


def test_command_line_language_wins_over_read_the_docs(make_app, rootdir, tmp_path, monkeypatch):
    monkeypatch.setenv("READTHEDOCS_LANGUAGE", "ja")
    app = make_app(
        "html", srcdir=rootdir / "test-names", builddir=tmp_path, confoverrides={"language": "es"}
    )
    assert app.config.language == "es"
