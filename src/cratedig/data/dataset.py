"""A loaded dataset: the catalog, the users' seed lists, and a report of what loading did."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cratedig.catalog import Artist, Catalog
from cratedig.data._json import describe, jpath, read_json
from cratedig.errors import ConfigError, DataError, check_int
from cratedig.seeds import SeedLists

__all__ = [
    "DEFAULT_MIN_SEEDS",
    "Dataset",
    "LoadReport",
    "OnMissing",
    "build_dataset",
    "load_seed_file",
    "resolve_seed_lists",
]

logger = logging.getLogger(__name__)

OnMissing = Literal["error", "skip"]

#: Users with fewer seeds are skipped; the study's and the shared data sets' threshold.
DEFAULT_MIN_SEEDS = 8


@dataclass
class LoadReport:
    """What loading found and did: the layout, the files, and every user or id left out."""

    layout: str
    files: dict[str, str]
    min_seeds: int = DEFAULT_MIN_SEEDS
    on_missing: OnMissing = "error"
    users_in_source: int = 0
    users_too_short: int = 0
    missing_ids: int = 0
    users_with_missing_ids: int = 0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "layout": self.layout,
            "files": dict(self.files),
            "min_seeds": self.min_seeds,
            "on_missing": self.on_missing,
            "users_in_source": self.users_in_source,
            "users_too_short": self.users_too_short,
            "missing_ids": self.missing_ids,
            "users_with_missing_ids": self.users_with_missing_ids,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, eq=False)
class Dataset:
    """A catalog plus the seed lists of its users (possibly none)."""

    catalog: Catalog
    seeds: SeedLists
    report: LoadReport
    name: str = "dataset"
    is_demo: bool = False


def _check_on_missing(on_missing: str) -> OnMissing:
    if on_missing not in ("error", "skip"):
        raise ConfigError(f"on_missing must be 'error' or 'skip', not {on_missing!r}")
    return on_missing  # type: ignore[return-value]


def check_min_seeds(min_seeds: int) -> int:
    return check_int("min_seeds", min_seeds, 2, why=" (one query seed and one masked seed)")


def read_user_ids(value: Any, *, n_users: int, source: Path) -> list[str]:
    """Validate a ``seed_users.json`` value: one unique id (string or integer) per seed list."""
    if not isinstance(value, list):
        raise DataError(
            f"$ is {describe(value)}; expected a list with one user id per seed list",
            source=source,
            fix="write a JSON list such as [2, 4, 5]",
        )
    if len(value) != n_users:
        raise DataError(
            f"has {len(value)} user ids but the seeds file has {n_users} seed lists",
            source=source,
            fix="give exactly one user id per seed list, in the same order",
        )
    ids: list[str] = []
    seen: dict[str, int] = {}
    for i, user in enumerate(value):
        if isinstance(user, bool) or not isinstance(user, (str, int)):
            raise DataError(
                f"{jpath(i)} is {describe(user)}; a user id is a string or an integer",
                source=source,
                fix="write each user id as a string or an integer",
            )
        key = str(user)
        if key in seen:
            raise DataError(
                f"user id {key!r} appears twice ({jpath(seen[key])} and {jpath(i)})",
                source=source,
                fix="give every user a unique id",
            )
        seen[key] = i
        ids.append(key)
    return ids


def validate_seed_json(value: Any, *, source: Path) -> list[list[str]]:
    """Check the shape ``[[artist_id, ...], ...]`` with string ids; returns it typed."""
    if not isinstance(value, list):
        raise DataError(
            f"$ is {describe(value)}; expected a list of seed lists",
            source=source,
            fix='write [["id1", "id2", ...], ...], one list of artist ids per user',
        )
    for u, user_list in enumerate(value):
        if not isinstance(user_list, list):
            raise DataError(
                f"{jpath(u)} is {describe(user_list)}; expected a list of artist ids",
                source=source,
                fix='write each user\'s seeds as a list of id strings, e.g. ["51", "52"]',
            )
        for i, artist_id in enumerate(user_list):
            if not isinstance(artist_id, str):
                fix = (
                    f'write it as the string "{artist_id}": artist ids are JSON object keys, '
                    "so they are strings"
                    if isinstance(artist_id, int) and not isinstance(artist_id, bool)
                    else "write artist ids as strings"
                )
                raise DataError(
                    f"{jpath(u, i)} is {describe(artist_id)}; artist ids are strings",
                    source=source,
                    fix=fix,
                )
    return value


def resolve_seed_lists(
    lists: Sequence[Sequence[str]],
    user_ids: Sequence[str] | None,
    catalog: Catalog,
    report: LoadReport,
    *,
    source: Path | str,
    locate: Callable[[int, int], str] | None = None,
) -> SeedLists:
    """Map seed ids to catalog positions, apply the missing-id policy and ``min_seeds``.

    Users are kept in source order. Dropped users and ids are counted in ``report``.
    ``locate(user, index)`` describes where a seed is in the source (default: a JSON path).
    """
    where = locate or (lambda u, i: jpath(u, i))
    on_missing = _check_on_missing(report.on_missing)
    min_seeds = check_min_seeds(report.min_seeds)
    if user_ids is None:
        user_ids = [str(u) for u in range(len(lists))]
    report.users_in_source = len(lists)

    missing: list[tuple[int, int, str]] = []
    resolved: list[list[int]] = []
    for u, user_list in enumerate(lists):
        positions: list[int] = []
        seen: dict[str, int] = {}
        for i, artist_id in enumerate(user_list):
            if artist_id in seen:
                raise DataError(
                    f"user {user_ids[u]!r} lists artist {artist_id!r} twice "
                    f"({where(u, seen[artist_id])} and {where(u, i)})",
                    source=source,
                    fix="list each artist at most once per user",
                )
            seen[artist_id] = i
            if artist_id in catalog:
                positions.append(catalog.position(artist_id))
            else:
                missing.append((u, i, artist_id))
        resolved.append(positions)

    if missing:
        users_hit = len({u for u, _, _ in missing})
        report.missing_ids = len(missing)
        report.users_with_missing_ids = users_hit
        examples = ", ".join(f"{a!r} at {where(u, i)}" for u, i, a in missing[:3])
        if on_missing == "error":
            raise DataError(
                f"{len(missing)} seed id(s) in {users_hit} user(s) are not in the catalog "
                f"({catalog.source}, {len(catalog)} artists), e.g. {examples}",
                source=source,
                fix="correct those ids, add the artists to the catalog, or pass "
                "--on-missing skip (on_missing='skip') to drop them",
            )
        message = (
            f"{source}: dropped {len(missing)} seed id(s) missing from the catalog in "
            f"{users_hit} user(s), e.g. {examples}"
        )
        logger.warning(message)
        report.notes.append(message)

    keep = [u for u, positions in enumerate(resolved) if len(positions) >= min_seeds]
    report.users_too_short = len(resolved) - len(keep)
    if report.users_too_short:
        message = (
            f"{source}: skipped {report.users_too_short} user(s) with fewer than {min_seeds} "
            "seeds (--min-seeds)"
        )
        logger.info(message)
        report.notes.append(message)
    return SeedLists.from_lists([resolved[u] for u in keep], [user_ids[u] for u in keep])


def load_seed_file(
    seeds_path: Path,
    users_path: Path | None,
    catalog: Catalog,
    report: LoadReport,
) -> SeedLists:
    """Read a seeds JSON file (and an optional user-ids file) against a catalog."""
    lists = validate_seed_json(read_json(seeds_path), source=seeds_path)
    user_ids = None
    if users_path is not None:
        user_ids = read_user_ids(read_json(users_path), n_users=len(lists), source=users_path)
        report.files["seed_users"] = str(users_path)
    report.files["seeds"] = str(seeds_path)
    return resolve_seed_lists(lists, user_ids, catalog, report, source=seeds_path)


def build_dataset(
    artists: list[Artist],
    report: LoadReport,
    artists_path: Path,
    seeds_path: Path | None,
    users_path: Path | None,
    *,
    name: str | None,
) -> Dataset:
    """The catalog from canonical records, plus the seed lists where a seeds file is given."""
    catalog = Catalog.from_artists(artists, source=str(artists_path))
    seeds = SeedLists.empty()
    if seeds_path is not None:
        seeds = load_seed_file(seeds_path, users_path, catalog, report)
    return Dataset(
        catalog=catalog,
        seeds=seeds,
        report=report,
        name=name or artists_path.resolve().parent.name,
    )
