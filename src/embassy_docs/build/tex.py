"""The TeX installation an edition needs, and what a LaTeX log says went wrong."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..languages import Language

MISSING_CHARACTER = re.compile(r"^Missing character: There is no (.+)$", re.MULTILINE)
MISSING_GLYPH = re.compile(r"Missing character: There is no (.) \(U\+[0-9A-F]+\)")
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


@dataclass(frozen=True)
class Survey:
    """Where this machine's TeX installation keeps what the editions need."""

    programs: dict[str, str | None]
    tex_files: dict[str, str]
    fonts: dict[str, str]

    def missing(self, language: Language) -> Missing:
        settings = language.latex
        return Missing(
            tuple(p for p in (settings.engine, "xdvipdfmx") if not self.programs.get(p)),
            tuple(f for f in settings.tex_files if f not in self.tex_files),
            tuple(f for f in settings.fonts if f not in self.fonts),
        )

    def fingerprint(self, language: Language) -> str:
        """Which files the edition's PDF would be made with, and their size and time."""
        settings = language.latex
        paths = [
            self.programs.get(p) or f"{p}: missing"
            for p in ("latexmk", settings.engine, "xdvipdfmx")
        ]
        paths += [self.tex_files.get(f, f"{f}: missing") for f in settings.tex_files]
        paths += [self.fonts.get(f, f"{f}: missing") for f in settings.fonts]
        parts = []
        for path in paths:
            try:
                stat = Path(path).stat()
                parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
            except OSError:
                parts.append(path)
        return "\n".join(parts)


def _lines(command: list[str]) -> list[str]:
    if shutil.which(command[0]) is None:
        return []
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return result.stdout.splitlines()


@cache
def survey(
    programs: tuple[str, ...],
    tex_files: tuple[str, ...],
    fonts: tuple[str, ...],
    search_path: str = "",
) -> Survey:
    """What is installed, looked for once per ``search_path`` (the ``PATH`` it is
    looked up in): a process whose ``PATH`` changes looks again."""
    found = {Path(path).name: path for path in _lines(["kpsewhich", *tex_files])}
    families: dict[str, str] = {}
    # fc-list prints "file: family,other name" for every installed font.
    for line in _lines(["fc-list", ":", "file", "family"]):
        file, _, names = line.partition(": ")
        for name in names.split(","):
            families.setdefault(name.strip(), file)
    return Survey(
        {program: shutil.which(program) for program in programs},
        {name: found[name] for name in tex_files if name in found},
        {font: families[font] for font in fonts if font in families},
    )


def survey_for(all_languages: list[Language]) -> Survey:
    """One look at the installation for every edition of a build."""
    return survey(
        tuple(
            sorted(
                {p for lang in all_languages for p in ("latexmk", lang.latex.engine, "xdvipdfmx")}
            )
        ),
        tuple(sorted({f for lang in all_languages for f in lang.latex.tex_files})),
        tuple(sorted({f for lang in all_languages for f in lang.latex.fonts})),
        os.environ.get("PATH", ""),
    )


# What LaTeX and its packages print when another pass would change the output.
RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|Rerun LaTeX|undefined references")
MAX_PASSES = 5


@dataclass(frozen=True)
class LatexRun:
    status: int
    passes: int
    log: Path


def run_latex(
    folder: Path, stem: str, engine: str, transcript: Path, env: dict[str, str] | None = None
) -> LatexRun:
    """The PDF of ``folder/stem.tex``: passes of ``engine -no-pdf`` until nothing asks for
    another, then one ``xdvipdfmx``. What latexmk does for XeLaTeX, without hashing every
    input file on each run (the CJK font alone is tens of megabytes)."""
    options = ["-no-pdf", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
    tex_log = folder / f"{stem}.log"
    with transcript.open("w", encoding="utf-8") as stream:
        for passes in range(1, MAX_PASSES + 1):
            status = subprocess.run(
                [engine, *options, f"{stem}.tex"], cwd=folder, env=env,
                stdout=stream, stderr=subprocess.STDOUT, check=False,
            ).returncode  # fmt: skip
            if status != 0:
                return LatexRun(status, passes, tex_log)
            if not RERUN.search(unwrap(tex_log.read_text("utf-8", "replace"))):
                break
        status = subprocess.run(
            ["xdvipdfmx", "-q", "-o", f"{stem}.pdf", f"{stem}.xdv"], cwd=folder, env=env,
            stdout=stream, stderr=subprocess.STDOUT, check=False,
        ).returncode  # fmt: skip
    return LatexRun(status, passes, tex_log)


def missing_characters(log_text: str) -> list[str]:
    """The characters no font of the edition has, each once, as the log names them."""
    found = MISSING_GLYPH.finditer(unwrap(log_text))
    return list(dict.fromkeys(m.group(1) for m in found))


def log_problems(log_text: str) -> list[str]:
    """Lines of a LaTeX log that make the PDF wrong even when TeX finished."""
    log_text = unwrap(log_text)
    problems = [f"missing glyph: {m.group(1)}" for m in MISSING_CHARACTER.finditer(log_text)]
    problems += [m.group(1) for m in TEX_ERROR.finditer(log_text)]
    return problems
