"""Bearer tokens for testers and scripts, signed with the app's secret; valid only while the development login is on."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from kkgpt.errors import NotAuthenticated

_SALT = "kkgpt.dev-token.v1"


class DevTokens:
    """Issues and verifies development bearer tokens (`kkgpt dev-token`)."""

    def __init__(self, secret: str, *, ttl_hours: int, enabled: bool) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=_SALT)
        self._max_age = ttl_hours * 3600
        self.enabled = enabled

    def issue(self, user_id: str) -> str:
        """A token standing for `user_id`."""
        return self._serializer.dumps({"uid": user_id})

    def verify(self, token: str) -> str:
        """The user id behind a valid token; raises `NotAuthenticated` otherwise."""
        if not self.enabled:
            raise NotAuthenticated("Udviklingstokens virker kun, mens udviklingslogin er slået til.",
                                   code="dev_token_disabled")
        try:
            payload = self._serializer.loads(token, max_age=self._max_age)
        except SignatureExpired as exc:
            raise NotAuthenticated("Tokenet er udløbet.", code="token_expired") from exc
        except BadSignature as exc:
            raise NotAuthenticated("Tokenet er ugyldigt.", code="token_invalid") from exc
        if not isinstance(payload, dict) or not isinstance(payload.get("uid"), str):
            raise NotAuthenticated("Tokenet er ugyldigt.", code="token_invalid")
        return payload["uid"]


def dev_subject(name: str) -> str:
    """The stable login subject for a development-login name (case and spacing do not matter)."""
    return "dev:" + " ".join(name.casefold().split())
