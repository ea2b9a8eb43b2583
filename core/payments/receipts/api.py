"""API: manual payments and receipts (``/api/v1/t/<slug>``): record a cash
or transfer payment, list receipts, read one, void one. The same services and
permissions as the pages (:mod:`core.payments.manual.routes`)."""

from __future__ import annotations

import secrets

from flask import request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from core.errors import N_, ValidationError
from core.money import Money
from core.payments import queries as payment_queries
from core.payments.api_schemas import (
    ManualPaymentIn,
    ReceiptArgs,
    ReceiptOut,
    ReceiptPage,
    VoidIn,
    validation_error,
)
from core.payments.manual import services as manual
from core.payments.receipts import services as receipts

blp = Blueprint("receipts_api", __name__, url_prefix="/api/v1/t/<slug>", description="Manual payments and receipts")
blp.errorhandler(ValidationError)(validation_error)


class InvalidIdempotencyKey(ValidationError):
    code = "invalid_idempotency_key"
    message = N_("The idempotency key must be 16 to 64 letters, digits, hyphens or underscores")


def _idempotency_key(data: dict) -> str:
    header = request.headers.get("Idempotency-Key")
    key = data["idempotency_key"] or (header.strip() if header is not None else None)
    if key is None:
        return secrets.token_urlsafe(24)
    if not manual.TOKEN.match(key):
        raise InvalidIdempotencyKey(field="idempotency_key")
    return key


def _recorded_before(key: str) -> bool:
    # record_payment keeps the key on the payment as ``manual:<key>``
    return payment_queries.recorded_with_key(f"manual:{key}")


@blp.route("/payments/manual")
class ManualPayments(MethodView):
    @api_require("payments.record")
    @blp.arguments(ManualPaymentIn)
    @blp.response(201, ReceiptOut)
    @blp.alt_response(200, schema=ReceiptOut, description="The same idempotency key again: the first receipt")
    @api_writes
    def post(self, data):
        """Record a cash or bank-transfer payment; returns its numbered receipt.

        The amount is in baht as a person types it (``"1234.50"``). Send an
        idempotency key (body ``idempotency_key`` or the ``Idempotency-Key``
        header): the same key again returns the first receipt with 200."""
        key = _idempotency_key(data)
        replay = _recorded_before(key)
        options = {"book": data["book"]} if data["book"] else {}
        receipt = manual.record_payment(
            method=data["method"],
            amount=Money.parse(data["amount"], field="amount"),
            credit_account=manual.credit_account(data["credit_account_id"]),
            description=data["description"],
            token=key,
            actor_id=current_user.id,
            payer_person_id=data["payer_person_id"],
            payer_name=data["payer_name"],
            reference=data["reference"],
            ip=request.remote_addr,
            **options,
        )
        return receipts.get(receipt.id), 200 if replay else 201


@blp.route("/receipts")
class Receipts(MethodView):
    @api_require("payments.view")
    @blp.arguments(ReceiptArgs, location="query")
    @blp.response(200, ReceiptPage)
    @paged(blp)
    def get(self, args):
        """Receipts, newest first, optionally of one book."""
        return {"items": receipts.receipts_query(args["book"])}


@blp.route("/receipts/<int:receipt_id>")
class ReceiptDetail(MethodView):
    @api_require("payments.view")
    @blp.response(200, ReceiptOut)
    def get(self, receipt_id: int):
        """One receipt."""
        return receipts.get(receipt_id)


@blp.route("/receipts/<int:receipt_id>/void")
class VoidReceipt(MethodView):
    @api_require("payments.refund")
    @must_exist(receipt_id=receipts.get)  # another tenant's id is a 404 before the body is read
    @blp.arguments(VoidIn)
    @blp.response(200, ReceiptOut)
    @api_writes
    def post(self, data, receipt_id: int):
        """Void a receipt (a reason is required): it keeps its number, and its
        payment's journal entry is reversed."""
        receipts.void(receipt_id, reason=data["reason"], actor_id=current_user.id, ip=request.remote_addr)
        return receipts.get(receipt_id)
