"""Summaries over users: mean, SD, SE, bootstrap CI, and paired comparisons. Pure functions."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Comparison", "Summary", "compare_paired", "per_user_mean", "summarize"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Summary:
    """Statistics of per-user AUCs (users without any valid trial are counted as skipped)."""

    mean_auc: float | None
    sd: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n_users: int
    n_skipped: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Comparison:
    """A paired comparison over the users valid in both: ``mean_diff`` = model − baseline."""

    baseline: str
    mean_diff: float | None
    ci_low: float | None
    ci_high: float | None
    wilcoxon_p: float | None
    n_users: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def per_user_mean(values: FloatArray, user: npt.NDArray[np.intp], n_users: int) -> FloatArray:
    """Mean over each user's trials, NaN entries ignored; NaN for users with none."""
    valid = ~np.isnan(values)
    total = np.bincount(user[valid], weights=values[valid], minlength=n_users)
    count = np.bincount(user[valid], minlength=n_users)
    out = np.full(n_users, np.nan)
    np.divide(total, count, out=out, where=count > 0)
    return out


def _bootstrap_means(
    values: FloatArray, n_boot: int, rng: np.random.Generator, chunk: int = 256
) -> FloatArray:
    """Means of ``n_boot`` resamples (with replacement) of ``values``."""
    n = len(values)
    out = np.empty(n_boot)
    for start in range(0, n_boot, chunk):
        stop = min(n_boot, start + chunk)
        idx = rng.integers(0, n, size=(stop - start, n))
        out[start:stop] = values[idx].mean(axis=1)
    return out


def _ci(values: FloatArray, n_boot: int, rng: np.random.Generator) -> tuple[float, float]:
    means = _bootstrap_means(values, n_boot, rng)
    low, high = np.quantile(means, [0.025, 0.975])
    return float(low), float(high)


def summarize(per_user: FloatArray, *, n_boot: int, rng: np.random.Generator) -> Summary:
    """Mean, SD (ddof 1), SE and a 95 % percentile bootstrap CI over the non-NaN users."""
    values = per_user[~np.isnan(per_user)]
    n, skipped = len(values), int(np.isnan(per_user).sum())
    if n == 0:
        return Summary(None, None, None, None, None, 0, skipped)
    mean = float(values.mean())
    sd = float(values.std(ddof=1)) if n > 1 else None
    se = sd / math.sqrt(n) if sd is not None else None
    low, high = _ci(values, n_boot, rng) if n > 1 else (None, None)
    return Summary(mean, sd, se, low, high, n, skipped)


def _wilcoxon_p(diff: FloatArray) -> float:
    """Two-sided Wilcoxon signed-rank p (zero differences dropped): the exact distribution
    for up to 50 untied non-zero differences, the normal approximation otherwise (scipy's
    "auto" would run a slow permutation test on small tied samples)."""
    from scipy.stats import wilcoxon

    nonzero = diff[diff != 0]
    untied = len(np.unique(np.abs(nonzero))) == len(nonzero)
    method = "exact" if len(nonzero) <= 50 and untied else "approx"
    return float(wilcoxon(diff, zero_method="wilcox", method=method).pvalue)


def compare_paired(
    model: FloatArray,
    baseline: FloatArray,
    *,
    baseline_name: str,
    n_boot: int,
    rng: np.random.Generator,
) -> Comparison:
    """Mean per-user difference with a bootstrap CI and the Wilcoxon signed-rank p-value."""
    both = ~np.isnan(model) & ~np.isnan(baseline)
    diff = model[both] - baseline[both]
    n = len(diff)
    if n == 0:
        return Comparison(baseline_name, None, None, None, None, 0)
    mean = float(diff.mean())
    low, high = _ci(diff, n_boot, rng) if n > 1 else (None, None)
    p = _wilcoxon_p(diff) if np.any(diff != 0) else 1.0
    return Comparison(baseline_name, mean, low, high, p, n)
