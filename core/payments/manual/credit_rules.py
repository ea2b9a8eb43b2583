"""Which ledger accounts money received by hand may settle. Pure: no I/O.

Cash and transfers land in an asset account of the general book; what they
settle is on the other side: income, a liability (money owed back, a
member's credit), equity (a fund's capital) or a receivable (someone paying
what they owed). Never another asset — inventory, goods in transit,
recyclables, clearing accounts — and never an expense: crediting those would
book stock or costs as if they were income.

Staff choosing freely (the manual payment page and API) choose only in the
general book, where the money lands, or in a welfare fund's own book;
accounts of a domain's book (the market's stock and waste-bank accounts) are
moved by that domain's own services."""

from __future__ import annotations

SETTLING_TYPES = frozenset({"income", "liability", "equity"})
RECEIVABLE_WORDS_EN = ("receivable",)
RECEIVABLE_WORDS_TH = ("ลูกหนี้", "ค้างรับ")
FREE_CHOICE_BOOKS = ("general",)
FREE_CHOICE_BOOK_PREFIXES = ("fund:",)


def is_receivable(account) -> bool:
    return account.type == "asset" and (
        any(w in (account.name_en or "").lower() for w in RECEIVABLE_WORDS_EN)
        or any(w in (account.name_th or "") for w in RECEIVABLE_WORDS_TH)
    )


def may_settle(account) -> bool:
    """The kind rule, for every payment recorded by hand."""
    return account.type in SETTLING_TYPES or is_receivable(account)


def may_choose(account) -> bool:
    """The kind rule and the book rule, for staff choosing an account."""
    return may_settle(account) and (
        account.book in FREE_CHOICE_BOOKS or account.book.startswith(FREE_CHOICE_BOOK_PREFIXES)
    )
