"""CRC-16/CCITT-FALSE against its published check value and an independent
implementation (binascii.crc_hqx is the same CRC with the initial value given)."""

import binascii

from hypothesis import given
from hypothesis import strategies as st

from core.payments.promptpay.crc import checksum, crc16


def test_the_published_check_value():
    assert crc16("123456789") == 0x29B1
    assert crc16(b"123456789") == 0x29B1


def test_empty_input_is_the_initial_value():
    assert crc16(b"") == 0xFFFF


def test_checksum_is_four_upper_case_hex_digits():
    assert (
        checksum("00020101021129370016A000000677010111011300668123456785802TH53037646304") == "5D82"
    )
    assert checksum("") == "FFFF"
    assert checksum("\x00") == "E1F0"  # leading zeros kept, letters upper-case


@given(st.binary(max_size=300))
def test_agrees_with_binascii(data):
    assert crc16(data) == binascii.crc_hqx(data, 0xFFFF)
