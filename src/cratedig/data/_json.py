"""Reading JSON input files with errors that name the file, the place and the fix."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from cratedig.errors import DataError

__all__ = ["describe", "jpath", "read_json", "read_text"]


def read_text(path: Path, *, encodings: tuple[str, ...] = ("utf-8",)) -> tuple[str, str]:
    """Read a text file, trying ``encodings`` in order; returns ``(text, encoding_used)``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", source=path, fix="check the path") from None
    except IsADirectoryError:
        raise DataError(
            "is a folder, not a file", source=path, fix="name the file inside it"
        ) from None
    except OSError as exc:
        raise DataError(
            f"cannot be read ({exc.strerror})", source=path, fix="check its permissions"
        ) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    last: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            last = exc
    assert last is not None
    raise DataError(
        f"is not valid {' or '.join(encodings)} text (byte {last.start}: {last.reason})",
        source=path,
        fix="save the file as UTF-8",
    )


def _no_duplicate_keys(path: Path) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise DataError(
                    f"the key {key!r} appears more than once in one JSON object (JSON would "
                    "silently keep only the last one)",
                    source=path,
                    fix="give every artist (and every field) a unique key",
                )
            result[key] = value
        return result

    return hook


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def read_json(path: Path) -> Any:
    """Parse a JSON file; truncated, invalid or duplicate-keyed input raises :class:`DataError`."""
    text, _ = read_text(path)
    if not text.strip():
        raise DataError("is empty", source=path, fix="point to a non-empty JSON file")
    try:
        return json.loads(
            text, object_pairs_hook=_no_duplicate_keys(path), parse_constant=_reject_constant
        )
    except DataError:
        raise
    except RecursionError:
        raise DataError(
            "is nested too deeply to be read", source=path, fix="flatten the JSON structure"
        ) from None
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(text.rstrip())
        hint = (
            "the file ends early (truncated?): re-export or re-download it"
            if at_end
            else "fix the JSON syntax there (a missing comma, quote or bracket?)"
        )
        raise DataError(
            f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            source=path,
            fix=hint,
        ) from None
    except ValueError as exc:  # NaN / Infinity constants
        raise DataError(
            f"is not valid JSON: {exc}", source=path, fix="write numbers as plain numbers"
        ) from None


def jpath(*parts: str | int) -> str:
    """A JSON path such as ``$["12"].tags[3]`` for error messages."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}"
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def describe(value: Any) -> str:
    """A short description of a JSON value for error messages: ``"abc" (a string)``."""
    kind = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }.get(type(value), type(value).__name__)
    if isinstance(value, (dict, list)):
        return kind
    shown = json.dumps(value, ensure_ascii=False)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{shown} ({kind})" if value is not None else "null"


def is_number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )
