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

# Curly quotes belong to the Western font in every book: Japanese quotes with 「」, so
# “ ” and ’ only stand in Latin text (Eduardo “Tito” Cruz, Attorney General’s office),
# where xeCJK would set them full-width and eat the space after them.
WESTERN_QUOTES = r'\xeCJKDeclareCharClass{Default}{"2018,"2019,"201C,"201D}'

# No line starts with ー, in any book (line-break: strict on the site). Small kana stay
# breakable before, as zxjatype has them: in xeCJK's closing class they take a gap of
# their own (パーテ ィー).
LONG_VOWEL_KINSOKU = r'\xeCJKDeclareCharClass{FullRight}{"30FC}'

# Dashes, ellipsis and primes too in a Western book; a Japanese one sets ……
# and —— from its CJK font.
WESTERN_PUNCTUATION = r'\xeCJKDeclareCharClass{Default}{"2013,"2014,"2026,"00B7,"2032,"2033}'

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

# The same for the Japanese class, whose chapter opening sets 第1章 on a line of its own
# in \Huge above a \Huge title and puts that page's number at its head (plainhead),
# where every other page has it at its foot. Running feet read 第5章　名称 and 5.2　人物
# (Sphinx's marks would give 第 5 章 名称 and 5.2. 人物).
COMPACT_CHAPTERS_JA = r"""
\makeatletter
\def\@makechapterhead#1{{\parindent\z@\raggedright\normalfont\LARGE\headfont
  \ifnum\c@secnumdepth>\m@ne\if@mainmatter\@chapapp\thechapter\@chappos\hskip1\jsZw\fi\fi
  #1\par\nobreak}\vskip1.5em}
\def\@makeschapterhead#1{{\parindent\z@\raggedright\normalfont\LARGE\headfont
  #1\par\nobreak}\vskip1.5em}
\def\ps@plainhead{\ps@plain}
\def\embassymarks{%
  \def\chaptermark##1{\markboth{\@chapapp\thechapter\@chappos\hskip1\jsZw##1}{}}%
  \def\sectionmark##1{\markright{\thesection\hskip1\jsZw##1}}}
\g@addto@macro\ps@normal{\embassymarks}
\makeatother
"""

# One-sided in the Japanese class too: Sphinx's manual class keeps the oneside option for
# itself and passes nothing, and bxjsbook is two-sided by default (folios on the left of
# even pages). The page styles read this switch when they are applied.
ONE_SIDED = r"\makeatletter\@twosidefalse\@mparswitchfalse\makeatother"

# Table cells are set ragged-right: a justified narrow cell stretches its spaces (and in
# Japanese, the gaps between characters: 青 木 盛 久) to fill the line. Sphinx sets the
# cells of a table sized by content in varwidth, and only them; varwidth resets the
# paragraph shape, so the setting rides on the macro that starts each paragraph.
RAGGED_CELLS = r"""
\makeatletter
\AddToHook{env/varwidth/begin}{%
  \def\sphinxAtStartPar{\raggedright\leavevmode\nobreak\hskip\z@skip}}
\makeatother
"""

# A number and its counter stay on one line (sphinx_ext/typography.py marks them): the
# glue xeCJK puts between their characters cannot break. Not an \mbox, which would
# drop the quarter-em between the number and the text before it (員2 人).
KEEP_TOGETHER = r"""
\newcommand{\DUrolenowrap}[1]{{\xeCJKsetup{
  CJKglue={\nobreak\hskip 0pt plus .08\baselineskip},
  xCJKecglue={\nobreak\hskip .25em plus .1em minus .05em}}#1}}
"""


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


def unbroken_fit_their_column() -> str:
    """A person's name and a Japanese date do not break (``typography``), so no column
    of a table sized by content is narrower than the widest of them: tabulary would
    otherwise give a column less than its content and print the next column over it."""
    people = [t.english for t in originals().terms if t.kind == "person" and '"' not in t.english]
    longest = "~".join(escape(word) for word in max(people, key=len).split())
    return (
        rf"\settowidth{{\tymin}}{{{longest}}}"
        r"\newlength{\embassywidest}\settowidth{\embassywidest}{\DUrolenowrap{1996年12月17日}}"
        r"\ifdim\embassywidest>\tymin \setlength{\tymin}{\embassywidest}\fi"
    )


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
    cjk += WESTERN_QUOTES + "\n" + LONG_VOWEL_KINSOKU + "\n"
    elements = {
        "papersize": "a4paper",
        # A book read on screen as much as on paper: no blank pages before chapters.
        "extraclassoptions": "openany",
        "fontpkg": fontpkg + cjk,
        "preamble": "\n".join(
            [
                LOST_CHARS_ARE_ERRORS,
                KEEP_TOGETHER,
                RAGGED_CELLS,
                unbroken_fit_their_column(),
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
        elements["preamble"] += (
            COMPACT_CHAPTERS_JA if settings.docclass.startswith("bxjs") else COMPACT_CHAPTERS
        )
    if settings.docclass.startswith("bxjs") and "oneside" in settings.classoptions:
        elements["preamble"] += "\n" + ONE_SIDED
    if settings.classoptions:
        elements["classoptions"] = settings.classoptions
    if not settings.polyglossia:
        elements["polyglossia"] = ""
        elements["babel"] = ""
    elements["fncychap"] = (
        rf"\usepackage[{settings.fncychap}]{{fncychap}}" if settings.fncychap else ""
    )
    return elements
