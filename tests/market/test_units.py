"""Units typed in English read in Thai where the reader is Thai: the low-stock
message says 'กก.', not 'kg'; a unit typed in Thai stays as typed."""

from __future__ import annotations

import pytest

from core.notifications import messages
from market.catalog.units import in_thai, unit_label
from market.stock import alerts  # noqa: F401  (registers the template)


def test_english_units_read_in_thai_and_thai_units_stay():
    assert in_thai("kg") == "กก." and in_thai(" Bottle ") == "ขวด"
    assert in_thai("ถุง") == "ถุง" and in_thai("sack of 5") == "sack of 5"
    assert unit_label("kg", "en") == "kg" and unit_label("kg", "th") == "กก."


def test_the_low_stock_message_names_the_unit_in_each_language():
    params = {"item": "ข้าวสาร", "available": 3, "unit": "kg", "unit_th": in_thai("kg"),
              "centre": "ศูนย์", "threshold": 5}
    messages.check(alerts.TEMPLATE, params)
    thai = messages.render(alerts.TEMPLATE, "th", params)
    assert "3 กก." in thai.body and "kg" not in thai.body
    assert "3 kg" in messages.render(alerts.TEMPLATE, "en", params).body


def test_a_low_stock_alert_queued_before_the_thai_unit_existed_still_renders():
    from core.notifications import messages
    from market.stock.alerts import TEMPLATE

    queued_earlier = {"item": "ข้าวสาร", "available": 3, "unit": "kg", "centre": "ศูนย์ ก", "threshold": 5}
    assert "3 kg" in messages.render(TEMPLATE, "th", queued_earlier).body
    with pytest.raises(KeyError):
        messages.render(TEMPLATE, "th", {"item": "ข้าวสาร"})
