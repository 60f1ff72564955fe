extensions = ["myst_parser", "sphinxcontrib.bibtex", "embassy_docs.sphinx_ext"]
source_suffix = {".md": "markdown"}
bibtex_bibfiles: list[str] = []
