"""Search that finds names across scripts in every edition.

Sphinx's English index keeps a run of Japanese as one token (大使 is not found in
在ペルー日本大使公邸占拠事件), and its Japanese splitter cuts Latin names apart (Túpac
becomes t + úpac). Here every edition indexes runs of Japanese characters as overlapping
pairs of characters and other words whole, and the query is split the same way in the
browser, so any Japanese word of two characters or more, and any Latin word, is found.
Latin words lose their diacritics in the index and in the query alike: readers type
"Tupac" and "Melendez" as often as Túpac and Meléndez.
"""

from __future__ import annotations

import re
import unicodedata
from importlib import import_module
from typing import TYPE_CHECKING

from sphinx.search import SearchLanguage
from sphinx.search import languages as sphinx_languages

from .. import languages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Hiragana, katakana (with ー), CJK ideographs and their extension A, compatibility
# ideographs, half-width katakana.
CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
TOKENS = re.compile(rf"([{CJK_CLASS}]+)|((?:(?![{CJK_CLASS}])\w)+)")
CJK_WORD = re.compile(rf"^[{CJK_CLASS}]+$")

# The same splitting in the browser, for the query. \u escapes: the class is the same.
_CJK_JS = CJK_CLASS.encode("unicode_escape").decode()
SPLIT_QUERY_JS = (
    """
function splitQuery(query) {
  const cjk = /^[CJK]+$/u;
  const terms = [];
  for (const part of query.split(/[^\\p{Letter}\\p{Number}_]+/gu)) {
    for (const piece of part.match(/[CJK]+|[^CJK]+/gu) || []) {
      if (!cjk.test(piece)) {
        terms.push(piece.normalize("NFKD").replace(/\\p{Mn}/gu, ""));
        continue;
      }
      if (piece.length < 2) { terms.push(piece); continue; }
      for (let i = 0; i + 2 <= piece.length; i++) terms.push(piece.slice(i, i + 2));
    }
  }
  return terms;
}
"""
).replace("CJK", _CJK_JS)


def fold(word: str) -> str:
    """A word without its diacritics (Túpac → Tupac, Perū → Peru). Only for words outside
    Japanese: a kana's voicing mark is part of the letter (ガ is not カ)."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def split(text: str) -> list[str]:
    """Words of Latin and other scripts whole and folded; Japanese runs as overlapping
    pairs."""
    tokens: list[str] = []
    for cjk, other in TOKENS.findall(text):
        if other:
            tokens.append(fold(other))
        elif len(cjk) == 1:
            tokens.append(cjk)
        else:
            tokens += [cjk[i : i + 2] for i in range(len(cjk) - 1)]
    return tokens


def sphinx_search_class(code: str) -> type[SearchLanguage]:
    found = sphinx_languages[code]
    if isinstance(found, str):
        module, name = found.rsplit(".", 1)
        found = getattr(import_module(module), name)
    assert isinstance(found, type)
    return found


def make_search_language(code: str) -> type[SearchLanguage]:
    base = sphinx_search_class(code)

    class Search(base):  # type: ignore[valid-type,misc]
        js_splitter_code = SPLIT_QUERY_JS

        def split(self, input: str) -> list[str]:
            return split(input)

        def word_filter(self, word: str) -> bool:
            # Sphinx drops short words that start with hiragana; a pair of characters is
            # exactly what this index is made of.
            if CJK_WORD.match(word):
                return len(word) >= 2
            result: bool = super().word_filter(word)
            return result

        def stem(self, word: str) -> str:
            stemmed: str = word if CJK_WORD.match(word) else super().stem(word)
            return stemmed

    Search.__name__ = f"Search_{code}"
    return Search


def register(app: Sphinx) -> None:
    for code in languages.codes():
        app.add_search_language(make_search_language(code))
