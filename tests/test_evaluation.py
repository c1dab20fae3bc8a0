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
