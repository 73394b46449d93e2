"""Line diffs of texts for reviewers, marked up so that added and removed text is announced
in words, not only shown in colour."""

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    op: str  # "same", "added" or "removed"
    text: str


def diff_lines(old: str, new: str) -> list[DiffLine]:
    ops = {" ": "same", "+": "added", "-": "removed"}
    result = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        marker, text = line[:1], line[2:]
        if marker in ops:
            result.append(DiffLine(ops[marker], text))
    return result
