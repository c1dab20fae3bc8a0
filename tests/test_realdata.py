"""Real data from ../shared/data (skipped with a message where it is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cratedig.cli import cli
from cratedig.data import load_dataset
from cratedig.evaluation import evaluate
from cratedig.recommenders import make_recommender

from .conftest import shared_dataset_path, write_json

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def bios_rows() -> list[dict[str, object]]:
    path = shared_dataset_path("lastfm-bios")
    ds = load_dataset(path)
    ev = evaluate(
        ds,
        [make_recommender(n) for n in ("random", "popularity", "listeners")],
        repeats=3,
        seed=0,
        progress=False,
    )
    return ev.rows


def _auc(rows: list[dict[str, object]], rec: str, mode: str) -> float:
    (row,) = [r for r in rows if r["recommender"] == rec and r["distractors"] == mode]
    value = row["mean_auc"]
    assert isinstance(value, float)
    return value


def test_lastfm_bios_reference_numbers(bios_rows: list[dict[str, object]]) -> None:
    assert 0.48 <= _auc(bios_rows, "random", "uniform") <= 0.52
    assert 0.87 <= _auc(bios_rows, "popularity", "uniform") <= 0.93
    assert 0.45 <= _auc(bios_rows, "popularity", "popularity") <= 0.62
    # leave-user-out listener counts are a little below the leaky catalog field
    assert _auc(bios_rows, "listeners", "uniform") < _auc(bios_rows, "popularity", "uniform")
    assert all(r["n_users"] == 1315 for r in bios_rows)


def test_lastfm_bios_cli_twice_is_identical(tmp_path: Path) -> None:
    path = shared_dataset_path("lastfm-bios")
    runner = CliRunner()
    summaries = []
    for run in ("a", "b"):
        result = runner.invoke(
            cli,
            [
                "evaluate",
                str(path),
                "--repeats",
                "3",
                "--seed",
                "0",
                "--distractors",
                "uniform",
                "--out",
                str(tmp_path / run),
            ],
        )
        assert result.exit_code == 0, result.output
        summaries.append((tmp_path / run / "summary.json").read_bytes())
    assert summaries[0] == summaries[1]
    rows = json.loads(summaries[0])["rows"]
    assert 0.87 <= next(r["mean_auc"] for r in rows if r["recommender"] == "popularity") <= 0.93


def test_hetrec_raw_equals_the_converted_files() -> None:
    raw = load_dataset(shared_dataset_path("hetrec2011-lastfm-2k/raw"))
    converted = load_dataset(shared_dataset_path("hetrec2011-lastfm-2k"))
    assert raw.report.layout == "hetrec" and converted.report.layout == "uniform"
    a, b = raw.catalog, converted.catalog
    assert a.ids == b.ids and a.names == b.names and a.tags == b.tags
    assert np.array_equal(a.popularity, b.popularity)
    assert raw.seeds.user_ids == converted.seeds.user_ids
    assert np.array_equal(raw.seeds.indptr, converted.seeds.indptr)
    assert np.array_equal(raw.seeds.indices, converted.seeds.indices)
    assert len(a) == 17632 and len(raw.seeds) == 1875


def test_hetrec_raw_evaluates_without_conversion() -> None:
    ds = load_dataset(shared_dataset_path("hetrec2011-lastfm-2k/raw"))
    ev = evaluate(ds, [make_recommender("popularity")], repeats=1, seed=0, progress=False)
    uniform = next(r for r in ev.rows if r["distractors"] == "uniform")
    matched = next(r for r in ev.rows if r["distractors"] == "popularity")
    assert 0.84 <= uniform["mean_auc"] <= 0.90  # the data README reports 0.87
    assert 0.45 <= matched["mean_auc"] <= 0.60  # and 0.52


def test_study_layout_gives_the_same_results(tmp_path: Path) -> None:
    """lastfm-bios rewritten in the study's layout evaluates identically."""
    src = shared_dataset_path("lastfm-bios")
    artists = json.loads((src / "artists.json").read_text(encoding="utf-8"))
    seeds = json.loads((src / "seeds.json").read_text(encoding="utf-8"))
    study = {
        aid: {
            "name": r["name"],
            "wiki": r["bio"],
            "genres": r["tags"],
            "spotify_popularity": str(r["popularity"]),
        }
        for aid, r in artists.items()
    }
    write_json(tmp_path / "nlp_artists_filtered.json", study)
    write_json(tmp_path / "nlp_seeds_anonymized.json", seeds)
    recs = ("random", "popularity", "listeners")
    a = evaluate(load_dataset(src), [make_recommender(n) for n in recs], repeats=2, progress=False)
    b = evaluate(
        load_dataset(tmp_path), [make_recommender(n) for n in recs], repeats=2, progress=False
    )
    assert a.rows == b.rows


def test_sas_is_a_catalog_without_users() -> None:
    ds = load_dataset(shared_dataset_path("sas-artist-similarity"))
    assert len(ds.catalog) == 2504 and len(ds.seeds) == 0
    assert ds.catalog.coverage()["bio"] == 2499


def test_matching_on_listeners_puts_leave_user_out_counts_at_chance() -> None:
    ds = load_dataset(shared_dataset_path("hetrec2011-lastfm-2k/raw"))
    ev = evaluate(
        ds,
        [make_recommender("listeners")],
        distractors=["popularity"],
        match_on="listeners",
        repeats=1,
        seed=0,
        progress=False,
    )
    rows = {r["recommender"]: r for r in ev.rows}
    assert 0.48 <= rows["listeners"]["mean_auc"] <= 0.52
    # the catalog field counts the evaluated user, a leak the matched mode now exposes
    assert rows["popularity"]["mean_auc"] > rows["listeners"]["mean_auc"]


@pytest.mark.slow
@pytest.mark.realmodel
def test_minilm_centroid_reference_numbers() -> None:
    """The issue's bar: minilm, 3 repeats, seed 0 (encodes ~2,700 texts: minutes)."""
    from cratedig.recommenders import CentroidRecommender

    ds = load_dataset(shared_dataset_path("lastfm-bios"))
    recs = {v: CentroidRecommender(view=v, model="minilm") for v in ("tags", "bio", "name")}
    ev = evaluate(ds, recs, repeats=3, seed=0, progress=False)
    auc = {(r["recommender"], r["distractors"]): r["mean_auc"] for r in ev.rows}
    assert auc[("tags", "uniform")] >= 0.85
    assert auc[("bio", "uniform")] >= 0.77
    assert auc[("name", "uniform")] >= 0.72
    assert auc[("bio", "popularity")] >= 0.70


@pytest.mark.slow
@pytest.mark.realmodel
def test_similar_exports_the_whole_sas_catalog(tmp_path: Path) -> None:
    path = shared_dataset_path("sas-artist-similarity")
    out = tmp_path / "sas.jsonl"
    result = CliRunner().invoke(cli, ["similar", str(path), "--all", "-n", "10", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2499  # every artist with a biography
    first = json.loads(lines[0])
    assert len(first["similar"]) == 10
