"""Row makers for the tenancy leak test: programmes, coupons, redemptions,
the waste-bank wallet, rounds, slots, bookings and the queue."""

from __future__ import annotations

import secrets

from core import clock

ALIASES = {
    "programme_id": "market_programme",
    "coupon_id": "market_coupon",
    "redemption_id": "market_redemption",
    "round_id": "market_round",
    "booking_id": "market_booking",
}


def makers(helpers) -> dict:
    from datetime import UTC, datetime, time, timedelta

    from market.models import catalog, coupons, rounds

    def tag() -> str:
        return secrets.token_hex(4)

    def household(tenant) -> int:
        return helpers.make_household(tenant, members=1).id

    def programme(tenant) -> int:
        return helpers.commit_in(
            tenant, coupons.Programme(name=f"โครงการ {tag()}", kind="value", value_satang=100)
        )

    def coupon(tenant) -> int:
        now = datetime.now(UTC)
        return helpers.commit_in(
            tenant,
            coupons.Coupon(
                code=tag().upper() + tag().upper()[:2],
                household_id=household(tenant),
                programme_id=programme(tenant),
                value_satang=100,
                balance_satang=100,
                state="active",
                valid_from=now - timedelta(days=1),
                valid_until=now + timedelta(days=1),
            ),
        )

    def redemption(tenant) -> int:
        return helpers.commit_in(
            tenant,
            coupons.Redemption(
                coupon_id=coupon(tenant), amount_satang=10, idempotency_key=tag(), ref="leak"
            ),
        )

    def coupon_key(tenant) -> int:
        return helpers.commit_in(
            tenant, coupons.CouponKey(kid=tag(), secret=tag(), status="retired")
        )

    def code_attempt(tenant) -> int:
        return helpers.commit_in(tenant, coupons.CodeAttempt(actor=f"user:{tag()}", failures=1))

    def wallet(tenant) -> int:
        return helpers.commit_in(
            tenant, coupons.Wallet(household_id=household(tenant), balance_satang=0)
        )

    def waste_rate(tenant) -> int:
        return helpers.commit_in(
            tenant, coupons.WasteRate(material=f"ขวด {tag()}", satang_per_kg=100)
        )

    def wallet_entry(tenant) -> int:
        return helpers.commit_in(
            tenant,
            coupons.WalletEntry(
                wallet_id=wallet(tenant),
                kind="deposit",
                amount_satang=100,
                weight_grams=1000,
                idempotency_key=tag(),
            ),
        )

    def centre(tenant) -> int:
        return helpers.commit_in(tenant, catalog.Centre(name=f"ศูนย์ {tag()}"))

    def round_(tenant) -> int:
        now = datetime.now(UTC)
        return helpers.commit_in(
            tenant,
            rounds.Round(
                centre_id=centre(tenant),
                name=f"รอบ {tag()}",
                starts_on=clock.today(),
                ends_on=clock.today(),
                booking_opens_at=now - timedelta(days=1),
                booking_closes_at=now + timedelta(days=1),
                status="open",
            ),
        )

    def round_offer(tenant) -> int:
        item = helpers.commit_in(tenant, catalog.Item(name_th=f"ของ {tag()}", unit="ชิ้น"))
        return helpers.commit_in(
            tenant, rounds.RoundOffer(round_id=round_(tenant), item_id=item, price_satang=100)
        )

    def slot_template(tenant) -> int:
        return helpers.commit_in(
            tenant,
            rounds.SlotTemplate(
                round_id=round_(tenant),
                start_time=time(9),
                end_time=time(10),
                interval_minutes=15,
                capacity=1,
            ),
        )

    def slot(tenant, round_id=None) -> int:
        start = datetime.now(UTC) + timedelta(days=1, seconds=secrets.randbelow(10**6))
        return helpers.commit_in(
            tenant,
            rounds.Slot(
                round_id=round_id or round_(tenant),
                starts_at=start,
                ends_at=start + timedelta(minutes=15),
                capacity=5,
            ),
        )

    def booking(tenant) -> int:
        r = round_(tenant)
        return helpers.commit_in(
            tenant,
            rounds.Booking(
                round_id=r,
                household_id=household(tenant),
                slot_id=slot(tenant, r),
                queue_number="1-1",
                code=tag()[:6].upper(),
                token=secrets.token_urlsafe(24),
                status="booked",
            ),
        )

    def queue_ticket(tenant) -> int:
        return helpers.commit_in(
            tenant, rounds.QueueTicket(round_id=round_(tenant), number=f"W{tag()}", kind="walkin")
        )

    return {
        "market_programme": programme,
        "market_coupon": coupon,
        "market_redemption": redemption,
        "market_coupon_key": coupon_key,
        "market_code_attempt": code_attempt,
        "market_wallet": wallet,
        "market_waste_rate": waste_rate,
        "market_wallet_entry": wallet_entry,
        "market_round": round_,
        "market_round_offer": round_offer,
        "market_slot_template": slot_template,
        "market_slot": slot,
        "market_booking": booking,
        "market_queue_ticket": queue_ticket,
    }
