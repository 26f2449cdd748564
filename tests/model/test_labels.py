"""The words for the plan's ids and the statements' lines (`planner.model.labels`): every id has
words, one word set per line, and no page, chart or document keeps a map of its own."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from planner.engine.pipeline import project
from planner.model import labels, plan
from planner.model.files import load_plan
from tests.support.tools import ROOT

# (words, the Literal of the ids they name)
CHOICES = [
    (labels.FAMILY_LABELS, plan.Family),
    (labels.DELIVERY_MODEL_LABELS, plan.DeliveryModel),
    (labels.PRICING_LABELS, plan.PricingModel),
    (labels.PAPERWORK_CATEGORY_LABELS, plan.PaperworkCategory),
    (labels.PAPERWORK_STATUS_LABELS, plan.PaperworkStatus),
    (labels.RESOURCE_CATEGORY_LABELS, plan.ResourceCategory),
    (labels.RESOURCE_BASIS_LABELS, plan.ResourceBasis),
    (labels.ROLE_BASIS_LABELS, plan.RoleBasis),
    (labels.RATIO_OF_LABELS, plan.RatioOf),
    (labels.SHIFT_LABELS, plan.ShiftPattern),
    (labels.SHIFT_PHRASES, plan.ShiftPattern),
    (labels.CHANNEL_LABELS, plan.QueueChannel),
]


@pytest.mark.parametrize(("words", "ids"), CHOICES, ids=lambda x: getattr(x, "__name__", ""))
def test_every_id_has_words_and_no_words_without_an_id(words, ids) -> None:
    assert set(words) == set(get_args(ids))
    assert all(w.strip() == w and w for w in words.values())


def test_workload_types_have_words_and_units() -> None:
    types = {w.model_fields["type"].default for w in get_args(get_args(plan.Workload)[0])}
    assert set(labels.WORKLOAD_TYPE_LABELS) == set(labels.VOLUME_UNITS) == types


def test_hand_checked_words() -> None:
    # The words the issue named: the workbook said "Recruiting", charts and document this.
    assert labels.statement_label("recruiting_training") == "Recruiting and training"
    assert labels.RESOURCE_BASIS_LABELS["fixed"] == "in total"  # "1 in total"
    assert labels.VOLUME_UNITS["queue"] == "contacts per month"


def test_statement_lines_are_columns_of_the_projection() -> None:
    p = project(load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml"))
    assert set(labels.STATEMENT_LABELS) <= set(p.monthly.columns)
    costs = p.monthly[list(labels.COST_LINES)].sum(axis=1)
    assert costs.to_numpy() == pytest.approx(p.monthly["total_costs"].to_numpy())
    assert len(set(labels.STATEMENT_LABELS.values())) == len(labels.STATEMENT_LABELS)


def test_monthly_words_differ_only_for_balances_named_at_a_period() -> None:
    monthly, yearly = labels.MONTHLY_STATEMENT_LABELS, labels.STATEMENT_LABELS
    assert set(monthly) == set(yearly)
    changed = {k for k in yearly if monthly[k] != yearly[k]}
    assert changed == {"opening_cash", "closing_cash", "headcount"}
    assert all(" at year " in yearly[k] and " at year " not in monthly[k] for k in changed)
    assert len(set(monthly.values())) == len(monthly)
    assert labels.statement_label("opening_cash", monthly=True) == "Cash at month start"


def test_the_workbook_names_its_statement_lines_with_the_owners_words() -> None:
    from planner.export.xlsx.statements import STATEMENTS
    from planner.export.xlsx.summary import YEARLY_LINES

    for lines in STATEMENTS.values():
        assert all(header == labels.MONTHLY_STATEMENT_LABELS[key] for key, header in lines)
    assert all(key in labels.STATEMENT_LABELS for _, key, _ in YEARLY_LINES)


# A map from an id of the plan to words: a dict literal whose first key is one of the ids.
_IDS = sorted({i for _, ids in CHOICES for i in get_args(ids)} | set(labels.STATEMENT_LABELS))
_ID_ALTERNATIVES = "|".join(map(re.escape, _IDS))
SECOND_MAP = re.compile(r"""\{\s*["'](""" + _ID_ALTERNATIVES + r""")["']\s*:\s*["(]""")


def test_no_second_map_of_ids_to_words() -> None:
    owner = ROOT / "planner" / "model" / "labels.py"
    files = [*(ROOT / "planner").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]
    found = []
    for path in files:
        if path == owner:
            continue
        text = path.read_text(encoding="utf-8")
        for match in SECOND_MAP.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r}")
    assert not found, "\n".join(found)


def test_the_pattern_finds_a_map() -> None:
    assert SECOND_MAP.search('BASIS = {"per_seat": "per seat (desk)"}')
    assert SECOND_MAP.search('STATUS = {\n    "to_do": "To do",')
