"""The `kkgpt` command: serve the app, manage the database, issue development tokens, run the PII shield."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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


def available_cores() -> int:
    """The CPU cores this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


async def _prepare_for_workers(settings: Settings) -> str | None:
    """What must happen once, before the workers start: migrations and the keys of the data directory."""
    from kkgpt import keys

    revision = await _db_upgrade(settings)
    keys.session_secret(settings)  # generated here once, not raced for by the workers
    keys.encryption_keys(settings)
    return revision


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the web app: one process, or `--workers N` processes sharing the port."""
    import uvicorn

    from kkgpt.app import create_app
    from kkgpt.logs import configure_logging
    from kkgpt.metrics import multiprocess_metrics
    from kkgpt.production import ProductionNotReady, check_production

    settings = _settings()
    try:
        check_production(settings)
    except ProductionNotReady as exc:
        print(f"kkgpt: refusing to start: {exc}", file=sys.stderr)
        return 2
    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers if args.workers is not None else (settings.workers or available_cores())
    if workers < 1:
        print("kkgpt: --workers must be at least 1", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
    shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    login = "development login" if settings.dev_login else "single sign-on"
    plural = "worker" if workers == 1 else "workers"
    print(f"KK-GPT starts on http://{shown_host}:{port}  ({settings.env}, model: {settings.model_backend}, "
          f"{login}, {workers} {plural})", flush=True)
    options = {
        "host": host,
        "port": port,
        "log_level": settings.log_level.lower(),
        "log_config": None,  # uvicorn's records go through our handler (text or JSON, with request ids)
        "access_log": False,  # it prints raw paths and query strings; kkgpt.access logs route templates instead
        "proxy_headers": True,
        "forwarded_allow_ips": args.forwarded_allow_ips,
    }
    if workers == 1:
        uvicorn.run(create_app(settings), **options)
        return 0
    # Several processes: migrate and make the keys once here; each worker builds its own app from the same
    # environment (uvicorn starts them fresh, see kkgpt.app.create_worker_app), and skips the migration.
    if settings.migrate_on_start:
        revision = asyncio.run(_prepare_for_workers(settings))
        print(f"database is at revision {revision}", flush=True)
    os.environ["KKGPT_MIGRATE_ON_START"] = "false"
    with multiprocess_metrics(workers):  # the workers' metrics add up in one directory
        uvicorn.run("kkgpt.app:create_worker_app", factory=True, workers=workers, **options)
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


@asynccontextmanager
async def _database(settings: Settings, command: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The server's database, migrated; says on stderr which data directory and database it used."""
    from kkgpt import keys
    from kkgpt.db import migrate
    from kkgpt.db.engine import create_engine, create_session_factory

    url = settings.effective_database_url
    sqlite_file = settings.data_dir / "kkgpt.db" if not settings.database_url else None
    existed = sqlite_file is None or sqlite_file.exists()
    keys.private_directory(settings.data_dir)
    shown = str(sqlite_file.resolve()) if sqlite_file else make_url(url).render_as_string(hide_password=True)
    print(f"kkgpt {command}: database {shown}", file=sys.stderr)
    if not existed:
        print(f"kkgpt {command}: there was no database there yet, so a new one was made. The server must use "
              "the same KKGPT_DATA_DIR (or KKGPT_DATABASE_URL) to accept what this command makes.", file=sys.stderr)
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


async def _dev_token(settings: Settings, name: str, department: str, admin: bool, accept: bool) -> str:
    from kkgpt import keys
    from kkgpt.auth.tokens import ApiTokens, dev_subject
    from kkgpt.auth.users import UserStore
    from kkgpt.guidelines.acceptance import AcceptanceRegistry
    from kkgpt.guidelines.loader import GuidelineLibrary
    from kkgpt.usage.recorder import UsageRecorder

    async with _database(settings, "dev-token") as sessions:
        user = await UserStore(sessions).upsert(
            subject=dev_subject(name), display_name=" ".join(name.split()), department=department,
            role="admin" if admin else "employee",
        )
        if accept:
            secret = keys.session_secret(settings)
            registry = AcceptanceRegistry(sessions, GuidelineLibrary(settings.guidelines_dir),
                                          UsageRecorder(sessions, secret).key_for)
            await registry.accept(user.id, registry.current_version)
        _, token = await ApiTokens(sessions).create(user.id, "dev-token",
                                                    lifetime=timedelta(hours=settings.dev_token_ttl_hours))
    return token


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


async def _find_user(sessions: async_sessionmaker[AsyncSession], who: str):
    from kkgpt.auth.tokens import dev_subject
    from kkgpt.auth.users import UserStore

    users = UserStore(sessions)
    return (await users.get(who) or await users.by_subject(who) or await users.by_subject(dev_subject(who)))


async def _token(settings: Settings, args: argparse.Namespace) -> int:
    from kkgpt.auth.tokens import ApiTokens
    from kkgpt.auth.users import UserStore
    from kkgpt.errors import KkgptError

    async with _database(settings, f"token {args.token_command}") as sessions:
        tokens = ApiTokens(sessions)
        if args.token_command == "revoke":
            try:
                await tokens.revoke(args.id)
            except KkgptError:
                print(f"kkgpt: no API token with id {args.id}", file=sys.stderr)
                return 1
            print(f"revoked {args.id}")
            return 0
        user = await _find_user(sessions, args.user) if args.user else None
        if args.user and user is None:
            print(f"kkgpt: no employee with the id or login subject {args.user!r}", file=sys.stderr)
            return 1
        if args.token_command == "create":
            info, token = await tokens.create(user.id, args.name, lifetime=timedelta(days=args.days))
            print(f"token {info.id} for {user.display_name}, valid until {info.expires_at:%Y-%m-%d %H:%M} UTC; "
                  "it is shown only now:", file=sys.stderr)
            print(token)
            return 0
        users = UserStore(sessions)
        for info in await tokens.list(user.id if user else None):
            owner = await users.get(await tokens.owner(info.id) or "")
            used = f"{info.last_used_at:%Y-%m-%d %H:%M}" if info.last_used_at else "never"
            print(f"{info.id}  {info.prefix}…  {info.name!r}  {owner.display_name if owner else '?'}  "
                  f"created {info.created_at:%Y-%m-%d}  last used {used}  expires {info.expires_at:%Y-%m-%d}")
        return 0


def cmd_token(args: argparse.Namespace) -> int:
    """Create, list or revoke personal API tokens."""
    return asyncio.run(_token(_settings(), args))


def cmd_mock_server(args: argparse.Namespace) -> int:
    """Start the OpenAI-compatible mock model server."""
    from pathlib import Path

    from kkgpt.llm.mock_answers import load_script
    from kkgpt.llm.mock_server import MockServerConfig, serve

    try:
        script = load_script(Path(args.script)) if args.script else ()
        config = MockServerConfig(
            mode=args.mode or ("scripted" if script else "echo"), script=script, ttft_ms=args.ttft_ms,
            tokens_per_second=args.tokens_per_second, answer_tokens=args.answer_tokens,
            chunk_tokens=args.chunk_tokens, fault=None if args.fault == "none" else args.fault,
            fault_rate=args.fault_rate, retry_after_seconds=args.retry_after, model=args.model,
        )
    except (OSError, ValueError) as exc:
        print(f"kkgpt mock-server: {exc}", file=sys.stderr)
        return 2
    try:
        serve(config, host=args.host, port=args.port, log_level=args.log_level)
    except OSError as exc:
        print(f"kkgpt mock-server: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    return 0


MOCK_SERVER_HELP = """\
An OpenAI-compatible model server for testers and benchmarks. It speaks the OpenAI paths
(/v1/chat/completions, /v1/models) and the Azure ones (/openai/deployments/NAME/chat/completions
?api-version=...), streaming and not. Point KK-GPT at it with KKGPT_MODEL_BACKEND=openai and
KKGPT_OPENAI_BASE_URL=http://HOST:PORT/v1, or KKGPT_MODEL_BACKEND=azure and KKGPT_AZURE_ENDPOINT=http://HOST:PORT.

Markers in the last user message (they survive KK-GPT's PII shield) override the settings:
  [[mock:echo]] [[mock:long]] [[mock:markdown]]     what to answer
  [[mock:429]] (or busy) [[mock:500]] (or error) [[mock:refuse]] [[mock:timeout]]
  [[mock:cut]] [[mock:malformed]] [[mock:split]]  faults, as for --fault

Scripted mode reads a YAML list of rules; the first whose regular expression (case-insensitive) is found
in the last user message answers, else the message is echoed:
  - when: "barsel"
    answer: "Du har ret til barselsorlov ..."
  - when: "travlt"
    fault: "429"
"""


async def _simulate(settings: Settings, args: argparse.Namespace) -> tuple[int, int]:
    from sqlalchemy import text

    from kkgpt import keys
    from kkgpt.db.models import utcnow
    from kkgpt.usage.periods import local_day
    from kkgpt.usage.simulate import Plan, simulate

    plan = Plan(events=args.events, days=args.days, departments=args.departments,
                last_day=local_day(utcnow()) - timedelta(days=1), seed=args.seed)  # Copenhagen's yesterday
    from kkgpt.usage.statistics import UsageStatistics

    async with _database(settings, "usage simulate") as sessions:
        written = await simulate(sessions, plan, keys.session_secret(settings), settings.usage_key_rotation)
        async with sessions.begin() as session:
            await session.execute(text("ANALYZE"))  # fresh planner statistics for the grown tables
        # Past days gained events: their daily rollups are made again, so the first page view is fast.
        statistics = UsageStatistics(sessions, min_users=settings.stats_min_users, prices=settings.model_prices_dkk)
        await statistics.roll_up(plan.last_day - timedelta(days=plan.days - 1), plan.last_day, fresh=True)
        return written


def cmd_usage_simulate(args: argparse.Namespace) -> int:
    """Fill the usage log with realistic synthetic events."""
    if args.events < 1 or args.days < 1 or args.departments < 1:
        print("kkgpt: --events, --days and --departments must be at least 1", file=sys.stderr)
        return 2
    events, feedback = asyncio.run(_simulate(_settings(), args))
    print(f"simulated {events:,} usage events and {feedback:,} ratings over {args.days} days "
          f"in {args.departments} departments")
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
    serve.add_argument("--workers", type=int,
                       help="worker processes sharing the port (default: KKGPT_WORKERS, or one per CPU core)")
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

    api_token = commands.add_parser("token", help="create, list or revoke personal API tokens (stored hashed)")
    token_commands = api_token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = token_commands.add_parser("create", help="make a token for an employee and print it (shown once)")
    create.add_argument("--user", required=True,
                        help="the employee: user id, login subject (oidc:…) or development-login name")
    create.add_argument("--name", default="API-nøgle", help="what the token is for, e.g. 'test script'")
    create.add_argument("--days", type=int, default=90, help="days until it expires (default: 90)")
    listing = token_commands.add_parser("list", help="list tokens (never the tokens themselves)")
    listing.add_argument("--user", help="only this employee's tokens")
    revoke = token_commands.add_parser("revoke", help="delete a token at once")
    revoke.add_argument("id", help="the token's id, as `kkgpt token list` shows it")
    api_token.set_defaults(handler=cmd_token)

    usage = commands.add_parser("usage", help="the usage log behind the statistics")
    usage_commands = usage.add_subparsers(dest="usage_command", metavar="ACTION", required=True)
    simulate = usage_commands.add_parser(
        "simulate", help="fill the usage log with realistic synthetic events (for trials and benchmarks)")
    simulate.add_argument("--events", type=int, required=True, help="how many events, e.g. 1000000")
    simulate.add_argument("--days", type=int, default=90, help="over this many days up to yesterday (default: 90)")
    simulate.add_argument("--departments", type=int, default=20,
                          help="departments of very different sizes, the smallest tiny (default: 20)")
    simulate.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    simulate.set_defaults(handler=cmd_usage_simulate)

    mock = commands.add_parser(
        "mock-server", help="start an OpenAI-compatible mock model server (for testers and benchmarks)",
        description=MOCK_SERVER_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mock.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    mock.add_argument("--port", type=int, default=8100, help="port to listen on, 0 for any free one (default: 8100)")
    mock.add_argument("--mode", choices=("echo", "scripted", "long"),
                      help="echo: quote the last user message (default); scripted: answer from --script; "
                           "long: a long answer of --answer-tokens tokens")
    mock.add_argument("--script", metavar="FILE.yaml", help="rules for the scripted mode (implies --mode scripted)")
    mock.add_argument("--ttft-ms", type=float, default=300.0,
                      help="milliseconds until the first token (default: 300)")
    mock.add_argument("--tokens-per-second", type=float, default=50.0,
                      help="pace of the answer, 0 for as fast as possible (default: 50)")
    mock.add_argument("--answer-tokens", type=int, default=1000,
                      help="length of long answers, in tokens (default: 1000)")
    mock.add_argument("--chunk-tokens", type=int, default=1, help="tokens in each streamed chunk (default: 1)")
    mock.add_argument("--fault", default="none",
                      choices=("none", "429", "500", "refuse", "timeout", "cut", "malformed", "split"),
                      help="misbehave on every request (or --fault-rate of them): 429 with Retry-After, 500, "
                           "refuse (content filter), timeout (never answer), cut (stream stops halfway), "
                           "malformed (a broken chunk halfway), split (placeholders cut across two chunks)")
    mock.add_argument("--fault-rate", type=float, default=1.0,
                      help="share of requests that get --fault, 0 to 1 (default: 1)")
    mock.add_argument("--retry-after", type=int, default=1,
                      help="seconds in the Retry-After header of a 429 (default: 1)")
    mock.add_argument("--model", default="kkgpt-mock", help="the model /v1/models lists (default: kkgpt-mock)")
    mock.add_argument("--log-level", default="warning", choices=("debug", "info", "warning", "error"),
                      help="uvicorn's log level (default: warning)")
    mock.set_defaults(handler=cmd_mock_server)

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
