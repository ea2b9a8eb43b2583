"""Receipts of money received: numbered without gaps per tenant, book and
Buddhist-Era year, voided by reversal, and the API of manual payments and
receipts."""
