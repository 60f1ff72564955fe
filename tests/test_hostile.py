"""A translator's catalogue is untrusted: each kind of payload found so far, tried on the
reader, on a small test root and on the real book, is refused with its file and line,
within seconds, and nothing of it reaches the site, a file outside the build or a
command line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from embassy_docs.catalogues import reading, rules
from embassy_docs.cli import main

from .conftest import copy_project

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: es\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
SPANISH = "nplurals=2; plural=(n != 1);"

# Files the build's reader (Babel, then gettext) and GNU msgfmt could read differently,
# or that hide text from a reviewer: each is refused as a whole, at the line named.
FILES = {
    "obsolete marker on the msgid only": (HEADER + '#~ msgid "A"\nmsgstr "evil"\n', "E101", 10),
    "obsolete marker on the msgstr only": (HEADER + 'msgid "A"\n#~ msgstr "evil"\n', "E101", 10),
    "plural index without a plural msgid": (HEADER + 'msgid "A"\nmsgstr[0] "evil"\n', "E101", 9),
    "carriage returns": (HEADER + 'msgid "A"\r\nmsgstr "B"\r\n', "E106", 9),
    "charset in a comment, another in the header": (
        HEADER.replace("UTF-8", "ISO-8859-1").replace('msgid ""', '# charset=UTF-8\nmsgid ""')
        + 'msgid "A"\nmsgstr "B"\n',
        "E104",
        1,
    ),
    "msgctxt twin": (HEADER + 'msgctxt "x"\nmsgid "A"\nmsgstr "evil"\n', "E108", 11),
    "control character from an escape": (HEADER + 'msgid "A"\nmsgstr "B\\tC"\n', "E106", 10),
    "bidirectional override": (HEADER + 'msgid "A"\nmsgstr "Aoki\u202e"\n', "E106", 10),
    "zero-width space": (HEADER + 'msgid "A"\nmsgstr "Ao\u200bki"\n', "E106", 10),
    "plural rule as code": (
        HEADER.replace("(n != 1)", "(n != 1) || alert(1)") + 'msgid "A"\nmsgstr "B"\n',
        "E105",
        1,
    ),
    "a long plural rule": (
        HEADER.replace("(n != 1)", "(" + " " * 20000 + "n != 1)") + 'msgid "A"\nmsgstr "B"\n',
        "E105",
        1,
    ),
    "a message far longer than its English": (
        HEADER + 'msgid "A"\nmsgstr "' + "[^" * 20000 + '"\n',
        "E107",
        10,
    ),
}


@pytest.mark.parametrize("kind", FILES)
def test_a_file_two_readers_could_disagree_on_is_refused(kind):
    text, code, line = FILES[kind]
    started = time.monotonic()
    catalogue = reading.read(Path("page.po"), text.encode("utf-8"), SPANISH)
    assert time.monotonic() - started < 5
    assert (line, code) in {(f.line, f.code) for f in catalogue.faults}, catalogue.faults


def test_a_huge_file_is_refused_before_it_is_parsed():
    data = (HEADER + 'msgid "A"\nmsgstr "B"\n').encode() + b"#" * reading.MAX_FILE_BYTES
    assert [f.code for f in reading.read(Path("p.po"), data, SPANISH).faults] == ["E107"]


INTERFACE = {
    "event handler": ("Navigation", 'Navegación<img src=x onerror="alert(1)">', "E307"),
    "attribute break-out": ("Search", 'Buscar" onfocus="alert(1)', "E307"),
    "new placeholder": ("Last updated on %(last_updated)s", "%(secret)s", "E306"),
}


@pytest.mark.parametrize("kind", INTERFACE)
def test_interface_strings_add_no_markup_and_keep_placeholders(kind):
    msgid, msgstr, code = INTERFACE[kind]
    entry = reading.Entry(msgid, msgstr, 1, fuzzy=False)
    assert code in {f.code for f in rules.interface_safe(entry, rules.Context("es", None))}


def test_the_interface_catalogue_keeps_its_entities_and_placeholders():
    entry = reading.Entry("Copyright &#169; %(copyright)s", "© &#169; %(copyright)s", 1, False)
    assert rules.interface_safe(entry, rules.Context("es", None)) == []


@pytest.mark.sphinx("html", testroot="hostile")
def test_what_the_page_would_show_is_compared_with_the_english(app, warning):
    app.build()
    html = (app.outdir / "index.html").read_text("utf-8")
    assert "payload" not in html
    assert "Una traducción aceptada." in html
    for english in ("Morihisa Aoki was the ambassador.", "Plain words."):
        assert english in html
    refused = re.findall(r"index\.po:(\d+): (?:ERROR|WARNING): (E\d+)", warning.getvalue())
    # A name moved into a second paragraph (Sphinx keeps the first) and a link title the
    # English lacks, refused before Sphinx reads them by the rules lint runs too;
    # emphasis the English lacks, by the comparison of what the page would show.
    assert {(int(line), code) for line, code in refused} == {
        (17, "E217"), (23, "E216"), (26, "E401"),
    }  # fmt: skip


def payload_entry(project: Path, marker: Path) -> Path:
    """The issue's payload: front matter that turns on substitutions, and Jinja that runs
    a shell command, in the Spanish translation of the book's hostage-taking page."""
    path = project / "locales" / "es" / "LC_MESSAGES" / "hostage-taking.po"
    text = path.read_text("utf-8")
    kept = '"Catorce miembros del Movimiento Revolucionario Túpac Amaru (MRTA) tomaron "\n'
    assert kept in text
    payload = (
        '"---\\n"\n"myst:\\n"\n"  enable_extensions: [substitution]\\n"\n"---\\n"\n'
        + kept
        + f'"{{{{ lipsum.__globals__[\\"os\\"].popen(\\"touch {marker}\\").read() }}}} "\n'
    )
    path.write_text(text.replace(kept, payload, 1), "utf-8")
    return path


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The Spanish website of the real book, built once; tests copy it before changing."""
    project = copy_project(tmp_path_factory.mktemp("published"))
    assert main(["--root", str(project), "build", "--lang", "es", "--format", "html"]) == 0
    return project


@pytest.fixture
def book(published, tmp_path) -> Path:
    project = copy_project(tmp_path / "book")
    (project / "_build").mkdir()
    subprocess.run(["cp", "-a", str(published / "_build" / "site"), str(project / "_build")],
                   check=True)  # fmt: skip
    return project


def refused_build(project: Path, capsys) -> str:
    site = project / "_build" / "site"
    before = snapshot(site)
    started = time.monotonic()
    capsys.readouterr()
    assert main(["--root", str(project), "build", "--lang", "es", "--format", "html"]) == 1
    assert time.monotonic() - started < 60
    assert snapshot(site) == before
    return capsys.readouterr().err


@pytest.mark.slow
def test_the_issues_payload_runs_nothing_and_names_its_line(book, capsys, tmp_path):
    marker = tmp_path / "ran"
    path = payload_entry(book, marker)
    # The msgstr line, where the payload starts.
    line = path.read_text("utf-8").split('"---\\n"')[0].count("\n")
    err = refused_build(book, capsys)
    assert f"{path}:{line}:" in err and "E305" in err
    assert not marker.exists()
    assert main(["--root", str(book), "lint"]) == 1
    assert f"{path}:{line}: E305" in capsys.readouterr().out
    assert not marker.exists()


@pytest.mark.slow
def test_the_parser_reads_no_front_matter_even_past_the_text_rules(book, tmp_path):
    # With the text rules switched off, the build still never reads the msgstr's front
    # matter: the command is not run and the page keeps the English.
    marker = tmp_path / "ran"
    payload_entry(book, marker)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sphinx", "build", "-b", "html", "-q",
               "-D", "language=es", str(book / "docs"), str(out)]  # fmt: skip
    # In a process of its own, with the rules removed by a site hook.
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "from embassy_docs.catalogues import rules\nrules.SAFETY_RULES = ()\n", "utf-8"
    )
    env = dict(os.environ, PYTHONPATH=str(hook))
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert not marker.exists()
    page = (out / "hostage-taking.html").read_text("utf-8")
    assert done.returncode == 0, done.stderr
    assert "Fourteen members" in page and "lipsum" not in page


@pytest.mark.slow
def test_links_under_locales_are_refused_and_never_followed(book, capsys, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("untouched", "utf-8")
    messages = book / "locales" / "es" / "LC_MESSAGES"
    (messages / "rescue.mo").symlink_to(victim)
    (messages / "rescue.mo.part").symlink_to(victim)
    (messages / "timeline.po").unlink()
    (messages / "timeline.po").symlink_to("/dev/zero")
    err = refused_build(book, capsys)
    for name in ("rescue.mo", "rescue.mo.part", "timeline.po"):
        assert f"{messages / name}:1: E001" in err
    assert victim.read_text("utf-8") == "untouched"
    started = time.monotonic()
    assert main(["--root", str(book), "lint"]) == 1
    assert time.monotonic() - started < 30
    assert main(["--root", str(book), "update"]) == 1
    assert victim.read_text("utf-8") == "untouched"
    assert "nothing was written" in capsys.readouterr().err


@pytest.mark.slow
def test_files_gettext_or_sphinx_would_pick_up_are_refused(book, capsys):
    messages = book / "locales" / "es" / "LC_MESSAGES"
    variant = book / "locales" / "es_ES" / "LC_MESSAGES"
    variant.mkdir(parents=True)
    (variant / "rescue.po").write_bytes((messages / "rescue.po").read_bytes())
    (messages / "sphinx.js").write_text("alert('payload-js')", "utf-8")
    (messages / "sphinx.po").write_bytes((messages / "rescue.po").read_bytes())
    err = refused_build(book, capsys)
    for path in (book / "locales" / "es_ES", messages / "sphinx.js", messages / "sphinx.po"):
        assert f"{path}:1: E001" in err
    assert main(["--root", str(book), "stats"]) == 1


@pytest.mark.slow
def test_read_the_docs_build_from_docs_refuses_too(book, tmp_path):
    """Read the Docs runs sphinx-build from docs/ with -D language and fail_on_warning."""
    messages = book / "locales" / "es" / "LC_MESSAGES"
    (messages / "sphinx.js").write_text("alert('payload-js')", "utf-8")
    marker = tmp_path / "ran"
    payload_entry(book, marker)
    out = tmp_path / "html"
    command = [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html",
               "-D", "language=es", ".", str(out)]  # fmt: skip
    done = subprocess.run(command, cwd=book / "docs", capture_output=True, text=True)
    assert done.returncode != 0
    assert "sphinx.js:1: ERROR: E001" in done.stderr and "E305" in done.stderr
    assert not marker.exists()
    found = [p for p in out.rglob("*") if p.is_file() and b"payload-js" in p.read_bytes()]
    assert found == []


LAST_UPDATED = "Last updated on %(last_updated)s"


def interface_codes(msgid: str, msgstr: str) -> set[str]:
    entry = reading.Entry(msgid, msgstr, 1, fuzzy=False)
    return {f.code for f in rules.interface_safe(entry, rules.Context("es", None))}


# Every placeholder form Python's % and str.format read, flag or no flag (E306), and
# what TeX reads as code (E308).
INTERFACE_REFUSED = {
    "a numbered key": (LAST_UPDATED, "Actualizado el %(1)s", "E306"),
    "an empty key": (LAST_UPDATED, "Actualizado el %()s", "E306"),
    "a key with a space": (LAST_UPDATED, "Actualizado el %(a b)s", "E306"),
    "a star width": (LAST_UPDATED, "Actualizado el %(last_updated)*d", "E306"),
    "a conversion changed": (LAST_UPDATED, "Actualizado el %(last_updated)r", "E306"),
    "a lone percent": (LAST_UPDATED, "Al 100 % el %(last_updated)s", "E306"),
    "a format field": ("Found {count} pages", "Se encontraron {count!r} páginas", "E306"),
    "a lone brace": ("Found {count} pages", "Se encontraron { páginas", "E306"),
    "a script placeholder": ("Found ${resultCount} pages", "Se encontraron ${x} páginas", "E306"),
    "a backslash": ("Contents", r"Índice\input{/etc/passwd}", "E308"),
    "a dollar": ("Contents", "Índice $x$", "E308"),
    "a TeX comment": ("continued from previous page", "continúa % de la página", "E308"),
    "a tilde": ("Next", "Siguiente~", "E308"),
}


@pytest.mark.parametrize("kind", sorted(INTERFACE_REFUSED))
def test_interface_placeholders_and_tex_are_read_as_their_fillers_read_them(kind):
    msgid, msgstr, code = INTERFACE_REFUSED[kind]
    assert code in interface_codes(msgid, msgstr)


FLUENT = {
    # What translators write, which must pass.
    "the placeholder moved": (LAST_UPDATED, "Última actualización: %(last_updated)s"),
    "the same field": ("Found {count} pages", "Se encontraron {count} páginas"),
    "Japanese around a placeholder": (LAST_UPDATED, "最終更新日：%(last_updated)s"),
    "a plural form without the count": ("One page", "Una página"),
}


@pytest.mark.parametrize("kind", sorted(FLUENT))
def test_fluent_interface_strings_pass(kind):
    assert interface_codes(*FLUENT[kind]) == set()


def test_a_plural_form_may_leave_out_the_count_but_adds_nothing():
    ok = reading.Entry("One page", "Una página\x00%(n)s páginas", 1, False, "%(n)s pages")
    assert rules.interface_safe(ok, rules.Context("es", None)) == []
    bad = reading.Entry("One page", "Una página\x00%(m)s páginas", 1, False, "%(n)s pages")
    assert {f.code for f in rules.interface_safe(bad, rules.Context("es", None))} == {"E306"}
