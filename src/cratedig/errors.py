"""Exceptions raised by cratedig.

Every error a user can cause carries one paragraph that names what is wrong, where (file,
JSON path or line) and how to fix it. The CLI prints that paragraph and exits with code 2.
"""

from __future__ import annotations

__all__ = ["ConfigError", "CratedigError", "DataError", "NotFittedError", "check_int"]


class CratedigError(Exception):
    """Base class of every error cratedig raises on purpose."""


class DataError(CratedigError, ValueError):
    """Input data is unreadable, malformed or inconsistent.

    Parameters
    ----------
    what
        What is wrong, e.g. ``'$["12"].popularity is "abc" (a string)'``.
    source
        The file (or other source) it was found in; ``None`` when not file-based.
    fix
        How to fix it.
    """

    def __init__(self, what: str, *, source: object | None = None, fix: str | None = None):
        self.what = what
        self.source = None if source is None else str(source)
        self.fix = fix
        text = f"{self.source}: {what}" if self.source else what
        if fix:
            end = "" if text.endswith(("?", "!")) else "."
            text = f"{text.rstrip('.')}{end} Fix: {fix}"
        super().__init__(text)


class ConfigError(CratedigError, ValueError):
    """An invalid parameter value (a hyperparameter, an option, a recommender name)."""


class NotFittedError(CratedigError, RuntimeError):
    """A recommender was used before ``fit``."""


def check_int(name: str, value: object, minimum: int, *, why: str = "") -> int:
    """``value`` if it is an integer (not a bool) of at least ``minimum``; else ConfigError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{name} must be an integer of at least {minimum}{why}, not {value!r}")
    return value
