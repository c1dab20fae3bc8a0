"""Writing and printing evaluation results: ``summary.json``, ``per_user.csv``, text tables."""

from __future__ import annotations

import csv
import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cratedig.errors import DataError
from cratedig.evaluation.bands import BAND_NAMES
from cratedig.evaluation.runner import Evaluation

__all__ = [
    "PER_USER_COLUMNS",
    "format_table",
    "per_user_records",
    "render_table",
    "write_outputs",
]

PER_USER_COLUMNS = (
    "user",
    "repeat",
    "recommender",
    "view",
    "model",
    "distractors",
    "scope",
    "n_seeds",
    "n_query",
    "n_masked",
    "n_distractors",
    "auc",
)


def _clean(value: Any) -> Any:
    """JSON-safe: NaN and infinities become null (JSON has no NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def per_user_records(evaluation: Evaluation) -> list[dict[str, Any]]:
    """One record per recommender × distractor mode × repeat × user, in that order."""
    records: list[dict[str, Any]] = []
    for result in evaluation.results:
        trials = result.trials
        n_query = trials.query_ptr[1:] - trials.query_ptr[:-1]
        n_cand = trials.cand_ptr[1:] - trials.cand_ptr[:-1]
        n_masked = trials.n_positive
        for t in range(trials.n_trials):
            record: dict[str, Any] = {
                "user": trials.user_ids[trials.user[t]],
                "repeat": int(trials.repeat[t]),
                "recommender": result.recommender,
                "view": result.view,
                "model": result.model,
                "distractors": trials.distractors,
                "scope": result.scope,
                "n_seeds": int(trials.n_seeds[t]),
                "n_query": int(n_query[t]),
                "n_masked": int(n_masked[t]),
                "n_distractors": int(n_cand[t] - n_masked[t]),
                "auc": _clean(float(result.auc[t])),
            }
            for band, values in result.band_auc.items():
                record[f"auc_{band}"] = _clean(float(values[t]))
            records.append(record)
    return records


OUTPUT_FILES = ("summary.json", "per_user.csv")


def prepare_out(out: str | Path) -> Path:
    """Create the output folder and check the files can be written there (before any work)."""
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise DataError(
            "exists and is not a folder", source=folder, fix="choose another --out folder"
        ) from None
    except OSError as exc:
        raise DataError(
            f"cannot be created ({exc.strerror})", source=folder, fix="choose a writable --out"
        ) from None
    for name in OUTPUT_FILES:
        if (folder / name).is_dir():
            raise DataError(
                "is a folder, so it cannot be written",
                source=folder / name,
                fix="remove it or choose another --out folder",
            )
    if not os.access(folder, os.W_OK):
        raise DataError("is not writable", source=folder, fix="choose a writable --out")
    return folder


def write_outputs(evaluation: Evaluation, out: str | Path) -> dict[str, Path]:
    """Write ``summary.json`` and ``per_user.csv`` into ``out``; returns their paths.

    Both are deterministic: the same evaluation gives byte-identical files.
    """
    folder = prepare_out(out)
    try:
        return _write(evaluation, folder)
    except OSError as exc:
        raise DataError(
            f"could not be written ({exc.strerror}: {exc.filename})",
            source=folder,
            fix="free disk space or choose another --out folder",
        ) from None


def _write(evaluation: Evaluation, folder: Path) -> dict[str, Path]:
    summary_path = folder / "summary.json"
    per_user_path = folder / "per_user.csv"
    summary_path.write_text(
        json.dumps(_clean(evaluation.summary()), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    records = per_user_records(evaluation)
    columns = list(PER_USER_COLUMNS)
    if evaluation.config.get("bands"):
        columns += [f"auc_{band}" for band in BAND_NAMES]
    with per_user_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: "" if record.get(k) is None else record[k] for k in columns})
    return {"summary": summary_path, "per_user": per_user_path}


def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _p(value: float | None) -> str:
    if value is None:
        return "–"
    return "<1e-4" if value < 1e-4 else f"{value:.4f}"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain aligned text table (numbers right-aligned)."""
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            numeric = cell[:1].isdigit() or cell[:1] in "-+–<"
            parts.append(cell.rjust(widths[i]) if numeric and i else cell.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def format_table(evaluation: Evaluation) -> str:
    """The results table printed by ``cratedig evaluate``."""
    config = evaluation.config
    baseline = config.get("baseline")
    title = (
        f"cratedig masked-seeds evaluation — {config['dataset']}: {config['n_artists']} "
        f"artists, {config['n_users']} users, {config['repeats']} repeat(s), "
        f"seed {config['seed']}"
    )
    if config.get("demo"):
        title = "DEMO DATA (bundled; synthetic listeners, not real users)\n" + title
    headers = [
        "recommender",
        "view",
        "model",
        "distractors",
        "band",
        "AUC",
        "95% CI",
        "SD",
        "SE",
        "users",
        "skipped",
    ]
    if baseline:
        headers += [f"Δ vs {baseline}", "Δ 95% CI", "Wilcoxon p"]
    rows = []
    for row in evaluation.rows:
        cells = [
            row["recommender"],
            row["view"] or "–",
            row["model"] or "–",
            row["distractors"],
            row["band"] or "all",
            _num(row["mean_auc"]),
            f"{_num(row['ci_low'])}–{_num(row['ci_high'])}" if row["ci_low"] is not None else "–",
            _num(row["sd"]),
            _num(row["se"], 4),
            str(row["n_users"]),
            str(row["n_skipped"]),
        ]
        if baseline:
            cmp = row.get("vs_baseline")
            if cmp is None:
                cells += ["(baseline)", "", ""]
            else:
                cells += [
                    f"{cmp['mean_diff']:+.3f}" if cmp["mean_diff"] is not None else "–",
                    f"{cmp['ci_low']:+.3f}…{cmp['ci_high']:+.3f}"
                    if cmp["ci_low"] is not None
                    else "–",
                    _p(cmp["wilcoxon_p"]),
                ]
        rows.append(cells)
    notes = []
    for scope, info in config.get("scopes", {}).items():
        notes.append(
            f"scope {scope}: {info['artists']} artists, {info['users']} users "
            f"({info['users_dropped']} left with too few seeds); its rows are compared "
            "with the baseline on the same trials"
        )
    if config.get("bands"):
        low, high = config["bands"]["cuts"]
        notes.append(f"bands: seed-popularity tertiles, low <= {low:g} < mid <= {high:g} < high")
    notes.append(
        "AUC: masked seeds vs distractors, mean over users (each user's mean over repeats)."
    )
    if "uniform" in config["distractors"]:
        notes.append(
            "With uniform distractors popularity alone scores high on long-tailed catalogs; "
            "read the popularity-matched rows too."
        )
    return "\n".join([title, "", render_table(headers, rows), "", *notes])
