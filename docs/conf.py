# Settings of the book; the edition-specific ones (title, LaTeX, bibliography style)
# come from the language registry through the embassy_docs extension.

project = "Japanese embassy hostage crisis"
author = "The embassy-docs contributors"
language = "en"

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "embassy_docs.sphinx_ext",
]

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "images"]

myst_url_schemes = ["http", "https", "mailto", "geo"]

bibtex_bibfiles = ["../refs.bib"]
bibtex_reference_style = "label"

# The translators' catalogues (sphinx-intl layout). They are untrusted: the extension
# checks them and compiles them into the build folder, which it names in locale_dirs;
# Sphinx itself never reads this folder, so locale_dirs stays empty here.
embassy_catalogues = "../locales"
locale_dirs: list[str] = []
gettext_compact = False
gettext_uuid = False
gettext_location = True

html_theme = "furo"
html_copy_source = False
html_show_sourcelink = False

latex_use_xindy = False
latex_show_urls = "no"
html_show_sphinx = False
# No general index page: the book has no index entries, and an empty page helps no one.
html_use_index = False
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "embassy/languages.html",
        "sidebar/navigation.html",
        "embassy/pdf-link.html",
        "embassy/contributing.html",
        "sidebar/scroll-end.html",
    ]
}
