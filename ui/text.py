"""User text inside markdown: shown literally, never interpreted as markup or HTML."""
from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """`text` with every markdown/HTML control character escaped, for st.markdown-like calls."""
    return _MARKDOWN.sub(r"\\\1", str(text))
