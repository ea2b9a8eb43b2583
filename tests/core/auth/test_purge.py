"""Old log-in records are forgotten; running locks and recent sessions stay."""

from datetime import timedelta

import sqlalchemy as sa

from core.auth.models import AuthFailure, UserSession
from core.db import utcnow


def test_the_purge_keeps_what_still_matters(app, ctx, make_user):
    user = make_user()
    now = utcnow()
    day = timedelta(days=1)

    def failure(subject, last, locked=None):
        return AuthFailure(
            kind="login", subject=subject, address="203.0.113.1", failures=5,
            last_failed_at=last, locked_until=locked,
        )

    ctx.add_all(
        [
            failure("old", now - 2 * day),
            failure("old-but-locked", now - 2 * day, locked=now + day),
            failure("recent", now - timedelta(minutes=5)),
            UserSession(user_id=user.id, key_hash="a" * 64, created_at=now - 91 * day,
                        last_seen_at=now - 91 * day, address="198.51.100.1"),
            UserSession(user_id=user.id, key_hash="b" * 64, created_at=now - 89 * day,
                        last_seen_at=now - 89 * day, address="198.51.100.2"),
        ]
    )
    ctx.commit()
    from core.auth.tasks import purge_login_records

    assert purge_login_records.apply().get() == 2
    ctx.expire_all()
    assert sorted(ctx.scalars(sa.select(AuthFailure.subject))) == ["old-but-locked", "recent"]
    assert list(ctx.scalars(sa.select(UserSession.address))) == ["198.51.100.2"]
    assert "auth.purge_login_records" in app.extensions["celery"].conf.beat_schedule
