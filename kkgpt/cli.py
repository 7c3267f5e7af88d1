"""The `kkgpt` command: serve the app, manage the database, issue development tokens, run the PII shield."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from kkgpt import __version__
from kkgpt.settings import Settings

DESCRIPTION = """\
KK-GPT: Copenhagen Municipality's own chat assistant with a Danish PII shield.

Settings come from environment variables starting with KKGPT_ (or a .env file);
see .env.example. With no settings at all, KK-GPT uses a SQLite file in ./data,
the built-in mock model and the development login."""


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "\n".join(f"  - {'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        sys.exit(f"kkgpt: the settings are not valid:\n{problems}")


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # These log statement parameters (employees' names, ciphertext) at DEBUG; never let them.
    for noisy in ("aiosqlite", "asyncpg", "sqlalchemy.engine"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLogger(noisy).getEffectiveLevel()))


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the web app."""
    import uvicorn

    from kkgpt.app import create_app
    from kkgpt.production import ProductionNotReady, check_production

    settings = _settings()
    try:
        check_production(settings)
    except ProductionNotReady as exc:
        print(f"kkgpt: refusing to start: {exc}", file=sys.stderr)
        return 2
    host = args.host or settings.host
    port = args.port or settings.port
    _configure_logging(settings.log_level)
    shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    login = "development login" if settings.dev_login else "single sign-on"
    print(f"KK-GPT starts on http://{shown_host}:{port}  ({settings.env}, model: {settings.model_backend}, "
          f"{login})", flush=True)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return 0


async def _db_upgrade(settings: Settings) -> str | None:
    from kkgpt import keys
    from kkgpt.db import migrate
    from kkgpt.db.engine import create_engine

    keys.private_directory(settings.data_dir)
    engine = create_engine(settings.effective_database_url)
    try:
        await migrate.upgrade(engine)
        return await migrate.current_revision(engine)
    finally:
        await engine.dispose()


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    """Apply database migrations."""
    revision = asyncio.run(_db_upgrade(_settings()))
    print(f"database is at revision {revision}")
    return 0


async def _dev_token(settings: Settings, name: str, department: str, admin: bool, accept: bool) -> str:
    from kkgpt import keys
    from kkgpt.auth.tokens import DevTokens, dev_subject
    from kkgpt.auth.users import UserStore
    from kkgpt.db import migrate
    from kkgpt.db.engine import create_engine, create_session_factory
    from kkgpt.guidelines.acceptance import AcceptanceRegistry
    from kkgpt.guidelines.loader import GuidelineLibrary
    from kkgpt.usage.recorder import UsageRecorder

    keys.private_directory(settings.data_dir)
    secret = keys.session_secret(settings)
    engine = create_engine(settings.effective_database_url)
    try:
        await migrate.upgrade(engine)
        sessions = create_session_factory(engine)
        user = await UserStore(sessions).upsert(
            subject=dev_subject(name), display_name=" ".join(name.split()), department=department,
            role="admin" if admin else "employee",
        )
        if accept:
            registry = AcceptanceRegistry(sessions, GuidelineLibrary(settings.guidelines_dir),
                                          UsageRecorder(sessions, secret).key_for)
            await registry.accept(user.id, registry.current_version)
    finally:
        await engine.dispose()
    tokens = DevTokens(secret, ttl_hours=settings.dev_token_ttl_hours, enabled=True)
    return tokens.issue(user.id)


def cmd_dev_token(args: argparse.Namespace) -> int:
    """Print a bearer token for the API (development login only)."""
    settings = _settings()
    if not settings.dev_login:
        print("kkgpt: development tokens need the development login (KKGPT_DEV_LOGIN=true)", file=sys.stderr)
        return 2
    if not args.user.strip():
        print("kkgpt: --user must not be empty", file=sys.stderr)
        return 2
    print(asyncio.run(_dev_token(settings, args.user, args.department, args.admin, args.accept_guidelines)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="kkgpt", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"kkgpt {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the web app and print its address")
    serve.add_argument("--host", help="address to listen on (default: KKGPT_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default: KKGPT_PORT or 8000)")
    serve.add_argument("--forwarded-allow-ips", default="127.0.0.1",
                       help="proxies whose X-Forwarded-* headers are trusted (default: 127.0.0.1)")
    serve.set_defaults(handler=cmd_serve)

    db = commands.add_parser("db", help="manage the database")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_commands.add_parser("upgrade", help="create or update the tables (also done at start-up)")
    upgrade.set_defaults(handler=cmd_db_upgrade)

    token = commands.add_parser(
        "dev-token", help="print an API bearer token for a test user (only while the development login is on)"
    )
    token.add_argument("--user", required=True, help="the user's display name, e.g. 'Test Testesen'")
    token.add_argument("--department", default="", help="the user's department, e.g. 'Socialforvaltningen'")
    token.add_argument("--admin", action="store_true", help="make the user an administrator")
    token.add_argument("--accept-guidelines", action="store_true",
                       help="record that the user accepted the current guidelines (so the token can chat at once)")
    token.set_defaults(handler=cmd_dev_token)

    from kkgpt.pii.cli import add_pii_commands

    add_pii_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kkgpt` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 0
    try:
        return args.handler(args)
    except BrokenPipeError:
        # The reader stopped early (`kkgpt pii eval --show | head -1`): not an error of ours, and Python must
        # not complain again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
