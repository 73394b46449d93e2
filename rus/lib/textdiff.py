"""Differences between two texts, word by word, marked up so that what was added and what
was removed is announced in words, not only shown in colour."""

import difflib
import re
from dataclasses import dataclass

# Words, single punctuation marks and runs of white space, so that a sentence that grows at
# its end shows only the new words as added.
_TOKENS = re.compile(r"\w+|[^\w\s]|\s+")


@dataclass(frozen=True)
class DiffPart:
    op: str  # "same", "added" or "removed"
    text: str


def diff_words(old: str, new: str) -> list[DiffPart]:
    """The parts of ``new`` and ``old`` in reading order: unchanged runs, and words removed
    from ``old`` followed by the words that replaced them. Changes separated only by white
    space read as one change, so a rewritten sentence is not shown word by word."""
    a = _TOKENS.findall(old.replace("\r\n", "\n"))
    b = _TOKENS.findall(new.replace("\r\n", "\n"))
    runs: list[tuple[str, str, str]] = []  # ("same", text, "") or ("change", removed, added)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("same", "".join(a[i1:i2]), ""))
            continue
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        between_changes = len(runs) >= 2 and runs[-2][0] == "change"
        if between_changes and runs[-1][0] == "same" and runs[-1][1].isspace():
            space = runs.pop()[1]
            _kind, before, after = runs.pop()
            removed = before + space + removed if before or removed else ""
            added = after + space + added if after or added else ""
        runs.append(("change", removed, added))
    parts: list[DiffPart] = []
    for kind, first, second in runs:
        if kind == "same":
            parts.append(DiffPart("same", first))
            continue
        if first:
            parts.append(DiffPart("removed", first))
        if second:
            parts.append(DiffPart("added", second))
    return parts
