"""Founder text shown as plain text: a plan name, a client's or role's name, a note.

Streamlit draws titles, captions, tab and widget labels and `st.markdown` as Markdown, so text a
founder typed (or a plan file brought in) such as `[Verify your bank login](https://evil.example)`
would become a live link, `**x**` bold, `:red[x]` coloured and `www.x.com` a link. `plain(text)`
escapes it so Markdown shows it exactly as typed; every page passes founder text through it
where it meets Markdown.
"""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&@\"'%/])")
"""ASCII punctuation Markdown (CommonMark, GitHub's autolinks, Streamlit's :directives:, LaTeX)
gives a meaning; CommonMark shows any ASCII punctuation after a backslash as itself."""


def plain(text: object) -> str:
    r"""`text` with every Markdown character escaped: shown as typed, never as a link or markup.
    Line breaks become spaces (a label is one line).

    >>> plain("[Verify your bank login](https://evil.example/login)")
    '\\[Verify your bank login\\]\\(https\\:\\/\\/evil\\.example\\/login\\)'
    >>> plain("Plain words 2027")
    'Plain words 2027'
    """
    one_line = " ".join(str(text).split())
    return _MARKDOWN.sub(r"\\\1", one_line)
