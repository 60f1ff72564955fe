"""Numbers, dates and years survive translation: lint and the build's guard refuse a
msgstr that changes, drops or adds one, in the real catalogues and in a small test root."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest

from embassy_docs.catalogues import facts, lint, reading, rules
from embassy_docs.catalogues.reading import Entry
from embassy_docs.cli import main

from .conftest import ROOT, copy_project

# (what changes, catalogue, msgid, the text replaced in its msgstr, the replacement,
#  the message expected)
CHANGES = {
    "number": (
        "es/LC_MESSAGES/hostage-taking.po",
        "The hostage-taking and the 126 days",
        "126",
        "162",
        "E220 msgstr changes 126 → 162",
    ),
    "date": (
        "ja/LC_MESSAGES/timeline.po",
        "22 April 1997",
        "4月22日",
        "4月23日",
        "E220 msgstr changes 22 → 23",
    ),
    "month": (
        "es/LC_MESSAGES/timeline.po",
        "17 December 1996",
        "diciembre",
        "noviembre",
        "E220 msgstr changes December → noviembre",
    ),
    "year": (
        "es/LC_MESSAGES/aftermath.po",
        "The 2015 ruling",
        "2015",
        "2016",
        "E220 msgstr changes 2015 → 2016",
    ),
    "ordinal": (
        "ja/LC_MESSAGES/hostage-taking.po",
        "On 17 December 1996, hundreds of guests",
        "63歳",
        "64歳",
        "E220 msgstr changes 63 → 64",
    ),
    "word-number": (
        "es/LC_MESSAGES/hostage-taking.po",
        "Fourteen members of the Túpac Amaru",
        "Catorce",
        "Quince",
        "E220 msgstr changes Fourteen → Quince",
    ),
    "dropped": (
        "ja/LC_MESSAGES/names.po",
        "Named by the court as a victim deprived of his",
        "25歳。",
        "",
        "E220 msgstr drops 25",
    ),
    "added": (
        "es/LC_MESSAGES/rescue.po",
        "The rescue raid",
        "operación de rescate",
        "operación de rescate de 1997",
        "E220 msgstr adds 1997, which the msgid does not have",
    ),
    "date form": (
        "es/LC_MESSAGES/timeline.po",
        "17 December 1996",
        "17 de diciembre de 1996",
        "diciembre 17, 1996",
        "E221 msgstr writes the date 1996-12-17 in another form: write '17 de diciembre de 1996'",
    ),
}


@pytest.fixture(scope="module")
def names():
    glossary, problems = lint.load_glossary(ROOT / "locales" / "glossary.tbx")
    assert problems == []
    return glossary


@pytest.mark.parametrize("kind", CHANGES)
def test_each_kind_of_change_is_named_with_both_values(tmp_path, names, kind):
    relative, msgid, before, after, expected = CHANGES[kind]
    path = tmp_path / relative
    path.parent.mkdir(parents=True)
    shutil.copy(ROOT / "locales" / relative, path)
    catalogue = polib.pofile(str(path))
    entry = next(e for e in catalogue if e.msgid.startswith(msgid))
    assert before in entry.msgstr
    entry.msgstr = entry.msgstr.replace(before, after, 1)
    catalogue.save()
    problems = [str(p) for p in lint.lint_file(path, names) if p.code.startswith("E22")]
    line = reading.read_file(path).lines[entry.msgid]
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line}: {expected}")


def test_each_languages_own_forms_hold_the_same_facts():
    english = "On 17 December 1996, Fourteen members; the 63rd birthday; one of them."
    assert facts.changes(english, "El 17 de diciembre de 1996, catorce miembros; el 63.er "
                         "cumpleaños; uno de ellos.", "es") == []  # fmt: skip
    assert (
        facts.changes(english, "1996年12月17日、メンバー14人。63歳の誕生日。そのうちの1人。", "ja")
        == []
    )
    # Articles and words made with a numeral stand for a 1, but never add one.
    assert facts.changes("A party.", "Una fiesta.", "es") == []
    assert facts.changes("In one step.", "一度に。", "ja") == []
    # Role targets, code and link destinations are the markup rules' business.
    assert facts.changes("See {cite}`post2015`.", "Véase {cite}`post2015`.", "es") == []
    # "may" is not a month.
    assert facts.changes("A translation may add it.", "Una traducción puede añadirlo.", "es") == []


def test_the_whole_book_keeps_its_facts(names):
    paths = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))
    assert len(paths) >= 16
    found = [str(p) for path in paths for p in lint.lint_file(path, names) if p.code >= "E2"]
    assert found == []


@pytest.mark.sphinx("html", testroot="facts")
def test_the_build_refuses_a_changed_fact_and_shows_the_english(app, warning):
    app.build()
    html = (app.outdir / "index.html").read_text("utf-8")
    log = warning.getvalue()
    refused = sorted(
        (int(line), code) for line, code in re.findall(r"index\.po:(\d+): WARNING: (E2\d\d)", log)
    )
    assert refused == [(15, "E220"), (21, "E201"), (27, "E220")]
    assert "E220 msgstr changes 126 → 162" in log
    assert "126 days of captivity" in html and "162" not in html
    assert "In 2015 the court ruled." in html and "2016" not in html
    # Accepted: a number in words, and the institution's own name after its first mention.
    assert "Participaron catorce miembros." in html
    assert "Las Fuerzas Armadas del Perú recibieron elogios." in html
    assert "Commandos of the Peruvian Armed Forces freed them." in html


@pytest.mark.slow
def test_build_refuses_a_changed_number_in_the_real_book(tmp_path: Path, capsys):
    project = copy_project(tmp_path / "book")
    path = project / "locales" / "es" / "LC_MESSAGES" / "rescue.po"
    catalogue = polib.pofile(str(path))
    entry = next(e for e in catalogue if e.msgstr.startswith("El 22 de abril de 1997"))
    entry.msgstr = entry.msgstr.replace("126 días", "162 días")
    catalogue.save()
    line = reading.read_file(path).lines[entry.msgid]
    assert main(["--root", str(project), "build", "--lang", "es", "--format", "html"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line}: WARNING: E220 msgstr changes 126 → 162" in err
    assert not (project / "_build" / "site" / "es").exists()


@pytest.mark.parametrize("written", ["12⁶", "⑫⑥", "Ⅻ", "½"])
def test_compatibility_digits_are_refused_not_folded(written):
    entry = Entry("The hostages numbered 126.", f"Los rehenes eran {written}.", 1, fuzzy=False)
    codes = {f.code for f in rules.facts_kept(entry, rules.Context("es", None))}
    assert codes == {"E222"}


def test_full_width_digits_are_digits():
    entry = Entry("The hostages numbered 126.", "人質は１２６人だった。", 1, fuzzy=False)
    assert rules.facts_kept(entry, rules.Context("ja", None)) == []
