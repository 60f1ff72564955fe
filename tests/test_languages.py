import pytest

from embassy_docs import languages


def test_source_language_comes_first():
    assert languages.codes()[0] == languages.SOURCE_LANGUAGE == "en"


@pytest.mark.parametrize("code", ["en", "es", "ja"])
def test_every_edition_has_its_settings(code):
    language = languages.get(code)
    assert language.code == code
    assert language.pdf_name.endswith(f"-{code}.pdf")
    assert "latexmk" in language.latex.debian_packages
    assert "{date}" in language.bibliography.retrieved


def test_unknown_code_names_the_known_ones():
    with pytest.raises(languages.UnknownLanguageError) as caught:
        languages.get("fr")
    message = str(caught.value)
    assert "'fr'" in message
    assert "en, es, ja" in message
    assert "languages.toml" in message
