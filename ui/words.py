"""Small helpers for words on screen, shared by the pages that list translated names."""

from __future__ import annotations

import unicodedata


def sort_key(text: str) -> str:
    """Alphabetical order as a reader expects it: accents and case ignored ('Évérolimus'
    sorts with the e's, not after 'z')."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
