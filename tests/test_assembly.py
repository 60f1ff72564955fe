"""The split build: each language built in a checkout of its own, as a CI matrix or a
Read the Docs project per language builds it, then the site assembled from them."""

from __future__ import annotations

import pytest

from embassy_docs import languages
from embassy_docs.cli import main

from .conftest import BASE_URL, copy_project, snapshot


@pytest.mark.slow
def test_editions_built_apart_assemble_to_the_same_site(built_site, tmp_path):
    folders = []
    for code in languages.codes():
        checkout = copy_project(tmp_path / code)
        assert main(["--root", str(checkout), "build", "--lang", code, "--base-url", BASE_URL]) == 0
        folders.append(str(checkout / "_build" / "site" / code))
    assembled = copy_project(tmp_path / "assembled")
    assert main(["--root", str(assembled), "assemble", *folders, "--base-url", BASE_URL]) == 0
    whole, split = snapshot(built_site), snapshot(assembled / "_build" / "site")
    assert sorted(split) == sorted(whole)
    assert [name for name in whole if whole[name] != split[name]] == []


def test_a_folder_without_an_edition_is_refused_and_nothing_is_assembled(tmp_path, capsys):
    project = copy_project(tmp_path / "book")
    edition = tmp_path / "builds" / "fr"
    edition.mkdir(parents=True)
    (edition / "index.html").write_text("<html></html>")
    assert main(["--root", str(project), "assemble", str(tmp_path / "builds")]) == 1
    err = capsys.readouterr().err
    assert "not an edition folder" in err and "en, es, ja" in err
    assert main(["--root", str(project), "assemble", str(tmp_path / "nowhere")]) == 1
    assert "no such folder" in capsys.readouterr().err
    assert not (project / "_build" / "site").exists()
