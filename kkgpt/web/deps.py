"""Dependency aliases routes use to reach services and the logged-in employee."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kkgpt.auth.users import Principal
from kkgpt.errors import Forbidden, NotAuthenticated
from kkgpt.services import Services
from kkgpt.web.templating import Templates


def get_services(request: Request) -> Services:
    """The app's services container."""
    return request.app.state.services


def get_templates(request: Request) -> Templates:
    """The app's templates."""
    return request.app.state.templates


ServicesDep = Annotated[Services, Depends(get_services)]
TemplatesDep = Annotated[Templates, Depends(get_templates)]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


SESSION_KEY = "sid"


async def session_user_id(request: Request, services: Services) -> str | None:
    """The user id of the browser's live server-side session, or None (forgetting a dead one)."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        return None
    user_id = await services.login_sessions.resolve(token)
    if user_id is None:
        request.session.clear()  # ended by logout elsewhere, an admin, or its lifetime
    return user_id


async def current_user(request: Request, services: ServicesDep) -> Principal:
    """The employee behind the bearer token or the server-side session; raises `NotAuthenticated`."""
    token = _bearer(request)
    if token:
        user = await services.users.get(await services.api_tokens.verify(token))
    else:
        cookie = request.session.get(SESSION_KEY)
        user = await services.login_sessions.principal(cookie) if isinstance(cookie, str) and cookie else None
        if user is None and cookie:
            request.session.clear()  # ended by logout elsewhere, an admin, or its lifetime
    if user is None:
        raise NotAuthenticated()
    if user.from_dev_login and not services.settings.dev_login:
        # A session or token from before the development login was switched off must not outlive it.
        if token:
            raise NotAuthenticated("Udviklingstokens virker kun, mens udviklingslogin er slået til.",
                                   code="dev_token_disabled")
        request.session.clear()
        raise NotAuthenticated()
    request.state.user = user
    return user


async def current_admin(user: Annotated[Principal, Depends(current_user)]) -> Principal:
    """The logged-in employee, who must be an administrator."""
    if not user.is_admin:
        raise Forbidden()
    return user


CurrentUser = Annotated[Principal, Depends(current_user)]
CurrentAdmin = Annotated[Principal, Depends(current_admin)]
