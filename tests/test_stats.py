from pathlib import Path

from embassy_docs.catalogues import stats
from embassy_docs.cli import main

from .conftest import copy_project

CATALOGUE = """\
# A header that must not count as an entry.
msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "translated"
msgstr "traducido"

#, fuzzy
msgid "fuzzy"
msgstr "dudoso"

msgid "untranslated"
msgstr ""

#~ msgid "obsolete"
#~ msgstr "obsoleto"
"""


def write(path: Path, text: str = CATALOGUE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_fuzzy_header_and_obsolete_are_not_translated(tmp_path):
    coverage = stats.of_file(write(tmp_path / "page.po"), "es")
    assert (coverage.translated, coverage.fuzzy, coverage.untranslated, coverage.obsolete) == (
        1, 1, 1, 1,
    )  # fmt: skip
    assert coverage.total == 3
    assert round(coverage.percent, 1) == 33.3


def test_language_total_adds_its_files(tmp_path):
    total, files = stats.of_files("es", [write(tmp_path / "a.po"), write(tmp_path / "b.po")])
    assert [f.name for f in files] == ["a", "b"]
    assert (total.translated, total.total) == (2, 6)


def test_fail_under_fails_a_language_below(tmp_path, capsys):
    project = copy_project(tmp_path / "book")
    page = project / "locales" / "es" / "LC_MESSAGES" / "rescue.po"
    page.write_text(page.read_text("utf-8").replace("\nmsgid ", "\n#, fuzzy\nmsgid ", 2), "utf-8")
    assert main(["--root", str(project), "stats", "--lang", "es", "--fail-under", "100"]) == 1
    out, err = capsys.readouterr()
    assert "  rescue " in out
    assert "es: 99." in err
    assert main(["--root", str(project), "stats", "--lang", "ja", "--fail-under", "100"]) == 0


def test_the_real_catalogues_are_complete(capsys):
    assert main(["stats", "--fail-under", "100"]) == 0
