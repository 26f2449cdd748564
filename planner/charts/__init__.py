"""Charts: engine results -> plotly figures (`figures`), the compare chart of two plans
(`overlay`), the colours every figure shares (`colours`), and figures -> PNG images (`render`).
No Streamlit: the pages draw these figures and the written plan embeds them."""
