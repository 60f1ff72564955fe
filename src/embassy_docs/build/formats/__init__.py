"""The formats an edition can be published in, one module each: a module here that
defines ``FORMAT`` is a format, and a language publishes the ones its registry entry
lists (``formats`` in languages.toml)."""

from __future__ import annotations

import importlib
import pkgutil

from ..format import Format


def _found() -> tuple[Format, ...]:
    names = (f"{__name__}.{module.name}" for module in pkgutil.iter_modules(__path__))
    modules = map(importlib.import_module, names)
    return tuple(sorted((module.FORMAT for module in modules), key=lambda f: f.name))


ALL: tuple[Format, ...] = _found()
NAMES = tuple(f.name for f in ALL)


def get(name: str) -> Format:
    return next(f for f in ALL if f.name == name)
