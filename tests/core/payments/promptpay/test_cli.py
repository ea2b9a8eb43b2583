"""``pansuk payments promptpay`` through the real ``pansuk`` command group."""

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from core.cli import main
from core.payments.promptpay.payload import parse


@pytest.fixture
def pansuk(app):
    def run(*args):
        return CliRunner(env={"LANG": "C.UTF-8"}).invoke(
            main, ["payments", "promptpay", *args], obj=ScriptInfo(create_app=lambda: app)
        )

    return run


def test_prints_the_payload(pansuk):
    result = pansuk("--phone", "0812345678", "--amount", "100.00")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "00020101021229370016A000000677010111011300668123456785802TH53037645406100.006304BB8A\n"
    )


def test_static_with_a_reference(pansuk):
    result = pansuk("--phone", "081-234-5678", "--ref1", "ORD42")
    assert result.exit_code == 0, result.output
    decoded = parse(result.output.strip())
    assert decoded.static and decoded.reference == "ORD42"


def test_national_id_and_bill_payment(pansuk):
    result = pansuk("--national-id", "1101700207030", "--amount", "20.50")
    assert result.output.strip().endswith("540520.506304E68D")
    result = pansuk(
        "--biller-id", "010753600031501", "--ref1", "INS7", "--ref2", "HH12", "--amount", "1,234.50"
    )
    assert result.exit_code == 0, result.output
    decoded = parse(result.output.strip())
    assert (decoded.payee.ref1, decoded.payee.ref2, decoded.amount.satang) == (
        "INS7",
        "HH12",
        123450,
    )


def test_writes_svg_and_png(pansuk, tmp_path):
    result = pansuk(
        "--phone",
        "0812345678",
        "--svg",
        str(tmp_path / "qr.svg"),
        "--png",
        str(tmp_path / "qr.png"),
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "qr.svg").read_text(encoding="utf-8").startswith("<svg")
    assert (tmp_path / "qr.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--phone", "02-123-4567"], "not a landline"),
        (["--phone", "0812345678", "--amount", "0"], "more than zero"),
        (["--phone", "0812345678", "--amount", "2000000.01"], "at most ฿2,000,000.00"),
        (["--phone", "0812345678", "--amount", "abc"], "Enter an amount in baht"),
        (["--phone", "0812345678", "--ref1", "ord 42"], "capital letters"),
        (["--national-id", "1101700207031"], "national ID"),
        (["--biller-id", "010753600031501"], "capital letters"),
        ([], "exactly one of"),
        (["--phone", "0812345678", "--tax-id", "0994000165668"], "exactly one of"),
        (["--phone", "0812345678", "--ref2", "X"], "bill payment"),
    ],
)
def test_bad_input_exits_with_2_and_says_why(pansuk, args, message):
    result = pansuk(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_speaks_thai_on_a_thai_terminal(app):
    result = CliRunner(env={"LANG": "th_TH.UTF-8"}).invoke(
        main,
        ["payments", "promptpay", "--phone", "0812345678", "--amount", "-5"],
        obj=ScriptInfo(create_app=lambda: app),
    )
    assert result.exit_code == 2
    assert "จำนวนเงินต้องมากกว่าศูนย์" in result.output
