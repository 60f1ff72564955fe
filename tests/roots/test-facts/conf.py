extensions = ["myst_parser", "embassy_docs.sphinx_ext"]
source_suffix = {".md": "markdown"}
language = "es"
embassy_catalogues = "locales"
locale_dirs: list[str] = []
