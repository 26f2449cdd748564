"""ui/: one AppTest per page (Streamlit's testing harness, no browser)."""
