from __future__ import annotations

import subprocess

import polib
import pytest

from embassy_docs import __version__
from embassy_docs.catalogues.layout import INTERFACE
from embassy_docs.cli import main

from .conftest import ROOT, copy_project

pytestmark = pytest.mark.slow


def test_update_reports_and_keeps_the_translators_work(tmp_path, capsys):
    project = copy_project(tmp_path / "book")
    es = project / "locales" / "es" / "LC_MESSAGES" / "rescue.po"
    catalogue = polib.pofile(str(es))
    reception = catalogue.find("Reception")
    reception.tcomment = "Repercusión, not Recepción: the reception of the news."
    catalogue.save()
    old_success = catalogue.find(
        "Most Peruvians saw the operation as a great success, and it gained worldwide media "
        "attention. President Alberto Fujimori initially received much credit for saving the "
        "lives of the hostages."
    ).msgstr

    rescue = project / "docs" / "rescue.md"
    text = rescue.read_text("utf-8")
    text = text.replace("saw the operation as a great success", "saw the operation as a success")
    text = text.replace("## Casualties\n", "A new paragraph.\n")
    text = text.replace("Reports that emerged later alleged", "Later reports alleged")
    text = text.replace("and 8 people were injured.", "and eight were injured.")
    rescue.write_text(text, "utf-8")

    assert main(["--root", str(project), "update"]) == 0
    out = capsys.readouterr().out
    # Added: the new paragraph; changed: three reworded paragraphs, matched and now fuzzy;
    # obsolete: the heading that is gone.
    assert "[es] 1 added, 3 changed (now fuzzy), 1 obsolete" in out
    assert "[ja]" in out

    updated = polib.pofile(str(es))
    assert updated.find("Reception").tcomment.startswith("Repercusión")
    success = updated.find(
        "Most Peruvians saw the operation as a success, and it gained worldwide media "
        "attention. President Alberto Fujimori initially received much credit for saving the "
        "lives of the hostages."
    )
    assert success.fuzzy and success.msgstr == old_success
    assert updated.find("A new paragraph.").msgstr == ""
    assert updated.find("Casualties", include_obsolete_entries=True).obsolete
    assert main(["--root", str(project), "stats", "--lang", "es", "--fail-under", "100"]) == 1


def catalogues(project):
    return sorted((project / "locales").glob("*/LC_MESSAGES/*.po"))


def test_every_catalogue_is_as_gettext_tools_write_it():
    """An unchanged entry is byte-identical after update or a save by msgcat, Poedit or
    Weblate (gettext's wrapping): msgcat rewrites no byte of any catalogue."""
    paths = [*catalogues(ROOT), *sorted(INTERFACE.rglob("*.po")), INTERFACE / "sphinx.pot"]
    for path in paths:
        written = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
        assert written == path.read_bytes(), path


def test_an_update_with_no_english_change_writes_nothing(tmp_path, capsys):
    project = copy_project(tmp_path / "book")
    before = {p: p.read_bytes() for p in catalogues(project)}
    assert main(["--root", str(project), "update"]) == 0
    # Outside a git checkout the templates are dated by the files' times, in the
    # checkout by the last commit of the English: only that date may differ.
    after = {p: p.read_bytes() for p in catalogues(project)}

    def undated(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(b'"POT-Creation')]

    assert {p: undated(d) for p, d in after.items()} == {p: undated(d) for p, d in before.items()}
    assert main(["--root", str(project), "update"]) == 0
    assert {p: p.read_bytes() for p in catalogues(project)} == after


def test_a_changed_message_shows_its_previous_english(tmp_path):
    project = copy_project(tmp_path / "book")
    rescue = project / "docs" / "rescue.md"
    rescue.write_text(rescue.read_text("utf-8").replace("a great success", "a success"), "utf-8")
    assert main(["--root", str(project), "update"]) == 0
    for code in ("es", "ja"):
        path = project / "locales" / code / "LC_MESSAGES" / "rescue.po"
        entry = next(e for e in polib.pofile(str(path)) if e.msgid.startswith("Most Peruvians"))
        assert entry.fuzzy and "a great success" in entry.previous_msgid
        written = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
        assert written == path.read_bytes()


def test_translations_come_back_from_obsolete_entries_and_other_pages(tmp_path):
    project = copy_project(tmp_path / "book")
    rescue, aftermath = project / "docs" / "rescue.md", project / "docs" / "aftermath.md"
    reception = "## Reception\n"
    original = rescue.read_text("utf-8")
    rescue.write_text(original.replace(reception, ""), "utf-8")
    assert main(["--root", str(project), "update"]) == 0
    es = project / "locales" / "es" / "LC_MESSAGES"
    assert polib.pofile(str(es / "rescue.po")).find("Reception", include_obsolete_entries=True)
    # Restored on its page; and the same heading moved to another page.
    rescue.write_text(original, "utf-8")
    aftermath.write_text(aftermath.read_text("utf-8") + "\n" + reception, "utf-8")
    assert main(["--root", str(project), "update"]) == 0
    for page in ("rescue", "aftermath"):
        entry = polib.pofile(str(es / f"{page}.po")).find("Reception")
        assert entry.msgstr == "Repercusión" and not entry.fuzzy, page


def test_headers_are_real_and_locations_resolve_from_the_checkout(tmp_path):
    project = copy_project(tmp_path / "book")
    for path in [*catalogues(ROOT), *sorted(INTERFACE.rglob("*.po"))]:
        text = path.read_text("utf-8")
        for placeholder in ("SOME DESCRIPTIVE TITLE", "EMAIL@ADDRESS", "YEAR-MO-DA", "LANGUAGE"):
            assert placeholder not in text, (path, placeholder)
        catalogue = polib.pofile(str(path))
        assert (
            "fuzzy" not in catalogue.metadata_is_fuzzy
            and catalogue.metadata["Project-Id-Version"] == f"embassy-docs {__version__}"
        )
        for entry in catalogue:
            for name, line in entry.occurrences:
                source = (ROOT / name).read_text("utf-8").splitlines()
                assert int(line) <= len(source), (path, name, line)
    assert project.exists()


def test_a_placeholder_header_is_made_real_and_previous_msgids_stay(tmp_path):
    project = copy_project(tmp_path / "book")
    po = project / "locales" / "es" / "LC_MESSAGES" / "rescue.po"
    catalogue = polib.pofile(str(po))
    catalogue.header = "SOME DESCRIPTIVE TITLE.\nFIRST AUTHOR <EMAIL@ADDRESS>, YEAR."
    catalogue.metadata["Project-Id-Version"] = "Japanese embassy hostage crisis "
    catalogue.metadata["Last-Translator"] = "FULL NAME <EMAIL@ADDRESS>"
    catalogue.metadata_is_fuzzy = True
    entry = catalogue.find("Reception")
    entry.flags.append("fuzzy")
    entry.previous_msgid = "Welcome"
    catalogue.save()  # polib's wrapping, not gettext's
    assert main(["--root", str(project), "update"]) == 0
    text = po.read_text("utf-8")
    assert "EMAIL@ADDRESS" not in text and "SOME DESCRIPTIVE" not in text
    updated = polib.pofile(str(po))
    assert not updated.metadata_is_fuzzy
    assert updated.metadata["Project-Id-Version"] == f"embassy-docs {__version__}"
    assert updated.find("Reception").previous_msgid == "Welcome"
    written = subprocess.run(["msgcat", str(po)], capture_output=True, check=True).stdout
    assert written == po.read_bytes()
