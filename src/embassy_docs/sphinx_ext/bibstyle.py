"""Bibliography styles, one per edition: the words around a source are the reader's
language, the source's own title, author and publisher stay as published."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from pybtex.plugin import register_plugin
from pybtex.richtext import Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import languages

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinx.application import Sphinx

MONTHS = (
    "january february march april may june july august september october november december"
).split()


def entry_date(entry: Entry) -> dt.date | None:
    fields = entry.fields
    if "year" not in fields:
        return None
    month = fields.get("month", "january").strip().lower()
    month_number = MONTHS.index(month) + 1 if month in MONTHS else int(month)
    return dt.date(int(fields["year"]), month_number, int(fields.get("day", 1)))


def iso_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value.strip())


def make_style(language: languages.Language) -> type[UnsrtStyle]:
    words = language.bibliography

    def date_text(date: dt.date) -> str:
        return format_date(date, format="long", locale=language.babel_locale)

    class Style(UnsrtStyle):
        default_sorting_style = "none"

        def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
            fields = entry.fields
            # "Briceno, Franklin", as the source article lists its references.
            authors = [str(person) for person in entry.persons.get("author", [])]
            # The source's words as published, in typographic apostrophes (Peru’s).
            published = fields["title"].replace("'", "’")
            title = Text(words.quote_open, Text.from_latex(published), words.quote_close)
            outlet = [Tag("em", Text.from_latex(fields["journal"]))]
            for name in ("agency", "publisher"):
                if name in fields:
                    outlet.append(Text(words.comma, Text.from_latex(fields[name])))
            date = entry_date(entry)
            if date:
                outlet.append(Text(words.comma, date_text(date)))

            byline = words.author_separator.join(authors)
            sentences = [Text(byline, words.after_author, title) if authors else title]
            sentences.append(Text(*outlet))
            if "archivedate" in fields:
                sentences.append(
                    Text(words.archived.format(date=date_text(iso_date(fields["archivedate"]))))
                )
            if "urldate" in fields:
                sentences.append(
                    Text(words.retrieved.format(date=date_text(iso_date(fields["urldate"]))))
                )
            if fields.get("deadlink"):
                sentences.append(Text(words.dead_link))
            text = Text(words.space).join([Text(sentence, words.period) for sentence in sentences])
            return FormattedEntry(entry.key, text, label)

    Style.__name__ = f"Style_{language.code}"
    return Style


class BibliographyInItsChapter(SphinxPostTransform):
    """In the PDF, the list of sources where the book's Bibliography page puts it. Sphinx
    gathers the citations at the end of the book (its BibliographyTransform), which is the
    Bibliography chapter only while that chapter is the last one."""

    default_priority = 760
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        lists = list(self.document.findall(thebibliography))
        domain = self.env.domains.get("cite")
        pages = {key.docname for key in getattr(domain, "bibliographies", {})}
        if not lists or not pages:
            return
        for included in self.document.findall(addnodes.start_of_file):
            if included.get("docname") in pages:
                for found in lists:
                    found.parent.remove(found)
                    included += found
                return


def register(app: Sphinx) -> None:
    for language in languages.registry().values():
        register_plugin("pybtex.style.formatting", f"embassy-{language.code}", make_style(language))
    app.add_post_transform(BibliographyInItsChapter)
