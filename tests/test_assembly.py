"""The split build: each language built in a checkout of its own, as a CI matrix or a
Read the Docs project per language builds it, then the site assembled from them."""

from __future__ import annotations

import os

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


def edition(folder, code="es"):
    """A small edition folder of the shape the build publishes."""
    root = folder / code
    (root / "_static").mkdir(parents=True)
    (root / "index.html").write_text("<html><body>índice</body></html>", "utf-8")
    (root / "names.html").write_text("<html><body>nombres</body></html>", "utf-8")
    (root / "_static" / "site.css").write_text("body {}", "utf-8")
    return root


HOSTILE = {
    "a link to a secret": lambda root: (root / "leak.txt").symlink_to("/etc/shadow"),
    "a link to the job's environment": lambda root: (root / "env.txt").symlink_to(
        "/proc/self/environ"
    ),
    "a linked folder": lambda root: (root / "_images").symlink_to("/etc"),
    "a named pipe": lambda root: os.mkfifo(root / "pipe.html"),
    "a name that writes XML": lambda root: (
        root / "x<url><loc>https:evil.example<.html"
    ).write_text("<html></html>"),
    "a hidden file": lambda root: (root / ".htaccess").write_text("Redirect / https://x"),
    "a file no edition has": lambda root: (root / "run.sh").write_text("#!/bin/sh\n"),
    "a name with a space": lambda root: (root / "a b.html").write_text("<html></html>"),
}


@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_a_hostile_edition_folder_is_refused_and_the_site_stays(tmp_path, capsys, attack):
    project = copy_project(tmp_path / "book")
    site = project / "_build" / "site"
    good = edition(tmp_path / "good")
    assert main(["--root", str(project), "assemble", str(good), "--base-url", BASE_URL]) == 0
    before = snapshot(site)
    hostile = edition(tmp_path / "hostile")
    HOSTILE[attack](hostile)
    other = edition(tmp_path / "other", "ja")
    arguments = ["assemble", str(other), str(hostile), "--base-url", BASE_URL]
    assert main(["--root", str(project), *arguments]) == 1
    err = capsys.readouterr().err
    assert f"{hostile}" in err and "Nothing was assembled." in err
    assert snapshot(site) == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []


def test_a_page_name_is_escaped_in_the_sitemap(tmp_path):
    project = copy_project(tmp_path / "book")
    root = edition(tmp_path / "builds")
    (root / "a&b.html").write_text("<html></html>")
    assert main(["--root", str(project), "assemble", str(root), "--base-url", BASE_URL]) == 1
    (root / "a&b.html").rename(root / "a_b.html")
    assert main(["--root", str(project), "assemble", str(root), "--base-url", BASE_URL]) == 0
    sitemap = (project / "_build" / "site" / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{BASE_URL.rstrip('/')}/es/a_b.html</loc>" in sitemap
