"""Helpers of the auth tests."""

import pytest


@pytest.fixture
def log_in():
    def post(client, login, password="correct horse 1", **kw):
        return client.post("/login", data={"login": login, "password": password}, **kw)

    return post


@pytest.fixture
def fetch_user(ctx):
    """A fresh copy of a user from the database."""
    import sqlalchemy as sa

    from core.auth.models import User
    from core.db import db

    def fetch(**where):
        db.session.expire_all()
        return db.session.scalar(sa.select(User).filter_by(**where))

    return fetch
