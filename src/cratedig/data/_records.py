"""Validation of single JSON artist records, shared by the JSON layouts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cratedig.catalog import Artist
from cratedig.data._json import describe, is_number, jpath
from cratedig.errors import DataError

__all__ = [
    "STUDY_FIELDS",
    "UNIFORM_FIELDS",
    "FieldKeys",
    "get_name",
    "get_number",
    "get_tags",
    "get_text",
    "parse_artists",
    "require_object",
]


def require_object(value: Any, *, source: Path, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DataError(
            f"$ is {describe(value)}; expected an object mapping artist ids to {what}",
            source=source,
            fix='write {"<artist_id>": {"name": ...}, ...}',
        )
    return value


def _record(record: Any, artist_id: str, source: Path) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise DataError(
            f"{jpath(artist_id)} is {describe(record)}; expected an artist record object",
            source=source,
            fix='write each artist as {"name": ..., ...}',
        )
    return record


def get_name(record: Any, artist_id: str, source: Path) -> str:
    rec = _record(record, artist_id, source)
    if "name" not in rec:
        raise DataError(
            f"{jpath(artist_id)} has no 'name'", source=source, fix="give every artist a name"
        )
    name = rec["name"]
    if not isinstance(name, str) or not name.strip():
        raise DataError(
            f"{jpath(artist_id, 'name')} is {describe(name)}; expected a non-empty string",
            source=source,
            fix="give every artist a non-empty name",
        )
    return name.strip()


def get_text(record: dict[str, Any], key: str, artist_id: str, source: Path) -> str | None:
    """An optional text field; missing, null, empty or blank means absent."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise DataError(
            f"{jpath(artist_id, key)} is {describe(value)}; expected a string",
            source=source,
            fix=f"write {key!r} as a string, or leave it out where there is none",
        )
    value = value.strip()
    return value or None


def get_tags(record: dict[str, Any], key: str, artist_id: str, source: Path) -> tuple[str, ...]:
    """An optional list of tag strings (blank tags dropped, order kept)."""
    value = record.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise DataError(
            f"{jpath(artist_id, key)} is {describe(value)}; expected a list of strings",
            source=source,
            fix=f'write {key!r} as a list such as ["rock", "indie rock"]',
        )
    tags: list[str] = []
    for i, tag in enumerate(value):
        if not isinstance(tag, str):
            raise DataError(
                f"{jpath(artist_id, key, i)} is {describe(tag)}; expected a string",
                source=source,
                fix=f"write every entry of {key!r} as a string",
            )
        if tag.strip():
            tags.append(tag.strip())
    return tuple(tags)


def get_number(
    record: dict[str, Any],
    key: str,
    artist_id: str,
    source: Path,
    *,
    allow_numeric_string: bool = False,
) -> float | None:
    """An optional finite number (``allow_numeric_string``: ``"42"`` is accepted too)."""
    value = record.get(key)
    if value is None:
        return None
    if allow_numeric_string and isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        try:
            parsed = float(text)
        except ValueError:
            parsed = float("nan")
        number = parsed if is_number(parsed) else None
    elif is_number(value):
        number = float(value)
    else:
        number = None
    if number is not None:
        if number < 0:
            raise DataError(
                f"{jpath(artist_id, key)} is {describe(value)}; expected a number >= 0",
                source=source,
                fix=f"write {key!r} as a count or score of at least 0, or leave it out",
            )
        return number
    accepted = "a finite number or a numeric string" if allow_numeric_string else "a finite number"
    raise DataError(
        f"{jpath(artist_id, key)} is {describe(value)}; expected {accepted}",
        source=source,
        fix=f"write {key!r} as a finite number, or leave it out where unknown",
    )


@dataclass(frozen=True)
class FieldKeys:
    """Which source key feeds each canonical field."""

    bio: str
    description: str
    tags: str
    popularity: str
    numeric_strings: bool = False


UNIFORM_FIELDS = FieldKeys(
    bio="bio", description="description", tags="tags", popularity="popularity"
)
#: The study's files: wiki, Spotify description, genres, Spotify popularity (int or string).
STUDY_FIELDS = FieldKeys(
    bio="wiki",
    description="spotify_desc",
    tags="genres",
    popularity="spotify_popularity",
    numeric_strings=True,
)


def parse_artists(value: Any, source: Path, keys: FieldKeys) -> list[Artist]:
    """Validate and convert an artists file's records into canonical :class:`Artist`s."""
    records = require_object(value, source=source, what="artist records")
    artists = []
    for artist_id, record in records.items():
        name = get_name(record, artist_id, source)
        artists.append(
            Artist(
                id=artist_id,
                name=name,
                bio=get_text(record, keys.bio, artist_id, source),
                description=get_text(record, keys.description, artist_id, source),
                tags=get_tags(record, keys.tags, artist_id, source),
                popularity=get_number(
                    record,
                    keys.popularity,
                    artist_id,
                    source,
                    allow_numeric_string=keys.numeric_strings,
                ),
            )
        )
    return artists
