extensions = ["myst_parser", "sphinxcontrib.bibtex", "embassy_docs.sphinx_ext"]
source_suffix = {".md": "markdown"}
language = "es"
locale_dirs = ["locales"]
bibtex_bibfiles = ["refs.bib"]
embassy_glossary = "glossary.tbx"
