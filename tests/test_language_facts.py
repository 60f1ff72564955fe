"""Language facts that do not move with a library. The plural rule is the registry's,
whatever Babel's CLDR data says; the dates and language names the editions print come
from Babel, pinned by uv.lock, and are checked here so that a new Babel that changes
them (the canary installs the newest) is caught the day it appears."""

from __future__ import annotations

import pytest

from embassy_docs import languages, new_language
from embassy_docs.catalogues import reading
from embassy_docs.sphinx_ext import colophon

# 9 March 2001, the date of the article's first reference.
EPOCH = "984096000"
PRINTED = {
    "en": ("9 March 2001", "English"),
    "es": ("9 de marzo de 2001", "español"),
    "ja": ("2001年3月9日", "日本語"),
}
# GNU gettext's conventions, as msginit writes them.
GETTEXT = {
    "es": "nplurals=2; plural=(n != 1);",
    "ja": "nplurals=1; plural=0;",
    "fr": "nplurals=2; plural=(n > 1);",
    "pt": "nplurals=2; plural=(n != 1);",
}


@pytest.mark.parametrize("code", sorted(PRINTED))
def test_the_edition_prints_its_date_and_name_as_before(monkeypatch, code):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert (colophon.says("date", code), colophon.says("edition", code)) == PRINTED[code]


def test_every_edition_is_checked_here():
    assert set(PRINTED) == set(languages.codes())


@pytest.mark.parametrize("code", ["es", "ja"])
def test_the_registry_states_gettexts_rule(code):
    assert languages.get(code).plural_forms == GETTEXT[code]


@pytest.mark.parametrize("code", sorted(GETTEXT))
def test_a_new_language_gets_gettexts_rule_not_cldrs(code):
    assert new_language.plural_rule(code) == GETTEXT[code]


def test_a_rule_gettext_lacks_is_asked_for_with_cldrs_as_a_suggestion():
    with pytest.raises(new_language.NewLanguageError) as refused:
        new_language.plural_rule("zh")
    assert 'give it with --plural-forms "nplurals=1; plural=0;"' in str(refused.value)
    assert new_language.plural_rule("zh", "nplurals=1;  plural=0;") == "nplurals=1; plural=0;"


def test_a_rule_given_by_hand_is_read_as_a_catalogue_would_be():
    with pytest.raises(new_language.NewLanguageError, match="--plural-forms"):
        new_language.plural_rule("fr", "nplurals=2; plural=exec(1);")


HEADER = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
ENTRY = '\nmsgid "Hello"\nmsgstr "Hola"\n'


def test_a_header_without_plural_forms_is_refused_whatever_babel_would_guess(tmp_path):
    path = tmp_path / "page.po"
    faults = reading.read(path, (HEADER + ENTRY).encode(), GETTEXT["es"]).faults
    assert [(f.line, f.code) for f in faults] == [(1, "E105")]
    assert 'add "Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in faults[0].message


def test_the_registrys_rule_is_read_and_compiled_even_where_cldr_differs(tmp_path):
    header = HEADER + f'"Plural-Forms: {GETTEXT["es"]}\\n"\n'
    found = reading.read(tmp_path / "page.po", (header + ENTRY).encode(), GETTEXT["es"])
    assert found.faults == ()
    assert b"Plural-Forms: nplurals=2; plural=(n != 1);" in found.mo
