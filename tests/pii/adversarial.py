"""Adversarial input families for the PII shield's linear-time guarantee (used by tests and benchmarks).

Each family repeats a short unit up to a given length: punctuation, separators, one long token, repeated
names, streets, digits, mixed scripts, structured rows and placeholder look-alikes; `mixes` interleaves
units from the whole pool with a fixed seed. A recognizer whose cost grows with the square of the input
shows up on at least one of them as a 60 KB run costing far more than ten 6 KB runs.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

#: Units by family; each is repeated until the text reaches the wanted length.
FAMILIES: dict[str, tuple[str, ...]] = {
    "punctuation": (
        ".",
        "a.",
        "A.",
        "..",
        "-",
        "_",
        "@",
        "'",
        "’",
        ",",
        ";",
        ":",
        "|",
        "/",
        "=",
        "+",
        "(",
        ")",
        "<>",
        "*",
        "#",
        "&",
        "a_",
        "a-",
        "a'",
        "a:",
        "Ab'",
        ".x",
        "-x",
        "x-",
        "!?",
    ),
    "separators": (
        " ",
        "\n",
        "\t",
        " \n",
        "\u00a0",
        "\u200b",
        "\r\n",
        " - ",
        " | ",
        ", ",
        "\n\n",
        "a ",
        "a\n",
        "a\t",
        "\u2009",
        "\u00ad",
    ),
    "long tokens": (
        "a",
        "A",
        "Aa",
        "1",
        "æ",
        "Æ",
        "aA1",
        "a.b",
        "A.B.",
        "H.",
        "DK",
        "AB",
        "www.",
        "x@y",
        "a1",
        "1a",
        "ø-",
    ),
    "names": (
        "Hans ",
        "Hans-",
        "Hans.",
        "Hans'",
        "Jens Hansen ",
        "JENS HANSEN ",
        "jens hansen ",
        "Jens.Hansen@",
        "Anne Marie ",
        "Anne-Marie ",
        "de ",
        "van der ",
        "Hans de ",
        "H.C. ",
        "J.H. ",
        "j.h. ",
        "KBM ",
        "/LKJ\n",
        "Mvh\nLKJ\n",
        "Kære Hans ",
        "Per og ",
        "per og ",
        "Sofies ",
        "Hansen, ",
        "Jens, ",
        "fru ",
        "al-",
        "bin ",
        "Sankt ",
        "Bang & ",
        "jens.hansen ",
        "user=jens.hansen ",
        "Deltagere: ",
        "Fra: ",
        "Hej ",
        "hej ",
        "Jensen-",
    ),
    "streets": (
        "Vesterbrogade 12, ",
        "Vej 1 ",
        "vej 1 ",
        "jagtvej 155 st th ",
        "Gade ",
        "Allé 2, ",
        "2200 København N ",
        "Ved Hans 1 ",
        "HILLERØDGADE 30A ",
        "Hauptstraße 5 ",
        "1. th. ",
        "1 tv ",
        "Gammel ",
        "Peter Bangs Vej ",
        "2200 ",
        "kbh n ",
        "3.sal ",
    ),
    "digits": (
        "1",
        "1 ",
        "12 ",
        "12-",
        "1.",
        "12.34.",
        "0101701234 ",
        "010170-1234 ",
        "010170",
        "27 19 38 46 ",
        "27193846 ",
        "+45 ",
        "0045",
        "1234-",
        "DK50 ",
        "AB 12 345 ",
        "4571",
        "12 34 ",
        "+",
        "+4",
        "2-",
        "reg. 1234 ",
        "konto ",
        "cpr ",
    ),
    "mixed scripts": (
        "Jensпривет ",
        "中文",
        "😀",
        "مرحبا ",
        "Ωμέγα ",
        "ﬁ",
        "Ａ１",
        "e\u0301",
        "\u200f",
        "Ĳ",
        "İ",
        "ǅ",
        "ß",
        "Åå",
    ),
    "structure": (
        "navn,mail,mobil\n",
        "Jens,jens@x.dk,27193846\n",
        "21 40 67 93,2,010170-1234,5\n",  # digits touching across the commas of a table
        "1,2\n",
        "| Jens | 2719 3846 |\n",
        "|",
        "|-",
        "[09.05] Jens: hej\n",
        "Fra: Jens\n",
        "Jens\t27193846\n",
        ";",
        "\t",
        "a;",
        "a,",
        "> ",
        "[10:14] Anne Holm\n",
        "Anne Holm 10:14\n",
        "Deltagere:\n- A\n",
        "Ref. KBM ",
        "@anne ",
        "(KBM) ",
        "KBM foreslog ",
        "Mvh\nanne\n",
        "Hanne: 5217 4830\n",
        "a:b:c:",
        "[[[",
        "10:00 Møde\n",
    ),
    "placeholders": ("<PERSON_1>", "<", "[CPR_1] ", "PERSON_1", "<PERSON_", "{navn_1}"),
    "e-mail and web": ("a@b.", "@a.dk ", "http://", "www.a", "a.dk ", "(at) ", "[at]", " dot ", "snabel-a "),
}

#: Seeds of the random mixes (each mix draws six units from all families).
MIX_SEEDS = range(12)


def repeat(unit: str, length: int) -> str:
    """`unit` repeated and cut to exactly `length` characters."""
    return (unit * (length // len(unit) + 1))[:length]


def mix(seed: int, length: int) -> str:
    """Six units drawn with `seed` from every family, interleaved at random up to `length` characters."""
    rng = random.Random(seed)
    pool = rng.sample([unit for units in FAMILIES.values() for unit in units], 6)
    parts: list[str] = []
    total = 0
    while total < length:
        unit = rng.choice(pool)
        parts.append(unit)
        total += len(unit)
    return "".join(parts)[:length]


def cases(length: int) -> Iterator[tuple[str, str]]:
    """(label, text) for every unit of every family and every mix, each `length` characters long."""
    for family, units in FAMILIES.items():
        for unit in units:
            yield f"{family}: {unit!r}", repeat(unit, length)
    for seed in MIX_SEEDS:
        yield f"mix {seed}", mix(seed, length)
