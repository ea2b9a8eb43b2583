"""Names put into a message (document kinds, a grant's use): in the reader's
language inside a request, as written (English) anywhere else, such as logs,
tasks and tests, so a message never mixes languages by accident."""

from __future__ import annotations

from collections.abc import Iterable

from flask import has_request_context


class Named:
    def __init__(self, names: Iterable[str], separator: str = ", ") -> None:
        self.names = list(names)
        self.separator = separator

    def __str__(self) -> str:
        if not has_request_context():
            return self.separator.join(self.names)
        from flask_babel import gettext

        return self.separator.join(gettext(name) for name in self.names)
