"""The website edition: Sphinx's HTML, published as the edition's folder of the site."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, ClassVar

from .. import publish
from ..format import Format

if TYPE_CHECKING:
    from ..editions import EditionWork


class HTML(Format):
    name = "html"
    label = "HTML"
    builder = "html"
    seconds: ClassVar[dict[str, float]] = {"html": 1.5}

    def publish(self, edition: EditionWork) -> str:
        """The whole folder in one swap; the files other formats published there stay."""
        publish.recover(edition.target)
        key = edition.stamps.values.get(self.builder, "")
        index = edition.target / "index.html"
        if edition.stamps.matches(self.publish_step, key) and index.is_file():
            return edition.finished(self.publish_step, "skipped")
        edition.progress(edition.code, self.publish_step)
        stage = edition.work / "stage"
        shutil.rmtree(stage, ignore_errors=True)
        shutil.copytree(
            edition.work / self.builder, stage, ignore=shutil.ignore_patterns(".buildinfo*")
        )
        for name in edition.published_files():
            publish.carry_over(edition.target / name, stage)
        publish.swap_in(stage, edition.target)
        edition.stamps.record(self.publish_step, key)
        return edition.finished(self.publish_step, "built")


FORMAT = HTML()
