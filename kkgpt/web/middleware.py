"""ASGI middleware: language and security headers on every response, a same-origin check on form posts,
and signed-cookie sessions whose key comes from the services container."""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kkgpt.web.i18n import LANGUAGE_COOKIE, pick_language

_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def content_security_policy(scripts: str) -> str:
    """Scripts only from this site and the exact pinned CDN files; no inline script or style, no framing."""
    return (
        "default-src 'self'; "
        f"script-src 'self' {scripts}; "
        "style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )


class RequestContextMiddleware:
    """Sets `request.state.language`, adds security headers, and refuses cross-site form posts."""

    def __init__(self, app: ASGIApp, *, default_language: str, scripts: str, public_url: str | None,
                 production: bool = False) -> None:
        self.app = app
        self.default_language = default_language
        self.public_origin = urlsplit(public_url).netloc if public_url else None
        self.headers = {
            "Content-Security-Policy": content_security_policy(scripts),
            "X-Content-Type-Options": "nosniff",
            # No address of a page (a conversation id) ever travels to another site; in production none at all.
            "Referrer-Policy": "no-referrer" if production else "same-origin",
            "X-Frame-Options": "DENY",
            "Cross-Origin-Opener-Policy": "same-origin",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        }
        if production:
            # Behind HTTPS only (KKGPT_PUBLIC_URL is https:// in production): browsers never try plain HTTP again.
            self.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"

    def _cross_site(self, scope: Scope, headers: dict[str, str]) -> bool:
        """A cookie-authenticated unsafe request from another site (bearer-token clients are exempt)."""
        if scope["method"] not in _UNSAFE or headers.get("authorization", "").lower().startswith("bearer "):
            return False
        origin = headers.get("origin")
        if origin:
            allowed = {headers.get("host"), self.public_origin} - {None}
            return urlsplit(origin).netloc not in allowed
        return headers.get("sec-fetch-site") == "cross-site"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = SimpleCookie(headers.get("cookie", ""))
        cookie = cookies[LANGUAGE_COOKIE].value if LANGUAGE_COOKIE in cookies else None
        scope.setdefault("state", {})["language"] = pick_language(cookie, self.default_language)  # type: ignore[arg-type]
        if self._cross_site(scope, headers):
            response = PlainTextResponse("Forespørgsler fra andre websteder afvises.", status_code=403)
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    out.setdefault(name, value)
                if not scope["path"].startswith("/static/"):
                    # Pages and API answers carry conversations: never keep them in a shared cache or on disk.
                    out.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class ServiceSessionMiddleware:
    """Starlette's signed-cookie sessions, keyed by the secret the services container loaded at start-up."""

    def __init__(self, app: ASGIApp, *, max_age: int, https_only: bool) -> None:
        self.app = app
        self.options = {"max_age": max_age, "https_only": https_only, "same_site": "lax",
                        "session_cookie": "kkgpt_session"}
        self._inner: SessionMiddleware | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if self._inner is None:
            secret = scope["app"].state.services.session_secret
            self._inner = SessionMiddleware(self.app, secret_key=secret, **self.options)
        await self._inner(scope, receive, send)
