"""Row makers for the tenancy leak tests: a chain's head."""

from __future__ import annotations

import secrets


def makers(helpers) -> dict:
    def chain_head(tenant):
        from core.integrity.models import ChainHead

        return helpers.commit_in(tenant, ChainHead(chain="audit", length=1, last_hash=secrets.token_hex(32)))

    return {"chain_head": chain_head}
