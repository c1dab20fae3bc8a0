"""Finding artists by id or by name, case- and accent-insensitively, with suggestions.

A query is an artist id or a name; ``id:<ID>`` means the id only. A query that is one
artist's id and another's name is ambiguous and refused, naming both.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from cratedig.catalog import Catalog
from cratedig.data._json import read_text
from cratedig.errors import DataError

__all__ = ["find_artist", "find_artists", "normalise_name", "read_artist_list"]

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def normalise_name(name: str) -> str:
    """Lower case, accents dropped, '&' as 'and', punctuation runs as one space."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ")
    return _PUNCT.sub(" ", text).strip()


class _NameIndex:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.by_name: dict[str, list[int]] = {}
        for position, name in enumerate(catalog.names):
            self.by_name.setdefault(normalise_name(name), []).append(position)

    def find(self, query: str, *, where: str) -> int:
        catalog = self.catalog
        if query.startswith("id:"):
            if query[3:] in catalog:
                return catalog.position(query[3:])
            raise DataError(
                f"{where}: no artist has the id {query[3:]!r}",
                fix="check the id (ids are the keys of the artists file)",
            )
        key = normalise_name(query)
        matches = list(self.by_name.get(key, []))
        if query in catalog and catalog.position(query) not in matches:
            matches.append(catalog.position(query))
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = ", ".join(f"{catalog.names[p]!r} (id {catalog.ids[p]})" for p in matches[:5])
            raise DataError(
                f"{where}: {query!r} matches {len(matches)} artists: {listed}",
                fix="pass id:<ID> for the one you mean (e.g. id:" + catalog.ids[matches[0]] + ")",
            )
        close = difflib.get_close_matches(key, list(self.by_name), n=3, cutoff=0.75)
        hint = ""
        if close:
            names = [catalog.names[self.by_name[c][0]] for c in close]
            hint = " Did you mean " + " or ".join(repr(n) for n in names) + "?"
        raise DataError(
            f"{where}: no artist named or with id {query!r} in the catalog "
            f"({len(catalog)} artists).{hint}",
            fix="check the spelling, or look the artist up with `cratedig info`",
        )


def find_artists(
    catalog: Catalog, queries: Iterable[str], *, where: str = "--like"
) -> npt.NDArray[np.intp]:
    """Catalog positions of names or ids, in order; DataError with suggestions otherwise."""
    index = _NameIndex(catalog)
    return np.array([index.find(q, where=where) for q in queries], dtype=np.intp)


def find_artist(catalog: Catalog, query: str, *, where: str = "--like") -> int:
    return int(find_artists(catalog, [query], where=where)[0])


def read_artist_list(path: Path, catalog: Catalog) -> npt.NDArray[np.intp]:
    """Positions of the artists in a text file: one name or id per line; blank lines and
    lines starting with ``#`` are skipped."""
    text, _ = read_text(path)
    index = _NameIndex(catalog)
    positions = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        positions.append(index.find(entry, where=f"{path}, line {number}"))
    if not positions:
        raise DataError("lists no artists", source=path, fix="write one name or id per line")
    return np.array(positions, dtype=np.intp)
