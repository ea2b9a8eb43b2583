"""PromptPay payloads against published examples, with an independent CRC
oracle (binascii.crc_hqx with initial value 0xFFFF is CRC-16/CCITT-FALSE)."""

import binascii
import string

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from hypothesis import given
from hypothesis import strategies as st
from stdnum.th import moa, pin

from core.money import Money
from core.payments.promptpay import errors
from core.payments.promptpay.payload import (
    BILLER,
    DEFAULT_LIMIT,
    EWALLET,
    ID,
    MOBILE,
    Payee,
    bill_payment,
    build,
    check_reference,
    decode_tlv,
    ewallet,
    mobile,
    national_id,
    parse,
    read_ref,
    ref_for,
    tax_id,
    tlv,
)

MOBILE_STATIC_BODY = "00020101021129370016A000000677010111011300668123456785802TH53037646304"


def seal(body: str) -> str:
    """Close a payload body (ending in "6304") with the oracle's CRC."""
    assert body.endswith("6304")
    return body + f"{binascii.crc_hqx(body.encode('ascii'), 0xFFFF):04X}"


# -- published examples ---------------------------------------------------------


def test_mobile_static_matches_the_published_example():
    payload = build(mobile("0812345678"))
    assert payload == MOBILE_STATIC_BODY + "5D82"
    assert payload == seal(MOBILE_STATIC_BODY)


@pytest.mark.parametrize(
    "payee, amount, expected",
    [
        (
            lambda: mobile("0812345678"),
            "100.00",
            "00020101021229370016A000000677010111011300668123456785802TH53037645406100.006304BB8A",
        ),
        (
            lambda: mobile("081-234-5678"),
            "13.81",
            "00020101021229370016A000000677010111011300668123456785802TH5303764540513.8163046AC1",
        ),
        (
            lambda: national_id("1101700207030"),
            "20.50",
            "00020101021229370016A000000677010111021311017002070305802TH5303764540520.506304E68D",
        ),
        (
            lambda: ewallet("123456789012345"),
            None,
            "00020101021129390016A00000067701011103151234567890123455802TH5303764630473AF",
        ),
    ],
)
def test_published_examples(payee, amount, expected):
    money = Money.parse(amount) if amount else None
    payload = build(payee(), money)
    assert payload == expected
    assert payload == seal(expected[:-4])


def test_an_amount_makes_the_code_dynamic():
    static = build(mobile("0812345678"))
    dynamic = build(mobile("0812345678"), Money.baht("100.00"))
    assert static.startswith("000201010211") and "54" not in decode_tlv(static)
    assert dynamic.startswith("000201010212") and "5406100.00" in dynamic
    assert parse(static).static and not parse(dynamic).static


def test_bill_payment_with_ref1_and_ref2():
    payee = bill_payment("0107536000315-01", "ORD42", "HH7")
    payload = build(payee, Money.baht("1234.50"))
    body = (
        "000201010212"
        "3055" "0016A000000677010112" "0115010753600031501" "0205ORD42" "0303HH7"
        "5802TH" "5303764" "54071234.50" "6304"
    )  # fmt: skip
    assert payload == seal(body)
    decoded = parse(payload)
    assert decoded.payee == Payee(BILLER, "010753600031501", "ORD42", "HH7")
    assert decoded.amount == Money(123450)


def test_bill_payment_without_ref2_leaves_it_out():
    payload = build(bill_payment("010753600031501", "INS7"))
    assert decode_tlv(decode_tlv(payload)["30"]) == {
        "00": "A000000677010112",
        "01": "010753600031501",
        "02": "INS7",
    }


def test_name_city_and_reference_label():
    payload = build(
        mobile("0812345678"),
        Money(5000),
        reference="CON9",
        merchant_name="Ban Nong Bua",
        city="Khon Kaen",
    )
    fields = decode_tlv(payload)
    assert fields["59"] == "Ban Nong Bua" and fields["60"] == "Khon Kaen"
    assert fields["62"] == "0504CON9"
    assert list(fields)[0] == "00" and list(fields)[-1] == "63"
    decoded = parse(payload)
    assert (decoded.reference, decoded.merchant_name, decoded.city) == (
        "CON9",
        "Ban Nong Bua",
        "Khon Kaen",
    )


def test_tlv_counts_the_length():
    assert tlv("58", "TH") == "5802TH"
    with pytest.raises(ValueError):
        tlv("5", "TH")
    with pytest.raises(ValueError):
        tlv("62", "X" * 100)


# -- amounts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "satang, text",
    [
        (1, "0.01"),
        (199_999_999, "1999999.99"),
        (DEFAULT_LIMIT.satang, "2000000.00"),
        (10_000, "100.00"),
    ],
)
def test_amounts_within_the_limit(satang, text):
    payload = build(mobile("0812345678"), Money(satang))
    assert decode_tlv(payload)["54"] == text
    assert parse(payload).amount == Money(satang)


@pytest.mark.parametrize("satang", [0, -1, -10_000])
def test_amount_must_be_positive(satang):
    with pytest.raises(errors.AmountNotPositive) as err:
        build(mobile("0812345678"), Money(satang))
    assert err.value.field == "amount" and err.value.code == "promptpay_amount_not_positive"


def test_amount_over_the_limit():
    with pytest.raises(errors.AmountOverLimit) as err:
        build(mobile("0812345678"), Money(DEFAULT_LIMIT.satang + 1))
    assert err.value.params == {"limit": "฿2,000,000.00"}
    assert str(err.value) == "The amount must be at most ฿2,000,000.00"


def test_the_limit_is_configurable():
    build(mobile("0812345678"), Money.baht(500), limit=Money.baht(500))
    with pytest.raises(errors.AmountOverLimit):
        build(mobile("0812345678"), Money(50_001), limit=Money.baht(500))


def test_amount_is_money_never_a_float():
    with pytest.raises(TypeError):
        build(mobile("0812345678"), 100.0)


# -- payees ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone", ["0812345678", "081-234-5678", "+66812345678", "+66 81 234 5678", " 081 234 5678 "]
)
def test_phone_formats(phone):
    assert mobile(phone) == Payee(MOBILE, "0066812345678")


def test_phone_local_form():
    assert mobile("+66 91 234 5678").local_phone == "0912345678"
    assert national_id("1101700207030").local_phone is None


@pytest.mark.parametrize("phone", ["02-123-4567", "053 123 456"])
def test_a_landline_is_refused(phone):
    with pytest.raises(errors.NotAMobile) as err:
        mobile(phone)
    assert err.value.field == "phone" and err.value.code == "promptpay_not_a_mobile"


@pytest.mark.parametrize(
    "phone",
    [
        "",
        None,
        "08123",
        "0812345678901",
        "abc",
        "+1 650 253 0000",
        "08x2345678",
        "0812345678\x00",
        "๐๘๑๒๓๔๕๖๗๘",
    ],
)
def test_not_a_thai_phone(phone):
    with pytest.raises(errors.InvalidPhone) as err:
        mobile(phone)
    assert type(err.value) is errors.InvalidPhone and err.value.field == "phone"


def test_national_id_check_digit():
    assert national_id("1-1017-00207-03-0") == Payee(ID, "1101700207030")
    for bad in ("1101700207031", "110170020703", "", "ABCDEFGHIJKLM"):
        with pytest.raises(errors.InvalidNationalId) as err:
            national_id(bad)
        assert err.value.field == "national_id"


def test_tax_id_of_a_company_or_a_person():
    assert tax_id("0994000165668") == Payee(ID, "0994000165668")
    assert tax_id("1101700207030") == Payee(ID, "1101700207030")
    with pytest.raises(errors.InvalidTaxId) as err:
        tax_id("0994000165669")
    assert err.value.field == "tax_id"


@pytest.mark.parametrize("bad", ["12345678901234", "1234567890123456", "12345678901234X", ""])
def test_ewallet_is_15_digits(bad):
    with pytest.raises(errors.InvalidEwalletId):
        ewallet(bad)


@pytest.mark.parametrize("bad", ["01075360003150", "010753600031601", "0107536000315XX", ""])
def test_biller_id_is_a_tax_id_and_a_suffix(bad):
    with pytest.raises(errors.InvalidBillerId) as err:
        bill_payment(bad, "ORD1")
    assert err.value.field == "biller_id"


@pytest.mark.parametrize(
    "ref", ["ord42", "ORD 42", "คำสั่ง42", "ORD-42", "", "A" * 21, "ORD42\n", None]
)
def test_ref1_characters(ref):
    with pytest.raises(errors.InvalidReference) as err:
        bill_payment("010753600031501", ref)
    assert err.value.field == "ref1" and err.value.code == "promptpay_invalid_reference"


def test_ref2_and_reference_label_follow_the_same_rules():
    assert bill_payment("010753600031501", "A" * 20, "0" * 20).ref2 == "0" * 20
    with pytest.raises(errors.InvalidReference) as err:
        bill_payment("010753600031501", "ORD1", "hh7")
    assert err.value.field == "ref2"
    with pytest.raises(errors.InvalidReference) as err:
        build(mobile("0812345678"), reference="order 1")
    assert err.value.field == "reference"


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"merchant_name": "บ้านหนองบัว"}, errors.InvalidMerchantName),
        ({"merchant_name": "X" * 26}, errors.InvalidMerchantName),
        ({"city": "Nakhon Ratchasima"}, errors.InvalidCity),
    ],
)
def test_name_and_city_are_short_english(kwargs, error):
    with pytest.raises(error):
        build(mobile("0812345678"), **kwargs)


def test_errors_are_translated(app):
    with app.test_request_context(), force_locale("th"):
        err = errors.AmountOverLimit(limit="฿2,000,000.00")
        assert _(err.message, **err.params) == "จำนวนเงินต้องไม่เกิน ฿2,000,000.00"
        assert _(errors.NotAMobile.message) != errors.NotAMobile.message


# -- references naming what is paid ------------------------------------------------


def test_ref_for_and_read_ref():
    assert ref_for("order", 42) == "ORD42"
    assert ref_for("installment", 7) == "INS7"
    assert ref_for("contribution", 9) == "CON9"
    assert read_ref("ORD42") == ("order", 42)
    assert read_ref(" ins7 ") == ("installment", 7)
    for other in ("ORD", "ORD042", "XYZ42", "", None, "ORD4 2"):
        assert read_ref(other) is None
    for bad in (0, -1, True):
        with pytest.raises(ValueError):
            ref_for("order", bad)
    with pytest.raises(KeyError):
        ref_for("refund", 1)
    with pytest.raises(errors.InvalidReference):
        ref_for("order", 10**20)
    assert check_reference("ORD42") == "ORD42"


# -- parsing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "hello",
        MOBILE_STATIC_BODY + "5d82",  # the CRC is upper-case hex
        MOBILE_STATIC_BODY + "5D83",
        MOBILE_STATIC_BODY[:-4] + "63055D82",
        seal("000201010211" + "5802TH5303764" + "6304"),  # no payee
        seal(MOBILE_STATIC_BODY.replace("5802TH", "5802US")),
        seal(MOBILE_STATIC_BODY.replace("5303764", "5303840")),
        seal(MOBILE_STATIC_BODY.replace("0016A000000677010111", "0016A000000677010112")),
        seal(MOBILE_STATIC_BODY.replace("6304", "5405-1.006304")),
        seal(MOBILE_STATIC_BODY.replace("6304", "54040.006304")),
        seal(MOBILE_STATIC_BODY.replace("6304", "5402AB6304")),
        seal(MOBILE_STATIC_BODY.replace("5802TH", "5802TH5802TH")),  # repeated tag
        seal(MOBILE_STATIC_BODY.replace("5802TH", "5809TH")),  # length past the value
        seal("0002020102115802TH53037646304"),  # payload format must be 01
        seal(MOBILE_STATIC_BODY.replace("011300668123456785802", "01110066812345675802")),
    ],
)
def test_parse_refuses(payload):
    with pytest.raises(errors.InvalidPayload) as err:
        parse(payload)
    assert err.value.field == "payload"


def test_parse_a_damaged_code_says_so():
    with pytest.raises(errors.ChecksumMismatch) as err:
        parse(MOBILE_STATIC_BODY + "5D83")
    assert err.value.code == "promptpay_checksum_mismatch"


def test_parse_reads_every_payee_kind():
    assert parse(build(mobile("0812345678"))).payee.kind == MOBILE
    assert parse(build(national_id("1101700207030"))).payee == Payee(ID, "1101700207030")
    assert parse(build(ewallet("123456789012345"))).payee.kind == EWALLET


# -- properties ------------------------------------------------------------------------

_mobiles = st.from_regex(r"0(8[1-9]|9[0-9]|6[1-6])[0-9]{7}", fullmatch=True).map(mobile)
_national_ids = st.from_regex(r"[1-8][0-9]{11}", fullmatch=True).map(
    lambda d: national_id(d + pin.calc_check_digit(d))
)
_company_ids = st.from_regex(r"0[0-9]{11}", fullmatch=True).map(
    lambda d: d + moa.calc_check_digit(d)
)
_refs = st.from_regex(r"[A-Z0-9]{1,20}", fullmatch=True)
_billers = st.builds(
    lambda tin, suffix, ref1, ref2: bill_payment(tin + suffix, ref1, ref2),
    _company_ids,
    st.from_regex(r"[0-9]{2}", fullmatch=True),
    _refs,
    st.none() | _refs,
)
_payees = st.one_of(
    _mobiles, _national_ids, st.from_regex(r"[0-9]{15}", fullmatch=True).map(ewallet), _billers
)
_amounts = st.none() | st.integers(1, DEFAULT_LIMIT.satang).map(Money)
_names = st.none() | st.text(string.ascii_letters + string.digits, min_size=1, max_size=15)


@given(_payees, _amounts, st.none() | _refs, _names, _names)
def test_parse_undoes_build(payee, amount, reference, name, city):
    payload = build(payee, amount, reference=reference, merchant_name=name, city=city)
    assert payload == seal(payload[:-4])
    decoded = parse(payload)
    assert (decoded.payee, decoded.amount, decoded.reference) == (payee, amount, reference)
    assert (decoded.merchant_name, decoded.city, decoded.static) == (name, city, amount is None)


@given(_payees, _amounts, st.data())
def test_any_single_character_change_is_caught(payee, amount, data):
    payload = build(payee, amount)
    at = data.draw(st.integers(0, len(payload) - 1))
    char = data.draw(st.sampled_from(string.printable[:95]).filter(lambda c: c != payload[at]))
    damaged = payload[:at] + char + payload[at + 1 :]
    expected = (
        errors.InvalidPayload
        if len(payload) - 8 <= at < len(payload) - 4
        else errors.ChecksumMismatch
    )
    with pytest.raises(expected):
        parse(damaged)
