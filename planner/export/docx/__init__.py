"""The written business plan as a Word document."""
