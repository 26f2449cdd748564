"""The formula-injection guard shared by the workbook, the document and table downloads.

A spreadsheet takes a cell whose text starts with `=`, `+`, `-` or `@` (and, in some programs, a
tab or a carriage return) as a formula: a client named `=HYPERLINK("http://...")` would run when a
lender opens the file. Every piece of founder text goes through `plain_text` before it is written:

- in the workbook it is written as a string cell with Excel's quote prefix (the cell shows the text
  unchanged, and stays text when someone edits it), never with XlsxWriter's guessing `write`;
- in a CSV, which has no cell types, formula-like text gets a leading apostrophe (OWASP advice);
- in the document, control characters that XML cannot hold are dropped.
"""

from __future__ import annotations

from typing import NamedTuple

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read text as a formula (OWASP "CSV injection")."""


class PlainText(NamedTuple):
    text: str
    """The text with XML-invalid control characters removed (newlines and tabs kept)."""
    formula_like: bool
    """True when a spreadsheet could take the original text as a formula."""

    def for_csv(self) -> str:
        """The text for a CSV cell: formula-like text is prefixed with an apostrophe."""
        return "'" + self.text if self.formula_like else self.text


def plain_text(value: object) -> PlainText:
    """`value` as text that no spreadsheet or word processor will evaluate.

    >>> plain_text("=1+1")
    PlainText(text='=1+1', formula_like=True)
    >>> plain_text("Acme\\x00 Ltd")
    PlainText(text='Acme Ltd', formula_like=False)
    >>> plain_text("\\r=cmd").for_csv()
    "'=cmd"
    """
    raw = "" if value is None else str(value)
    formula_like = raw.startswith(FORMULA_TRIGGERS)
    text = "".join(ch for ch in raw if ch >= " " or ch in "\n\t")
    # Removing a control character can bring a trigger to the front ("\x00=1" -> "=1").
    formula_like = formula_like or text.startswith(FORMULA_TRIGGERS)
    return PlainText(text.replace("\ufffe", "").replace("\uffff", ""), formula_like)
