"""Projection -> the written business plan: one document model, written as DOCX or PDF.

The skeleton and the wording live in `templates/document/business_plan.yaml`: the sections in
order, their titles, and blocks of text (Jinja2 sentence templates filled from the plan and the
founder's narrative), tables and charts. This module builds the tables from the projection, draws
the app's own plotly charts to PNG images (`planner.charts.render`: one shared browser, all charts
in one batch, each image drawn once and kept by content) and assembles the document model
(`planner.export.docmodel`); `planner.export.docx.render` writes it as a .docx and
`planner.export.pdf.render` as a PDF, with the same text, tables and images. Without a browser the
document is still written, with every table, and `DocumentResult.missing` says what was left out
and how to add it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from planner.charts import risk as risk_charts
from planner.charts.render import chart_pngs, warm_up
from planner.data import template_path
from planner.engine.projection import Projection
from planner.engine.sensitivity import fx_sensitivity
from planner.export.docmodel import (
    Block as ModelBlock,
)
from planner.export.docmodel import (
    Bullets,
    Chart,
    ColumnFit,
    Cover,
    DocumentModel,
    Heading,
    Paragraph,
    Table,
)
from planner.export.docx import proposal
from planner.export.safety import plain_text
from planner.export.xlsx.sources import source_label, written_for
from planner.model.actuals_lines import is_count
from planner.model.files import plan_to_dict
from planner.model.labels import (
    DISTRIBUTION_LABELS,
    FAMILY_LABELS,
    KPI_DEFINITIONS,
    NOT_WITHIN_PLAN,
    PAPERWORK_CATEGORY_LABELS,
    PAPERWORK_STATUS_LABELS,
    PRICING_LABELS,
    RESOURCE_BASIS_LABELS,
    RESOURCE_CATEGORY_LABELS,
    SHIFT_PHRASES,
    STATEMENT_LABELS,
    VOLUME_UNITS,
    WORK_PATTERN_LABELS,
)
from planner.model.labels import (
    KPI_LABELS as KPI,
)
from planner.model.plan import BidProposal, Client, ResourceItem, WonClient
from planner.model.sources import CHANGED_NOTE, current_path, shown_sources
from planner.report import format as fmt
from planner.report import risk_words
from planner.report.format import assumption
from planner.report.funding import below_covenant, sources_and_uses
from planner.report.fx import FX_HEADERS, fx_rows
from planner.report.results_to_date import results_to_date
from planner.report.risk import RiskResult
from planner.report.scenarios import change_words, headline_table, scenario_runs
from planner.report.sensitivity import (
    TORNADO_HEADERS,
    ranges_source,
    summary,
    tornado,
    tornado_rows,
)
from planner.report.tables import profit_by_account
from planner.report.yearly import year_end_label, year_label, yearly
from planner.rounding import round_half_up

# Words for the plan's choices (planner.model.labels): the document never shows a field's id.
from planner.steps.specialty import workload_words

SKELETON = template_path("document", "business_plan.yaml")
TAX_BASE_WORDS = {"profit": "profit", "gross_income": "gross income", "revenue": "revenue"}
"""An income tax base inside a sentence ("5% of gross income")."""


def _per_cent(rate: float) -> str:
    """A tax rate to three decimals at most ("0.966%", "22.98%"), "" when there is none.

    >>> _per_cent(0.00966), _per_cent(0.2298), _per_cent(0.0)
    ('0.966%', '22.98%', '')
    """
    return fmt.percent(rate, 3, trim=True) if rate > 0 else ""


CHART_WIDTH_PX, CHART_HEIGHT_PX = 1000, 480
Progress = Callable[[float, str], None]
FORMATS = ("docx", "pdf")
"""The files the document is written as."""


@dataclass(frozen=True)
class DocumentResult:
    content: bytes
    """The file: .docx or .pdf, as asked."""
    charts_included: bool
    missing: str | None
    """None, or a plain message: what was left out of the document and how to add it."""


@dataclass(frozen=True)
class BuiltDocument:
    model: DocumentModel
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
    needs: str = ""
    """"risk": written only when the document is given the risk runs' result; "actuals": only
    when the plan has actual figures (Results to date); "bids": once per bid the plan keeps
    (`Plan.bids`: a "Proposal for <client>" page each), not at all without."""

    def shown(self, risk: bool, actuals: bool = False, bids: bool = False) -> bool:
        return (
            not self.needs
            or (self.needs == "risk" and risk)
            or (self.needs == "actuals" and actuals)
            or (self.needs == "bids" and bids)
        )


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
        sections.append(
            Section(raw["id"], raw.get("title") or "", tuple(blocks), raw.get("needs") or "")
        )
    return tuple(sections)


def section_titles(risk: bool = False, actuals: bool = False) -> list[str]:
    """The headings of the written plan, in order (the cover has none); with `risk`, the Risk
    section's too; with `actuals` (a plan with actual figures), the Results to date section's."""
    return [s.title for s in load_skeleton() if s.title and s.shown(risk, actuals)]


def chart_names(risk: bool = False) -> list[str]:
    """The charts of the written plan, in order; with `risk`, the Risk section's too."""
    return [
        b.value for s in load_skeleton() if s.shown(risk) for b in s.blocks if b.kind == "chart"
    ]


# --- entry point ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentFiles:
    files: dict[str, bytes]
    """The files by format ("docx", "pdf"), written from one document model."""
    charts_included: bool
    missing: str | None
    """None, or a plain message: what was left out of the document and how to add it."""


def document_bytes(
    projection: Projection,
    progress: Progress | None = None,
    *,
    file_format: str = "docx",
    risk: RiskResult | None = None,
) -> DocumentResult:
    """The business plan as a .docx (`file_format="docx"`) or PDF (`"pdf"`) file, with the app's
    charts where a browser can draw them; with `risk` (the risk runs of the same plan), a Risk
    section."""
    made = document_files(projection, progress, formats=(file_format,), risk=risk)
    return DocumentResult(made.files[file_format], made.charts_included, made.missing)


def document_files(
    projection: Projection,
    progress: Progress | None = None,
    *,
    formats: tuple[str, ...] = FORMATS,
    risk: RiskResult | None = None,
) -> DocumentFiles:
    """The business plan written as each of `formats` from one document model: the charts are
    drawn once and the same images go into every file."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"formats must be among {', '.join(FORMATS)}, got {formats!r}")
    report = progress or (lambda _share, _message: None)
    built = build_document(projection, report, risk)
    files = {}
    for i, file_format in enumerate(formats):
        report(0.88 + 0.1 * i / len(formats), WRITING[file_format])
        files[file_format] = write_model(built.model, file_format)
    report(1.0, "Done")
    return DocumentFiles(files, built.charts_included, built.missing)


WRITING = {"docx": "Writing the Word document", "pdf": "Typesetting the PDF"}
"""The progress message while each file is written."""


def write_model(model: DocumentModel, file_format: str) -> bytes:
    """The document model as a file: "docx" (python-docx) or "pdf" (typst)."""
    if file_format == "pdf":
        from planner.export.pdf.render import pdf_bytes

        return pdf_bytes(model)
    from planner.export.docx.render import docx_bytes

    return docx_bytes(model)


def prepare_document() -> None:
    """Start, in the background, what writing a document will need: the browser that draws the
    charts (`planner.charts.render.warm_up`). Never blocks, never raises."""
    warm_up()


def build_document(
    projection: Projection, progress: Progress | None = None, risk: RiskResult | None = None
) -> BuiltDocument:
    """The document model of the business plan (shares 0.02 to 0.85 of `progress`); with `risk`,
    its Risk section."""
    report = progress or (lambda _share, _message: None)
    report(0.02, "Preparing the charts")
    warm_up()  # the browser starts while the figures are made
    images, missing = _render_charts(projection, report, risk)
    report(0.86, "Writing the text and tables")
    model = _Builder(projection, images, risk).model()
    return BuiltDocument(
        model=model,
        charts_included=bool(images) and len(images) == len(chart_names(risk is not None)),
        missing=missing,
    )


def _render_charts(
    projection: Projection, report: Progress, risk: RiskResult | None = None
) -> tuple[dict[str, bytes], str | None]:
    """The skeleton's charts as PNG images, drawn together (`planner.charts.render.chart_pngs`)."""
    from planner.charts import figures as charts

    names = chart_names(risk is not None)
    makers = {name: _risk_chart(name, risk) or getattr(charts, name, None) for name in names}
    figures = {
        name: partial(_print_figure, make, projection)
        for name, make in makers.items()
        if make is not None
    }
    report(0.08, "Drawing the charts")

    def drawn(done: int, total: int) -> None:
        report(0.1 + 0.75 * done / max(total, 1), f"Drawn {done} of {total} charts")

    # The risk runs follow from the plan's content, and from the runs and seed asked for.
    runs = "" if risk is None else f"|risk {risk.runs} {risk.seed}"
    source = hashlib.sha256((projection.plan.content_key() + runs).encode()).hexdigest()
    images, missing = chart_pngs(
        figures, width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX, progress=drawn, source=source
    )
    if len(images) < len(names) and missing is None:
        missing = "Some charts were left out: the app has no chart of that name."
    return images, missing


def _risk_chart(name: str, risk: RiskResult | None) -> Callable[[Projection], go.Figure] | None:
    """The Risk section's charts (`planner.charts.risk`): drawn from the risk runs' result."""
    if risk is None or name != "risk_cash_fan":
        return None
    return lambda p: risk_charts.cash_fan(risk, p.plan.financing.minimum_cash)


def _print_figure(make: Callable[[Projection], go.Figure], projection: Projection) -> go.Figure:
    return for_print(make(projection))


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
    def __init__(
        self, projection: Projection, images: dict[str, bytes], risk: RiskResult | None = None
    ) -> None:
        self.p = projection
        self.plan = projection.plan
        self.images = images
        self.risk = risk
        self.f = _Format(self.plan.settings.currency)
        self.results = results_to_date(projection)
        self.out: list[ModelBlock] = []
        self.env = SandboxedEnvironment(
            undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True
        )
        self.context = self._context()
        self._figures = 0
        self._bid: BidProposal | None = None
        """The bid whose proposal page is being written (`_proposals`)."""

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
            "ramp_text": _and([f.pct(v) for v in plan.staffing.ramp_up]),
            "contractors_text": _and(
                [_clean(r.name) for r in plan.staffing.roles if r.employment == "contractor"]
            ),
            "papers": papers,
            "papers_open": [p for p in papers if p.status in ("to_do", "in_progress")],
            "longest_lead_start": (
                _month_name(f"{launch - timedelta(days=longest.lead_time_days):%Y-%m}")
                if longest and longest.lead_time_days > 0
                else ""
            ),
            "funding": self._sources_and_uses(),
            "tax": self._tax_context(),
            "lender": self._lender(),
            "results": self._results_context(),
            **self._fx_context(),
            "scenarios": self._scenarios_context(),
            "sensitivity": self._sensitivity_context(),
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
            "payback_name": _month_name(k.payback_month),
            "payback_no": (
                self.p.monthly["month"].tolist().index(k.payback_month) + 1
                if k.payback_month
                else None
            ),
            "kpi_definitions": [(KPI[key], text) for key, text in KPI_DEFINITIONS.items()],
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
            "terms": self._terms(),
            "pay_calendar": bool(plan.staffing.bonuses)
            or plan.staffing.night_premium * plan.staffing.hours_at_night > 0,
            "night_share": plan.staffing.hours_at_night,
            "risk": self._risk_context(),
        }

    def _risk_context(self) -> dict[str, Any] | None:
        """The risk runs in words (`planner.report.risk_words`), or None without them."""
        r = self.risk
        if r is None:
            return None
        funding = r.stats("funding_needed")
        return {
            "headline": risk_words.headline(r, risk_words.planned_funding(self.p)),
            "runs": fmt.number(r.runs),
            "seed": r.seed,
            "shape": DISTRIBUTION_LABELS[r.distribution].split(" (")[0],
            "defaults": self.plan.risk is None,
            "p90": funding["p90"],
            "p95": funding["p95"],
            "below": fmt.percent(r.prob_cash_below_zero, 1, trim=True),
            "drivers": _and([str(x) for x in r.importance()["label"].head(3)]).lower(),
        }

    def _terms(self) -> dict[str, Any]:
        """Invoicing terms, bad debts, renewal and churn for the Clients section.

        lag = revenue-weighted mean of the months from the month served to the month paid
        (`planner.engine.revenue.collection_lag`); bad_share = bad debts / revenue over the plan;
        renewal and churn: "<contract> <rate>" for each contract or kind with one."""
        plan, rev = self.plan, self.p.revenue
        contracts: list[Client | WonClient] = [
            *plan.business_plan.clients,
            *plan.marketing.won_clients,
        ]
        revenue = float(rev["revenue"].sum())
        lag = float((rev["revenue"] * rev["collection_lag"]).sum()) / revenue if revenue else 0.0
        bad = float(self.p.monthly["bad_debts"].sum())
        advance = sum(c.invoicing == "advance" for c in contracts)
        return {
            "any": bool(contracts),
            "advance": advance,
            "arrears": len(contracts) - advance,
            "days": _and([str(d) for d in sorted({c.payment_days for c in contracts})]),
            "late": max((c.late_days for c in contracts), default=0),
            "lag": lag,
            "bad_debts": bad,
            "bad_share": bad / revenue if revenue else 0.0,
            "renewal": _and(
                [
                    f"{_clean(c.name)} {self.f.pct(c.renewal_probability)}"
                    for c in contracts
                    if c.term_months is not None and c.renewal_probability > 0
                ]
            ),
            "churn": _and(
                [
                    f"{_clean(k.name)} {self.f.pct(k.yearly_churn)}"
                    for k in plan.marketing.won_clients
                    if k.yearly_churn > 0
                ]
            ),
        }

    def _sources_and_uses(self) -> dict[str, Any]:
        """Sources and uses (`planner.report.funding.sources_and_uses`, the one rule), with the
        window's last month in words."""
        fund = sources_and_uses(self.p)
        until = _month_name(fund.until)
        uses = [
            (f"{label} of {until}" if label == "Cash in the bank at the end" else label, x)
            for label, x in fund.uses
        ]
        return {
            "until": until,
            "sources": list(fund.sources),
            "uses": uses,
            "total": fund.total,
            "external": fund.external,
            "capex": fund.capex,
            "operating": fund.operating,
            "contingency": fund.contingency,
            "requested": fund.requested,
        }

    def _lender(self) -> dict[str, Any]:
        """The lender's figures in words: the covenant, the years under it ("Year 1 (2027)"),
        the founders' payback month in words."""
        k, fin = self.p.kpis, self.plan.financing
        months = self.p.monthly["month"].tolist()
        return {
            "covenant": fin.dscr_covenant,
            "below": [
                year_label(months, y.year)
                for y in below_covenant(k.dscr_by_year, fin.dscr_covenant)
            ],
            "payback_name": _month_name(k.founders_payback_month),
            "credit_line": fin.credit_line,
        }

    def _results_context(self) -> dict[str, Any] | None:
        """Results to date in words (`planner.report.results_to_date`); None without actuals."""
        r = self.results
        if r is None:
            return None
        return {
            "months": len(r.months),
            "first_name": _month_name(r.months[0]),
            "last_name": _month_name(r.months[-1]),
            "explanations": list(r.explanations),
            "flagged": int(r.summary["flagged"].astype(bool).sum()),
            "threshold": r.threshold,
            "budget_end_cash": r.budget_end_cash,
            "forecast_end_cash": r.forecast_end_cash,
            "difference": r.end_cash_difference,
            "end_name": _month_name(str(self.p.monthly["month"].iloc[-1])),
            "lowest_cash": r.forecast_lowest_cash,
            "lowest_name": _month_name(r.forecast_lowest_month),
        }

    def render_text(self, template: str) -> list[str]:
        """A wording block filled in: one string per paragraph (blank lines split paragraphs)."""
        text = self.env.from_string(template).render(self.context)
        paragraphs = re.split(r"\n\s*\n", text)
        return [" ".join(p.split()) for p in paragraphs if p.strip()]

    # --- build ---------------------------------------------------------------------------------

    def build(self) -> bytes:
        """The document as a .docx file (`model()` written by `planner.export.docx.render`)."""
        from planner.export.docx.render import docx_bytes

        return docx_bytes(self.model())

    def model(self) -> DocumentModel:
        """The document model: the cover, then each section's heading and blocks in order."""
        name = _clean(self.plan.settings.name)
        self.out, self._figures = [], 0
        cover = self._cover()
        for section in load_skeleton():
            shown = section.shown(self.risk is not None, self.results is not None)
            if section.needs == "bids":
                self._proposals(section)
            if section.id == "cover" or not shown:
                continue
            self.out.append(Heading(section.title, 1))
            for block in section.blocks:
                self._block(block)
        return DocumentModel(
            title=f"{name}: business plan",
            footer=f"{name}  |  Business plan",
            cover=cover,
            blocks=tuple(self.out),
        )

    def _proposals(self, section: Section) -> None:
        """The section once per bid the plan keeps ("Proposal for <client>"), each with that
        bid's figures as `bid` in the wording (`planner.export.docx.proposal`)."""
        for bid in self.plan.bids:
            self._bid = bid
            self.context["bid"] = proposal.proposal_context(bid)
            for title in self.render_text(section.title):
                self.out.append(Heading(title, 1, new_page=True))  # a page of its own
            for block in section.blocks:
                self._block(block)
        self._bid = None
        self.context.pop("bid", None)

    def _table_bid_shifts(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        return proposal.shift_rows(self._bid) if self._bid else ([], [], [])

    def _table_bid_costs(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        return proposal.cost_rows(self._bid) if self._bid else ([], [], [])

    def _table_bid_prices(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        return proposal.price_rows(self._bid) if self._bid else ([], [], [])

    def _cover(self) -> Cover:
        s, k, f = self.plan.settings, self.p.kpis, self.f
        lines = self.context["families"]
        rows = [
            (KPI["total_revenue"], f.money(k.total_revenue)),
            (KPI["total_net_income"], f.money(k.total_net_income)),
            (
                KPI["break_even_month"],
                _month_name(k.break_even_month) or NOT_WITHIN_PLAN,
            ),
            (
                KPI["lowest_cash"],
                f"{f.money(k.lowest_cash)} ({_month_name(k.lowest_cash_month)})",
            ),
            ("Funding in the plan", f.money(self.context["funding"]["external"])),
        ]
        if k.funding_needed > 0.5:
            rows.append((KPI["funding_needed"], f.money(k.funding_needed)))
        return Cover(
            title=_clean(s.name),
            subtitle="Business plan",
            description=(
                f"{_a(s.delivery_model).capitalize()} {lines} business in {_clean(s.location)}. "
                f"Plan of {s.horizon_months} months from {_month_name(s.first_month)}; money in "
                f"{s.currency}."
            ),
            key_figures=self._table(["Key figure", "Value"], rows, widths=[7.0, 5.0]),
            note=(
                f"Prepared on {date.today():%d %B %Y} with BPO Launch Planner. Every figure is an "
                "assumption of this plan or computed from them; the workbook that comes with this "
                "document holds the monthly model."
            ),
        )

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
        self.out.extend(Paragraph(text) for text in self.render_text(template))

    def _write_heading(self, title: str) -> None:
        # A heading may be a template ("{% if scenarios %}Scenarios{% endif %}"): left out when
        # it comes out empty.
        for text in self.render_text(title):
            self.out.append(Heading(text, 2))

    def _write_bullets(self, templates: list[str]) -> None:
        items = tuple(text for item in templates for text in self.render_text(item))
        if items:
            self.out.append(Bullets(items))

    def _write_table(self, name: str) -> None:
        headers, rows, widths = getattr(self, f"_table_{name}")()
        if rows:
            self.out.append(self._table(headers, rows, widths=widths))

    def _write_chart(self, name: str) -> None:
        png = self.images.get(name)
        if png is not None:
            self._figures += 1
            self.out.append(Chart(name, png, self._figures))

    def _write_caption(self, template: str) -> None:
        # The caption of the chart just before it: left out with its chart.
        last = self.out[-1] if self.out else None
        if not isinstance(last, Chart):
            return
        captions = last.captions + tuple(self.render_text(template))
        self.out[-1] = Chart(last.name, last.png, last.number, captions)

    def _table(
        self, headers: list[str], rows: list[tuple[Any, ...]], *, widths: list[float] | None = None
    ) -> Table:
        """A table of text cells: figures aligned right, the header row bold, at 9 pt; figures are
        never broken across lines (`_fit_columns`: wider figure columns, a smaller type, or the
        figure columns split over several tables that each repeat the first column)."""
        numeric = [
            all(_is_figure(row[c]) for row in rows if row[c] not in ("", None))
            for c in range(len(headers))
        ]
        texts = [[_clean(value) for value in row] for row in rows]
        return Table(
            headers=tuple(headers),
            rows=tuple(tuple(row) for row in texts),
            numeric=tuple(numeric),
            parts=tuple(_fit_columns(headers, texts, numeric, widths)),
        )

    # --- the tables ----------------------------------------------------------------------------

    def _table_results(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        """Results to date: each line's plan, actual, variance and variance % over the months
        with actuals in the latest plan year (balances: the latest month's); a marker past the
        threshold, in words (no colour to tell it)."""
        if self.results is None:
            return [], [], []
        f, rows = self.f, []
        for rec in self.results.summary.to_dict("records"):
            line = str(rec["line"])
            show = f.number if is_count(line) else f.amount
            pct = float(rec["variance_pct"])
            rows.append(
                (
                    rec["label"],
                    show(float(rec["plan"])),
                    show(float(rec["actual"])),
                    show(float(rec["variance"])),
                    "" if math.isnan(pct) else f.pct(pct / 100),
                    "past threshold" if rec["flagged"] else "",
                )
            )
        cur = self.plan.settings.currency
        headers = ["Line", f"Plan ({cur})", f"Actual ({cur})", "Variance", "Variance %", "Note"]
        return headers, rows, [5.0, 2.6, 2.6, 2.6, 1.8, 2.4]

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
                _month_name(k.break_even_month) or NOT_WITHIN_PLAN,
            ),
            (KPI["payback_month"], _month_name(k.payback_month) or NOT_WITHIN_PLAN),
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
                    workload_words(line.workload),
                    fmt.number(peak_fte, 1),
                )
            )
        headers = ["Service line", "Family", "Peak volume", "How it is staffed", "Peak FTE"]
        return headers, rows, [3.5, 2.5, 3.5, 6.0, 1.5]

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
                    WORK_PATTERN_LABELS[role.work_pattern],
                    role.employment,
                    self._cost(role.monthly_wage, role.location),
                    fmt.number(year1),
                    fmt.number(peak),
                )
            )
        headers = [
            "Role",
            "Cost",
            "Works",
            "Engaged as",
            f"Monthly wage ({self.plan.settings.cost_currency_words()})",
            f"People, {year_end_label(self.p.monthly['month'].tolist(), 1).lower()}",
            "Peak",
        ]
        return headers, rows, [5.0, 1.9, 3.0, 2.2, 2.6, 2.6, 1.5]

    def _table_pay_calendar(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        """Each bonus (when paid, its size, employer costs, paid in plan year 1) and the night
        premium (its rate on the share of shift hours at night, its cost in plan year 1)."""
        st, f = self.plan.staffing, self.f
        cal, pay = self.p.pay_calendar, self.p.payroll
        year1 = self.p.monthly["month_no"] <= 12
        first_months = set(self.p.monthly["month_no"][year1])
        rows: list[tuple[Any, ...]] = []
        for b, bonus in enumerate(st.bonuses):
            mine = cal[cal.groupby("month_no").cumcount() == b]
            paid = float(mine.loc[mine["month_no"].isin(first_months), "paid"].sum())
            months = _and([date(2000, m, 1).strftime("%B") for m in sorted(bonus.months)])
            size = f"{f.number(bonus.share)} monthly wage{'s' if bonus.share != 1 else ''} a year"
            size += ", employer costs on it" if bonus.burden else ", no employer costs on it"
            rows.append((bonus.name, f"in {months}", size, f.amount(paid)))
        if st.night_premium > 0 and st.hours_at_night > 0:
            night = float(pay.loc[pay["month_no"].isin(first_months), "night_premium"].sum())
            rows.append(
                (
                    "Night premium",
                    "every month",
                    f"{f.pct(st.night_premium)} more pay on the {f.pct(st.hours_at_night)} of "
                    "shift workers' hours worked 22:00-06:00",
                    f.amount(night),
                )
            )
        headers = ["Pay item", "When paid", "Size", f"Paid, plan year 1 ({f.currency})"]
        return headers, rows, [4.0, 3.5, 6.5, 3.0]

    def _table_paperwork(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        rows = [
            (
                p.name,
                PAPERWORK_CATEGORY_LABELS[p.category],
                self._cost(p.one_time_fee, p.location),
                self._cost(p.yearly_fee, p.location),
                f"{p.start_month}",
                f"{p.lead_time_days}",
                PAPERWORK_STATUS_LABELS[p.status],
            )
            for p in self.plan.paperwork.items
        ]
        headers = [
            "Item",
            "Category",
            "One-time fee",
            "Yearly fee",
            "Start month",
            "Lead time (days)",
            "Status",
        ]
        return headers, rows, [5.0, 2.2, 2.0, 2.0, 1.6, 2.0, 2.2]

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
                ("bad_debts", "sum"),
                *self._other_taxes(),
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
                ("prepaid_paid", "sum"),
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
                ("prepaid", "end"),
                ("total_assets", "end"),
                ("loans_outstanding", "end"),
                ("tax_payable", "end"),
                *([("accrued_pay", "end")] if self.plan.staffing.bonuses else []),
                ("paid_in_capital", "end"),
                ("retained_earnings", "end"),
                ("total_liabilities_and_equity", "end"),
            ]
        )

    def _other_taxes(self) -> list[tuple[str, str]]:
        """The taxes on revenue and on payments as P&L lines, when the plan has them."""
        m = self.p.monthly
        return [(c, "sum") for c in ("revenue_tax", "payments_tax") if (m[c].abs() > 0.005).any()]

    def _tax_context(self) -> dict[str, Any]:
        """The tax rules in words for the financial plan (`planner.engine.tax`)."""
        f, fin = self.f, self.plan.financing
        rules = fin.tax
        schedule = fin.tax_schedule()
        periods = []
        for i, period in enumerate(schedule):
            last = schedule[i + 1].from_year - 1 if i + 1 < len(schedule) else None
            years = (
                f"from year {period.from_year}"
                if last is None
                else f"in year {period.from_year}"
                if last == period.from_year
                else f"in years {period.from_year}-{last}"
            )
            rate = _per_cent(period.rate) or "0%"
            periods.append(f"{rate} of {TAX_BASE_WORDS[period.base]} {years}")
        m = self.p.monthly
        return {
            "periods": periods,
            "loss_years": rules.loss_years,
            "loss_share": f.pct(rules.loss_offset_share),
            "untaxed_years": any(p.rate == 0 or p.base != "profit" for p in schedule),
            "loss_threshold": f.money(rules.loss_offset_threshold)
            if rules.loss_offset_threshold > 0
            else "",
            "limited": rules.loss_offset_share < 1,
            "minimum": rules.minimum_rate > 0 or rules.minimum_amount > 0,
            "minimum_rate": f.pct(rules.minimum_rate),
            "minimum_amount": f.money(rules.minimum_amount) if rules.minimum_amount > 0 else "",
            "minimum_from_year": rules.minimum_from_year,
            "quarterly": rules.payment == "quarterly",
            "revenue_tax": _per_cent(rules.revenue_tax_rate),
            "payments_tax": _per_cent(rules.payments_tax_rate),
            "total": float(m["tax"].sum()),
            "owed_at_end": float(m["tax_payable"].iloc[-1]) if len(m) else 0.0,
        }

    def _table_tax(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        """Income tax by plan year: the rate and its base, profit before tax, tax, tax paid and
        tax owed at the year's end."""
        t, m = self.p.tax, self.p.monthly
        table = yearly(m, flows=["profit_before_tax", "tax", "tax_paid"], stocks=["tax_payable"])
        schedule = self.plan.financing.tax_schedule()
        months = m["month"].tolist()
        rows = []
        for y in table.index.tolist():
            period = [p for p in schedule if p.from_year <= int(y)][-1]
            rate = float(t["rate"].iloc[(int(y) - 1) * 12])
            rows.append(
                (
                    year_label(months, int(y)),
                    f"{_per_cent(rate) or '0%'} of {TAX_BASE_WORDS[period.base]}",
                    *(self.f.amount(table[c].loc[y]) for c in table.columns),
                )
            )
        headers = [
            "Year",
            "Income tax rate",
            STATEMENT_LABELS["profit_before_tax"],
            STATEMENT_LABELS["tax"],
            STATEMENT_LABELS["tax_paid"],
            "Owed at year end",
        ]
        return headers, rows, [2.4, 4.0, 2.9, 2.5, 2.5, 2.7]

    def _fx_context(self) -> dict[str, Any]:
        """fx_rows: what a 10% move in each cost currency does to funding needed and lowest cash
        (`planner.report.fx`; none for a plan in one currency); fx_currencies: those currencies in
        words."""
        moves = fx_sensitivity(self.p)
        currencies = list(dict.fromkeys(m.currency for m in moves))
        return {"fx_rows": fx_rows(self.plan, moves), "fx_currencies": _and(currencies)}

    def _scenarios_context(self) -> list[dict[str, str]]:
        """scenarios: each of the plan's scenarios (name, what it changes in words, description);
        empty for a plan without scenarios (then the section and its table are left out)."""
        return [
            {"name": s.name, "changes": change_words(s.changes), "description": s.description}
            for s in self.plan.scenarios
        ]

    def _table_scenarios(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        """The headline figures (`planner.report.scenarios.headline_table`) of the plan as it
        stands and of each scenario, one row each; no rows without scenarios."""
        if not self.plan.scenarios:
            return [], [], []
        from planner.engine.pipeline import project

        def projected(plan: Any) -> Projection:
            return self.p if plan is self.plan else project(plan)

        # One row per scenario, one column per figure: each column holds one kind of figure
        # (money, a month, people), so figures keep their width and the columns split over
        # several tables, each repeating the scenario's name, when they do not fit the page.
        table = headline_table(scenario_runs(self.plan, projected), symbol=False).T
        rows = [(name, *values) for name, values in zip(table.index, table.values, strict=True)]
        return ["Scenario", *table.columns], rows, [4.0] + [2.6] * len(table.columns)

    def _table_fx_sensitivity(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        rows = [tuple(r) for r in self.context["fx_rows"]]
        return list(FX_HEADERS), rows, [8.0, 4.0, 4.0]

    def _sensitivity_context(self) -> dict[str, Any]:
        """text: which driver moves funding needed most (`planner.report.sensitivity.summary`);
        rows: each driver's range and the funding needed at its low and its high; source: where
        the ranges come from."""
        t = tornado(self.plan)
        cur = self.plan.settings.currency
        return {
            "text": summary(t, "funding_needed", cur),
            "rows": tornado_rows(t, cur),
            "source": ranges_source(self.plan),
        }

    def _table_sensitivity(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        rows = [tuple(r) for r in self.context["sensitivity"]["rows"]]
        return list(TORNADO_HEADERS), rows, [3.5, 4.5, 4.0, 4.0]

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
            rates = loan.rates_by_year or [loan.yearly_rate]
            terms = (
                f"{f.pct(loan.yearly_rate)} a year"
                if len(rates) == 1 and rates[0] == loan.yearly_rate
                else "variable: "
                + ", ".join(f"{f.pct(r)} in year {y}" for y, r in enumerate(rates, start=1))
                + " and later"
            ) + f" over {loan.term_months} months"
            if loan.grace_months:
                terms += f", the first {loan.grace_months} interest only"
            if loan.start_month > len(months):
                terms += f"; drawn {left_out}"
            else:
                terms += f" from {_month_name(months[loan.start_month - 1])}; " + (
                    f"{f.money(payment, cents=True)} a month"
                    if payment > 0
                    else "repayments start after the plan"
                )
            rows.append((loan.name, f.money(loan.amount), terms))
        if fin.credit_line is not None:
            rows.append(
                (
                    "Credit line",
                    f.money(fin.credit_line.limit),
                    f"{f.pct(fin.credit_line.yearly_rate)} a year on the balance owed; drawn to "
                    f"keep {f.money(fin.minimum_cash)} in the bank, repaid first",
                )
            )
        if k.funding_needed > 0.5:
            rows.append(
                (
                    "Extra funding requested",
                    f.money(k.funding_needed),
                    f"keeps {f.money(fin.minimum_cash)} in the bank every month",
                )
            )
        return ["Source", "Amount", "Terms"], rows, [5.0, 3.5, 8.5]

    def _table_dscr(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        """Each plan year with debt service: cash available, debt service, DSCR, covenant."""
        f, fin = self.f, self.plan.financing
        years = self.p.kpis.dscr_by_year
        if not years:
            return [], [], []
        months = self.p.monthly["month"].tolist()
        rows = [
            (
                year_label(months, y.year),
                f.amount(y.cash_available),
                f.amount(y.debt_service),
                fmt.number(y.dscr, 2),
                "below" if y.dscr < fin.dscr_covenant else "meets",
            )
            for y in years
        ]
        headers = [
            "Plan year",
            "EBITDA - tax paid",
            "Interest + principal",
            "DSCR",
            f"Covenant {fmt.number(fin.dscr_covenant, 2)}",
        ]
        return headers, rows, [4.0, 3.6, 3.6, 2.4, 3.4]

    def _table_risk(self) -> tuple[list[str], list[tuple[Any, ...]], list[float]]:
        """The risk runs' percentiles (`risk_words.stat_rows`); no rows without them."""
        if self.risk is None:
            return [], [], []
        cur = self.plan.settings.currency
        headers = [f"Figure ({cur})", *(h for _, h in risk_words.STAT_HEADERS)]
        return headers, risk_words.stat_rows(self.risk), [5.0, 2.2, 2.2, 2.2, 2.2, 2.2]

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
