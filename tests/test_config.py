"""models.yaml loading, validation and resolution order."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from summarize.config import load_config, packaged_default_path
from summarize.errors import ConfigError
from tests.conftest import SEED

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
    assert message.startswith(f"{path}")  # the file is at fault, never an option the user did not give
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


def test_a_target_is_named_in_any_case_and_english_is_told_it_is_the_source(tmp_path):
    """A fresh user's report: ``-t UR`` was "unknown target 'UR'" though ``--source-lang URD_ARAB``
    works, and ``-t en`` for an English article was an "unknown target" too. A target is now
    named in any case (each once), and ``en``/``eng_Latn`` are told they are the source."""
    cfg = load_config(write(tmp_path, GOOD))
    assert cfg.with_overrides(targets="UR,urd_arab,ur").targets == ("ur",)
    assert cfg.target("URD_ARAB").short == "ur"
    for english in ("en", "EN", "eng_Latn"):
        with pytest.raises(ConfigError) as err:
            cfg.with_overrides({"targets": "--targets"}, targets=f"ur,{english}")
        assert str(err.value).startswith(f"--targets: {english} is the source language (English): not translated into "
                                         "itself, the brief holds it as the source text; leave it out of the targets "
                                         "(known in "), str(err.value)


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


# ---- YAML alias bombs (issue 10) ------------------------------------------------------------------


def alias_bomb(depth: int = 9, width: int = 9) -> str:
    """A models.yaml whose ``targets:`` nests aliases ``depth`` deep, each list holding ``width``
    aliases of the one before: ``width ** depth`` values once expanded (9**9: 387 million)."""
    items = ["&a0 [" + ", ".join(["ur"] * width) + "]"]
    items += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, depth)]
    return GOOD.replace("targets: [ur]", "targets: [" + ", ".join(items) + "]")


def test_alias_bomb_is_refused_small_and_named(tmp_path):
    # in a child process capped at 1 GiB of address space: without the cap the refusal took minutes
    # and 3 GB; the child reports its peak Python allocation
    import subprocess
    import sys

    path = write(tmp_path, alias_bomb(), name="mine.yaml")
    code = ("import resource, sys, tracemalloc; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
            "from summarize.config import load_config; from summarize.errors import ConfigError; tracemalloc.start()\n"
            "try:\n    load_config(sys.argv[1])\nexcept ConfigError as exc:\n    print(exc)\n"
            "print(tracemalloc.get_traced_memory()[1])")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    message, peak = out.stdout.strip().splitlines()
    assert message.startswith(f"{path}: refused: its aliases expand to more than 10,000 values")
    assert int(peak) < 100_000_000


def test_alias_bomb_in_the_current_folder_stops_the_cli(tmp_path):
    from click.testing import CliRunner

    from summarize.cli import main

    write(Path.cwd(), alias_bomb())  # ./models.yaml is read without being asked for
    article = write(tmp_path, "Officials met in Kabul on Monday to discuss border trade.\n", name="a.txt")
    result = CliRunner().invoke(main, ["run", str(article), "-s", "extractive", "--no-translate", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("summarize: error: models.yaml: refused: its aliases expand")


def test_modest_anchors_still_work(tmp_path):
    text = GOOD.replace("targets: [ur]", "targets: &t [ur]\n_unused: *t").replace("_unused: *t\n", "")
    text = text.replace("model: facebook/nllb-200-distilled-600M}",
                        "model: facebook/nllb-200-distilled-600M, generation: &beam {num_beams: 4}}\n"
                        "  nllb2: {task: translate, kind: nllb, model: facebook/nllb-200-1.3B, generation: *beam}")
    cfg = load_config(write(tmp_path, text))
    assert dict(cfg.model("nllb2").generation) == {"num_beams": 4} and cfg.targets == ("ur",)


@pytest.mark.parametrize("text, fragment", [
    ("targets: &a [ur, *a]\n", "refers to the node that contains it"),
    ("targets: " + "[" * 5000 + "]" * 5000 + "\n", "refused"),
])
def test_self_referring_or_too_deep_yaml_is_refused(tmp_path, text, fragment):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}") and fragment in str(err.value)


def test_front_matter_alias_bomb_is_skipped_not_expanded():
    from summarize.reading.source import parse_text

    bomb = "\n".join(["---", "a: &a [x, x, x, x, x, x, x, x, x]"]
                     + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}" if i > 1 else "*a"] * 9) + "]" for i in range(1, 9)]
                     + ["title: Floods", "---", "", "Floods hit Swat on Monday, officials said."])
    from summarize.errors import InputWarning

    with pytest.warns(InputWarning, match="its front matter is skipped: it was refused as YAML: its aliases expand"):
        article = parse_text(bomb, fmt="md")
    assert article.title is None and article.paragraphs == ["Floods hit Swat on Monday, officials said."]


# ---- every config error names where the value came from (issue 10) -----------------------------

BAD_SETTINGS = {  # key -> (bad value as YAML, bad value as an override, the message after the label)
    "targets": ("[ur, xx]", "ur,xx", "unknown target 'xx' ({known})"),
    "summarizer": ("nope", "nope", "'nope' is not a summariser; choose from extractive"),
    "device": ("gpu", "gpu", "'gpu' is not one of auto, cpu, cuda, mps"),
    "dtype": ("float8", "float8", "'float8' is not one of auto, float32, float16, bfloat16"),
}


def _with_setting(key: str, yaml_value: str) -> str:
    text = textwrap.dedent(GOOD)
    if key in ("targets", "summarizer"):
        return "\n".join(f"{key}: {yaml_value}" if line.startswith(f"{key}:") else line for line in text.splitlines()) + "\n"
    return text + f"{key}: {yaml_value}\n"


@pytest.mark.parametrize("key", BAD_SETTINGS)
def test_error_from_the_file_names_file_and_key(tmp_path, key):
    path = write(tmp_path, _with_setting(key, BAD_SETTINGS[key][0]), name="mine.yaml")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == f"{path}: {key}: " + BAD_SETTINGS[key][2].format(known="known: ur")


@pytest.mark.parametrize("key", BAD_SETTINGS)
@pytest.mark.parametrize("via", ["env", "option"])
def test_error_from_an_override_names_the_variable_or_option(tmp_path, key, via):
    path = write(tmp_path, GOOD, name="mine.yaml")
    value = BAD_SETTINGS[key][1]
    if via == "env":
        label, cfg = f"$SUMMARIZE_{key.upper()}", lambda: load_config(path, env={f"SUMMARIZE_{key.upper()}": value})
    else:
        label, cfg = f"{key}=", lambda: load_config(path, env={}, **{key: value})  # the library's keyword
    with pytest.raises(ConfigError) as err:
        cfg()
    assert str(err.value) == f"{label}: " + BAD_SETTINGS[key][2].format(known=f"known in {path}: ur")


def test_a_good_override_moves_the_label_and_a_file_error_stays_the_files(tmp_path):
    path = write(tmp_path, GOOD.replace("targets: [ur]", "targets: [ur]\ndevice: cpu"), name="mine.yaml")
    cfg = load_config(path, env={"SUMMARIZE_DEVICE": "cuda"}, targets="ur")
    assert (cfg.where("device"), cfg.where("targets"), cfg.where("dtype")) == ("$SUMMARIZE_DEVICE", "targets=", f"{path}: dtype")


def test_empty_targets_override_is_labelled(tmp_path):
    path = write(tmp_path, GOOD)
    with pytest.raises(ConfigError, match=r"^\$SUMMARIZE_TARGETS: no target given"):
        load_config(path, env={"SUMMARIZE_TARGETS": " , "})


@pytest.mark.parametrize("where", ["file", "env", "option"])
def test_unavailable_device_names_where_it_was_set(tmp_path, monkeypatch, where):
    # through the CLI: the device check runs before any article, and must not say "--device"
    # when the user never typed it
    import torch
    from click.testing import CliRunner

    from summarize.cli import main

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    path = write(tmp_path, GOOD.replace("targets: [ur]", "targets: [ur]\ndevice: cuda") if where == "file" else GOOD,
                 name="mine.yaml")
    # (a translator to load: with -s extractive --no-translate no model runs on the device, see below)
    args = ["run", str(path), "--models", str(path), "-s", "extractive", "-o", str(tmp_path / "o")]
    if where == "env":
        monkeypatch.setenv("SUMMARIZE_DEVICE", "cuda")
    if where == "option":
        args += ["--device", "cuda"]
    result = CliRunner().invoke(main, args)
    label = {"file": f"{path}: device", "env": "$SUMMARIZE_DEVICE", "option": "--device"}[where]
    assert result.exit_code == 2
    assert result.stderr.startswith(f"summarize: error: {label}: 'cuda' is not available"), result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "o").exists()  # refused before any work


@pytest.mark.parametrize("where", ["file", "env", "option"])
@pytest.mark.parametrize("command", ["run", "batch"])
def test_a_device_is_not_refused_when_no_model_will_load(tmp_path, monkeypatch, where, command):
    # a new user's report: --device cuda was refused with -s extractive --no-translate, which loads no model
    import torch
    from click.testing import CliRunner

    from summarize.cli import main

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    path = write(tmp_path, GOOD.replace("targets: [ur]", "targets: [ur]\ndevice: cuda") if where == "file" else GOOD,
                 name="mine.yaml")
    args = [command, str(SEED), "--models", str(path), "-s", "extractive", "--no-translate", "-o", str(tmp_path / "o")]
    if where == "env":
        monkeypatch.setenv("SUMMARIZE_DEVICE", "cuda")
    if where == "option":
        args += ["--device", "cuda"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "afghan-truce" / "brief.json").is_file()
    # a model to load (a seq2seq summariser, or a target): refused up front, as before
    seq2seq = write(tmp_path, GOOD.replace("summarizer: extractive", "summarizer: bart").replace(
        "models:\n", "models:\n  bart: {task: summarize, kind: seq2seq, model: sshleifer/distilbart-cnn-12-6}\n"),
        name="bart.yaml")
    refused = CliRunner().invoke(main, [command, str(SEED), "--models", str(seq2seq), "--no-translate",
                                        "--device", "cuda", "-o", str(tmp_path / "o2")])
    assert refused.exit_code == 2 and "--device: 'cuda' is not available" in refused.stderr, refused.output
    assert refused.stderr.count("\n") == 1


def test_unknown_target_in_a_models_file_through_the_cli(tmp_path):
    from click.testing import CliRunner

    from summarize.cli import main

    text = (packaged_default_path().read_text(encoding="utf-8"))
    assert "targets: [ur, ps, prs]" in text
    path = write(tmp_path, text.replace("targets: [ur, ps, prs]", "targets: [ur, xx]"), name="mine.yaml")
    article = write(tmp_path, "Officials met in Kabul on Monday to discuss border trade.\n", name="a.txt")
    result = CliRunner().invoke(main, ["run", str(article), "--models", str(path), "-s", "extractive", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"summarize: error: {path}: targets: unknown target 'xx' (known: ur, ps, prs)"


def test_unknown_model_name_on_the_command_line_names_the_argument(tmp_path):
    from click.testing import CliRunner

    from summarize.cli import main

    path = write(tmp_path, GOOD, name="mine.yaml")
    result = CliRunner().invoke(main, ["models", "pull", "nope", "--models", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"summarize: error: NAMES: no model named 'nope' in {path}; configured: nllb, extractive"


# ---- --translator: another configured translator for every target --------------------------------

TWO_TRANSLATORS = """
summarizer: extractive
targets: [ur, ps]
languages:
  ur: {code: urd_Arab, translator: nllb}
  ps: {code: pbt_Arab, translator: nllb}
models:
  nllb: {task: translate, kind: nllb, model: facebook/nllb-200-distilled-600M}
  big: {task: translate, kind: nllb, model: facebook/nllb-200-distilled-1.3B}
  en-ur: {task: translate, kind: marian, model: Helsinki-NLP/opus-mt-en-ur, source_lang: eng_Latn, target_lang: urd_Arab}
"""


def test_translator_override_serves_every_language(tmp_path, monkeypatch):
    path = write(tmp_path, TWO_TRANSLATORS)
    assert {s.translator for s in load_config(path).languages.values()} == {"nllb"}
    cfg = load_config(path, translator="big")
    assert {s: spec.translator for s, spec in cfg.languages.items()} == {"ur": "big", "ps": "big"}
    monkeypatch.setenv("SUMMARIZE_TRANSLATOR", "big")
    assert {s.translator for s in load_config(path).languages.values()} == {"big"}
    assert {s.translator for s in load_config(path, translator="nllb").languages.values()} == {"nllb"}


@pytest.mark.parametrize(("name", "fragment"), [
    ("nope", "'nope' is not a configured translator; choose from nllb, big, en-ur"),
    ("extractive", "'extractive' is not a configured translator"),
    ("en-ur", "'pbt_Arab' is not served by en-ur"),  # a Marian model serves one pair
])
def test_translator_override_errors(tmp_path, name, fragment):
    path = write(tmp_path, TWO_TRANSLATORS)
    with pytest.raises(ConfigError) as err:
        load_config(path, translator=name)
    assert fragment in str(err.value) and str(err.value).startswith("translator=")


def test_packaged_default_lists_the_1_3b_translator():
    cfg = load_config(packaged_default_path())
    spec = cfg.model("nllb-200-1.3B")
    assert spec.task == "translate" and spec.model == "facebook/nllb-200-distilled-1.3B"
    assert {s.translator for s in cfg.with_overrides(translator="nllb-200-1.3B").languages.values()} == {"nllb-200-1.3B"}


@pytest.mark.parametrize("value, fragment", [
    ("42", "expected a hub id (name or org/name) or a local folder, as text; got 42"),
    ("article.txt", "'article.txt' is a file ("),
    ("./article.txt", "'./article.txt' is a file ("),
    ("'my model'", "'my model' is neither a local folder beside"),
])
def test_a_model_value_that_is_no_folder_nor_hub_id_is_refused_naming_the_key(tmp_path, value, fragment):
    (tmp_path / "article.txt").write_text("Floods cut off three districts.\n", encoding="utf-8")
    path = write(tmp_path, GOOD.replace("model: facebook/nllb-200-distilled-600M", f"model: {value}"))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}: models.nllb.model: {fragment}"), str(err.value)


def test_a_missing_folder_and_hub_ids_are_still_taken(tmp_path):
    for value, local in (("./nosuch", True), ("org/name", False), ("name", False), ("Helsinki-NLP/opus-mt-en-ur", False)):
        cfg = load_config(write(tmp_path, GOOD.replace("model: facebook/nllb-200-distilled-600M", f"model: {value}")))
        assert cfg.model("nllb").is_local is local, value


@pytest.mark.parametrize("model, listed, not_listed", [
    ("{task: translate, kind: nllb, model: org/m, beams: 4}", {"source_lang", "generation"}, {"sentences", "words", "algorithm"}),
    ("{task: summarize, kind: extractive, beams: 4}", {"sentences", "algorithm"}, {"generation", "source_lang"}),
])
def test_an_unknown_model_key_lists_the_keys_of_its_kind(tmp_path, model, listed, not_listed):
    path = write(tmp_path, GOOD.replace("models:\n", f"models:\n  other: {model}\n"))
    with pytest.raises(ConfigError, match="unknown key 'beams'") as err:
        load_config(path)
    allowed = set(str(err.value).split("allowed: ")[1].split(", "))
    assert listed <= allowed and not (not_listed & allowed), str(err.value)
