"""Trial generation: the protocol's invariants, determinism, and the matched pools."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cratedig.catalog import Artist, Catalog
from cratedig.errors import ConfigError, DataError
from cratedig.evaluation.trials import _PopularityPools, make_trials
from cratedig.seeds import SeedLists


def _catalog(popularity: list[float]) -> Catalog:
    return Catalog.from_artists(
        Artist(id=f"a{i}", name=f"A{i}", popularity=p) for i, p in enumerate(popularity)
    )


@st.composite
def catalogs_and_seeds(draw: st.DrawFn) -> tuple[Catalog, SeedLists]:
    n = draw(st.integers(min_value=6, max_value=60))
    popularity = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    n_users = draw(st.integers(min_value=1, max_value=6))
    lists = [
        draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=max(2, n // 2), unique=True))
        for _ in range(n_users)
    ]
    return _catalog([float(p) for p in popularity]), SeedLists.from_lists(lists)


@settings(max_examples=80, deadline=None)
@given(
    catalogs_and_seeds(),
    st.sampled_from(["uniform", "popularity"]),
    st.integers(0, 2**31),
    st.one_of(st.none(), st.integers(1, 5)),
    st.integers(1, 8),
)
def test_protocol_invariants(
    data: tuple[Catalog, SeedLists], mode: str, seed: int, max_masked: int | None, pool: int
) -> None:
    catalog, seeds = data
    trials = make_trials(
        catalog,
        seeds,
        distractors=mode,
        repeats=2,
        seed=seed,
        max_masked=max_masked,
        pool_size=pool,
        progress=False,
    )
    assert trials.n_trials == 2 * len(seeds)
    for t in range(trials.n_trials):
        user_seeds = seeds[trials.user[t]]
        n = len(user_seeds)
        query = trials.query_of(t)
        cands = trials.candidates_of(t)
        labels = trials.labels_of(t)
        masked = cands[labels]
        distractors = cands[~labels]
        assert len(query) == math.ceil(n / 2)
        expected_masked = n - math.ceil(n / 2)
        if max_masked is not None:
            expected_masked = min(expected_masked, max_masked)
        assert len(masked) == expected_masked
        assert set(query) | set(masked) <= set(user_seeds)
        assert not set(query) & set(masked)
        assert not set(distractors) & set(user_seeds)
        assert len(set(distractors)) == len(distractors)
        available = len(catalog) - n
        assert len(distractors) == min(len(masked), available)
        anchors = trials.anchors[trials.cand_ptr[t] : trials.cand_ptr[t + 1]]
        assert (anchors[labels] == masked).all()
        assert set(anchors[~labels]) <= set(masked)


def test_same_seed_same_trials_and_other_seed_differs() -> None:
    catalog = _catalog([float(i % 7) for i in range(50)])
    seeds = SeedLists.from_lists([list(range(u, u + 10)) for u in range(0, 30, 3)])
    a = make_trials(catalog, seeds, seed=4, progress=False)
    b = make_trials(catalog, seeds, seed=4, progress=False)
    c = make_trials(catalog, seeds, seed=5, progress=False)
    for field in ("query", "candidates", "labels", "anchors", "user", "repeat"):
        assert np.array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.candidates, c.candidates)


def test_a_users_trial_does_not_depend_on_other_users() -> None:
    catalog = _catalog([float(i) for i in range(40)])
    lists = [list(range(u, u + 8)) for u in range(0, 24, 4)]
    full = make_trials(catalog, SeedLists.from_lists(lists), repeats=1, seed=1, progress=False)
    first_two = make_trials(
        catalog, SeedLists.from_lists(lists[:2]), repeats=1, seed=1, progress=False
    )
    assert np.array_equal(full.candidates_of(1), first_two.candidates_of(1))


def test_uniform_distractors_are_uniform() -> None:
    catalog = _catalog([1.0] * 20)
    seeds = SeedLists.from_lists([[0, 1, 2, 3]])
    counts = np.zeros(20)
    for seed in range(3000):
        t = make_trials(catalog, seeds, repeats=1, seed=seed, progress=False)
        counts[t.candidates[~t.labels]] += 1
    assert counts[:4].sum() == 0
    share = counts[4:] / counts[4:].sum()
    assert np.allclose(share, 1 / 16, atol=0.012)


def _naive_pool(pools: _PopularityPools, anchor: int, excluded: set[int], k: int) -> list[int]:
    """Reference: sort every artist by distance in the popularity order, drop excluded."""
    p = pools.rank[anchor]
    ranked = sorted(range(len(pools.order)), key=lambda r: (abs(r - p), r))
    return [int(pools.order[r]) for r in ranked if int(pools.order[r]) not in excluded][:k]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 5), min_size=5, max_size=80),
    st.integers(0, 1000),
    st.integers(1, 12),
    st.data(),
)
def test_nearest_matches_naive_reference(
    popularity: list[int], seed: int, k: int, data: st.DataObject
) -> None:
    pools = _PopularityPools(np.array(popularity, dtype=float), np.random.default_rng(seed))
    n = len(popularity)
    excluded_list = data.draw(st.lists(st.integers(0, n - 1), max_size=n // 2, unique=True))
    anchor = data.draw(st.integers(0, n - 1))
    mask = np.zeros(n, dtype=bool)
    mask[excluded_list] = True
    got = pools.nearest(2 * int(pools.rank[anchor]), k + len(excluded_list), mask)[:k]
    assert got.tolist() == _naive_pool(pools, anchor, set(excluded_list), k)
    # the order sorts by popularity: pools hold artists of nearby popularity
    assert (np.diff(np.array(popularity, dtype=float)[pools.order]) >= 0).all()


def test_matched_distractors_have_similar_popularity() -> None:
    popularity = [float(i) for i in range(500)]
    catalog = _catalog(popularity)
    seeds = SeedLists.from_lists([[100, 200, 300, 400, 150, 250, 350, 450]])
    t = make_trials(
        catalog, seeds, distractors="popularity", pool_size=10, repeats=5, progress=False
    )
    distractor = t.candidates[~t.labels]
    anchor = t.anchors[~t.labels]
    assert (np.abs(np.array(popularity)[distractor] - np.array(popularity)[anchor]) <= 6).all()


def test_errors() -> None:
    catalog = _catalog([1.0, 2.0, 3.0])
    seeds = SeedLists.from_lists([[0, 1]])
    with pytest.raises(ConfigError, match="distractors must be one of"):
        make_trials(catalog, seeds, distractors="matched")
    with pytest.raises(ConfigError, match="repeats"):
        make_trials(catalog, seeds, repeats=0)
    with pytest.raises(DataError, match="no users"):
        make_trials(catalog, SeedLists.empty())
    no_pop = Catalog.from_artists([Artist(id="a", name="A"), Artist(id="b", name="B")])
    with pytest.raises(DataError, match="popularity-matched distractors need"):
        make_trials(no_pop, SeedLists.from_lists([[0, 1]]), distractors="popularity")


def test_equal_popularity_pools_are_random_not_fixed_neighbours() -> None:
    catalog = _catalog([1.0] * 100)
    seeds = SeedLists.from_lists([[0, 1]])
    drawn = set()
    for seed in range(200):
        t = make_trials(
            catalog,
            seeds,
            distractors="popularity",
            pool_size=5,
            repeats=1,
            seed=seed,
            progress=False,
        )
        drawn.update(t.candidates[~t.labels].tolist())
    assert len(drawn) > 60  # fixed neighbours would give at most 5


def test_leave_one_out_center_sits_among_count_minus_one() -> None:
    counts = np.array([0, 0, 1, 1, 1, 2, 2, 3], dtype=float)
    pools = _PopularityPools(counts, np.random.default_rng(0), leave_one_out=True)
    centers = {pools.center(5, np.random.default_rng(s)) for s in range(200)}  # count 2 -> 1
    assert centers == {3, 5, 7, 9}  # insertion points 2..5 among the sorted counts


def test_match_on_listeners() -> None:
    catalog = _catalog([float(i) for i in range(60)])
    lists = [list(range(u, u + 8)) for u in range(0, 40, 4)]
    seeds = SeedLists.from_lists(lists)
    t = make_trials(
        catalog,
        seeds,
        distractors="popularity",
        match_on="listeners",
        pool_size=6,
        repeats=2,
        progress=False,
    )
    counts = seeds.listener_counts(60)
    d, a = t.candidates[~t.labels], t.anchors[~t.labels]
    # distractors sit near the seed's leave-user-out count, not its catalog popularity
    assert np.abs(counts[d] - (counts[a] - 1)).max() <= 2
    with pytest.raises(ConfigError, match="match_on"):
        make_trials(catalog, seeds, distractors="popularity", match_on="plays")
