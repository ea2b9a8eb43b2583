"""Validation and masking of what people type into the registry."""

from datetime import date

import pytest

from core.registry import policies as p
from tests.factories import valid_national_id

TODAY = date(2026, 11, 23)
GOOD_ID = "1101700230708"


@pytest.mark.parametrize("raw", ["1101700230708", "1-1017-00230-70-8", " 1 1017 00230 70 8 "])
def test_national_id_accepts_dashes_and_spaces(raw):
    assert p.normalise_national_id(raw) == GOOD_ID


def test_factory_ids_are_valid():
    assert p.normalise_national_id(valid_national_id(42)) == valid_national_id(42)


@pytest.mark.parametrize("raw", ["1101700230709", "1101700230700"])
def test_national_id_with_wrong_check_digit_is_refused(raw):
    with pytest.raises(p.InvalidNationalId) as err:
        p.normalise_national_id(raw)
    assert err.value.field == "national_id"
    assert "check digit" in err.value.message


@pytest.mark.parametrize("raw", ["110170023070", "11017002307081", "11017OO230708", "abc"])
def test_national_id_with_wrong_length_or_letters_is_refused(raw):
    with pytest.raises(p.InvalidNationalId) as err:
        p.normalise_national_id(raw)
    assert err.value.code == "invalid_national_id"


# IDs beginning with 0 are issued to people registered without Thai nationality
@pytest.mark.parametrize(
    "raw,expected",
    [
        ("0123456789016", "0123456789016"),
        ("0-1234-56789-01-6", "0123456789016"),
        (" 0 0123 45678 90 9 ", "0012345678909"),
        ("๐๑๒๓๔๕๖๗๘๙๐๑๖", "0123456789016"),  # typed with Thai digits
    ],
)
def test_national_id_beginning_with_zero_is_accepted(raw, expected):
    assert p.normalise_national_id(raw) == expected


@pytest.mark.parametrize("raw", ["0123456789017", "0-0123-45678-90-1"])
def test_national_id_beginning_with_zero_and_a_wrong_check_digit_says_so(raw):
    with pytest.raises(p.InvalidNationalId) as err:
        p.normalise_national_id(raw)
    assert "check digit" in err.value.message


@pytest.mark.parametrize("raw", ["9123456789010", "¹²³⁴⁵⁶⁷⁸⁹⁰¹²³", "1101700230708\n1"])
def test_national_id_of_no_category_or_odd_digits_is_refused_cleanly(raw):
    with pytest.raises(p.InvalidNationalId) as err:
        p.normalise_national_id(raw)
    assert err.value.code == "invalid_national_id"


def test_empty_national_id_is_none():
    assert p.normalise_national_id("  ") is None


@pytest.mark.parametrize(
    "raw,e164",
    [("081-234-5678", "+66812345678"), ("0812345678", "+66812345678"),
     ("+66 81 234 5678", "+66812345678"), ("02-123-4567", "+6621234567")],
)
def test_phone_normalised_to_e164(raw, e164):
    assert p.normalise_phone(raw) == e164


@pytest.mark.parametrize("raw", ["12345", "081-234-567", "hello", "0012345678901"])
def test_bad_phone_is_refused(raw):
    with pytest.raises(p.InvalidPhone) as err:
        p.normalise_phone(raw)
    assert err.value.field == "phone"


@pytest.mark.parametrize(
    "raw,expected",
    [("1957-05-17", date(1957, 5, 17)), ("2500-05-17", date(1957, 5, 17)),
     ("17/05/2500", date(1957, 5, 17)), ("17/05/1957", date(1957, 5, 17))],
)
def test_dates_gregorian_or_buddhist_era(raw, expected):
    assert p.parse_birth_date(raw, TODAY) == expected


@pytest.mark.parametrize("raw", ["2027-01-01", "2570-01-01", "1899-12-31", "31/02/2500", "17-May-57"])
def test_bad_birth_dates_are_refused(raw):
    with pytest.raises(p.InvalidDate) as err:
        p.parse_birth_date(raw, TODAY)
    assert err.value.field == "birth_date"


def test_masking_shows_only_the_end():
    assert p.mask_national_id(GOOD_ID) == "x-xxxx-xxxxx-70-8"
    assert p.mask_phone("+66812345678") == "08x-xxx-5678"
    assert "1234" not in p.mask_phone("+6621234567")[:-4]
    assert p.mask_national_id(None) == "" and p.mask_phone(None) == ""


@pytest.mark.parametrize("raw,value", [("1", True), ("yes", True), ("ใช่", True), ("0", False), ("ไม่", False), ("", False)])
def test_flags(raw, value):
    assert p.parse_flag(raw, "elderly") is value


def test_bad_flag_is_refused():
    with pytest.raises(p.InvalidFlag):
        p.parse_flag("maybe", "elderly")


def test_clean_person_reports_every_bad_field():
    with pytest.raises(p.FieldErrors) as err:
        p.clean_person({"first_name_th": "", "national_id": "123", "phone": "1", "birth_date": "x"}, TODAY)
    assert set(err.value.by_field()) == {"first_name_th", "national_id", "phone", "birth_date"}
