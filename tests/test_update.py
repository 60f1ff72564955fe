from __future__ import annotations

import polib
import pytest

from embassy_docs.cli import main

from .conftest import copy_project

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
