"""One contract suite, run over every registered recommender."""

from __future__ import annotations

import inspect
import itertools

import numpy as np
import pytest

from cratedig.data import Dataset
from cratedig.errors import ConfigError, DataError, NotFittedError
from cratedig.evaluation import make_trials
from cratedig.recommenders import (
    RECOMMENDERS,
    ListenersRecommender,
    Recommendation,
    Recommender,
    make_recommender,
)

ALL = sorted(RECOMMENDERS)
#: Fast settings for the contract suite (text models on the model-free hashing encoder).
FAST: dict[str, dict[str, object]] = {"centroid": {"model": "hashing", "cache": None}}


def fast(name: str) -> Recommender:
    return make_recommender(name, **FAST.get(name, {}))


@pytest.fixture(params=ALL)
def rec(request: pytest.FixtureRequest) -> Recommender:
    return fast(request.param)


def test_hyperparameters_are_keyword_only(rec: Recommender) -> None:
    params = inspect.signature(type(rec).__init__).parameters
    for name, param in params.items():
        if name != "self":
            assert param.kind is param.KEYWORD_ONLY, name
    assert rec.get_params() == {k: getattr(rec, k) for k in rec.get_params()}
    assert type(rec).__name__ in repr(rec)


def test_not_fitted(rec: Recommender) -> None:
    with pytest.raises(NotFittedError, match=r"call \.fit\(catalog, seed_lists\)"):
        rec.score(["a0"], ["a1"])
    with pytest.raises(NotFittedError):
        rec.recommend(["a0"])


def test_fit_returns_self_and_sets_state(rec: Recommender, small_dataset: Dataset) -> None:
    assert rec.fit(small_dataset.catalog, small_dataset.seeds) is rec
    assert rec.catalog_ is small_dataset.catalog
    assert rec.name in RECOMMENDERS
    assert (rec.view is None) == (rec.model_label is None)
    clone = rec.clone()
    assert clone.get_params() == rec.get_params()
    assert not hasattr(clone, "catalog_")


def test_score_shape_and_order(rec: Recommender, small_dataset: Dataset) -> None:
    rec.fit(small_dataset.catalog, small_dataset.seeds)
    scores = rec.score(["a0", "a4"], ["a1", "a2", "a3"])
    assert scores.shape == (3,) and scores.dtype == np.float64
    assert np.isfinite(scores).all()
    with pytest.raises(DataError, match="not in the catalog"):
        rec.score(["a0"], ["zzz"])


def test_recommend_excludes_seeds_and_ranks(rec: Recommender, small_dataset: Dataset) -> None:
    rec.fit(small_dataset.catalog, small_dataset.seeds)
    seeds = ["a0", "a4", "a8"]
    out = rec.recommend(seeds, n=5)
    assert len(out) == 5
    assert all(isinstance(r, Recommendation) for r in out)
    assert [r.rank for r in out] == [1, 2, 3, 4, 5]
    assert not {r.id for r in out} & set(seeds)
    assert all(a.score >= b.score for a, b in itertools.pairwise(out))
    assert out[0].name == small_dataset.catalog.names[small_dataset.catalog.position(out[0].id)]


def test_recommend_restricted_to_candidates(rec: Recommender, small_dataset: Dataset) -> None:
    rec.fit(small_dataset.catalog, small_dataset.seeds)
    out = rec.recommend(["a0"], candidates=["a0", "a5", "a6"], n=10)
    assert {r.id for r in out} == {"a5", "a6"}
    assert rec.recommend(["a0"], candidates=["a0"]) == []


def test_recommend_bad_arguments(rec: Recommender, small_dataset: Dataset) -> None:
    rec.fit(small_dataset.catalog, small_dataset.seeds)
    with pytest.raises(ConfigError, match="n must be an integer of at least 1"):
        rec.recommend(["a0"], n=0)
    with pytest.raises(ConfigError, match="at least one seed"):
        rec.recommend([])


def test_score_trials_is_deterministic(rec: Recommender, small_dataset: Dataset) -> None:
    trials = make_trials(small_dataset.catalog, small_dataset.seeds, repeats=2, progress=False)
    a = fast(rec.name).fit(small_dataset.catalog, small_dataset.seeds)
    b = fast(rec.name).fit(small_dataset.catalog, small_dataset.seeds)
    first = a.score_trials(trials)
    assert first.shape == trials.candidates.shape
    assert np.array_equal(first, b.score_trials(trials))
    assert np.array_equal(first, a.score_trials(trials))  # no hidden state between calls


def test_unknown_recommender_suggests() -> None:
    with pytest.raises(ConfigError, match="Did you mean 'popularity'"):
        make_recommender("populariti")
    with pytest.raises(ConfigError, match="takes no parameter"):
        make_recommender("popularity", alpha=1)


def test_popularity_ranks_by_the_catalog_field(small_dataset: Dataset) -> None:
    rec = make_recommender("popularity").fit(small_dataset.catalog)
    assert [r.id for r in rec.recommend(["a0"], n=3)] == ["a39", "a38", "a37"]


def test_popularity_needs_the_field(tmp_path: object, small_dataset: Dataset) -> None:
    from cratedig.catalog import Artist, Catalog

    catalog = Catalog.from_artists(
        [Artist(id="a", name="A", popularity=1.0), Artist(id="b", name="B")]
    )
    with pytest.raises(DataError, match="1 of 2 artists have no popularity"):
        make_recommender("popularity").fit(catalog)


def test_random_is_seeded(small_dataset: Dataset) -> None:
    a = make_recommender("random", seed=3).fit(small_dataset.catalog)
    b = make_recommender("random", seed=3).fit(small_dataset.catalog)
    c = make_recommender("random", seed=4).fit(small_dataset.catalog)
    assert np.array_equal(a.score(["a0"], ["a1", "a2"]), b.score(["a0"], ["a1", "a2"]))
    assert not np.array_equal(
        a.score_trials(_trials(small_dataset)), c.score_trials(_trials(small_dataset))
    )
    with pytest.raises(ConfigError, match="seed"):
        make_recommender("random", seed=-1).fit(small_dataset.catalog)


def _trials(ds: Dataset):  # type: ignore[no-untyped-def]
    return make_trials(ds.catalog, ds.seeds, repeats=1, progress=False)


def test_listeners_needs_seed_lists(small_dataset: Dataset) -> None:
    with pytest.raises(ConfigError, match="none were given"):
        ListenersRecommender().fit(small_dataset.catalog)


def test_listeners_leaves_the_evaluated_user_out(small_dataset: Dataset) -> None:
    """Against a naive reference: recount listeners without the trial's user."""
    ds = small_dataset
    rec = ListenersRecommender().fit(ds.catalog, ds.seeds)
    trials = make_trials(ds.catalog, ds.seeds, repeats=2, progress=False)
    got = rec.score_trials(trials)
    for t in range(trials.n_trials):
        u = trials.user[t]
        others = [set(ds.seeds[v].tolist()) for v in range(len(ds.seeds)) if v != u]
        expected = [sum(c in s for s in others) for c in trials.candidates_of(t).tolist()]
        assert got[trials.cand_ptr[t] : trials.cand_ptr[t + 1]].tolist() == expected
    # for a listener outside the fitted lists: plain counts
    counts = ds.seeds.listener_counts(len(ds.catalog))
    assert rec.score(["a0"], ["a1", "a4"]).tolist() == [counts[1], counts[4]]


def test_listeners_on_users_it_was_not_fitted_on(small_dataset: Dataset) -> None:
    ds = small_dataset
    train, test = ds.seeds.subset(range(6)), ds.seeds.subset(range(6, 12))
    rec = ListenersRecommender().fit(ds.catalog, train)
    trials = make_trials(ds.catalog, test, repeats=1, progress=False)
    counts = train.listener_counts(len(ds.catalog))
    assert np.array_equal(rec.score_trials(trials), counts[trials.candidates])


def test_popularity_fast_path_equals_the_generic_loop(small_dataset: Dataset) -> None:
    ds = small_dataset
    rec = make_recommender("popularity").fit(ds.catalog, ds.seeds)
    trials = make_trials(ds.catalog, ds.seeds, repeats=2, progress=False)
    assert np.array_equal(rec.score_trials(trials), Recommender.score_trials(rec, trials))
