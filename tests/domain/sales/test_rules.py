"""Pure rules: money and discount checks, line money, progress ratios, the approval state."""

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import DomainError
from domain.sales import validation as check
from domain.sales.models import Contract, ContractApproval
from domain.sales.queries import Progress, approval_state
from domain.sales.quotes import line_amounts


@pytest.mark.parametrize("raw,expected", [("0.01", "0.01"), ("100000", "100000.00"), ("1E+3", "1000.00"),
                                          ("99999999999999.99", "99999999999999.99"), ("12.50", "12.50")])
def test_amounts_accepted(raw, expected):
    assert str(check.check_amount(Decimal(raw), "amount")) == expected


@pytest.mark.parametrize("raw", ["0", "-0.01", "0.001", "NaN", "Infinity", "100000000000000"])
def test_amounts_refused(raw):
    with pytest.raises(DomainError) as caught:
        check.check_amount(Decimal(raw), "amount")
    assert (caught.value.code, caught.value.field) == ("INVALID_AMOUNT", "amount")


def test_missing_amount_is_required():
    with pytest.raises(DomainError) as caught:
        check.check_amount(None, "amount")
    assert caught.value.code == "REQUIRED"


@pytest.mark.parametrize("raw,ok", [("0", True), ("0.9999", True), ("0.05", True), ("1", False), ("-0.01", False),
                                    ("0.00001", False)])
def test_discounts(raw, ok):
    if ok:
        assert check.check_discount(Decimal(raw), "d") == Decimal(raw)
    else:
        with pytest.raises(DomainError, match="INVALID_DISCOUNT"):
            check.check_discount(Decimal(raw), "d")


def test_line_money_rounds_net_and_tax_to_cents_half_up():
    amounts = line_amounts(quantity=3, unit_price=Decimal("33.33"), discount=Decimal("0.0500"),
                           tax_rate=Decimal("0.1300"))
    assert amounts.net == Decimal("94.99")  # 94.9905
    assert amounts.tax == Decimal("12.35")  # 12.3487
    assert amounts.total == Decimal("107.34")


def test_progress_ratios_are_four_place_decimals():
    progress = Progress(contract_amount=Decimal("300.00"), ordered_amount=Decimal("100.00"),
                        invoiced_amount=Decimal("200.00"), collected_amount=Decimal("0.00"))
    assert progress.ordered_ratio == Decimal("0.3333")
    assert progress.invoiced_ratio == Decimal("0.6667")
    assert progress.collected_ratio == Decimal("0.0000")
    assert isinstance(progress.ordered_ratio, Decimal)


@pytest.mark.parametrize("sha,ok", [("a" * 64, True), ("A" * 64, True), ("a" * 63, False), ("g" * 64, False),
                                    ("", False)])
def test_sha256_format(sha, ok):
    if ok:
        assert check.check_sha256(sha) == sha.lower()
    else:
        with pytest.raises(DomainError, match="INVALID_SHA256"):
            check.check_sha256(sha)


def _contract(status, amount="500000.00"):
    return Contract(status=status, amount=Decimal(amount))


def _steps(*actions):
    return [ContractApproval(action=a) for a in actions]


@pytest.mark.parametrize("status,amount,steps,state", [
    ("draft", "100000.00", (), "not_required"),
    ("draft", "100000.01", (), "required"),
    ("pending_approval", "500000.00", ("submitted",), "pending"),
    ("pending_approval", "500000.00", ("submitted", "approved"), "approved"),
    ("draft", "500000.00", ("submitted", "rejected"), "rejected"),
    ("pending_approval", "500000.00", ("submitted", "rejected", "submitted"), "pending"),
    ("signed", "500000.00", ("submitted", "approved"), "approved"),
    ("signed", "5000.00", (), "not_required"),
])
def test_approval_state(status, amount, steps, state):
    assert approval_state(_contract(status, amount), _steps(*steps)) == state


def test_term_checks():
    problems = check.Problems()
    check.check_term(problems, date(2026, 2, 1), date(2026, 1, 31))
    check.check_term(problems, None, None)
    assert [(e.field, e.code) for e in problems.errors] == [
        ("endDate", "END_BEFORE_START"), ("startDate", "REQUIRED"), ("endDate", "REQUIRED")]
