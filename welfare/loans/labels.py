"""How a loan is named in text that is stored and later printed (receipts,
disbursement requests, payment descriptions): in Thai, as on the paper
agreement, whatever the language of whoever pressed the button."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from core.errors import N_

LOAN_TITLE = N_("Loan agreement no. %(number)s")


def loan_title(number: str, lang: str = "th") -> str:
    """``สัญญาเงินกู้ เลขที่ L00004`` (the catalogue's words in ``lang``)."""
    try:
        with force_locale(lang):
            return str(gettext(LOAN_TITLE, number=number))
    except RuntimeError:  # no application context: the words of the catalogue's msgid
        return LOAN_TITLE % {"number": number}
