"""The public hetrec2011-lastfm-2k folder as published (tab-separated ``.dat`` files).

- ``artists.dat`` (id, name, url, pictureURL) — the catalog, in file order;
- ``user_artists.dat`` (userID, artistID, weight) — seeds: each user's artists by play count,
  heaviest first (ties keep file order); popularity: distinct listeners;
- ``tags.dat`` (tagID, tagValue; Latin-1) and ``user_taggedartists.dat`` (userID, artistID,
  tagID, day, month, year) — optional; tags: each artist's most-assigned tags (ties broken by
  the tag's overall use, then tag id), at most ``max_tags``.

Files are read as UTF-8, falling back to Latin-1 per file (``tags.dat`` is Latin-1).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from cratedig.catalog import Artist, Catalog
from cratedig.data._json import read_text
from cratedig.data.dataset import DEFAULT_MIN_SEEDS, Dataset, LoadReport, OnMissing
from cratedig.data.dataset import resolve_seed_lists as _resolve
from cratedig.errors import DataError

__all__ = ["HETREC_FILES", "load_hetrec"]

logger = logging.getLogger(__name__)

HETREC_FILES = {
    "artists": ("artists.dat", ("id", "name")),
    "user_artists": ("user_artists.dat", ("userID", "artistID", "weight")),
    "tags": ("tags.dat", ("tagID", "tagValue")),
    "tagged": ("user_taggedartists.dat", ("userID", "artistID", "tagID")),
}


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, {column: value})`` for the data rows of a ``.dat`` file."""
    text, encoding = read_text(path, encodings=("utf-8", "latin-1"))
    if encoding != "utf-8" and path.name != "tags.dat":  # tags.dat is Latin-1 as published
        logger.warning("%s: not valid UTF-8, read as %s (check non-ASCII text)", path, encoding)
    lines = text.split("\n")
    header = lines[0].rstrip("\r").split("\t")
    absent = [c for c in required if c not in header]
    if absent:
        raise DataError(
            f"line 1 (header) lacks the column(s) {', '.join(absent)}; it has {', '.join(header)}",
            source=path,
            fix=f"use the published hetrec2011-lastfm-2k file, whose header names {required}",
        )
    columns = [header.index(c) for c in required]
    for number, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < len(header):
            raise DataError(
                f"line {number} has {len(fields)} tab-separated field(s), the header has "
                f"{len(header)}: {line[:60]!r}",
                source=path,
                fix="restore the line from the published file (truncated download?)",
            )
        yield number, {c: fields[i] for c, i in zip(required, columns, strict=True)}


def _int(value: str, column: str, number: int, path: Path) -> int:
    try:
        return int(value)
    except ValueError:
        raise DataError(
            f"line {number}, column {column} is {value!r}; expected an integer",
            source=path,
            fix="restore the line from the published file",
        ) from None


def _read_artists(path: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    for number, row in _rows(path, HETREC_FILES["artists"][1]):
        artist_id = str(_int(row["id"], "id", number, path))
        if artist_id in names:
            raise DataError(
                f"line {number}: artist id {artist_id} appears twice",
                source=path,
                fix="keep one line per artist id",
            )
        name = row["name"].strip()
        if not name:
            raise DataError(
                f"line {number}: artist {artist_id} has an empty name",
                source=path,
                fix="give the artist a name",
            )
        names[artist_id] = name
    return names


def _read_listening(
    path: Path,
) -> tuple[dict[str, list[tuple[int, str, int]]], Counter[str]]:
    """Per user, ``(play count, artist id, line)`` in file order; distinct listeners per artist."""
    plays: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    listeners: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for number, row in _rows(path, HETREC_FILES["user_artists"][1]):
        user = str(_int(row["userID"], "userID", number, path))
        artist = str(_int(row["artistID"], "artistID", number, path))
        weight = _int(row["weight"], "weight", number, path)
        if weight < 0:
            raise DataError(
                f"line {number}, column weight is {weight}; a play count is at least 0",
                source=path,
                fix="restore the line from the published file",
            )
        if (user, artist) in seen:
            raise DataError(
                f"line {number}: user {user} lists artist {artist} twice",
                source=path,
                fix="keep one line per (userID, artistID)",
            )
        seen.add((user, artist))
        plays[user].append((weight, artist, number))
        listeners[artist] += 1
    return plays, listeners


def _read_tags(
    tags_path: Path, tagged_path: Path, names: dict[str, str], max_tags: int
) -> dict[str, tuple[str, ...]]:
    tag_names: dict[int, str] = {}
    for number, row in _rows(tags_path, HETREC_FILES["tags"][1]):
        tag_names[_int(row["tagID"], "tagID", number, tags_path)] = row["tagValue"].strip()
    per_artist: dict[str, Counter[int]] = defaultdict(Counter)
    overall: Counter[int] = Counter()
    unknown_artists = unknown_tags = 0
    for number, row in _rows(tagged_path, HETREC_FILES["tagged"][1]):
        artist = str(_int(row["artistID"], "artistID", number, tagged_path))
        tag = _int(row["tagID"], "tagID", number, tagged_path)
        if tag not in tag_names:
            unknown_tags += 1
            continue
        overall[tag] += 1
        if artist not in names:
            unknown_artists += 1
            continue
        per_artist[artist][tag] += 1
    if unknown_artists or unknown_tags:
        logger.info(
            "%s: ignored %d tag assignment(s) of artists not in artists.dat and %d of tags "
            "not in tags.dat",
            tagged_path,
            unknown_artists,
            unknown_tags,
        )
    tags: dict[str, tuple[str, ...]] = {}
    for artist, counts in per_artist.items():
        ranked = sorted(counts, key=lambda t: (-counts[t], -overall[t], t))
        chosen: list[str] = []
        for t in ranked:
            if tag_names[t] and tag_names[t] not in chosen:
                chosen.append(tag_names[t])
            if len(chosen) == max_tags:
                break
        tags[artist] = tuple(chosen)
    return tags


def load_hetrec(
    folder: str | Path,
    *,
    min_seeds: int = DEFAULT_MIN_SEEDS,
    on_missing: OnMissing = "error",
    max_tags: int = 10,
    name: str | None = None,
) -> Dataset:
    """Load a hetrec2011-lastfm-2k folder as published (no conversion step needed)."""
    root = Path(folder)
    paths = {key: root / filename for key, (filename, _) in HETREC_FILES.items()}
    report = LoadReport(
        layout="hetrec",
        files={"artists": str(paths["artists"]), "seeds": str(paths["user_artists"])},
        min_seeds=min_seeds,
        on_missing=on_missing,
    )
    names = _read_artists(paths["artists"])
    plays, listeners = _read_listening(paths["user_artists"])
    tags: dict[str, tuple[str, ...]] = {}
    if paths["tags"].is_file() and paths["tagged"].is_file():
        tags = _read_tags(paths["tags"], paths["tagged"], names, max_tags)
        report.files["tags"] = str(paths["tags"])
        report.files["tagged"] = str(paths["tagged"])
    else:
        report.notes.append(f"{root}: no tags.dat/user_taggedartists.dat; artists have no tags")
    catalog = Catalog.from_artists(
        (
            Artist(
                id=artist_id,
                name=artist_name,
                tags=tags.get(artist_id, ()),
                popularity=float(listeners.get(artist_id, 0)),
            )
            for artist_id, artist_name in names.items()
        ),
        source=str(paths["artists"]),
    )
    users = sorted(plays, key=int)
    ordered = [sorted(plays[u], key=lambda row: -row[0]) for u in users]
    lists = [[artist for _, artist, _ in rows] for rows in ordered]

    def locate(u: int, i: int) -> str:
        return f"line {ordered[u][i][2]} (user {users[u]})"

    seeds = _resolve(lists, users, catalog, report, source=paths["user_artists"], locate=locate)
    default_name = root.resolve().name
    if default_name == "raw":  # the shared layout keeps the published files in <set>/raw
        default_name = f"{root.resolve().parent.name}/raw"
    return Dataset(catalog=catalog, seeds=seeds, report=report, name=name or default_name)
