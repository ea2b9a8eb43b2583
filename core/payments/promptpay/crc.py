"""CRC-16/CCITT-FALSE, the checksum of EMVCo QR payloads (tag 63).

Polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR. It runs
over the whole payload up to and including the ``6304`` that opens tag 63.
"""

from __future__ import annotations

POLY = 0x1021
INIT = 0xFFFF


def _table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ POLY) if crc & 0x8000 else (crc << 1)
        table.append(crc & 0xFFFF)
    return tuple(table)


_TABLE = _table()


def crc16(data: bytes | str) -> int:
    """The CRC-16/CCITT-FALSE of ``data`` (a str is encoded as UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    crc = INIT
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _TABLE[((crc >> 8) ^ byte) & 0xFF]
    return crc


def checksum(text: str) -> str:
    """The CRC of ``text`` as four upper-case hex digits, as tag 63 carries it."""
    return f"{crc16(text):04X}"
