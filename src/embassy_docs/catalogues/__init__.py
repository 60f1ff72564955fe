"""The translators' catalogues: where they live, how they are read (once, as the build
reads them), the rules a translation keeps, coverage, and bringing them up to date."""
