"""The written business plan: read back, every section is there, with its tables and charts."""

from __future__ import annotations

import io

import docx
import pytest

from planner.charts.render import find_browser
from planner.engine.pipeline import project
from planner.export import document_bytes
from planner.export.docx.document import chart_names, section_titles
from planner.model.files import load_plan
from tests.support.tools import ROOT, require_tool

TEMPLATE = ROOT / "templates" / "plans" / "offshore_voice_support.yaml"
SECTIONS = [
    "Executive summary",
    "Services and specialty",
    "Market and marketing plan",
    "Operations and resources",
    "Team and staffing plan",
    "Compliance and paperwork",
    "Financial plan",
    "Funding request",
]


@pytest.fixture(scope="module")
def projection():  # type: ignore[no-untyped-def]
    return project(load_plan(TEMPLATE))


def _read(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def _check_text_and_tables(doc: docx.document.Document, projection) -> None:  # type: ignore[no-untyped-def]
    plan = projection.plan
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS
    assert doc.paragraphs[0].text == "" and any(
        p.style.name == "Title" and p.text == plan.settings.name for p in doc.paragraphs
    ), "a cover with the plan's name"
    text = "\n".join(p.text for p in doc.paragraphs)
    # The founder's own words are used as written.
    assert plan.business_plan.narrative.executive_summary.split(".")[0] in text
    assert plan.business_plan.narrative.funding_request.split(".")[0] in text
    tables = doc.tables
    assert len(tables) >= 12
    first_cells = {t.rows[0].cells[0].text for t in tables}
    assert {"Key figure", "Service line", "Client", "Role", "Item", "Source"} <= first_cells
    yearly = [t for t in tables if t.rows[0].cells[0].text == plan.settings.currency]
    assert len(yearly) == 3  # P&L, cash flow, balance sheet by year
    revenue_row = next(r for r in yearly[0].rows if r.cells[0].text == "Revenue")
    year1 = float(projection.monthly["revenue"].iloc[:12].sum())
    assert revenue_row.cells[1].text == f"{round(year1):,.0f}"
    # plan years in the one spelling (planner.report.yearly): the starter runs from January 2027
    assert [c.text for c in yearly[0].rows[0].cells[1:4]] == [
        "Year 1 (2027)",
        "Year 2 (2028)",
        "Year 3 (2029)",
    ]
    roles = next(t for t in tables if t.rows[0].cells[0].text == "Role")
    assert roles.rows[0].cells[5].text == "People, end of year 1 (2027)"


def test_skeleton_names_every_section_in_order() -> None:
    assert section_titles() == SECTIONS
    assert chart_names() == [
        "headcount_by_role",
        "revenue_and_costs",
        "costs_by_category",
        "cash_balance",
        "sensitivity_tornado",
    ]


def test_document_has_every_section_table_and_chart(projection) -> None:  # type: ignore[no-untyped-def]
    require_tool(find_browser() is not None, "Chrome or Chromium", "apt-get install chromium")
    steps: list[tuple[float, str]] = []
    result = document_bytes(projection, progress=lambda share, text: steps.append((share, text)))
    assert result.charts_included and result.missing is None
    doc = _read(result.content)
    _check_text_and_tables(doc, projection)
    assert len(doc.inline_shapes) == len(chart_names())
    shares = [s for s, _ in steps]
    assert shares == sorted(shares) and shares[-1] == 1.0
    assert any("chart" in text for _, text in steps)


def test_without_a_browser_the_document_has_tables_and_says_what_is_missing(
    projection, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    result = document_bytes(projection)
    assert not result.charts_included
    assert result.missing is not None
    assert "Chromium" in result.missing and "install" in result.missing.lower()
    doc = _read(result.content)
    _check_text_and_tables(doc, projection)
    assert len(doc.inline_shapes) == 0


def _funding_terms(doc: docx.document.Document) -> dict[str, str]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Source")
    return {row.cells[0].text: row.cells[2].text for row in table.rows[1:]}


def test_funding_terms_read_the_loan_payment_from_the_projection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 12,000 at 12% a year over 12 months: P = 1,066.19 (planner.engine.finance's worked example),
    # the engine's schedule, not a second formula. A loan drawn in the last month has no payment
    # within the plan; a loan or equity after the plan is left out (it used to stop the document).
    from planner.model.files import plan_from_dict, plan_to_dict

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    data = plan_to_dict(load_plan(TEMPLATE))
    horizon = data["settings"]["horizon_months"]
    loan = {"amount": 12000, "yearly_rate": 0.12, "term_months": 12}
    data["financing"]["loans"] = [
        {**loan, "name": "Equipment loan", "start_month": 3},
        {**loan, "name": "Late loan", "start_month": horizon},
        {**loan, "name": "After the plan", "start_month": horizon + 1},
    ]
    data["financing"]["equity"] = [{"amount": 5000, "month": horizon + 2}]
    p = project(plan_from_dict(data))
    doc = _read(document_bytes(p).content)
    terms = _funding_terms(doc)
    assert terms["Equipment loan"].endswith("$1,066.19 a month")
    assert float(p.loans.loc[p.loans["loan"] == "Equipment loan", "payment"].max()) == (
        pytest.approx(1066.19, abs=0.005)
    )
    assert terms["Late loan"].endswith("repayments start after the plan")
    assert "drawn after the plan's last month" in terms["After the plan"]
    assert terms["Equity"] == "arrives after the plan's last month, so left out of its figures"
    # Sources and uses (until the last loan is drawn) name the cash flow's lines as the app does.
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Until"))
    lines = {row.cells[0].text.strip() for row in table.rows[1:]}
    assert {"Loans drawn", "Loans repaid"} <= lines


def test_role_items_deposits_and_advance_rent_are_in_the_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A phone licence for the first role only; an office lease with a deposit of 500 + 2 months
    # of its 3,000 a month and 3 months of rent paid ahead: 500 + 6,000 = 6,500 held from
    # month 4 to the end of the plan, so the balance sheet shows 6,500 at every year end.
    from planner.model.files import plan_from_dict, plan_to_dict

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    data = plan_to_dict(load_plan(TEMPLATE))
    agent = data["staffing"]["roles"][0]["name"]
    usd = "United States (US staff and suppliers)"  # the starter's costs paid in USD, at 1
    data["resources"]["items"] = [
        {"name": "Phone licence", "basis": "per_role", "roles": [agent], "monthly_cost": 20,
         "ownership": "lease", "location": usd},
        {"name": "Office lease", "basis": "per_site", "monthly_cost": 3000, "ownership": "lease",
         "deposit": 500, "deposit_months": 2, "advance_rent_months": 3, "location": usd},
    ]  # fmt: skip
    doc = _read(document_bytes(project(plan_from_dict(data))).content)
    items = next(t for t in doc.tables if t.rows[0].cells[0].text == "Item")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in items.rows[1:]}
    assert rows["Phone licence"][2] == f"1 per person in chosen roles ({agent})"
    # the starter pays costs in PHP and USD: each amount names its currency
    assert rows["Office lease"][6] == "$500 + 2 months a unit; 3 months ahead"
    assert rows["Phone licence"][6] == "none"
    currency = data["settings"]["currency"]
    balance = [t for t in doc.tables if t.rows[0].cells[0].text == currency][2]
    held = next(r for r in balance.rows if r.cells[0].text == "Deposits and advance rent")
    assert [c.text for c in held.cells[1:4]] == ["6,500", "6,500", "6,500"]
    cash = [t for t in doc.tables if t.rows[0].cells[0].text == currency][1]
    paid = next(r for r in cash.rows if r.cells[0].text == "Deposits and advance rent paid")
    assert [c.text for c in paid.cells[1:3]] == ["6,500", "0"]


def test_the_clients_section_states_invoicing_terms_bad_debts_and_renewal(
    projection, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # The offshore starter: every contract in arrears, net 30 or 45, up to 5 days late; bad
    # debts = the P&L's bad debts over the plan, as a share of revenue; won clients renew at 75%.
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    doc = _read(document_bytes(projection).content)
    text = next(p.text for p in doc.paragraphs if "invoiced monthly" in p.text)
    assert "in arrears, on the last day of the month served" in text
    assert "pay 30 and 45 days after the invoice date, some up to 5 days late" in text
    m = projection.monthly
    bad = float(m["bad_debts"].sum())
    assert bad > 0
    assert f"${round(bad):,}" in text
    assert f"({bad / float(m['revenue'].sum()):.1%} of revenue)" in text
    assert "renews at the end of its term: Won client 75%" in text


def test_break_even_and_payback_are_in_the_document_with_their_definitions(
    projection, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # the definitions are the one text of planner.model.labels; the key figures table has both
    # months; the paperwork table shows each item's start month; the balance sheet the prepaid
    from planner.model.labels import KPI_DEFINITIONS, STATEMENT_LABELS

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # tables and text only
    doc = _read(document_bytes(projection).content)
    text = "\n".join(p.text for p in doc.paragraphs)
    for definition in KPI_DEFINITIONS.values():
        assert definition in text
    k = projection.kpis
    kpis = [t for t in doc.tables if t.rows[0].cells[0].text == "Key figure"][-1]  # not the cover
    figures = {r.cells[0].text: r.cells[1].text for r in kpis.rows[1:]}
    # the offshore starter's cash payback comes after its 36 months
    assert k.payback_month is None and figures["Cash payback month"] == "not within the plan"
    assert k.break_even_month is not None and k.break_even_month[:4] in figures["Break-even month"]
    papers = next(t for t in doc.tables if "Yearly fee" in [c.text for c in t.rows[0].cells])
    assert "Start month" in [c.text for c in papers.rows[0].cells]
    balance = [
        t for t in doc.tables if t.rows[0].cells[0].text == projection.plan.settings.currency
    ]
    assert any(r.cells[0].text == STATEMENT_LABELS["prepaid"] for r in balance[2].rows)


def test_roles_table_shows_work_pattern_and_employment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The offshore starter: agents in shifts, the operations manager at an office desk, the US
    # business developer a remote contractor; the team text names the ramp after training and
    # that contractors carry no employer costs.
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    plan = load_plan(TEMPLATE)
    doc = _read(document_bytes(project(plan)).content)
    roles = next(t for t in doc.tables if t.rows[0].cells[0].text == "Role")
    header = [c.text for c in roles.rows[0].cells]
    assert header[2:4] == ["Works", "Engaged as"]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in roles.rows[1:]}
    assert rows["Customer service agent"][2:4] == ["in shifts", "employee"]
    assert rows["Operations manager"][2:4] == ["office day", "employee"]
    seller = "Business development manager (US-based, part-time contractor)"
    assert rows[seller][2:4] == ["remote", "contractor"]
    text = " ".join(p.text for p in doc.paragraphs)
    assert "then gives 50%, 65% and 80% of full output in the weeks after it" in text
    assert f"carry none: {seller}" in text


def test_the_fx_sensitivity_is_in_the_document(projection, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # The offshore starter pays wages and rent in PHP at 58.5 per USD: the document says so and
    # shows the plan computed again at 58.5 x 0.9 = 52.65 and 58.5 x 1.1 = 64.35.
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    doc = _read(document_bytes(projection).content)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "some wages, rent and fees are paid in PHP" in text
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "If exchange rates move")
    moves = [row.cells[0].text for row in table.rows[1:]]
    assert moves == [
        "A 10% weaker USD against PHP (58.5 -> 52.65 PHP per USD in year 1)",
        "A 10% stronger USD against PHP (58.5 -> 64.35 PHP per USD in year 1)",
    ]


def test_one_year_below_the_covenant_is_that_years_debt(
    projection, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # The offshore starter's year 1 alone is under the 1.25 covenant (EBITDA - tax -201,133
    # against 32,330 of debt service: -6.22): the warning speaks of one year, not "these years".
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    text = "\n".join(p.text for p in _read(document_bytes(projection).content).paragraphs)
    assert (
        "Warning: Year 1 (2027) is below the 1.25 covenant: a lender would ask how that "
        "year's debt is serviced." in text
    )
    assert "these years'" not in text
