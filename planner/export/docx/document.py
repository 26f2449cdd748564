"""Projection -> the written business plan (DOCX, python-docx).

The skeleton and the wording live in `templates/document/business_plan.yaml`: the sections in
order, their titles, and blocks of text (Jinja2 sentence templates filled from the plan and the
founder's narrative), tables and charts. This module builds the tables from the projection, renders
the app's own plotly charts to images (one kaleido server per export, `planner.charts.render`) and
assembles the document. Without a browser the document is still written, with every table, and
`DocumentResult.missing` says what was left out and how to add it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from planner.charts.render import ChartRenderer
from planner.data import template_path
from planner.engine.projection import Projection
from planner.engine.sensitivity import fx_sensitivity
from planner.export.safety import plain_text
from planner.export.xlsx.sources import source_label, written_for
from planner.model.files import plan_to_dict

# Words for the plan's choices (planner.model.labels): the document never shows a field's id.
from planner.model.labels import (
    FAMILY_LABELS,
    PAPERWORK_CATEGORY_LABELS,
    PAPERWORK_STATUS_LABELS,
    PRICING_LABELS,
    RESOURCE_BASIS_LABELS,
    RESOURCE_CATEGORY_LABELS,
    SHIFT_PHRASES,
    STATEMENT_LABELS,
    VOLUME_UNITS,
)
from planner.model.labels import (
    KPI_LABELS as KPI,
)
from planner.model.plan import ResourceItem
from planner.model.sources import CHANGED_NOTE, current_path, shown_sources
from planner.report import format as fmt
from planner.report.format import assumption
from planner.report.fx import FX_HEADERS, fx_rows
from planner.report.tables import profit_by_account
from planner.report.yearly import year_end_label, year_label, yearly
from planner.rounding import round_half_up

SKELETON = template_path("document", "business_plan.yaml")
CHART_WIDTH_PX, CHART_HEIGHT_PX = 1000, 480
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class DocumentResult:
    content: bytes
    """The .docx file."""
    charts_included: bool
    missing: str | None
    """None, or a plain message: what was left out of the document and how to add it."""


@dataclass(frozen=True)
class Block:
    kind: str  # text, bullets, heading, table, chart
    value: Any


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]


@lru_cache(maxsize=4)
def load_skeleton(path: Path = SKELETON) -> tuple[Section, ...]:
    """The sections of the written plan, in order, from the YAML skeleton."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sections = []
    for raw in data["sections"]:
        blocks = []
        for block in raw.get("blocks") or []:
            ((kind, value),) = block.items()
            blocks.append(Block(kind, value))
        sections.append(Section(raw["id"], raw.get("title") or "", tuple(blocks)))
    return tuple(sections)


def section_titles() -> list[str]:
    """The headings of the written plan, in order (the cover has none)."""
    return [s.title for s in load_skeleton() if s.title]


def chart_names() -> list[str]:
    return [b.value for s in load_skeleton() for b in s.blocks if b.kind == "chart"]


# --- entry point ------------------------------------------------------------------------------


def document_bytes(projection: Projection, progress: Progress | None = None) -> DocumentResult:
    """The business plan as a .docx file, with the app's charts where a browser can draw them."""
    report = progress or (lambda _share, _message: None)
    report(0.02, "Preparing the text")
    images, missing = _render_charts(projection, report)
    report(0.9, "Writing the document")
    builder = _Builder(projection, images)
    content = builder.build()
    report(1.0, "Done")
    return DocumentResult(
        content=content,
        charts_included=bool(images) and len(images) == len(chart_names()),
        missing=missing,
    )


def _render_charts(projection: Projection, report: Progress) -> tuple[dict[str, bytes], str | None]:
    from planner.charts import figures as charts

    names = chart_names()
    images: dict[str, bytes] = {}
    report(0.05, "Starting the chart renderer")
    with ChartRenderer() as renderer:
        if not renderer.available:
            return images, renderer.missing
        for i, name in enumerate(names):
            report(0.1 + 0.75 * i / max(len(names), 1), f"Drawing chart {i + 1} of {len(names)}")
            make = getattr(charts, name, None)
            if make is None:
                continue
            png = renderer.png(
                for_print(make(projection)), width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX
            )
            if png is not None:
                images[name] = png
        missing = renderer.missing
    if len(images) < len(names) and missing is None:
        missing = "Some charts were left out: the app has no chart of that name."
    return images, missing


def for_print(fig: go.Figure) -> go.Figure:
    """A copy of an app figure laid out for paper: legend under the plot, room for the title."""
    out = go.Figure(fig)
    out.update_layout(
        width=CHART_WIDTH_PX,
        height=CHART_HEIGHT_PX,
        margin={"l": 70, "r": 20, "t": 50, "b": 40},
        title={"x": 0.01, "xanchor": "left", "font": {"size": 18}},
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.14,
            "xanchor": "left",
            "x": 0,
            "font": {"size": 14},
        },
        font={"size": 15},
    )
    # The dates under the x axis say it is time; an axis title there collides with the legend.
    if out.layout.xaxis.title.text == "Month":
        out.update_xaxes(title_text=None)
    return out


# --- formatting helpers ------------------------------------------------------------------------


def _clean(text: object) -> str:
    return plain_text(text).text


def _month_name(label: str | None) -> str:
    if not label:
        return ""
    year, month = label.split("-")
    return date(int(year), int(month), 1).strftime("%B %Y")


def _a(word: str) -> str:
    """The word with its indefinite article: "an offshore", "a nearshore"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _and(items: list[str]) -> str:
    """ "a, b and c" """
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


class _Format:
    """The figures of the written plan in the plan's currency (`planner.report.format`)."""

    def __init__(self, currency: str) -> None:
        self.currency = currency

    def money(self, x: float, cents: bool = False) -> str:
        return fmt.money(x, self.currency, cents=cents)

    def amount(self, x: float, cents: bool = False) -> str:
        """A table figure: no currency (the table's header names it)."""
        return fmt.amount(x, self.currency, cents=cents)

    @staticmethod
    def pct(x: float) -> str:
        """A rate to one decimal at most: 0.3 -> "30%", 0.125 -> "12.5%"."""
        return fmt.percent(x, 1, trim=True)

    @staticmethod
    def number(x: float) -> str:
        """A quantity to two decimals at most: 40 -> "40", 2.5 -> "2.5"."""
        return fmt.number(x, 2, trim=True)


# --- the document -----------------------------------------------------------------------------


class _Builder:
    def __init__(self, projection: Projection, images: dict[str, bytes]) -> None:
        self.p = projection
        self.plan = projection.plan
        self.images = images
        self.f = _Format(self.plan.settings.currency)
        self.doc = Document()
        self.env = SandboxedEnvironment(
            undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True
        )
        self.context = self._context()
        self._figures = 0
        self._chart_shown = False

    # --- context for the wording ---------------------------------------------------------------

    def _context(self) -> dict[str, Any]:
        plan, k, f = self.plan, self.p.kpis, self.f
        s = plan.settings
        narrative = {
            name: _clean(getattr(plan.business_plan.narrative, name))
            for name in type(plan.business_plan.narrative).model_fields
        }
        lines = plan.specialty.service_lines
        families = sorted({FAMILY_LABELS[line.family] for line in lines})
        clients = plan.business_plan.clients
        monthly = self.p.monthly
        fees = self.p.paperwork
        first_year_fees = float(yearly(fees, flows=["fee"])["fee"].iloc[0]) if len(fees) else 0.0
        papers = [p for p in plan.paperwork.items if p.status != "not_needed"]
        longest = max(papers, key=lambda p: p.lead_time_days, default=None)
        descriptions = " ".join(
            f"{_clean(line.name)}: {_clean(line.description)}" for line in lines if line.description
        )
        headcount = monthly["headcount"].to_numpy(dtype=float)
        months = monthly["month"].tolist()
        year_end = yearly(monthly, stocks=["headcount"])["headcount"] if months else None
        peak_at = int(headcount.argmax()) if len(headcount) else 0
        launch = date.fromisoformat(f"{s.first_month}-01")
        return {
            "plan": plan,
            "a_delivery": _a(s.delivery_model),
            "staff_first": int(round_half_up(float(headcount[0]))) if months else 0,
            "staff_end_year_1": (
                int(round_half_up(float(year_end.iloc[0]))) if year_end is not None else 0
            ),
            "staff_peak_month": _month_name(months[peak_at]) if months else "",
            "direct_roles": [r.name for r in plan.staffing.roles if r.is_direct],
            "direct_roles_text": _and([_clean(r.name) for r in plan.staffing.roles if r.is_direct]),
            "papers": papers,
            "papers_open": [p for p in papers if p.status in ("to_do", "in_progress")],
            "longest_lead_start": (
                _month_name(f"{launch - timedelta(days=longest.lead_time_days):%Y-%m}")
                if longest and longest.lead_time_days > 0
                else ""
            ),
            "funding": self._sources_and_uses(),
            **self._fx_context(),
            "sources": bool(shown_sources(plan, plan.sources)),
            "changed_note": CHANGED_NOTE,
            "s": s,
            "k": k,
            "n": narrative,
            "money": f.money,
            "pct": f.pct,
            "number": f.number,
            "lines": lines,
            "families": " and ".join(families).replace("BPO, ", "BPO ") or "outsourcing",
            "delivery": s.delivery_model,
            "first_month_name": _month_name(s.first_month),
            "break_even_name": _month_name(k.break_even_month),
            "break_even_no": (
                self.p.monthly["month"].tolist().index(k.break_even_month) + 1
                if k.break_even_month
                else None
            ),
            "lowest_cash_name": _month_name(k.lowest_cash_month),
            "signed": [c for c in clients if c.status == "signed"],
            "pipeline": [c for c in clients if c.status == "pipeline"],
            "candidates": plan.specialty.candidates,
            "marketing_total": float(monthly["marketing"].sum()),
            "clients_won": int(round_half_up(float(self.p.marketing["clients_won"].sum())))
            if len(self.p.marketing)
            else 0,
            "shift_phrase": SHIFT_PHRASES[plan.staffing.shift_pattern],
            "paperwork_first_year": first_year_fees,
            "longest_lead": longest if longest and longest.lead_time_days > 0 else None,
            "line_descriptions": descriptions,
        }

    def _sources_and_uses(self) -> dict[str, Any]:
        """Where the money comes from and what it pays for, from the start to the month the plan
        has drawn all its funding and cash is at its lowest (the window a lender looks at).

        Sources (opening cash, equity, loans, any extra funding needed) equal the uses (equipment,
        the operating cash shortfall, loan repayments and the cash left): the cash flow identity.
        """
        m, k, fin = self.p.monthly, self.p.kpis, self.plan.financing
        months = m["month"].tolist()
        funded = (m["equity_injections"] > 0) | (m["loan_drawdowns"] > 0)
        drawn = np.flatnonzero(funded.to_numpy())  # positions of the months money arrives
        lowest = months.index(k.lowest_cash_month) if k.lowest_cash_month in months else 0
        end = max([lowest, *(int(i) for i in drawn)])
        w = m.iloc[: end + 1]
        extra = float(k.funding_needed) if k.funding_needed > 0.5 else 0.0
        operating = -float(w["operating_cash_flow"].sum())
        sources = [
            ("Founders' opening cash", float(fin.opening_cash)),
            (STATEMENT_LABELS["equity_injections"], float(w["equity_injections"].sum())),
            (STATEMENT_LABELS["loan_drawdowns"], float(w["loan_drawdowns"].sum())),
            ("Extra funding requested", extra),
        ]
        if operating < 0:
            sources.append(("Cash generated by operations", -operating))
        uses = [
            (STATEMENT_LABELS["capex"], float(w["capex"].sum())),
            (
                "Operating costs not yet covered by client payments "
                "(start-up losses and working capital)",
                max(operating, 0.0),
            ),
            (STATEMENT_LABELS["loan_repayments"], float(w["loan_repayments"].sum())),
            (
                f"Cash in the bank at the end of {_month_name(months[end])}",
                float(w["closing_cash"].iloc[-1]) + extra,
            ),
        ]
        sources = [(label, x) for label, x in sources if abs(x) >= 0.5]
        uses = [(label, x) for label, x in uses if abs(x) >= 0.5]
        return {
            "until": _month_name(months[end]),
            "sources": sources,
            "uses": uses,
            "total": sum(x for _, x in sources),
            "external": sum(x for label, x in sources if label != "Cash generated by operations"),
            "capex": float(w["capex"].sum()),
            "operating": max(operating, 0.0),
        }

    def render_text(self, template: str) -> list[str]:
        """A wording block filled in: one string per paragraph (blank lines split paragraphs)."""
        text = self.env.from_string(template).render(self.context)
        paragraphs = re.split(r"\n\s*\n", text)
        return [" ".join(p.split()) for p in paragraphs if p.strip()]

    # --- build ---------------------------------------------------------------------------------

    def build(self) -> bytes:
        self._setup()
        for section in load_skeleton():
            if section.id == "cover":
                self._cover()
                continue
            self.doc.add_heading(section.title, level=1)
            for block in section.blocks:
                self._block(block)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _setup(self) -> None:
        doc = self.doc
        section = doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.0))
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        normal = doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Heading 1", 16), ("Heading 2", 12.5), ("Title", 30)):
            doc.styles[name].font.size = Pt(size)
        props = doc.core_properties
        props.title = f"{_clean(self.plan.settings.name)}: business plan"
        props.subject = "Business plan"
        props.author = "BPO Launch Planner"
        section.different_first_page_header_footer = True
        footer = section.footer.paragraphs[0]
        footer.text = f"{_clean(self.plan.settings.name)}  |  Business plan  |  page "
        _add_page_field(footer)
        footer.runs[0].font.size = Pt(8)
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def _cover(self) -> None:
        doc, s, k, f = self.doc, self.plan.settings, self.p.kpis, self.f
        for _ in range(6):
            doc.add_paragraph()
        doc.add_paragraph(_clean(s.name), style="Title")
        sub = doc.add_paragraph()
        run = sub.add_run("Business plan")
        run.font.size, run.bold = Pt(18), True
        run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x9A)
        lines = self.context["families"]
        doc.add_paragraph(
            f"{_a(s.delivery_model).capitalize()} {lines} business in {_clean(s.location)}. "
            f"Plan of {s.horizon_months} months from {_month_name(s.first_month)}; money in "
            f"{s.currency}."
        )
        doc.add_paragraph()
        rows = [
            (KPI["total_revenue"], f.money(k.total_revenue)),
            (KPI["total_net_income"], f.money(k.total_net_income)),
            (
                KPI["break_even_month"],
                _month_name(k.break_even_month) or "not within the plan",
            ),
            (
                KPI["lowest_cash"],
                f"{f.money(k.lowest_cash)} ({_month_name(k.lowest_cash_month)})",
            ),
            ("Funding in the plan", f.money(self.context["funding"]["external"])),
        ]
        if k.funding_needed > 0.5:
            rows.append((KPI["funding_needed"], f.money(k.funding_needed)))
        self._table(["Key figure", "Value"], rows, widths=[7.0, 5.0])
        for _ in range(4):
            doc.add_paragraph()
        note = doc.add_paragraph(
            f"Prepared on {date.today():%d %B %Y} with BPO Launch Planner. Every figure is an "
            "assumption of this plan or computed from them; the workbook that comes with this "
            "document holds the monthly model."
        )
        note.runs[0].font.size = Pt(9)
        note.runs[0].italic = True
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _block(self, block: Block) -> None:
        """One block of a section, by its kind (`Block.kind`)."""
        writers: dict[str, Callable[[Any], None]] = {
            "text": self._write_text,
            "heading": self._write_heading,
            "bullets": self._write_bullets,
            "table": self._write_table,
            "chart": self._write_chart,
            "caption": self._write_caption,
        }
        write = writers.get(block.kind)
        if write is None:
            raise ValueError(f"unknown block kind {block.kind!r} in {SKELETON.name}")
        write(block.value)

    def _write_text(self, template: str) -> None:
        for paragraph in self.render_text(template):
            self.doc.add_paragraph(paragraph)

    def _write_heading(self, title: str) -> None:
        self.doc.add_heading(title, level=2)

    def _write_bullets(self, templates: list[str]) -> None:
        for item in templates:
            for paragraph in self.render_text(item):
                self.doc.add_paragraph(paragraph, style="List Bullet")

    def _write_table(self, name: str) -> None:
        headers, rows, widths = getattr(self, f"_table_{name}")()
        if rows:
            self._table(headers, rows, widths=widths)

    def _write_chart(self, name: str) -> None:
        png = self.images.get(name)
        self._chart_shown = png is not None
        if png is not None:
            self.doc.add_picture(io.BytesIO(png), width=Cm(17.0))
            self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def _write_caption(self, template: str) -> None:
        # The caption of the chart just before it: left out with its chart.
        if not self._chart_shown:
            return
        self._figures += 1
        for paragraph in self.render_text(template):
            caption = self.doc.add_paragraph(style="Caption")
            caption.add_run(f"Figure {self._figures}. ").bold = True
            caption.add_run(paragraph)

    def _table(
        self, headers: list[str], rows: list[tuple[Any, ...]], *, widths: list[float] | None = None
    ) -> None:
        """A table of text cells: figures aligned right, the header row bold, at 9 pt; figures are
        never broken across lines (`_fit_columns`: wider figure columns, a smaller type, or the
        figure columns split over several tables that each repeat the first column)."""
        numeric = [
            all(_is_figure(row[c]) for row in rows if row[c] not in ("", None))
            for c in range(len(headers))
        ]
        texts = [[_clean(value) for value in row] for row in rows]
        for part in _fit_columns(headers, texts, numeric, widths):
            self._table_part(headers, texts, numeric, part)

    def _table_part(
        self, headers: list[str], texts: list[list[str]], numeric: list[bool], part: ColumnFit
    ) -> None:
        """The columns `part.columns` of a table, at `part.widths` cm and `part.size_pt`."""
        table = self.doc.add_table(rows=1, cols=len(part.columns))
        table.style = self.doc.styles["Light Grid Accent 1"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        cols = part.columns
        kept = [numeric[c] for c in cols]
        _fill_row(table.rows[0].cells, [headers[c] for c in cols], kept)
        for row in texts:
            _fill_row(table.add_row().cells, [row[c] for c in cols], kept)
        for r, table_row in enumerate(table.rows):
            for cell in table_row.cells:
                _small_text(cell, bold=r == 0, size_pt=part.size_pt)
        _set_widths(table, list(part.widths))
        self.doc.add_paragraph()

    # --- the tables ----------------------------------------------------------------------------

    def _table_kpis(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        k, f = self.p.kpis, self.f
        runway = "cash never runs out" if k.runway_months is None else f"{k.runway_months} months"
        rows = [
            (KPI["total_revenue"], f.money(k.total_revenue)),
            (KPI["total_costs"], f.money(k.total_costs)),
            (KPI["total_net_income"], f.money(k.total_net_income)),
            (KPI["gross_margin_pct"], f.pct(k.gross_margin_pct / 100)),
            (
                KPI["break_even_month"],
                _month_name(k.break_even_month) or "not within the plan",
            ),
            (
                KPI["lowest_cash"],
                f"{f.money(k.lowest_cash)} ({_month_name(k.lowest_cash_month)})",
            ),
            (KPI["ending_cash"], f.money(k.ending_cash)),
            (
                KPI["funding_needed"],
                f.money(k.funding_needed) if k.funding_needed > 0.5 else "none beyond the plan's",
            ),
            (KPI["runway_months"], runway),
            (KPI["peak_headcount"], f"{k.peak_headcount}"),
            (KPI["peak_seats"], f"{k.peak_seats}"),
            (KPI["capex_total"], f.money(k.capex_total)),
            (
                "Cost / price per productive hour",
                f"{f.money(k.cost_per_productive_hour, cents=True)} / "
                f"{f.money(k.price_per_productive_hour, cents=True)}",
            ),
        ]
        return ["Key figure", "Value"], rows, [8.0, 7.0]

    def _table_service_lines(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        w = self.p.workload
        rows = []
        for line in self.plan.specialty.service_lines:
            mine = w[w["service_line"] == line.id]
            peak_volume = float(mine["volume"].max()) if len(mine) else 0.0
            peak_fte = float(mine["fte"].max()) if len(mine) else 0.0
            rows.append(
                (
                    line.name,
                    FAMILY_LABELS[line.family],
                    f"{fmt.number(peak_volume)} {VOLUME_UNITS[line.workload.type]}",
                    fmt.number(peak_fte, 1),
                )
            )
        return ["Service line", "Family", "Peak volume", "Peak FTE"], rows, [6.0, 4.0, 5.0, 2.0]

    def _table_candidates(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        from planner.steps.specialty import score_candidates

        spec = self.plan.specialty
        if not spec.candidates:
            return [], [], []
        frame = score_candidates(spec)
        rows = [
            (
                str(r["candidate"]),
                "" if pd.isna(r["weighted_score"]) else fmt.number(r["weighted_score"]),
                "" if pd.isna(r["rank"]) else str(int(r["rank"])),
            )
            for _, r in frame.iterrows()
        ]
        return ["Candidate specialty", "Score (0-100)", "Rank"], rows, [11.0, 3.0, 2.0]

    def _table_clients(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        """One row per service a client buys; the client's name, status and start on its first."""
        f, months = self.f, self.p.monthly["month"].tolist()
        rows = []
        for c in self.plan.business_plan.clients:
            status = "signed" if c.status == "signed" else f"pipeline ({f.pct(c.probability)})"
            for j, service in enumerate(c.services):
                line = self.plan.service_line(service.service_line)
                unit = PRICING_LABELS[service.pricing_model]
                rows.append(
                    (
                        c.name if j == 0 else "",
                        status if j == 0 else "",
                        line.name,
                        _month_name(months[c.start_month - 1]) if j == 0 else "",
                        fmt.number(service.monthly_volume),
                        f"{f.amount(service.price, cents=True)} {unit}",
                    )
                )
        headers = ["Client", "Status", "Service line", "Starts", "Monthly volume", "Price"]
        return headers, rows, [4.0, 2.4, 3.2, 2.4, 2.0, 3.0]

    def _profit_table(
        self, by: str, header: str
    ) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        """Profit by client or service line over the plan (`planner.report.tables`)."""
        f = self.f
        t = profit_by_account(self.p, by)
        if t.rows.empty:
            return [], [], []
        rows: list[tuple[Any, ...]] = []
        for account, revenue, cost, contribution, margin in zip(
            t.rows["account"].tolist(),
            t.rows["revenue"].to_numpy(dtype=float),
            t.rows["direct_cost"].to_numpy(dtype=float),
            t.rows["contribution"].to_numpy(dtype=float),
            t.rows["margin"].to_numpy(dtype=float),
            strict=True,
        ):
            share = "" if np.isnan(margin) else f.pct(float(margin))
            rows.append(
                (str(account), f.amount(revenue), f.amount(cost), f.amount(contribution), share)
            )
        rows.append(("Shared costs (not allocated)", "", "", f.amount(-t.shared_costs), ""))
        rows.append(("Operating profit (EBIT)", "", "", f.amount(t.operating_profit), ""))
        headers = [header, "Revenue", "Direct staff cost", "Contribution", "Margin"]
        return headers, rows, [5.6, 2.6, 2.6, 2.6, 1.6]

    def _table_profit_by_client(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        return self._profit_table("client", "Client")

    def _table_profit_by_line(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        return self._profit_table("service_line", "Service line")

    def _table_channels(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        f, n = self.f, self.plan.months
        rows = [
            (
                ch.name,
                f.amount(ch.monthly_budget),
                fmt.number(ch.leads_per_month, 1, trim=True),
                f.pct(ch.conversion_rate),
                f"{ch.start_month} to {ch.end_month or n}",
            )
            for ch in self.plan.marketing.channels
        ]
        headers = [
            "Channel",
            f"Budget a month ({f.currency})",
            "Leads a month",
            "Conversion",
            "Months",
        ]
        return headers, rows, [6.0, 3.0, 2.5, 2.5, 2.5]

    def _table_resources(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        f = self.f
        rows = [
            (
                i.name,
                RESOURCE_CATEGORY_LABELS[i.category],
                f"{f.number(i.quantity)} {RESOURCE_BASIS_LABELS[i.basis]}"
                + (f" ({', '.join(i.roles)})" if i.basis == "per_role" else ""),
                self._cost(i.one_time_cost, i.location),
                self._cost(i.monthly_cost, i.location),
                "bought" if i.ownership == "buy" else "leased",
                self._deposit_words(i),
            )
            for i in self.plan.resources.items
        ]
        headers = [
            "Item",
            "Category",
            "Quantity",
            "One-time",
            "Monthly",
            "Bought or leased",
            "Deposit, rent ahead",
        ]
        return headers, rows, [3.9, 2.2, 3.0, 1.9, 1.9, 1.7, 2.4]

    def _cost(self, value: float, location: str) -> str:
        """A cost as entered, in its location's currency: a plain amount when the plan pays
        every cost in one currency, else money in that currency ("PHP 26,325", "$3,500")."""
        settings = self.plan.settings
        if len(settings.cost_currencies()) < 2:
            return self.f.amount(value)
        return fmt.money(value, settings.cost_location(location).currency)

    def _deposit_words(self, item: ResourceItem) -> str:
        """A resource's deposit and advance rent in words ("500 + 2 months a unit; 3 months
        ahead"), "none" without them."""
        parts = []
        if item.deposit or item.deposit_months:
            amounts = [self._cost(item.deposit, item.location)] if item.deposit else []
            if item.deposit_months:
                amounts.append(f"{fmt.number(item.deposit_months, 1, trim=True)} months")
            parts.append(" + ".join(amounts) + " a unit")
        if item.advance_rent_months:
            parts.append(f"{item.advance_rent_months} months ahead")
        return "; ".join(parts) or "none"

    def _table_roles(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        st = self.p.staffing
        year_end = yearly(st, stocks=["headcount"], by="role")["headcount"]
        rows = []
        for role in self.plan.staffing.roles:
            mine = st[st["role"] == role.name]
            year1 = float(year_end.get((role.name, 1), 0.0))
            peak = float(mine["headcount"].max()) if len(mine) else 0.0
            rows.append(
                (
                    role.name,
                    "direct" if role.is_direct else "overhead",
                    self._cost(role.monthly_wage, role.location),
                    fmt.number(year1),
                    fmt.number(peak),
                )
            )
        headers = [
            "Role",
            "Cost",
            f"Monthly wage ({self.plan.settings.cost_currency_words()})",
            f"People, {year_end_label(self.p.monthly['month'].tolist(), 1).lower()}",
            "Peak",
        ]
        return headers, rows, [6.5, 2.2, 3.0, 3.0, 1.8]

    def _table_paperwork(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        rows = [
            (
                p.name,
                PAPERWORK_CATEGORY_LABELS[p.category],
                self._cost(p.one_time_fee, p.location),
                self._cost(p.yearly_fee, p.location),
                f"{p.lead_time_days}",
                PAPERWORK_STATUS_LABELS[p.status],
            )
            for p in self.plan.paperwork.items
        ]
        headers = ["Item", "Category", "One-time fee", "Yearly fee", "Lead time (days)", "Status"]
        return headers, rows, [6.0, 2.4, 2.2, 2.0, 2.2, 2.2]

    def _table_assumption_sources(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        """The sources still tied to the plan (`planner.model.sources`), flagged ones marked."""
        data = plan_to_dict(self.plan)
        rows = [
            (
                source_label(data, current_path(self.plan, s.source)),
                assumption(s.value_now),
                s.source.text
                + (
                    f" ({CHANGED_NOTE}, written for {written_for(s.source.field, s.source.value)})"
                    if s.changed
                    else ""
                ),
            )
            for s in shown_sources(self.plan, self.plan.sources)
        ]
        return ["Input", "Value in this plan", "Source"], rows, [4.2, 2.2, 10.0]

    def _yearly(
        self, lines: list[tuple[str, str]]
    ) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        """One row a statement line (column, and "sum", "end" or "start" over each plan year),
        named by `planner.model.labels.STATEMENT_LABELS`."""
        m = self.p.monthly
        kinds = {"sum": "flows", "end": "stocks", "start": "openings"}
        asked: dict[str, list[str]] = {kind: [] for kind in kinds.values()}
        for column, how in lines:
            asked[kinds[how]].append(column)
        table = yearly(m, flows=asked["flows"], stocks=asked["stocks"], openings=asked["openings"])
        years = table.index.tolist()
        rows = [
            (STATEMENT_LABELS[column], *(self.f.amount(table[column].loc[y]) for y in years))
            for column, _ in lines
        ]
        months = m["month"].tolist()
        headers = [self.f.currency, *(year_label(months, int(y)) for y in years)]
        first = 5.0 if len(years) <= 5 else 3.6
        rest = (17.0 - first) / max(len(years), 1)
        return headers, rows, [first, *([rest] * len(years))]

    def _table_yearly_pnl(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        return self._yearly(
            [
                ("revenue", "sum"),
                ("direct_labour", "sum"),
                ("gross_profit", "sum"),
                ("indirect_labour", "sum"),
                ("recruiting_training", "sum"),
                ("resources_opex", "sum"),
                ("paperwork", "sum"),
                ("marketing", "sum"),
                ("ebitda", "sum"),
                ("depreciation", "sum"),
                ("interest", "sum"),
                ("tax", "sum"),
                ("net_income", "sum"),
            ]
        )

    def _table_yearly_cash(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        return self._yearly(
            [
                ("opening_cash", "start"),
                ("cash_from_clients", "sum"),
                ("cash_paid_operations", "sum"),
                ("tax_paid", "sum"),
                ("operating_cash_flow", "sum"),
                ("capex", "sum"),
                ("deposits_paid", "sum"),
                ("loan_drawdowns", "sum"),
                ("loan_repayments", "sum"),
                ("equity_injections", "sum"),
                ("net_cash_flow", "sum"),
                ("closing_cash", "end"),
            ]
        )

    def _table_yearly_balance(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        return self._yearly(
            [
                ("closing_cash", "end"),
                ("receivables", "end"),
                ("net_fixed_assets", "end"),
                ("deposits", "end"),
                ("total_assets", "end"),
                ("loans_outstanding", "end"),
                ("paid_in_capital", "end"),
                ("retained_earnings", "end"),
                ("total_liabilities_and_equity", "end"),
            ]
        )

    def _fx_context(self) -> dict[str, Any]:
        """fx_rows: what a 10% move in each cost currency does to funding needed and lowest cash
        (`planner.report.fx`; none for a plan in one currency); fx_currencies: those currencies in
        words."""
        moves = fx_sensitivity(self.p)
        currencies = list(dict.fromkeys(m.currency for m in moves))
        return {"fx_rows": fx_rows(self.plan, moves), "fx_currencies": _and(currencies)}

    def _table_fx_sensitivity(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        rows = [tuple(r) for r in self.context["fx_rows"]]
        return list(FX_HEADERS), rows, [8.0, 4.0, 4.0]

    def _table_funding(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        fin, f, k = self.plan.financing, self.f, self.p.kpis
        months = self.p.monthly["month"].tolist()
        left_out = "after the plan's last month, so left out of its figures"
        rows: list[tuple[Any, ...]] = [("Founders' opening cash", f.money(fin.opening_cash), "")]
        for e in fin.equity:
            paid = (
                f"paid in {_month_name(months[e.month - 1])}"
                if e.month <= len(months)
                else f"arrives {left_out}"
            )
            rows.append(("Equity", f.money(e.amount), paid))
        payments = _loan_payments(self.p.loans, len(fin.loans))
        for loan, payment in zip(fin.loans, payments, strict=True):
            terms = f"{f.pct(loan.yearly_rate)} a year over {loan.term_months} months"
            if loan.start_month > len(months):
                terms += f"; drawn {left_out}"
            else:
                terms += f" from {_month_name(months[loan.start_month - 1])}; " + (
                    f"{f.money(payment, cents=True)} a month"
                    if payment > 0
                    else "repayments start after the plan"
                )
            rows.append((loan.name, f.money(loan.amount), terms))
        if k.funding_needed > 0.5:
            rows.append(
                (
                    "Extra funding requested",
                    f.money(k.funding_needed),
                    f"keeps {f.money(fin.minimum_cash)} in the bank every month",
                )
            )
        return ["Source", "Amount", "Terms"], rows, [5.0, 3.5, 8.5]

    def _table_sources_uses(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        f, fund = self.f, self.context["funding"]
        rows: list[tuple[Any, ...]] = [("Sources", "")]
        rows += [(f"   {label}", f.amount(x)) for label, x in fund["sources"]]
        rows.append(("Total sources", f.amount(fund["total"])))
        rows.append(("Uses", ""))
        rows += [(f"   {label}", f.amount(x)) for label, x in fund["uses"]]
        rows.append(("Total uses", f.amount(sum(x for _, x in fund["uses"]))))
        return [f"Until {fund['until']}", f.currency], rows, [12.0, 4.0]


def _loan_payments(loans: pd.DataFrame, count: int) -> list[float]:
    """Each loan's monthly payment, in plan order, read from the Projection's loan schedule
    (`Projection.loans`, month-major: a loan is its row's position within its month); 0 for a
    loan none of whose payments falls within the plan."""
    if not count:
        return []
    entity = loans.groupby("month_no", sort=False).cumcount()
    paid = loans["payment"].groupby(entity.to_numpy()).max()
    return [float(x) for x in paid.reindex(range(count), fill_value=0.0)]


_FIGURE = re.compile(r"^\(?-?[A-Z]{0,3}\s?[\d,]+(\.\d+)?\)?%?$|^-$")


def _is_figure(value: Any) -> bool:
    return isinstance(value, (int, float)) or bool(_FIGURE.match(str(value).strip()))


def _fill_row(cells: Any, texts: list[str], numeric: list[bool]) -> None:
    """Write a row's texts; a figure column (all but the first) is aligned right."""
    for c, text in enumerate(texts):
        cells[c].text = text
        if numeric[c] and c > 0:
            cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _small_text(cell: Any, *, bold: bool, size_pt: float = 9.0) -> None:
    """`size_pt` type, no space after; bold set either way: the table style bolds the first
    column and, in some readers, not the header's first cell."""
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.space_after = Pt(0)
        for run in paragraph.runs:
            run.font.size = Pt(size_pt)
            run.bold = bold


TEXT_WIDTH_CM = 17.0
"""The page's text width: A4 (21 cm) less two 2 cm margins."""
TABLE_SIZES_PT = (9.0, 8.0, 7.5)
"""The table type sizes tried in turn before figure columns are split over several tables."""
CELL_PADDING_CM = 0.4
"""Word's default cell margins, 0.19 cm each side, and a little air."""
_NARROW = frozenset(",.' ")


def text_width_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """An upper estimate of `text`'s printed width in cm at `size_pt`: 0.64 em a character
    (DejaVu Sans digits, the widest fallback LibreOffice uses for Calibri), 0.33 em for
    separators, bold 8% wider; 1 pt = 0.03528 cm.

    >>> round(text_width_cm("3,642,028,135", 9.0), 2)  # 10 digits x 0.64 + 3 x 0.33 em at 9 pt
    2.35
    """
    ems = sum(0.33 if ch in _NARROW else 0.64 for ch in text)
    return ems * size_pt * 0.03528 * (1.08 if bold else 1.0)


@dataclass(frozen=True)
class ColumnFit:
    """One printed table: the columns it shows (first column always), their widths in cm, and
    the type size."""

    columns: tuple[int, ...]
    widths: tuple[float, ...]
    size_pt: float


def _needs(
    headers: list[str], texts: list[list[str]], numeric: list[bool], size: float
) -> list[float]:
    """Each column's narrowest width in cm: a figure column its longest figure (and its
    header's longest word), a text column its longest word (text wraps between words)."""
    needs = []
    for c, header in enumerate(headers):
        cells = [row[c] for row in texts]
        words = [w for t in cells for w in (t.split() if not numeric[c] or c == 0 else [t])]
        head = max((text_width_cm(w, size, bold=True) for w in header.split()), default=0.0)
        body = max((text_width_cm(w, size) for w in words), default=0.0)
        needs.append(max(head, body) + CELL_PADDING_CM)
    return needs


def _fit_columns(
    headers: list[str],
    texts: list[list[str]],
    numeric: list[bool],
    widths: list[float] | None,
    total: float = TEXT_WIDTH_CM,
) -> list[ColumnFit]:
    """How to print a table so that no figure breaks across lines: the asked `widths` (or an
    even share of `total`) with every column at least as wide as it needs, the space taken from
    the columns with room to spare; if the needs pass `total` at 9 pt, at 8 and then 7.5 pt; if
    they still do, the figure columns are split over several tables, each as many as fit at 8 pt,
    each repeating the first column (a statement's line names)."""
    asked = widths or [total / len(headers)] * len(headers)
    for size in TABLE_SIZES_PT:
        needs = _needs(headers, texts, numeric, size)
        if sum(needs) <= total:
            return [ColumnFit(tuple(range(len(headers))), _share(asked, needs, total), size)]
    size = TABLE_SIZES_PT[1]
    needs = _needs(headers, texts, numeric, size)
    label = max(needs[0], min(asked[0], total / 4))
    parts: list[list[int]] = [[]]
    for c in range(1, len(headers)):
        if parts[-1] and label + sum(needs[i] for i in [*parts[-1], c]) > total:
            parts.append([])
        parts[-1].append(c)
    fits = []
    for part in parts:
        cols = (0, *part)
        share = [label, *([(total - label) / len(part)] * len(part))]
        fits.append(ColumnFit(cols, _share(share, [needs[c] for c in cols], total), size))
    return fits


def _share(asked: list[float], needs: list[float], total: float) -> tuple[float, ...]:
    """`asked` widths scaled to `total`, each raised to its need; what the raises cost is taken
    from the columns above their need, in proportion to their room. Requires sum(needs) <= total."""
    scaled = [w * total / sum(asked) for w in asked]
    widths = [max(w, n) for w, n in zip(scaled, needs, strict=True)]
    excess = sum(widths) - total
    room = [w - n for w, n in zip(widths, needs, strict=True)]
    spare = sum(room)
    if excess > 0 and spare > 0:
        widths = [w - excess * r / spare for w, r in zip(widths, room, strict=True)]
    return tuple(round(w, 3) for w in widths)


def _set_widths(table: Any, widths: list[float]) -> None:
    """Column widths in cm. Word reads the cells' widths, LibreOffice the grid's: set both, and
    stop autofit."""
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Cm(widths[c])
    table.autofit = False
    for c, column in enumerate(table.columns):
        column.width = Cm(widths[c])


def _add_page_field(paragraph: Any) -> None:
    """A PAGE field (the page number) at the end of a paragraph."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(8)
