"""Views: parsing, rendering and coverage."""

from __future__ import annotations

import pytest

from cratedig.catalog import Artist, Catalog
from cratedig.errors import ConfigError
from cratedig.views import parse_view

CATALOG = Catalog.from_artists(
    [
        Artist(id="1", name="Blur", bio="Blur are an English band.", tags=("britpop", "rock")),
        Artist(id="2", name="Nico", description="Singer of the Velvet Underground."),
    ]
)


def test_single_fields() -> None:
    assert parse_view("bio").render(CATALOG) == ["Blur are an English band.", None]
    assert parse_view("tags").render(CATALOG) == ["britpop, rock", None]
    assert parse_view("name").render(CATALOG) == ["Blur", "Nico"]
    assert parse_view("description").coverage(CATALOG).tolist() == [False, True]


def test_combinations() -> None:
    view = parse_view("Name + Tags")
    assert view.name == "name+tags"
    assert view.render(CATALOG) == ["Blur. britpop, rock", None]
    assert parse_view("name+bio").render(CATALOG)[0] == "Blur. Blur are an English band."


@pytest.mark.parametrize("spec", ["", "lyrics", "name+name", "bio+wiki"])
def test_bad_views(spec: str) -> None:
    with pytest.raises(ConfigError):
        parse_view(spec)
