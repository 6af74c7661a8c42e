"""The CTranslate2 backend on the tiny models: conversion, the record `models list` shows,
float32 greedy outputs token for token equal to transformers', int8 end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip(
    "ctranslate2", reason="ctranslate2 (the `fast` extra) is not installed: pip install 'summarize[fast]'"
)

from summarize.cli import main  # noqa: E402
from summarize.config import load_config  # noqa: E402
from summarize.engines.ct2.convert import convert, converted_dir, ct2_home, decoding_options  # noqa: E402
from summarize.engines.registry import ModelRegistry  # noqa: E402
from summarize.errors import ConfigError  # noqa: E402
from summarize.reading.source import read_article  # noqa: E402
from summarize.text.segment import article_sentences  # noqa: E402
from tests.conftest import SEED  # noqa: E402
from tests.tiny_models import write_models_yaml  # noqa: E402

TARGETS = ["urd_Arab", "pbt_Arab", "prs_Arab"]
TINY_NLLB_GEN = "{num_beams: 2, max_new_tokens_ratio: 1.0, max_new_tokens_min: 4, max_new_tokens: 24, no_repeat_ngram_size: 3}"
TINY_BART_GEN = "{num_beams: 2, min_new_tokens: 8, max_new_tokens: 24, no_repeat_ngram_size: 3}"
FLAG_CODES = {"empty", "script", "language", "untranslated", "repetition", "length", "numbers"}


def _yaml(tmp_path, tiny_models, name, *, backend=None, quantization=None, greedy=False) -> Path:
    path = write_models_yaml(tmp_path / name, nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))
    text = path.read_text()
    if greedy:
        text = text.replace(TINY_NLLB_GEN, "{num_beams: 1, max_new_tokens_ratio: 1.5, max_new_tokens_min: 6, max_new_tokens: 24, no_repeat_ngram_size: 3}")
        text = text.replace(TINY_BART_GEN, "{num_beams: 1, min_new_tokens: 8, max_new_tokens: 24, no_repeat_ngram_size: 3}")
    if backend:
        extra = f"\n    backend: {backend}" + (f"\n    quantization: {quantization}" if quantization else "")
        text = text.replace("    kind: nllb", "    kind: nllb" + extra).replace("    kind: seq2seq", "    kind: seq2seq" + extra)
    path.write_text(text)
    return path


@pytest.fixture
def seed_sentences():
    return article_sentences(read_article(SEED))


def test_convert_stores_beside_the_hub_cache_and_models_list_shows_it(tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models, "m.yaml", backend="ctranslate2", quantization="float32")
    runner = CliRunner()
    for name in ("tiny-nllb", "tiny-bart"):
        result = runner.invoke(main, ["models", "convert", name, "--models", str(path)])
        assert result.exit_code == 0, result.output
        assert str(converted_dir(name, "float32")) in result.stdout
    assert ct2_home() == tmp_path / "hf-home" / "summarize-ct2"  # $HF_HOME, read at call time
    meta = json.loads((converted_dir("tiny-nllb", "float32") / "summarize-ct2.json").read_text())
    assert meta["model"] == str(tiny_models["nllb"]) and meta["quantization"] == "float32" and meta["kind"] == "nllb"
    assert (converted_dir("tiny-nllb", "float32") / "hf" / "tokenizer_config.json").is_file()
    listed = runner.invoke(main, ["models", "list", "--models", str(path)])
    assert listed.exit_code == 0, listed.output
    rows = [line.split() for line in listed.stdout.split("# CTranslate2 conversions")[1].splitlines()[2:]]
    assert {(r[0], r[1], r[2]) for r in rows} == {("tiny-nllb", "float32", "yes"), ("tiny-bart", "float32", "yes")}


def test_float32_greedy_translations_are_token_for_token_those_of_transformers(tiny_models, tmp_path, seed_sentences):
    hf = ModelRegistry(load_config(_yaml(tmp_path, tiny_models, "hf.yaml", greedy=True)), offline=True).translator("tiny-nllb")
    ct_cfg = load_config(_yaml(tmp_path, tiny_models, "ct.yaml", backend="ctranslate2", quantization="float32", greedy=True))
    convert(ct_cfg.model("tiny-nllb"), "float32")
    ct = ModelRegistry(ct_cfg, offline=True).translator("tiny-nllb")
    assert ct.describe()["backend"] == "ctranslate2" and ct.describe()["quantization"] == "float32"

    hf_ids, ct_ids = _spy_hf(hf), _spy_ct2(ct)
    expected = {t: hf.translate(seed_sentences, "eng_Latn", t) for t in TARGETS}
    got = ct.translate_many(seed_sentences, "eng_Latn", TARGETS)
    assert got == expected
    assert ct.translate(seed_sentences[:3], "eng_Latn", "urd_Arab") == expected["urd_Arab"][:3]
    # token for token: transformers' ids after the decoder start, up to EOS
    assert len(hf_ids) == len(ct_ids[: len(hf_ids)]) == len(TARGETS) * len(seed_sentences)
    assert sorted(hf_ids) == sorted(ct_ids[: len(hf_ids)])
    lang_ids = {hf.language_token_id(t) for t in TARGETS}
    assert {ids[0] for ids in ct_ids} == lang_ids  # the first token is the target's language


def test_float32_greedy_summary_is_that_of_transformers(tiny_models, tmp_path, seed_sentences):
    hf = ModelRegistry(load_config(_yaml(tmp_path, tiny_models, "hf.yaml", greedy=True)), offline=True).summarizer()
    ct_cfg = load_config(_yaml(tmp_path, tiny_models, "ct.yaml", backend="ctranslate2", quantization="float32", greedy=True))
    convert(ct_cfg.model("tiny-bart"), "float32")
    ct = ModelRegistry(ct_cfg, offline=True).summarizer()
    expected, got = hf.summarize(seed_sentences), ct.summarize(seed_sentences)
    assert expected.chunking["chunked"] is True  # several generate calls, each compared
    assert got.text == expected.text and got.chunking == expected.chunking


def test_int8_brief_end_to_end_through_the_cli(tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models, "m.yaml", backend="ctranslate2", quantization="int8")
    runner = CliRunner()
    for name in ("tiny-nllb", "tiny-bart"):
        assert runner.invoke(main, ["models", "convert", name, "--models", str(path)]).exit_code == 0
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(SEED), "--models", str(path), "-o", str(out), "--offline"])
    assert result.exit_code == 0, result.output
    folder = out / "afghan-truce"
    data = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    n = len(data["summary"])
    assert n >= 1 and len(data["segments"]) == n
    for seg in data["segments"]:
        assert set(seg["targets"]) == {"ur", "ps", "prs"}
        for target in seg["targets"].values():
            assert isinstance(target["text"], str)
            assert all(f["code"] in FLAG_CODES and f["message"] for f in target["flags"])
    for short in ("ur", "ps", "prs"):
        lines = (folder / f"summary.{short}.txt").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 2 + n  # title, blank, one line per sentence
        info = data["models"]["translators"][short]
        assert info["backend"] == "ctranslate2" and info["quantization"] == "int8"
    assert data["models"]["summarizer"]["backend"] == "ctranslate2"
    assert data["chunking"]["chunked"] is True


def test_missing_conversion_is_one_line_saying_what_to_run(tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models, "m.yaml", backend="ctranslate2")
    result = CliRunner().invoke(main, ["run", str(SEED), "--models", str(path), "--offline"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"run `summarize models convert tiny-bart --quantization int8 --models {path}`" in lines[0], result.stderr


def test_bad_quantization_is_a_config_error(tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models, "m.yaml", backend="ctranslate2", quantization="int4")
    with pytest.raises(ConfigError, match="quantization: expected one of int8"):
        load_config(path)


def test_decoding_options_follow_generate_lengths():
    # NLLB: the language token counts as generated in both engines
    opts = decoding_options({}, {"num_beams": 4, "no_repeat_ngram_size": 4}, max_new_tokens=30)
    assert opts["beam_size"] == 4 and opts["max_decoding_length"] == 30 and opts["min_decoding_length"] == 0
    # BART-CNN: forced EOS takes the last position; min_length counts the decoder start token
    opts = decoding_options({"forced_eos_token_id": 2, "min_length": 56, "max_length": 142, "num_beams": 4}, {})
    assert opts["max_decoding_length"] == 140 and opts["min_decoding_length"] == 55 and opts["beam_size"] == 4
    assert opts["max_input_length"] == 0


def _spy_hf(translator) -> list[tuple[int, ...]]:
    """Record each generated sequence (after the decoder start token, up to EOS)."""
    seen: list[tuple[int, ...]] = []
    real = translator.model.generate
    eos, pad = translator.tokenizer.eos_token_id, translator.tokenizer.pad_token_id

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        for row in out.tolist():
            ids = row[1:]
            if eos in ids:
                ids = ids[: ids.index(eos)]
            seen.append(tuple(i for i in ids if i != pad))
        return out

    translator.model.generate = spy
    return seen


def _spy_ct2(translator) -> list[tuple[int, ...]]:
    """Record each CTranslate2 hypothesis as token ids (the prefix included)."""
    seen: list[tuple[int, ...]] = []
    real, tok = translator.model, translator.tokenizer

    class Spy:
        def translate_batch(self, *args, **kwargs):
            results = real.translate_batch(*args, **kwargs)
            seen.extend(tuple(tok.convert_tokens_to_ids(r.hypotheses[0])) for r in results)
            return results

    translator.model = Spy()
    return seen


def _stale_setup(tmp_path, tiny_models, *, backend=None):
    """A copy of the tiny NLLB folder as the translator, converted to int8, then its weights
    overwritten at the same path with other random ones (a retrained model saved over the old)."""
    import shutil

    import torch
    from safetensors.torch import load_file, save_file

    source = tmp_path / "nllbcopy"
    shutil.copytree(tiny_models["nllb"], source)
    path = write_models_yaml(tmp_path / "m.yaml", nllb=str(source), bart=str(tiny_models["bart"]))
    if backend:
        path.write_text(path.read_text().replace("    kind: nllb", f"    kind: nllb\n    backend: {backend}"))
    runner = CliRunner()
    done = runner.invoke(main, ["models", "convert", "tiny-nllb", "--models", str(path)])
    assert done.exit_code == 0, done.output
    weights = load_file(source / "model.safetensors")
    torch.manual_seed(7)
    save_file({k: torch.randn_like(v) if v.is_floating_point() else v for k, v in weights.items()},
              source / "model.safetensors", metadata={"format": "pt"})
    return path, runner


def _warnings(stderr: str) -> list[str]:
    """The warning lines of ``stderr`` but the one of the tiny models.yaml's ``dtype: float32``,
    which a model on CTranslate2 does not read (tested in test_engine_choice.py)."""
    return [line for line in stderr.splitlines() if "warning:" in line and "applies to transformers only" not in line]


def _run_ur(runner, path, out):
    return runner.invoke(main, ["run", str(SEED), "--models", str(path), "-o", str(out), "--offline", "-t", "ur"])


def test_a_stale_copy_is_passed_over_by_auto_with_one_warning(tiny_models, tmp_path):
    path, runner = _stale_setup(tmp_path, tiny_models)
    result = _run_ur(runner, path, tmp_path / "out")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "afghan-truce" / "brief.json").read_text(encoding="utf-8"))
    assert data["models"]["translators"]["ur"]["backend"] == "transformers"
    stale = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert len(stale) == 1, result.stderr
    assert "model.safetensors changed" in stale[0] and f"run `summarize models convert tiny-nllb --models {path}` again" in stale[0]
    listed = runner.invoke(main, ["models", "list", "--models", str(path)])
    assert listed.exit_code == 0, listed.output
    table, conversions = listed.stdout.split("\n\n# CTranslate2")
    row = next(line for line in table.splitlines() if line.startswith("tiny-nllb "))
    assert row.split()[7] == "transformers" and "auto: the int8 copy is stale: model.safetensors changed" in row
    copy = next(line for line in conversions.splitlines() if line.startswith("tiny-nllb "))
    assert copy.split()[2] == "-"  # IN USE
    # converting again makes it current: auto runs it, with no warning
    assert runner.invoke(main, ["models", "convert", "tiny-nllb", "--models", str(path)]).exit_code == 0
    again = _run_ur(runner, path, tmp_path / "out2")
    assert again.exit_code == 0 and not _warnings(again.stderr), again.output
    data = json.loads((tmp_path / "out2" / "afghan-truce" / "brief.json").read_text(encoding="utf-8"))
    assert data["models"]["translators"]["ur"]["backend"] == "ctranslate2"


def test_a_stale_copy_pinned_by_backend_ctranslate2_is_an_error_saying_what_to_run(tiny_models, tmp_path):
    path, runner = _stale_setup(tmp_path, tiny_models, backend="ctranslate2")
    result = _run_ur(runner, path, tmp_path / "out")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "stale copy: model.safetensors changed" in lines[0], result.stderr
    assert f"run `summarize models convert tiny-nllb --quantization int8 --models {path}` again" in lines[0]
    listed = runner.invoke(main, ["models", "list", "--models", str(path)])
    assert "pinned: backend: ctranslate2 (stale int8 copy in" in listed.stdout


def test_a_copy_without_a_source_record_is_used_as_before(tiny_models, tmp_path):
    path, runner = _stale_setup(tmp_path, tiny_models)
    meta_file = converted_dir("tiny-nllb", "int8") / "summarize-ct2.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta.pop("source_files")  # what a copy made before the record existed lacks
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    result = _run_ur(runner, path, tmp_path / "out")
    assert result.exit_code == 0 and not _warnings(result.stderr), result.output
    data = json.loads((tmp_path / "out" / "afghan-truce" / "brief.json").read_text(encoding="utf-8"))
    assert data["models"]["translators"]["ur"]["backend"] == "ctranslate2"


def test_a_touched_config_with_the_same_content_is_no_change(tiny_models, tmp_path):
    import os
    import shutil

    from summarize.engines.ct2.convert import find_conversion, source_change

    source = tmp_path / "nllbcopy"
    shutil.copytree(tiny_models["nllb"], source)
    path = write_models_yaml(tmp_path / "m.yaml", nllb=str(source), bart=str(tiny_models["bart"]))
    spec = load_config(path).model("tiny-nllb")
    convert(spec)
    found = find_conversion("tiny-nllb", "int8")
    assert set(found.meta["source_files"]) >= {"model.safetensors", "config.json", "tokenizer.json"}
    config = source / "config.json"
    os.utime(config, ns=(config.stat().st_atime_ns, config.stat().st_mtime_ns + 10**9))
    assert source_change(spec, found) is None
    config.write_text(config.read_text(encoding="utf-8").replace("{", '{"extra_field": 1,', 1), encoding="utf-8")
    assert source_change(spec, found) == f"config.json changed in {source} since it was converted"
    (source / "model-00002.safetensors").write_bytes(b"x")
    assert "model-00002.safetensors is new" in source_change(spec, found)


def test_a_compute_type_the_cpu_lacks_falls_back_with_one_warning_naming_the_key(tiny_models, tmp_path):
    """`compute_type: int8_float16` (docs/speed.md's GPU advice) on a CPU: the brief is made on a
    type the CPU runs, with one warning naming the models.yaml key; `models list` says so."""
    import ctranslate2

    if "int8_float16" in ctranslate2.get_supported_compute_types("cpu"):
        pytest.skip("this CPU build of CTranslate2 runs int8_float16")
    path = _yaml(tmp_path, tiny_models, "m.yaml")
    path.write_text(path.read_text().replace("    kind: nllb", "    kind: nllb\n    compute_type: int8_float16"))
    runner = CliRunner()
    assert runner.invoke(main, ["models", "convert", "tiny-nllb", "--models", str(path)]).exit_code == 0
    result = _run_ur(runner, path, tmp_path / "out")
    assert result.exit_code == 0, result.output
    warned = _warnings(result.stderr)
    assert len(warned) == 1, result.stderr
    assert f"{path}: models.tiny-nllb.compute_type: int8_float16 cannot run on this CPU" in warned[0]
    data = json.loads((tmp_path / "out" / "afghan-truce" / "brief.json").read_text(encoding="utf-8"))
    info = data["models"]["translators"]["ur"]
    assert info["backend"] == "ctranslate2" and info["dtype"] in ctranslate2.get_supported_compute_types("cpu")
    listed = runner.invoke(main, ["models", "list", "--models", str(path)])
    row = next(line for line in listed.stdout.splitlines() if line.startswith("tiny-nllb "))
    assert f"compute_type int8_float16 runs as {info['dtype']} on this CPU" in row, listed.stdout


def test_convert_to_another_quantization_says_the_models_yaml_edit_that_uses_it(tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models, "m.yaml")  # no quantization: int8
    runner = CliRunner()
    result = runner.invoke(main, ["models", "convert", "tiny-nllb", "--models", str(path), "--quantization", "float32"])
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert f"set `quantization: float32` under models.tiny-nllb in {path} to run on it" in line, line
    assert "models convert tiny-nllb`" not in line  # converting again (int8) is not the fix
    assert "no edit needed" not in runner.invoke(main, ["models", "convert", "--help"]).stdout
    path.write_text(path.read_text().replace("    kind: nllb", "    kind: nllb\n    quantization: float32"))
    listed = runner.invoke(main, ["models", "list", "--models", str(path)])
    row = next(line for line in listed.stdout.splitlines() if line.startswith("tiny-nllb "))
    assert row.split()[7] == "ctranslate2-float32", listed.stdout
