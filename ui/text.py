"""User text inside markdown: shown literally, never interpreted as markup or HTML.

Streamlit renders st.markdown, st.caption, the alerts, st.toast, headings and every widget,
expander, tab and metric label (and st.radio / st.segmented_control options) as GitHub-flavoured
markdown. File names, dataset and goal names and data values (agents, categories, survey
columns) go into those through :func:`plain`; st.selectbox / st.multiselect options and table
cells are drawn as plain text and take the value as it is.
"""
from __future__ import annotations

import re

# Every ASCII punctuation character: CommonMark lets each be backslash-escaped, and each can start
# some markup (emphasis, links, images, HTML tags, character references such as &copy;, tables,
# setext headings "===", Streamlit's :material/…: icons and :red[…] directives, $…$ maths).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GFM's autolink literals (https://…, www.…, name@host.tld) are found in the text *after* the
# escapes are resolved (mdast-util-gfm-autolink-literal, measured in Streamlit 1.67's frontend:
# "https\://evil\.example" still became a link), so an escape cannot stop them. A WORD JOINER
# (U+2060, invisible, no line break) between "https:" and "//", after "www" and after "@" breaks
# the pattern the link finder looks for and shows the same characters.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=http:)(?=//)|(?<=https:)(?=//)|(?<=www)(?=\.)|(?<=@)")


def plain(text: object) -> str:
    """`text` for a markdown-rendering call, shown as the characters it is: every markdown/HTML
    control character escaped and bare URLs / e-mail addresses kept from becoming links."""
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, str(text)))
