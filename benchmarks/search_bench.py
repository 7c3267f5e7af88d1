"""How long one search request takes: one employee with N conversations of M messages, all encrypted.

Prints milliseconds (best and median of `--runs`) for a query that matches nothing (the request reads the most
it may, `SCAN_MAX` conversations) and for a word every conversation has (it stops at the page's 20 hits).

    .venv/bin/python benchmarks/search_bench.py --conversations 300 --messages 20
    .venv/bin/python benchmarks/search_bench.py --database-url postgresql+asyncpg://postgres@127.0.0.1/kkgpt_bench
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from kkgpt.chat.search import SCAN_MAX
from kkgpt.services import build_services
from kkgpt.settings import Settings

QUESTION = ("Kan du skrive et udkast til et brev til borgeren om afgørelsen i sagen om boligstøtte, "
            "hvor vi forklarer reglerne for beregning af husstandens indkomst og hvad der sker ved "
            "ændringer i løbet af året? Brevet skal være i klart sprog. ") * 2
ANSWER = ("Her er et udkast til brevet. Kære borger, vi har nu behandlet din ansøgning om boligstøtte. "
          "Boligstøtten beregnes ud fra husstandens samlede indkomst, boligudgiften og antallet af personer "
          "i husstanden. Hvis indkomsten ændrer sig i løbet af året, skal du give besked, så vi kan "
          "regulere støtten. ") * 6


async def _fill(services, user_id: str, conversations: int, messages: int) -> None:
    store = services.conversations
    for n in range(conversations):
        c = await store.create(user_id)
        for m in range(messages // 2):
            question = f"{QUESTION} (samtale {n}, spørgsmål {m})"
            await store.append(user_id, c.id, role="user", content=question, model_content=question,
                               token_count=100, title=question)
            await store.append(user_id, c.id, role="assistant", content=ANSWER, model_content=ANSWER, token_count=300)


async def _time(search, user_id: str, query: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await search.search(user_id, query, limit=20)
        times.append((time.perf_counter() - start) * 1000)
    return times


async def main(conversations: int, messages: int, runs: int, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), database_url=database_url)
        services = await build_services(settings)
        try:
            user = await services.users.upsert(subject="bench", display_name="Bench", department="IT",
                                               role="employee")
            await _fill(services, user.id, conversations, messages)
            for label, query in (("no hit (reads the most one request may)", "findes ingen steder"),
                                 ("a word in every conversation (20 hits)", "boligstøtte")):
                times = await _time(services.search, user.id, query, runs)
                print(f"{label}: best {min(times):.1f} ms, median {statistics.median(times):.1f} ms "
                      f"({conversations} conversations of {messages} messages, at most {SCAN_MAX} read)")
        finally:
            await services.aclose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=300)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(main(args.conversations, args.messages, args.runs, args.database_url))
