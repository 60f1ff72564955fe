extensions = ["myst_parser", "embassy_docs.sphinx_ext"]
source_suffix = {".md": "markdown"}
language = "es"
locale_dirs = ["locales"]
