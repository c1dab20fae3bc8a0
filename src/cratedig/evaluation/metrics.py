"""ROC-AUC of many rankings at once (Mann–Whitney U, ties counted one half)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["grouped_auc"]


def grouped_auc(
    ptr: npt.NDArray[np.int64],
    labels: npt.NDArray[np.bool_],
    scores: npt.NDArray[np.float64],
    mask: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.float64]:
    """ROC-AUC of every group ``ptr[g]:ptr[g+1]`` of ``(labels, scores)``, vectorised.

    AUC = U / (n_pos * n_neg) with U the Mann–Whitney statistic from mid-ranks, so ties
    between a positive and a negative count one half — equal to scikit-learn's
    ``roc_auc_score`` per group. Groups without positives or without negatives (after
    ``mask``, which keeps only the True entries) get NaN.
    """
    ptr = np.asarray(ptr, dtype=np.int64)
    labels = np.asarray(labels, dtype=bool)
    scores = np.asarray(scores, dtype=np.float64)
    n_groups = len(ptr) - 1
    if labels.shape != scores.shape or len(labels) != ptr[-1]:
        raise ValueError(
            f"labels ({labels.shape}) and scores ({scores.shape}) must both have ptr[-1] = "
            f"{ptr[-1]} entries"
        )
    if np.isnan(scores).any():
        raise ValueError(f"{int(np.isnan(scores).sum())} score(s) are NaN; AUC needs real scores")
    group = np.repeat(np.arange(n_groups, dtype=np.int64), np.diff(ptr))
    if mask is not None:
        keep = np.asarray(mask, dtype=bool)
        group, labels, scores = group[keep], labels[keep], scores[keep]

    order = np.lexsort((scores, group))
    g, s, y = group[order], scores[order], labels[order]
    m = len(g)
    if m == 0:
        return np.full(n_groups, np.nan)
    sizes = np.bincount(g, minlength=n_groups)
    starts = np.zeros(n_groups, dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    # Tie blocks: runs of equal (group, score); each member gets the block's mean rank.
    new_block = np.ones(m, dtype=bool)
    new_block[1:] = (g[1:] != g[:-1]) | (s[1:] != s[:-1])
    block = np.cumsum(new_block) - 1
    block_start = np.flatnonzero(new_block)
    block_size = np.diff(np.append(block_start, m))
    rank_in_group = block_start - starts[g[block_start]] + 1  # 1-based rank of block's first
    mid_rank = (rank_in_group + (block_size - 1) / 2.0)[block]

    n_pos = np.bincount(g, weights=y, minlength=n_groups)
    n_neg = sizes - n_pos
    rank_sum = np.bincount(g, weights=mid_rank * y, minlength=n_groups)
    u = rank_sum - n_pos * (n_pos + 1) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        auc = u / (n_pos * n_neg)
    auc[(n_pos == 0) | (n_neg == 0)] = np.nan
    return auc
