"""The keys the staff queue searches on, made the same way from what is stored and from
what staff type: a name ignoring case, accents and punctuation, and a case number
ignoring dashes, spaces and dots. Pure functions, also used by migration 0011."""

from __future__ import annotations

import unicodedata

# Dropped inside a word, so that "O'Brien" and "OBrien" meet.
_JOINERS = {"'", "’", "‘", "`", "´"}


def name_key(name: str) -> str:
    """ "Peña  O'Brien-Núñez" → "pena obrien nunez": lower case, accents taken off, every
    other character that is not a letter or digit a word break."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    kept = []
    for char in decomposed:
        if unicodedata.combining(char) or char in _JOINERS:
            continue
        kept.append(char if char.isalnum() else " ")
    return " ".join("".join(kept).casefold().split())


def name_words(query: str) -> list[str]:
    """The words of a name search, each of which must appear (in any order)."""
    return name_key(query).split()


def case_number_key(number: str) -> str:
    """ "d-024-cr-22-001234" → "D024CR22001234": the letters and digits, upper case."""
    normal = unicodedata.normalize("NFKC", number or "")
    return "".join(char for char in normal.upper() if char.isascii() and char.isalnum())


def looks_like_case_number(query: str) -> bool:
    """Names have no digits; a search with one is a case number."""
    return any(char.isdigit() for char in case_number_key(query))
