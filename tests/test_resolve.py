"""Finding artists by name or id."""

from __future__ import annotations

import pytest

from cratedig.catalog import Artist, Catalog
from cratedig.errors import DataError
from cratedig.resolve import find_artist, find_artists, normalise_name

CATALOG = Catalog.from_artists(
    [
        Artist(id="1", name="Björk"),
        Artist(id="2", name="Sigur Rós"),
        Artist(id="311", name="Natasha Bedingfield"),
        Artist(id="3732", name="311"),
        Artist(id="5", name="Nico"),
        Artist(id="6", name="nico"),
        Artist(id="7", name="Simon & Garfunkel"),
    ]
)


def test_normalise_name() -> None:
    assert normalise_name("  Sigur Rós!! ") == "sigur ros"
    assert normalise_name("Simon & Garfunkel") == "simon and garfunkel"


def test_names_are_case_and_accent_insensitive() -> None:
    assert find_artists(CATALOG, ["bjork", "SIGUR ROS", "simon and garfunkel"]).tolist() == [
        0,
        1,
        6,
    ]


def test_ids_work_and_id_prefix_forces_an_id() -> None:
    assert find_artist(CATALOG, "2") == 1
    assert find_artist(CATALOG, "id:311") == 2
    with pytest.raises(DataError, match="no artist has the id '99'"):
        find_artist(CATALOG, "id:99")


def test_an_id_that_is_also_a_name_is_ambiguous() -> None:
    with pytest.raises(DataError, match=r"'311' matches 2 artists.*id:"):
        find_artist(CATALOG, "311")


def test_duplicate_names_are_ambiguous() -> None:
    with pytest.raises(DataError, match="matches 2 artists"):
        find_artist(CATALOG, "NICO")


def test_suggestions() -> None:
    with pytest.raises(DataError, match="Did you mean 'Björk'"):
        find_artist(CATALOG, "bjrk")
