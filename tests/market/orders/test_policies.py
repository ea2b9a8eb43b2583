"""The order rules as pure functions: no database."""

import pytest

from market.orders import policies as p


@pytest.mark.parametrize(
    ("current", "target"),
    [("placed", "packed"), ("packed", "ready"), ("ready", "collected"), ("ready", "delivered"),
     ("placed", "cancelled"), ("packed", "cancelled"), ("ready", "cancelled")],
)
def test_allowed_moves(current, target):
    p.check_move(1, current, target)


@pytest.mark.parametrize(
    ("current", "target", "error"),
    [("placed", "ready", p.InvalidTransition), ("placed", "collected", p.InvalidTransition),
     ("packed", "delivered", p.InvalidTransition), ("collected", "cancelled", p.OrderClosed),
     ("delivered", "cancelled", p.OrderClosed), ("cancelled", "packed", p.OrderClosed),
     ("collected", "delivered", p.OrderClosed), ("ready", "packed", p.InvalidTransition)],
)
def test_refused_moves_say_why(current, target, error):
    with pytest.raises(error) as exc:
        p.check_move(7, current, target)
    assert "7" in str(exc.value) and current in str(exc.value)


def test_effective_limit_is_the_tighter():
    assert p.effective_limit(None, None) is None
    assert p.effective_limit(3, None) == 3
    assert p.effective_limit(None, 2) == 2
    assert p.effective_limit(5, 2) == 2


@pytest.mark.parametrize("bad", ["0", "-1", "1.5", "abc", "", " ", "๑", 0, -3, 1.0, True, None, "10001", [1]])
def test_bad_quantities(bad):
    with pytest.raises(p.InvalidQuantity):
        p.parse_quantity(bad, "rice")


def test_good_quantities():
    assert p.parse_quantity("3", "rice") == 3
    assert p.parse_quantity(" 12 ", "rice") == 12
    assert p.parse_quantity(10_000, "rice") == 10_000


OFFERS = {1: p.Offer(1, "rice", 2500, 2), 2: p.Offer(2, "oil", 4000, None)}


def test_price_snapshots_offer_prices_in_item_order():
    lines = p.price({2: 1, 1: 2}, OFFERS, {})
    assert [(x.item_id, x.quantity, x.unit_price, x.amount) for x in lines] == [(1, 2, 2500, 5000), (2, 1, 4000, 4000)]
    assert p.total(lines) == 9000


def test_limit_counts_earlier_orders():
    p.price({1: 1}, OFFERS, {1: 1})
    with pytest.raises(p.OverLimit) as exc:
        p.price({1: 1}, OFFERS, {1: 2})
    assert "rice" in str(exc.value)
    with pytest.raises(p.OverLimit):
        p.price({1: 3}, OFFERS, {})


def test_not_offered_and_empty():
    with pytest.raises(p.NotOffered):
        p.price({9: 1}, OFFERS, {})
    with pytest.raises(p.EmptyOrder):
        p.price({}, OFFERS, {})


def test_split_uses_coupons_first():
    assert p.split(10000, [(1, 3000), (2, 5000)]) == ([(1, 3000), (2, 5000)], 2000)
    assert p.split(4000, [(1, 3000), (2, 5000)]) == ([(1, 3000), (2, 1000)], 0)
    assert p.split(4000, [(1, 0), (2, 5000)]) == ([(2, 4000)], 0)
    assert p.split(4000, []) == ([], 4000)
    assert p.split(0, [(1, 100)]) == ([], 0)
