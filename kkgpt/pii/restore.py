"""Put personal data back into the model's answer, in one go or while it streams.

Models do not always copy a placeholder exactly. Recognised forms of the token `PERSON_1`:

    <PERSON_1>   <Person_1>   < PERSON_1 >   <PERSON-1>   <PERSON 1>   [PERSON_1]   {PERSON_1}
    PERSON_1     (bare: capital letters, "_" and digits only, not glued to other letters or digits)

Text around a placeholder stays as it is (`<PERSON_1>'s`, `<PERSON_1>s`). Only tokens present in *this*
conversation's vault are replaced; anything else that looks like a placeholder (an invented `<PERSON_7>`,
one from another conversation, a redacted `<CPR>`) is left untouched, so it can reveal nothing.
Replacement is a single pass: a restored value is never scanned again, so a value that itself looks like a
placeholder cannot pull in a second one.

Streaming: `StreamRestorer` emits everything that can no longer be part of a placeholder and holds back
only the shortest tail that still could be (`<PER`, `PERSON_1` at the very end, which may gain digits).
Its output over any chunking equals `restore` of the whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kkgpt.pii.entities import LABEL_PART_MAX, LABEL_PARTS_MAX
from kkgpt.pii.vault import NUMBER_DIGITS_MAX, PlaceholderVault

_LETTERS = rf"[A-Za-z]{{1,{LABEL_PART_MAX}}}"
_CAPITALS = rf"[A-Z]{{1,{LABEL_PART_MAX}}}"
_JOIN = r"[_\- ]"  # inside brackets models also write "-" or a space
_DIGITS = rf"[0-9]{{1,{NUMBER_DIGITS_MAX}}}"
_MORE_PARTS = f"{{0,{LABEL_PARTS_MAX - 1}}}"
_BRACKETS = (("<", ">"), ("[", "]"), ("{", "}"))

_BRACKETED_BODY = rf" ?{_LETTERS}(?:{_JOIN}{_LETTERS}){_MORE_PARTS}{_JOIN}{_DIGITS} ?"
_BARE = rf"(?<!\w){_CAPITALS}(?:_{_CAPITALS}){_MORE_PARTS}_{_DIGITS}(?!\w)"

# A complete placeholder-like token. At any position at most one alternative can apply (they start with
# different characters), so a match never depends on alternative order.
_PLACEHOLDER = re.compile(
    "|".join(re.escape(o) + _BRACKETED_BODY + re.escape(c) for o, c in _BRACKETS) + "|" + _BARE
)

# The text from here to the end could still grow into a placeholder (or, for the bare form, into a longer
# one): these are the proper prefixes of the alternatives above, plus a bare token that reaches the end.
_BRACKETED_PREFIX = (
    rf" ?(?:{_LETTERS}(?:{_JOIN}{_LETTERS}){_MORE_PARTS}(?:{_JOIN}(?:[0-9]{{1,{NUMBER_DIGITS_MAX}}} ?)?)?)?"
)
_BARE_PREFIX = rf"(?<!\w){_CAPITALS}(?:_{_CAPITALS}){_MORE_PARTS}(?:_[0-9]{{0,{NUMBER_DIGITS_MAX}}})?"
_UNFINISHED = re.compile(
    "(?:" + "|".join(re.escape(o) + _BRACKETED_PREFIX for o, _ in _BRACKETS) + "|" + _BARE_PREFIX + r")\Z"
)


@dataclass(frozen=True, slots=True)
class PlaceholderLike:
    """A placeholder-like piece of text: where it is and the token it names (`PERSON_1`)."""

    start: int
    end: int
    token: str

    @property
    def label(self) -> str:
        """The label part of the token (`PERSON`)."""
        return self.token.rsplit("_", 1)[0]


def _token(raw: str) -> str:
    """`< person-1 >` -> `PERSON_1`."""
    return re.sub(r"[_\- ]+", "_", raw.strip("<>[]{} ")).upper()


def find_placeholder_like(text: str) -> list[PlaceholderLike]:
    """Every piece of `text` that `restore` would treat as a placeholder (in any vault)."""
    return [PlaceholderLike(m.start(), m.end(), _token(m.group())) for m in _PLACEHOLDER.finditer(text)]


def _restore_from(text: str, pos: int, vault: PlaceholderVault, *, final: bool) -> tuple[str, int]:
    """Restore `text[pos:cut]` and return it with `cut`.

    With `final`, `cut` is the end of the text. Otherwise `cut` is the first position the scan reaches
    whose fate depends on text not yet seen; matches before it are exactly those a scan of the full text
    finds, because every match found here is complete and followed by a character that settles it.
    """
    out: list[str] = []
    unfinished = None if final else _UNFINISHED.search(text, pos)
    cut = len(text) if unfinished is None else unfinished.start()
    for match in _PLACEHOLDER.finditer(text, pos, cut):
        # No match straddles `cut`: every prefix ends at a closing bracket or a non-word character, so an
        # unfinished tail cannot start inside a complete placeholder. A bare token ending exactly at `cut`
        # is followed by an opening bracket there, so `endpos` does not change its end check either.
        out.append(text[pos : match.start()])
        value = vault.value_for(_token(match.group()))
        out.append(match.group() if value is None else value)
        pos = match.end()
    out.append(text[pos:cut])
    return "".join(out), cut


def restore(text: str, vault: PlaceholderVault) -> str:
    """Replace this conversation's placeholders in `text` with the values they stand for."""
    restored, _ = _restore_from(text, 0, vault, final=True)
    return restored


class StreamRestorer:
    """Restores a streamed answer chunk by chunk; holds back only what could still be a placeholder."""

    def __init__(self, vault: PlaceholderVault) -> None:
        self._vault = vault
        self._pending = ""  # received, not yet emitted
        self._before = ""  # the last emitted character: the bare form must not be glued to a word
        self._finished = False

    def feed(self, chunk: str) -> str:
        """Take the next chunk of model output; return the restored text that is safe to show now."""
        if self._finished:
            raise RuntimeError("StreamRestorer.feed() after finish()")
        return self._emit(self._pending + chunk, final=False)

    def finish(self) -> str:
        """The end of the stream: return whatever was held back, restored. Calling it again returns ""."""
        if self._finished:
            return ""
        self._finished = True
        return self._emit(self._pending, final=True)

    def _emit(self, pending: str, *, final: bool) -> str:
        text = self._before + pending
        restored, cut = _restore_from(text, len(self._before), self._vault, final=final)
        if cut > len(self._before):
            self._before = text[cut - 1]
        self._pending = text[cut:]
        return restored
