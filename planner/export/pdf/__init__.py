"""The written business plan as a PDF (typst, in-process): `render.pdf_bytes(model)`."""
