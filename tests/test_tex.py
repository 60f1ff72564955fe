from embassy_docs.build import tex

LOG = """\
(./book.aux)
Missing character: There is no ペ (U+30DA) in font FreeSerif:mapping=tex-text;!
Output written on book.pdf (17 pages).
"""


def test_missing_glyph_is_a_problem():
    assert tex.log_problems(LOG) == [
        "missing glyph: ペ (U+30DA) in font FreeSerif:mapping=tex-text;!"
    ]


def test_clean_log_has_no_problem():
    assert tex.log_problems("Output written on book.pdf (17 pages).\n") == []


def test_tex_errors_are_reported():
    log = "./book.tex:12: Undefined control sequence.\n"
    assert tex.log_problems(log) == ["Undefined control sequence."]


def test_wrapped_error_lines_are_joined():
    head = "/usr/share/texlive/texmf-dist/tex/latex/zxjafont/zxjafont.sty:176: Package keyv"
    assert len(head) == tex.LOG_WIDTH
    log = head + "\nal Error: noto-otc undefined.\n\nSee the keyval package documentation.\n"
    assert tex.log_problems(log) == ["Package keyval Error: noto-otc undefined."]


def test_missing_characters_are_named_once():
    log = LOG + "! Missing character: There is no ペ (U+30DA) in font FreeSerif.otf.\n"
    assert tex.missing_characters(log) == ["ペ"]
    assert tex.missing_characters("Output written on book.pdf (17 pages).\n") == []
