"""models.yaml loading, validation and resolution order."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from summarize.config import load_config, packaged_default_path
from summarize.errors import ConfigError

GOOD = """
summarizer: extractive
targets: [ur]
languages:
  ur: {code: urd_Arab, translator: nllb}
models:
  nllb: {task: translate, kind: nllb, model: facebook/nllb-200-distilled-600M}
"""


def write(tmp_path, text, name="models.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_packaged_default_names_the_issue_defaults():
    cfg = load_config(packaged_default_path())
    assert cfg.model(cfg.summarizer).model == "sshleifer/distilbart-cnn-12-6"
    assert cfg.model(cfg.summarizer).max_input_tokens == 1024
    assert {s: cfg.languages[s].code for s in cfg.targets} == {"ur": "urd_Arab", "ps": "pbt_Arab", "prs": "prs_Arab"}
    assert {cfg.languages[s].translator for s in cfg.targets} == {"nllb-200"}
    assert cfg.model("nllb-200").model == "facebook/nllb-200-distilled-600M"
    assert cfg.model("extractive").kind == "extractive"


def test_without_a_local_file_the_packaged_default_is_used(tmp_path):
    # the autouse fixture runs each test in an empty folder
    assert load_config().path == str(packaged_default_path())


def test_local_models_yaml_beats_packaged(tmp_path):
    write(Path.cwd(), GOOD)
    cfg = load_config()
    assert cfg.path == "models.yaml" and cfg.targets == ("ur",)


def test_order_cli_over_env_over_file(tmp_path, monkeypatch):
    path = write(tmp_path, GOOD)
    monkeypatch.setenv("SUMMARIZE_MODELS", str(path))
    monkeypatch.setenv("SUMMARIZE_DEVICE", "cuda")
    cfg = load_config()
    assert cfg.path == str(path) and cfg.device == "cuda"
    assert load_config(device="cpu").device == "cpu"


def test_extractive_is_always_available(tmp_path):
    text = GOOD.replace("summarizer: extractive", "summarizer: nllbsum").replace(
        "models:\n", "models:\n  nllbsum: {task: summarize, kind: seq2seq, model: org/sum}\n")
    cfg = load_config(write(tmp_path, text))
    assert cfg.with_overrides(summarizer="extractive").model("extractive").kind == "extractive"


def test_relative_model_folder_is_relative_to_the_file(tmp_path):
    sub = tmp_path / "conf"
    sub.mkdir()
    text = GOOD.replace("model: facebook/nllb-200-distilled-600M", "model: ./weights/nllb")
    cfg = load_config(write(sub, text))
    assert cfg.model("nllb").model == str(sub.resolve() / "weights" / "nllb")
    assert cfg.model("nllb").is_local


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda t: t + "colour: blue\n", "unknown key 'colour'"),
        (lambda t: t.replace("code: urd_Arab", "code: urdu"), "'urdu' is not an NLLB-200 language code"),
        (lambda t: t.replace("kind: nllb", "kind: gpt"), "models.nllb.kind"),
        (lambda t: t.replace(", model: facebook/nllb-200-distilled-600M", ""), "missing required key 'model'"),
        (lambda t: t.replace("translator: nllb}", "translator: nope}"), "'nope' is not a configured translator"),
        (lambda t: t.replace("targets: [ur]", "targets: [ur, xx]"), "unknown target 'xx'"),
        (lambda t: t.replace("summarizer: extractive", "summarizer: nllb"), "'nllb' is not a summariser"),
        (lambda t: t.replace("model: facebook", "max_input_tokens: -3, model: facebook"), "positive whole number"),
        (lambda t: t.replace("model: facebook", "generation: {beams: 4}, model: facebook"), "unknown key 'beams'"),
    ],
)
def test_invalid_config_names_file_key_and_allowed(tmp_path, change, fragment):
    path = write(tmp_path, change(textwrap.dedent(GOOD)))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert fragment in message
    assert str(path) in message or "--targets" in message
    assert "\n" not in message


def test_yaml_syntax_error_gives_line_and_column(tmp_path):
    path = write(tmp_path, "summarizer: extractive\nmodels: {a: [1, 2}\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert f"{path}:2:" in str(err.value) and "YAML syntax error" in str(err.value)


def test_unknown_target_override(tmp_path):
    cfg = load_config(write(tmp_path, GOOD))
    with pytest.raises(ConfigError, match="unknown target 'de'"):
        cfg.with_overrides(targets="ur,de")


def test_nllb_codes_are_transformers_list_read_without_importing_transformers():
    import subprocess
    import sys

    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    from summarize.config import nllb_codes

    assert nllb_codes() == frozenset(FAIRSEQ_LANGUAGE_CODES) and {"urd_Arab", "pbt_Arab", "prs_Arab"} <= nllb_codes()
    # checking models.yaml (every CLI call does) must not pay for importing transformers or torch
    code = ("import sys; from summarize.config import load_config, packaged_default_path; "
            "load_config(packaged_default_path(), targets='ur,ps,prs'); "
            "print(sorted(m for m in ('transformers', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("generation, key", [("{num_beams: 0}", "num_beams"), ("{max_new_tokens: 0}", "max_new_tokens"),
                                             ("{no_repeat_ngram_size: -1}", "no_repeat_ngram_size")])
def test_generation_counts_are_checked(tmp_path, generation, key):
    # a user's report: num_beams: 0 passed the check and failed later as "integer division or modulo by zero"
    text = GOOD.replace("model: facebook/nllb-200-distilled-600M}", f"model: facebook/nllb-200-distilled-600M, generation: {generation}}}")
    with pytest.raises(ConfigError, match=f"models.nllb.generation.{key}: expected"):
        load_config(write(tmp_path, text))


def test_load_config_needs_neither_torch_nor_transformers():
    # the NLLB-200 code list ships with the package; models.yaml's codes are checked against it
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import sys\n"
        "for name in ('torch', 'transformers', 'ctranslate2'):\n"
        "    sys.modules[name] = None  # any import of them now raises ImportError\n"
        "from summarize.config import load_config, packaged_default_path\n"
        "from summarize.settings import Settings\n"
        "cfg = load_config(packaged_default_path())\n"
        "s = Settings.from_options(config=cfg, summarizer='extractive', translate=False, source_lang='urd_Arab')\n"
        "print(sorted(cfg.targets), s.config.summarizer)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("]")[0] == "['prs', 'ps', 'ur'" and out.stdout.strip().endswith("extractive")
