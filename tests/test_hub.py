"""Finding model files offline: local folders, the hub cache, and the one-line error."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.config import load_config
from summarize.engines.hub import resolve, status
from summarize.errors import ModelNotAvailableError
from tests.conftest import FAKE_REVISION, SEED, install_in_hub_cache
from tests.tiny_models import write_models_yaml


def test_model_in_hub_cache_resolves_offline_with_its_revision(tiny_models, tmp_path):
    snap = install_in_hub_cache(tiny_models["nllb"], "testorg/tiny-nllb", tmp_path / "hf-home" / "hub")
    cfg = load_config(write_models_yaml(tmp_path / "m.yaml", nllb="testorg/tiny-nllb", bart=str(tiny_models["bart"])))
    found = resolve(cfg.model("tiny-nllb"), offline=True)
    assert found.path == snap and found.revision == FAKE_REVISION and found.origin == "hub-cache"
    st = status(cfg.model("tiny-nllb"))
    assert st.available and st.size_bytes == sum(f.stat().st_size for f in tiny_models["nllb"].iterdir())


def test_missing_hub_model_offline_is_one_line(tmp_path):
    cfg = load_config(write_models_yaml(tmp_path / "m.yaml", nllb="testorg/absent", bart="testorg/absent-bart"))
    with pytest.raises(ModelNotAvailableError) as err:
        resolve(cfg.model("tiny-nllb"), offline=True)
    msg = str(err.value)
    assert "testorg/absent" in msg and "offline" in msg and "summarize models pull" in msg and "\n" not in msg


def test_missing_hub_model_without_network_is_one_line(tmp_path):
    # not offline: the download is tried, the network guard refuses it, the user gets one line
    cfg = load_config(write_models_yaml(tmp_path / "m.yaml", nllb="testorg/absent", bart="testorg/absent-bart"))
    with pytest.raises(ModelNotAvailableError) as err:
        resolve(cfg.model("tiny-nllb"))
    assert "testorg/absent" in str(err.value) and "\n" not in str(err.value)


def test_run_offline_without_cached_models_exits_1_with_one_line(tmp_path):
    result = CliRunner().invoke(main, ["run", str(SEED), "--offline"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("summarize: error: model 'distilbart-cnn' (sshleifer/distilbart-cnn-12-6) is not available")
    assert lines[0].endswith("or summarise with --summarizer extractive (no model needed)")
    assert "Traceback" not in result.output
    assert not os.path.exists("briefs/afghan-truce/brief.json")


def test_run_offline_without_the_translator_says_how_to_brief_without_it(tmp_path):
    result = CliRunner().invoke(main, ["run", str(SEED), "--offline", "--summarizer", "extractive",
                                       "-o", str(tmp_path / "briefs")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "model 'nllb-200' (facebook/nllb-200-distilled-600M) is not available" in lines[0]
    assert lines[0].endswith("or make the English brief only with --no-translate")


def test_missing_local_folder(tmp_path):
    cfg = load_config(write_models_yaml(tmp_path / "m.yaml", nllb=str(tmp_path / "nope"), bart=str(tmp_path / "nope2")))
    with pytest.raises(ModelNotAvailableError, match="folder not found"):
        resolve(cfg.model("tiny-nllb"), offline=True)


def test_models_list_shows_cached_and_missing(tiny_models, tmp_path):
    install_in_hub_cache(tiny_models["nllb"], "testorg/tiny-nllb", tmp_path / "hf-home" / "hub")
    path = write_models_yaml(tmp_path / "m.yaml", nllb="testorg/tiny-nllb", bart="testorg/not-here")
    result = CliRunner().invoke(main, ["models", "list", "--models", str(path)])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines()[2:]}
    assert rows["tiny-nllb"][4] == "yes" and rows["tiny-nllb"][6] in ("KB", "MB")  # SIZE, then ENGINE and WHY
    assert rows["tiny-bart"][4] == "no"
    assert rows["extractive"][4] == "yes"


def test_models_pull_offline_refuses(tmp_path):
    path = write_models_yaml(tmp_path / "m.yaml", nllb="testorg/tiny-nllb", bart="testorg/b")
    result = CliRunner().invoke(main, ["models", "pull", "tiny-nllb", "--models", str(path), "--offline"])
    assert result.exit_code == 2 and "downloads" in result.stderr
