"""Text views: which canonical fields an artist is described by, and how they become text.

A view is a field (``name``, ``bio``, ``description``, ``tags``) or a ``+``-joined
combination such as ``name+tags``. Tags are rendered as ``"rock, indie rock, britpop"``;
combinations join their parts with ``". "`` in the order given. An artist lacking any field
of a view is not in that view's catalog (as the study did for Spotify descriptions).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cratedig.catalog import TEXT_FIELDS, Catalog
from cratedig.errors import ConfigError

__all__ = ["View", "parse_view"]


@dataclass(frozen=True)
class View:
    """A parsed view: its name (e.g. ``"name+tags"``) and its fields in order."""

    name: str
    fields: tuple[str, ...]

    def render(self, catalog: Catalog) -> list[str | None]:
        """Each artist's text for this view; ``None`` where a field is missing."""
        columns = [catalog.text(f) for f in self.fields]
        texts: list[str | None] = []
        for parts in zip(*columns, strict=True):
            present = [p for p in parts if p is not None]
            if len(present) < len(parts):
                texts.append(None)
            else:
                texts.append(". ".join([*(p.rstrip(" .") for p in present[:-1]), present[-1]]))
        return texts

    def coverage(self, catalog: Catalog) -> npt.NDArray[np.bool_]:
        """Which artists have every field of this view (without rendering any text)."""
        present = {
            "name": [True] * len(catalog),
            "bio": [b is not None for b in catalog.bio],
            "description": [d is not None for d in catalog.description],
            "tags": [bool(t) for t in catalog.tags],
        }
        covered = np.ones(len(catalog), dtype=bool)
        for field_name in self.fields:
            covered &= np.array(present[field_name], dtype=bool)
        return covered


def parse_view(spec: str) -> View:
    """Parse ``"bio"`` or ``"name+tags"``; unknown or repeated fields raise ConfigError."""
    if not isinstance(spec, str) or not spec.strip():
        raise ConfigError(f"a view is a field name such as 'bio' or 'name+tags', not {spec!r}")
    fields = tuple(part.strip().lower() for part in spec.split("+"))
    unknown = [f for f in fields if f not in TEXT_FIELDS]
    if unknown:
        raise ConfigError(
            f"unknown field(s) {', '.join(map(repr, unknown))} in view {spec!r}; fields are "
            f"{', '.join(TEXT_FIELDS)}, combined with '+' (e.g. 'name+tags')"
        )
    if len(set(fields)) != len(fields):
        raise ConfigError(f"view {spec!r} names a field twice")
    return View(name="+".join(fields), fields=fields)
