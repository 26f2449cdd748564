"""The exported workbook is a live model: recalculated by LibreOffice, every formula gives the value
written with it, and the three statements give the engine's figures.

LibreOffice recalculates an .xlsx on load only when its profile says so (TIPS.md): the test makes a
profile whose `OOXMLRecalcMode` is 0 ("always"), converts the workbooks xlsx -> xlsx headless, and
reads the result with openpyxl (`data_only=True`: the values LibreOffice computed).
"""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import openpyxl
import pytest

from planner.engine.pipeline import project
from planner.export import workbook_bytes
from planner.export.xlsx.layout import HEADER_ROW
from planner.export.xlsx.statements import STATEMENTS
from planner.model.files import load_plan, plan_from_dict, plan_to_dict
from planner.model.plan import Plan
from tests.support.tools import ROOT, find_executable, require_tool

pytestmark = pytest.mark.libreoffice

TEMPLATES = sorted((ROOT / "templates" / "plans").glob("*.yaml"))
EXTRA = "offshore_with_role_items_and_deposits"
"""A starter with equipment per role and a lease with a deposit and advance rent (no starter has
them), a client with a renewable term invoiced in advance, and exchange rates typed per year, so
their formulas are recalculated too."""
TAXED = "nearshore_with_every_tax_rule"
"""A starter with every tax rule set, so the tax block's formulas are recalculated with each rule
at work: a rate on profit, a year on gross income, profit again (the first year's loss offset in
the third under a limit, the rest lapsing in the fourth); a minimum tax; revenue and payments
taxes; paid monthly from a February start."""
LENDER = "onshore_with_credit_line_and_interest_on_cash"
"""A starter short of cash with a credit line that is drawn and repaid and interest on cash."""
CASES = [p.stem for p in TEMPLATES] + [EXTRA, TAXED, LENDER]


def _with_credit_line_and_interest_on_cash() -> Plan:
    data = plan_to_dict(
        load_plan(ROOT / "templates" / "plans" / "onshore_bookkeeping_payroll.yaml")
    )
    data["financing"].update(
        opening_cash=150_000,
        cash_interest_rate=0.04,
        credit_line={"limit": 100_000, "yearly_rate": 0.09},
        contingency=0.1,
    )
    return plan_from_dict(data)


def _with_role_items_and_deposits() -> Plan:
    data = plan_to_dict(load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml"))
    roles = [r["name"] for r in data["staffing"]["roles"]]
    data["resources"]["items"] += [
        {"name": "Phone licence", "category": "software", "basis": "per_role",
         "roles": roles[:2], "monthly_cost": 25, "ownership": "lease", "one_time_cost": 10},
        {"name": "Headset", "category": "it_hardware", "basis": "per_role", "roles": roles[:1],
         "quantity": 1.5, "one_time_cost": 60, "useful_life_months": 18},
        {"name": "Office lease", "category": "office_space", "basis": "per_site",
         "monthly_cost": 8000, "ownership": "lease", "deposit": 1234.56, "deposit_months": 2,
         "advance_rent_months": 3},
        {"name": "Desk rental", "category": "furniture", "basis": "per_seat", "monthly_cost": 35,
         "ownership": "lease", "deposit": 50, "advance_rent_months": 1},
    ]  # fmt: skip
    # A plan client with a term and a renewal chance, invoiced in advance: the Revenue sheet's
    # renewal and paid-in-month formulas on a client row (the starters' clients have no term).
    data["business_plan"]["clients"][0].update(
        term_months=12, renewal_probability=0.5, invoicing="advance", late_days=20
    )
    # A variable-rate loan with grace, a June-and-December prima with burden and a night share
    # set on the plan, so the Loans, Payroll and Pay calendar formulas are recalculated too.
    data["financing"]["loans"].append(
        {"name": "Variable", "amount": 90_000, "term_months": 30, "start_month": 2,
         "grace_months": 4, "rates_by_year": [0.08, 0.12, 0.0]}
    )  # fmt: skip
    data["staffing"]["bonuses"].append(
        {"name": "Prima", "months": [6, 12], "share": 1.0, "burden": True}
    )
    data["staffing"]["night_share"] = 0.6
    # Rates typed per year (58.5, then 61 for years 2 and after) in place of the drift, and a
    # desk rental paid in USD: the Rates table's typed years and a second location recalculated.
    data["settings"]["cost_locations"][0]["rates_by_year"] = [58.5, 61.0]
    data["resources"]["items"][-1]["location"] = data["settings"]["cost_locations"][1]["name"]
    return plan_from_dict(data)


def _with_every_tax_rule() -> Plan:
    data = plan_to_dict(load_plan(ROOT / "templates" / "plans" / "nearshore_it_helpdesk.yaml"))
    data["settings"]["first_month"] = "2027-02"
    data["settings"]["horizon_months"] = 48
    data["financing"]["tax"] = {
        "schedule": [
            {"from_year": 1, "rate": 0.3},
            {"from_year": 2, "rate": 0.05, "base": "gross_income"},
            {"from_year": 3, "rate": 0.35},
        ],
        "loss_years": 2,
        "loss_offset_share": 0.3,
        "loss_offset_threshold": 10000,
        "minimum_rate": 0.01,
        "minimum_amount": 5000,
        "minimum_from_year": 3,
        "payment": "monthly",
        "revenue_tax_rate": 0.00966,
        "payments_tax_rate": 0.004,
    }
    return plan_from_dict(data)


ABS_TOL = 0.005
REL_TOL = 1e-9

RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(files: list[Path], workdir: Path) -> dict[Path, Path]:
    """Recalculate .xlsx files in LibreOffice headless; returns original -> recalculated path."""
    soffice = find_executable("soffice", "libreoffice")
    require_tool(soffice is not None, "LibreOffice (soffice)", "apt-get install libreoffice-calc")
    assert soffice is not None
    profile = workdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    out = workdir / "recalculated"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=900,
    )  # fmt: skip
    result = {f: out / f.name for f in files}
    missing = [str(p) for p in result.values() if not p.exists()]
    assert not missing, f"LibreOffice wrote no file for {missing}"
    return result


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def formula_differences(written: Path, recalc: Path) -> tuple[int, float, list[str]]:
    """Every formula cell of the workbook `written` (its cached value) against the same cell of
    `recalc` (LibreOffice's value): how many formulas, the largest difference between numbers,
    and the cells that differ ("Sheet!A1 =formula: written vs recalculated"; numbers by `close`,
    anything else must be equal)."""
    formulas = openpyxl.load_workbook(written, data_only=False)
    cached = openpyxl.load_workbook(written, data_only=True)
    fresh = openpyxl.load_workbook(recalc, data_only=True)
    checked, worst, wrong = 0, 0.0, []
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                want = cached[ws.title][cell.coordinate].value
                got = fresh[ws.title][cell.coordinate].value
                checked += 1
                if not isinstance(want, (int, float)) or not isinstance(got, (int, float)):
                    if want != got:
                        wrong.append(
                            f"{ws.title}!{cell.coordinate} {cell.value}: {want!r} vs {got!r}"
                        )
                    continue
                worst = max(worst, abs(float(want) - float(got)))
                if not close(float(want), float(got)):
                    wrong.append(f"{ws.title}!{cell.coordinate} {cell.value}: {want} vs {got}")
    return checked, worst, wrong


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:
    """Per template: (projection, written workbook path, recalculated workbook path)."""
    assert TEMPLATES, "no starter templates in templates/plans"
    workdir = tmp_path_factory.mktemp("recalc")
    projections, files = {}, []
    plans = {path.stem: load_plan(path) for path in TEMPLATES}
    plans[EXTRA] = _with_role_items_and_deposits()
    plans[TAXED] = _with_every_tax_rule()
    plans[LENDER] = _with_credit_line_and_interest_on_cash()
    for stem, plan in plans.items():
        projection = project(plan)
        target = workdir / f"{stem}.xlsx"
        target.write_bytes(workbook_bytes(projection))
        projections[stem] = projection
        files.append(target)
    done = recalculate(files, workdir)
    return {f.stem: (projections[f.stem], f, done[f]) for f in files}


@pytest.mark.parametrize("template", CASES)
def test_every_formula_recalculates_to_the_value_written_with_it(
    recalculated: dict[str, tuple], template: str
) -> None:
    _, written, recalc = recalculated[template]
    checked, worst, wrong = formula_differences(written, recalc)
    print(f"{template}: {checked} formulas recalculated, largest difference {worst:.2e}")
    assert checked > 1000
    assert not wrong, f"{len(wrong)} formulas differ, first: " + "\n".join(wrong[:10])


@pytest.mark.parametrize("template", CASES)
def test_recalculated_statements_equal_the_engine(
    recalculated: dict[str, tuple], template: str
) -> None:
    projection, _, recalc = recalculated[template]
    fresh = openpyxl.load_workbook(recalc, data_only=True)
    monthly = projection.monthly
    n = len(monthly)
    for sheet, lines in STATEMENTS.items():
        ws = fresh[sheet]
        headers = {ws.cell(HEADER_ROW + 1, c).value: c for c in range(1, ws.max_column + 1)}
        for key, header in lines:
            col = headers[header]
            got = [ws.cell(HEADER_ROW + 2 + i, col).value for i in range(n)]
            want = monthly[key].to_numpy(dtype=float)
            bad = [
                (monthly["month"][i], want[i], got[i])
                for i in range(n)
                if not isinstance(got[i], (int, float)) or not close(float(got[i]), want[i])
            ]
            assert not bad, f"{sheet} / {header}: engine vs recalculated, first {bad[:3]}"


def test_the_extra_case_has_role_items_deposits_and_advance_rent(
    recalculated: dict[str, tuple],
) -> None:
    projection, _, _ = recalculated[EXTRA]
    m = projection.monthly
    assert m.deposits.iloc[0] > 0 and (m.deposits_paid < 0).any()
    res = projection.resources
    assert (res[res["item"] == "Phone licence"].units > 0).any()


def test_the_lender_case_draws_and_repays_its_credit_line(
    recalculated: dict[str, tuple],
) -> None:
    projection, _, _ = recalculated[LENDER]
    m = projection.monthly
    assert (m.credit_line_draws > 0).any() and (m.credit_line_repayments > 0).any()
    assert (m.interest_income > 0).all()
