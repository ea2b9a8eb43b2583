"""Money as integer satang (1 baht = 100 satang), THB only. Never a float;
rounding is explicit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.errors import N_, ValidationError

CURRENCY = "THB"
_AMOUNT = re.compile(r"^[+-]?\d+(\.\d{1,2})?$")


class InvalidAmount(ValidationError):
    code = "invalid_amount"
    message = N_("Enter an amount in baht, such as 1,234.50")


@dataclass(frozen=True, order=True, slots=True)
class Money:
    satang: int
    currency: str = CURRENCY

    def __post_init__(self) -> None:
        if not isinstance(self.satang, int) or isinstance(self.satang, bool):
            raise TypeError("Money holds integer satang")
        if self.currency != CURRENCY:
            raise ValueError("Only THB is supported")

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def baht(cls, value: int | str | Decimal) -> Money:
        """From baht: an int, a Decimal or a string with at most two decimals."""
        if isinstance(value, float):
            raise TypeError("Use a string or Decimal for baht, never a float")
        if isinstance(value, int):
            return cls(value * 100)
        return cls.parse(str(value))

    @classmethod
    def parse(cls, text: str, field: str | None = None) -> Money:
        """Parse what a person types: ``1,234.50``, ``฿1234.5``, ``1 234 บาท``."""
        cleaned = (text or "").strip()
        for token in ("฿", "บาท", "THB", "baht", ",", " ", "\u00a0"):
            cleaned = cleaned.replace(token, "")
        if not _AMOUNT.match(cleaned):
            raise InvalidAmount(field=field)
        try:
            value = Decimal(cleaned)
        except InvalidOperation as exc:  # pragma: no cover - regex guards this
            raise InvalidAmount(field=field) from exc
        return cls(int((value * 100).to_integral_value()))

    @classmethod
    def from_decimal_baht(cls, value: Decimal, rounding: str = ROUND_HALF_UP) -> Money:
        """Round a computed baht value to the satang, with the rounding named."""
        return cls(int((value * 100).quantize(Decimal(1), rounding=rounding)))

    def __add__(self, other: Money) -> Money:
        return Money(self.satang + _satang(other))

    def __sub__(self, other: Money) -> Money:
        return Money(self.satang - _satang(other))

    def __neg__(self) -> Money:
        return Money(-self.satang)

    def __mul__(self, factor: int) -> Money:
        if not isinstance(factor, int):
            raise TypeError("Multiply Money by an int; use allocate() or explicit rounding")
        return Money(self.satang * factor)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.satang != 0

    def allocate(self, parts: int) -> list[Money]:
        """Split into ``parts`` amounts that differ by at most one satang and sum
        exactly to this amount (the first ones take the remainder)."""
        if parts <= 0:
            raise ValueError("parts must be positive")
        base, remainder = divmod(self.satang, parts)
        return [Money(base + (1 if i < remainder else 0)) for i in range(parts)]

    @property
    def baht_decimal(self) -> Decimal:
        return Decimal(self.satang) / 100

    def __str__(self) -> str:
        sign = "-" if self.satang < 0 else ""
        baht, rest = divmod(abs(self.satang), 100)
        return f"{sign}฿{baht:,}.{rest:02d}"


def _satang(other: object) -> int:
    if not isinstance(other, Money):
        raise TypeError("Only Money can be added to Money")
    return other.satang
