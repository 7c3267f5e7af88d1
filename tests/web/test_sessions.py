"""Sessions live server-side and can end: logout, log out everywhere, an admin, idle and absolute lifetimes.
Personal API tokens are stored hashed, listed without the token, and revocable."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select, update

from kkgpt.cli import main
from kkgpt.db.models import ApiToken, LoginSession, utcnow
from tests.conftest import login


def _browser(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_a_copied_cookie_stops_working_after_logout(app, client: httpx.AsyncClient) -> None:
    await login(client, "Kopi Testesen")
    copied = dict(client.cookies)
    async with _browser(app) as thief:
        thief.cookies.update(copied)
        assert (await thief.get("/api/v1/conversations")).status_code == 200
        assert (await client.post("/logout")).status_code == 303
        refused = await thief.get("/api/v1/conversations")
        assert refused.status_code == 401
        assert (await thief.get("/chat")).headers["location"].startswith("/login")


async def test_the_cookie_carries_no_user_id_and_the_database_no_token(app, client: httpx.AsyncClient) -> None:
    await login(client, "Hash Testesen")
    services = app.state.services
    user = await services.users.by_subject("dev:hash testesen")
    cookie = client.cookies["kkgpt_session"]
    async with services.sessions() as session:
        stored = list(await session.scalars(select(LoginSession)))
    assert [row.user_id for row in stored] == [user.id]
    assert user.id not in cookie
    token = (await services.login_sessions.start(user.id))
    async with services.sessions() as session:
        hashes = set(await session.scalars(select(LoginSession.token_hash)))
    assert token not in hashes and len(hashes) == 2


async def test_log_out_everywhere_ends_every_browser_of_the_employee(app, client: httpx.AsyncClient) -> None:
    async with _browser(app) as phone, _browser(app) as colleague:
        await login(client, "Overalt Testesen")
        await login(phone, "Overalt Testesen", accept=False)
        await login(colleague, "Anden Testesen", accept=False)
        page = await client.get("/account")
        assert "2 sted(er)" in page.text
        response = await phone.post("/logout/everywhere")
        assert response.status_code == 303 and response.headers["location"] == "/login"
        assert (await client.get("/api/v1/conversations")).status_code == 401
        assert (await phone.get("/api/v1/conversations")).status_code == 401
        assert (await colleague.get("/api/v1/conversations")).status_code == 200, "others stay logged in"


async def test_an_admin_ends_an_employees_sessions_and_tokens(app, client: httpx.AsyncClient) -> None:
    async with _browser(app) as admin:
        await login(client, "Mistet Computer")
        token = (await client.post("/api/v1/tokens", json={"name": "script"})).json()["token"]
        bearer = {"Authorization": f"Bearer {token}"}
        assert (await client.get("/api/v1/conversations", headers=bearer)).status_code == 200
        await login(admin, "Admin Testesen", admin=True)
        assert (await client.get("/api/v1/admin/users?q=mistet")).status_code == 403, "employees may not"
        [found] = (await admin.get("/api/v1/admin/users", params={"q": "mistet"})).json()["users"]
        assert found["display_name"] == "Mistet Computer" and found["sessions"] == 1
        page = await admin.get("/admin/users", params={"q": "Mistet"})
        assert "Mistet Computer" in page.text and f"/admin/users/{found['id']}/logout" in page.text
        ended = await admin.post(f"/admin/users/{found['id']}/logout")
        assert ended.status_code == 303
        assert (await client.get("/api/v1/conversations")).status_code == 401
        assert (await client.get("/api/v1/conversations", headers=bearer)).status_code == 401
        again = await admin.post(f"/api/v1/admin/users/{found['id']}/logout")
        assert again.json() == {"sessions_ended": 0, "tokens_revoked": 0}
        assert (await admin.post(f"/api/v1/admin/users/{'0' * 32}/logout")).status_code == 404


async def test_a_session_ends_after_its_idle_time_and_its_lifetime(app, client: httpx.AsyncClient) -> None:
    services = app.state.services
    await login(client, "Tid Testesen")
    assert services.login_sessions.idle == timedelta(minutes=120)
    assert services.login_sessions.lifetime == timedelta(hours=12)
    async with services.sessions.begin() as session:  # quiet for 121 minutes
        await session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(minutes=121)))
    assert (await client.get("/api/v1/conversations")).status_code == 401
    await login(client, "Tid Testesen", accept=False)
    async with services.sessions.begin() as session:  # active all along, but logged in 12 hours ago
        await session.execute(update(LoginSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert (await client.get("/api/v1/conversations")).status_code == 401
    assert await services.login_sessions.purge() == 2, "ended sessions are deleted by the hourly round"


async def test_activity_keeps_a_session_alive(app, client: httpx.AsyncClient) -> None:
    services = app.state.services
    await login(client, "Aktiv Testesen")
    async with services.sessions.begin() as session:
        await session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(minutes=119)))
    assert (await client.get("/api/v1/conversations")).status_code == 200
    async with services.sessions() as session:
        [seen] = list(await session.scalars(select(LoginSession.last_seen_at)))
    assert utcnow() - seen < timedelta(minutes=1), "a request counts as activity"


async def test_a_new_login_gets_a_new_session(app, client: httpx.AsyncClient) -> None:
    await login(client, "Fiksering Testesen")
    before = client.cookies["kkgpt_session"]
    await login(client, "Fiksering Testesen", accept=False)
    async with _browser(app) as old:
        old.cookies["kkgpt_session"] = before
        assert (await old.get("/api/v1/conversations")).status_code == 401, "the old session was ended"


async def test_personal_api_tokens_are_shown_once_stored_hashed_and_revocable(app, client) -> None:
    services = app.state.services
    await login(client, "Token Testesen")
    created = await client.post("/api/v1/tokens", json={"name": "Mit testscript", "days": 7})
    assert created.status_code == 201
    body = created.json()
    token = body["token"]
    assert token.startswith("kkgpt_") and len(token) > 40 and body["prefix"] == token[: len(body["prefix"])]
    assert timedelta(days=6, hours=23) < datetime.fromisoformat(body["expires_at"]) - utcnow() <= timedelta(days=7)
    listed = (await client.get("/api/v1/tokens")).json()["tokens"]
    assert [t["name"] for t in listed] == ["Mit testscript"] and "token" not in listed[0]
    async with services.sessions() as session:
        [row] = list(await session.scalars(select(ApiToken)))
    assert token not in (row.token_hash, row.prefix, row.name)
    bearer = {"Authorization": f"Bearer {token}"}
    async with _browser(app) as script:
        assert (await script.get("/api/v1/conversations", headers=bearer)).status_code == 200
        refused = await script.post("/api/v1/tokens", headers=bearer, json={"name": "more"})
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "token_not_allowed"
        assert (await client.delete(f"/api/v1/tokens/{body['id']}")).status_code == 204
        gone = await script.get("/api/v1/conversations", headers=bearer)
        assert gone.status_code == 401 and gone.json()["error"]["code"] == "token_invalid"
    assert (await client.delete(f"/api/v1/tokens/{body['id']}")).status_code == 404


async def test_tokens_expire_and_belong_to_their_owner(app, client: httpx.AsyncClient) -> None:
    services = app.state.services
    await login(client, "Ejer Testesen")
    body = (await client.post("/api/v1/tokens", json={"name": "a"})).json()
    async with _browser(app) as other:
        await login(other, "Anden Ejer", accept=False)
        assert (await other.delete(f"/api/v1/tokens/{body['id']}")).status_code == 404
        assert (await other.get("/api/v1/tokens")).json() == {"tokens": []}
    async with services.sessions.begin() as session:
        await session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    expired = await client.get("/api/v1/conversations", headers={"Authorization": f"Bearer {body['token']}"})
    assert expired.status_code == 401 and expired.json()["error"]["code"] == "token_expired"


async def test_the_account_page_makes_lists_and_deletes_tokens(app, client: httpx.AsyncClient) -> None:
    await login(client, "Side Testesen")
    page = await client.post("/account/tokens", data={"name": "Rapport-script"})
    assert page.status_code == 201 and "kkgpt_" in page.text and "vises ikke igen" in page.text
    again = await client.get("/account")
    assert "Rapport-script" in again.text and "vises ikke igen" not in again.text
    token_id = (await client.get("/api/v1/tokens")).json()["tokens"][0]["id"]
    assert (await client.post(f"/account/tokens/{token_id}/revoke")).status_code == 303
    assert "Du har ingen API-nøgler." in (await client.get("/account")).text


def test_the_token_command_creates_lists_and_revokes(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("KKGPT_DATA_DIR", str(tmp_path / "data"))
    assert main(["dev-token", "--user", "Cli Testesen"]) == 0
    err = capsys.readouterr().err
    assert str((tmp_path / "data" / "kkgpt.db").resolve()) in err and "a new one was made" in err
    assert main(["token", "create", "--user", "Cli Testesen", "--name", "nattekørsel", "--days", "3"]) == 0
    created = capsys.readouterr()
    assert created.out.startswith("kkgpt_") and "shown only now" in created.err
    assert main(["token", "list", "--user", "Cli Testesen"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 2 and any("'nattekørsel'" in line for line in listing)
    assert created.out.strip() not in "\n".join(listing)
    token_id = next(line.split()[0] for line in listing if "nattekørsel" in line)
    assert main(["token", "revoke", token_id]) == 0
    assert main(["token", "revoke", token_id]) == 1
    assert main(["token", "create", "--user", "Ingen Sådan"]) == 1
    assert "no employee" in capsys.readouterr().err


async def test_many_logins_at_once_each_get_their_own_session(app) -> None:
    browsers = [_browser(app) for _ in range(8)]
    try:
        await asyncio.gather(*(login(b, "Samtidig Testesen", accept=False) for b in browsers))
        statuses = [(await b.get("/api/v1/conversations")).status_code for b in browsers]
        assert statuses == [200] * 8
        assert await app.state.services.login_sessions.count(
            (await app.state.services.users.by_subject("dev:samtidig testesen")).id) == 8
    finally:
        for b in browsers:
            await b.aclose()


async def test_a_first_login_that_races_another_finds_the_row_the_other_made(app, monkeypatch) -> None:
    """Two tabs log the same new employee in at once: the insert that loses is retried as an update."""
    from sqlalchemy.exc import IntegrityError

    users = app.state.services.users
    real = users._upsert
    calls = 0

    async def lose_the_race(*args):
        nonlocal calls
        calls += 1
        if calls == 1:
            await real(*args)  # the other tab's insert lands first ...
            raise IntegrityError("INSERT INTO users", {}, Exception("UNIQUE constraint failed: users.subject"))
        return await real(*args)

    monkeypatch.setattr(users, "_upsert", lose_the_race)
    first = await users.upsert(subject="dev:ny", display_name="Ny Medarbejder", department="KFF", role="employee")
    assert calls == 2 and first == await users.by_subject("dev:ny")
