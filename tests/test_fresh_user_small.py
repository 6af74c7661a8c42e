"""A fresh user's smaller reports (model folders beside the yaml, models.yaml limits, TMX import,
`models list` advice, control characters in names, an empty --glob, review status totals, junk
pages), each pinned by a test that failed before its fix."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import main

ENGLISH_ONLY = ["-s", "extractive", "--no-translate"]


def run(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


def one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarize: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def _yaml(folder: Path, model: str, **extra) -> Path:
    more = "".join(f", {k}: {v}" for k, v in extra.items())
    path = folder / "tiny.yaml"
    path.write_text(textwrap.dedent(f"""\
        summarizer: tiny
        languages:
          ur: {{code: urd_Arab, translator: nllb}}
        models:
          tiny: {{task: summarize, kind: seq2seq, model: {model}{more}}}
          nllb: {{task: translate, kind: nllb, model: facebook/nllb-200-distilled-600M}}
        """), encoding="utf-8")
    return path


def _models_row(result, name: str) -> list[str]:
    assert result.exit_code == 0, result.output
    return next(line.split() for line in result.output.splitlines() if line.split()[:1] == [name])


# --- 1. a bare model folder name is looked up beside the yaml, never in the current folder -------


def test_a_bare_model_folder_beside_the_yaml_is_found_from_any_folder(tmp_path, tiny_models):
    conf = tmp_path / "w"
    conf.mkdir()
    shutil.copytree(tiny_models["bart"], conf / "tinybart")
    row = _models_row(run("models", "list", "--models", _yaml(conf, "tinybart")), "tiny")
    assert row[3] == str((conf / "tinybart").resolve()) and row[4] == "yes"


def test_a_folder_in_the_current_folder_does_not_turn_a_hub_id_into_a_folder(tmp_path, tiny_models):
    conf = tmp_path / "w"
    conf.mkdir()
    shutil.copytree(tiny_models["bart"], Path.cwd() / "tinybart")  # here, not beside the yaml
    row = _models_row(run("models", "list", "--models", _yaml(conf, "tinybart")), "tiny")
    assert row[3] == "tinybart" and row[4] == "no"  # a hub id, not cached


# --- 2. models.yaml settings the model cannot take are a configuration error (exit 2) ----------


@pytest.mark.parametrize("command", ["run", "batch"])
def test_max_input_tokens_past_the_models_positions_is_a_models_yaml_error(command, tmp_path, tiny_models):
    conf = tmp_path / "w"
    conf.mkdir()
    shutil.copytree(tiny_models["bart"], conf / "tinybart")  # 128 positions
    yaml = _yaml(conf, "tinybart", max_input_tokens=1024)
    article = Path("in") / "a.txt"
    article.parent.mkdir()
    article.write_text("Officials said the new bridge over the river opened on Monday morning. " * 3, encoding="utf-8")
    result = run(command, article.parent if command == "batch" else article, "--models", yaml, "--no-translate", "-o", "out")
    assert result.exit_code == 2, result.output
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"summarize: error: {yaml}: models.tiny.max_input_tokens: 1024 exceeds the 128 positions")
