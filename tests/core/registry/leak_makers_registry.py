"""Rows of the registry's merge records for the tenancy leak tests."""

from __future__ import annotations

import secrets

ALIASES = {"merge_id": "registry_merge"}


def makers(helpers) -> dict:
    from core.registry.models import MergeRecord

    def registry_merge(t):
        kept = helpers.make_village(t).id
        gone = 1_000_000_000 + secrets.randbelow(10**8)  # a village id that was removed
        return helpers.commit_in(
            t,
            MergeRecord(kind="village", kept_id=kept, removed_id=gone, status="merged",
                        removed_row={"id": gone, "name_th": "หมู่ซ้ำ", "kind": "community"},
                        removed_with={}, moved=[], filled={}),
        )

    return {"registry_merge": registry_merge}
