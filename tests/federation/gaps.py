"""The list of cases the gateway does not pass yet (``known_gaps.txt``, one id a line)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["GAPS_FILE", "known_gaps"]

GAPS_FILE = Path(__file__).parent / "known_gaps.txt"


def known_gaps() -> set[str]:
    """Case ids (``suite/case``) listed as known gaps; ``#`` starts a comment."""
    if not GAPS_FILE.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in GAPS_FILE.read_text().splitlines())
    return {line for line in lines if line}
