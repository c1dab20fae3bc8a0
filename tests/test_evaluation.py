"""The evaluation runner on known-answer synthetic data."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cratedig.catalog import Artist, Catalog
from cratedig.data import Dataset, LoadReport
from cratedig.errors import ConfigError
from cratedig.evaluation import evaluate
from cratedig.recommenders import make_recommender
from cratedig.report import per_user_records
from cratedig.seeds import SeedLists


def _top_heavy_dataset() -> Dataset:
    """Users' seeds are exactly the 10 most popular artists: popularity ranks perfectly."""
    n = 100
    catalog = Catalog.from_artists(
        Artist(id=f"a{i}", name=f"A{i}", popularity=float(i)) for i in range(n)
    )
    seeds = SeedLists.from_lists([list(range(n - 10, n)) for _ in range(20)])
    return Dataset(catalog=catalog, seeds=seeds, report=LoadReport("memory", {}))


def test_known_answers_uniform() -> None:
    ds = _top_heavy_dataset()
    ev = evaluate(
        ds,
        [make_recommender("popularity"), make_recommender("random")],
        distractors=["uniform"],
        repeats=2,
        progress=False,
    )
    rows = {r["recommender"]: r for r in ev.rows}
    assert rows["popularity"]["mean_auc"] == 1.0
    assert rows["popularity"]["sd"] == 0.0
    assert rows["popularity"]["n_users"] == 20 and rows["popularity"]["n_skipped"] == 0
    assert 0.3 < rows["random"]["mean_auc"] < 0.7
    assert rows["random"]["vs_baseline"]["baseline"] == "popularity"
    assert rows["random"]["vs_baseline"]["mean_diff"] < 0
    assert rows["popularity"]["vs_baseline"] is None


def test_listeners_is_leave_user_out() -> None:
    """Every user has the same seeds, so other users' lists rank them all perfectly,
    and leaving the user out changes the counts by exactly one."""
    ds = _top_heavy_dataset()
    ev = evaluate(
        ds,
        [make_recommender("listeners")],
        distractors=["uniform"],
        repeats=1,
        baseline=None,
        progress=False,
    )
    assert ev.rows[0]["mean_auc"] == 1.0
    result = ev.results[0]
    assert result.recommender == "listeners"


def test_baseline_is_added_and_reported() -> None:
    ds = _top_heavy_dataset()
    ev = evaluate(
        ds, [make_recommender("random")], distractors=["uniform"], repeats=1, progress=False
    )
    assert ev.config["baseline_added"] is True
    assert [r["recommender"] for r in ev.rows] == ["popularity", "random"]


def test_paired_trials_are_shared() -> None:
    ds = _top_heavy_dataset()
    ev = evaluate(
        ds,
        [make_recommender("popularity"), make_recommender("listeners")],
        distractors=["uniform", "popularity"],
        repeats=2,
        progress=False,
    )
    by_mode: dict[str, list[object]] = {}
    for result in ev.results:
        by_mode.setdefault(result.trials.distractors, []).append(result.trials)
    for trials in by_mode.values():
        assert all(t is trials[0] for t in trials)


def test_rows_do_not_depend_on_other_recommenders() -> None:
    ds = _top_heavy_dataset()
    alone = evaluate(ds, [make_recommender("listeners")], repeats=2, progress=False)
    together = evaluate(
        ds, [make_recommender("random"), make_recommender("listeners")], repeats=2, progress=False
    )
    pick = [r for r in together.rows if r["recommender"] != "random"]
    assert json.dumps(alone.rows) == json.dumps(pick)


def test_bands_split_masked_seeds_by_popularity(small_dataset: Dataset) -> None:
    ev = evaluate(
        small_dataset,
        [make_recommender("popularity")],
        bands=True,
        distractors=["uniform"],
        repeats=3,
        progress=False,
    )
    bands = [r["band"] for r in ev.rows]
    assert bands == [None, "low", "mid", "high"]
    low, high = ev.config["bands"]["cuts"]
    assert low <= high
    result = ev.results[0]
    assert set(result.band_auc) == {"low", "mid", "high"}
    rows = per_user_records(ev)
    assert {"auc_low", "auc_mid", "auc_high"} <= set(rows[0])


def test_per_user_records_cover_every_trial(small_dataset: Dataset) -> None:
    ev = evaluate(small_dataset, [make_recommender("random")], repeats=2, progress=False)
    rows = per_user_records(ev)
    # 2 recommenders (popularity added) x 2 modes x 2 repeats x 12 users
    assert len(rows) == 2 * 2 * 2 * 12
    first = rows[0]
    assert first["n_query"] == 4 and first["n_masked"] == 4 and first["n_distractors"] == 4
    assert first["user"] == "100"


def test_bad_arguments(small_dataset: Dataset) -> None:
    with pytest.raises(ConfigError, match="at least one recommender"):
        evaluate(small_dataset, [])
    with pytest.raises(ConfigError, match="given twice"):
        evaluate(small_dataset, [make_recommender("random"), make_recommender("random")])
    with pytest.raises(ConfigError, match="n_boot"):
        evaluate(small_dataset, [make_recommender("random")], n_boot=5)
    with pytest.raises(ConfigError, match="not a cratedig Recommender"):
        evaluate(small_dataset, {"x": object()})  # type: ignore[dict-item]


def test_max_masked_caps_the_masked_seeds(small_dataset: Dataset) -> None:
    ev = evaluate(
        small_dataset,
        [make_recommender("popularity")],
        max_masked=2,
        distractors=["uniform"],
        repeats=1,
        progress=False,
    )
    trials = ev.results[0].trials
    assert (trials.n_positive == 2).all()
    assert np.all(np.diff(trials.cand_ptr) == 4)


def test_band_aucs_match_a_naive_reference(small_dataset: Dataset) -> None:
    """Band b ranks the masked seeds of band b against the distractors drawn for them."""
    from sklearn.metrics import roc_auc_score

    from cratedig.evaluation import popularity_bands

    ds = small_dataset
    ev = evaluate(
        ds,
        [make_recommender("popularity")],
        bands=True,
        repeats=2,
        distractors=["uniform", "popularity"],
        progress=False,
    )
    bands = popularity_bands(ds.catalog, ds.seeds)
    names = ("low", "mid", "high")
    for result in ev.results:
        trials = result.trials
        scores = ds.catalog.popularity[trials.candidates]
        for t in range(trials.n_trials):
            lo, hi = trials.cand_ptr[t], trials.cand_ptr[t + 1]
            for b, name in enumerate(names):
                keep = bands.of_artist[trials.anchors[lo:hi]] == b
                y = trials.labels[lo:hi][keep]
                if y.all() or not y.any():
                    assert np.isnan(result.band_auc[name][t])
                else:
                    expected = roc_auc_score(y, scores[lo:hi][keep])
                    assert result.band_auc[name][t] == pytest.approx(expected)


def test_bands_put_the_least_popular_in_low() -> None:
    from cratedig.evaluation import popularity_bands

    catalog = Catalog.from_artists(
        Artist(id=str(i), name=str(i), popularity=float(i)) for i in range(9)
    )
    bands = popularity_bands(catalog, SeedLists.from_lists([list(range(9))]))
    assert bands.of_artist.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert bands.cuts == (pytest.approx(8 / 3), pytest.approx(16 / 3))


def test_rows_count_trials_and_skipped_trials(small_dataset: Dataset) -> None:
    ev = evaluate(
        small_dataset,
        [make_recommender("popularity")],
        bands=True,
        repeats=2,
        distractors=["uniform"],
        progress=False,
    )
    overall = ev.rows[0]
    assert overall["n_trials"] == 24 and overall["n_trials_skipped"] == 0
    assert all(r["n_trials"] == 24 for r in ev.rows)
    assert sum(r["n_trials_skipped"] for r in ev.rows[1:]) > 0  # bands lack some seeds


def test_auto_baseline_is_left_out_without_popularity() -> None:
    catalog = Catalog.from_artists(Artist(id=f"a{i}", name=f"A{i}") for i in range(30))
    seeds = SeedLists.from_lists([list(range(u, u + 8)) for u in range(0, 20, 2)])
    ds = Dataset(catalog, seeds, LoadReport("memory", {}))
    ev = evaluate(
        ds, [make_recommender("listeners")], distractors=["uniform"], repeats=1, progress=False
    )
    assert [r["recommender"] for r in ev.rows] == ["listeners"]
    assert ev.rows[0]["vs_baseline"] is None
    assert any("popularity baseline was left out" in n for n in ev.config["notes"])
    with pytest.raises(Exception, match="no popularity"):
        evaluate(ds, [make_recommender("popularity")], distractors=["uniform"], progress=False)


def test_single_user_has_no_interval() -> None:
    from cratedig.evaluation import summarize

    s = summarize(np.array([0.7]), n_boot=100, rng=np.random.default_rng(0))
    assert s.mean_auc == 0.7 and s.ci_low is None and s.sd is None


def test_dataset_without_users_is_refused(small_dataset: Dataset) -> None:
    from cratedig.errors import DataError

    empty = Dataset(small_dataset.catalog, SeedLists.empty(), LoadReport("memory", {}))
    with pytest.raises(DataError, match="no users with seed lists"):
        evaluate(empty, [make_recommender("listeners")])
