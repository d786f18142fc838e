"""The similarity join finds exactly the pairs a comparison of every pair finds."""

from __future__ import annotations

import doctest
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewgraph.queries import similarity_join, text_likeness
from reviewgraph.queries.similarity_join import least_shared, near_pairs
from reviewgraph.queries.text_likeness import content_words, similarity


def every_pair(sets, threshold):
    found = []
    for (i, a), (j, b) in itertools.combinations(enumerate(sets), 2):
        shared = len(a & b)
        score = round(shared / min(len(a), len(b)), 2)
        if shared and score >= threshold:
            found.append((i, j, score))
    return found


word_sets = st.lists(
    st.frozensets(st.sampled_from("abcdefghijklmnopqrstuvwxyz"[:12]), min_size=1, max_size=9),
    max_size=25,
)


@settings(max_examples=400)
@given(word_sets, st.sampled_from([0.0, 0.1, 0.3, 0.5, 0.66, 0.67, 0.8, 0.95, 1.0]))
def test_same_pairs_as_every_pair_compared(sets, threshold):
    assert near_pairs(sets, threshold) == every_pair(sets, threshold)


def test_rounding_as_reported():
    # 2/3 = 0.67 once rounded, as the rows print it: it reaches 0.67.
    sets = [frozenset("abc"), frozenset("abxyz")]
    assert near_pairs(sets, 0.67) == [(0, 1, 0.67)]
    assert near_pairs(sets, 0.68) == []
    assert least_shared(3, 0.67) == 2


def test_empty_set_is_refused():
    with pytest.raises(ValueError):
        least_shared(0, 0.8)


@pytest.mark.parametrize("module", [similarity_join, text_likeness])
def test_doctests(module):
    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


def test_similarity_is_the_share_of_the_shorter_texts_words():
    # Five content words and six ("within", "days"), four in common: 4 / 5.
    first = "Review the referral pathway for injured babies"
    second = "Review referral pathways for babies within days"
    assert content_words(first) == {"review", "referral", "pathway", "injur", "babi"}
    assert similarity(first, second) == 0.8
    assert similarity(second, first) == 0.8
    assert similarity("Letter to GPs.", "Letter to GPs.") == 0.0
