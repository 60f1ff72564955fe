"""Building the editions: a plan of steps per language (check the catalogues, one Sphinx
run for every format, the formats' own steps, publish), run in parallel and skipped
where the inputs did not change. Each format is one module in ``formats/``."""
