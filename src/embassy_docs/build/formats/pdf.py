"""The PDF edition: Sphinx's LaTeX, typeset by the language's engine (XeLaTeX passes and
one xdvipdfmx), published as one file beside the website."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from ...catalogues import layout
from .. import fingerprint, tex
from ..format import Format

if TYPE_CHECKING:
    from ...languages import Language
    from ..editions import EditionWork


class PDF(Format):
    name = "pdf"
    label = "PDF"
    media_type = "application/pdf"
    builder = "latex"
    made_by = "pdf"
    seconds: ClassVar[dict[str, float]] = {"latex": 0.5, "pdf": 3.0}

    def file_name(self, language: Language) -> str:
        return language.pdf_name

    def make(self, edition: EditionWork) -> str:
        language = edition.language
        installed = tex.survey_for(edition.all_languages)
        missing = installed.missing(language)
        if missing:
            raise edition.error("pdf", missing.describe(language))
        key = fingerprint.digest(
            edition.stamps.values.get(self.builder, ""), installed.fingerprint(language)
        )
        if edition.stamps.matches("pdf", key) and self.output(edition).is_file():
            return edition.step("pdf", "skipped")
        edition.stamps.dirty.touch()
        started = time.monotonic()
        edition.progress(edition.code, language.latex.engine)
        transcript = edition.work / "latex.log"
        run = tex.run_latex(
            edition.work / self.builder, language.pdf_basename, language.latex.engine,
            transcript, env=edition.env() | {"FORCE_SOURCE_DATE": "1"},
        )  # fmt: skip
        log_text = run.log.read_text("utf-8", "replace") if run.log.exists() else ""
        problems = tex.log_problems(log_text)
        if run.status != 0 or problems:
            detail = "\n".join(problems[:8]) or edition.first_lines(transcript)
            for character in tex.missing_characters(log_text):
                places = layout.locate(edition.project, edition.code, character)
                detail += f"\n{character!r} (U+{ord(character):04X}), which no font of this "
                detail += "edition has, is at:\n  " + "\n  ".join(places or ["(not found)"])
                detail += "\n  Write another character there, or add a font that has it."
            raise edition.error("pdf", detail, run.log if run.log.exists() else transcript)
        edition.stamps.record("pdf", key, time.monotonic() - started)
        return edition.step("pdf", "built")


FORMAT = PDF()
