"""Benchmark of the Danish PII analyzer against plain Presidio (not a test).

Run: `.venv/bin/python benchmarks/pii_bench.py [--repeat N]`. Prints p50/p95 milliseconds per prompt for
~300 B, 1 KB, 10 KB and 100 KB of synthetic Danish case notes (names, CPR numbers, addresses, phones, a form
in capitals, letter headers; generated from a fixed seed), the same for plain Presidio (predefined recognizers, a blank spaCy pipeline,
no download), the ratio ours/plain, the ms-per-KB slope and the time to build our engine after import.

Targets on a 2-core machine: 1 KB p50 <= 4 ms, 10 KB p50 <= 40 ms, linear in length, no slower than plain
Presidio, engine ready <= 2 s after import.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SIZES = {"300 B": 300, "1 KB": 1_000, "10 KB": 10_000, "100 KB": 100_000}
SEED = 20241128

_FIRST = ["Anne", "Lars", "Mette", "Hassan", "Fatima", "Søren", "Zeynep", "Mohammed", "Birthe", "Jonas",
          "Olena", "Ivana", "Ayaan", "Nguyen", "Kasper", "Louise", "Omar", "Camilla", "Reza", "Agnieszka"]
_LAST = ["Jensen", "Nielsen", "Hansen", "Yilmaz", "Farah", "Kovačević", "Andersen", "Khan", "Holm-Larsen",
         "Shevchenko", "Pedersen", "Abdullahi", "Kirkegaard", "Nowak", "Hosseini", "Lund", "Bach", "Tran"]
_STREETS = ["Vesterbrogade", "Nørrebrogade", "Amagerbrogade", "Jagtvej", "Tagensvej", "Istedgade",
            "Frederikssundsvej", "Gammel Kongevej", "Peter Bangs Vej", "Valby Langgade"]
_DISTRICTS = ["1620 København V", "2200 København N", "2300 København S", "2500 Valby", "2700 Brønshøj",
              "2100 København Ø", "1850 Frederiksberg C"]
_TEMPLATES = [
    "Borgeren {name} (cpr {cpr}) bor på {address} og kan kontaktes på tlf. {phone}.",
    "Vi har i dag holdt møde med {name}, som fortalte om udfordringer med økonomien og boligen.",
    "Sagsbehandleren vurderer, at der er behov for en revurdering af sagen efter serviceloven § 85.",
    "{name} har oplyst, at sønnen går i 3. klasse på skolen og trives godt med kammeraterne.",
    "Der er aftalt opfølgning om fire uger; Socialforvaltningen sender indkaldelse via Digital Post.",
    "Hjemmeplejen har observeret vægttab, og egen læge er orienteret om situationen.",
    "Kontaktpersonen {name} ringede fra {phone} og bad om en kopi af afgørelsen.",
    "Udbetalingen på 4.500 kr. overføres til NemKonto i næste uge, jf. sag 2024-0183342.",
    "Familien er flyttet til {address}, og skolen er underrettet om den nye adresse.",
    "Mødet blev holdt på Rådhuset med deltagelse af Børne- og Ungdomsforvaltningen og PPR.",
    "Borgeren ønsker ikke at deltage i aktiviteter på Aktivitetscenter Valby i denne omgang.",
    "Datteren {first} har brug for støtte til lektier, og moren {name} er bekymret.",
    "Please note that {name} needs an interpreter; the family speaks Arabic at home.",
    "Lægen anbefaler genoptræning to gange om ugen, og hjælpemidler er bestilt.",
    # A form typed in capitals and a letter's header: the paths that read lines again or look at the next one
    "\nNAVN: {name_caps}\nADRESSE: {address_caps}\nTLF: {phone}\n",
    "\n{name}\n{street}\n{district}\n\nKære {first}, tak for dit brev.",
]


def _cpr(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(40, 99)
    return f"{day:02d}{month:02d}{year:02d}-{rng.randint(1000, 3999)}"


def _phone(rng: random.Random) -> str:
    digits = f"{rng.randint(2, 9)}{rng.randint(0, 9_999_999):07d}"
    return " ".join(digits[i:i + 2] for i in range(0, 8, 2))


def _sentence(rng: random.Random) -> str:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    street, district = f"{rng.choice(_STREETS)} {rng.randint(1, 199)}", rng.choice(_DISTRICTS)
    address = f"{street}, {district}"
    return rng.choice(_TEMPLATES).format(name=f"{first} {last}", first=first, cpr=_cpr(rng),
                                         address=address, phone=_phone(rng), street=street,
                                         district=district, name_caps=f"{first} {last}".upper(),
                                         address_caps=address.upper())


def make_text(size: int, rng: random.Random) -> str:
    """Synthetic case-note text of about `size` characters."""
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = _sentence(rng)
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)


def _time(fn: Callable[[str], object], texts: list[str]) -> tuple[float, float]:
    """p50 and p95 milliseconds of fn over texts (after one warm-up call)."""
    fn(texts[0])
    samples = []
    for text in texts:
        start = time.perf_counter()
        fn(text)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def _plain_presidio(model_dir: str) -> Callable[[str], object]:
    """Presidio's defaults for "da" (predefined recognizers) on a blank spaCy pipeline saved to disk."""
    import spacy
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    # Presidio's e-mail check uses tldextract's default extractor, which would fetch the public suffix list
    # over the network: the bundled snapshot instead, as the shield's own e-mail recognizer does.
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(),
                                                                fallback_to_snapshot=True)
    spacy.blank("da").to_disk(model_dir)
    engine = AnalyzerEngine(nlp_engine=SpacyNlpEngine(models=[{"lang_code": "da", "model_name": model_dir}]),
                            supported_languages=["da"])
    return lambda text: engine.analyze(text=text, language="da")


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=0, help="prompts per size (default: by size)")
    args = parser.parse_args()

    import_start = time.perf_counter()
    from kkgpt.pii.analyzer import build_analyzer
    import_done = time.perf_counter()
    analyzer = build_analyzer()
    analyzer.analyze("Varm op: Anne Jensen, 010170-1234, Vesterbrogade 12, 1620 København V.")
    built = time.perf_counter()
    print(f"import {import_done - import_start:.2f} s; "
          f"engine built and warm {built - import_done:.2f} s after import")

    rng = random.Random(SEED)
    counts = {"300 B": 200, "1 KB": 200, "10 KB": 40, "100 KB": 8}
    corpus = {label: [make_text(size, rng) for _ in range(args.repeat or counts[label])]
              for label, size in SIZES.items()}

    with tempfile.TemporaryDirectory() as model_dir:
        plain = _plain_presidio(model_dir)
        rows = []
        for label, texts in corpus.items():
            ours = _time(analyzer.analyze, texts)
            theirs = _time(plain, texts[: max(3, len(texts) // 4)])
            kb = statistics.mean(len(t.encode("utf-8")) for t in texts) / 1000
            rows.append((label, kb, ours, theirs))

    print(f"{'size':>7} {'ours p50':>9} {'ours p95':>9} {'plain p50':>10} {'plain p95':>10}"
          f" {'ours/plain':>10} {'ours ms/KB':>10}")
    for label, kb, (p50, p95), (q50, q95) in rows:
        print(f"{label:>7} {p50:9.2f} {p95:9.2f} {q50:10.2f} {q95:10.2f} {p50 / q50:10.2f} {p50 / kb:10.3f}")
    ten, hundred = rows[2], rows[3]
    print(f"linearity: 100 KB p50 / 10 KB p50 = {hundred[2][0] / ten[2][0]:.1f} (10.0 is linear); "
          f"ms/KB at 10 KB {ten[2][0] / ten[1]:.3f}, at 100 KB {hundred[2][0] / hundred[1]:.3f}")
    _worst_input(analyzer.analyze)


def _worst_input(analyze: Callable[[str], object]) -> None:
    """The slowest of the adversarial families at 60 KB (tests/pii/adversarial.py), against plain Presidio
    on the same text, and the same family's 60 KB / 6 KB ratio (10 is linear)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.pii.adversarial import cases

    small = dict(cases(6_000))
    timings = [(_time(analyze, [text])[0], label, text) for label, text in cases(60_000)]
    worst_ms, label, text = max(timings)
    ratio = worst_ms / _time(analyze, [small[label]] * 3)[0]
    with tempfile.TemporaryDirectory() as model_dir:
        plain_ms = _time(_plain_presidio(model_dir), [text])[0]
    print(f"worst input of {len(timings)} adversarial 60 KB texts: {label} ours {worst_ms:.1f} ms, "
          f"plain {plain_ms:.1f} ms, ours/plain {worst_ms / plain_ms:.2f}; 60 KB / 6 KB = {ratio:.1f}")


if __name__ == "__main__":
    main()
