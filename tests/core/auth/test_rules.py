"""Pure rules: log-in identifiers, codes, the last-admin rule."""

import pytest

from core.auth import rules
from core.errors import ValidationError


@pytest.mark.parametrize(
    "typed", ["081-234-5678", "0812345678", "+66812345678", "66 81 234 5678", " 081 234 5678 "]
)
def test_common_thai_phone_formats_are_one_number(typed):
    assert rules.parse_login(typed) == rules.LoginId(phone="+66812345678")


@pytest.mark.parametrize("typed", ["12345", "081234567890", "abc", ""])
def test_bad_phone_is_refused(typed):
    with pytest.raises(ValidationError) as err:
        rules.parse_login(typed)
    assert err.value.field == "login"


def test_email_is_normalised_to_lower_case():
    assert rules.parse_login(" Somchai@Example.ORG ") == rules.LoginId(email="somchai@example.org")


def test_bad_email_is_refused():
    with pytest.raises(ValidationError):
        rules.parse_login("somchai@")


def test_claim_codes_use_the_unambiguous_alphabet():
    codes = {rules.new_claim_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 8
        assert not set(code) & set("01IO")


def test_typed_code_is_cleaned():
    assert rules.clean_claim_code(" abcd-efgh ") == "ABCDEFGH"


def test_phone_is_masked_to_last_four_digits():
    assert rules.mask_phone("+66812345678").endswith("5678")
    assert "812345" not in rules.mask_phone("+66812345678")


def test_last_admin_cannot_go():
    assert rules.leaves_no_admin({1}, 1, {"staff"}, True)
    assert rules.leaves_no_admin({1}, 1, {"admin"}, False)
    assert not rules.leaves_no_admin({1, 2}, 1, {"staff"}, True)
    assert not rules.leaves_no_admin({1}, 1, {"admin", "staff"}, True)
    assert not rules.leaves_no_admin({1}, 3, {"staff"}, True)
