"""Names after a CPR number in the file name of an attachment: "CPR_0810607847_Babić.pdf".

The analyzer reads a file name's underscores as spaces (`kkgpt.pii.normalise`), so "Lønsedler_Zainab_april.pdf"
is words like any others; but a surname alone before ".pdf" has no cue a sentence would give. After a CPR
number in the same file name it names the number's person, unless it is an everyday word ("_Bilag.pdf").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kkgpt.pii.recognizers.lexicon import NameLexicon, fold

#: A CPR number, then up to three words and a document's extension, in one file name.
_AFTER_CPR = re.compile(
    r"(?<![\w\-])\d{6}-?\d{4}[ \-](?P<words>(?:[^\W\d_]+[ \-]){0,2}[^\W\d_]+)"
    r"\.(?:pdf|docx?|xlsx?|odt|rtf|txt|msg|eml|jpe?g|png|tiff?|heic)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")


def file_name_people(text: str, lexicon: NameLexicon) -> Iterator[tuple[int, int]]:
    """(start, end) of each name after a CPR number in a file name in `text`."""
    for match in _AFTER_CPR.finditer(text):
        start = match.start("words")
        for word in _WORD.finditer(match.group("words")):
            folded = fold(word.group())
            if (
                word.group()[:1].isupper()
                and not word.group().isupper()
                and folded not in lexicon.common_words
                and folded not in lexicon.organisations
                and folded not in lexicon.place_words
            ):
                yield start + word.start(), start + word.end()
