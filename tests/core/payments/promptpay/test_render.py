"""The QR drawn as SVG and PNG, and the caption a payer reads before paying."""

import io

import pytest
from flask import render_template_string
from flask_babel import force_locale
from PIL import Image

from core.money import Money
from core.payments.promptpay import errors, render
from core.payments.promptpay.payload import (
    bill_payment,
    build,
    ewallet,
    mobile,
    national_id,
    parse,
)

PHONE_100 = build(mobile("0812345678"), Money.baht("100.00"))


def test_svg_is_an_inline_svg_element():
    svg = render.svg(PHONE_100)
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg
    assert 'fill="white"' in svg  # readable on a dark page too
    assert render.svg(build(mobile("0812345679"))) != svg


def test_png_is_a_square_code_with_a_quiet_zone():
    data = render.png(PHONE_100, box_size=4)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data)).convert("L")
    width, height = image.size
    assert width == height and width % 4 == 0
    quiet = render.QUIET_ZONE * 4
    assert {image.getpixel((x, y)) for x in range(quiet) for y in range(width)} == {255}
    assert image.getpixel((quiet, quiet)) == 0  # the corner of a finder pattern


def test_caption_in_thai(app):
    payload = build(mobile("0812345678"), Money(123450), reference="ORD42")
    with app.test_request_context(), force_locale("th"):
        qr = render.svg_with_caption(payload, payee_name="กลุ่มออมทรัพย์บ้านหนองบัว")
    assert qr.lines == (
        "ผู้รับเงิน: กลุ่มออมทรัพย์บ้านหนองบัว (xxx-xxx-5678)",
        "จำนวนเงิน: ฿1,234.50",
        "เลขอ้างอิง: ORD42",
    )
    assert 'aria-label="คิวอาร์โค้ดพร้อมเพย์"' in qr.svg
    assert qr.decoded == parse(payload)


def test_caption_without_an_amount_or_a_name(app):
    payload = build(bill_payment("010753600031501", "INS7", "HH12"))
    with app.test_request_context(), force_locale("th"):
        lines = render.svg_with_caption(payload).lines
    assert lines == (
        "ผู้รับเงิน: xxxxxxxxxxx1501",
        "จำนวนเงิน: กรอกในแอปธนาคารของท่าน",
        "เลขอ้างอิง: INS7 / HH12",
    )


def test_caption_in_english(app):
    with app.test_request_context(), force_locale("en"):
        lines = render.svg_with_caption(PHONE_100).lines
    assert lines == ("Pay to: xxx-xxx-5678", "Amount: ฿100.00")


@pytest.mark.parametrize(
    "payee, masked",
    [
        (mobile("+66 91 234 5678"), "xxx-xxx-5678"),
        (national_id("1101700207030"), "x-xxxx-xxxx7-03-0"),
        (ewallet("123456789012345"), "xxxxxxxxxxx2345"),
    ],
)
def test_only_the_last_four_digits_show(payee, masked):
    assert render.mask(payee) == masked


def test_a_page_escapes_the_caption_but_not_the_svg(app):
    with app.test_request_context(), force_locale("en"):
        qr = render.svg_with_caption(PHONE_100, payee_name="<script>alert(1)</script>")
        html = render_template_string(
            "{{ qr.svg }}{% for line in qr.lines %}<p>{{ line }}</p>{% endfor %}", qr=qr
        )
    assert html.startswith("<svg ")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_damaged_payload_is_never_drawn(app):
    with pytest.raises(errors.ChecksumMismatch):
        render.svg_with_caption(PHONE_100[:-1] + ("0" if PHONE_100[-1] != "0" else "1"))
