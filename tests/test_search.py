import json
import re

import pytest

from embassy_docs.sphinx_ext import search


def test_japanese_runs_become_pairs_and_latin_words_stay_whole():
    assert search.split("在ペルー日本 Túpac Perū, 大使 ガイド") == [
        "在ペ", "ペル", "ルー", "ー日", "日本", "Tupac", "Peru", "大使", "ガイ", "イド",
    ]  # fmt: skip


def test_a_single_japanese_character_is_kept():
    assert search.split("件 x") == ["件", "x"]


def index_words(app) -> set[str]:
    text = (app.outdir / "searchindex.js").read_text("utf-8")
    data = json.loads(re.search(r"Search\.setIndex\((.*)\)", text, re.S).group(1))
    return set(data["terms"]) | set(data["titleterms"])


@pytest.mark.sphinx("html", testroot="names", confoverrides={"language": "ja"})
def test_japanese_index_has_latin_names_whole(app):
    app.build()
    words = index_words(app)
    assert {"zai", "peru", "toma", "japon"} <= words
    assert not {"perū", "japón"} & words
    assert {"大使", "公邸", "ペル"} <= words
    assert "splitQuery" in (app.outdir / "_static" / "language_data.js").read_text("utf-8")


@pytest.mark.sphinx("html", testroot="names", confoverrides={"language": "en"})
def test_english_index_has_japanese_pairs(app):
    app.build()
    assert {"大使", "公邸", "占拠", "zai"} <= index_words(app)
