"""The employee's own account: sessions ("log out everywhere"), personal API tokens, and quota use."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from kkgpt.auth.tokens import TokenInfo
from kkgpt.auth.users import Principal
from kkgpt.errors import Forbidden
from kkgpt.web.deps import CurrentUser, ServicesDep, TemplatesDep, _bearer

router = APIRouter()
TokenId = Annotated[str, Path(min_length=32, max_length=32, pattern="^[0-9a-f]{32}$")]


class NewToken(BaseModel):
    """A token to make: what it is for, and for how many days (at most the configured lifetime)."""

    name: str = Field(default="API-nøgle", max_length=100)
    days: int | None = Field(default=None, ge=1, le=3650)


class TokenOut(BaseModel):
    """A token as listed: never the token itself, only its first characters."""

    id: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime


class CreatedToken(TokenOut):
    """A new token; `token` is shown this once and never again."""

    token: str


class TokenList(BaseModel):
    """The employee's tokens, newest first."""

    tokens: list[TokenOut]


def _out(info: TokenInfo) -> TokenOut:
    return TokenOut(id=info.id, name=info.name, prefix=info.prefix, created_at=info.created_at,
                    last_used_at=info.last_used_at, expires_at=info.expires_at)


def _browser_only(request: Request) -> None:
    """A leaked token must not be able to make more of itself: tokens are made in a logged-in browser."""
    if _bearer(request):
        raise Forbidden("API-nøgler oprettes på siden Min konto, ikke med en API-nøgle.", code="token_not_allowed")


async def _lifetime(services, days: int | None) -> timedelta:
    allowed = services.settings.api_token_days
    return timedelta(days=min(days or allowed, allowed))


async def _page(request: Request, user: Principal, services, templates, *, new_token: str | None = None,
                status_code: int = 200) -> Response:
    return templates.response(
        request, "account.html", status_code=status_code, active_nav="account",
        tokens=await services.api_tokens.list(user.id), new_token=new_token,
        sessions=await services.login_sessions.count(user.id), usage=await services.quotas.usage(user),
        token_days=services.settings.api_token_days,
    )


@router.get("/account", include_in_schema=False)
async def account_page(request: Request, user: CurrentUser, services: ServicesDep,
                       templates: TemplatesDep) -> Response:
    """Min konto: where the employee's logins and API tokens are, and how much of the quotas is used."""
    return await _page(request, user, services, templates)


@router.post("/account/tokens", include_in_schema=False)
async def create_token_form(request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
                            name: Annotated[str, Form(max_length=100)] = "") -> Response:
    """Make a token and show it once."""
    _browser_only(request)
    _, token = await services.api_tokens.create(user.id, name, lifetime=await _lifetime(services, None))
    return await _page(request, user, services, templates, new_token=token, status_code=201)


@router.post("/account/tokens/{token_id}/revoke", include_in_schema=False)
async def revoke_token_form(token_id: TokenId, user: CurrentUser, services: ServicesDep) -> Response:
    """Delete a token at once."""
    await services.api_tokens.revoke(token_id, user_id=user.id)
    return RedirectResponse("/account", status_code=303)


@router.get("/api/v1/tokens", response_model=TokenList, tags=["account"])
async def list_tokens(user: CurrentUser, services: ServicesDep):
    """The employee's API tokens (never the tokens themselves)."""
    return TokenList(tokens=[_out(info) for info in await services.api_tokens.list(user.id)])


@router.post("/api/v1/tokens", status_code=201, response_model=CreatedToken, tags=["account"])
async def create_token(request: Request, user: CurrentUser, services: ServicesDep, body: NewToken | None = None):
    """Make a personal API token (from a logged-in browser session only); the answer shows it once."""
    _browser_only(request)
    body = body or NewToken()
    info, token = await services.api_tokens.create(user.id, body.name,
                                                   lifetime=await _lifetime(services, body.days))
    return CreatedToken(**_out(info).model_dump(), token=token)


@router.delete("/api/v1/tokens/{token_id}", status_code=204, tags=["account"])
async def revoke_token(token_id: TokenId, user: CurrentUser, services: ServicesDep) -> Response:
    """Delete one of the employee's tokens at once."""
    await services.api_tokens.revoke(token_id, user_id=user.id)
    return Response(status_code=204)
