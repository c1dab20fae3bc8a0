"""What every benchmark shares: where the shared data is, skipping without it, JSON out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def skip_if_absent(data: Path, report: dict[str, Any]) -> bool:
    """Record and print why nothing is measured when ``data`` is missing; True if so."""
    if data.exists():
        return False
    report["skipped"] = f"{data} is absent (../shared/data); nothing was measured"
    print(report["skipped"], file=sys.stderr)
    return True


def write_report(report: dict[str, Any], out: Path | None) -> None:
    """Print the report as JSON, and write it to ``out`` too when given."""
    text = json.dumps(report, indent=2)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    print(text)
