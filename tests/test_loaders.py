"""The three layouts load into the same canonical catalog and seed lists."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cratedig.data import detect_layout, load_dataset, load_demo, load_hetrec
from cratedig.evaluation import evaluate
from cratedig.recommenders import make_recommender

from .conftest import small_records, small_seeds, write_json


def test_uniform_folder(uniform_dir: Path) -> None:
    ds = load_dataset(uniform_dir)
    assert ds.report.layout == "uniform"
    assert len(ds.catalog) == 40
    assert len(ds.seeds) == 12
    assert ds.seeds.user_ids[:2] == ("100", "101")
    assert ds.catalog.names[3] == "Artist 3"
    assert ds.catalog.tags[1] == ("jazz", "jazz style")
    assert ds.catalog.popularity[5] == 6.0
    assert ds.catalog.bio[0] == "Artist 0 plays rock music in a band."
    assert [ds.catalog.ids[p] for p in ds.seeds[0]] == small_seeds()[0]
    artist = ds.catalog[5]
    assert (artist.id, artist.name, artist.popularity) == ("a5", "Artist 5", 6.0)
    assert artist.tags == ("jazz", "jazz style")


def test_catalog_only_folder(tmp_path: Path) -> None:
    write_json(tmp_path / "artists.json", {"x": {"name": "X"}})
    ds = load_dataset(tmp_path)
    assert len(ds.catalog) == 1 and len(ds.seeds) == 0
    assert np.isnan(ds.catalog.popularity[0])
    assert ds.catalog.bio == (None,) and ds.catalog.tags == ((),)


def _study_files(folder: Path, *, spot: bool = True) -> None:
    records = small_records()
    study = {
        aid: {
            "name": r["name"],
            "wiki": r["bio"],
            "genres": r["tags"],
            # the study stores popularity as an int or a numeric string
            "spotify_popularity": str(r["popularity"]) if i % 2 else r["popularity"],
        }
        for i, (aid, r) in enumerate(records.items())
    }
    write_json(folder / "nlp_artists_filtered.json", study)
    if spot:
        spot_records = {aid: dict(r, spotify_desc="") for aid, r in study.items()}
        spot_records["a1"]["spotify_desc"] = "Smooth jazz from somewhere."
        write_json(folder / "nlp_artists_filtered_spot.json", spot_records)
    write_json(folder / "nlp_seeds_anonymized.json", small_seeds())


def test_study_folder_maps_fields(tmp_path: Path) -> None:
    _study_files(tmp_path)
    ds = load_dataset(tmp_path)
    assert ds.report.layout == "study"
    assert ds.catalog.bio[0] == "Artist 0 plays rock music in a band."
    assert ds.catalog.tags[0] == ("rock", "rock style")
    assert ds.catalog.popularity.tolist() == [float(i + 1) for i in range(40)]
    # spotify_desc: an empty string means absent
    assert ds.catalog.description[1] == "Smooth jazz from somewhere."
    assert ds.catalog.description[0] is None
    assert ds.catalog.coverage()["description"] == 1
    assert "extra" in ds.report.files


def test_study_explicit_files(tmp_path: Path) -> None:
    _study_files(tmp_path)
    ds = load_dataset(
        artists=tmp_path / "nlp_artists_filtered.json",
        seeds=tmp_path / "nlp_seeds_anonymized.json",
        extra=tmp_path / "nlp_artists_filtered_spot.json",
    )
    assert ds.report.layout == "study"
    assert ds.catalog.description[1] == "Smooth jazz from somewhere."
    assert len(ds.seeds) == 12


def test_uniform_and_study_layouts_give_identical_results(
    tmp_path: Path, uniform_dir: Path
) -> None:
    _study_files(tmp_path / "study", spot=False)
    uniform = load_dataset(uniform_dir)
    study = load_dataset(tmp_path / "study")
    recs = ["random", "popularity", "listeners"]
    a = evaluate(uniform, [make_recommender(r) for r in recs], repeats=2, progress=False)
    b = evaluate(study, [make_recommender(r) for r in recs], repeats=2, progress=False)
    assert a.rows == b.rows


HETREC_ARTISTS = "id\tname\turl\tpictureURL\n" + "".join(
    f"{i}\tBand {i}\thttp://x/{i}\thttp://y/{i}.jpg\n" for i in range(1, 13)
)


def _hetrec_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "artists.dat").write_text(HETREC_ARTISTS, encoding="utf-8")
    rows = ["userID\tartistID\tweight"]
    # user 2 likes 1..9 (play counts rising with id: heaviest is 9); user 5 has 3 artists only
    rows += [f"2\t{a}\t{100 * a}" for a in range(1, 10)]
    rows += [f"7\t{a}\t{50}" for a in (12, 11, 10, 9, 8, 7, 6, 5)]  # ties keep file order
    rows += [f"5\t{a}\t10" for a in (1, 2, 3)]
    (folder / "user_artists.dat").write_text("\n".join(rows) + "\n", encoding="utf-8")
    # tags.dat is Latin-1 in the published files
    (folder / "tags.dat").write_bytes(
        "tagID\ttagValue\n1\trock\n2\tcafé\n3\tpop\n".encode("latin-1")
    )
    tagged = ["userID\tartistID\ttagID\tday\tmonth\tyear"]
    tagged += ["2\t1\t3\t1\t1\t2009", "5\t1\t2\t1\t1\t2009", "7\t1\t2\t1\t1\t2009"]
    tagged += ["2\t2\t1\t1\t1\t2009", "2\t99\t1\t1\t1\t2009"]  # artist 99 is unknown: ignored
    (folder / "user_taggedartists.dat").write_text("\n".join(tagged) + "\n", encoding="utf-8")


def test_hetrec_folder(tmp_path: Path) -> None:
    _hetrec_files(tmp_path)
    assert detect_layout(tmp_path) == "hetrec"
    ds = load_dataset(tmp_path)
    cat = ds.catalog
    assert len(cat) == 12 and cat.names[0] == "Band 1"
    # popularity = distinct listeners over all users, short lists included
    assert cat.popularity[cat.position("1")] == 2.0  # users 2 and 5
    assert cat.popularity[cat.position("9")] == 2.0  # users 2 and 7
    assert cat.popularity[cat.position("4")] == 1.0
    # tags: most-assigned first, decoded from Latin-1
    assert cat.tags[cat.position("1")] == ("café", "pop")
    assert cat.tags[cat.position("2")] == ("rock",)
    # seeds by play count, heaviest first; user 5 (3 artists) skipped with the default 8
    assert ds.seeds.user_ids == ("2", "7")
    assert [cat.ids[p] for p in ds.seeds[0]] == [str(a) for a in range(9, 0, -1)]
    assert [cat.ids[p] for p in ds.seeds[1]] == ["12", "11", "10", "9", "8", "7", "6", "5"]
    assert ds.report.users_too_short == 1


def test_hetrec_min_seeds(tmp_path: Path) -> None:
    _hetrec_files(tmp_path)
    ds = load_hetrec(tmp_path, min_seeds=3)
    assert ds.seeds.user_ids == ("2", "5", "7")


def test_demo_loads_through_the_uniform_path() -> None:
    ds = load_demo()
    assert ds.is_demo and ds.report.layout == "uniform"
    assert 100 <= len(ds.catalog) <= 150
    assert len(ds.seeds) >= 60
    assert len({tags[0] for tags in ds.catalog.tags}) >= 8
    assert all(d for d in ds.catalog.description)
    assert "demo" in ds.name


@pytest.mark.parametrize(
    ("files", "layout"),
    [
        (["artists.json"], "uniform"),
        (["nlp_artists_filtered.json", "artists.json"], "study"),
        (["artists.dat", "user_artists.dat"], "hetrec"),
    ],
)
def test_detect_layout(tmp_path: Path, files: list[str], layout: str) -> None:
    for name in files:
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert detect_layout(tmp_path) == layout
