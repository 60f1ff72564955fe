"""The shape of a format (HTML, PDF, …): what it is made from, how it is made, where it
is published. The plan is built from the language's list of formats; adding a format is
adding a module to ``formats/`` and its name to the registry."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from . import publish

if TYPE_CHECKING:
    from ..languages import Language
    from .editions import EditionWork


class Format:
    """One way an edition is published.

    * **Made from** the output of the Sphinx builder ``builder``: every builder of an
      edition runs in one Sphinx process, from one read of the sources.
    * **Made by** its own step after Sphinx, ``made_by`` (``make``), if it has one.
    * **Published** in the edition's folder of the site in one atomic step: as that
      folder itself (the website), or as one file in it (``file_name``), replaced
      after the folder's publish so that a swapped-in folder never loses it.
    """

    name: ClassVar[str]  # what --format and the registry call it
    label: ClassVar[str]  # what the build's report calls it
    media_type: ClassVar[str] = ""  # a published file's, for the links to it
    builder: ClassVar[str]
    made_by: ClassVar[str] = ""
    # Seconds each step takes before it has run once here; afterwards its last time.
    seconds: ClassVar[dict[str, float]] = {}

    @property
    def steps(self) -> tuple[str, ...]:
        return (self.builder, *((self.made_by,) if self.made_by else ()))

    @property
    def publish_step(self) -> str:
        return f"publish {self.name}"

    def file_name(self, language: Language) -> str:
        """The published file's name in the edition's folder; "" for the folder itself."""
        return ""

    def output(self, edition: EditionWork) -> Path:
        """What this format's last step made, in the language's work folder."""
        return edition.work / self.builder / self.file_name(edition.language)

    def make(self, edition: EditionWork) -> str:
        """The format's own step after Sphinx: "built" or "skipped"."""
        raise NotImplementedError(f"{self.name} has no step after Sphinx")

    def publish(self, edition: EditionWork) -> str:
        """One file, replaced in one rename; skipped when it is what the last step made."""
        key = edition.stamps.values.get(self.steps[-1], "")
        target = edition.target / self.file_name(edition.language)
        if edition.stamps.matches(self.publish_step, key) and target.is_file():
            return edition.finished(self.publish_step, "skipped")
        edition.progress(edition.code, self.publish_step)
        publish.replace_file(self.output(edition), target)
        edition.stamps.record(self.publish_step, key)
        return edition.finished(self.publish_step, "built")
