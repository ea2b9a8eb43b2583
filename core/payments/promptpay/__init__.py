"""PromptPay QR codes of our own (Thai QR Payment, EMVCo merchant-presented).

- :mod:`.payload` — ``build(payee, amount)`` and ``parse(text)``; payees
  ``mobile()``, ``national_id()``, ``tax_id()``, ``ewallet()`` (tag 29) and
  ``bill_payment(biller_id, ref1, ref2)`` (tag 30); ``ref_for("order", 42)``
  names what a payment is for so a bank line can be matched (``read_ref``).
- :mod:`.render` — ``svg_with_caption(payload)`` for pages, ``svg()``, ``png()``.
- :mod:`.cli` — ``pansuk payments promptpay``.
- :mod:`.errors` — one ValidationError subclass per kind of bad input.
- :mod:`.gateway` — paying with the organisation's own QR, no payment provider.
- :mod:`.settings` — a tenant's own PromptPay payee; :mod:`.pages` — its pages.
"""
