"""Login (development form and OIDC single sign-on), logout, and the language and theme switches."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kkgpt.auth.tokens import dev_subject
from kkgpt.errors import NotAuthenticated, NotFound
from kkgpt.web.deps import SESSION_KEY, CurrentUser, ServicesDep, TemplatesDep, session_user_id
from kkgpt.web.i18n import LANGUAGE_COOKIE, LANGUAGES, request_translator
from kkgpt.web.theme import THEME_COOKIE, THEMES

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything that could leave the site becomes /chat."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/chat"
    return target


async def _start_session(request: Request, services, user_id: str) -> None:
    """A fresh server-side session (never reuse one from before the login: session fixation)."""
    old = request.session.get(SESSION_KEY)
    if isinstance(old, str) and old:
        await services.login_sessions.end(old)
    request.session.clear()
    request.session[SESSION_KEY] = await services.login_sessions.start(user_id)


@router.get("/")
async def root(request: Request, services: ServicesDep) -> RedirectResponse:
    """The front door: the chat when logged in, else the login page."""
    logged_in = await session_user_id(request, services) is not None
    return RedirectResponse("/chat" if logged_in else "/login", status_code=303)


@router.get("/login")
async def login_page(request: Request, services: ServicesDep, templates: TemplatesDep, next: str = "/chat") -> Response:
    """The login page: single sign-on and/or the clearly marked development login."""
    user_id = await session_user_id(request, services)
    if user_id is not None and await services.users.get(user_id):
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
    await _start_session(request, services, user.id)
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
    await _start_session(request, services, user.id)
    return RedirectResponse(target, status_code=303)


def _logged_out(request: Request) -> RedirectResponse:
    request.session.clear()
    return RedirectResponse("/login", status_code=303, headers={"Clear-Site-Data": '"storage"'})


@router.post("/logout")
async def logout(request: Request, services: ServicesDep) -> RedirectResponse:
    """End the session on the server (a copied cookie stops working), and ask the browser to drop what this
    site stored (unsent drafts)."""
    token = request.session.get(SESSION_KEY)
    if isinstance(token, str) and token:
        await services.login_sessions.end(token)
    return _logged_out(request)


@router.post("/logout/everywhere")
async def logout_everywhere(request: Request, user: CurrentUser, services: ServicesDep) -> RedirectResponse:
    """End every session of the employee, on every device and browser (API tokens stay; see /tokens)."""
    await services.login_sessions.end_all(user.id)
    return _logged_out(request)


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


@router.post("/theme", response_model=None)
async def set_theme(
    request: Request, theme: Annotated[str, Form()], services: ServicesDep, next: Annotated[str, Form()] = "/chat"
) -> Response:
    """Choose light, dark or the system's theme for this browser (a cookie, so it works before login too).

    The page's script has already switched the colours; its htmx request only needs the cookie stored."""
    response: Response = (Response(status_code=204) if request.headers.get("hx-request")
                          else RedirectResponse(safe_next(next), status_code=303))
    if theme in THEMES:
        response.set_cookie(THEME_COOKIE, theme, max_age=365 * 24 * 3600, samesite="lax",
                            secure=services.settings.secure_cookies, httponly=True)
    return response
