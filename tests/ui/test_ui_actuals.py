"""AppTest: the Actuals page. A sample brought in, the variance and the forecast shown, an
accounting export's mapping edited and applied, the budget kept as a named version and said to be
the budget, the actuals removed only after a confirmation, a viewer's buttons locked; a bad file's
message names the row and column and the plan keeps its figures (`ui.components.actuals`)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from planner.engine.pipeline import project
from planner.model.plan import Plan
from planner.model.starters import blank_plan
from planner.report.actuals_import import import_into
from planner.storage.store import PlanStore
from tests.support.ui import ROOT, app_on, assert_clean, plan_of, template
from tests.ui.test_ui_sign_in import email, signed_in, stored
from ui.components import actuals as act
from ui.session import actuals as session_actuals

PAGE = "ui/views/actuals.py"
STARTER = "offshore_voice_support"
SAMPLES = ROOT / "templates" / "actuals"


def texts(elements: object) -> str:
    return "\n".join(str(e.value) for e in elements)  # type: ignore[attr-defined]


def _with_sample(at: AppTest, index: int = 0) -> AppTest:
    at.selectbox(key="actuals_sample").set_value(index).run()
    at.button(key="actuals_try_sample").click().run()
    assert_clean(at)
    return at


def _page_text(at: AppTest) -> str:
    return "\n".join(
        texts(e) for e in (at.markdown, at.caption, at.success, at.info, at.warning, at.error)
    )


def test_a_starter_without_actuals_offers_its_own_samples() -> None:
    at = app_on(template(STARTER), PAGE)
    assert at.title[0].value == "Actuals"
    assert "No actual figures yet" in texts(at.info)
    options = at.selectbox(key="actuals_sample").options
    assert len(options) == 3
    assert all(o.startswith("Offshore voice and chat support") for o in options)
    assert not at.error


def test_a_sample_brings_in_figures_and_shows_variance_explanations_and_forecast() -> None:
    at = _with_sample(app_on(template(STARTER), PAGE))
    plan = plan_of(at)
    assert plan.actuals is not None and len(plan.actuals.entries) == 156
    assert "Imported 156 figures" in texts(at.success)
    text = _page_text(at)
    assert "The largest differences" in text
    assert "Revenue -17% year to date" in text
    assert "The budget is the plan as it is now" in text
    assert "None" not in text and "nan" not in text.lower().split()
    assert len(at.get("plotly_chart")) == 1
    ytd = at.dataframe[0].value  # the Styler's data
    revenue = ytd[ytd["Line"] == "Revenue"].iloc[0]
    assert revenue["Past threshold"] == "\u25bc under"  # -16.8% is past 10%: marked in words
    assert revenue["Variance %"] == "-16.8%"


def test_the_forecast_table_opens_with_the_actual_cash() -> None:
    # June 2027 is the last month with actuals: its cash is the sample's (195,193.56), shown as
    # the actual and as the forecast; July is a forecast month.
    at = _with_sample(app_on(template(STARTER), PAGE))
    table = at.dataframe[-1].value
    june = table[table["Month"] == "Jun 2027"].iloc[0]
    assert june["Actual"] == june["Forecast"] == "195,193.56"
    assert table[table["Month"] == "Jul 2027"].iloc[0][""] == "forecast"


def test_an_accounting_export_shows_its_mapping_and_an_account_can_be_mapped() -> None:
    at = _with_sample(app_on(template(STARTER), PAGE), index=1)  # QuickBooks
    assert "Not mapped yet, so left out: Bank fees" in texts(at.warning)
    editor = at.dataframe[0].value  # the mapping's editor, first on the page
    assert editor.iloc[0].tolist() == ["Bank fees", "Ignore"]
    assert "Revenue" in editor["Plan line"].tolist()  # lines in words, never keys
    before = {(e.month, e.line): e.value for e in plan_of(at).actuals.entries}  # type: ignore[union-attr]
    # "Bank fees" (row 0) counted in rent and the other resources: their figure grows by the fees
    at.session_state["actuals_mapping"] = {
        "edited_rows": {0: {"Plan line": "Rent, leases, lines, software"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    next(b for b in at.button if b.label.startswith("Apply this mapping")).click().run()
    assert_clean(at)
    plan = plan_of(at)
    assert plan.actuals is not None and plan.actuals.mapping["Bank fees"] == "resources_opex"
    after = {(e.month, e.line): e.value for e in plan.actuals.entries}
    grown = [after[k] - before[k] for k in before if k[1] == "resources_opex"]
    assert grown and all(g > 0 for g in grown)
    assert {k: v for k, v in after.items() if k[1] != "resources_opex"} == {
        k: v for k, v in before.items() if k[1] != "resources_opex"
    }


def test_keeping_the_budget_saves_a_named_version_and_says_it_is_the_budget() -> None:
    at = _with_sample(app_on(template(STARTER), PAGE))
    at.button(key="actuals_keep_budget").click().run()
    assert_clean(at)
    assert "as the budget: version 1" in texts(at.success)
    assert "The budget is version 1" in _page_text(at)


def test_removing_actuals_asks_first() -> None:
    at = _with_sample(app_on(template(STARTER), PAGE))
    at.button(key="actuals_remove").click().run()
    assert plan_of(at).actuals is not None  # nothing removed yet: a question
    assert "Remove all 156 actual figures" in texts(at.warning)
    at.button(key="actuals_remove_no").click().run()
    assert plan_of(at).actuals is not None
    at.button(key="actuals_remove").click().run()
    at.button(key="actuals_remove_yes").click().run()
    assert_clean(at)
    assert plan_of(at).actuals is None
    assert "No actual figures yet" in texts(at.info)


def test_a_plan_not_from_a_starter_gets_samples_adapted_to_it() -> None:
    plan = blank_plan("Adapted samples")
    samples = act.samples_for(plan)
    assert samples and all(s.adapted for s in samples)
    outcome = session_actuals.try_import(
        plan, act.sample_bytes(samples[0], plan), samples[0].path.name
    )
    assert outcome.plan is not None and outcome.plan.actuals is not None
    months = sorted({e.month for e in outcome.plan.actuals.entries})
    assert months[0] == plan.settings.first_month


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"month,line,value\n2027-01,revenue,12x\n", "row 2, column 'value': '12x' is not a"),
        (b"month,line,value\n2027-01,revenu,12\n", "row 2, column 'line': 'revenu' is not a line"),
    ],
)
def test_a_bad_file_names_row_and_column_and_keeps_the_figures(content: bytes, said: str) -> None:
    path = SAMPLES / f"{STARTER}_long.csv"
    plan, _ = import_into(template(STARTER), path.read_bytes(), path.name)
    outcome = session_actuals.try_import(plan, content, "mine.csv")
    assert outcome.plan is None
    assert outcome.message.startswith("mine.csv could not be read: ")
    assert said in outcome.message


def test_a_viewer_cannot_import_keep_or_remove() -> None:
    alice, bob = email("alice"), email("bob")
    record = stored(bob, f"Actuals view only {bob}")
    with PlanStore(user=bob) as store:
        plan: Plan = store.load_draft(record.id).plan
        path = SAMPLES / f"{STARTER}_long.csv"
        with_figures, _ = import_into(plan, path.read_bytes(), path.name)
        store.save_draft(record.id, with_figures, store.load_draft(record.id).revision)
        store.share(record.id, alice, "viewer")
    at = signed_in(alice, plan_id=record.id, page=PAGE)
    assert "Read only." in texts(at.info)
    for key in ("actuals_import", "actuals_try_sample", "actuals_keep_budget", "actuals_remove"):
        assert at.button(key=key).disabled, key
    assert "The largest differences" in _page_text(at)  # a viewer still reads the figures
    assert project(with_figures).kpis  # the stored plan computes


def test_the_kept_budget_stays_when_the_plan_changes() -> None:
    # The budget is kept (version 1), then the plan's opening cash is raised by 100,000. The
    # variance still compares with the kept plan: June 2027's planned cash stays 202,200.60 (the
    # starter's), not 302,200.60, and the whole year-to-date table is unchanged.
    at = _with_sample(app_on(template(STARTER), PAGE))
    at.button(key="actuals_keep_budget").click().run()
    ytd_before = at.dataframe[0].value
    plan = plan_of(at)
    richer = plan.model_copy(
        update={
            "financing": plan.financing.model_copy(
                update={"opening_cash": plan.financing.opening_cash + 100_000}
            )
        }
    )
    at.session_state["plan"] = richer
    at.run()
    assert_clean(at)
    assert "The budget is version 1" in _page_text(at)
    ytd_after = at.dataframe[0].value
    cash = ytd_after[ytd_after["Line"] == "Cash at month end"].iloc[0]
    assert cash["Plan"] == "202,200.60"
    assert ytd_after.equals(ytd_before)
