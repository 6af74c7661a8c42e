"""The CTranslate2 backend's messages when it cannot run: the extra is missing, the model is not
on this machine. (They hold whether or not ctranslate2 is installed.)"""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.config import load_config
from summarize.errors import ModelError
from tests.tiny_models import write_models_yaml


def test_missing_extra_says_how_to_install(tmp_path, monkeypatch):
    from summarize.engines.ct2.convert import load_ct2

    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import ctranslate2 -> ImportError
    cfg = load_config(write_models_yaml(tmp_path / "m.yaml", nllb="testorg/tiny-nllb", bart="testorg/b"))
    with pytest.raises(ModelError, match=r"pip install 'summarize\[fast\]'"):
        load_ct2(cfg.model("tiny-nllb"))


def test_convert_of_a_model_not_on_this_machine_is_one_line(tmp_path):
    pytest.importorskip("ctranslate2", reason="ctranslate2 (the `fast` extra) is not installed")
    path = write_models_yaml(tmp_path / "m.yaml", nllb="testorg/absent", bart="testorg/b")
    result = CliRunner().invoke(main, ["models", "convert", "tiny-nllb", "--models", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "testorg/absent" in lines[0] and "summarize models pull" in lines[0], result.stderr
    assert "--no-translate" not in lines[0]  # run's way round a missing model; convert makes no brief


def test_missing_extra_names_the_model_that_wants_it(tmp_path, monkeypatch):
    from summarize.engines.ct2.convert import load_ct2

    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    cfg = load_config(write_models_yaml(tmp_path / "m.yaml", nllb="testorg/tiny-nllb", bart="testorg/b"))
    with pytest.raises(ModelError, match=r"^model 'tiny-nllb' runs on the ctranslate2 backend, which needs the ctranslate2 package"):
        load_ct2(cfg.model("tiny-nllb"))
