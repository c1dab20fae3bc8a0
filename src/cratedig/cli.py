"""The ``cratedig`` command line: a thin adapter over the library's public functions."""

from __future__ import annotations

import functools
import json
import logging
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import numpy as np

from cratedig import __version__
from cratedig.data import DEFAULT_MIN_SEEDS, Dataset, load_dataset, load_demo
from cratedig.errors import CratedigError
from cratedig.evaluation import DISTRACTOR_MODES, evaluate
from cratedig.recommenders import RECOMMENDERS, make_recommender
from cratedig.report import format_table, render_table, write_outputs

__all__ = ["main"]

DEFAULT_RECOMMENDERS = ("random", "popularity", "listeners")


class UserError(click.ClickException):
    """A bad input or option: message on stderr, exit code 2, no traceback."""

    exit_code = 2


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CratedigError as exc:
            raise UserError(str(exc)) from None


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    if verbose == 0 and not quiet:
        level = logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", force=True)
    if verbose == 1:
        logging.getLogger("cratedig").setLevel(logging.INFO)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cratedig")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and results.")
def cli(verbose: int, quiet: bool) -> None:
    """Recommend music artists from what is written about them, and measure it honestly.

    \b
    Examples:
      cratedig evaluate --demo
      cratedig evaluate ../shared/data/lastfm-bios --repeats 3 --bands --out results/
      cratedig info ../shared/data/hetrec2011-lastfm-2k/raw
    """
    _configure_logging(verbose, quiet)


def data_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """DATA and the options that say how to load it, shared by every command."""

    @click.argument("data", required=False, type=click.Path(path_type=Path))
    @click.option("--demo", is_flag=True, help="Use the bundled demo data (synthetic listeners).")
    @click.option(
        "--artists",
        type=click.Path(path_type=Path),
        help="Artists JSON file (uniform or study shape) instead of a DATA folder.",
    )
    @click.option("--seeds", type=click.Path(path_type=Path), help="Seed lists JSON file.")
    @click.option(
        "--extra",
        type=click.Path(path_type=Path),
        help="The study's nlp_artists_filtered_spot.json (adds descriptions).",
    )
    @click.option(
        "--min-seeds",
        type=click.IntRange(min=2),
        default=DEFAULT_MIN_SEEDS,
        show_default=True,
        help="Skip (and count) users with fewer seeds.",
    )
    @click.option(
        "--on-missing",
        type=click.Choice(["error", "skip"]),
        default="error",
        show_default=True,
        help="What to do with seed ids that are not in the catalog.",
    )
    @functools.wraps(command)
    def wrapper(
        data: Path | None,
        demo: bool,
        artists: Path | None,
        seeds: Path | None,
        extra: Path | None,
        min_seeds: int,
        on_missing: str,
        **kwargs: Any,
    ) -> Any:
        if demo:
            if data is not None or artists is not None or seeds is not None or extra is not None:
                raise click.UsageError("--demo takes no DATA, --artists, --seeds or --extra")
            dataset = load_demo(min_seeds=min_seeds)
        elif data is None and artists is None:
            raise click.UsageError(
                "give a DATA folder, --artists FILE, or --demo for the bundled demo data"
            )
        else:
            dataset = load_dataset(
                data,
                artists=artists,
                seeds=seeds,
                extra=extra,
                min_seeds=min_seeds,
                on_missing=on_missing,  # type: ignore[arg-type]
            )
        return command(dataset=dataset, **kwargs)

    return wrapper


@cli.command("evaluate")
@data_options
@click.option(
    "-r",
    "--recommender",
    "recommenders",
    multiple=True,
    type=click.Choice(sorted(RECOMMENDERS)),
    help="Recommender to evaluate; repeat for several. "
    f"[default: {', '.join(DEFAULT_RECOMMENDERS)}]",
)
@click.option(
    "--distractors",
    multiple=True,
    type=click.Choice(DISTRACTOR_MODES),
    help="Distractor mode; repeat for both. [default: uniform and popularity]",
)
@click.option("--repeats", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--max-masked",
    type=click.IntRange(min=1),
    default=None,
    help="Mask at most K seeds per user (the study's follow-up used 30).",
)
@click.option(
    "--pool-size",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Popularity-matched pool: nearest artists per masked seed.",
)
@click.option("--bands", is_flag=True, help="Also report seed-popularity tertile bands.")
@click.option(
    "--baseline",
    default="popularity",
    show_default=True,
    help="Recommender every other one is compared with (paired); 'none' to skip.",
)
@click.option(
    "--n-boot",
    type=click.IntRange(min=100),
    default=2000,
    show_default=True,
    help="Bootstrap resamples for the CIs.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write summary.json and per_user.csv into this folder.",
)
def evaluate_command(
    dataset: Dataset,
    recommenders: tuple[str, ...],
    distractors: tuple[str, ...],
    repeats: int,
    seed: int,
    max_masked: int | None,
    pool_size: int,
    bands: bool,
    baseline: str,
    n_boot: int,
    out: Path | None,
) -> None:
    """Evaluate recommenders with the study's masked-seeds protocol.

    For each user and repeat, half the seeds (rounded up) are the query; the rest are masked
    and mixed with as many distractor artists; the ranking's ROC-AUC is averaged over users.
    Every recommender is scored on the same trials; the same --seed gives identical output.

    \b
    Examples:
      cratedig evaluate --demo
      cratedig evaluate ../shared/data/lastfm-bios --repeats 3 --seed 0 --out results/bios
      cratedig evaluate ../shared/data/hetrec2011-lastfm-2k/raw -r popularity \\
          --distractors popularity --bands --max-masked 30
    """
    names = recommenders or DEFAULT_RECOMMENDERS
    baseline_name = None if baseline.lower() == "none" else baseline
    if baseline_name is not None and baseline_name not in RECOMMENDERS:
        raise click.BadParameter(
            f"{baseline!r} is not a recommender; choose from {', '.join(sorted(RECOMMENDERS))}"
            " or 'none'",
            param_hint="--baseline",
        )
    evaluation = evaluate(
        dataset,
        [make_recommender(name) for name in dict.fromkeys(names)],
        distractors=distractors or DISTRACTOR_MODES,
        repeats=repeats,
        seed=seed,
        max_masked=max_masked,
        pool_size=pool_size,
        bands=bands,
        baseline=baseline_name,
        n_boot=n_boot,
    )
    click.echo(format_table(evaluation))
    if out is not None:
        paths = write_outputs(evaluation, out)
        click.echo(f"\nwrote {paths['summary']} and {paths['per_user']}")


def dataset_info(dataset: Dataset) -> dict[str, Any]:
    """What ``cratedig info`` reports, as a JSON-ready dict."""
    catalog, seeds, report = dataset.catalog, dataset.seeds, dataset.report
    n = len(catalog)
    lengths = seeds.lengths.tolist()
    popularity = catalog.popularity[catalog.has_popularity]
    info: dict[str, Any] = {
        "dataset": dataset.name,
        "demo": dataset.is_demo,
        "layout": report.layout,
        "files": report.files,
        "artists": n,
        "users": len(seeds),
        "users_in_source": report.users_in_source,
        "users_skipped_too_short": report.users_too_short,
        "min_seeds": report.min_seeds,
        "missing_seed_ids_dropped": report.missing_ids,
        "seeds_per_user": None
        if not lengths
        else {
            "mean": round(statistics.fmean(lengths), 2),
            "median": statistics.median(lengths),
            "min": min(lengths),
            "max": max(lengths),
        },
        "distinct_seed_artists": len(np.unique(seeds.indices)),
        "coverage": catalog.coverage(),
        "popularity": None
        if len(popularity) == 0
        else {
            "min": float(popularity.min()),
            "median": float(np.median(popularity)),
            "mean": round(float(popularity.mean()), 2),
            "max": float(popularity.max()),
            "missing": int(n - len(popularity)),
        },
        "notes": report.notes,
    }
    return info


@cli.command("info")
@data_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def info_command(dataset: Dataset, as_json: bool) -> None:
    """Show what was loaded: counts, field coverage and popularity.

    \b
    Examples:
      cratedig info ../shared/data/lastfm-bios
      cratedig info --artists nlp_artists_filtered.json --seeds nlp_seeds_anonymized.json
      cratedig info --demo --json
    """
    info = dataset_info(dataset)
    if as_json:
        click.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    n = info["artists"]
    label = "DEMO DATA (bundled; synthetic listeners)\n" if info["demo"] else ""
    click.echo(f"{label}{info['dataset']} — {info['layout']} layout")
    for role, path in info["files"].items():
        click.echo(f"  {role}: {path}")
    click.echo(f"artists: {n}")
    click.echo(
        f"users: {info['users']} (of {info['users_in_source']} in the source; "
        f"{info['users_skipped_too_short']} with fewer than {info['min_seeds']} seeds skipped)"
    )
    if info["seeds_per_user"]:
        s = info["seeds_per_user"]
        click.echo(
            f"seeds per user: mean {s['mean']}, median {s['median']}, min {s['min']}, "
            f"max {s['max']}; {info['distinct_seed_artists']} distinct seed artists"
        )
    rows = [
        [name, str(count), f"{100 * count / n:.1f}%" if n else "–"]
        for name, count in info["coverage"].items()
    ]
    click.echo("")
    click.echo(render_table(["field", "artists", "share"], rows))
    pop = info["popularity"]
    click.echo("")
    if pop is None:
        click.echo("popularity: none")
    else:
        click.echo(
            f"popularity: min {pop['min']:g}, median {pop['median']:g}, mean {pop['mean']:g}, "
            f"max {pop['max']:g} ({pop['missing']} artists without)"
        )
    for note in info["notes"]:
        click.echo(f"note: {note}")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="cratedig")
