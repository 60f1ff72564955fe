"""The multilingual edition of the Japanese embassy hostage crisis (Lima, 1996–97)."""

__version__ = "0.1.0"
