"""The marks of a 429 answered by the limiter rather than by a view (the
``limits_on`` fixture of tests/conftest.py switches limits on for a test)."""

from __future__ import annotations

THAI_WAIT = "มีการลองหลายครั้งเกินไปจากการเชื่อมต่อนี้"


def until_limited(send, limit: int):
    """Send ``limit`` requests, none refused, then one more; return it."""
    statuses = [send(i).status_code for i in range(limit)]
    assert 429 not in statuses, statuses
    return send(limit)


def assert_limited_page(response) -> None:
    """The limiter's page: 429, Thai, how long to wait, Retry-After."""
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert 'data-code="rate_limited"' in html
    assert THAI_WAIT in html
    assert 0 < int(response.headers["Retry-After"]) <= 3600


def assert_limited_json(response) -> None:
    assert response.status_code == 429
    error = response.get_json()["error"]
    assert error["code"] == "rate_limited" and error["status"] == 429
    assert THAI_WAIT in error["message"]
    assert 0 < error["retry_after"] <= 3600
    assert 0 < int(response.headers["Retry-After"]) <= 3600
