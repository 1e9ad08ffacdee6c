"""Names made comparable: lower case, accents removed (for search and the duplicate check)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case, accents removed: 'Çelik' and 'celik' search alike."""
    norm = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in norm if not unicodedata.combining(c)).lower().strip()


def search_key(last_name: str, first_name: str) -> str:
    return f"{fold(last_name)} {fold(first_name)}"
