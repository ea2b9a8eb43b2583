"""Registry test helpers."""

from __future__ import annotations

import pytest


@pytest.fixture
def registry_tenant(make_tenant):
    return make_tenant(slug="khok-sai")


@pytest.fixture
def staff(make_member, registry_tenant):
    return make_member(registry_tenant, "staff")


@pytest.fixture
def admin(make_member, registry_tenant):
    return make_member(registry_tenant, "admin")


@pytest.fixture
def volunteer(make_member, registry_tenant):
    return make_member(registry_tenant, "volunteer")
