"""The one catalogue of user-facing strings, English and Chinese.

Each area keeps its strings in a module of this package (`i18n/data.py`, `i18n/overview.py`, …)
as ``STRINGS = {key: (english, chinese)}``; :func:`t` looks a key up across all of them.
Keys must be unique across modules (a test checks). No streamlit here: the command line's
reports use the same catalogue.
"""
from __future__ import annotations

import importlib
import pkgutil

LANGS = ("en", "zh")
_CATALOGUE: dict[str, tuple[str, str]] = {}


def _load() -> dict[str, tuple[str, str]]:
    if not _CATALOGUE:
        for info in pkgutil.iter_modules(__path__):
            module = importlib.import_module(f"{__name__}.{info.name}")
            for key, pair in getattr(module, "STRINGS", {}).items():
                if key in _CATALOGUE:
                    raise KeyError(f"i18n key {key!r} defined twice (again in {info.name})")
                _CATALOGUE[key] = pair
    return _CATALOGUE


def t(key: str, lang: str = "en", **values: object) -> str:
    """The string for `key` in `lang` ("en" or "zh"), formatted with `values`.

    An unknown key comes back as the key itself, so a missing translation shows, not crashes."""
    pair = _load().get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "zh" else pair[0]
    return text.format(**values) if values else text


def catalogue() -> dict[str, tuple[str, str]]:
    """Every key with its (English, Chinese) pair."""
    return dict(_load())
