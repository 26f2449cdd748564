"""ui.session.figures: a figure is built once per plan content and the same figure comes back for
the same content; another content builds its own; a call that is not a projection alone passes
through uncached. The cached figure is the very figure the chart module builds (same JSON)."""

from __future__ import annotations

from planner.charts import figures
from planner.engine.pipeline import project
from planner.model.plan import Plan
from tests.support.ui import template
from ui.session.figures import cached


def with_cash(plan: Plan, cash: float) -> Plan:
    return plan.model_copy(
        update={"financing": plan.financing.model_copy(update={"opening_cash": cash})}
    )


def test_the_same_plan_content_gets_the_same_figure_built_once() -> None:
    charts = cached(figures)
    plan = with_cash(template("offshore_voice_support"), 123_457)
    first = charts.cash_balance(project(plan))
    again = charts.cash_balance(project(plan.model_copy()))  # another object, same content
    assert again is first
    assert first.to_json() == figures.cash_balance(project(plan)).to_json()


def test_another_content_or_another_figure_is_built_afresh() -> None:
    charts = cached(figures)
    plan = template("offshore_voice_support")
    one = charts.cash_balance(project(with_cash(plan, 111_113)))
    other = charts.cash_balance(project(with_cash(plan, 222_227)))
    assert other is not one
    assert one.to_json() != other.to_json()
    assert charts.revenue_and_costs(project(with_cash(plan, 111_113))) is not one


def test_a_call_with_other_arguments_is_not_cached() -> None:
    calls: list[tuple[object, ...]] = []

    class Module:
        __name__ = "fake"

        @staticmethod
        def chart(*args: object) -> list[object]:
            calls.append(args)
            return list(args)

    charts = cached(Module)  # type: ignore[arg-type]
    assert charts.chart("a", "b") == ["a", "b"]
    assert charts.chart("a", "b") == ["a", "b"]
    assert len(calls) == 2
