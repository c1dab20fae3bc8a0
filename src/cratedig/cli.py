"""The ``cratedig`` command line: a thin adapter over the library's public functions."""

from __future__ import annotations

import functools
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
import numpy as np

from cratedig import __version__
from cratedig.data import DEFAULT_MIN_SEEDS, Dataset, load_dataset, load_demo
from cratedig.embeddings.encoders import DEFAULT_LONG_TEXT, LONG_TEXT_MODES
from cratedig.errors import CratedigError
from cratedig.evaluation import DISTRACTOR_MODES, evaluate
from cratedig.evaluation.trials import MATCH_ON
from cratedig.paths import default_embedding_cache
from cratedig.recommenders import (
    RECOMMENDERS,
    CentroidRecommender,
    Recommender,
    make_recommender,
    share_encoders,
)
from cratedig.report import format_table, prepare_out, render_table, write_outputs
from cratedig.resolve import find_artists, read_artist_list

__all__ = ["main"]

logger = logging.getLogger(__name__)

DEFAULT_RECOMMENDERS = ("random", "popularity", "listeners")
TEXT_RECOMMENDERS = ("centroid",)


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
    """Warnings by default; -q: errors only; -v: cratedig's progress notes; -vv: debug."""
    root = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.WARNING)
    logging.basicConfig(level=root, format="%(levelname)s %(name)s: %(message)s", force=True)
    if verbose == 1 and not quiet:
        logging.getLogger("cratedig").setLevel(logging.INFO)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cratedig")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and results, no warnings.")
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


def text_options(*, multiple: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Options that choose and run a text model (``multiple``: --view/--model repeatable)."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        options = [
            click.option(
                "--view",
                "views",
                multiple=multiple,
                default=None,
                help="Text view: name, bio, description, tags, or a combination such as "
                "name+tags"
                + ("; repeat for several" if multiple else "")
                + ". [default: bio, else description, else tags]",
            ),
            click.option(
                "--model",
                "models",
                multiple=multiple,
                default=None,
                help="minilm, mpnet (after `make mpnet`), hashing, a local model folder or "
                "a hub name" + ("; repeatable" if multiple else "") + ". [default: minilm]",
            ),
            click.option(
                "--long-text",
                type=click.Choice(LONG_TEXT_MODES),
                default=DEFAULT_LONG_TEXT,
                show_default=True,
                help="Texts over the model's token limit: cut them, or encode token windows "
                "and average them (chunk-lead: weighted toward the start).",
            ),
            click.option(
                "--cache",
                type=click.Path(path_type=Path),
                default=None,
                help="Embedding cache file. [default: $CRATEDIG_EMBEDDING_CACHE or the user "
                "cache dir]",
            ),
            click.option("--no-cache", is_flag=True, help="Do not read or write the cache."),
            click.option(
                "--threads", type=click.IntRange(min=1), default=None, help="Torch threads."
            ),
        ]
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _as_tuple(value: Any, default: str) -> tuple[str, ...]:
    if value is None or value == ():
        return (default,)
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def default_view(dataset: Dataset) -> str:
    """bio where the catalog has any, else description, else tags, else name."""
    coverage = dataset.catalog.coverage()
    for view in ("bio", "description", "tags"):
        if coverage[view]:
            return view
    return "name"


def _cache_arg(cache: Path | None, no_cache: bool) -> str | Path | None:
    if no_cache and cache is not None:
        raise click.UsageError("--cache and --no-cache contradict each other")
    return None if no_cache else (cache if cache is not None else "auto")


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
@text_options(multiple=True)
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
@click.option(
    "--match-on",
    type=click.Choice(MATCH_ON),
    default="popularity",
    show_default=True,
    help="Popularity-matched distractors match the catalog's popularity, or listener counts "
    "in the seed lists with the evaluated user left out.",
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
    views: tuple[str, ...],
    models: tuple[str, ...],
    long_text: str,
    cache: Path | None,
    no_cache: bool,
    threads: int | None,
    distractors: tuple[str, ...],
    repeats: int,
    seed: int,
    max_masked: int | None,
    pool_size: int,
    match_on: str,
    bands: bool,
    baseline: str,
    n_boot: int,
    out: Path | None,
) -> None:
    """Evaluate recommenders with the study's masked-seeds protocol.

    For each user and repeat, half the seeds (rounded up) are the query; the rest are masked
    and mixed with as many distractor artists; the ranking's ROC-AUC is averaged over users.
    Every recommender is scored on the same trials; the same --seed gives identical output.
    Text recommenders give one row per view x model; a view that not every artist has is
    evaluated on the artists that have it (seeds filtered to them), against the baseline on
    the same trials.

    \b
    Examples:
      cratedig evaluate --demo
      cratedig evaluate ../shared/data/lastfm-bios --repeats 3 --seed 0 --out results/bios
      cratedig evaluate ../shared/data/lastfm-bios -r centroid --view bio --view name \\
          --model minilm --model mpnet -r popularity -r listeners
      cratedig evaluate ../shared/data/hetrec2011-lastfm-2k/raw -r popularity \\
          --distractors popularity --bands --max-masked 30
    """
    names = list(dict.fromkeys(recommenders or DEFAULT_RECOMMENDERS))
    text_names = [n for n in names if n in TEXT_RECOMMENDERS]
    if (views or models) and not text_names:
        raise click.UsageError("--view and --model choose text models: add -r centroid")
    baseline_name = None if baseline.lower() == "none" else baseline
    if baseline_name is not None and baseline_name not in RECOMMENDERS:
        raise click.BadParameter(
            f"{baseline!r} is not a recommender; choose from {', '.join(sorted(RECOMMENDERS))}"
            " or 'none'",
            param_hint="--baseline",
        )
    if out is not None:
        prepare_out(out)  # fail before the work, not after
    cache_arg = _cache_arg(cache, no_cache)
    chosen: list[Recommender] = []
    for name in names:
        if name in TEXT_RECOMMENDERS:
            for model in _as_tuple(models, "minilm"):
                for view in _as_tuple(views, default_view(dataset)):
                    chosen.append(
                        CentroidRecommender(
                            view=view,
                            model=model,
                            long_text=long_text,
                            cache=cache_arg,
                            threads=threads,
                        )
                    )
        elif name == "random":
            chosen.append(make_recommender("random", seed=seed))
        else:
            chosen.append(make_recommender(name))
    share_encoders(chosen)
    evaluation = evaluate(
        dataset,
        chosen,
        distractors=distractors or DISTRACTOR_MODES,
        repeats=repeats,
        seed=seed,
        max_masked=max_masked,
        pool_size=pool_size,
        match_on=match_on,
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
        "artists": n,
        "users": len(seeds),
        **report.to_dict(),
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
        f"{info['users_too_short']} with fewer than {info['min_seeds']} seeds skipped)"
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


def _fit_centroid(
    dataset: Dataset,
    view: str,
    model: str,
    long_text: str,
    cache: Path | None,
    no_cache: bool,
    threads: int | None,
) -> CentroidRecommender:
    rec = CentroidRecommender(
        view=view,
        model=model,
        long_text=long_text,
        cache=_cache_arg(cache, no_cache),
        threads=threads,
    )
    return rec.fit(dataset.catalog, dataset.seeds)


@cli.command("embed")
@data_options
@text_options(multiple=True)
def embed_command(
    dataset: Dataset,
    views: tuple[str, ...],
    models: tuple[str, ...],
    long_text: str,
    cache: Path | None,
    no_cache: bool,
    threads: int | None,
) -> None:
    """Embed a catalog's texts into the cache and report hits and misses.

    Only texts missing from the cache are encoded, in committed batches: an interrupted run
    keeps what it finished, and the next one resumes.

    \b
    Examples:
      cratedig embed ../shared/data/lastfm-bios --view bio --view name --view tags
      cratedig embed ../shared/data/lastfm-bios --view bio --model mpnet --long-text chunk
    """
    if no_cache:
        raise click.UsageError("embed fills the cache; --no-cache makes it pointless")
    rows = []
    for model in _as_tuple(models, "minilm"):
        for view in _as_tuple(views, default_view(dataset)):
            started = time.perf_counter()
            rec = _fit_centroid(dataset, view, model, long_text, cache, False, threads)
            stats = rec.embed_stats_
            rows.append(
                [
                    view,
                    stats.model,
                    str(int(rec.covered_.sum())),
                    str(stats.texts),
                    str(stats.hits),
                    str(stats.misses),
                    str(stats.cut),
                    f"{time.perf_counter() - started:.1f}s",
                ]
            )
    click.echo(
        render_table(
            [
                "view",
                "model",
                "artists",
                "distinct texts",
                "cached",
                "encoded",
                "over limit",
                "time",
            ],
            rows,
        )
    )
    click.echo(f"cache: {cache or default_embedding_cache()}")


@cli.command("recommend")
@data_options
@click.option(
    "--like",
    "likes",
    multiple=True,
    required=True,
    help="A seed artist (name or id); repeat for several.",
)
@text_options(multiple=False)
@click.option("-n", "n", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--candidates",
    type=click.Path(path_type=Path),
    default=None,
    help="Only recommend these artists: a text file, one name or id per line.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def recommend_command(
    dataset: Dataset,
    likes: tuple[str, ...],
    views: str | None,
    models: str | None,
    long_text: str,
    cache: Path | None,
    no_cache: bool,
    threads: int | None,
    n: int,
    candidates: Path | None,
    fmt: str,
) -> None:
    """Recommend artists for a listener who likes the --like artists, with reasons.

    Names are matched case- and accent-insensitively ("bjork" finds "Björk"); unknown names
    get "did you mean" suggestions.

    \b
    Examples:
      cratedig recommend --demo --like "Radiohead" --like "Björk"
      cratedig recommend ../shared/data/lastfm-bios --like "Daft Punk" --view tags -n 5
      cratedig recommend DATA --like "Nina Simone" --candidates playing_tonight.txt --format json
    """
    catalog = dataset.catalog
    found = find_artists(catalog, likes, where="--like").tolist()
    seeds = np.array(list(dict.fromkeys(found)), dtype=np.intp)  # repeated --like counts once
    view = views or default_view(dataset)
    rec = _fit_centroid(dataset, view, models or "minilm", long_text, cache, no_cache, threads)
    if candidates is not None:
        pool = np.unique(read_artist_list(candidates, catalog))
        uncovered = int((~rec.covered_[pool]).sum())
        if uncovered:
            logger.warning("%d candidate(s) have no %s text and were left out", uncovered, view)
    else:
        pool = np.arange(len(catalog))
    pool = pool[rec.covered_[pool] & ~np.isin(pool, seeds)]
    if len(pool) == 0:
        raise UserError(
            f"no candidate is left to recommend: the candidates are your --like artists or "
            f"have no {view} text. Fix: list other candidates, or choose another --view"
        )
    seed_ids = [catalog.ids[p] for p in seeds]
    pool_ids = [catalog.ids[p] for p in pool]
    results = rec.recommend(seed_ids, candidates=pool_ids, n=n)
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in results], indent=2, ensure_ascii=False))
        return
    liked = ", ".join(catalog.names[p] for p in seeds)
    click.echo(f"for a listener who likes {liked} ({view} view, {rec.model_label}):")
    rows = [
        [
            str(r.rank),
            r.name,
            f"{r.score:.3f}",
            "; ".join(f"{b.name} ({b.score:.2f})" for b in r.because),
        ]
        for r in results
    ]
    click.echo(render_table(["rank", "artist", "score", "because you like"], rows))


@cli.command("similar")
@data_options
@click.option(
    "--artist", "artists_", multiple=True, help="A query artist (name or id); repeat for several."
)
@click.option("--all", "all_", is_flag=True, help="Every artist that has the view's text.")
@text_options(multiple=False)
@click.option("-n", "n", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the JSON lines here instead of standard output.",
)
def similar_command(
    dataset: Dataset,
    artists_: tuple[str, ...],
    all_: bool,
    views: str | None,
    models: str | None,
    long_text: str,
    cache: Path | None,
    no_cache: bool,
    threads: int | None,
    n: int,
    fmt: str,
    out: Path | None,
) -> None:
    """Export similar-artist lists as JSON lines, one per query artist.

    Each line is {"id", "name", "similar": [{"id", "name", "score"}, ...]} with cosine
    scores, best first. DATA may hold artists without any seed lists.

    \b
    Examples:
      cratedig similar ../shared/data/sas-artist-similarity --all -n 10 --out sas.jsonl
      cratedig similar --demo --artist "Miles Davis" --view description -n 5
    """
    if all_ == bool(artists_):
        raise click.UsageError("give --artist NAME (repeatable) or --all, not both or neither")
    view = views or default_view(dataset)
    rec = _fit_centroid(dataset, view, models or "minilm", long_text, cache, no_cache, threads)
    catalog = dataset.catalog
    if all_:
        queries = np.flatnonzero(rec.covered_)
        left_out = len(catalog) - len(queries)
        if left_out:
            logger.warning("%d artist(s) have no %s text and are not exported", left_out, view)
    else:
        queries = find_artists(catalog, artists_, where="--artist")
    lines = []
    for query, (positions, scores) in zip(queries, rec.similar(queries, n=n), strict=True):
        line = {
            "id": catalog.ids[query],
            "name": catalog.names[query],
            "similar": [
                {"id": catalog.ids[p], "name": catalog.names[p], "score": round(float(s), 6)}
                for p, s in zip(positions, scores, strict=True)
            ],
        }
        lines.append(json.dumps(line, ensure_ascii=False) + "\n")
    if out is None:
        sys.stdout.write("".join(lines))
        return
    tmp = out.with_name(out.name + ".partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text("".join(lines), encoding="utf-8")
        tmp.replace(out)  # an earlier export is only replaced by a complete one
    except OSError as exc:
        raise UserError(f"{out}: could not be written ({exc.strerror})") from None
    click.echo(f"wrote {len(queries)} lines to {out}", err=True)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="cratedig")
