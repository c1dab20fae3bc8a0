"""The vectorised AUC equals scikit-learn's roc_auc_score on every group."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import roc_auc_score

from cratedig.evaluation.metrics import grouped_auc

group = st.lists(
    st.tuples(st.booleans(), st.integers(min_value=-3, max_value=3)), min_size=0, max_size=25
)


@settings(max_examples=200, deadline=None)
@given(st.lists(group, min_size=1, max_size=12), st.booleans())
def test_matches_sklearn(groups: list[list[tuple[bool, int]]], halve: bool) -> None:
    ptr = np.cumsum([0, *(len(g) for g in groups)])
    labels = np.array([y for g in groups for y, _ in g], dtype=bool)
    scores = np.array([s for g in groups for _, s in g], dtype=float)
    if halve:  # non-integer scores with ties too
        scores = scores / 2 + 0.25
    got = grouped_auc(ptr, labels, scores)
    for i, g in enumerate(groups):
        y = [a for a, _ in g]
        if all(y) or not any(y):
            assert np.isnan(got[i])
        else:
            s = scores[ptr[i] : ptr[i + 1]]
            assert got[i] == pytest.approx(roc_auc_score(y, s), abs=1e-12)


def test_known_answers() -> None:
    ptr = np.array([0, 4, 8, 11, 13])
    labels = np.array([1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1], dtype=bool)
    scores = np.array([4, 3, 2, 1, 1, 2, 3, 4, 5, 5, 1, 0, 0], dtype=float)
    auc = grouped_auc(ptr, labels, scores)
    assert auc[0] == 1.0  # perfect
    assert auc[1] == 0.25  # pairs: (1>2? no)(1>4 no)(3>2 yes)(3>4 no) = 1/4
    assert auc[2] == 0.75  # tie with one negative counts one half: (0.5 + 1) / 2
    assert np.isnan(auc[3])  # no negatives: skipped


def test_mask_keeps_a_subset() -> None:
    ptr = np.array([0, 4])
    labels = np.array([1, 1, 0, 0], dtype=bool)
    scores = np.array([1.0, 4.0, 2.0, 3.0])
    assert grouped_auc(ptr, labels, scores)[0] == 0.5
    assert grouped_auc(ptr, labels, scores, np.array([0, 1, 1, 1], dtype=bool))[0] == 1.0
    assert np.isnan(grouped_auc(ptr, labels, scores, np.zeros(4, dtype=bool))[0])


def test_nan_scores_are_refused() -> None:
    with pytest.raises(ValueError, match="NaN"):
        grouped_auc(np.array([0, 2]), np.array([1, 0], dtype=bool), np.array([np.nan, 1.0]))


def test_shape_mismatch_is_refused() -> None:
    with pytest.raises(ValueError, match="ptr"):
        grouped_auc(np.array([0, 3]), np.array([1, 0], dtype=bool), np.array([1.0, 2.0]))
