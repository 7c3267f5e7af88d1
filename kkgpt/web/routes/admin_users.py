"""Administration of logins: find an employee and end their sessions and API tokens at once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from kkgpt.errors import NotFound
from kkgpt.services import Services
from kkgpt.web.deps import CurrentAdmin, ServicesDep, TemplatesDep

router = APIRouter()
UserId = Annotated[str, Path(min_length=32, max_length=32, pattern="^[0-9a-f]{32}$")]
SEARCH_LIMIT = 50


class UserOut(BaseModel):
    """An employee as an administrator finds them."""

    id: str
    display_name: str
    department: str
    role: str
    sessions: int


class UserList(BaseModel):
    """Employees whose name matches the search (at most 50)."""

    users: list[UserOut]


class Ended(BaseModel):
    """What ending an employee's logins did."""

    sessions_ended: int
    tokens_revoked: int


async def _found(services: Services, q: str) -> list[UserOut]:
    return [UserOut(id=u.id, display_name=u.display_name, department=u.department, role=u.role,
                    sessions=await services.login_sessions.count(u.id))
            for u in await services.users.search(q, limit=SEARCH_LIMIT)]


async def _end(services: Services, user_id: str) -> Ended:
    if await services.users.get(user_id) is None:
        raise NotFound("Medarbejderen findes ikke.")
    return Ended(sessions_ended=await services.login_sessions.end_all(user_id),
                 tokens_revoked=await services.api_tokens.revoke_all(user_id))


@router.get("/admin/users", include_in_schema=False)
async def users_page(request: Request, admin: CurrentAdmin, services: ServicesDep, templates: TemplatesDep,
                     q: Annotated[str, Query(max_length=200)] = "", ended: int | None = None) -> Response:
    """Find an employee by name, and log them out everywhere."""
    return templates.response(request, "admin_users.html", active_nav="admin", q=q, ended=ended,
                              users=await _found(services, q), limit=SEARCH_LIMIT)


@router.post("/admin/users/{user_id}/logout", include_in_schema=False)
async def end_logins_form(user_id: UserId, admin: CurrentAdmin, services: ServicesDep) -> Response:
    """End every session and API token of the employee at once."""
    result = await _end(services, user_id)
    return RedirectResponse(f"/admin/users?ended={result.sessions_ended + result.tokens_revoked}", status_code=303)


@router.get("/api/v1/admin/users", response_model=UserList, tags=["administration"])
async def users_api(admin: CurrentAdmin, services: ServicesDep, q: Annotated[str, Query(max_length=200)] = ""):
    """Employees whose name contains `q` (at most 50), with their number of live sessions."""
    return UserList(users=await _found(services, q))


@router.post("/api/v1/admin/users/{user_id}/logout", response_model=Ended, tags=["administration"])
async def end_logins_api(user_id: UserId, admin: CurrentAdmin, services: ServicesDep):
    """End every session and revoke every API token of the employee, at once and on every replica."""
    return await _end(services, user_id)
