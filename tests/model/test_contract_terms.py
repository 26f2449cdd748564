"""Plan files: the invoicing, renewal, churn and price-list fields of contracts (defaults that
keep an older plan's meaning; bad values named in the founder's words, with what is allowed)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from planner.model.files import plan_from_dict
from planner.model.issues import PlanError, plan_label
from planner.model.plan import Client, Service, WonClient
from planner.model.starters import TEMPLATES_DIR

BASE_FILE = TEMPLATES_DIR / "offshore_voice_support.yaml"


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    return yaml.safe_load(BASE_FILE.read_text(encoding="utf-8"))


def test_an_old_contract_reads_with_defaults_that_keep_its_meaning() -> None:
    # no invoicing fields: invoiced in arrears, paid on time, nothing written off, no renewal
    client = Client(name="Acme", services=[{"service_line": "x", "monthly_volume": 1}])
    assert (client.invoicing, client.payment_days, client.late_days) == ("arrears", 30, 0)
    assert (client.bad_debt_rate, client.renewal_probability) == (0.0, 0.0)
    assert WonClient().yearly_churn == 0.0
    assert Service(service_line="x", monthly_volume=1).list_escalation == 0.0


@pytest.mark.parametrize(
    ("field", "value", "words", "allowed"),
    [
        ("bad_debt_rate", 0.8, "Bad debts (share never paid)", "a number from 0 to 0.5"),
        ("late_days", -3, "Days paid late", "a whole number from 0 to 180"),
        ("renewal_probability", 1.5, "Renewal chance", "a number from 0 to 1"),
        ("invoicing", "quarterly", "Invoicing", "one of 'arrears' or 'advance'"),
    ],
)
def test_a_bad_contract_term_is_named_in_words_with_what_is_allowed(
    base: dict[str, Any], field: str, value: Any, words: str, allowed: str
) -> None:
    data = copy.deepcopy(base)
    data["business_plan"]["clients"][0][field] = value
    with pytest.raises(PlanError) as info:
        plan_from_dict(data)
    (issue,) = info.value.issues
    assert issue.path == ("business_plan", "clients", 0, field)
    assert plan_label(issue.path).endswith(words), plan_label(issue.path)
    assert issue.allowed == allowed


def test_a_churn_above_100_percent_is_refused_on_the_kind_of_won_client(
    base: dict[str, Any],
) -> None:
    data = copy.deepcopy(base)
    data["marketing"]["won_clients"][0]["yearly_churn"] = 1.2
    with pytest.raises(PlanError) as info:
        plan_from_dict(data)
    (issue,) = info.value.issues
    assert plan_label(issue.path).endswith("Yearly churn"), plan_label(issue.path)
    assert issue.allowed == "a number from 0 to 1"
