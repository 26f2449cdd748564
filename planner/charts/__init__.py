"""Charts: engine results -> plotly figures (`figures`), and figures -> PNG images (`render`)."""
