"""Actual figures from files (`planner.report.actuals_import`): the long CSV, QuickBooks Online
and Xero profits and losses by month, the mapping suggested from account names, merging over
earlier figures, and bad files named by row, column and what was expected."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from planner.data import template_path
from planner.model.issues import PlanError
from planner.model.plan import ActualEntry, Actuals, Plan
from planner.model.starters import load_plan_or_starter, template_ids
from planner.report.actuals_import import (
    ActualsFileError,
    import_into,
    merged,
    parse_amount,
    parse_month,
    read_actuals,
    read_mapping_text,
    suggest_line,
    with_actuals,
)
from tests.support.small_plans import make_plan

SAMPLES = template_path("actuals")
ROLES = {"roles": [{"name": "Clerk", "monthly_wage": 1000, "basis": "workload"}]}


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(staffing=ROLES)


def figures(entries: tuple[ActualEntry, ...] | list[ActualEntry]) -> dict[tuple[str, str], float]:
    return {(e.month, e.line): e.value for e in entries}


# --- cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,250.50", 1250.5),
        ("(1,250.50)", -1250.5),
        ("-300", -300.0),
        ("$ 12,000", 12000.0),
        ("USD 7.25", 7.25),
        (42, 42.0),
        ("", None),
        (None, None),
    ],
)
def test_amounts_as_accounting_software_writes_them(cell: object, value: float | None) -> None:
    assert parse_amount(cell) == value


@pytest.mark.parametrize(
    "heading",
    ["Jan 2027", "January 2027", "Jan-27", "2027-01", "31 Jan 2027", "Jan. 2027", "01/2027"],
)
def test_month_headings_in_each_programs_style(heading: str) -> None:
    assert parse_month(heading) == "2027-01"


@pytest.mark.parametrize("heading", ["Total", "Account", "", "2027-13", "Budget 2027"])
def test_headings_that_are_not_months(heading: str) -> None:
    assert parse_month(heading) is None


# --- the long CSV --------------------------------------------------------------------------------


def test_the_long_csv_gives_one_figure_a_row(plan: Plan) -> None:
    text = 'month,line,value\n2027-01,revenue,"15,000.00"\n\n2027-01,volume:forms,980\n'
    result = read_actuals(plan, text.encode(), "actuals.csv")
    assert result.layout == "long"
    assert figures(result.entries) == {
        ("2027-01", "revenue"): 15000.0,
        ("2027-01", "volume:forms"): 980.0,
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "2027-01,revenue,15000\n2027-02,revenue,12,3x\n",
            "row 3: has 4 cells (2027-02,revenue,12,3x); expected 3: month,line,value",
        ),
        (
            '2027-01,revenue,15000\n2027-02,revenue,"12,3x"\n',
            "row 3, column 'value': '12,3x' is not a number; expected a number such as "
            "1,250.50 or (300) for -300",
        ),
        ("Feb 2027,revenue,1\n", "row 2, column 'month': 'Feb 2027' is not a month; expected"),
        ("2027-01,revenue,\n", "row 2, column 'value': is empty; expected a number"),
        (
            "2027-01,revenue,20000000000000000\n",
            "row 2, column 'value': '20000000000000000' is larger than any amount a plan holds",
        ),
        ("2027-01," + "x" * 201 + ",1\n", "row 2, column 'line': is too long; expected a line"),
        (
            "2028-01,revenue,1\n",
            "row 2, column 'month': 2028-01 is not a month of the plan; expected a month from "
            "2027-01 to 2027-12",
        ),
        (
            "2027-01,revenu,1\n",
            "row 2, column 'line': 'revenu' is not a line of this plan (did you mean 'revenue'?);"
            " expected one of revenue, total_costs",
        ),
        (
            "2027-01,revenue,1\n2027-01,revenue,2\n",
            "row 3, column 'line': 2027-01 revenue is given twice (first in row 2)",
        ),
    ],
)
def test_a_bad_long_csv_names_the_row_the_column_and_what_was_expected(
    plan: Plan, body: str, message: str
) -> None:
    with pytest.raises(ActualsFileError) as caught:
        read_actuals(plan, ("month,line,value\n" + body).encode(), "actuals.csv")
    assert str(caught.value).startswith(message)


def test_a_long_csv_with_semicolons_as_a_european_spreadsheet_saves_it(plan: Plan) -> None:
    text = "month;line;value\n2027-01;revenue;15000\n2027-01;marketing;250.5\n"
    result = read_actuals(plan, text.encode("cp1252"), "actuals.csv")
    assert figures(result.entries) == {
        ("2027-01", "revenue"): 15000.0,
        ("2027-01", "marketing"): 250.5,
    }


def test_a_file_with_neither_layout_says_what_was_expected(plan: Plan) -> None:
    with pytest.raises(ActualsFileError, match="no row of month headings"):
        read_actuals(plan, b"name,amount\nRent,100\n", "x.csv")


def test_a_damaged_workbook_is_a_clear_error(plan: Plan) -> None:
    with pytest.raises(ActualsFileError, match="the workbook cannot be read"):
        read_actuals(plan, b"PK\x03\x04 not really a zip", "pl.xlsx")


# --- profit and loss by month --------------------------------------------------------------------

QUICKBOOKS_ROWS: list[list[object]] = [
    ["Tiny back office"],
    ["Profit and Loss"],
    ["January - February 2027"],
    [],
    [None, "Jan 2027", "Feb 2027", "Total"],
    ["Income"],
    ["Sales", 15000, 14000, 29000],
    ["Refunds", -200, None, -200],
    ["Total Income", 14800, 14000, 28800],
    ["Cost of Goods Sold"],
    ["Wages", 9000, 9000, 18000],
    ["Payroll taxes", 1200, 1200, 2400],
    ["Total Cost of Goods Sold", 10200, 10200, 20400],
    ["Gross Profit", 4600, 3800, 8400],
    ["Expenses"],
    ["Rent", 1000, 1000, 2000],
    ["Office salaries", 3000, 3000, 6000],
    ["Bank fees", 25, 30, 55],
    ["Total Expenses", 4025, 4030, 8055],
    ["Net Operating Income", 575, -230, 345],
    ["Net Income", 575, -230, 345],
    [],
    ["Accrual basis Monday, March 1, 2027"],
]


def quickbooks_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.create_sheet("Profit and Loss", 0)
    book.remove(book.worksheets[1])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_quickbooks_profit_and_loss_keeps_accounts_and_drops_totals(plan: Plan) -> None:
    result = read_actuals(plan, quickbooks_bytes(QUICKBOOKS_ROWS), "P&L.xlsx")
    assert result.layout == "profit_and_loss"
    assert [a.name for a in result.accounts] == [
        "Sales",
        "Refunds",
        "Wages",
        "Payroll taxes",
        "Rent",
        "Office salaries",
        "Bank fees",
    ]
    assert result.unmapped == ("Bank fees",)
    # Accounts mapped to one line are summed per month:
    #   revenue Jan = 15,000 - 200 = 14,800; Feb = 14,000 (Refunds blank in Feb)
    #   direct_labour (wages under cost of goods sold) Jan = Feb = 9,000 + 1,200 = 10,200
    #   indirect_labour (salaries under expenses) = 3,000; resources_opex (rent) = 1,000
    assert figures(result.entries) == {
        ("2027-01", "revenue"): 14800.0,
        ("2027-01", "direct_labour"): 10200.0,
        ("2027-01", "resources_opex"): 1000.0,
        ("2027-01", "indirect_labour"): 3000.0,
        ("2027-02", "revenue"): 14000.0,
        ("2027-02", "direct_labour"): 10200.0,
        ("2027-02", "resources_opex"): 1000.0,
        ("2027-02", "indirect_labour"): 3000.0,
    }


XERO_CSV = """Profit and Loss
Tiny back office
For the 2 months ended 28 February 2027

Account,Feb-27,Jan-27

Trading Income
Sales,"14,000.00","15,000.00"
Total Trading Income,"14,000.00","15,000.00"

Less Operating Expenses
Rent,"1,000.00","1,000.00"
Staff training,(50.00),400.00
Total Operating Expenses,950.00,"1,400.00"

Net Profit,"13,050.00","13,600.00"
"""


def test_a_xero_profit_and_loss_with_the_latest_month_first(plan: Plan) -> None:
    result = read_actuals(plan, XERO_CSV.encode(), "Profit_and_Loss.csv")
    assert result.months == ("2027-01", "2027-02")
    assert figures(result.entries) == {
        ("2027-01", "revenue"): 15000.0,
        ("2027-01", "resources_opex"): 1000.0,
        ("2027-01", "recruiting_training"): 400.0,
        ("2027-02", "revenue"): 14000.0,
        ("2027-02", "resources_opex"): 1000.0,
        ("2027-02", "recruiting_training"): -50.0,  # "(50.00)": a refund of a course
    }


def test_a_bad_amount_in_a_profit_and_loss_names_its_row_and_month_column(plan: Plan) -> None:
    bad = XERO_CSV.replace('Rent,"1,000.00"', "Rent,12.3x")
    with pytest.raises(ActualsFileError) as caught:
        read_actuals(plan, bad.encode(), "pl.csv")
    # Rent is the 12th line of the file; its first month column is headed "Feb-27".
    assert str(caught.value) == (
        "row 12, column 'Feb-27': '12.3x' is not a number; expected a number such as "
        "1,250.50 or (300) for -300"
    )


def test_a_text_amount_in_a_workbook_names_its_row_and_month_column(plan: Plan) -> None:
    rows = [list(r) for r in QUICKBOOKS_ROWS]
    rows[15] = ["Rent", "1000 USD?", 1000, 2000]  # the 16th row of the sheet
    with pytest.raises(ActualsFileError) as caught:
        read_actuals(plan, quickbooks_bytes(rows), "pl.xlsx")
    assert str(caught.value).startswith("row 16, column 'Jan 2027': '1000 USD?' is not a number")


def test_months_outside_the_plan_are_refused_by_name(plan: Plan) -> None:
    late = XERO_CSV.replace("Feb-27", "Feb-28")
    with pytest.raises(ActualsFileError, match="the months 2028-02 are not within the plan"):
        read_actuals(plan, late.encode(), "pl.csv")


@pytest.mark.parametrize(
    ("account", "section", "line"),
    [
        ("Salaries and wages", "Cost of Goods Sold", "direct_labour"),
        ("Wages", "Less Cost of Sales", "direct_labour"),
        ("Payroll Expenses", "Expenses", "indirect_labour"),
        ("Rent or Lease", "Expenses", "resources_opex"),
        ("Office salaries", "Expenses", "indirect_labour"),  # pay, though "office" is a resource
        ("Office rent", "Expenses", "resources_opex"),
        ("Staff training", "Expenses", "recruiting_training"),
        ("Internet and telephone", "Expenses", "resources_opex"),
        ("Advertising & Marketing", "Expenses", "marketing"),
        ("Recruiting fees", "Expenses", "recruiting_training"),
        ("Business licences and permits", "Expenses", "paperwork"),
        ("Depreciation", "Expenses", "depreciation"),
        ("Interest expense", "Other Expenses", "interest"),
        ("Bad debts", "Expenses", "bad_debts"),
        ("Sales", "Income", "revenue"),
        ("Sales - Payroll processing", "Income", "revenue"),  # a service named payroll
        ("Consulting revenue", "", "revenue"),
        ("Interest income", "Other Income", ""),
        ("Bank fees", "Expenses", ""),
    ],
)
def test_the_mapping_suggested_from_account_names(account: str, section: str, line: str) -> None:
    assert suggest_line(account, section) == line


def test_a_given_mapping_overrides_the_suggestion_and_is_kept(plan: Plan) -> None:
    mapping = {"Bank fees": "resources_opex", "Staff training": ""}
    result = read_actuals(plan, XERO_CSV.encode(), "pl.csv", mapping)
    assert result.unmapped == ()
    assert ("2027-01", "recruiting_training") not in figures(result.entries)
    updated, _ = import_into(plan, XERO_CSV.encode(), "pl.csv", mapping)
    assert updated.actuals is not None
    assert updated.actuals.mapping["Staff training"] == ""
    # The next import of the same accounts uses the saved mapping without being told.
    again = read_actuals(updated, XERO_CSV.encode(), "pl.csv")
    assert figures(again.entries) == figures(result.entries)


def test_a_mapping_to_a_line_the_plan_lacks_is_named(plan: Plan) -> None:
    with pytest.raises(ActualsFileError, match="account 'Rent': 'rent' is not a line"):
        read_actuals(plan, XERO_CSV.encode(), "pl.csv", {"Rent": "rent"})


def test_a_mapping_file_in_yaml() -> None:
    assert read_mapping_text("Rent: resources_opex\nBank fees:\n") == {
        "Rent": "resources_opex",
        "Bank fees": "",
    }
    with pytest.raises(ActualsFileError, match="map each account name to a line"):
        read_mapping_text("- Rent\n")
    with pytest.raises(ActualsFileError, match="is mapped to 3"):
        read_mapping_text("Rent: 3\n")


# --- merging -------------------------------------------------------------------------------------


def test_a_new_import_replaces_its_months_and_lines_and_keeps_the_rest(plan: Plan) -> None:
    first, _ = import_into(
        plan, b"month,line,value\n2027-01,revenue,100\n2027-02,revenue,200\n", "a.csv"
    )
    second, _ = import_into(
        first, b"month,line,value\n2027-02,revenue,250\n2027-02,marketing,40\n", "b.csv"
    )
    assert second.actuals is not None
    assert figures(second.actuals.entries) == {
        ("2027-01", "revenue"): 100.0,  # kept from the first file
        ("2027-02", "revenue"): 250.0,  # replaced by the second
        ("2027-02", "marketing"): 40.0,  # added
    }


def test_a_failed_import_leaves_the_plan_as_it_was(plan: Plan) -> None:
    first, _ = import_into(plan, b"month,line,value\n2027-01,revenue,100\n", "a.csv")
    with pytest.raises(ActualsFileError):
        import_into(first, b"month,line,value\n2027-02,revenue,x\n", "b.csv")
    assert first.actuals is not None and figures(first.actuals.entries) == {
        ("2027-01", "revenue"): 100.0
    }


def test_with_actuals_validates_the_whole_plan(plan: Plan) -> None:
    bad = merged(None, [ActualEntry(month="2030-01", line="revenue", value=1.0)])
    with pytest.raises(PlanError, match="2030-01 is not a month of the plan"):
        with_actuals(plan, bad)
    assert merged(Actuals(mapping={"Rent": "resources_opex"}), [], {"Fees": ""}).mapping == {
        "Rent": "resources_opex",
        "Fees": "",
    }


# --- the sample files ----------------------------------------------------------------------------


@pytest.mark.parametrize("starter", template_ids())
def test_each_starters_samples_import_and_agree_to_the_cent(starter: str) -> None:
    plan = load_plan_or_starter(starter)
    long = read_actuals(plan, (SAMPLES / f"{starter}_long.csv").read_bytes(), "long.csv")
    assert long.layout == "long" and len(long.months) >= 4
    for name in (f"{starter}_quickbooks.xlsx", f"{starter}_xero.csv"):
        pnl = read_actuals(plan, (SAMPLES / name).read_bytes(), name)
        assert pnl.layout == "profit_and_loss"
        assert pnl.months == long.months
        assert pnl.unmapped == ("Bank fees",)  # the one account no plan line matches
        expected = figures(long.entries)
        for key, value in figures(pnl.entries).items():
            assert value == pytest.approx(expected[key], abs=0.005), (name, key)
        updated, _ = import_into(plan, (SAMPLES / name).read_bytes(), name)
        assert updated.actuals is not None


def test_the_samples_are_shipped_with_the_package() -> None:
    names = {p.name for p in Path(SAMPLES).iterdir()}
    for starter in template_ids():
        assert {f"{starter}_long.csv", f"{starter}_quickbooks.xlsx", f"{starter}_xero.csv"} <= names


def test_a_file_too_large_is_refused_before_it_is_read(plan: Plan) -> None:
    with pytest.raises(ActualsFileError, match=r"big\.csv is 5,000,001 bytes; expected at most"):
        read_actuals(plan, b"x" * 5_000_001, "big.csv")
