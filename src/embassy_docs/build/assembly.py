"""A site from editions built elsewhere: each language built on a machine of its own
(``embassy-docs build --lang xx``, which publishes a self-contained edition folder), then
put together, and the site's root (chooser, 404, sitemap) written for all of them, as one
``embassy-docs build`` would have written it."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

from .. import languages
from . import formats, publish, site_root


class AssemblyError(ValueError):
    """A folder that holds no edition, one of a language the book does not have, or one
    with anything a built edition does not hold."""


# Edition folders come from other machines (CI runners' artifacts): nothing in them is
# trusted. A file is copied only if it is a regular file of the shape Sphinx and the
# formats publish, under names that are plain path segments.
SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,99}")
SUFFIXES = frozenset(
    {".html", ".css", ".js", ".map", ".txt", ".inv", ".png", ".svg", ".jpg", ".webp",
     ".woff", ".woff2", ".ico"}
)  # fmt: skip
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_FILES = 5000


def _refused(path: Path, why: str) -> AssemblyError:
    return AssemblyError(f"{path}: {why}; an edition folder holds only what the build "
                         "publishes: rebuild it with `embassy-docs build --lang xx`")  # fmt: skip


def edition_files(edition: Path, code: str) -> list[str]:
    """The files of ``edition`` as relative paths, after refusing links, special files,
    names that are not plain path segments and files no edition publishes."""
    books = {
        f.file_name(languages.get(code)) for f in map(formats.get, languages.get(code).formats)
    }
    if edition.is_symlink():
        raise _refused(edition, "a symbolic link")
    found: list[str] = []
    for folder, subfolders, files in os.walk(edition, followlinks=False, onerror=_raise):
        here = Path(folder)
        for name in [*subfolders, *files]:
            path = here / name
            if not SEGMENT.fullmatch(name) or ".." in name:
                raise _refused(path, f"the name {name!r} is not a plain file name")
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                raise _refused(path, "a symbolic link")
            if name in subfolders:
                if not stat.S_ISDIR(mode):
                    raise _refused(path, "not a regular folder")
                continue
            if not stat.S_ISREG(mode):
                raise _refused(path, "not a regular file")
            relative = path.relative_to(edition).as_posix()
            if path.suffix not in SUFFIXES and relative not in books:
                raise _refused(path, f"no edition publishes {path.suffix or 'such'} files")
            found.append(relative)
            if len(found) > MAX_FILES:
                raise _refused(edition, f"more than {MAX_FILES} files")
    return sorted(found)


def _raise(error: OSError) -> None:
    raise AssemblyError(f"{error.filename}: cannot read it ({error.strerror})")


def _copy(source: Path, target: Path) -> None:
    """Copy one file without following a link put in its place since it was listed."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(source, flags)
    except OSError as error:
        raise _refused(source, f"cannot read it ({error.strerror})") from None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _refused(source, "not a regular file")
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _refused(source, f"larger than {MAX_FILE_BYTES // 2**20} MiB")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as written:
        written.write(data)


def _stage(edition: Path, code: str, stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    for relative in edition_files(edition, code):
        _copy(edition / relative, stage / relative)


def editions_in(folder: Path) -> dict[str, Path]:
    """The edition folders under ``folder``: the folder itself when it is one (named by
    its language, as the build names it), else each of its subfolders that is."""
    if not folder.is_dir():
        raise AssemblyError(f"{folder}: no such folder")
    if (folder / "index.html").is_file():
        candidates = [folder]
    else:
        candidates = sorted(p for p in folder.iterdir() if (p / "index.html").is_file())
    found = {}
    for edition in candidates:
        if edition.name not in languages.registry():
            raise AssemblyError(
                f"{edition}: not an edition folder; an edition is published in a folder "
                f"named by its language ({', '.join(languages.codes())})"
            )
        found[edition.name] = edition
    if not found:
        raise AssemblyError(
            f"{folder}: no edition in it (an edition folder has an index.html and is named "
            "by its language, as `embassy-docs build --lang xx` publishes it in _build/site/)"
        )
    return found


def assemble(site: Path, folders: list[Path], base_url: str) -> list[str]:
    """Publish every edition found in ``folders`` into ``site``, each in one step, then
    write the root for what the site now has. The languages assembled, in order."""
    found: dict[str, Path] = {}
    for folder in folders:
        for code, edition in editions_in(folder).items():
            if code in found:
                raise AssemblyError(
                    f"{edition}: a second {code} edition (the first: {found[code]})"
                )
            found[code] = edition
    # Every edition is checked and staged before any is published: a hostile folder
    # leaves the published site as it was.
    staged: dict[str, Path] = {}
    site.mkdir(parents=True, exist_ok=True)
    try:
        for code, edition in found.items():
            if edition.resolve() == (site / code).resolve():
                edition_files(edition, code)
                continue
            staged[code] = site / f".{code}.assembling"
            _stage(edition, code, staged[code])
    except BaseException:
        for stage in staged.values():
            shutil.rmtree(stage, ignore_errors=True)
        raise
    for code, stage in staged.items():
        publish.swap_in(stage, site / code)
    site_root.assemble(site, base_url)
    return list(found)
