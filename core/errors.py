"""One family of domain errors, mapped by one handler to a clear 4xx page or a
JSON error with a stable code, in the user's language."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a msgid for extraction where it cannot be translated yet (class
    attributes); it is translated when shown."""
    return message


class DomainError(Exception):
    """Base of every error a person can act on.

    ``message`` is an English msgid translated when shown; ``params`` fill its
    ``%(name)s`` placeholders; ``field`` names the form field it belongs to.
    """

    code = "domain_error"
    status = 400
    message = N_("The request could not be completed")

    def __init__(self, message: str | None = None, *, field: str | None = None, **params):
        super().__init__(message or self.message)
        if message:
            self.message = message
        self.field = field
        self.params = params

    def translated(self) -> str:
        """The message in the language of the current request."""
        from flask_babel import gettext

        return gettext(self.message, **self.params) if self.params else gettext(self.message)

    def __str__(self) -> str:
        try:
            return self.message % self.params if self.params else self.message
        except (KeyError, ValueError, TypeError):
            return self.message


class NotFound(DomainError):
    code = "not_found"
    status = 404
    message = N_("Not found")


class Forbidden(DomainError):
    code = "forbidden"
    status = 403
    message = N_("You do not have permission to do this")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    message = N_("This conflicts with the current state")


class ValidationError(DomainError):
    code = "invalid"
    status = 422
    message = N_("Please check the highlighted fields")
