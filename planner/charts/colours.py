"""The charts' colours: one palette and the named colours every figure uses for the same meaning
(revenue green, costs red, cash blue), so a founder reads a colour the same way on every page, in
the compare chart and in the written plan (and, later, in the workbook)."""

from __future__ import annotations

# Enough colours that a plan's roles (often 10 to 14) never share one in a stacked chart.
PALETTE: tuple[str, ...] = (
    "#1f6feb", "#e8710a", "#2da44e", "#8250df", "#cf222e", "#0a7d8c", "#bf8700", "#6e7781",
    "#d1478a", "#57606a", "#7fb0ff", "#f5b971", "#8fd19e", "#c2a5f0", "#1b3a6b", "#7a4b00",
)  # fmt: skip
REVENUE = "#2da44e"
COST = "#cf222e"
CASH = "#1f6feb"
NEUTRAL = "#6e7781"
CASH_FILL = "rgba(31,111,235,0.12)"
"""The cash colour, faint, under the cash line."""
CASH_BAND = "rgba(31,111,235,0.15)"
"""The cash colour, faint: the risk fan's band of 90% of the runs (P5 to P95)."""
CASH_CORE = "rgba(31,111,235,0.32)"
"""The cash colour, stronger: the risk fan's band of half of the runs (P25 to P75)."""
HEATMAP_SCALE = ((0.0, "#ffffff"), (1.0, CASH))
"""A heatmap's colours, white to the cash blue: one hue, so the order reads the same without
colour vision (the sensitivity's two-way table: darker is worse)."""
DELIVERY_MODEL_COLOURS = {"onshore": PALETTE[4], "nearshore": PALETTE[1], "offshore": PALETTE[0]}
LABEL_BACKGROUND = "rgba(255,255,255,0.85)"
"""Behind a label drawn over a plot (a marked month, the lowest cash): the lines stay readable."""

# The written business plan (DOCX and PDF renderers): Word's "Accent 1" dark blue for the title and
# headings, a pale blue behind table headers, greys for table rules, the footer and captions.
DOCUMENT_ACCENT = "#1f4e9a"
DOCUMENT_TABLE_HEADER = "#dbe5f1"
DOCUMENT_RULE = "#bebebe"
DOCUMENT_FOOTER = "#5a5a5a"
DOCUMENT_CAPTION = "#3c3c3c"
PAST_THRESHOLD_FILL = "#fbe3d6"
"""Behind a variance past its threshold (the Actuals page's tables, the workbook's Actuals sheet):
pale, so the text keeps its contrast; a word beside it says the same for readers without colour."""
