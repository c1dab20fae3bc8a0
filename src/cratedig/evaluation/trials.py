"""Masked-seeds trials: the study's protocol, generated once and shared by every recommender.

For each repeat and user: shuffle the user's seeds with a generator seeded by
``(seed, repeat, user position)``; the first ``ceil(n/2)`` are the query, the rest are masked
(at most ``max_masked``); draw as many distractors, without replacement, from the catalog
artists that are not among the user's seeds. Candidates = masked + distractors.

Distractor modes:

- ``uniform`` (the study's): uniformly over the catalog minus the user's seeds;
- ``popularity``: each distractor uniformly from the ``pool_size`` catalog artists nearest to
  its masked seed in the catalog's popularity order, excluding the user's seeds and the
  distractors already drawn. "Nearest in order" (about half above, half below) rather than
  "nearest in value": in a long-tailed catalog the nearest values lie mostly below the seed,
  which would leave popularity a signal (on lastfm-bios the popularity ranker scores 0.618
  with value-nearest pools, 0.590 with order-nearest ones). Equal popularity is ordered by a
  random permutation drawn once per repeat, so equally popular artists are equally likely to
  be in a pool. Near the top of a long-tailed catalog the pool can only lie below the seed,
  and most seeds are there, so drawn distractors are still more often less popular than
  their seed (lastfm-bios: 12,231 below, 2,621 equal, 6,126 above).
- ``match_on``: ``popularity`` matches on the catalog field. Where that field counts the
  evaluated users themselves (the Last.fm sets), a masked seed's value includes its own
  user, so leave-user-out models such as ``listeners`` score below 0.5; ``listeners``
  matches on listener counts in the seed lists with the user left out instead.

Every candidate has an *anchor*: the masked seed itself, or the masked seed a distractor was
drawn for (in uniform mode the pairing is by draw order, so it is random). Popularity bands
use it.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from tqdm.auto import tqdm

from cratedig.catalog import Catalog
from cratedig.errors import ConfigError, DataError, check_int
from cratedig.seeds import SeedLists

__all__ = ["DISTRACTOR_MODES", "Trials", "make_trials"]

logger = logging.getLogger(__name__)

DISTRACTOR_MODES: tuple[str, ...] = ("uniform", "popularity")
#: What popularity-matched distractors match on: the catalog field, or leave-user-out counts
#: of listeners in the seed lists.
MATCH_ON: tuple[str, ...] = ("popularity", "listeners")

IntArray = npt.NDArray[np.intp]

# Spawn-key namespaces, so trials, tie-breaking and other streams never share randomness.
TRIAL_STREAM = 0
TIEBREAK_STREAM = 1


@dataclass(frozen=True, eq=False)
class Trials:
    """All trials of one evaluation, flat: trial ``t``'s candidates are
    ``candidates[cand_ptr[t]:cand_ptr[t+1]]`` with ``labels`` (True = masked seed) and
    ``anchors``; its query is ``query[query_ptr[t]:query_ptr[t+1]]``. Positions are catalog
    positions; ``user`` indexes ``user_ids`` (the seed lists' users)."""

    distractors: str
    seed: int
    repeats: int
    max_masked: int | None
    pool_size: int
    match_on: str
    user_ids: tuple[str, ...]
    user: IntArray
    repeat: IntArray
    n_seeds: IntArray
    query_ptr: npt.NDArray[np.int64]
    query: IntArray
    cand_ptr: npt.NDArray[np.int64]
    candidates: IntArray
    labels: npt.NDArray[np.bool_]
    anchors: IntArray
    n_catalog: int
    notes: list[str] = field(default_factory=list)

    @property
    def n_trials(self) -> int:
        return len(self.user)

    def query_of(self, t: int) -> IntArray:
        return self.query[self.query_ptr[t] : self.query_ptr[t + 1]]

    def candidates_of(self, t: int) -> IntArray:
        return self.candidates[self.cand_ptr[t] : self.cand_ptr[t + 1]]

    def labels_of(self, t: int) -> npt.NDArray[np.bool_]:
        return self.labels[self.cand_ptr[t] : self.cand_ptr[t + 1]]

    @property
    def n_positive(self) -> npt.NDArray[np.int64]:
        return np.add.reduceat(self.labels.astype(np.int64), self.cand_ptr[:-1]) * (
            np.diff(self.cand_ptr) > 0
        )


class _PopularityPools:
    """Nearest-in-popularity candidate lists, with ties broken by a per-repeat random order.

    ``leave_one_out``: the values are listener counts that include the evaluated user, so a
    masked seed is placed where its count minus one would sit (at a random spot among the
    artists with that count).
    """

    def __init__(
        self,
        values: npt.NDArray[np.float64],
        rng: np.random.Generator,
        *,
        leave_one_out: bool = False,
    ):
        self.values = values
        self.leave_one_out = leave_one_out
        tiebreak = rng.permutation(len(values))
        self.order = np.lexsort((tiebreak, values)).astype(np.intp)
        self.sorted_values = values[self.order]
        self.rank = np.empty_like(self.order)
        self.rank[self.order] = np.arange(len(self.order), dtype=np.intp)

    def center(self, anchor: int, rng: np.random.Generator) -> int:
        """Twice the anchor's position in the order (odd: between two ranks)."""
        if not self.leave_one_out:
            return 2 * int(self.rank[anchor])
        value = self.values[anchor] - 1
        left = int(np.searchsorted(self.sorted_values, value, side="left"))
        right = int(np.searchsorted(self.sorted_values, value, side="right"))
        return 2 * int(rng.integers(left, right + 1)) - 1

    def nearest(self, center2: int, width: int, excluded: npt.NDArray[np.bool_]) -> IntArray:
        """Catalog positions nearest the position ``center2 / 2`` of the popularity order,
        excluded ones dropped; nearest first, the lower rank first at equal distance.

        Looks ``width`` ranks to each side: the first ``k`` of the result are the ``k``
        nearest non-excluded artists whenever ``width >= k + number excluded``.
        """
        lo = max(0, (center2 - 1) // 2 - width)
        hi = min(len(self.order), center2 // 2 + width + 1)
        ranks = np.arange(lo, hi)
        keep = ~excluded[self.order[lo:hi]]
        ranks = ranks[keep]
        nearest_first = np.lexsort((ranks, np.abs(2 * ranks - center2)))
        return self.order[ranks[nearest_first]]


def make_trials(
    catalog: Catalog,
    seeds: SeedLists,
    *,
    distractors: str = "uniform",
    repeats: int = 3,
    seed: int = 0,
    max_masked: int | None = None,
    pool_size: int = 50,
    match_on: str = "popularity",
    progress: bool | None = None,
) -> Trials:
    """Generate the masked-seeds trials for every user and repeat (see the module docstring).

    The same arguments give identical trials. A user's trial depends only on ``seed``, the
    repeat, the user's position and seeds, and the catalog.
    """
    if distractors not in DISTRACTOR_MODES:
        raise ConfigError(
            f"distractors must be one of {', '.join(DISTRACTOR_MODES)}, not {distractors!r}"
        )
    repeats = check_int("repeats", repeats, 1)
    seed = check_int("seed", seed, 0)
    pool_size = check_int("pool_size", pool_size, 1)
    if max_masked is not None:
        max_masked = check_int("max_masked", max_masked, 1)
    if len(seeds) == 0:
        raise DataError(
            "has no users with seed lists, so there is nothing to evaluate",
            source=catalog.source,
            fix="load a dataset with a seeds file (seeds.json, nlp_seeds_anonymized.json or "
            "user_artists.dat), or lower --min-seeds",
        )
    if match_on not in MATCH_ON:
        raise ConfigError(f"match_on must be one of {', '.join(MATCH_ON)}, not {match_on!r}")
    if distractors == "popularity" and match_on == "popularity":
        catalog.require_popularity(
            "popularity-matched distractors",
            fix="add 'popularity' to every artist, match on listener counts "
            "(--match-on listeners), or use --distractors uniform",
        )

    n_catalog = len(catalog)
    match_values = (
        catalog.popularity
        if match_on == "popularity"
        else seeds.listener_counts(n_catalog).astype(np.float64)
    )
    excluded = np.zeros(n_catalog, dtype=bool)
    users: list[int] = []
    repeat_of: list[int] = []
    n_seeds: list[int] = []
    queries: list[IntArray] = []
    cands: list[IntArray] = []
    labels: list[npt.NDArray[np.bool_]] = []
    anchors: list[IntArray] = []
    short = 0

    total = repeats * len(seeds)
    bar = tqdm(
        total=total,
        desc=f"trials ({distractors})",
        unit="trial",
        disable=None if progress is None else not progress,
        leave=False,
    )
    for r in range(repeats):
        pools = None
        if distractors == "popularity":
            tie_rng = np.random.default_rng(
                np.random.SeedSequence(seed, spawn_key=(TIEBREAK_STREAM, r))
            )
            pools = _PopularityPools(match_values, tie_rng, leave_one_out=match_on == "listeners")
        for u in range(len(seeds)):
            rng = np.random.default_rng(
                np.random.SeedSequence(seed, spawn_key=(TRIAL_STREAM, r, u))
            )
            user_seeds = seeds[u]
            n = len(user_seeds)
            shuffled = user_seeds[rng.permutation(n)]
            n_query = math.ceil(n / 2)
            query = shuffled[:n_query]
            masked = shuffled[n_query:]
            if max_masked is not None:
                masked = masked[:max_masked]
            excluded[user_seeds] = True
            if pools is None:
                drawn, drawn_for = _uniform(rng, n_catalog, excluded, len(masked), n)
            else:
                drawn, drawn_for = _matched(rng, pools, masked, excluded, pool_size, n)
            excluded[user_seeds] = False
            if len(drawn) < len(masked):
                short += 1
            users.append(u)
            repeat_of.append(r)
            n_seeds.append(n)
            queries.append(query)
            cands.append(np.concatenate([masked, drawn]))
            labels.append(np.arange(len(masked) + len(drawn)) < len(masked))
            anchors.append(np.concatenate([masked, masked[drawn_for]]))
            bar.update(1)
    bar.close()

    notes = []
    if short:
        message = (
            f"{short} trial(s) got fewer distractors than masked seeds: the catalog has too "
            "few artists outside those users' seeds"
        )
        logger.warning(message)
        notes.append(message)

    def ptr(parts: list[IntArray]) -> npt.NDArray[np.int64]:
        out = np.zeros(len(parts) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in parts], out=out[1:])
        return out

    def flat(parts: list[Any], dtype: Any) -> Any:
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

    return Trials(
        distractors=distractors,
        seed=seed,
        repeats=repeats,
        max_masked=max_masked,
        pool_size=pool_size,
        match_on=match_on,
        user_ids=seeds.user_ids,
        user=np.asarray(users, dtype=np.intp),
        repeat=np.asarray(repeat_of, dtype=np.intp),
        n_seeds=np.asarray(n_seeds, dtype=np.intp),
        query_ptr=ptr(queries),
        query=flat(queries, np.intp),
        cand_ptr=ptr(cands),
        candidates=flat(cands, np.intp),
        labels=flat(labels, bool),
        anchors=flat(anchors, np.intp),
        n_catalog=n_catalog,
        notes=notes,
    )


def _uniform(
    rng: np.random.Generator,
    n_catalog: int,
    excluded: npt.NDArray[np.bool_],
    k: int,
    n_seeds: int,
) -> tuple[IntArray, IntArray]:
    """``k`` distinct non-excluded positions, uniformly; paired with masked seeds by order.

    A uniform random ordered sample of ``k + n_seeds`` positions, seeds removed, keeps at
    least ``k`` (when the catalog has them), and its first ``k`` are a uniform sample of the
    non-seed artists.
    """
    available = n_catalog - n_seeds
    k = min(k, available)
    if k <= 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    sample = rng.choice(n_catalog, size=min(n_catalog, k + n_seeds), replace=False)
    drawn = sample[~excluded[sample]][:k].astype(np.intp)
    return drawn, np.arange(k, dtype=np.intp)


def _matched(
    rng: np.random.Generator,
    pools: _PopularityPools,
    masked: IntArray,
    excluded: npt.NDArray[np.bool_],
    pool_size: int,
    n_seeds: int,
) -> tuple[IntArray, IntArray]:
    """One distractor per masked seed from its ``pool_size`` nearest-in-popularity artists."""
    width = pool_size + n_seeds + len(masked)
    drawn: list[int] = []
    drawn_for: list[int] = []
    try:
        for i, anchor in enumerate(masked):
            center = pools.center(int(anchor), rng)
            pool = pools.nearest(center, width, excluded)[:pool_size]
            if len(pool) == 0:
                continue
            choice = int(pool[rng.integers(len(pool))])
            drawn.append(choice)
            drawn_for.append(i)
            excluded[choice] = True  # no artist is drawn twice in one trial
    finally:
        excluded[drawn] = False
    return np.asarray(drawn, dtype=np.intp), np.asarray(drawn_for, dtype=np.intp)
