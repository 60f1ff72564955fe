"""The build plan's decisions: change each kind of input and see exactly the right steps
run again; fail or kill a build and find every edition that did not succeed as it was,
then a complete build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from embassy_docs import languages
from embassy_docs.build import editions as building
from embassy_docs.build import fingerprint, publish
from embassy_docs.project import Project

from .conftest import copy_project, snapshot

pytestmark = pytest.mark.slow
CODES = languages.codes()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A copy of the book, built once with every edition."""
    project = Project(copy_project(tmp_path_factory.mktemp("pristine") / "book"))
    building.build(project, building.plan_editions())
    return project.root


@pytest.fixture
def book(pristine: Path, tmp_path: Path) -> Project:
    """The built book, copied where a test may change it."""
    root = tmp_path / "book"
    shutil.copytree(pristine, root, symlinks=True)
    return Project(root)


def run(project: Project, **options) -> dict[str, dict[str, str]]:
    results = building.build(project, building.plan_editions(), **options)
    return {r.language: r.steps for r in results}


def ran(steps: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """For each language, the steps that did their work (not skipped), in name order."""
    return {
        code: sorted(s for s, outcome in lang.items() if outcome == "built")
        for code, lang in sorted(steps.items())
    }


ALL_STEPS = sorted(["html", "latex", "pdf", "epub", "publish html", "publish pdf", "publish epub"])
NOTHING = {code: [] for code in CODES}
EVERYTHING = {code: ALL_STEPS for code in CODES}


def test_no_change_skips_everything_and_touches_nothing(book):
    before = snapshot(book.site)
    mtimes = {p: p.stat().st_mtime_ns for p in book.site.rglob("*")}
    assert ran(run(book)) == NOTHING
    assert snapshot(book.site) == before
    assert {p: p.stat().st_mtime_ns for p in book.site.rglob("*")} == mtimes


def test_one_msgstr_redoes_only_that_language(book):
    po = book.locales / "ja" / "LC_MESSAGES" / "rescue.po"
    catalogue = polib.pofile(str(po))
    entry = next(e for e in catalogue if e.msgid.startswith("On 22 April 1997"))
    entry.msgstr = entry.msgstr.removesuffix("。") + "（改訂）。"
    catalogue.save()
    others = {code: snapshot(book.site / code) for code in ("en", "es")}
    assert ran(run(book)) == {"en": [], "es": [], "ja": ALL_STEPS}
    assert "（改訂）" in (book.site / "ja" / "rescue.html").read_text("utf-8")
    assert {code: snapshot(book.site / code) for code in ("en", "es")} == others


@pytest.mark.parametrize(
    "change",
    [
        "docs/rescue.md",
        "docs/conf.py",
        "refs.bib",
        "locales/glossary.tbx",
    ],
)
def test_shared_inputs_redo_every_language(book, change):
    path = book.root / change
    comment = {".md": "\n<!-- revised -->\n", ".py": "\n# revised\n", ".bib": "\n% revised\n",
               ".tbx": "\n<!-- revised -->\n"}[path.suffix]  # fmt: skip
    path.write_text(path.read_text("utf-8") + comment, "utf-8")
    assert ran(run(book)) == EVERYTHING


def test_the_package_own_files_count(book, tmp_path, monkeypatch):
    extra = tmp_path / "template.html"
    extra.write_text("one")
    files = fingerprint.package_files()
    monkeypatch.setattr(fingerprint, "package_files", lambda: [*files, extra])
    monkeypatch.setattr(fingerprint, "PACKAGE", Path("/"))
    assert ran(run(book))["ja"] == ALL_STEPS  # the digest's form changed: everything once
    assert ran(run(book)) == NOTHING
    extra.write_text("two")
    assert ran(run(book)) == EVERYTHING


def test_the_tex_setup_counts_for_the_pdf_only(book, tmp_path, monkeypatch):
    # The same XeLaTeX found at another path, as after an upgrade or a second TeX Live.
    shadow = tmp_path / "bin"
    shadow.mkdir()
    (shadow / "xelatex").symlink_to(shutil.which("xelatex"))
    monkeypatch.setenv("PATH", f"{shadow}{os.pathsep}{os.environ['PATH']}")
    from embassy_docs.build import tex

    tex.survey.cache_clear()
    assert ran(run(book)) == {code: ["pdf", "publish pdf"] for code in CODES}
    tex.survey.cache_clear()


def test_a_failed_build_leaves_the_site_and_the_next_is_complete(book):
    before = snapshot(book.site)
    po = book.locales / "ja" / "LC_MESSAGES" / "rescue.po"
    original, times = po.read_text("utf-8"), po.stat()
    catalogue = polib.pofile(str(po))
    catalogue[1].msgstr += "\n\n```{raw} html\n<b>payload</b>\n```"
    catalogue.save()
    with pytest.raises(building.EditionsFailedError) as caught:
        run(book)
    assert [e.language for e in caught.value.errors] == ["ja"]
    assert snapshot(book.site) == before
    # Put back as it was, time included (the time dates an edition outside git): the
    # next build redoes the edition that failed and publishes exactly what was there.
    po.write_text(original, "utf-8")
    os.utime(po, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert ran(run(book))["ja"] == ALL_STEPS
    assert snapshot(book.site) == before


def test_a_catalogue_broken_after_a_good_build_is_read_again_and_refused(book):
    # The check reads only the catalogues that changed since they last passed it.
    po = book.locales / "ja" / "LC_MESSAGES" / "rescue.po"
    po.write_text(po.read_text("utf-8") + '\nmsgid "Broken"\nmsgstr "unterminated\n', "utf-8")
    with pytest.raises(building.EditionsFailedError) as caught:
        run(book)
    assert [(e.language, e.step) for e in caught.value.errors] == [("ja", "catalogues")]
    assert "rescue.po" in str(caught.value.errors[0])


def test_a_failed_pdf_keeps_the_pdf_and_publishes_the_html(book):
    # A character no font of the Japanese edition has: LaTeX refuses it, HTML shows it.
    pdf_name = languages.get("ja").pdf_name
    before = snapshot(book.site)
    po = book.locales / "ja" / "LC_MESSAGES" / "rescue.po"
    original = po.read_text("utf-8")
    catalogue = polib.pofile(str(po))
    entry = next(e for e in catalogue if e.msgid.startswith("On 22 April 1997"))
    entry.msgstr = entry.msgstr.removesuffix("。") + "（\U00013000）。"
    catalogue.save()
    with pytest.raises(building.EditionsFailedError) as caught:
        run(book)
    assert [(e.language, e.step) for e in caught.value.errors] == [("ja", "pdf")]
    said = str(caught.value.errors[0])
    assert "Missing character" in said and "U+13000" in said
    # Where to mend it: the entry's msgstr line, as the build's reader counts.
    lines = po.read_text("utf-8").splitlines()
    msgid_line = next(
        n for n in range(entry.linenum, len(lines) + 1) if lines[n - 1].startswith("msgstr")
    )
    assert f"{po}:{msgid_line}" in said
    after = snapshot(book.site)
    assert after[f"ja/{pdf_name}"] == before[f"ja/{pdf_name}"]
    assert "\U00013000" in (book.site / "ja" / "rescue.html").read_text("utf-8")
    assert {n: b for n, b in after.items() if not n.startswith("ja/")} == {
        n: b for n, b in before.items() if not n.startswith("ja/")
    }

    po.write_text(original, "utf-8")
    assert ran(run(book))["ja"] == ALL_STEPS
    assert snapshot(book.site)[f"ja/{pdf_name}"] != b""
    assert "\U00013000" not in (book.site / "ja" / "rescue.html").read_text("utf-8")


def complete_search_index(site: Path, code: str) -> bool:
    index = (site / code / "searchindex.js").read_text("utf-8")
    pages = [
        p.stem for p in (site / code).glob("*.html") if p.stem not in {"search", "genindex", "404"}
    ]
    return all(f'"{page}"' in index for page in pages)


ADDED = "An added sentence."


def start_and_kill(book: Project, ready) -> None:
    """Change a page every edition has, start a build and kill it, with every process it
    started, as soon as ``ready()``."""
    for log in book.work.glob("*/*.log"):
        log.unlink()  # left by the first build: only this build's count
    rescue = book.docs / "rescue.md"
    rescue.write_text(rescue.read_text("utf-8") + f"\n{ADDED}\n", "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "embassy_docs", "--root", str(book.root), "build"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not ready():
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def the_next_build_is_complete(book: Project) -> None:
    assert ran(run(book)) == EVERYTHING
    for code in CODES:
        assert ADDED in (book.site / code / "rescue.html").read_text("utf-8")
        assert complete_search_index(book.site, code)


def test_a_build_killed_in_sphinx_leaves_the_site(book):
    before = snapshot(book.site)
    # Sphinx has started (its log is open) and has not written a page yet.
    start_and_kill(book, lambda: any((book.work / c / "sphinx.log").exists() for c in CODES))
    assert snapshot(book.site) == before
    the_next_build_is_complete(book)


def test_a_build_killed_in_latex_leaves_each_edition_old_or_new(book):
    before = snapshot(book.site)
    start_and_kill(book, lambda: any((book.work / c / "latex.log").exists() for c in CODES))
    after = snapshot(book.site)
    assert after.keys() == before.keys()
    for code in CODES:
        pdf = f"{code}/{languages.get(code).pdf_name}"
        assert after[pdf] == before[pdf]  # no PDF was finished
        html = {n: b for n, b in after.items() if n.startswith(f"{code}/") and n != pdf}
        if any(html[n] != before[n] for n in html):  # published: whole, new and complete
            assert ADDED in (book.site / code / "rescue.html").read_text("utf-8")
            assert complete_search_index(book.site, code)
    # LaTeX starts after an HTML edition is published: at least one was.
    assert any(ADDED in (book.site / c / "rescue.html").read_text("utf-8") for c in CODES)
    the_next_build_is_complete(book)


def test_two_builds_are_byte_identical(pristine, tmp_path, monkeypatch):
    # A second build from scratch, elsewhere, with SOURCE_DATE_EPOCH set but empty
    # (which Sphinx alone does not survive): taken as unset, then from the sources.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    again = Project(copy_project(tmp_path / "again"))
    run(again)
    first, second = snapshot(pristine / "_build" / "site"), snapshot(again.site)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert not [n for n in first if n.endswith((".doctree", ".pickle")) or ".buildinfo" in n]


def test_publish_recovers_from_a_swap_cut_short(tmp_path):
    site = tmp_path / "site"
    (site / ".ja.previous").mkdir(parents=True)
    (site / ".ja.previous" / "index.html").write_text("old")
    (site / ".ja.previous" / ".book.pdf.part").write_text("half a PDF")
    publish.recover(site / "ja")
    assert (site / "ja" / "index.html").read_text() == "old"
    assert sorted(p.name for p in (site / "ja").iterdir()) == ["index.html"]
    stage = tmp_path / "stage"
    stage.mkdir()
    (stage / "index.html").write_text("new")
    publish.swap_in(stage, site / "ja")
    assert (site / "ja" / "index.html").read_text() == "new"
    assert sorted(p.name for p in site.iterdir()) == ["ja"]


def test_a_pdf_is_replaced_whole_and_kept_by_the_next_html(tmp_path):
    site, made = tmp_path / "site" / "ja", tmp_path / "made.pdf"
    site.mkdir(parents=True)
    made.write_bytes(b"%PDF new")
    publish.replace_file(made, site / "book.pdf")
    assert (site / "book.pdf").read_bytes() == b"%PDF new"
    assert sorted(p.name for p in site.iterdir()) == ["book.pdf"]
    stage = tmp_path / "stage"
    stage.mkdir()
    publish.carry_over(site / "book.pdf", stage)
    publish.swap_in(stage, site)
    assert (site / "book.pdf").read_bytes() == b"%PDF new"
