"""Reasons in words are built once per distinct pattern and shared: each entry must still read
exactly as if it had been put in words alone (its own conditions, values and missing facts)."""

from __future__ import annotations

from datetime import date

import numpy as np

from openocmw.rules.rights import explain
from openocmw.rules.rights.screening import screen
from openocmw.rules.rights.synthetic import generate

ON = date(2025, 3, 1)


def test_each_entry_reads_as_if_explained_alone_in_every_language():
    pop = generate(4000, 5)
    result = screen(pop, ON)
    rng = np.random.default_rng(1)
    checked = 0
    for code, right in result.rights.items():
        shown = np.flatnonzero(right.enr_reasons != 0)
        texts = explain.worklist_texts(right, pop, ON, select=shown)
        assert texts["person_id"] == right.enr_ids[shown].tolist()
        for k in rng.choice(len(shown), size=min(15, len(shown)), replace=False).tolist():
            for language in explain.LANGUAGES:
                (alone,) = explain.worklist(
                    right, pop, ON, language=language, select=shown[k : k + 1]
                )
                assert texts["reasons"][language][k] == alone["reason"], (code, language)
                assert texts["missing_in"][language][k] == alone["missing"]
            checked += 1
        reviews = explain.review_texts(right, pop, ON)
        for k in range(min(5, len(right.review_ids))):
            for language in explain.LANGUAGES:
                (alone,) = explain.review_list(_only(right, k), pop, ON, language=language)
                assert reviews["reasons"][language][k] == alone["reason"], (code, language)
    assert checked > 50
    # Every entry of every language has its text, in that language.
    leefloon = result.rights["leefloon"]
    words = explain.worklist_texts(leefloon, pop, ON, languages=("fr",))["reasons"]["fr"]
    assert words and all(w.startswith("Rempli: ") for w in words)


def _only(right, k):
    """The result with only its k-th review entry."""
    from dataclasses import replace

    return replace(
        right,
        review_ids=right.review_ids[k : k + 1],
        review_failing=right.review_failing[k : k + 1],
    )
