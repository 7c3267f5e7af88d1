"""Login (development form and OIDC single sign-on), logout and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kkgpt.auth.tokens import dev_subject
from kkgpt.errors import NotAuthenticated, NotFound
from kkgpt.web.deps import ServicesDep, TemplatesDep
from kkgpt.web.i18n import LANGUAGE_COOKIE, LANGUAGES, request_translator

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything that could leave the site becomes /chat."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/chat"
    return target


@router.get("/")
async def root(request: Request) -> RedirectResponse:
    """The front door: the chat when logged in, else the login page."""
    return RedirectResponse("/chat" if request.session.get("uid") else "/login", status_code=303)


@router.get("/login")
async def login_page(request: Request, services: ServicesDep, templates: TemplatesDep, next: str = "/chat") -> Response:
    """The login page: single sign-on and/or the clearly marked development login."""
    if request.session.get("uid") and await services.users.get(request.session["uid"]):
        return RedirectResponse(safe_next(next), status_code=303)
    return templates.response(
        request, "login.html", next=safe_next(next), dev_login=services.settings.dev_login,
        oidc=services.settings.oidc_enabled, error=None, name="", department="",
    )


@router.post("/login/dev")
async def dev_login(
    request: Request,
    services: ServicesDep,
    templates: TemplatesDep,
    # 80: the login subject is the name case-folded ("ß" becomes "ss", "ﬃ" "ffi"), stored in 255 characters.
    name: Annotated[str, Form(max_length=80)] = "",
    department: Annotated[str, Form(max_length=200)] = "",
    admin: Annotated[bool, Form()] = False,
    next: Annotated[str, Form()] = "/chat",
) -> Response:
    """Log in as anyone, for development and testing; gone when KKGPT_DEV_LOGIN=false."""
    if not services.settings.dev_login:
        raise NotFound()
    name, department = " ".join(name.split()), " ".join(department.split())
    if not name:
        t = request_translator(request)
        return templates.response(
            request, "login.html", status_code=422, next=safe_next(next), dev_login=True,
            oidc=services.settings.oidc_enabled, error=t("login.name_required"), name=name, department=department,
        )
    user = await services.users.upsert(
        subject=dev_subject(name), display_name=name, department=department, role="admin" if admin else "employee"
    )
    request.session.clear()
    request.session["uid"] = user.id
    return RedirectResponse(safe_next(next), status_code=303)


@router.get("/auth/oidc/login")
async def oidc_login(request: Request, services: ServicesDep, next: str = "/chat") -> Response:
    """Start single sign-on."""
    if services.oidc is None:
        raise NotFound()
    request.session["next"] = safe_next(next)
    return await services.oidc.redirect(request)


@router.get("/auth/oidc/callback", name="oidc_callback")
async def oidc_callback(request: Request, services: ServicesDep, templates: TemplatesDep) -> Response:
    """The identity provider sends the browser back here with a code."""
    if services.oidc is None:
        raise NotFound()
    try:
        identity = await services.oidc.complete(request)
    except NotAuthenticated:
        t = request_translator(request)
        return templates.response(
            request, "login.html", status_code=401, next="/chat", dev_login=services.settings.dev_login,
            oidc=True, error=t("login.sso_failed"), name="", department="",
        )
    user = await services.users.upsert(subject=identity.subject, display_name=identity.display_name,
                                       department=identity.department,
                                       role="admin" if identity.is_admin else "employee")
    target = safe_next(request.session.get("next"))
    request.session.clear()
    request.session["uid"] = user.id
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> RedirectResponse:
    """Forget the session, and ask the browser to drop what this site stored (unsent drafts)."""
    request.session.clear()
    return RedirectResponse("/login", status_code=303, headers={"Clear-Site-Data": '"storage"'})


@router.post("/language")
async def set_language(
    language: Annotated[str, Form()], services: ServicesDep, next: Annotated[str, Form()] = "/chat"
) -> RedirectResponse:
    """Switch the UI language (a cookie, so it works before login too)."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if language in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="lax",
                            secure=services.settings.secure_cookies, httponly=True)
    return response
