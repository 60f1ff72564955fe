"""A site from editions built elsewhere: each language built on a machine of its own
(``embassy-docs build --lang xx``, which publishes a self-contained edition folder), then
put together, and the site's root (chooser, 404, sitemap) written for all of them, as one
``embassy-docs build`` would have written it."""

from __future__ import annotations

import shutil
from pathlib import Path

from .. import languages
from . import publish, site_root


class AssemblyError(ValueError):
    """A folder that holds no edition, or one of a language the book does not have."""


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
    for code, edition in found.items():
        target = site / code
        if edition.resolve() == target.resolve():
            continue
        stage = site / f".{code}.assembling"
        shutil.rmtree(stage, ignore_errors=True)
        shutil.copytree(edition, stage)
        publish.swap_in(stage, target)
    site_root.assemble(site, base_url)
    return list(found)
