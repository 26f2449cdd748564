"""Founder text shown as plain text: a plan name, a client's or role's name, a note.

Streamlit draws titles, captions, tab and widget labels and `st.markdown` as Markdown, so text a
founder typed (or a plan file brought in) such as `[Verify your bank login](https://evil.example)`
would become a live link, `**x**` bold, `:red[x]` coloured and `www.x.com` a link. `plain(text)`
escapes it so Markdown shows it exactly as typed; every page passes founder text through it
where it meets Markdown.
"""

from __future__ import annotations

import re

_MARKDOWN = re.compile(
    r"[\\`*_\[\]<>~$|#&@]"  # emphasis, code, links and images, HTML, tables, LaTeX, e-mail
    r"|:(?=\S)"  # :emoji:, :material/icon:, :red[colour] and the colon of https:// (not ": ")
    r"|(?<=www)\."  # www.example.com autolinks
    r"|^[-+=]",  # a list or a heading rule at the start
    re.IGNORECASE,
)
"""What Markdown (CommonMark, GitHub's autolinks, Streamlit's :directives: and LaTeX) reads in
one line of text; everything else is shown as typed already. CommonMark shows any ASCII
punctuation after a backslash as itself."""


JOINER = "\u2060"
"""The invisible word joiner `plain` puts inside web and e-mail addresses (see there)."""


def plain(text: object) -> str:
    r"""`text` with what Markdown would read escaped: shown as typed, never as a link or markup.
    Line breaks become spaces (a label is one line).

    >>> plain("[Verify your bank login](https://evil.example/login)")
    '\\[Verify your bank login\\](https\\:\u2060//evil.example/login)'
    >>> plain("Plain words 2027: a, b (c). 3.5%")
    'Plain words 2027: a, b (c). 3.5%'
    >>> plain("**bold** _it_ :red[x] www.x.com a@b.co $1 and $2 <b>")
    '\\*\\*bold\\*\\* \\_it\\_ \\:red\\[x\\] www\u2060\\.x.com a\u2060\\@b.co \\$1 and \\$2 \\<b\\>'
    >>> plain("1. first"), plain("- item")
    ('1\\. first', '\\- item')
    """
    one_line = " ".join(str(text).split())
    escaped = _MARKDOWN.sub(lambda found: "\\" + found.group(0), one_line)
    # Streamlit links bare addresses after Markdown is read, escapes or not: an invisible word
    # joiner (U+2060) keeps "https://", "www." and "a@b" from reading as an address.
    escaped = re.sub(r"(?<=\\:)(?=//)|(?<=www)(?=\\\.)|(?=\\@)", JOINER, escaped, flags=re.I)
    # an ordered list at the start: "1." becomes "1\."
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", escaped)
