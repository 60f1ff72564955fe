"""A new language, added as the translator's guide says: one command, then a built HTML
edition, in a checkout of its own (the registry is part of the package)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup

from embassy_docs.catalogues import glossary

from .conftest import ROOT, copy_project

pytestmark = pytest.mark.slow


def embassy(checkout: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The command as a translator runs it in the checkout, with the checkout's package."""
    env = dict(os.environ, PYTHONPATH=str(checkout / "src"))
    return subprocess.run(
        [sys.executable, "-m", "embassy_docs", *arguments],
        cwd=checkout, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("checkout"))
    shutil.copytree(ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__"))
    done = embassy(root, "add-language", "fr")
    assert done.returncode == 0, done.stderr
    return root


def test_the_registry_glossary_and_catalogues_are_there(checkout):
    registry = (checkout / "src" / "embassy_docs" / "languages.toml").read_text("utf-8")
    assert '[fr]\nenglish_name = "French"\nnative_name = "français"' in registry
    assert 'plural_forms = "nplurals=2; plural=(n > 1);"' in registry
    pages = sorted(p.stem for p in (checkout / "docs").glob("*.md"))
    catalogues = sorted(p.stem for p in (checkout / "locales/fr/LC_MESSAGES").glob("*.po"))
    assert catalogues == pages
    rescue = polib.pofile(str(checkout / "locales/fr/LC_MESSAGES/rescue.po"))
    assert rescue.metadata["Language"] == "fr"
    assert rescue.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert rescue.metadata["Language-Team"] == "French"
    assert rescue.find("The rescue raid").msgstr == ""
    interface = checkout / "src/embassy_docs/sphinx_ext/locale/fr/LC_MESSAGES/sphinx.po"
    assert polib.pofile(str(interface)).find("Download the EPUB") is not None
    terms = glossary.load(checkout / "locales" / "glossary.tbx")
    assert 'xml:lang="fr"' in (checkout / "locales" / "glossary.tbx").read_text("utf-8")
    assert all("fr" not in term.required for term in terms.terms)


def test_the_new_language_is_counted_linted_and_built(checkout):
    stats = embassy(checkout, "stats", "--lang", "fr")
    assert stats.returncode == 0 and "fr " in stats.stdout and "0.0" in stats.stdout
    lint = embassy(checkout, "lint", "locales/fr")
    assert lint.returncode == 0, lint.stdout
    assert "locales/fr/LC_MESSAGES/rescue.po:" in lint.stdout  # untranslated, relative
    build = embassy(checkout, "build", "--lang", "fr", "--format", "html")
    assert build.returncode == 0, build.stdout + build.stderr
    page = BeautifulSoup((checkout / "_build/site/fr/index.html").read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "fr"


def test_a_language_twice_or_unknown_is_refused(checkout):
    again = embassy(checkout, "add-language", "fr")
    assert again.returncode == 1 and "in the registry already" in again.stderr
    unknown = embassy(checkout, "add-language", "xx")
    assert unknown.returncode == 1 and "not a language Babel knows" in unknown.stderr


def test_the_guides_set_up_line_works_without_root_or_tex(tmp_path):
    """The translator's guide's one-line set-up, as written there, in a fresh checkout,
    as a user without root: then an HTML edition, which needs no TeX."""
    guide = (ROOT / "docs" / "translating.md").read_text("utf-8")
    block = guide.split("## Set up once", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    command = block.replace("\\\n", " ").strip()
    assert command.startswith("python3 -m venv .venv")
    checkout = copy_project(tmp_path / "checkout")
    for name in ("pyproject.toml", "README.md", "uv.lock", ".ci/uv.txt"):
        (checkout / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, checkout / name)
    shutil.copytree(ROOT / "src", checkout / "src", ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    done = subprocess.run(["bash", "-c", command], cwd=checkout, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    build = subprocess.run(
        [str(checkout / ".venv/bin/embassy-docs"), "build", "--lang", "es", "--format", "html"],
        cwd=checkout, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout + build.stderr
    assert (checkout / "_build/site/es/index.html").is_file()
