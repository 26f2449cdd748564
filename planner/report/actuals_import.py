"""Actual figures from files: the long CSV (`month,line,value`) and a profit and loss by month as
QuickBooks Online and Xero export it (.xlsx or .csv), with an account -> line mapping suggested
from the account names. Pure: bytes in, values out; no Streamlit, no files opened here.

The API (for the Actuals page, the command line and the rolling forecast):

- `read_actuals(plan, data, filename, mapping=None) -> ActualsImport`: either layout, told apart
  by the header (a first row `month,line,value` is the long CSV); the entries, the mapping used
  (the plan's saved mapping, then `mapping`, then suggestions for accounts neither names), the
  accounts left unmapped and the P&L's accounts with their monthly amounts.
- `merged(old, entries, mapping) -> Actuals`: new figures over old ones (a month and line given
  again replace the old figure; every other figure stays).
- `with_actuals(plan, actuals) -> Plan`: the plan with its actuals, validated as a whole plan
  (`PlanError` names each bad row in words).
- `import_into(plan, data, filename, mapping=None) -> (Plan, ActualsImport)`: all three at once.
- `suggest_line(account, section)`: the line an account's name suggests, or "" (keyword rules).
- `read_mapping_text(text)`: a mapping file (YAML or JSON: account -> line key, "" to ignore).

A file that cannot be read raises `ActualsFileError`, whose text names the row (counted from 1 as
a spreadsheet shows it), the column and what was expected: "row 7, column 'value': '12,3x' is
not a number; expected a number such as 1,250.50 or (300) for -300".

Profit and loss layout (both programs): title rows (company, "Profit and Loss", the period), a
header row whose cells after the first are months ("Jan 2027", "January 2027", "Jan-27",
"2027-01", "31 Jan 2027", a date cell; Xero lists the latest month first) and maybe a "Total"
column; then accounts as rows, first cell the account name, under section headers ("Income",
"Cost of Goods Sold", "Less Operating Expenses", ...), with "Total ..." rows, computed rows
("Gross Profit", "Net Income", "Net Operating Income", "Net Profit") and blank lines. Amounts may
carry thousands separators, a currency sign, and parentheses or a minus for negatives. An account
row is a row with a name and at least one amount that is neither a total nor a computed row; its
section is the last header above it. Amounts are taken as the report shows them: income and
expenses both positive, as the plan's revenue and cost lines are. Accounts mapped to one line are
summed per month.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml

from planner.model.actuals_lines import allowed_words, line_keys, unknown_line_message
from planner.model.currency import MONEY_CEILING
from planner.model.files import plan_from_dict, plan_to_dict
from planner.model.plan import ActualEntry, Actuals, Plan, plan_month_labels
from planner.report import format as fmt

MAX_FILE_BYTES = 5_000_000
"""A file of actuals larger than this is refused before it is read (a P&L is a few kilobytes)."""
MAX_LINE_LENGTH = 200
"""The longest line key (`ActualEntry.line`): `headcount:` and a role's name."""
NUMBER_EXPECTED = "a number such as 1,250.50 or (300) for -300"
LONG_HEADER = ("month", "line", "value")

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}  # fmt: skip
_NAMED_MONTH = re.compile(
    r"^(?:(?P<day>\d{1,2})[\s-])?(?P<name>[a-z]{3,9})\.?[\s\-/,]+(?P<year>\d{4}|\d{2})$"
)
_ISO_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})(?:-\d{1,2})?(?:[ t].*)?$")
_SLASH_MONTH = re.compile(r"^(?P<month>\d{1,2})/(?P<year>\d{4})$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_COMPUTED_ROWS = re.compile(
    r"^(total\b|gross profit|net (income|profit|loss|operating income|ordinary income|other "
    r"income|earnings)|operating (profit|income)|profit (before|after)|earnings before)"
)

# Keyword rules: the first rule whose words appear in the account's name gives its line. Words
# are matched as whole words, case ignored. Labour depends on the section: wages under cost of
# sales are client work (direct), elsewhere managers and support (indirect).
_LABOUR = ("salary", "salaries", "wages", "wage", "payroll", "staff", "employee", "employees")
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("bad debt", "bad debts", "doubtful"), "bad_debts"),
    (("depreciation", "amortisation", "amortization"), "depreciation"),
    (("interest expense", "interest paid", "loan interest", "bank interest"), "interest"),
    (("recruiting", "recruitment", "hiring", "training"), "recruiting_training"),
    (("advertising", "marketing", "promotion", "promotions", "lead generation"), "marketing"),
    (("sales tax", "gross receipts", "percentage tax", "turnover tax"), "revenue_tax"),
    (
        ("licence", "licences", "license", "licenses", "permit", "permits", "registration",
         "legal", "compliance", "insurance", "professional fees"),
        "paperwork",
    ),
)  # fmt: skip
_RESOURCE_WORDS = (
    "rent", "lease", "leases", "utilities", "electricity", "internet", "telephone", "phone",
    "software", "subscriptions", "office", "cleaning", "repairs",
)  # fmt: skip
"""Checked after the labour words: "Office salaries" is pay, "Office rent" a resource."""
_REVENUE_WORDS = ("sales", "revenue", "income", "fees earned", "services")
_COST_OF_SALES = re.compile(r"cost of (goods sold|sales|revenue)|direct (costs|expenses)")
_INCOME_SECTION = re.compile(r"^(income|revenue|trading income|operating income|sales)$")


class ActualsFileError(ValueError):
    """A file of actuals that cannot be read: which row and column, what was found, what was
    expected (`str(error)` is the one line to show)."""

    def __init__(self, message: str, row: int | None = None, column: str = "") -> None:
        where = ", ".join(
            part
            for part in (f"row {row}" if row else "", f"column '{column}'" if column else "")
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.row = row
        self.column = column


@dataclass(frozen=True)
class Account:
    """One account row of a profit and loss: its name, the section it sits in ("Income",
    "Operating Expenses"), and its amount by month ("YYYY-MM" -> amount as the report shows it)."""

    name: str
    section: str
    amounts: Mapping[str, float]


@dataclass(frozen=True)
class ActualsImport:
    """What one file gave: `layout` "long" or "profit_and_loss"; `entries` (one per month and
    line, accounts mapped to one line summed); `mapping` (account -> line key or "", the saved
    mapping and the file's accounts, for the page to edit and the plan to keep); `unmapped` (the
    file's accounts no rule or saved mapping names: left out until mapped); `accounts` (the
    P&L's account rows; empty for the long layout); `months` (the months the file covers)."""

    layout: str
    entries: tuple[ActualEntry, ...]
    mapping: Mapping[str, str] = field(default_factory=dict)
    unmapped: tuple[str, ...] = ()
    accounts: tuple[Account, ...] = ()
    months: tuple[str, ...] = ()


# --- cells ---------------------------------------------------------------------------------------


def parse_amount(text: Any) -> float | None:
    """A cell as an amount: None for a blank cell; thousands separators, a currency sign and
    spaces ignored; "(1,250.00)" and "-1,250.00" are -1250. ValueError when it is not a number.

    >>> parse_amount("1,250.50"), parse_amount("(300)"), parse_amount(" $-12 "), parse_amount("")
    (1250.5, -300.0, -12.0, None)
    >>> parse_amount("12,3x")
    Traceback (most recent call last):
    ...
    ValueError: '12,3x' is not a number
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError(f"'{text}' is not a number")
    if isinstance(text, int | float):
        if not math.isfinite(text):
            raise ValueError(f"'{text}' is not a number")
        return _within_ceiling(float(text), str(text))
    raw = str(text).strip()
    if raw in {"", "-", "–"}:
        return None if raw == "" else 0.0
    cleaned = re.sub(r"[\s$€£¥₱₹,]|[A-Z]{3}$|^[A-Z]{3}", "", raw)
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    if not _NUMBER.match(cleaned):
        raise ValueError(f"'{raw}' is not a number")
    value = _within_ceiling(float(cleaned), raw)
    return -value if negative else value


def _within_ceiling(value: float, raw: str) -> float:
    if abs(value) > MONEY_CEILING:
        raise ValueError(f"'{raw}' is larger than any amount a plan holds (1e15)")
    return value


def parse_month(cell: Any) -> str | None:
    """A column heading as a month "YYYY-MM", or None when it is not one ("Total", an account).

    >>> [parse_month(t) for t in ("Jan 2027", "January 2027", "Jan-27", "2027-01", "31 Jan 2027")]
    ['2027-01', '2027-01', '2027-01', '2027-01', '2027-01']
    >>> parse_month("Sept. 2027"), parse_month("02/2028"), parse_month("Total")
    ('2027-09', '2028-02', None)
    """
    if isinstance(cell, datetime | date):
        return f"{cell.year:04d}-{cell.month:02d}"
    text = str(cell or "").strip().lower()
    if not text:
        return None
    iso = _ISO_MONTH.match(text) or _SLASH_MONTH.match(text)
    if iso:
        year, month = int(iso["year"]), int(iso["month"])
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    named = _NAMED_MONTH.match(text)
    if named and named["name"] in _MONTHS:
        year = int(named["year"])
        year = year + 2000 if year < 100 else year
        return f"{year:04d}-{_MONTHS[named['name']]:02d}"
    return None


# --- the long CSV --------------------------------------------------------------------------------


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ActualsFileError("the file is not text (expected a CSV or an .xlsx workbook)")


def _csv_rows(data: bytes | str) -> list[list[str]]:
    text = _text(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def read_long_csv(data: bytes | str) -> list[ActualEntry]:
    """The long layout: a header `month,line,value`, then one figure a row ("2027-03,revenue,
    22875.44"). Blank rows are skipped; a value may carry thousands separators (in quotes, as a
    CSV needs) or parentheses. Which months and lines the plan has is checked by `read_actuals`
    (with the file's row numbers) and `with_actuals`.

    >>> [e.value for e in read_long_csv("month,line,value\\n2027-01,revenue,\\"1,200\\"\\n")]
    [1200.0]
    """
    return [entry for _, entry in _long_rows(data)]


def _long_rows(data: bytes | str) -> list[tuple[int, ActualEntry]]:
    """The long layout's entries, each with its row in the file (the header is row 1)."""
    rows = _csv_rows(data)
    header = [c.lower() for c in rows[0]] if rows else []
    if tuple(header[:3]) != LONG_HEADER:
        found = ",".join(rows[0]) if rows else "an empty file"
        raise ActualsFileError(f"expected the header month,line,value, found '{found}'", 1)
    entries: list[tuple[int, ActualEntry]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if any(row[3:]):
            raise ActualsFileError(
                f"has {len(row)} cells ({','.join(row)}); expected 3: month,line,value (a value "
                'with a thousands comma goes in quotes: "12,300")',
                number,
            )
        month, line, value = [*row, "", "", ""][:3]
        if not re.match(r"^\d{4}-(0[1-9]|1[0-2])$", month):
            raise ActualsFileError(
                f"'{month}' is not a month; expected YYYY-MM, e.g. 2027-03", number, "month"
            )
        if not line or len(line) > MAX_LINE_LENGTH:
            raise ActualsFileError(
                f"{'is empty' if not line else 'is too long'}; expected a line such as revenue",
                number,
                "line",
            )
        try:
            amount = parse_amount(value)
        except ValueError as exc:
            raise ActualsFileError(f"{exc}; expected {NUMBER_EXPECTED}", number, "value") from None
        if amount is None:
            raise ActualsFileError(f"is empty; expected {NUMBER_EXPECTED}", number, "value")
        entries.append((number, ActualEntry(month=month, line=line, value=amount)))
    return entries


def _check_long(plan: Plan, rows: Sequence[tuple[int, ActualEntry]]) -> None:
    """Each row's month is one of the plan's, its line one of the plan's, once per month and
    line: the first that is not raises ActualsFileError with the file's row."""
    months = plan_month_labels(plan.settings.first_month, plan.settings.horizon_months)
    keys = line_keys(plan)
    seen: dict[tuple[str, str], int] = {}
    for number, entry in rows:
        if entry.month not in months:
            raise ActualsFileError(
                f"{entry.month} is not a month of the plan; expected a month from {months[0]} "
                f"to {months[-1]}",
                number,
                "month",
            )
        if entry.line not in keys:
            raise ActualsFileError(
                f"{unknown_line_message(plan, entry.line)}; expected one of {allowed_words(plan)}",
                number,
                "line",
            )
        if (entry.month, entry.line) in seen:
            raise ActualsFileError(
                f"{entry.month} {entry.line} is given twice (first in row "
                f"{seen[(entry.month, entry.line)]}); expected one figure per month and line",
                number,
                "line",
            )
        seen[(entry.month, entry.line)] = number


def _check_accounts(plan: Plan, months: Sequence[str], mapping: Mapping[str, str]) -> None:
    """The P&L's months are the plan's, and every account is mapped to a line of the plan."""
    plan_months = plan_month_labels(plan.settings.first_month, plan.settings.horizon_months)
    outside = [m for m in months if m not in plan_months]
    if outside:
        raise ActualsFileError(
            f"the months {', '.join(outside)} are not within the plan; expected months from "
            f"{plan_months[0]} to {plan_months[-1]}"
        )
    keys = line_keys(plan)
    for account, line in mapping.items():
        if line and line not in keys:
            raise ActualsFileError(
                f"account '{account}': {unknown_line_message(plan, line)}; expected one of "
                f"{allowed_words(plan)}, or blank to ignore the account"
            )


# --- profit and loss by month --------------------------------------------------------------------


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ActualsFileError(f"the workbook cannot be read ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _header(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[int, str]]:
    """The header row (its index) and its month columns (column index -> "YYYY-MM")."""
    for index, row in enumerate(rows[:40]):
        months = {i: m for i, cell in enumerate(row) if i > 0 and (m := parse_month(cell))}
        if len(months) >= 1 and len(set(months.values())) == len(months):
            return index, months
    raise ActualsFileError(
        "no row of month headings found in the first 40 rows; expected a profit and loss by "
        "month, with months such as 'Jan 2027' as column headings"
    )


def _column_name(row: Sequence[Any], column: int) -> str:
    heading = row[column] if column < len(row) else None
    if isinstance(heading, datetime | date):
        return heading.strftime("%b %Y")
    return str(heading)


def read_profit_and_loss(rows: Sequence[Sequence[Any]]) -> list[Account]:
    """The account rows of a profit and loss by month (see the module docstring), in the order
    of the file. Rows are counted from 1 in messages, as a spreadsheet numbers them."""
    head, months = _header(rows)
    header = rows[head]
    accounts: list[Account] = []
    section = ""
    for index in range(head + 1, len(rows)):
        row = rows[index]
        name = str(row[0]).strip() if row and row[0] is not None else ""
        if not name:
            continue
        amounts: dict[str, float] = {}
        for column, month in months.items():
            cell = row[column] if column < len(row) else None
            try:
                value = parse_amount(cell)
            except ValueError as exc:
                raise ActualsFileError(
                    f"{exc}; expected {NUMBER_EXPECTED}",
                    index + 1,
                    _column_name(header, column),
                ) from None
            if value is not None:
                amounts[month] = value
        if _COMPUTED_ROWS.match(name.lower()):
            continue
        if not amounts:
            section = name
            continue
        accounts.append(Account(name=name, section=section, amounts=amounts))
    if not accounts:
        raise ActualsFileError(
            "no account rows with amounts found under the month headings; expected accounts "
            "as rows (e.g. 'Rent') and amounts under each month"
        )
    return accounts


# --- the mapping ---------------------------------------------------------------------------------


def _has_word(name: str, words: Sequence[str]) -> bool:
    return any(re.search(rf"\b{re.escape(word)}\b", name) for word in words)


def suggest_line(account: str, section: str = "") -> str:
    """The plan line an account's name suggests, or "" when no rule fits (the account is then
    left unmapped for the founder to choose). Wages, salaries and payroll are direct staff under
    cost of sales and managers and support elsewhere; an account under an income section is
    revenue unless it is interest.

    >>> suggest_line("Wages", "Cost of Goods Sold"), suggest_line("Payroll", "Expenses")
    ('direct_labour', 'indirect_labour')
    >>> suggest_line("Rent or Lease"), suggest_line("Advertising & Marketing")
    ('resources_opex', 'marketing')
    >>> suggest_line("Sales - voice support", "Income"), suggest_line("Bank fees", "Expenses")
    ('revenue', '')
    >>> suggest_line("Sales - Payroll", "Income"), suggest_line("Interest income", "Income")
    ('revenue', '')
    """
    name = account.lower().replace("&", " and ")
    where = section.lower().strip()
    if _INCOME_SECTION.match(where):
        return "" if "interest" in name else "revenue"
    for words, line in _RULES:
        if _has_word(name, words):
            return line
    if _has_word(name, _LABOUR) or "contractor" in name:
        return "direct_labour" if _COST_OF_SALES.search(where) else "indirect_labour"
    if _has_word(name, _RESOURCE_WORDS):
        return "resources_opex"
    if "interest" in name or "other income" in where:
        return ""
    return "revenue" if _has_word(name, _REVENUE_WORDS) else ""


def mapping_for(
    accounts: Sequence[Account], saved: Mapping[str, str], given: Mapping[str, str] | None = None
) -> tuple[dict[str, str], tuple[str, ...]]:
    """The mapping for these accounts: `given` first, then the plan's `saved` mapping, then the
    suggestion from the name; and the accounts none of them names (left out of the figures).
    Saved entries for accounts not in this file are kept."""
    mapping = dict(saved)
    mapping.update(given or {})
    unmapped: list[str] = []
    for account in accounts:
        if account.name in mapping:
            continue
        suggestion = suggest_line(account.name, account.section)
        if suggestion:
            mapping[account.name] = suggestion
        elif account.name not in unmapped:
            unmapped.append(account.name)
    return mapping, tuple(unmapped)


def entries_from_accounts(
    accounts: Sequence[Account], mapping: Mapping[str, str]
) -> list[ActualEntry]:
    """One entry per month and line: the amounts of the accounts mapped to that line, summed
    (accounts mapped to "" or not at all are left out). Months in calendar order, lines in the
    order their first account appears.

    >>> rent = Account("Rent", "Expenses", {"2027-01": 1000.0})
    >>> phone = Account("Telephone", "Expenses", {"2027-01": 250.0})
    >>> [(e.month, e.line, e.value) for e in entries_from_accounts([rent, phone],
    ...     {"Rent": "resources_opex", "Telephone": "resources_opex"})]
    [('2027-01', 'resources_opex', 1250.0)]
    """
    totals: dict[tuple[str, str], float] = {}
    for account in accounts:
        line = mapping.get(account.name, "")
        if not line:
            continue
        for month, value in account.amounts.items():
            totals[(month, line)] = totals.get((month, line), 0.0) + value
    order = {line: i for i, line in enumerate(dict.fromkeys(line for _, line in totals))}
    keys = sorted(totals, key=lambda key: (key[0], order[key[1]]))
    return [ActualEntry(month=m, line=line, value=totals[(m, line)]) for m, line in keys]


def read_mapping_text(text: str) -> dict[str, str]:
    """A mapping file (YAML or JSON): account name -> line key, blank or null to ignore the
    account. ActualsFileError names what is wrong.

    >>> read_mapping_text("Rent: resources_opex\\nBank fees:\\n")
    {'Rent': 'resources_opex', 'Bank fees': ''}
    """
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        raise ActualsFileError(f"the mapping file is not readable YAML or JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ActualsFileError(
            "the mapping file must map each account name to a line, e.g. 'Rent: resources_opex'"
        )
    mapping: dict[str, str] = {}
    for account, line in data.items():
        if line is not None and not isinstance(line, str):
            raise ActualsFileError(
                f"account '{account}' is mapped to {json.dumps(line)}; expected a line key "
                "such as resources_opex, or blank to ignore the account"
            )
        mapping[str(account)] = line or ""
    return mapping


# --- the whole import ----------------------------------------------------------------------------


def read_actuals(
    plan: Plan, data: bytes | str, filename: str, mapping: Mapping[str, str] | None = None
) -> ActualsImport:
    """Read a file of actuals in either layout (see the module docstring). `mapping` overrides
    the plan's saved mapping (`plan.actuals.mapping`) for the accounts it names. The months and
    lines are checked against the plan by `with_actuals`, not here."""
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size > MAX_FILE_BYTES:
        raise ActualsFileError(
            f"{filename} is {fmt.number(size)} bytes; expected at most "
            f"{fmt.number(MAX_FILE_BYTES)} (a profit and "
            "loss or a CSV of monthly figures)"
        )
    saved = plan.actuals.mapping if plan.actuals else {}
    is_xlsx = filename.lower().endswith((".xlsx", ".xlsm"))
    if is_xlsx and isinstance(data, bytes):
        rows: list[list[Any]] = _xlsx_rows(data)
    else:
        rows = [list(r) for r in _csv_rows(data)]
        if rows and tuple(c.lower() for c in rows[0][:3]) == LONG_HEADER:
            numbered = _long_rows(data)
            _check_long(plan, numbered)
            entries = [entry for _, entry in numbered]
            months = tuple(sorted({e.month for e in entries}))
            return ActualsImport("long", tuple(entries), dict(saved), months=months)
    accounts = read_profit_and_loss(rows)
    used, unmapped = mapping_for(accounts, saved, mapping)
    months = tuple(sorted({m for a in accounts for m in a.amounts}))
    _check_accounts(plan, months, used)
    entries = entries_from_accounts(accounts, used)
    return ActualsImport("profit_and_loss", tuple(entries), used, unmapped, tuple(accounts), months)


def merged(
    old: Actuals | None, entries: Sequence[ActualEntry], mapping: Mapping[str, str] | None = None
) -> Actuals:
    """New figures over the old: a month and line in `entries` replaces the old figure; every
    other old figure stays. The mapping: the old one updated with `mapping`. Entries sorted by
    month, then in the order lines were first given.

    >>> old = Actuals(entries=[ActualEntry(month="2027-01", line="revenue", value=1.0),
    ...                        ActualEntry(month="2027-02", line="revenue", value=2.0)])
    >>> new = merged(old, [ActualEntry(month="2027-02", line="revenue", value=5.0)])
    >>> [(e.month, e.value) for e in new.entries]
    [('2027-01', 1.0), ('2027-02', 5.0)]
    """
    figures: dict[tuple[str, str], ActualEntry] = {}
    for entry in [*(old.entries if old else []), *entries]:
        figures[(entry.month, entry.line)] = entry
    order = {line: i for i, line in enumerate(dict.fromkeys(line for _, line in figures))}
    ordered = sorted(figures.values(), key=lambda e: (e.month, order[e.line]))
    return Actuals(entries=ordered, mapping={**(old.mapping if old else {}), **(mapping or {})})


def with_actuals(plan: Plan, actuals: Actuals) -> Plan:
    """The plan with `actuals`, validated as a whole plan: PlanError lists each figure whose
    month is outside the plan or whose line the plan does not have, in words."""
    data = plan_to_dict(plan)
    data["actuals"] = actuals.model_dump(mode="json")
    return plan_from_dict(data, source="the imported figures")


def import_into(
    plan: Plan, data: bytes | str, filename: str, mapping: Mapping[str, str] | None = None
) -> tuple[Plan, ActualsImport]:
    """Read a file (`read_actuals`) and merge its figures and mapping over the plan's
    (`merged`): the plan with its actuals, validated, and what the file gave."""
    result = read_actuals(plan, data, filename, mapping)
    return with_actuals(plan, merged(plan.actuals, result.entries, result.mapping)), result
