import subprocess
from pathlib import Path

import pytest

from embassy_docs import languages
from embassy_docs.catalogues import lint
from embassy_docs.cli import main

from .conftest import ROOT

HEADER = """\
msgid ""
msgstr ""
"Language: {lang}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: {plural}\\n"
"""


def catalogue(tmp_path: Path, lang: str, body: str) -> Path:
    """A catalogue as a translator's editor writes it, with the registry's plural rule."""
    path = tmp_path / lang / "LC_MESSAGES" / "page.po"
    path.parent.mkdir(parents=True)
    plural = languages.get(lang).plural_forms
    path.write_text(HEADER.format(lang=lang, plural=plural) + body, "utf-8")
    return path


@pytest.fixture(scope="module")
def names():
    glossary, problems = lint.load_glossary(ROOT / "locales" / "glossary.tbx")
    assert problems == []
    return glossary


def test_dropped_name_is_reported_with_file_and_line(tmp_path, names):
    path = catalogue(
        tmp_path,
        "ja",
        """
msgid "The ambassador, Morihisa Aoki, was in Lima."
msgstr "大使の青木盛久はリマ（Lima）にいた。"
""",
    )
    problems = lint.lint_file(path, names)
    assert [str(p) for p in problems] == [
        f'{path}:8: E201 msgstr drops the name "Morihisa Aoki" (glossary entry aoki): keep it '
        "as written; a local rendering may stand beside it, e.g. 青木盛久（Morihisa Aoki）"
    ]


def test_names_check_reads_japanese_without_spaces(tmp_path, names):
    path = catalogue(
        tmp_path,
        "ja",
        """
msgid "The Japanese embassy hostage crisis ({ja}`在ペルー日本大使公邸占拠事件`) began in Lima."
msgstr "{ja}`在ペルー日本大使公邸占拠事件`はリマ（Lima）で始まった。"
""",
    )
    assert lint.lint_file(path, names) == []


def test_spanish_keeps_multiword_names(tmp_path, names):
    path = catalogue(
        tmp_path,
        "es",
        """
msgid "The Inter-American Court of Human Rights ruled in 2015."
msgstr "La Corte Interamericana de Derechos Humanos falló en 2015."
""",
    )
    (problem,) = lint.lint_file(path, names)
    assert problem.code == "E201" and "Inter-American Court of Human Rights" in problem.message


def test_fuzzy_and_untranslated_are_warnings_unless_strict(tmp_path, names):
    path = catalogue(
        tmp_path,
        "es",
        """
#, fuzzy
msgid "Timeline"
msgstr "Cronología"

msgid "Names"
msgstr ""
""",
    )
    problems = lint.lint_file(path, names)
    assert [(p.code, p.severity, p.line) for p in problems] == [
        ("W301", "warning", 9), ("W302", "warning", 12),
    ]  # fmt: skip
    assert {p.severity for p in lint.strict(problems)} == {"error"}


def test_cli_exits_1_on_an_error_and_prints_path_line(tmp_path, capsys):
    path = catalogue(
        tmp_path,
        "es",
        """
msgid "Herma Meléndez was 17."
msgstr "Herma Melendez tenía 17 años."
""",
    )
    assert main(["lint", str(path)]) == 1
    err = capsys.readouterr().out
    assert f"{path}:8: E201" in err and "Herma Meléndez" in err


def test_cli_strict_fails_on_fuzzy(tmp_path, capsys):
    path = catalogue(tmp_path, "es", '#, fuzzy\nmsgid "Names"\nmsgstr "Nombres"\n')
    assert main(["lint", str(path)]) == 0
    assert main(["lint", "--strict", str(path)]) == 1


def test_the_real_catalogues_are_clean(capsys):
    assert main(["lint", "--strict"]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_every_catalogue_passes_msgfmt_check():
    paths = sorted((ROOT / "locales").rglob("*.po"))
    paths += sorted((ROOT / "src" / "embassy_docs" / "sphinx_ext" / "locale").rglob("*.po"))
    assert paths
    for path in paths:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0 and result.stderr == "", f"{path}: {result.stderr}"


def test_an_institutions_english_name_is_needed_at_its_first_mention_on_a_page(tmp_path, names):
    path = catalogue(
        tmp_path,
        "es",
        """
msgid "The Peruvian Armed Forces."
msgstr "Las Fuerzas Armadas del Perú."

msgid "Commandos of the Peruvian Armed Forces."
msgstr "Comandos de las Fuerzas Armadas del Perú (Peruvian Armed Forces)."

msgid "The Peruvian Armed Forces again."
msgstr "De nuevo, las Fuerzas Armadas del Perú."
""",
    )
    found = [(p.line, p.code) for p in lint.lint_file(path, names)]
    # The first mention lacks the English; the second repeats it; the third is right.
    assert found == [(8, "E201"), (11, "W201")]


@pytest.mark.parametrize(
    "mark", ["\u0338", "\u0336", "\u20e3", "\ufe0f", "\U000e0100", "\u0301"], ids=repr
)
def test_a_name_with_a_mark_drawn_over_it_is_not_kept(tmp_path, names, mark):
    path = catalogue(
        tmp_path,
        "es",
        f'\nmsgid "The MRTA seized the residence."\nmsgstr "El MRTA{mark} tomó la residencia."\n',
    )
    assert "E201" in {p.code for p in lint.lint_file(path, names)}


def test_decomposed_text_is_refused_not_normalised(tmp_path, names):
    decomposed = "Meléndez".replace("é", "e\u0301")
    path = catalogue(
        tmp_path,
        "es",
        f'\nmsgid "Herma Meléndez was killed."\nmsgstr "Herma {decomposed} fue asesinada."\n',
    )
    problems = lint.lint_file(path, names)
    assert (8, "E111") in {(p.line, p.code) for p in problems}


BUILD_REFUSES = {
    # What the build's node comparison refuses; lint names it at the same line.
    "a link title added": (
        "See [the ruling](https://example.org/ruling) of the court.",
        'Véase [la sentencia](https://example.org/ruling "Sentencia") del tribunal.',
        "E216",
    ),
    "a name moved into a second paragraph": (
        "The ambassador, Morihisa Aoki, was in Lima.",
        "El embajador estaba en Lima.\\n\\nSe llamaba Morihisa Aoki.",
        "E217",
    ),
}


@pytest.mark.parametrize("kind", sorted(BUILD_REFUSES))
def test_lint_names_what_the_build_refuses(tmp_path, names, kind):
    msgid, msgstr, code = BUILD_REFUSES[kind]
    path = catalogue(tmp_path, "es", f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n')
    assert (8, code) in {(p.line, p.code) for p in lint.lint_file(path, names)}


FLUENT = {
    # What a fluent translator writes, which every rule above accepts.
    "composed accents, a name before a comma": (
        "The MRTA seized the residence.",
        "El MRTA, con Túpac Amaru en su nombre, tomó la residencia.",
    ),
    "a link kept, one paragraph": (
        "See [the ruling](https://example.org/ruling) of the court.",
        "Véase [la sentencia](https://example.org/ruling) del tribunal.",
    ),
}


@pytest.mark.parametrize("kind", sorted(FLUENT))
def test_what_a_fluent_translator_writes_passes(tmp_path, names, kind):
    msgid, msgstr = FLUENT[kind]
    path = catalogue(tmp_path, "es", f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n')
    assert lint.lint_file(path, names) == []
