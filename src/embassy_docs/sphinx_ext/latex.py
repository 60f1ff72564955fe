"""LaTeX settings of an edition, derived from its entry in the language registry."""

from __future__ import annotations

import re

from sphinx.builders.latex.constants import XELATEX_DEFAULT_FONTPKG
from sphinx.util.texescape import escape

from ..catalogues.glossary import originals
from ..languages import Language

CJK_FONTS = r"""
\setCJKmainfont{Noto Serif CJK JP}
\setCJKsansfont{Noto Sans CJK JP}
\setCJKmonofont{Noto Sans Mono CJK JP}
"""

# Quotes, dashes, ellipsis and primes belong to the Western font in a Western book;
# xeCJK would otherwise set them full-width from the CJK font.
WESTERN_PUNCTUATION = (
    r"\xeCJKDeclareCharClass{Default}"
    r'{"2018,"2019,"201C,"201D,"2013,"2014,"2026,"00B7,"2032,"2033}'
)

# Sphinx gathers every citation at the end of the book under a heading of its own;
# the bibliography chapter is the last one, so the list goes into it instead of
# after an empty chapter.
BIBLIOGRAPHY_IN_LAST_CHAPTER = r"""
\makeatletter
\renewenvironment{sphinxthebibliography}[1]
  {\let\chapter\@gobbletwo\let\addcontentsline\@gobblethree
   \begin{thebibliography}{#1}}
  {\end{thebibliography}}
\makeatother
"""

# A glyph missing from every font is an error, not a line in the log (TeX Live 2021+).
LOST_CHARS_ARE_ERRORS = r"\tracinglostchars=3"

# A chapter heading of one line, "Chapter 1. Title" in the language's word for chapter.
COMPACT_CHAPTERS = r"""
\usepackage{titlesec}
\titleformat{\chapter}[hang]{\normalfont\LARGE\bfseries}{\chaptertitlename\ \thechapter.}{0.5em}{}
\titlespacing*{\chapter}{0pt}{0pt}{1.5em}
"""

# A number and its counter stay on one line (sphinx_ext/typography.py marks them).
KEEP_TOGETHER = r"\newcommand{\DUrolenowrap}[1]{\mbox{#1}}"


def names_unbroken() -> str:
    """No original name is hyphenated (Fu-jimori, Me-léndez, Peru Re-ports): each of
    its words is an exception without break points."""
    words = sorted(
        {
            word
            for term in originals().terms
            for form in (term.english, *(f for forms in term.required.values() for f in forms))
            for word in re.findall(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]{4,}", form)
        }
    )
    return r"\newcommand{\embassyunbrokennames}{\hyphenation{" + " ".join(words) + "}}"


def latex_elements(language: Language) -> dict[str, str]:
    """The ``latex_elements`` an edition needs, before the user's own settings."""
    settings = language.latex
    title = escape(language.title)
    fontpkg = XELATEX_DEFAULT_FONTPKG
    if settings.docclass.startswith("bxjs"):
        # The class loads xeCJK itself; naming the fonts here rather than through its
        # jafont= presets halves the time of each LaTeX run (no search for the weights
        # Debian's Noto CJK does not have).
        cjk = CJK_FONTS
    else:
        cjk = "\\usepackage{xeCJK}" + CJK_FONTS
        if settings.cjk_western_punctuation:
            cjk += WESTERN_PUNCTUATION + "\n"
    elements = {
        "papersize": "a4paper",
        # A book read on screen as much as on paper: no blank pages before chapters.
        "extraclassoptions": "openany",
        "fontpkg": fontpkg + cjk,
        "preamble": "\n".join(
            [
                LOST_CHARS_ARE_ERRORS,
                KEEP_TOGETHER,
                names_unbroken(),
                BIBLIOGRAPHY_IN_LAST_CHAPTER,
            ]
        ),
        "releasename": "",
        # In the body, where the book's language (polyglossia's, or xeCJK's) is in force:
        # hyphenation exceptions belong to the language current when they are read.
        "maketitle": r"\embassyunbrokennames\sphinxmaketitle",
        # The book has no index: no empty index chapter, no makeindex run.
        "printindex": "",
        "makeindex": "",
        # The home page's lead and infobox come before the first chapter: give them
        # the book's title as an unnumbered chapter, not the table of contents' header.
        "tableofcontents": (
            "\\sphinxtableofcontents\n"
            f"\\chapter*{{{title}}}\\markboth{{{title}}}{{{title}}}"
            f"\\addcontentsline{{toc}}{{chapter}}{{{title}}}"
        ),
        "passoptionstopackages": rf"\PassOptionsToPackage{{pdflang={language.code}}}{{hyperref}}",
    }
    if settings.compact_chapters:
        elements["preamble"] += COMPACT_CHAPTERS
    if settings.classoptions:
        elements["classoptions"] = settings.classoptions
    if not settings.polyglossia:
        elements["polyglossia"] = ""
        elements["babel"] = ""
    elements["fncychap"] = (
        rf"\usepackage[{settings.fncychap}]{{fncychap}}" if settings.fncychap else ""
    )
    return elements
