"""models.yaml checks: duplicate keys, generation settings that contradict each other, an empty or
repeated target list."""

from __future__ import annotations

import textwrap

import pytest

from summarize.config import load_config, packaged_default_path
from summarize.errors import ConfigError
from summarize.safe_yaml import read_yaml
from tests.test_config import GOOD, write

# -- duplicate keys ------------------------------------------------------------------------------

TWO_SECTIONS = """\
summarizer: extractive
targets: [ur]
languages:
  ur: {code: urd_Arab, translator: nllb}
models:
  nllb: {task: translate, kind: nllb, model: facebook/nllb-200-distilled-600M}
languages:
  ur: {code: pbt_Arab, translator: nllb}
"""

TWO_IN_ONE_MODEL = """\
summarizer: extractive
targets: [ur]
languages:
  ur: {code: urd_Arab, translator: nllb}
models:
  nllb:
    task: translate
    kind: nllb
    model: facebook/nllb-200-distilled-600M
    batch_size: 8
    source_lang: eng_Latn
    batch_size: 32
"""


@pytest.mark.parametrize(("text", "key", "first", "again"), [
    (TWO_SECTIONS, "languages", 3, 7),                 # two top-level sections
    (TWO_IN_ONE_MODEL, "batch_size", 10, 12),          # one model's setting written twice
])
def test_a_duplicate_key_is_refused_naming_file_key_and_both_lines(tmp_path, text, key, first, again):
    path = write(tmp_path, text, name="mine.yaml")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert message == f"{path}:{again}: duplicate key '{key}' (on line {first} and again on line {again}); keep one of them"


def test_a_duplicate_key_in_a_flow_mapping_names_the_columns(tmp_path):
    text = GOOD.replace("model: facebook/nllb-200-distilled-600M}",
                        "model: facebook/nllb-200-distilled-600M, generation: {num_beams: 4, num_beams: 1}}")
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=r"models\.yaml:7: duplicate key 'num_beams' \(on line 7, column \d+ and again at column \d+\); keep one"):
        load_config(path)


def test_a_duplicate_key_through_the_cli_is_one_line_and_exit_2(tmp_path):
    from click.testing import CliRunner

    from summarize.cli import main

    text = packaged_default_path().read_text(encoding="utf-8")
    text = text.replace("    source_lang: eng_Latn\n", "    source_lang: eng_Latn\n    backend: transformers\n    backend: auto\n", 1)
    path = write(tmp_path, text, name="mine.yaml")
    article = write(tmp_path, "Officials met in Kabul on Monday to discuss border trade.\n", name="a.txt")
    result = CliRunner().invoke(main, ["run", str(article), "--models", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"summarize: error: {path}:")
    assert "duplicate key 'backend' (on line" in lines[0]
    assert not (tmp_path / "o").exists()


def test_a_merge_key_may_be_overridden_and_front_matter_keeps_the_last():
    # YAML merges (<<: *defaults) are meant to be overridden: no duplicate
    text = "base: &b {num_beams: 4, max_new_tokens: 200}\nmine:\n  <<: *b\n  num_beams: 1\n"
    assert read_yaml(text, "x", duplicate_keys="error")["mine"] == {"num_beams": 1, "max_new_tokens": 200}
    # what other callers get by default (front matter): the last one wins, as before
    assert read_yaml("title: a\ntitle: b\n", "front matter") == {"title": "b"}
    with pytest.raises(ValueError):
        read_yaml("a: 1\n", "x", duplicate_keys="first")


def test_front_matter_with_a_duplicate_key_still_gives_its_title(tmp_path):
    from summarize.reading.source import read_article

    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: First\ntitle: Second\n---\n\nBody of the article. More body.\n")
    assert read_article(path).title == "Second"


# -- generation settings -------------------------------------------------------------------------

def _with_generation(generation: str) -> str:
    return GOOD.replace("model: facebook/nllb-200-distilled-600M}",
                        f"model: facebook/nllb-200-distilled-600M, generation: {generation}}}")


@pytest.mark.parametrize(("generation", "key", "fragment"), [
    ("{max_new_tokens_ratio: 0}", "max_new_tokens_ratio", "expected a number above 0, got 0"),
    ("{max_new_tokens_ratio: -1.5}", "max_new_tokens_ratio", "expected a number above 0, got -1.5"),
    ("{max_new_tokens_ratio: .nan}", "max_new_tokens_ratio", "expected a finite number"),
    ("{max_new_tokens_ratio: .inf}", "max_new_tokens_ratio", "expected a finite number"),
    ("{repetition_penalty: 0}", "repetition_penalty", "expected a number above 0"),
    ("{length_penalty: .nan}", "length_penalty", "expected a finite number"),
    ("{max_new_tokens_min: 300, max_new_tokens: 200}", "max_new_tokens_min",
     "300 is more than max_new_tokens (200); make it at most 200"),
    ("{min_new_tokens: 60, max_new_tokens: 50}", "min_new_tokens", "60 is more than max_new_tokens (50)"),
    ("{num_beams: true}", "num_beams", "expected a whole number, got True"),
    ("{num_beams: 2.5}", "num_beams", "expected a whole number, got 2.5"),
    ("{max_new_tokens: false}", "max_new_tokens", "expected a whole number, got False"),
    ("{max_new_tokens_ratio: true}", "max_new_tokens_ratio", "expected a number, got True"),
    ("{early_stopping: 1}", "early_stopping", "expected true or false, got 1"),
])
def test_generation_settings_are_checked(tmp_path, generation, key, fragment):
    path = write(tmp_path, _with_generation(generation), name="mine.yaml")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}: models.nllb.generation.{key}: {fragment}")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("generation", [
    "{max_new_tokens_min: 200, max_new_tokens: 200}",     # equal is fine
    "{min_new_tokens: 0, max_new_tokens: 1}",
    "{max_new_tokens_ratio: 0.5, length_penalty: -1.0}",  # a negative length penalty favours short output
    "{max_new_tokens_min: 300}",                          # no cap set: nothing to contradict
])
def test_good_generation_settings_pass(tmp_path, generation):
    load_config(write(tmp_path, _with_generation(generation)))


def test_a_cap_below_the_default_floor_holds(tmp_path):
    # max_new_tokens: 8 alone: the default floor (16) must not lift the budget past the cap
    spec = load_config(write(tmp_path, _with_generation("{max_new_tokens: 8}"))).model("nllb")
    assert spec.max_new_tokens_for(1) == 8 and spec.max_new_tokens_for(100) == 8
    spec = load_config(write(tmp_path, _with_generation("{max_new_tokens_min: 4, max_new_tokens: 24}"))).model("nllb")
    assert (spec.max_new_tokens_for(1), spec.max_new_tokens_for(5), spec.max_new_tokens_for(50)) == (4, 10, 24)


# -- targets -------------------------------------------------------------------------------------

@pytest.mark.parametrize("targets", ["[]", '""'])
def test_an_empty_target_list_in_the_file_is_refused(tmp_path, targets):
    path = write(tmp_path, GOOD.replace("targets: [ur]", f"targets: {targets}"), name="mine.yaml")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}: targets: is empty; name at least one (ur)")
    assert "--no-translate" in str(err.value)


def test_an_empty_target_list_through_the_cli_exits_2(tmp_path):
    from click.testing import CliRunner

    from summarize.cli import main

    path = write(tmp_path, GOOD.replace("targets: [ur]", "targets: []"), name="mine.yaml")
    article = write(tmp_path, "Officials met in Kabul on Monday to discuss border trade.\n", name="a.txt")
    result = CliRunner().invoke(main, ["run", str(article), "--models", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"summarize: error: {path}: targets: is empty")


TWO_LANGUAGES = textwrap.dedent("""
    summarizer: extractive
    targets: [ur, ps, ur, urd_Arab]
    languages:
      ur: {code: urd_Arab, translator: nllb}
      ps: {code: pbt_Arab, translator: nllb}
    models:
      nllb: {task: translate, kind: nllb, model: facebook/nllb-200-distilled-600M}
""")


def test_a_repeated_target_is_kept_once_in_the_file_and_on_the_command_line(tmp_path):
    path = write(tmp_path, TWO_LANGUAGES)
    assert load_config(path).targets == ("ur", "ps")
    assert load_config(path, targets="ps,ps,ur,pbt_Arab").targets == ("ps", "ur")
    assert load_config(path, env={"SUMMARIZE_TARGETS": "ur,ur"}).targets == ("ur",)
