"""AppTest: the Scenarios page (Results, after the Dashboard)."""

from __future__ import annotations

import json

import pytest

from planner.model.files import plan_from_dict
from tests.cli.test_cli_scenarios import PLAN
from tests.support.ui import (
    TEMPLATE_IDS,
    app_on,
    assert_clean,
    chart_specs,
    edit_rows,
    errors,
    plan_of,
    renders,
    template,
    wkey,
)

PAGE = "ui/views/scenarios.py"


def _cells(at, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The scenarios editor's column `name`, as the page shows it (text cells)."""
    editor = next(d for d in at.dataframe if "name" in d.value.columns)
    return [str(v) for v in editor.value[name].tolist()]


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_renders_with_each_template_its_scenarios_side_by_side(template_id: str) -> None:
    at = renders(template_id, PAGE, "Scenarios", charts=1)
    plan = template(template_id)
    tabs = [t.label for t in at.tabs]
    assert tabs == ["Plan as it stands", *(s.name for s in plan.scenarios)]
    text = " ".join(str(m.value) for m in at.markdown)
    assert all(s.name in text for s in plan.scenarios)


def test_the_changes_show_as_typed_percentages_and_months() -> None:
    at = app_on(template("offshore_voice_support"), PAGE)
    # stored: volume 0.8, start delay 3, wages 1.1, attrition 1.5
    assert _cells(at, "volume")[0] == "-20%"
    assert _cells(at, "start_delay_months")[0] == "3"
    assert _cells(at, "wages")[1] == "10%"
    assert _cells(at, "attrition")[2] == "50%"
    assert _cells(at, "price")[0] in ("", "None", "nan")  # blank: as planned (shown empty)


def test_adding_a_scenario_stores_multipliers_and_shows_what_was_typed() -> None:
    at = app_on(plan_from_dict({**PLAN, "scenarios": []}), PAGE)
    assert "No scenarios yet" in " ".join(str(i.value) for i in at.info)
    edit_rows(
        at,
        "scenarios",
        added=[{"name": "Squeeze", "description": "Price down", "price": "-12.5", "wages": "+10%",
                "start_delay_months": "2"}],
    )  # fmt: skip
    assert_clean(at)
    assert not at.error, errors(at)
    scenario = plan_of(at).scenarios[0]
    # -12.5% -> 1 - 0.125 = 0.875; +10% -> 1.1; 2 months as typed
    assert scenario.changes == {"price": 0.875, "wages": 1.1, "start_delay_months": 2}
    assert scenario.name == "Squeeze" and scenario.description == "Price down"
    at.run()
    assert [t.label for t in at.tabs] == ["Plan as it stands", "Squeeze"]
    assert len(chart_specs(at)) == 1


def test_editing_a_change_and_clearing_one_updates_the_plan() -> None:
    at = app_on(plan_from_dict(PLAN), PAGE)
    edit_rows(at, "scenarios", edited={0: {"price": "-30"}, 1: {"start_delay_months": ""}})
    assert_clean(at)
    assert not at.error, errors(at)
    scenarios = plan_of(at).scenarios
    assert scenarios[0].changes == {"price": 0.7}  # 1 - 0.30
    assert scenarios[1].changes == {}  # blank: as planned


def test_a_bad_change_names_the_scenario_and_the_field_and_keeps_the_rest() -> None:
    at = app_on(plan_from_dict(PLAN), PAGE)
    edit_rows(at, "scenarios", edited={0: {"price": "-150", "description": "Deep cut"}})
    assert_clean(at)
    message = errors(at)
    assert "Row 1 (Price cut), Price change" in message
    assert "-100%" in message and "400%" in message  # what is allowed
    assert "scenarios.0" not in message and "None" not in message
    kept = plan_of(at).scenarios[0]
    assert kept.changes == {"price": 0.8} and kept.description == "Deep cut"
    at.run()  # what was typed stays in the editor's edits (its base is not rebuilt)
    assert at.session_state[wkey(at, "scenarios")]["edited_rows"][0]["price"] == "-150"
    assert "Row 1 (Price cut), Price change" in errors(at)


def test_two_scenarios_with_one_name_are_refused_in_words() -> None:
    at = app_on(plan_from_dict(PLAN), PAGE)
    edit_rows(at, "scenarios", edited={1: {"name": "price cut"}})
    assert_clean(at)
    message = errors(at)
    assert "is the name of another scenario" in message and "scenarios.1" not in message
    assert [s.name for s in plan_of(at).scenarios] == ["Price cut", "Late start"]


def test_deleting_a_scenario_removes_it_from_the_comparison() -> None:
    at = app_on(plan_from_dict(PLAN), PAGE)
    edit_rows(at, "scenarios", deleted=[0])
    assert_clean(at)
    at.run()
    assert [s.name for s in plan_of(at).scenarios] == ["Late start"]
    assert [t.label for t in at.tabs] == ["Plan as it stands", "Late start"]


def test_the_page_is_in_the_results_group_right_after_the_dashboard() -> None:
    from tests.support.ui import ROOT

    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert app.index('"ui/views/dashboard.py"') < app.index('"ui/views/scenarios.py"')
    assert app.index('"ui/views/scenarios.py"') < app.index('"ui/views/export.py"')


def test_the_page_draws_no_stray_text_above_its_title() -> None:
    # Streamlit draws a bare string in a page module: the page's first words are its title.
    at = app_on(template("offshore_voice_support"), PAGE)
    texts = [str(m.value) for m in at.markdown]
    assert not any("multiplier" in t.lower() or "whole months, -24" in t for t in texts), texts


def test_the_side_by_side_figures_line_up_right_under_a_pinned_figure_column() -> None:
    """Money compares down a column: the scenarios' cells are right-aligned (they were text,
    left-aligned), and the figure names stay in view when the table scrolls sideways (five
    columns did not fit a 1000 px screen)."""
    at = app_on(template("offshore_voice_support"), PAGE)
    table = next(d for d in at.dataframe if "Plan as it stands" in d.value.columns)
    config = json.loads(table.proto.columns)
    assert config["_index"] == {"label": "Figure", "pinned": True}
    for name in ["Plan as it stands", "Slow sales", "Wage pressure", "Attrition spike"]:
        assert config[name]["alignment"] == "right", name
