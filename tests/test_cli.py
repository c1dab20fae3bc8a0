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


@pytest.mark.parametrize("command", [[], ["evaluate"], ["info"]])
def test_help_has_examples(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "cratedig " in result.output
