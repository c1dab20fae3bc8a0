"""The CLI through click's runner: output, files, determinism and errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cratedig.cli import cli

from .conftest import small_records, small_seeds, write_json


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_evaluate_demo_prints_a_labelled_table(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["evaluate", "--demo", "--repeats", "1", "--n-boot", "200"])
    assert result.exit_code == 0, result.output
    assert "DEMO DATA" in result.output
    for name in ("random", "popularity", "listeners", "uniform"):
        assert name in result.output
    assert "Δ vs popularity" in result.output


def test_evaluate_writes_identical_files_twice(
    runner: CliRunner, uniform_dir: Path, tmp_path: Path
) -> None:
    outputs = []
    for run in ("one", "two"):
        out = tmp_path / run
        result = runner.invoke(
            cli,
            [
                "evaluate",
                str(uniform_dir),
                "--repeats",
                "2",
                "--seed",
                "7",
                "--bands",
                "--out",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        outputs.append(((out / "summary.json").read_bytes(), (out / "per_user.csv").read_bytes()))
    assert outputs[0] == outputs[1]
    summary = json.loads(outputs[0][0])
    assert summary["config"]["seed"] == 7
    row = summary["rows"][0]
    for key in (
        "recommender",
        "view",
        "distractors",
        "mean_auc",
        "sd",
        "se",
        "ci_low",
        "ci_high",
        "n_users",
        "n_skipped",
    ):
        assert key in row
    assert row["view"] is None
    with (tmp_path / "one" / "per_user.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    # 3 recommenders x 2 modes x 2 repeats x 12 users
    assert len(rows) == 3 * 2 * 2 * 12
    assert {"user", "repeat", "recommender", "auc", "auc_low"} <= set(rows[0])


def test_evaluate_options(runner: CliRunner, uniform_dir: Path) -> None:
    result = runner.invoke(
        cli,
        [
            "evaluate",
            str(uniform_dir),
            "-r",
            "listeners",
            "--distractors",
            "popularity",
            "--baseline",
            "none",
            "--max-masked",
            "2",
            "--repeats",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "listeners" in result.output and "Δ vs" not in result.output
    assert "uniform  " not in result.output


def test_info(runner: CliRunner, uniform_dir: Path) -> None:
    result = runner.invoke(cli, ["info", str(uniform_dir)])
    assert result.exit_code == 0, result.output
    assert "artists: 40" in result.output and "users: 12" in result.output
    assert "popularity: min 1, median 20.5" in result.output
    as_json = runner.invoke(cli, ["info", str(uniform_dir), "--json"])
    info = json.loads(as_json.output)
    assert info["coverage"]["tags"] == 40 and info["seeds_per_user"]["min"] == 8


def test_info_demo_is_labelled(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["info", "--demo"])
    assert result.exit_code == 0 and "DEMO DATA" in result.output


def test_bad_data_exits_2_with_one_message(runner: CliRunner, tmp_path: Path) -> None:
    write_json(tmp_path / "artists.json", small_records())
    seeds = small_seeds()
    seeds[0][0] = "ghost"
    write_json(tmp_path / "seeds.json", seeds)
    result = runner.invoke(cli, ["evaluate", str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "seeds.json" in result.output and "'ghost'" in result.output
    assert "--on-missing skip" in result.output
    ok = runner.invoke(cli, ["info", str(tmp_path), "--on-missing", "skip", "--min-seeds", "7"])
    assert ok.exit_code == 0, ok.output
    assert "dropped 1 seed id(s)" in ok.output


def test_missing_data_argument(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["evaluate"])
    assert result.exit_code == 2 and "--demo" in result.output


def test_unknown_baseline(runner: CliRunner, uniform_dir: Path) -> None:
    result = runner.invoke(cli, ["evaluate", str(uniform_dir), "--baseline", "pop"])
    assert result.exit_code == 2 and "not a recommender" in result.output


def test_out_is_a_file(runner: CliRunner, uniform_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(
        cli, ["evaluate", str(uniform_dir), "--repeats", "1", "--out", str(blocker)]
    )
    assert result.exit_code == 2 and "not a folder" in result.output


@pytest.mark.parametrize(
    "command", [[], ["evaluate"], ["info"], ["embed"], ["recommend"], ["similar"]]
)
def test_help_has_examples(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "cratedig " in result.output


def test_recommend_table_json_and_suggestions(runner: CliRunner, tmp_path: Path) -> None:
    base = ["recommend", "--demo", "--model", "hashing", "--no-cache"]
    table = runner.invoke(
        cli, [*base, "--like", "miles davis", "--like", "JOHN COLTRANE", "-n", "3"]
    )
    assert table.exit_code == 0, table.output
    assert "who likes Miles Davis, John Coltrane" in table.output
    assert "because you like" in table.output
    as_json = runner.invoke(cli, [*base, "--like", "Bjork", "--format", "json", "-n", "2"])
    assert as_json.exit_code == 0, as_json.output
    recs = json.loads(as_json.output)
    assert [r["rank"] for r in recs] == [1, 2]
    assert recs[0]["because"][0]["name"] == "Björk"
    typo = runner.invoke(cli, [*base, "--like", "Radiohed"])
    assert typo.exit_code == 2 and "Did you mean 'Radiohead'?" in typo.output
    candidates = tmp_path / "tonight.txt"
    candidates.write_text("# playing tonight\nDolly Parton\n\nd091\n", encoding="utf-8")
    only = runner.invoke(
        cli, [*base, "--like", "Johnny Cash", "--candidates", str(candidates), "--format", "json"]
    )
    assert only.exit_code == 0, only.output
    assert {r["name"] for r in json.loads(only.output)} == {"Dolly Parton", "Aretha Franklin"}
    candidates.write_text("Dolly Parton\nNobody Atall\n", encoding="utf-8")
    bad = runner.invoke(cli, [*base, "--like", "Johnny Cash", "--candidates", str(candidates)])
    assert bad.exit_code == 2 and "tonight.txt, line 2" in bad.output


def test_similar_all_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "similar.jsonl"
    result = runner.invoke(
        cli,
        [
            "similar",
            "--demo",
            "--all",
            "-n",
            "4",
            "--model",
            "hashing",
            "--no-cache",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 120
    assert set(lines[0]) == {"id", "name", "similar"}
    assert len(lines[0]["similar"]) == 4
    assert all(s["id"] != line["id"] for line in lines for s in line["similar"])
    scores = [s["score"] for s in lines[0]["similar"]]
    assert scores == sorted(scores, reverse=True)
    one = runner.invoke(
        cli,
        ["similar", "--demo", "--artist", "Slayer", "--model", "hashing", "--no-cache", "-n", "2"],
    )
    assert one.exit_code == 0 and json.loads(one.output)["name"] == "Slayer"
    both = runner.invoke(cli, ["similar", "--demo", "--all", "--artist", "Slayer"])
    assert both.exit_code == 2


def test_similar_on_a_catalog_without_seeds(runner: CliRunner, tmp_path: Path) -> None:
    write_json(
        tmp_path / "artists.json",
        {
            "x": {"name": "X", "bio": "loud guitars"},
            "y": {"name": "Y", "bio": "quiet guitars"},
            "z": {"name": "Z"},
        },
    )
    result = runner.invoke(
        cli, ["similar", str(tmp_path), "--all", "--model", "hashing", "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [line["id"] for line in lines] == ["x", "y"]


def test_embed_reports_hits_and_misses(runner: CliRunner, tmp_path: Path) -> None:
    cache = tmp_path / "e.sqlite"
    args = [
        "embed",
        "--demo",
        "--view",
        "description",
        "--view",
        "name+tags",
        "--model",
        "hashing",
        "--cache",
        str(cache),
    ]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "120" in first.output
    second = runner.invoke(cli, args)
    lines = [line.split() for line in second.output.splitlines() if line.startswith("desc")]
    # view, model, artists, distinct texts, cached, encoded, over limit, time
    assert lines[0][4:6] == ["120", "0"]


def test_evaluate_text_views(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli,
        [
            "evaluate",
            "--demo",
            "-r",
            "centroid",
            "--view",
            "description",
            "--view",
            "tags",
            "--model",
            "hashing",
            "--no-cache",
            "--repeats",
            "1",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads((tmp_path / "summary.json").read_text())["rows"]
    text_rows = [(r["view"], r["model"]) for r in rows if r["recommender"] == "centroid"]
    assert text_rows == [("description", "hashing"), ("tags", "hashing")] * 2
    assert all(r["n_users"] == 80 for r in rows)
    alone = runner.invoke(cli, ["evaluate", "--demo", "--view", "bio"])
    assert alone.exit_code == 2 and "add -r centroid" in alone.output


def test_out_is_checked_before_the_work(
    runner: CliRunner, uniform_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "summary.json").mkdir()
    result = runner.invoke(cli, ["evaluate", str(uniform_dir), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "summary.json: is a folder" in result.output
    assert "AUC" not in result.output  # nothing was evaluated


def test_random_follows_seed(runner: CliRunner, uniform_dir: Path, tmp_path: Path) -> None:
    aucs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        runner.invoke(
            cli,
            [
                "evaluate",
                str(uniform_dir),
                "-r",
                "random",
                "--seed",
                seed,
                "--distractors",
                "uniform",
                "--out",
                str(out),
            ],
        )
        rows = json.loads((out / "summary.json").read_text())["rows"]
        aucs.append(next(r["mean_auc"] for r in rows if r["recommender"] == "random"))
        params = json.loads((out / "summary.json").read_text())["config"]["recommenders"]
        assert next(p for p in params if p["name"] == "random")["params"]["seed"] == int(seed)
    assert aucs[0] != aucs[1]


def _partial_demo(tmp_path: Path) -> Path:
    """The demo catalog with a third of the descriptions removed."""
    from cratedig.data import DEMO_DIR

    artists = json.loads((DEMO_DIR / "artists.json").read_text(encoding="utf-8"))
    for i, record in enumerate(artists.values()):
        if i % 3 == 0:
            del record["description"]
    write_json(tmp_path / "artists.json", artists)
    for name in ("seeds.json", "seed_users.json"):
        (tmp_path / name).write_bytes((DEMO_DIR / name).read_bytes())
    return tmp_path


def test_evaluate_partial_view_reports_its_scope(runner: CliRunner, tmp_path: Path) -> None:
    data = _partial_demo(tmp_path / "data")
    result = runner.invoke(
        cli,
        [
            "evaluate",
            str(data),
            "-r",
            "centroid",
            "--view",
            "description",
            "--model",
            "hashing",
            "--no-cache",
            "--repeats",
            "1",
            "--min-seeds",
            "5",
            "--distractors",
            "uniform",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "scope has:description: 80 artists" in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    row = next(r for r in summary["rows"] if r["recommender"] == "centroid")
    assert row["scope"] == "has:description"
    assert row["n_users"] == summary["config"]["scopes"]["has:description"]["users"]
    assert row["vs_baseline"]["baseline_mean_auc"] is not None
    with (tmp_path / "out" / "per_user.csv").open() as handle:
        scopes = {(r["recommender"], r["scope"]) for r in csv.DictReader(handle)}
    assert ("popularity", "has:description") in scopes  # the paired baseline, per user


def test_recommend_without_usable_candidates(runner: CliRunner, tmp_path: Path) -> None:
    data = _partial_demo(tmp_path / "data")
    candidates = tmp_path / "c.txt"
    candidates.write_text("The Beatles\n", encoding="utf-8")  # d001 lost its description
    result = runner.invoke(
        cli,
        [
            "recommend",
            str(data),
            "--like",
            "Led Zeppelin",
            "--view",
            "description",
            "--model",
            "hashing",
            "--no-cache",
            "--candidates",
            str(candidates),
        ],
    )
    assert result.exit_code == 2 and "no candidate is left" in result.output
