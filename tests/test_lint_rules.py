"""Every lint rule on each kind of bad catalogue: as a pure function, and through the CLI
and msgfmt for the structural faults."""

from __future__ import annotations

import re
import subprocess

import polib
import pytest

from embassy_docs.catalogues import lint, reading, rules
from embassy_docs.cli import main

from .conftest import ROOT, copy_project

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: es\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)
CONTEXT = rules.Context("es", lint.load_glossary(ROOT / "locales" / "glossary.tbx")[0])
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

HOSTILE = {
    "script": ("Text.", "Texto <script>alert(1)</script>.", "E301"),
    "event handler": ("Text.", 'Texto <img src=x onerror="alert(1)">.', "E301"),
    "include": ("Text.", "Texto.\n\n```{include} /etc/passwd\n```", "E302"),
    "literalinclude": ("Text.", "Texto.\n\n```{literalinclude} /etc/passwd\n```", "E302"),
    "raw block": ("Text.", "Texto.\n\n```{raw} html\n<b>x</b>\n```", "E302"),
    "colon raw block": ("Text.", "Texto.\n\n:::{raw} html\n<b>x</b>\n:::", "E302"),
    "new role": ("Text.", "Texto {download}`x </etc/passwd>`.", "E303"),
    "noqa": ("See {ref}`x`.", "Véase {ref}`x`. #noqa", "E304"),
    "changed citation key": ("A claim {cite}`cnn2001`.", "Una afirmación {cite}`ap2012`.", "E210"),
    "dropped citation": ("A claim {cite}`cnn2001`.", "Una afirmación.", "E210"),
    "dropped page link": ("See {doc}`rescue`.", "Véase el rescate.", "E210"),
    "changed name role": (
        "In {ja}`在ペルー日本大使公邸占拠事件`.",
        "En {ja}`在ペルー日本大使館`.",
        "E210",
    ),
    "changed URL": (
        "A [link](https://example.org/a).",
        "Un [enlace](https://example.org/b).",
        "E211",
    ),
    "added image": ("Text.", "Texto ![x](/etc/passwd).", "E211"),
    "dropped footnote": ("A note[^1].", "Una nota.", "E212"),
    "changed inline code": ("Run `embassy-docs lint`.", "Ejecute `embassy-docs lintar`.", "E213"),
    "dropped directive": ("```{note}\nText\n```", "Texto", "E214"),
    "dropped name": ("Herma Meléndez was 17.", "Herma tenía 17 años.", "E201"),
    "front matter": (
        "Text.",
        '---\nmyst:\n  enable_extensions: [substitution]\n---\nTexto {{ "x" }}.',
        "E305",
    ),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_each_hostile_msgstr_is_an_error(kind):
    msgid, msgstr, code = HOSTILE[kind]
    findings = rules.refusals(msgid, msgstr, CONTEXT)
    assert code in {f.code for f in findings}, findings


def test_a_faithful_translation_passes():
    msgid = "In 2005 {cite}`cnn2001`, see {doc}`rescue` and [the map](geo:-12.09139,-77.04944)[^1]."
    msgstr = (
        "En 2005 {cite}`cnn2001`, véase {doc}`rescue` y [el mapa](geo:-12.09139,-77.04944)[^1]."
    )
    assert rules.refusals(msgid, msgstr, CONTEXT) == []


def test_cite_keys_may_change_order():
    assert rules.refusals("A {cite}`a,b`.", "Una {cite}`b,a`.", CONTEXT) == []


def entry(body: str) -> str:
    return HEADER + "\n" + body


# GNU msgfmt's account of a syntax error, with its line (it names the line after an
# unterminated string).
STRUCTURAL = {
    "unterminated string": (entry('msgid "Names"\nmsgstr "Nombres\n'), "E101", 11),
    "unquoted text": (entry('msgid "Names"\nmsgstr Nombres\n'), "E101", 10),
    "duplicate msgid": (
        entry('msgid "Names"\nmsgstr "Nombres"\n\nmsgid "Names"\nmsgstr "Nombres"\n'),
        "E101",
        12,
    ),
    "bogus charset": (
        HEADER.replace("charset=UTF-8", "charset=BOGUS") + '\nmsgid "a"\nmsgstr "b"\n',
        "E101",
        1,
    ),
    "latin-1 bytes": (entry('msgid "Names"\nmsgstr "Nombres"\n'), "E104", 10),
    "bad plural expression": (
        HEADER.replace("plural=(n != 1)", "plural=(n !=") + '\nmsgid "a"\nmsgstr "b"\n',
        "E105",
        1,
    ),
    "plural entry in a page": (
        entry('msgid "day"\nmsgid_plural "days"\nmsgstr[0] "día"\nmsgstr[1] "días"\n'),
        "E108",
        11,
    ),
}


def faulty(tmp_path, kind):
    text, code, line = STRUCTURAL[kind]
    data = text.encode("utf-8")
    if kind == "latin-1 bytes":
        data = data.replace(b"Nombres", "Nómbres".encode("latin-1"))
    path = tmp_path / "es" / "LC_MESSAGES" / "page.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    return path, code, line


@pytest.mark.parametrize("kind", STRUCTURAL)
def test_structural_faults_are_named_with_their_line(tmp_path, kind):
    path, code, line = faulty(tmp_path, kind)
    problems = lint.lint_file(path, None)
    assert (line, code) in {(p.line, p.code) for p in problems}, problems


@pytest.mark.parametrize("kind", STRUCTURAL)
def test_msgfmt_check_agrees_that_it_is_a_fault(tmp_path, kind):
    path, _, _ = faulty(tmp_path, kind)
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode != 0 or "warning" in result.stderr


def test_faults_of_a_clean_catalogue():
    path = ROOT / "locales" / "ja" / "LC_MESSAGES" / "index.po"
    catalogue = reading.read(path, path.read_bytes(), "nplurals=1; plural=0;")
    assert catalogue.faults == () and len(catalogue.messages) == len(catalogue.entries) > 0


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["unterminated string", "bogus charset", "duplicate msgid"])
def test_build_refuses_a_broken_catalogue_and_keeps_the_site(tmp_path, capsys, kind):
    project = copy_project(tmp_path / "book")
    root = ["--root", str(project)]
    assert main([*root, "build", "--lang", "es", "--format", "html"]) == 0
    published = project / "_build" / "site" / "es"
    before = {p: p.read_bytes() for p in published.rglob("*") if p.is_file()}

    rescue = project / "locales" / "es" / "LC_MESSAGES" / "rescue.po"
    text, _, _ = STRUCTURAL[kind]
    bad = text.split("\n", 8)[-1]  # the entries, without the header
    if kind == "bogus charset":
        rescue.write_text(
            re.sub("charset=utf-8", "charset=BOGUS", rescue.read_text("utf-8"), flags=re.I)
        )
    else:
        rescue.write_text(rescue.read_text("utf-8") + "\n" + bad, "utf-8")
    capsys.readouterr()
    assert main([*root, "build", "--lang", "es", "--format", "html"]) == 1
    err = capsys.readouterr().err
    assert f"{rescue}:" in err and "broken catalogue" in err
    assert {p: p.read_bytes() for p in published.rglob("*") if p.is_file()} == before


@pytest.mark.slow
def test_build_refuses_a_hostile_translation_of_the_real_book(tmp_path, capsys):
    project = copy_project(tmp_path / "book")
    path = project / "locales" / "es" / "LC_MESSAGES" / "rescue.po"
    catalogue = polib.pofile(str(path))
    catalogue[1].msgstr += "\n\n```{literalinclude} /etc/hostname\n```"
    catalogue.save()
    line = reading.read(path, path.read_bytes(), PLURAL_FORMS).entries[1].line
    assert main(["--root", str(project), "build", "--lang", "es", "--format", "html"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line}: WARNING: E302" in err
    assert not (project / "_build" / "site" / "es").exists()
