"""Manual payments' receipts: numbered once per tenant and year, their PDF and the API of manual payments and receipts."""
