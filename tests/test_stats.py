"""Summary statistics against plain numpy/scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import wilcoxon

from cratedig.evaluation.stats import compare_paired, per_user_mean, summarize


def test_per_user_mean_ignores_skipped_trials() -> None:
    values = np.array([0.5, np.nan, 1.0, 0.0, np.nan])
    user = np.array([0, 0, 1, 1, 2])
    got = per_user_mean(values, user, 4)
    assert got[0] == 0.5 and got[1] == 0.5
    assert np.isnan(got[2]) and np.isnan(got[3])


def test_summarize_matches_numpy() -> None:
    rng = np.random.default_rng(0)
    values = rng.random(200)
    per_user = np.append(values, [np.nan, np.nan])
    s = summarize(per_user, n_boot=2000, rng=np.random.default_rng(1))
    assert s.mean_auc == pytest.approx(values.mean())
    assert s.sd == pytest.approx(values.std(ddof=1))
    assert s.se == pytest.approx(values.std(ddof=1) / math.sqrt(200))
    assert s.n_users == 200 and s.n_skipped == 2
    # the bootstrap CI brackets the mean, about +-1.96 SE wide
    assert s.ci_low < s.mean_auc < s.ci_high
    assert (s.ci_high - s.ci_low) == pytest.approx(2 * 1.96 * s.se, rel=0.15)


def test_summarize_is_deterministic_for_a_seeded_rng() -> None:
    values = np.linspace(0, 1, 50)
    a = summarize(values, n_boot=500, rng=np.random.default_rng(3))
    b = summarize(values, n_boot=500, rng=np.random.default_rng(3))
    assert a == b


def test_summarize_all_skipped() -> None:
    s = summarize(np.array([np.nan, np.nan]), n_boot=100, rng=np.random.default_rng(0))
    assert s.mean_auc is None and s.n_users == 0 and s.n_skipped == 2


def test_compare_paired_matches_scipy() -> None:
    rng = np.random.default_rng(0)
    base = rng.random(100)
    model = base + rng.normal(0.05, 0.1, 100)
    model[3] = np.nan  # unpaired users are left out
    c = compare_paired(
        model, base, baseline_name="popularity", n_boot=1000, rng=np.random.default_rng(1)
    )
    keep = ~np.isnan(model)
    diff = model[keep] - base[keep]
    assert c.n_users == 99
    assert c.mean_diff == pytest.approx(diff.mean())
    assert c.wilcoxon_p == pytest.approx(wilcoxon(diff).pvalue)
    assert c.ci_low < c.mean_diff < c.ci_high


def test_compare_paired_identical() -> None:
    x = np.linspace(0, 1, 20)
    c = compare_paired(x, x.copy(), baseline_name="b", n_boot=100, rng=np.random.default_rng(0))
    assert c.mean_diff == 0.0 and c.wilcoxon_p == 1.0
