from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from embassy_docs.build import sphinx_pool
from embassy_docs.cli import main

pytest_plugins = ["sphinx.testing.fixtures"]

# The warm server the tests' builds share ends soon after the last of them.
os.environ.setdefault(sphinx_pool.KEEP, "60")

TESTS = Path(__file__).parent
ROOT = TESTS.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


BASE_URL = "https://example.org/embassy-docs/"


def copy_project(target: Path) -> Path:
    """A copy of the book's sources, so that a test may change or build it freely."""
    for name in ("docs", "locales"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("_build", "*.mo"))
    shutil.copy2(ROOT / "refs.bib", target / "refs.bib")
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its path there, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every edition of the real book, HTML and PDF, built once for the session, for a
    site published at BASE_URL."""
    project = copy_project(tmp_path_factory.mktemp("book"))
    assert main(["--root", str(project), "build", "--base-url", BASE_URL]) == 0
    return project / "_build" / "site"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests leave what a person should look at: screenshots, rendered PDF pages."""
    folder = Path(os.environ.get("EMBASSY_ARTIFACTS", ROOT / "_build" / "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
