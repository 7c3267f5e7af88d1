"""A minimal writer of Microsoft compound files (MS-CFB, version 3), the container of Outlook .msg files.

Enough for tests: storages and streams from a dict of paths. Every stream is padded to the 4,096-byte
mini-stream cutoff so that all of them live in ordinary sectors (no mini stream); the .msg reader strips
the trailing NULs a padded string property then has.
"""

from __future__ import annotations

import math
import struct

SECTOR = 512
CUTOFF = 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, NO_STREAM, right, child,
                       b"\0" * 16, 0, 0, 0, start, size)


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding `streams` ("storage/stream" paths make storages)."""
    names = ["Root Entry"]
    kinds = [5]
    parents = [-1]
    data: dict[int, bytes] = {}
    index: dict[str, int] = {"": 0}
    for path, content in streams.items():
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            if key not in index:
                index[key] = len(names)
                names.append(parts[depth - 1])
                kinds.append(2 if depth == len(parts) else 1)
                parents.append(index["/".join(parts[: depth - 1])])
        data[index[path]] = content.ljust(CUTOFF, b"\0")
    children: dict[int, list[int]] = {}
    for entry, parent in enumerate(parents):
        if parent >= 0:
            children.setdefault(parent, []).append(entry)

    directory_sectors = math.ceil(len(names) / 4)
    data_sectors = {entry: math.ceil(len(content) / SECTOR) for entry, content in data.items()}
    used = directory_sectors + sum(data_sectors.values())
    fat_sectors = math.ceil((used + 1) / (SECTOR // 4 - 1))
    fat = [FAT_SECTOR] * fat_sectors
    directory_start = len(fat)
    fat += [*range(directory_start + 1, directory_start + directory_sectors), END]
    starts: dict[int, int] = {}
    for entry, count in data_sectors.items():
        starts[entry] = len(fat)
        fat += [*range(len(fat) + 1, len(fat) + count), END]
    fat += [FREE] * (fat_sectors * SECTOR // 4 - len(fat))

    entries = b""
    for entry, name in enumerate(names):
        kids = children.get(entry, [])
        siblings = children.get(parents[entry], []) if parents[entry] >= 0 else []
        position = siblings.index(entry) if entry in siblings else -1
        right = siblings[position + 1] if 0 <= position < len(siblings) - 1 else NO_STREAM
        entries += _entry(name, kinds[entry], kids[0] if kids else NO_STREAM, right,
                          starts.get(entry, END), len(data.get(entry, b"")))
    entries = entries.ljust(directory_sectors * SECTOR, b"\0")

    difat = [*range(fat_sectors), *([FREE] * (109 - fat_sectors))]
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII109I", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16,
                         0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, fat_sectors, directory_start, 0, CUTOFF,
                         END, 0, END, 0, *difat)
    body = struct.pack(f"<{len(fat)}I", *fat) + entries
    body += b"".join(content.ljust(data_sectors[entry] * SECTOR, b"\0") for entry, content in data.items())
    return header + body
