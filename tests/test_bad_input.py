"""Every bad input gets one clear error naming the file, the place and the fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cratedig.data import load_dataset, load_uniform
from cratedig.errors import ConfigError, DataError

from .conftest import small_records, small_seeds, write_json


def _uniform(tmp_path: Path, artists: Any = None, seeds: Any = None) -> Path:
    write_json(tmp_path / "artists.json", small_records() if artists is None else artists)
    write_json(tmp_path / "seeds.json", small_seeds() if seeds is None else seeds)
    return tmp_path


def _error(tmp_path: Path, **kwargs: Any) -> str:
    with pytest.raises(DataError) as info:
        load_dataset(tmp_path, **kwargs)
    message = str(info.value)
    assert "Fix:" in message, message
    return message


def test_truncated_json(tmp_path: Path) -> None:
    text = json.dumps(small_records())
    (tmp_path / "artists.json").write_text(text[: len(text) // 2], encoding="utf-8")
    message = _error(tmp_path)
    assert "artists.json" in message and "not valid JSON" in message
    assert "line 1, column" in message and "truncated" in message


def test_invalid_json_in_the_middle(tmp_path: Path) -> None:
    (tmp_path / "artists.json").write_text('{\n "a": {"name": "A"}\n "b": {}}', encoding="utf-8")
    message = _error(tmp_path)
    assert "line 3" in message and "comma" in message


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "artists.json").write_text("  \n", encoding="utf-8")
    assert "is empty" in _error(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "artists.json").write_bytes('{"a": {"name": "Café"}}'.encode("latin-1"))
    assert "UTF-8" in _error(tmp_path)


def test_duplicate_artist_ids(tmp_path: Path) -> None:
    (tmp_path / "artists.json").write_text(
        '{"a1": {"name": "A"}, "a1": {"name": "B"}}', encoding="utf-8"
    )
    message = _error(tmp_path)
    assert message == (
        f"{tmp_path / 'artists.json'}: the key 'a1' appears more than once in one JSON object "
        "(JSON would silently keep only the last one). Fix: give every artist (and every "
        "field) a unique key"
    )


def test_deeply_nested_json(tmp_path: Path) -> None:
    (tmp_path / "artists.json").write_text("[" * 100_000, encoding="utf-8")
    assert "nested too deeply" in _error(tmp_path)


def test_negative_and_infinite_popularity(tmp_path: Path) -> None:
    artists = small_records()
    artists["a3"]["popularity"] = -2
    assert "$.a3.popularity is -2 (a number); expected a number >= 0" in _error(
        _uniform(tmp_path, artists=artists)
    )
    (tmp_path / "artists.json").write_text('{"a": {"name": "A", "popularity": 1e999}}')
    assert "expected a finite number" in _error(tmp_path)


def test_explicit_files_layout_detection(tmp_path: Path) -> None:
    mixed = {"a": {"name": "A", "bio": "x", "genres": ["rock"]}}
    write_json(tmp_path / "mixed.json", mixed)
    with pytest.raises(DataError, match="mixes the uniform fields"):
        load_dataset(artists=tmp_path / "mixed.json")
    write_json(tmp_path / "u.json", {"a": {"name": "A", "bio": "x"}})
    write_json(tmp_path / "spot.json", {"a": {"name": "A", "spotify_desc": "y"}})
    with pytest.raises(DataError, match="--extra adds the study's spotify_desc"):
        load_dataset(artists=tmp_path / "u.json", extra=tmp_path / "spot.json")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"bio": "no name"}, "has no 'name'"),
        ({"name": ""}, '$.a0.name is "" (a string); expected a non-empty string'),
        ({"name": 12}, "$.a0.name is 12 (a number)"),
        ({"name": "A", "tags": "rock"}, '$.a0.tags is "rock" (a string); expected a list'),
        ({"name": "A", "tags": ["rock", 3]}, "$.a0.tags[1] is 3 (a number)"),
        ({"name": "A", "bio": ["x"]}, "$.a0.bio is a list; expected a string"),
        ({"name": "A", "popularity": "high"}, '$.a0.popularity is "high" (a string)'),
        ({"name": "A", "popularity": True}, "$.a0.popularity is true (a boolean)"),
        ("just a string", '$.a0 is "just a string" (a string); expected an artist record'),
    ],
)
def test_wrong_record_types(tmp_path: Path, record: Any, expected: str) -> None:
    artists = small_records()
    artists["a0"] = record
    message = _error(_uniform(tmp_path, artists=artists))
    assert "artists.json" in message
    assert expected in message


def test_artists_not_an_object(tmp_path: Path) -> None:
    message = _error(_uniform(tmp_path, artists=[{"name": "A"}]))
    assert "$ is a list; expected an object" in message


def test_nan_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "artists.json").write_text('{"a": {"name": "A", "popularity": NaN}}')
    assert "NaN is not valid JSON" in _error(tmp_path)


def test_missing_seed_ids_error_by_default(tmp_path: Path) -> None:
    seeds = small_seeds()
    seeds[2][3] = "nope"
    seeds[5][0] = "gone"
    message = _error(_uniform(tmp_path, seeds=seeds))
    assert "seeds.json" in message
    assert "2 seed id(s) in 2 user(s) are not in the catalog" in message
    assert "'nope' at $[2][3]" in message
    assert "--on-missing skip" in message


def test_missing_seed_ids_skip(tmp_path: Path) -> None:
    seeds = small_seeds()
    seeds[2].append("nope")  # user 2 keeps 8 seeds
    seeds[5][0] = "gone"  # user 5 falls to 7 seeds: skipped as too short
    ds = load_dataset(_uniform(tmp_path, seeds=seeds), on_missing="skip")
    assert ds.report.missing_ids == 2
    assert ds.report.users_too_short == 1
    assert len(ds.seeds) == 11
    assert any("dropped 2 seed id(s)" in note for note in ds.report.notes)


def test_seed_ids_must_be_strings(tmp_path: Path) -> None:
    seeds = small_seeds()
    seeds[1][2] = 7
    message = _error(_uniform(tmp_path, seeds=seeds))
    assert "$[1][2] is 7 (a number); artist ids are strings" in message
    assert 'write it as the string "7"' in message


def test_seed_list_not_a_list(tmp_path: Path) -> None:
    assert "$[0] is an object" in _error(_uniform(tmp_path, seeds=[{"a": 1}]))
    assert "$ is an object" in _error(_uniform(tmp_path, seeds={"u": ["a1"]}))


def test_duplicate_seed_in_one_list(tmp_path: Path) -> None:
    seeds = small_seeds()
    seeds[3][4] = seeds[3][1]
    message = _error(_uniform(tmp_path, seeds=seeds))
    assert "lists artist" in message
    assert "twice ($[3][1] and $[3][4])" in message


def test_short_and_empty_lists_are_skipped_and_counted(tmp_path: Path) -> None:
    seeds = [*small_seeds(), [], ["a0", "a4"]]
    ds = load_dataset(_uniform(tmp_path, seeds=seeds))
    assert len(ds.seeds) == 12
    assert ds.report.users_too_short == 2
    ds2 = load_dataset(tmp_path, min_seeds=2)
    assert len(ds2.seeds) == 13


def test_min_seeds_below_two_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="at least 2"):
        load_dataset(_uniform(tmp_path), min_seeds=1)


def test_seed_users_length_mismatch(tmp_path: Path) -> None:
    _uniform(tmp_path)
    write_json(tmp_path / "seed_users.json", [1, 2, 3])
    message = _error(tmp_path)
    assert "seed_users.json" in message and "has 3 user ids but the seeds file has 12" in message


def test_seed_users_duplicates(tmp_path: Path) -> None:
    _uniform(tmp_path)
    write_json(tmp_path / "seed_users.json", [1] * 12)
    assert "user id '1' appears twice" in _error(tmp_path)


def test_no_such_folder(tmp_path: Path) -> None:
    assert "no such folder" in _error(tmp_path / "missing")


def test_folder_without_a_layout(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hi")
    message = _error(tmp_path)
    assert "no known data layout" in message and "notes.txt" in message


def test_missing_explicit_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="file not found"):
        load_uniform(tmp_path / "nope.json")


def test_data_and_artists_together(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not both"):
        load_dataset(tmp_path, artists=tmp_path / "a.json")


def test_hetrec_short_line(tmp_path: Path) -> None:
    (tmp_path / "artists.dat").write_text("id\tname\turl\tpictureURL\n1\tA\tu\tp\n")
    (tmp_path / "user_artists.dat").write_text("userID\tartistID\tweight\n2\t1\t5\n3\t1\n")
    message = _error(tmp_path)
    assert "user_artists.dat" in message and "line 3 has 2 tab-separated field(s)" in message


def test_hetrec_bad_integer(tmp_path: Path) -> None:
    (tmp_path / "artists.dat").write_text("id\tname\turl\tpictureURL\n1\tA\tu\tp\n")
    (tmp_path / "user_artists.dat").write_text("userID\tartistID\tweight\n2\t1\tlots\n")
    assert "line 2, column weight is 'lots'; expected an integer" in _error(tmp_path)


def test_hetrec_wrong_header(tmp_path: Path) -> None:
    (tmp_path / "artists.dat").write_text("ident\tname\n1\tA\n")
    (tmp_path / "user_artists.dat").write_text("userID\tartistID\tweight\n")
    assert "line 1 (header) lacks the column(s) id" in _error(tmp_path)


def test_hetrec_unknown_artist_in_listening(tmp_path: Path) -> None:
    (tmp_path / "artists.dat").write_text("id\tname\turl\tpictureURL\n1\tA\tu\tp\n")
    (tmp_path / "user_artists.dat").write_text("userID\tartistID\tweight\n2\t1\t5\n2\t9\t3\n")
    message = _error(tmp_path)
    assert "1 seed id(s) in 1 user(s) are not in the catalog" in message
    assert "'9' at line 3 (user 2)" in message


def test_study_popularity_must_be_numeric(tmp_path: Path) -> None:
    write_json(
        tmp_path / "nlp_artists_filtered.json", {"u1": {"name": "A", "spotify_popularity": "lots"}}
    )
    message = _error(tmp_path)
    assert (
        '$.u1.spotify_popularity is "lots" (a string); expected a finite number or a numeric string'
        in message
    )
