"""Dependency aliases routes use to reach services and the logged-in employee."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from kkgpt.auth.users import Principal
from kkgpt.db.reads import SharedRead
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
    return await _authenticated(request, services)


async def _authenticated(request: Request, services: Services, shared: SharedRead | None = None) -> Principal:
    """`current_user`, with the login session read in `shared` when given."""
    token = _bearer(request)
    if token:
        user = await services.users.get(await services.api_tokens.verify(token))
    else:
        cookie = request.session.get(SESSION_KEY)
        user = (await services.login_sessions.principal(cookie, shared)
                if isinstance(cookie, str) and cookie else None)
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


@dataclass(frozen=True)
class TurnCaller:
    """The employee sending a chat turn, with the read transaction their login session was read in.

    The turn reads its conversation in `reads` too and closes it before it shields the message (one
    read transaction per turn); should the route fail before that, the dependency closes it.
    """

    user: Principal
    reads: SharedRead


async def turn_caller(request: Request, services: ServicesDep) -> AsyncIterator[TurnCaller]:
    """The logged-in employee of a chat turn and the turn's shared read (see `TurnCaller`)."""
    reads = SharedRead(services.sessions)
    try:
        yield TurnCaller(await _authenticated(request, services, reads), reads)
    finally:
        await reads.close()


CurrentUser = Annotated[Principal, Depends(current_user)]
TurnCallerDep = Annotated[TurnCaller, Depends(turn_caller)]
CurrentAdmin = Annotated[Principal, Depends(current_admin)]
