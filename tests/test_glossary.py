from pathlib import Path

import pytest

from embassy_docs.catalogues import glossary

from .conftest import ROOT


@pytest.fixture(scope="module")
def names() -> glossary.Glossary:
    return glossary.load(ROOT / "locales" / "glossary.tbx")


def term(names, term_id):
    return next(t for t in names.terms if t.id == term_id)


def test_glossary_lists_every_name_the_issue_names(names):
    english = {t.english for t in names.terms}
    for name in [
        "Toma de la residencia del embajador de Japón en Lima",
        "在ペルー日本大使公邸占拠事件",
        "Zai Perū Nihon taishi kōtei senkyo jiken",
        "Túpac Amaru Revolutionary Movement",
        "MRTA",
        "Morihisa Aoki",
        "Akihito",
        "Alberto Fujimori",
        "Hidetaka Ogura",
        'Eduardo "Tito" Cruz',
        "Victor Peceros",
        "Herma Meléndez",
        "San Isidro",
        "Lima",
        "Inter-American Court of Human Rights",
        "CNN",
        "Deseret News",
        "Associated Press",
        "Peru Reports",
    ]:
        assert name in english


def test_a_name_inside_a_longer_one_is_not_asked_twice(names):
    found = {t.id for t in names.names_in("Peru Reports (Peru Reports/Colombia Reports)")}
    assert found == {"pub-peru-reports", "pub-colombia-reports"}
    found = {t.id for t in names.names_in('saw Eduardo "Tito" Cruz alive; Cruz was found')}
    assert found == {"cruz-full", "cruz"}


def test_words_that_only_contain_a_name_do_not_count(names):
    assert names.names_in("Peruvian forces and Japanese diplomats") == []


def test_japanese_particles_may_touch_a_latin_name(names):
    assert glossary.missing_forms(term(names, "lima"), "ja", "リマ（Lima）の公邸") == []
    assert glossary.missing_forms(term(names, "lima"), "ja", "Limaで") == []


def test_local_rendering_alone_loses_the_original(names):
    aoki = term(names, "aoki")
    assert glossary.missing_forms(aoki, "ja", "青木盛久大使") == ["Morihisa Aoki"]
    assert glossary.missing_forms(aoki, "ja", "青木盛久（Morihisa Aoki）大使") == []


def test_language_specific_forms_replace_the_english_one(names):
    movement = term(names, "mrta-name")
    assert glossary.missing_forms(movement, "es", "el Movimiento Revolucionario Túpac Amaru") == []
    assert glossary.missing_forms(movement, "es", "el Movimiento Revolucionario") == ["Túpac Amaru"]
    cruz = term(names, "cruz-full")
    assert glossary.missing_forms(cruz, "es", "Eduardo «Tito» Cruz") == []
    assert glossary.missing_forms(cruz, "ja", "エドゥアルド・クルス（Cruz）") == ["Eduardo", "Tito"]


def test_quotes_and_composition_do_not_matter(names):
    office = term(names, "attorney-general")
    assert (
        glossary.missing_forms(office, "es", "Fiscalía de la Nación (Attorney General’s office)")
        == []
    )
    romanized = term(names, "event-ja-latn")
    decomposed = "Zai Peru\u0304 Nihon taishi ko\u0304tei senkyo jiken"
    assert glossary.missing_forms(romanized, "ja", decomposed) == []


def test_the_english_name_of_an_institution_stands_beside_its_own_at_the_first_mention(names):
    forces = term(names, "armed-forces")
    glossed = "las Fuerzas Armadas del Perú (Peruvian Armed Forces)"
    assert glossary.missing_forms(forces, "es", glossed, first=True) == []
    assert glossary.missing_forms(forces, "es", "las Fuerzas Armadas del Perú", first=True) == [
        "Peruvian Armed Forces"
    ]
    assert glossary.missing_forms(forces, "es", "the Peruvian Armed Forces", first=True) == [
        "Fuerzas Armadas del Perú"
    ]
    assert glossary.missing_forms(forces, "es", "las Fuerzas Armadas del Perú", first=False) == []
    assert glossary.missing_forms(forces, "es", "las fuerzas", first=False) == [
        "Fuerzas Armadas del Perú"
    ]
    assert glossary.glossed_again(forces, "es", glossed, first=False)
    assert not glossary.glossed_again(forces, "es", glossed, first=True)


def test_names_earlier_on_the_page(names):
    msgids = ["Peruvian Armed Forces", "Lima", "commandos of the Peruvian Armed Forces"]
    earlier = glossary.named_earlier(names, msgids)
    assert earlier == [frozenset(), {"armed-forces"}, {"armed-forces", "lima"}]


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "glossary.tbx"
    path.write_text(
        f'<?xml version="1.0"?>\n<martif>\n<text><body>\n{body}</body></text>\n</martif>\n'
    )
    return path


def test_malformed_glossary_names_the_line(tmp_path):
    path = write(tmp_path, '<termEntry id="x">\n<langSet xml:lang="en"><tig><term>A</term>\n')
    with pytest.raises(glossary.GlossaryError) as caught:
        glossary.load(path)
    assert caught.value.line >= 4
    assert str(caught.value).startswith(f"{path}:")


def test_a_glossary_cannot_add_a_name_of_its_own(tmp_path):
    path = write(tmp_path, '<termEntry id="x">\n<langSet xml:lang="es"><tig><term>A</term></tig>'
                           "</langSet>\n</termEntry>\n")  # fmt: skip
    with pytest.raises(glossary.GlossaryError, match="not an original name") as caught:
        glossary.load(path)
    assert caught.value.line == 4


@pytest.mark.parametrize(
    "change",
    [
        ("<term>Morihisa Aoki</term>", "<term>Morihisa \u0410oki</term>"),  # Cyrillic А
        (
            "<term>Toma de la residencia del embajador de Japón en Lima</term>",
            "<term>Toma de la residencia</term>",
        ),
    ],
)
def test_a_glossary_cannot_change_an_original(tmp_path, change):
    text = (ROOT / "locales" / "glossary.tbx").read_text("utf-8")
    assert change[0] in text
    path = tmp_path / "glossary.tbx"
    path.write_text(text.replace(change[0], change[1], 1), "utf-8")
    with pytest.raises(glossary.GlossaryError, match="does not repeat the original name"):
        glossary.load(path)


def test_a_glossary_cannot_weaken_what_a_language_keeps(tmp_path):
    text = (ROOT / "locales" / "glossary.tbx").read_text("utf-8")
    weaker = text.replace(
        '<termEntry id="melendez">',
        '<termEntry id="melendez"><langSet xml:lang="es"><tig><term>Herma</term>'
        '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>'
        "</langSet>",
    )
    assert weaker != text
    path = tmp_path / "glossary.tbx"
    path.write_text(weaker, "utf-8")
    with pytest.raises(glossary.GlossaryError, match="melendez"):
        glossary.load(path)


RENDERINGS_REFUSED = {
    "an invented date": "1997年4月23日に暗殺された大統領アルベルト・フジモリ",
    "a sentence": "暗殺された大統領アルベルト・フジモリ。",
    "markup": "<b>アルベルト・フジモリ</b>",
    "a role": "{cite}`x` アルベルト・フジモリ",
    "a year in brackets": "アルベルト・フジモリ（1938）",
    "full-width digits": "アルベルト・フジモリ１９３８",
    "a bidirectional control": "アルベルト\u202e・フジモリ",
    "decomposed letters": "Alberto Fujimori Fujimori".replace("o", "o\u0301"),
    "a paragraph": "アルベルト・フジモリ" * 8,
}


@pytest.mark.parametrize("kind", sorted(RENDERINGS_REFUSED))
def test_a_rendering_is_checked_as_translator_text(kind):
    problem = glossary.rendering_problem("Alberto Fujimori", RENDERINGS_REFUSED[kind], "ja")
    assert problem is not None


@pytest.mark.parametrize(
    ("original", "rendering", "code"),
    [
        ("Alberto Fujimori", "アルベルト・フジモリ", "ja"),
        ("Túpac Amaru Revolutionary Movement", "Movimiento Revolucionario Túpac Amaru", "es"),
        ("Inter-American Court of Human Rights", "Corte Interamericana de Derechos Humanos", "es"),
        ("Attorney General's office", "Fiscalía de la Nación", "es"),
        ("San Isidro", "サン・イシドロ", "ja"),
    ],
)
def test_the_renderings_translators_write_pass(original, rendering, code):
    assert glossary.rendering_problem(original, rendering, code) is None


def test_a_rendering_with_a_date_fails_the_glossary_at_its_line(tmp_path):
    text = (ROOT / "locales" / "glossary.tbx").read_text("utf-8")
    assert "<term>アルベルト・フジモリ</term>" in text
    hostile = tmp_path / "glossary.tbx"
    hostile.write_text(
        text.replace(
            "<term>アルベルト・フジモリ</term>",
            "<term>1997年4月23日に暗殺された大統領アルベルト・フジモリ</term>",
        ),
        "utf-8",
    )
    with pytest.raises(glossary.GlossaryError) as refused:
        glossary.load(hostile)
    line = text[: text.index("<term>アルベルト・フジモリ</term>")].count("\n") + 1
    assert refused.value.line in (line - 1, line)
    assert "1997" in refused.value.message
