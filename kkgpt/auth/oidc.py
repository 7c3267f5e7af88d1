"""OpenID Connect single sign-on (e.g. Entra ID) with authlib: authorization code flow with PKCE."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from starlette.requests import Request
from starlette.responses import Response

from kkgpt.errors import LoginUnavailable, NotAuthenticated
from kkgpt.settings import Settings
from kkgpt.transport import TRANSPORT_ERRORS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OidcIdentity:
    """Who the identity provider says logged in."""

    subject: str
    display_name: str
    department: str
    is_admin: bool


def identity_from_claims(claims: dict[str, Any], settings: Settings) -> OidcIdentity:
    """Map ID-token/userinfo claims to an employee; the admin claim may be a string or a list."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise NotAuthenticated("Login-udbyderen sendte ingen bruger-id.", code="sso_failed")
    name = next((str(claims[k]) for k in ("name", "preferred_username", "email") if claims.get(k)), subject)
    department = claims.get(settings.oidc_department_claim) or ""
    admin_claim = claims.get(settings.oidc_admin_claim)
    values = admin_claim if isinstance(admin_claim, list) else [admin_claim]
    return OidcIdentity(
        subject=f"oidc:{subject}",
        display_name=" ".join(name.split())[:200],
        department=str(department)[:200],
        is_admin=settings.oidc_admin_value in values,
    )


class OidcLogin:
    """The single sign-on client; built once from settings."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._oauth = OAuth()
        secret = settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else None
        self._client = self._oauth.register(
            "kk",
            server_metadata_url=settings.oidc_discovery_url,
            client_id=settings.oidc_client_id,
            client_secret=secret,
            client_kwargs={"scope": settings.oidc_scopes, "code_challenge_method": "S256",
                           "token_endpoint_auth_method": "client_secret_post" if secret else "none"},
        )

    def _callback_url(self, request: Request) -> str:
        if self._settings.public_url:
            return self._settings.public_url.rstrip("/") + "/auth/oidc/callback"
        return str(request.url_for("oidc_callback"))

    async def redirect(self, request: Request) -> Response:
        """Send the browser to the identity provider."""
        try:
            return await self._client.authorize_redirect(request, self._callback_url(request))
        except (*TRANSPORT_ERRORS, OAuthError) as exc:  # the discovery document could not be fetched
            logger.error("single sign-on provider unreachable: %s", type(exc).__name__)
            raise LoginUnavailable() from exc

    async def complete(self, request: Request) -> OidcIdentity:
        """Finish the login on the callback: exchange the code, verify the ID token, read the claims."""
        try:
            token = await self._client.authorize_access_token(request)
        except TRANSPORT_ERRORS as exc:
            logger.error("single sign-on provider unreachable during login: %s", type(exc).__name__)
            raise LoginUnavailable() from exc
        except OAuthError as exc:
            logger.warning("single sign-on failed: %s", exc.error)
            raise NotAuthenticated("Login via KK-kontoen mislykkedes. Prøv igen.", code="sso_failed") from exc
        claims = dict(token.get("userinfo") or {})
        if self._settings.oidc_department_claim not in claims or self._settings.oidc_admin_claim not in claims:
            try:  # some providers put these only in the userinfo endpoint
                claims = {**dict(await self._client.userinfo(token=token)), **claims}
            except (OAuthError, OSError) as exc:
                logger.info("userinfo not available: %s", type(exc).__name__)
        return identity_from_claims(claims, self._settings)
