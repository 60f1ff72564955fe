"""The TeX installation an edition needs, and what a LaTeX log says went wrong."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .languages import Language

MISSING_CHARACTER = re.compile(r"^Missing character: There is no (.+)$", re.MULTILINE)
TEX_ERROR = re.compile(r"^(?:! |\S+:\d+: )(.+)$", re.MULTILINE)
# TeX wraps its log at this many characters, in the middle of words.
LOG_WIDTH = 79


def unwrap(log_text: str) -> str:
    """The log with TeX's hard line wrapping undone."""
    lines = log_text.splitlines()
    joined: list[str] = []
    for line in lines:
        if joined and len(joined[-1]) % LOG_WIDTH == 0 and joined[-1]:
            joined[-1] += line
        else:
            joined.append(line)
    return "\n".join(joined)


@dataclass(frozen=True)
class Missing:
    programs: tuple[str, ...]
    tex_files: tuple[str, ...]
    fonts: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.programs or self.tex_files or self.fonts)

    def describe(self, language: Language) -> str:
        parts = [
            f"{kind}: {', '.join(names)}"
            for kind, names in (
                ("programs", self.programs),
                ("TeX files", self.tex_files),
                ("fonts", self.fonts),
            )
            if names
        ]
        packages = " ".join(language.latex.debian_packages)
        return (
            f"the {language.english_name} PDF needs a TeX installation that is not complete here "
            f"(missing {'; '.join(parts)}). On Debian or Ubuntu install it with:\n"
            f"  sudo apt-get install -y {packages}"
        )


def _font_installed(family: str) -> bool:
    result = subprocess.run(
        ["fc-list", f":family={family}", "family"], capture_output=True, text=True, check=False
    )
    return bool(result.stdout.strip())


def missing(language: Language) -> Missing:
    """What of the edition's TeX set-up is not installed on this machine."""
    settings = language.latex
    programs = tuple(
        p for p in ("latexmk", settings.engine, "kpsewhich", "fc-list") if shutil.which(p) is None
    )
    tex_files: tuple[str, ...] = ()
    fonts: tuple[str, ...] = ()
    if shutil.which("kpsewhich"):
        found = subprocess.run(
            ["kpsewhich", *settings.tex_files], capture_output=True, text=True, check=False
        ).stdout.split()
        names = {Path(path).name for path in found}
        tex_files = tuple(f for f in settings.tex_files if f not in names)
    if shutil.which("fc-list"):
        fonts = tuple(f for f in settings.fonts if not _font_installed(f))
    return Missing(programs, tex_files, fonts)


def log_problems(log_text: str) -> list[str]:
    """Lines of a LaTeX log that make the PDF wrong even when TeX finished."""
    log_text = unwrap(log_text)
    problems = [f"missing glyph: {m.group(1)}" for m in MISSING_CHARACTER.finditer(log_text)]
    problems += [m.group(1) for m in TEX_ERROR.finditer(log_text)]
    return problems
