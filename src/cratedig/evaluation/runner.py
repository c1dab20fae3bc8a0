"""Run the masked-seeds evaluation of several recommenders on shared, paired trials.

Recommenders that read a text view are evaluated on the artists that have it, with users'
seeds filtered to them (as the study did for Spotify descriptions): a *scope*. The baseline
is re-run on every scope, so each comparison is paired on identical trials. Views every
artist has share the full scope, and so the baselines' trials.
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cratedig.data.dataset import Dataset
from cratedig.data.restrict import restrict
from cratedig.errors import ConfigError, DataError, check_int
from cratedig.evaluation.bands import BAND_NAMES, popularity_bands
from cratedig.evaluation.metrics import grouped_auc
from cratedig.evaluation.stats import compare_paired, per_user_mean, summarize
from cratedig.evaluation.trials import DISTRACTOR_MODES, Trials, make_trials
from cratedig.recommenders import Recommender, make_recommender
from cratedig.views import parse_view

__all__ = ["Evaluation", "TrialResult", "evaluate"]

logger = logging.getLogger(__name__)

BOOTSTRAP_STREAM = 2
FULL = "all"


@dataclass(frozen=True, eq=False)
class TrialResult:
    """One recommender's AUC on every trial of one distractor mode (NaN = skipped trial)."""

    recommender: str
    view: str | None
    model: str | None
    scope: str
    trials: Trials
    auc: npt.NDArray[np.float64]
    band_auc: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)
    is_baseline: bool = False


@dataclass(frozen=True, eq=False)
class Evaluation:
    """Everything an evaluation computed: its config, summary rows and per-trial results."""

    config: dict[str, Any]
    rows: list[dict[str, Any]]
    results: list[TrialResult]
    dataset: Dataset

    def summary(self) -> dict[str, Any]:
        """The ``summary.json`` document."""
        return {"config": self.config, "rows": self.rows}


@dataclass
class _Entry:
    label: str
    rec: Recommender
    scope: str
    is_baseline: bool = False


def _entries(
    recommenders: Sequence[Recommender] | Mapping[str, Recommender],
) -> list[tuple[str, Recommender]]:
    if isinstance(recommenders, Mapping):
        items = list(recommenders.items())
    else:
        items = [(r.name, r) for r in recommenders]
    seen: set[tuple[str, str | None, str | None]] = set()
    for label, rec in items:
        if not isinstance(rec, Recommender):
            raise ConfigError(f"{label!r} is a {type(rec).__name__}, not a cratedig Recommender")
        key = (label, rec.view, rec.model_label)
        if key in seen:
            raise ConfigError(
                f"recommender {label!r} (view {rec.view}, model {rec.model_label}) is given "
                "twice; pass a mapping of distinct labels to compare two settings of one model"
            )
        seen.add(key)
    if not items:
        raise ConfigError("give at least one recommender to evaluate")
    return items


def _stream(seed: int, *parts: str) -> np.random.Generator:
    """A generator for one summary row, keyed by its labels rather than by run order, so a
    row's CI does not change when other recommenders join the run."""
    key = zlib.crc32("\x1f".join(parts).encode())
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(BOOTSTRAP_STREAM, key)))


def _user_means(result: TrialResult, band: str | None, n_users: int) -> npt.NDArray[np.float64]:
    values = result.auc if band is None else result.band_auc[band]
    return per_user_mean(values, result.trials.user, n_users)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Path):
        return str(value)
    identity = getattr(value, "identity", None)
    if callable(identity):
        return identity()
    return repr(value)


def _row(
    result: TrialResult,
    band: str | None,
    per_user: npt.NDArray[np.float64],
    baseline: tuple[str, npt.NDArray[np.float64]] | None,
    *,
    seed: int,
    n_boot: int,
) -> dict[str, Any]:
    keys = (
        result.recommender,
        result.view or "",
        result.model or "",
        result.trials.distractors,
        band or "all",
    )
    summary = summarize(per_user, n_boot=n_boot, rng=_stream(seed, "summary", *keys))
    values = result.auc if band is None else result.band_auc[band]
    n_trials_skipped = int(np.isnan(values).sum())
    row: dict[str, Any] = {
        "recommender": result.recommender,
        "view": result.view,
        "model": result.model,
        "distractors": result.trials.distractors,
        "band": band,
        "scope": result.scope,
        **summary.to_dict(),
        "n_trials": len(values),
        "n_trials_skipped": n_trials_skipped,
        "vs_baseline": None,
    }
    if baseline is not None:
        name, base = baseline
        comparison = compare_paired(
            per_user,
            base,
            baseline_name=name,
            n_boot=n_boot,
            rng=_stream(seed, "paired", *keys),
        )
        row["vs_baseline"] = {
            **comparison.to_dict(),
            "baseline_mean_auc": float(np.nanmean(base)) if np.any(~np.isnan(base)) else None,
        }
    return row


def _scope_of(rec: Recommender, dataset: Dataset) -> tuple[str, npt.NDArray[np.bool_] | None]:
    if rec.view is None:
        return FULL, None
    view = parse_view(rec.view)
    covered = view.coverage(dataset.catalog)
    if covered.all():
        return FULL, None
    return f"has:{view.name}", covered


def _check_options(dataset: Dataset, distractors: Sequence[str], n_boot: int) -> list[str]:
    """Validate what does not depend on the recommenders; returns the distractor modes."""
    if len(dataset.seeds) == 0:
        raise DataError(
            "has no users with seed lists, so there is nothing to evaluate",
            source=dataset.catalog.source,
            fix="load a dataset with a seeds file (seeds.json, nlp_seeds_anonymized.json or "
            "user_artists.dat), or lower --min-seeds",
        )
    modes = list(dict.fromkeys(distractors))
    if not modes:
        raise ConfigError("give at least one distractor mode")
    bad_modes = [m for m in modes if m not in DISTRACTOR_MODES]
    if bad_modes:
        raise ConfigError(f"distractors must be among {DISTRACTOR_MODES}, not {bad_modes}")
    check_int("n_boot", n_boot, 100)
    return modes


def _with_baseline(
    items: list[tuple[str, Recommender]],
    baseline: str | None,
    dataset: Dataset,
    notes: list[str],
) -> tuple[list[tuple[str, Recommender]], str | None, bool]:
    """Add the baseline when it is missing (and can run); returns items, baseline, added."""
    if baseline is None or baseline in [label for label, _ in items]:
        return items, baseline, False
    if baseline == "popularity" and not dataset.catalog.has_popularity.all():
        notes.append(
            "the popularity baseline was left out: some artists have no popularity "
            "(--baseline listeners compares with listener counts instead)"
        )
        logger.warning(notes[-1])
        return items, None, False
    logger.info("added the %r baseline for the paired comparison", baseline)
    return [(baseline, make_recommender(baseline)), *items], baseline, True


def _restricted_scope(
    dataset: Dataset, rec: Recommender, scope: str, covered: npt.NDArray[np.bool_]
) -> Dataset:
    if not covered.any():
        raise DataError(
            f"no artist has the view {rec.view!r}",
            source=dataset.catalog.source,
            fix="choose a view whose fields the catalog has (see `cratedig info`)",
        )
    sub, dropped = restrict(dataset, covered, label=scope)
    if len(sub.seeds) == 0:
        raise DataError(
            f"view {rec.view!r}: {len(sub.catalog)} artists have it, but no user keeps "
            f"{dataset.report.min_seeds} seeds among them",
            source=dataset.catalog.source,
            fix="choose another view, or lower --min-seeds",
        )
    logger.warning(
        "view %s: %d of %d artists have it; %d users keep >= %d seeds there (%d dropped)",
        rec.view,
        len(sub.catalog),
        len(dataset.catalog),
        len(sub.seeds),
        dataset.report.min_seeds,
        dropped,
    )
    return sub


def _plan_scopes(
    items: list[tuple[str, Recommender]], dataset: Dataset, baseline: str | None
) -> tuple[dict[str, Dataset], list[_Entry]]:
    """The scopes (full dataset + one per partially covered view) and who runs in each; the
    baseline gets a fresh clone in every other scope, so each comparison is paired."""
    scopes: dict[str, Dataset] = {FULL: dataset}
    entries: list[_Entry] = []
    for label, rec in items:
        scope, covered = _scope_of(rec, dataset)
        if scope not in scopes and covered is not None:
            scopes[scope] = _restricted_scope(dataset, rec, scope, covered)
        entries.append(_Entry(label, rec, scope, is_baseline=label == baseline))
    baseline_entries = [e for e in entries if e.is_baseline]
    if len(baseline_entries) > 1:
        raise ConfigError(
            f"the baseline {baseline!r} is ambiguous: {len(baseline_entries)} recommenders "
            "carry that label (e.g. one per view); choose a single one, such as "
            "--baseline popularity"
        )
    if baseline_entries:
        base = baseline_entries[0]
        if base.scope != FULL:
            raise ConfigError(f"the baseline {baseline!r} must read no partial text view")
        entries += [
            _Entry(base.label, base.rec.clone(), scope, is_baseline=True)
            for scope in scopes
            if scope != FULL
        ]
    return scopes, entries


def _score(entry: _Entry, trials: Trials, band_masks: dict[str, Any]) -> TrialResult:
    started = time.perf_counter()
    scores = entry.rec.score_trials(trials)
    auc = grouped_auc(trials.cand_ptr, trials.labels, scores)
    band_auc = {
        name: grouped_auc(trials.cand_ptr, trials.labels, scores, mask)
        for name, mask in band_masks.items()
    }
    logger.info(
        "%s, %s distractors: scored %d trials in %.2fs",
        entry.label,
        trials.distractors,
        trials.n_trials,
        time.perf_counter() - started,
    )
    return TrialResult(
        entry.label,
        entry.rec.view,
        entry.rec.model_label,
        entry.scope,
        trials,
        auc,
        band_auc,
        is_baseline=entry.is_baseline,
    )


def _summary_rows(
    scope_results: list[TrialResult],
    bands: list[str],
    n_users: int,
    *,
    seed: int,
    n_boot: int,
) -> list[dict[str, Any]]:
    """Rows of one scope and mode; the baseline's own rows come from the full scope only."""
    base = next((r for r in scope_results if r.is_baseline), None)
    base_means = {} if base is None else {b: _user_means(base, b, n_users) for b in [None, *bands]}
    rows = []
    for result in scope_results:
        if result is base and result.scope != FULL:
            continue
        for band in [None, *bands]:
            paired = None
            if base is not None and result is not base:
                paired = (base.recommender, base_means[band])
            per_user = _user_means(result, band, n_users)
            rows.append(_row(result, band, per_user, paired, seed=seed, n_boot=n_boot))
    return rows


def evaluate(
    dataset: Dataset,
    recommenders: Sequence[Recommender] | Mapping[str, Recommender],
    *,
    distractors: Sequence[str] = DISTRACTOR_MODES,
    repeats: int = 3,
    seed: int = 0,
    max_masked: int | None = None,
    pool_size: int = 50,
    match_on: str = "popularity",
    bands: bool = False,
    baseline: str | None = "popularity",
    n_boot: int = 2000,
    progress: bool | None = None,
) -> Evaluation:
    """Evaluate recommenders with the masked-seeds protocol on paired trials.

    Each recommender is fitted on the dataset (catalog and seed lists; for a text view with
    partial coverage, on the artists that have it), then scores the same trials as the
    others of its scope. ``baseline`` names the recommender every other one is compared
    with (paired over users); it is added if absent, since a result without it is not
    interpretable on these data.
    """
    items = _entries(recommenders)
    modes = _check_options(dataset, distractors, n_boot)
    notes: list[str] = [*dataset.report.notes]
    items, baseline, baseline_added = _with_baseline(items, baseline, dataset, notes)
    scopes, entries = _plan_scopes(items, dataset, baseline)
    band_info = popularity_bands(dataset.catalog, dataset.seeds) if bands else None

    rows: list[dict[str, Any]] = []
    results: list[TrialResult] = []
    for scope, scope_data in scopes.items():
        members = [e for e in entries if e.scope == scope]
        for entry in members:
            started = time.perf_counter()
            entry.rec.fit(scope_data.catalog, scope_data.seeds)
            logger.info("fitted %s in %.2fs", entry.label, time.perf_counter() - started)
        artist_band = None
        if band_info is not None:
            artist_band = band_info.of_artist[dataset.catalog.positions(scope_data.catalog.ids)]
        for mode in modes:
            trials = make_trials(
                scope_data.catalog,
                scope_data.seeds,
                distractors=mode,
                repeats=repeats,
                seed=seed,
                max_masked=max_masked,
                pool_size=pool_size,
                match_on=match_on,
                progress=progress,
            )
            notes.extend(trials.notes)
            band_masks = {}
            if artist_band is not None:
                anchor_band = artist_band[trials.anchors]
                band_masks = {name: anchor_band == b for b, name in enumerate(BAND_NAMES)}
            scope_results = [_score(entry, trials, band_masks) for entry in members]
            results += scope_results  # per_user.csv keeps scope baselines, tagged by scope
            rows += _summary_rows(
                scope_results, list(band_masks), len(scope_data.seeds), seed=seed, n_boot=n_boot
            )

    config: dict[str, Any] = {
        "dataset": dataset.name,
        "demo": dataset.is_demo,
        "n_artists": len(dataset.catalog),
        "n_users": len(dataset.seeds),
        "loading": {k: v for k, v in dataset.report.to_dict().items() if k != "notes"},
        "recommenders": [
            {
                "label": e.label,
                "name": e.rec.name,
                "scope": e.scope,
                "params": {k: _jsonable(v) for k, v in e.rec.get_params().items()},
            }
            for e in entries
            if not (e.is_baseline and e.scope != FULL)
        ],
        "scopes": {
            scope: {
                "artists": len(data.catalog),
                "users": len(data.seeds),
                "users_dropped": len(dataset.seeds) - len(data.seeds),
            }
            for scope, data in scopes.items()
            if scope != FULL
        },
        "baseline": baseline,
        "baseline_added": baseline_added,
        "distractors": modes,
        "repeats": repeats,
        "seed": seed,
        "max_masked": max_masked,
        "pool_size": pool_size,
        "match_on": match_on,
        "query_fraction": "ceil(n/2)",
        "auc": "Mann-Whitney, ties count 1/2; per user: mean over repeats",
        "n_boot": n_boot,
        "bands": band_info.to_dict() if band_info is not None else None,
        "notes": notes,
    }
    return Evaluation(config=config, rows=rows, results=results, dataset=dataset)
