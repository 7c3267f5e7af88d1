"""One exception tree for KK-GPT; each error carries its HTTP status and a message for the employee.

    KkgptError                    500  something went wrong
    ├── NotAuthenticated          401  not logged in
    ├── Forbidden                 403  logged in, but not allowed
    ├── NotFound                  404  no such thing (or not yours)
    ├── InvalidInput              422  the request itself is wrong (empty message, too long...)
    │   ├── ContextTooLong        413  one message is larger than the model can read
    │   └── DocumentRejected      422  an uploaded file cannot be used (too large, encrypted, corrupt...)
    ├── GuidelinesNotAccepted     428  the current guidelines must be accepted first
    ├── GuidelinesOutdated        409  the accepted version is no longer the current one
    ├── ConversationBusy          409  an answer is being written in this conversation elsewhere
    ├── QuotaExceeded             429  a quota or rate limit is reached; says when it resets
    ├── LoginUnavailable          503  the single sign-on provider does not answer
    ├── MessageBlocked            422  the PII policy stopped the message; nothing was sent
    └── ModelError                502  the model answered with an error
        ├── ModelUnavailable      503  no connection, or the model service failed
        ├── ModelRateLimited      503  the model service is busy (HTTP 429)
        ├── ModelRefused          422  the model's content filter refused the prompt or answer
        └── ModelTimeout          504  the model did not answer in time

`code` is stable and machine-readable (a raise may refine it, e.g. `InvalidInput(code="empty_message")`);
`message` is Danish, and the UI shows the catalogue text for `code` in the employee's language.
Adapters catch library exceptions and re-raise one of these `from` the original.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    _LOCAL = ZoneInfo("Europe/Copenhagen")
except ZoneInfoNotFoundError:  # a system without time-zone data: say the time in UTC rather than fail
    _LOCAL = None


class KkgptError(Exception):
    """Base of all KK-GPT errors."""

    status_code = 500
    code = "internal"
    message = "Der skete en fejl. Prøv igen om lidt."

    def __init__(self, message: str | None = None, *, code: str | None = None, detail: str | None = None) -> None:
        super().__init__(message or self.message)
        if message:
            self.message = message
        if code:
            self.code = code
        self.detail = detail


class NotAuthenticated(KkgptError):
    """The request carries no valid session or token."""

    status_code = 401
    code = "not_authenticated"
    message = "Du er ikke logget ind."


class Forbidden(KkgptError):
    """The user is logged in but may not do this."""

    status_code = 403
    code = "forbidden"
    message = "Du har ikke adgang til dette."


class NotFound(KkgptError):
    """The thing does not exist, or belongs to someone else (indistinguishable on purpose)."""

    status_code = 404
    code = "not_found"
    message = "Det findes ikke, eller du har ikke adgang til det."


class InvalidInput(KkgptError):
    """The request itself is wrong."""

    status_code = 422
    code = "invalid_input"
    message = "Forespørgslen er ugyldig."


class ContextTooLong(InvalidInput):
    """A single message does not fit the model's context window."""

    status_code = 413
    code = "context_too_long"
    message = "Beskeden er for lang til modellen. Del teksten op, eller forkort den."


class DocumentRejected(InvalidInput):
    """An uploaded file was refused; `code` says why (`document_too_large`, `document_encrypted`, ...).

    Nothing of a refused file is stored. The status follows the reason: 413 for sizes, 415 for a type
    KK-GPT does not read, 422 for the rest.
    """

    status_code = 422
    code = "document_unreadable"
    message = "Filen kunne ikke læses. Gem den igen, fx som PDF eller Word, og prøv igen."

    def __init__(self, message: str | None = None, *, code: str | None = None, status_code: int | None = None,
                 detail: str | None = None) -> None:
        super().__init__(message, code=code, detail=detail)
        if status_code is not None:
            self.status_code = status_code


class GuidelinesNotAccepted(KkgptError):
    """Chatting requires accepting the current guidelines."""

    status_code = 428
    code = "guidelines_not_accepted"
    message = "Du skal acceptere retningslinjerne for KK-GPT, før du kan skrive."


class GuidelinesOutdated(KkgptError):
    """An acceptance named a guideline version that is no longer current."""

    status_code = 409
    code = "guidelines_outdated"
    message = "Retningslinjerne er blevet opdateret. Læs den nye version, og acceptér den."


class ConversationBusy(KkgptError):
    """Another tab or window is busy with the conversation: an answer is streaming, or it stored a message."""

    status_code = 409
    code = "conversation_busy"
    message = ("Der bliver skrevet et svar i denne samtale i en anden fane eller et andet vindue. "
               "Vent, til svaret er færdigt, eller stop det, og prøv igen.")


class QuotaExceeded(KkgptError):
    """A quota or rate limit is reached; `retry_after` (seconds) and `params` say when it resets."""

    status_code = 429
    code = "quota_exceeded"
    message = "Du har nået din grænse for brug af KK-GPT. Prøv igen senere."
    _MESSAGES: ClassVar[dict[str, tuple[str, str]]] = {
        "messages": ("rate_limited", "Du har sendt mange beskeder på kort tid. Du kan skrive igen kl. {time}."),
        "previews": ("preview_rate_limited", "Tjekket af teksten holder en kort pause. Det virker igen kl. {time}."),
        "tokens_day": ("quota_tokens_day", "Du har brugt dagens kvote i KK-GPT. Den nulstilles {day} kl. {time}."),
        "tokens_month": ("quota_department_month",
                              "Din forvaltning har brugt månedens kvote i KK-GPT. Den nulstilles {day} kl. {time}."),
    }

    def __init__(self, message: str | None = None, *, code: str | None = None, retry_after: int = 60,
                 params: dict[str, str] | None = None, limit: str = "") -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after
        self.params = params or {}
        self.limit = limit

    @classmethod
    def for_limit(cls, kind: str, *, resets_at: datetime, now: datetime) -> QuotaExceeded:
        """The refusal for one kind of limit, with the local time it resets."""
        code, text = cls._MESSAGES[kind]
        local = resets_at.astimezone(_LOCAL) if _LOCAL is not None else resets_at
        params = {"time": local.strftime("%H:%M") + ("" if _LOCAL is not None else " UTC"),
                  "day": local.strftime("%d.%m.%Y")}
        return cls(text.format(**params), code=code, params=params, limit=kind,
                   retry_after=max(1, math.ceil((resets_at - now).total_seconds())))


class LoginUnavailable(KkgptError):
    """The identity provider could not be reached."""

    status_code = 503
    code = "sso_unavailable"
    message = "Login-tjenesten svarer ikke lige nu. Prøv igen om lidt."


class MessageBlocked(KkgptError):
    """The PII policy blocked the message; it was not sent to the model."""

    status_code = 422
    code = "message_blocked"
    message = "Beskeden blev ikke sendt, fordi den indeholder oplysninger, der ikke må sendes."

    def __init__(self, message: str | None = None, *, reasons: tuple[str, ...] = (), detail: str | None = None):
        super().__init__(message, detail=detail)
        self.reasons = reasons


class ModelError(KkgptError):
    """The model service answered with an error."""

    status_code = 502
    code = "model_error"
    message = "Modellen svarede med en fejl. Din besked er gemt; prøv igen."


class ModelUnavailable(ModelError):
    """The model service could not be reached or failed."""

    status_code = 503
    code = "model_unavailable"
    message = "Modellen er ikke tilgængelig lige nu. Din besked er gemt; prøv igen om lidt."


class ModelRateLimited(ModelError):
    """The model service is rate limiting us."""

    status_code = 503
    code = "model_rate_limited"
    message = "Modellen har travlt lige nu. Din besked er gemt; prøv igen om et øjeblik."


class ModelRefused(ModelError):
    """The model service's content filter refused the request or cut the answer."""

    status_code = 422
    code = "model_refused"
    message = "Modellens indholdsfilter afviste forespørgslen. Omformulér beskeden, og prøv igen."


class ModelTimeout(ModelError):
    """The model service did not answer in time."""

    status_code = 504
    code = "model_timeout"
    message = "Modellen svarede ikke i tide. Din besked er gemt; prøv igen."
