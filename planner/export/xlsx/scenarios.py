"""The Scenarios sheet: the live switch every formula follows.

The switch is one input cell, named `Scenario`, with a drop-down of "Plan as it stands" and each of
the plan's scenarios. Below it, each scenario's drivers (`planner.model.drivers`: multipliers, the
start delay in whole months; a driver a scenario leaves out shows its neutral value) and the
selected scenario's drivers as formulas, INDEX(<column>, MATCH(Scenario, ScenarioNames, 0)), named
`DriverVolume`, `DriverHandleTime`, `DriverPrice`, `DriverWinRate`, `DriverStartDelay`,
`DriverAttrition`, `DriverWages`; `ScenarioNo` is the selected scenario's position (1 = the plan
as it stands).

How the workbook follows it: formulas apply the drivers to the inputs on the Assumptions sheet
(wages x DriverWages on the Payroll sheet, conversion x DriverWinRate capped at 1 on the Marketing
sheet, attrition x DriverAttrition capped at 3 in recruiting on the P&L; on the Revenue sheet
price x the scenario's Price and probability x its Win rate capped at 1); the figures the app
computes that the drivers change (staff required, hires and leavers from the queue maths, seats,
units bought, volumes and contract months with the start delay, won clients, direct staff cost)
are held once per scenario, computed by the engine on `apply_scenario(plan, name)`, and the
selected one is picked with CHOOSE(ScenarioNo, ...). A sheet of its own (not rows on the
Assumptions sheet) so the Assumptions sheet stays the plan as typed: the switch changes what
formulas make of it, never the inputs themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from planner.export.xlsx.inputs import BASE_FEE_COLUMN, InputRows, has_base_fee
from planner.export.xlsx.layout import HEADER_ROW, Writer
from planner.model.drivers import DRIVER_NAMES, MAX_ATTRITION, MONTHS, NEUTRAL
from planner.model.labels import DRIVER_LABELS, DRIVER_MEANINGS

SHEET = "Scenarios"
SWITCH_ROW = HEADER_ROW + 1
"""0-based row of the switch cell (column B)."""
TABLE_HEADER = SWITCH_ROW + 4
"""0-based row of the drivers table's headers; the plan as it stands is the row below."""
DRIVER_DEFINED_NAMES: dict[str, str] = {
    "volume": "DriverVolume",
    "handle_time": "DriverHandleTime",
    "price": "DriverPrice",
    "win_rate": "DriverWinRate",
    "start_delay_months": "DriverStartDelay",
    "attrition": "DriverAttrition",
    "wages": "DriverWages",
}
"""The workbook name of the selected scenario's value of each driver."""
WHERE = {
    "volume": "volumes on the Revenue sheet and the staff, seats and units they need (held per "
    "scenario)",
    "handle_time": "staff required from the queue and items maths (held per scenario)",
    "price": "unit price on the Revenue sheet = price (Assumptions) x Price",
    "win_rate": "clients signing on the Revenue sheet = MIN(1, probability x Win rate); clients "
    "won on the Marketing sheet with MIN(1, conversion x Win rate)",
    "start_delay_months": "contract months on the Revenue sheet, each start kept within months 1 "
    "to 120 (held per scenario)",
    "attrition": "leavers (held per scenario) and recruiting after the horizon on the P&L with "
    "MIN(3, YearlyAttrition x Attrition)",
    "wages": "wage per person on the Payroll sheet = monthly wage (Assumptions) x Wages",
}
"""Where each driver acts in the workbook."""
INPUTS_TITLE = "The selected scenario's inputs"


@dataclass(frozen=True)
class ScenarioTable:
    """Where each scenario's drivers sit on the Scenarios sheet."""

    first: int
    """Excel row number of the plan as it stands (scenario k is row first + k)."""
    letters: dict[str, str]
    """Column letter of each driver."""

    def driver(self, name: str, k: int) -> str:
        """The cell of driver `name` in scenario k (0: the plan as it stands), absolute."""
        return f"{SHEET}!${self.letters[name]}${self.first + k}"


def scenarios_sheet(w: Writer, inputs: InputRows) -> ScenarioTable:
    """Write the Scenarios sheet; returns where each scenario's drivers sit."""
    ws = w.sheets[SHEET]
    w.heading(ws, "Scenarios: the switch every formula follows", _NOTE)
    first = TABLE_HEADER + 2
    last = first + len(w.scenario_names) - 1
    names = f"{SHEET}!$A${first}:$A${last}"
    w.wb.define_name("ScenarioNames", f"={names}")
    ws.write_string(SWITCH_ROW, 0, "Scenario", w.f_section)
    w.write_text(ws, SWITCH_ROW, 1, w.scenario_names[0], input_=True)
    w.define("Scenario", SHEET, SWITCH_ROW, 1)
    instruction = _INSTRUCTION if w.has_scenarios else _NO_SCENARIOS
    ws.write_string(SWITCH_ROW, 2, instruction, w.f_note)
    ws.data_validation(
        SWITCH_ROW,
        1,
        SWITCH_ROW,
        1,
        {
            "validate": "list",
            "source": f"=$A${first}:$A${last}",
            "input_title": "Scenario",
            "input_message": "Pick the plan as it stands or one of its scenarios.",
            "error_title": "Not a scenario",
            "error_message": "Pick one of the names in the list (the Scenario column below).",
        },
    )
    ws.write_string(SWITCH_ROW + 1, 0, "Scenario number")
    ws.write_formula(SWITCH_ROW + 1, 1, "=MATCH(Scenario,ScenarioNames,0)", w.fmt.get("int"), 1)
    w.define("ScenarioNo", SHEET, SWITCH_ROW + 1, 1)
    ws.write_string(SWITCH_ROW + 1, 2, "its row in the table below (1: as it stands)", w.f_note)
    table = ScenarioTable(first, {d: xl_col_to_name(1 + i) for i, d in enumerate(DRIVER_NAMES)})
    _drivers_table(w, table)
    _selected(w, table, last)
    _where(w, last + 3)
    if w.has_scenarios:
        _selected_inputs(w, inputs, last + 5 + len(DRIVER_NAMES))
    ws.set_column(0, 0, 30)
    ws.set_column(1, len(DRIVER_NAMES), 13)
    ws.set_column(len(DRIVER_NAMES) + 1, len(DRIVER_NAMES) + 1, 50)
    # the switch stays in sight while scrolling, and heads every printed page
    ws.freeze_panes(SWITCH_ROW + 2, 0)
    ws.repeat_rows(0, SWITCH_ROW + 1)
    w.print_setup(ws)
    return table


_NOTE = (
    "Pick a scenario in the blue cell: every formula follows it. The Assumptions sheet stays "
    "the plan as typed; formulas apply the drivers to it, and the figures the app computes "
    "(staff from the queue maths, seats, volumes) are held for each scenario on the right of "
    "the detail sheets and picked."
)
_RETYPED = (
    "Type over a driver and the formulas that apply it follow (prices, wages, chances to sign, "
    "conversion, attrition); the figures held from the app (staff, seats, volumes, start months) "
    "change when the plan is exported again from the app."
)
_INSTRUCTION = "Choose from the drop-down: the plan as it stands or a scenario."
_NO_SCENARIOS = (
    "This plan has no scenarios yet (add them in the app): the drop-down holds the plan as it "
    "stands only."
)


def _drivers_table(w: Writer, table: ScenarioTable) -> None:
    """One row per scenario (the plan as it stands first): its drivers, inputs; a driver the
    scenario leaves out shows its neutral value (1, or 0 months of delay)."""
    ws = w.sheets[SHEET]
    ws.write_string(TABLE_HEADER - 1, 0, "Drivers of each scenario", w.f_section)
    if w.has_scenarios:
        ws.write_string(TABLE_HEADER - 1, 2, _RETYPED, w.f_note)
    headers = ["Scenario", *(DRIVER_LABELS[d] for d in DRIVER_NAMES), "Description"]
    for c, header in enumerate(headers):
        ws.write_string(TABLE_HEADER, c, header, w.f_header)
    changes: list[dict[str, float]] = [{}]
    changes += [{str(k): v for k, v in s.changes.items()} for s in w.plan.scenarios]
    descriptions = ["", *(s.description for s in w.plan.scenarios)]
    for k, name in enumerate(w.scenario_names):
        row = table.first - 1 + k
        w.write_text(ws, row, 0, name, input_=True)
        for c, driver in enumerate(DRIVER_NAMES, start=1):
            value = changes[k].get(driver, NEUTRAL[driver])
            w.write_number(ws, row, c, value, w.fmt.get(_kind(driver), input_=True))
        if descriptions[k]:
            w.write_text(ws, row, len(DRIVER_NAMES) + 1, descriptions[k], input_=True)


def _selected(w: Writer, table: ScenarioTable, last: int) -> None:
    """The selected scenario's drivers: INDEX/MATCH on `Scenario`, each with its name."""
    ws = w.sheets[SHEET]
    row = last  # 0-based: the row right under the table
    ws.write_string(row, 0, "Selected scenario", w.f_header)
    for c, driver in enumerate(DRIVER_NAMES, start=1):
        letter = table.letters[driver]
        formula = (
            f"=INDEX(${letter}${table.first}:${letter}${last},MATCH(Scenario,ScenarioNames,0))"
        )
        ws.write_formula(row, c, formula, w.fmt.get(_kind(driver), bold=True), NEUTRAL[driver])
        w.define(DRIVER_DEFINED_NAMES[driver], SHEET, row, c)
    ws.write_string(row, len(DRIVER_NAMES) + 1, "what every formula uses", w.f_note)
    ws.write_string(
        row + 1, 1, "Names in formulas: " + ", ".join(DRIVER_DEFINED_NAMES.values()), w.f_note
    )


def _where(w: Writer, row: int) -> None:
    """What each driver changes and where it acts in the workbook."""
    ws = w.sheets[SHEET]
    ws.write_string(row, 0, "What each driver changes", w.f_section)
    for i, driver in enumerate(DRIVER_NAMES, start=1):
        ws.write_string(row + i, 0, DRIVER_LABELS[driver])
        ws.write_string(row + i, 1, f"{DRIVER_MEANINGS[driver]}: {WHERE[driver]}", w.f_note)


def _selected_inputs(w: Writer, inputs: InputRows, row: int) -> None:
    """The inputs the drivers change, in the selected scenario (formulas over the Assumptions
    sheet, for reading: the detail sheets apply the drivers themselves): each client service's
    start month + DriverStartDelay kept within months 1 to 120, probability x DriverWinRate
    capped at 1 (1 for a signed client), monthly volume x DriverVolume and price (and a monthly
    base fee, in a plan with one) x DriverPrice;
    each role's wage x DriverWages; each channel's conversion x DriverWinRate capped at 1; the
    yearly attrition x DriverAttrition capped at 3."""
    ws, plan = w.sheets[SHEET], w.plan
    ws.write_string(row, 0, INPUTS_TITLE, w.f_section)
    headers = ["Client", "Service line", "Start month", "Probability", "Monthly volume", "Price"]
    base = has_base_fee(plan)  # a base fee + per contact contract: its base fee x DriverPrice too
    if base:
        headers.append("Monthly base fee")
    for c, header in enumerate(headers):
        ws.write_string(row + 1, c, header, w.f_header)
    row += 2
    low, high = MONTHS
    fmts = [w.fmt.get(k) for k in ("text", "text", "int", "pct", "dec", "price", "price")]
    for client, service_rows in zip(plan.business_plan.clients, inputs.clients, strict=True):
        chance = client.probability if client.status == "pipeline" else 1.0
        for service, a in zip(client.services, service_rows, strict=True):
            x = f"Assumptions!${{}}${a}"
            cells = [
                (f"={x.format('A')}", client.name),
                (f"={x.format('D')}", service.service_line),
                (f"=MAX({low},MIN({high},{x.format('E')}+DriverStartDelay))", client.start_month),
                (f'=IF({x.format("B")}="pipeline",MIN(1,{x.format("C")}*DriverWinRate),1)', chance),
                (f"={x.format('F')}*DriverVolume", service.monthly_volume),
                (f"={x.format('J')}*DriverPrice", service.price),
            ]
            if base:
                fee = f"N({x.format(BASE_FEE_COLUMN)})*DriverPrice"
                cells.append((f"={fee}", service.base_fee))
            for c, (formula, value) in enumerate(cells):
                ws.write_formula(row, c, formula, fmts[c], value)
            row += 1
    row += 1
    lines = [
        (f"=Assumptions!$A${r}", f"=Assumptions!$D${r}*DriverWages", role.name, role.monthly_wage,
         "money", "monthly wage, in its location's currency")
        for role, r in zip(plan.staffing.roles, inputs.roles, strict=True)
    ] + [
        (f"=Assumptions!$A${r}", f"=MIN(1,Assumptions!$D${r}*DriverWinRate)", ch.name,
         ch.conversion_rate, "pct", "conversion rate")
        for ch, r in zip(plan.marketing.channels, inputs.channels, strict=True)
    ]  # fmt: skip
    attrition = plan.staffing.yearly_attrition
    lines.append(("Yearly attrition", f"=MIN({MAX_ATTRITION!r},YearlyAttrition*DriverAttrition)",
                  "", attrition, "pct", "of staff per year"))  # fmt: skip
    for name_formula, formula, name, value, kind, unit in lines:
        if name_formula.startswith("="):
            ws.write_formula(row, 0, name_formula, fmts[0], name)
        else:
            ws.write_string(row, 0, name_formula)
        ws.write_formula(row, 1, formula, w.fmt.get(kind), value)
        ws.write_string(row, 2, unit, w.f_note)
        row += 1


def _kind(driver: str) -> str:
    return "int" if driver == "start_delay_months" else "dec2"
