"""The workbook's live `Scenario` switch (issue 9): one input cell with a drop-down of the plan's
scenarios; set to a scenario and recalculated in LibreOffice, every statement equals the engine's
projection of that scenario (`project(apply_scenario(plan, name))`), to the cent.

The LibreOffice tests are marked like tests/export/test_export_recalc_libreoffice.py (whose
recalculation helper and tolerance they reuse); the others read the written file with openpyxl.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.export import workbook_bytes
from planner.export.xlsx.layout import BASE_SCENARIO, HEADER_ROW
from planner.export.xlsx.scenarios import DRIVER_DEFINED_NAMES, INPUTS_TITLE, SHEET, SWITCH_ROW
from planner.export.xlsx.statements import STATEMENTS
from planner.export.xlsx.workbook import write_workbook
from planner.model.drivers import apply_scenario
from planner.model.files import load_plan
from planner.model.labels import KPI_LABELS as KPI
from planner.model.plan import Plan, Scenario
from tests.export.test_export_recalc_libreoffice import (
    EXTRA,
    _with_role_items_and_deposits,
    close,
    recalculate,
)
from tests.support.tools import ROOT

TEMPLATES = sorted((ROOT / "templates" / "plans").glob("*.yaml"))
SWITCH = f"B{SWITCH_ROW + 1}"
"""The switch cell on the Scenarios sheet."""

TEST_SCENARIOS = [
    Scenario(
        name="Slow sales",
        description="Every start 3 months later, volume -20%",
        changes={"start_delay_months": 3, "volume": 0.8},
    ),
    Scenario(
        name="Wage pressure",
        description="Wages +10%, attrition half again, slower handling",
        changes={"wages": 1.1, "attrition": 1.5, "handle_time": 1.15},
    ),
    Scenario(
        name="Discount to win",
        description="Prices -10%, prospects and marketing convert 40% more often (capped)",
        changes={"price": 0.9, "win_rate": 1.4, "volume": 1.1},
    ),
    Scenario(name="Lost pipeline", changes={"win_rate": 0.0, "start_delay_months": 1}),
]
"""Every driver at work, a start delay, win rates capped at 1 and a win rate of 0 (prospects left
out of the plan: the Revenue sheet's rows map to the clients that stay)."""


def _with_scenarios(plan: Plan) -> Plan:
    """The plan's own scenarios (a starter's) and the test ones whose names it does not have
    (scenario names are unique in a valid plan: the switch chooses by name)."""
    taken = {s.name for s in plan.scenarios}
    extra = [s for s in TEST_SCENARIOS if s.name not in taken]
    return plan.model_copy(update={"scenarios": [*plan.scenarios, *extra]})


def _names(plan: Plan) -> list[str]:
    return [s.name for s in plan.scenarios]


def _book(content: bytes, data_only: bool = False) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content), data_only=data_only)


@pytest.fixture(scope="module")
def voice() -> tuple[Plan, bytes]:
    plan = _with_scenarios(load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml"))
    return plan, workbook_bytes(project(plan))


def test_the_switch_cell_is_named_scenario_and_starts_on_the_plan_as_it_stands(
    voice: tuple[Plan, bytes],
) -> None:
    wb = _book(voice[1])
    assert wb.defined_names["Scenario"].attr_text == f"{SHEET}!$B${SWITCH_ROW + 1}"
    assert wb[SHEET][SWITCH].value == BASE_SCENARIO
    # typed in the input style (blue font) like every other input
    assert wb[SHEET][SWITCH].font.color.rgb.endswith("1F4E9A")


def test_the_drop_down_lists_the_plan_as_it_stands_and_each_scenario(
    voice: tuple[Plan, bytes],
) -> None:
    plan, content = voice
    ws = _book(content)[SHEET]
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and SWITCH in str(validation.sqref)
    first, last = re.fullmatch(r"\$A\$(\d+):\$A\$(\d+)", validation.formula1).groups()
    listed = [ws[f"A{r}"].value for r in range(int(first), int(last) + 1)]
    assert listed == [BASE_SCENARIO, *_names(plan)]


def test_the_drivers_table_shows_blanks_as_the_neutral_value(voice: tuple[Plan, bytes]) -> None:
    _, content = voice
    ws = _book(content)[SHEET]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    headers = {ws.cell(rows["Scenario"], c).value: c for c in range(1, ws.max_column + 1)}
    slow = rows["Slow sales"]
    # Slow sales changes start delay (3) and volume (0.8); price and wages stay 1
    assert ws.cell(slow, headers["Start delay (months)"]).value == 3
    assert ws.cell(slow, headers["Volume"]).value == 0.8
    assert ws.cell(slow, headers["Price"]).value == 1 and ws.cell(slow, headers["Wages"]).value == 1


def test_the_selected_drivers_are_named_index_match_formulas_on_the_switch(
    voice: tuple[Plan, bytes],
) -> None:
    wb = _book(voice[1])
    for name in DRIVER_DEFINED_NAMES.values():
        sheet, cell = wb.defined_names[name].attr_text.split("!")
        formula = wb[sheet][cell.replace("$", "")].value
        assert formula.startswith("=INDEX(") and "MATCH(Scenario,ScenarioNames,0)" in formula


def test_the_formulas_follow_the_switch(voice: tuple[Plan, bytes]) -> None:
    wb = _book(voice[1])
    first = HEADER_ROW + 2
    # an app figure held per scenario, picked by the switch's number
    assert wb["Staffing"][f"F{first}"].value.startswith("=CHOOSE(ScenarioNo,")
    assert "DriverWages" in wb["Payroll"][f"G{first}"].value
    revenue = wb["Revenue"]
    headers = {revenue.cell(HEADER_ROW + 1, c).value: c for c in range(1, revenue.max_column + 1)}
    assert "=Scenario," in revenue.cell(first, headers["Revenue"]).value
    assert any("DriverWinRate" in str(c.value) for row in wb["Marketing"].iter_rows() for c in row)


def test_a_plan_without_scenarios_keeps_its_figures_and_offers_only_the_plan() -> None:
    plan = load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml")
    plan = plan.model_copy(update={"scenarios": []})
    wb = _book(workbook_bytes(project(plan)))
    ws = wb[SHEET]
    (validation,) = ws.data_validations.dataValidation
    first, last = re.fullmatch(r"\$A\$(\d+):\$A\$(\d+)", validation.formula1).groups()
    assert first == last and ws[f"A{first}"].value == BASE_SCENARIO
    # no held blocks, no CHOOSE: the app's figures stay plain inputs
    for sheet in ("Staffing", "Resources", "Revenue", "P&L", "Profit by client"):
        for row in wb[sheet].iter_rows():
            assert not any("CHOOSE" in str(c.value) for c in row), sheet


def _statement_mismatches(fresh: openpyxl.Workbook, projection: Projection) -> list[str]:
    """Every statement line of the recalculated workbook against the engine's, as the existing
    recalculation test compares them (`close`: half a cent, or 1e-9 relative)."""
    monthly, bad = projection.monthly, []
    for sheet, lines in STATEMENTS.items():
        ws = fresh[sheet]
        headers = {ws.cell(HEADER_ROW + 1, c).value: c for c in range(1, ws.max_column + 1)}
        for key, header in lines:
            got = [ws.cell(HEADER_ROW + 2 + i, headers[header]).value for i in range(len(monthly))]
            want = monthly[key].to_numpy(dtype=float)
            bad += [
                f"{sheet} / {header} {monthly['month'][i]}: engine {want[i]} vs {got[i]}"
                for i in range(len(monthly))
                if not isinstance(got[i], (int, float)) or not close(float(got[i]), want[i])
            ]
    return bad + _key_figure_mismatches(fresh, projection) + _input_mismatches(fresh, projection)


def _input_mismatches(fresh: openpyxl.Workbook, projection: Projection) -> list[str]:
    """The Scenarios sheet's "selected scenario's inputs": each client's start month and chance
    to sign as the scenario's plan has them (`apply_drivers`: the delay kept within months 1 to
    120, probability x win rate capped at 1), the clients a win rate of 0 leaves out aside."""
    ws = fresh[SHEET]
    at = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == INPUTS_TITLE) + 2
    shown = {}
    while ws.cell(at, 1).value:
        shown[ws.cell(at, 1).value] = (ws.cell(at, 3).value, ws.cell(at, 4).value)
        at += 1
    bad = []
    for client in projection.plan.business_plan.clients:
        chance = client.probability if client.status == "pipeline" else 1.0
        start, probability = shown[client.name]
        if start != client.start_month or not close(float(probability), chance):
            bad.append(
                f"{client.name}: engine {client.start_month}, {chance} vs {start}, {probability}"
            )
    return bad


def _key_figure_mismatches(fresh: openpyxl.Workbook, projection: Projection) -> list[str]:
    """The Summary's key figures (those from the app included) and the Profit by client sheet's
    total contribution against the engine's."""
    k, ws = projection.kpis, fresh["Summary"]
    shown = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 40)}
    runway = "never runs out" if k.runway_months is None else f"{k.runway_months} months"
    want = {
        KPI["total_revenue"]: k.total_revenue,
        KPI["total_net_income"]: k.total_net_income,
        KPI["ending_cash"]: k.ending_cash,
        KPI["funding_needed"]: k.funding_needed,
        KPI["cost_per_productive_hour"]: k.cost_per_productive_hour,
    }
    bad = [f"Summary / {label}: engine {v} vs {shown[label]}" for label, v in want.items()
           if not close(float(shown[label]), v)]  # fmt: skip
    if shown[KPI["runway_months"]] != runway:
        bad.append(f"Summary / runway: engine {runway} vs {shown[KPI['runway_months']]}")
    accounts = fresh["Profit by client"]
    total = next(
        accounts.cell(r, 5).value
        for r in range(1, accounts.max_row + 1)
        if accounts.cell(r, 1).value == "Total contribution"
    )
    if not close(float(total), float(projection.accounts["contribution"].sum())):
        bad.append(f"Profit by client: total contribution {total}")
    return bad


def _plans() -> dict[str, Plan]:
    """Each starter with its own scenarios, and the recalculation test's extra case (equipment
    per role, deposits and advance rent, a renewable client invoiced in advance) with the test
    scenarios."""
    # the starters with their own scenarios (two or three each); every driver, a win rate capped
    # at 1 and one of 0 on the extra case (fewer workbooks for LibreOffice to recalculate)
    plans = {path.stem: load_plan(path) for path in TEMPLATES}
    plans[EXTRA] = _with_scenarios(_with_role_items_and_deposits())
    return plans


@pytest.fixture(scope="module")
def switched(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Plan, str, Path]]:
    """Per (plan, scenario): the plan, the scenario and the workbook recalculated with the switch
    on it; per plan, "<stem>--as-written.xlsx": the file as written (switch on the plan as it
    stands, every formula's cached value kept)."""
    workdir = tmp_path_factory.mktemp("switch")
    plans, files = {}, []
    for stem, plan in _plans().items():
        content = workbook_bytes(project(plan))
        written = workdir / f"{stem}--as-written.xlsx"
        written.write_bytes(content)
        plans[written.name] = (plan, BASE_SCENARIO)
        files.append(written)
        for name in _names(plan):
            wb = _book(content)
            wb[SHEET][SWITCH].value = name
            target = workdir / f"{stem}--{len(files)}.xlsx"
            wb.save(target)
            plans[target.name] = (plan, name)
            files.append(target)
    done = recalculate(files, workdir)
    return {f.name: (*plans[f.name], done[f]) for f in files}


@pytest.mark.libreoffice
def test_with_scenarios_every_formula_recalculates_to_the_value_written_with_it(
    switched: dict[str, tuple[Plan, str, Path]],
) -> None:
    # The cached values (the plan as it stands picked) are what a reader that does not
    # recalculate sees: the held blocks, CHOOSE, the Revenue sheet's other blocks at 0.
    wrong, checked = [], 0
    for file, (_, name, recalc) in switched.items():
        if name != BASE_SCENARIO:
            continue
        written = recalc.parent.parent / file
        formulas = openpyxl.load_workbook(written)
        cached = openpyxl.load_workbook(written, data_only=True)
        fresh = openpyxl.load_workbook(recalc, data_only=True)
        for ws in formulas.worksheets:
            for cell in (c for row in ws.iter_rows() for c in row if c.data_type == "f"):
                checked += 1
                want = cached[ws.title][cell.coordinate].value
                got = fresh[ws.title][cell.coordinate].value
                numbers = isinstance(want, (int, float)) and isinstance(got, (int, float))
                if (numbers and not close(float(want), float(got))) or (
                    not numbers and want != got
                ):
                    wrong.append(f"{file} {ws.title}!{cell.coordinate}: {want!r} vs {got!r}")
    assert checked > 5 * 20_000
    assert not wrong, f"{len(wrong)} formulas differ, first: " + "\n".join(wrong[:10])


@pytest.mark.libreoffice
def test_each_scenario_recalculated_equals_the_engine_on_that_scenario(
    switched: dict[str, tuple[Plan, str, Path]],
) -> None:
    assert len(switched) >= len(TEMPLATES) * len(TEST_SCENARIOS)
    wrong = []
    for file, (plan, name, recalc) in switched.items():
        if name == BASE_SCENARIO:
            continue
        fresh = openpyxl.load_workbook(recalc, data_only=True)
        assert fresh[SHEET][SWITCH].value == name
        bad = _statement_mismatches(fresh, project(apply_scenario(plan, name)))
        wrong += [f"{file} ({name}): {b}" for b in bad[:3]]
    assert not wrong, f"{len(wrong)} statement lines differ, first: " + "\n".join(wrong[:12])


def test_the_writer_refuses_scenario_figures_that_do_not_match_the_plans_scenarios(
    voice: tuple[Plan, bytes],
) -> None:
    # The writer reads projections only: it is given each scenario's, and a missing one would
    # leave the switch picking figures of another scenario.
    plan, _ = voice
    with pytest.raises(ValueError, match="0 scenario projections for 4 scenarios"):
        write_workbook(project(plan), [])


def test_the_summary_names_no_months_of_the_plan_as_it_stands_beside_switched_figures(
    voice: tuple[Plan, bytes],
) -> None:
    # The lowest cash follows the switch; a note naming the plan's month would contradict it.
    ws = _book(voice[1])["Summary"]
    row = next(r for r in range(1, 40) if ws.cell(r, 1).value == KPI["lowest_cash"])
    assert ws.cell(row, 2).value.startswith("=MIN(")
    assert (
        ws.cell(row, 3).value
        == "lowest month-end cash in the scenario picked on the Scenarios sheet"
    )
    for key in ("runway_months", "cost_per_productive_hour", "price_per_productive_hour"):
        row = next(r for r in range(1, 40) if ws.cell(r, 1).value == KPI[key])
        assert ws.cell(row, 2).value.startswith("=CHOOSE(ScenarioNo,"), key
