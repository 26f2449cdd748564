"""Export: the live Excel workbook, the written business plan (Word and PDF, from one document
model: the charts are drawn once for both), and each table as CSV."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.engine.projection import Projection
from planner.export import DocumentFiles, document_files, prepare_document, workbook_bytes
from planner.export.tables import TABLES, table_csv
from ui.components.widgets import file_stem, page_header, projection_or_stop
from ui.session import risk as risk_runs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
DOC_KEY = "export_document"

page_header(
    "Export",
    "Files you can hand to a lender or a partner: the financial model as a live Excel workbook, "
    "and the written business plan.",
)

p = projection_or_stop()
# The risk runs, when the Risk page has run them for this plan: a Risk sheet and section.
risk = risk_runs.cached(p.plan)
key = p.plan.content_key() + ("|risk" if risk is not None else "")
stem = file_stem(p.plan)


@st.cache_data(max_entries=4, show_spinner="Building the workbook...")
def _workbook(content_key: str, _projection: Projection, _risk: Any) -> bytes:
    return workbook_bytes(_projection, _risk)


left, right = st.columns(2, gap="large")
with left:
    st.subheader("Excel workbook")
    st.write(
        "Summary with charts, every assumption (with names you can use in formulas), staffing, "
        "payroll, resources, paperwork, marketing, revenue, loans, and the P&L, cash flow and "
        "balance sheet by month. It is a live model: change a blue input and every figure follows."
    )
    st.download_button(
        "Download the workbook (.xlsx)",
        data=_workbook(key, p, risk),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        icon=":material/table_view:",
        type="primary",
        key="download_workbook",
    )

with right:
    st.subheader("Business plan document")
    st.write(
        "Cover, executive summary, services, market and marketing, operations, team, compliance, "
        "the financial plan with tables and charts, and the funding request, written from your "
        "plan and your own words in step 2."
    )
    stored = st.session_state.get(DOC_KEY)
    result: DocumentFiles | None = stored[1] if stored and stored[0] == key else None
    if result is None:
        # The chart browser starts in the background now, so that it is ready by the click.
        prepare_document()
    slot = st.empty()
    if result is None and slot.button(
        "Prepare the business plan", icon=":material/description:", key="prepare_document"
    ):
        # The progress takes the button's place: the faded button of the last run is not left
        # beside it while the charts draw and the two files are written.
        with slot.container(), st.status("Writing the business plan...", expanded=True) as status:
            bar = st.progress(0.0, text="Starting")

            def _progress(share: float, message: str) -> None:
                bar.progress(min(max(share, 0.0), 1.0), text=message)

            result = document_files(p, progress=_progress, risk=risk)
            st.session_state[DOC_KEY] = (key, result)
            status.update(
                label="The business plan is ready"
                if result.charts_included
                else "The business plan is ready, without charts",
                state="complete",
                expanded=False,
            )
    if result is not None:
        if result.missing:
            st.warning(result.missing, icon=":material/info:")
        st.download_button(
            "Download the business plan (.docx)",
            data=result.files["docx"],
            file_name=f"{stem}-business-plan.docx",
            mime=DOCX,
            icon=":material/download:",
            type="primary",
            key="download_document",
            help="For Word or LibreOffice: edit the wording before you send it.",
        )
        st.download_button(
            "Download the business plan (.pdf)",
            data=result.files["pdf"],
            file_name=f"{stem}-business-plan.pdf",
            mime=PDF,
            icon=":material/picture_as_pdf:",
            type="primary",
            key="download_document_pdf",
            help="The same document as a PDF, ready to send or print.",
        )

if risk is None:
    st.caption(
        "To add the risk runs (a Risk sheet in the workbook and a Risk section in the business "
        "plan), open the Risk page once for this plan, then come back."
    )
st.divider()
st.subheader("Tables as CSV")
st.caption("Each table of the projection, one row per month (and per role, client, item...).")
columns = st.columns(3)
for i, (name, label) in enumerate(TABLES.items()):
    with columns[i % 3]:
        st.download_button(
            label,
            data=table_csv(p, name),
            file_name=f"{stem}-{name}.csv",
            mime="text/csv",
            icon=":material/download:",
            help=f"{label}: one row per month, as {stem}-{name}.csv.",
            key=f"download_{name}",
            width="stretch",
        )
