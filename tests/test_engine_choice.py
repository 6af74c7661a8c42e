"""Fast by default: `backend: auto` picks CTranslate2 when a converted copy exists and ctranslate2
imports, else transformers; `models list` says which and why; `models pull` converts what it
pulls (`--no-convert` skips); a download on first use shows its progress (a fake hub, no network)."""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.config import command_line, load_config, packaged_default_path
from summarize.engines.choice import choose_backend
from summarize.engines.ct2.convert import META_FILE, converted_dir
from summarize.engines.registry import dtype_unused
from tests.conftest import SEED, install_in_hub_cache
from tests.tiny_models import write_models_yaml

needs_ct2 = pytest.mark.skipif(
    __import__("importlib").util.find_spec("ctranslate2") is None,
    reason="ctranslate2 (the `fast` extra) is not installed: pip install 'summarize[fast]'",
)


def _yaml(tmp_path: Path, tiny_models, *, nllb=None, backend: str | None = None) -> Path:
    path = write_models_yaml(tmp_path / "m.yaml", nllb=nllb or str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))
    if backend:
        path.write_text(path.read_text().replace("    kind: nllb", f"    kind: nllb\n    backend: {backend}"))
    return path


def _fake_conversion(name: str, model: str, quantization: str = "int8") -> Path:
    """A folder that looks converted (what find_conversion reads), for tests without ctranslate2."""
    folder = converted_dir(name, quantization)
    folder.mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"\0")
    (folder / META_FILE).write_text(json.dumps({"name": name, "model": model, "quantization": quantization}))
    return folder


def _list_rows(output: str) -> dict[str, list[str]]:
    table = output.split("\n\n# CTranslate2")[0].splitlines()[2:]
    return {line.split()[0]: line.split(None, 8) for line in table}


def test_packaged_models_yaml_defaults_to_auto():
    cfg = load_config(packaged_default_path())
    assert cfg.model("nllb-200").backend == "auto" and cfg.model("distilbart-cnn").backend == "auto"
    assert "backend: auto" in packaged_default_path().read_text()


def test_auto_is_transformers_until_a_converted_copy_exists(tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models)
    spec = load_config(path).model("tiny-nllb")
    assert spec.backend == "auto"
    choice = choose_backend(spec)
    if choice.reason.startswith("auto: ctranslate2 not installed"):
        pytest.skip("ctranslate2 is not installed")
    assert choice.backend == "transformers" and f"run `summarize models convert tiny-nllb --models {path}`" in choice.reason
    _fake_conversion("tiny-nllb", spec.model)
    choice = choose_backend(spec)
    assert (choice.backend, choice.quantization) == ("ctranslate2", "int8")
    assert choice.reason == f"auto: converted int8 copy in {converted_dir('tiny-nllb', 'int8')}"


def test_auto_without_ctranslate2_is_transformers_even_when_converted(tiny_models, tmp_path, monkeypatch):
    spec = load_config(_yaml(tmp_path, tiny_models)).model("tiny-nllb")
    _fake_conversion("tiny-nllb", spec.model)
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import ctranslate2 -> ImportError
    choice = choose_backend(spec)
    assert choice.backend == "transformers"
    assert choice.reason == "auto: ctranslate2 not installed (pip install 'summarize[fast]')"


def test_pinned_transformers_ignores_a_converted_copy(tiny_models, tmp_path):
    spec = load_config(_yaml(tmp_path, tiny_models, backend="transformers")).model("tiny-nllb")
    _fake_conversion("tiny-nllb", spec.model)
    assert choose_backend(spec).backend == "transformers"
    assert choose_backend(spec).reason == "pinned: backend: transformers"


@needs_ct2
def test_a_copy_converted_from_another_model_is_not_used(tiny_models, tmp_path):
    spec = load_config(_yaml(tmp_path, tiny_models)).model("tiny-nllb")
    _fake_conversion("tiny-nllb", "/somewhere/else")
    choice = choose_backend(spec)
    assert choice.backend == "transformers" and "copy is of /somewhere/else" in choice.reason


@needs_ct2
def test_a_missing_folder_is_what_models_list_leads_with(tiny_models, tmp_path):
    """Not "the int8 copy is of X, not ./nosuch": the folder models.yaml names is not there."""
    path = _yaml(tmp_path, tiny_models, nllb="./nosuch")
    _fake_conversion("tiny-nllb", str(tiny_models["nllb"]))  # a copy of the folder named before
    result = CliRunner().invoke(main, ["models", "list", "--models", str(path)])
    assert result.exit_code == 0, result.output
    row = _list_rows(result.stdout)["tiny-nllb"]  # SIZE is "-": one column fewer than "652.2 KB"
    assert row[4:7] == ["no", "-", "transformers"], row
    assert " ".join(row[7:]) == f"auto: {tmp_path / 'nosuch'}: folder not found: fix models.tiny-nllb.model in models.yaml"


def test_pinned_ctranslate2_without_a_copy_is_not_available(tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models, backend="ctranslate2")
    result = CliRunner().invoke(main, ["models", "list", "--models", str(path)])
    assert result.exit_code == 0, result.output
    rows = _list_rows(result.stdout)
    assert rows["tiny-nllb"][4] == "no" and "no int8 copy yet" in rows["tiny-nllb"][8]  # the run would fail
    assert rows["tiny-bart"][4] == "yes"  # auto: runs on transformers
    _fake_conversion("tiny-nllb", str(tiny_models["nllb"]))
    rows = _list_rows(CliRunner().invoke(main, ["models", "list", "--models", str(path)]).stdout)
    expected = "yes" if __import__("importlib").util.find_spec("ctranslate2") else "no"
    assert rows["tiny-nllb"][4] == expected


@needs_ct2
def test_converted_model_runs_on_ctranslate2_without_any_edit(tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models)
    runner = CliRunner()
    before = runner.invoke(main, ["models", "list", "--models", str(path)])
    assert before.exit_code == 0, before.output
    rows = _list_rows(before.stdout)
    assert rows["tiny-nllb"][7] == "transformers" and rows["tiny-nllb"][8].startswith("auto: no converted int8 copy")
    assert rows["extractive"][7] == "built-in"

    converted = runner.invoke(main, ["models", "convert", "tiny-nllb", "--models", str(path)])
    assert converted.exit_code == 0, converted.output
    assert "runs on ctranslate2 (auto: converted int8 copy" in converted.stdout

    after = runner.invoke(main, ["models", "list", "--models", str(path)])
    rows = _list_rows(after.stdout)
    assert rows["tiny-nllb"][7] == "ctranslate2-int8"
    assert rows["tiny-nllb"][8] == f"auto: converted int8 copy in {converted_dir('tiny-nllb', 'int8')}"
    assert rows["tiny-bart"][7] == "transformers"
    assert rows["tiny-bart"][8] == (f"auto: no converted int8 copy (run `summarize models convert tiny-bart --models {path}`; "
                                    f"it goes in {converted_dir('tiny-bart', 'int8')})")
    in_use = [line.split() for line in after.stdout.split("# CTranslate2 conversions")[1].splitlines()[2:]]
    assert [r[:3] for r in in_use] == [["tiny-nllb", "int8", "yes"]]

    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(SEED), "--models", str(path), "-o", str(out), "--offline", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "afghan-truce" / "brief.json").read_text(encoding="utf-8"))
    assert {t["backend"] for t in data["models"]["translators"].values()} == {"ctranslate2"}
    assert data["models"]["translators"]["ur"]["quantization"] == "int8"
    assert data["models"]["summarizer"]["backend"] == "transformers"  # not converted: the engine actually used


@needs_ct2
def test_batch_redoes_briefs_when_the_engine_changes(tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models)
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "a.txt")
    runner = CliRunner()
    args = ["batch", str(src), "-o", str(tmp_path / "out"), "--models", str(path), "--offline", "-f", "json", "-q"]
    assert runner.invoke(main, args).exit_code == 0
    assert runner.invoke(main, ["models", "convert", "tiny-nllb", "--models", str(path)]).exit_code == 0
    assert runner.invoke(main, args).exit_code == 0
    lines = [json.loads(x) for x in (tmp_path / "out" / "manifest.jsonl").read_text().splitlines()]
    assert [x["status"] for x in lines] == ["done", "done"]  # not "skipped": the translator now runs on CTranslate2
    data = json.loads((tmp_path / "out" / "a" / "brief.json").read_text(encoding="utf-8"))
    assert data["models"]["translators"]["ur"]["backend"] == "ctranslate2"


# -- the commands printed for a missing or stale copy name the models.yaml in use ---------------
# (a fresh user's report: `run \`summarize models convert mybart --quantization int8\`` read the
# default models.yaml when run as shown, and failed with "no model named 'mybart'")


def test_a_printed_command_names_models_only_where_it_is_not_the_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SUMMARIZE_MODELS", raising=False)
    mine = tmp_path / "my conf" / "m.yaml"
    mine.parent.mkdir()
    mine.write_text("models: {}\n")
    assert command_line(["models", "convert", "x"], str(mine)) == f"summarize models convert x --models '{mine}'"
    assert command_line(["models", "convert", "x"], str(packaged_default_path())) == "summarize models convert x"
    assert command_line(["models", "convert", "x"], None) == "summarize models convert x"
    monkeypatch.setenv("SUMMARIZE_MODELS", str(mine))  # the command, run here, reads it too
    assert command_line(["models", "pull", "x"], str(mine)) == "summarize models pull x"
    monkeypatch.delenv("SUMMARIZE_MODELS")
    (tmp_path / "models.yaml").write_text("models: {}\n")  # ./models.yaml is what a bare command reads
    assert command_line(["models", "pull", "x"], "models.yaml") == "summarize models pull x"
    assert command_line(["models", "pull", "x"], str(tmp_path / "models.yaml")) == "summarize models pull x"
    assert command_line(["models", "pull", "x"], str(packaged_default_path())) == \
        f"summarize models pull x --models {packaged_default_path()}"


def _backticked(line: str, start: str) -> list[str]:
    """The command between backticks in ``line`` that starts with ``start``, split as a shell would."""
    command = next(part for part in line.split("`")[1::2] if part.startswith(start))
    return shlex.split(command)


@needs_ct2
def test_the_printed_convert_command_runs_as_shown(tiny_models, tmp_path):
    conf = tmp_path / "my conf"  # a space: the path is quoted for a shell
    conf.mkdir()
    path = _yaml(conf, tiny_models, backend="ctranslate2")
    runner = CliRunner()
    failed = runner.invoke(main, ["run", str(SEED), "--models", str(path), "--offline", "-o", str(tmp_path / "o")])
    assert failed.exit_code == 1
    [line] = failed.stderr.strip().splitlines()
    words = _backticked(line, "summarize models convert tiny-nllb")
    assert words == ["summarize", "models", "convert", "tiny-nllb", "--quantization", "int8", "--models", str(path)]
    listed = runner.invoke(main, ["models", "list", "--models", str(path)])
    assert _backticked(_list_rows(listed.stdout)["tiny-nllb"][8], "summarize models convert") == \
        ["summarize", "models", "convert", "tiny-nllb", "--models", str(path)]  # int8: the default
    conversions = listed.stdout.split("# CTranslate2 conversions")[1]
    assert _backticked(conversions, "summarize models convert") == words
    converted = runner.invoke(main, words[1:])  # as shown
    assert converted.exit_code == 0, converted.output
    again = runner.invoke(main, ["run", str(SEED), "--models", str(path), "--offline", "-o", str(tmp_path / "o")])
    assert again.exit_code == 0, again.output


def test_the_pull_command_of_a_model_not_here_names_models(tiny_models, tmp_path):
    path = write_models_yaml(tmp_path / "m.yaml", nllb="testorg/absent-nllb", bart=str(tiny_models["bart"]))
    spec = load_config(path).model("tiny-nllb")
    choice = choose_backend(spec)
    if choice.reason.startswith("auto: ctranslate2 not installed"):
        pytest.skip("ctranslate2 is not installed")
    assert f"run `summarize models pull tiny-nllb --models {path}`, which downloads" in choice.reason
    assert "models.yaml" not in json.dumps(spec.settings(), default=str)  # not a setting: brief.json leaves it out


# -- --dtype with a model that runs on CTranslate2 ----------------------------------------------


@needs_ct2
@pytest.mark.parametrize("how", ["option", "variable", "file"])
def test_a_dtype_that_ctranslate2_does_not_read_is_warned_of_once_per_model(tiny_models, tmp_path, monkeypatch, how):
    """A fresh user's report: `--dtype bfloat16` on a converted model ran int8 without a word."""
    path = _yaml(tmp_path, tiny_models)
    assert CliRunner().invoke(main, ["models", "convert", "tiny-nllb", "--models", str(path)]).exit_code == 0
    args = ["run", str(SEED), "--models", str(path), "--offline", "-o", str(tmp_path / "o"), "-f", "json", "-t", "ur,ps"]
    named = "--dtype bfloat16"
    if how == "option":
        args += ["--dtype", "bfloat16"]
    elif how == "variable":
        monkeypatch.setenv("SUMMARIZE_DTYPE", "bfloat16")
        named = "$SUMMARIZE_DTYPE=bfloat16"
    else:
        path.write_text(path.read_text().replace("dtype: float32", "dtype: bfloat16"))
        named = f"{path}: dtype: bfloat16"
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "o" / "afghan-truce" / "brief.json").read_text(encoding="utf-8"))
    ran = data["models"]["translators"]["ur"]["dtype"]
    assert data["models"]["translators"]["ur"]["backend"] == "ctranslate2"
    warned = [line for line in result.stderr.splitlines() if "applies to transformers only" in line]
    assert warned == [f"summarize: warning: tiny-nllb: {named} applies to transformers only; the model runs on "
                      f"CTranslate2 int8 (its compute_type decides: {ran}); set backend: transformers to use it"]
    # the summariser runs on transformers: it takes the dtype, and is not warned of
    assert data["models"]["summarizer"]["backend"] == "transformers" and data["models"]["summarizer"]["dtype"] == "bfloat16"


def test_a_dtype_that_is_what_ctranslate2_runs_is_not_warned_of(tiny_models, tmp_path):
    cfg = load_config(_yaml(tmp_path, tiny_models))  # dtype: float32
    spec = replace(cfg.model("tiny-nllb"), quantization="float32")
    assert dtype_unused(spec, cfg, "float32") is None  # a float32 copy run in float32: nothing ignored
    assert dtype_unused(spec, cfg, "int8_float32").startswith(f"tiny-nllb: {cfg.path}: dtype: float32 applies to")
    assert dtype_unused(spec, cfg.with_overrides({"dtype": "--dtype"}, dtype="auto"), "int8_float32") is None


@needs_ct2
def test_dtype_auto_on_ctranslate2_is_not_warned_of(tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models)
    assert CliRunner().invoke(main, ["models", "convert", "tiny-nllb", "--models", str(path)]).exit_code == 0
    result = CliRunner().invoke(main, ["run", str(SEED), "--models", str(path), "--offline", "-o", str(tmp_path / "o"),
                                       "-t", "ur", "--dtype", "auto"])
    assert result.exit_code == 0 and "applies to transformers only" not in result.stderr, result.output

# -- models pull: a fake hub ---------------------------------------------------------------------


@pytest.fixture
def fake_hub(monkeypatch, tiny_models, tmp_path):
    """A hub that 'serves' the tiny models as testorg/tiny-nllb and testorg/tiny-bart: the
    reachability check passes, list_repo_files lists the folder, snapshot_download copies it into
    the hub cache with huggingface_hub's own progress bar (as the real one draws). No network."""
    import huggingface_hub
    from huggingface_hub.utils import tqdm as hf_tqdm

    from summarize.engines import hub

    repos = {"testorg/tiny-nllb": tiny_models["nllb"], "testorg/tiny-bart": tiny_models["bart"]}
    cache = tmp_path / "hf-home" / "hub"
    installed: dict[str, Path] = {}
    downloads: list[str] = []

    def list_repo_files(self, repo_id, revision=None, **kwargs):
        return sorted(p.name for p in repos[repo_id].iterdir())

    def snapshot_download(repo_id, revision=None, cache_dir=None, local_files_only=False, allow_patterns=None, **kwargs):
        if repo_id in installed:
            return str(installed[repo_id])
        if local_files_only or repo_id not in repos:
            raise FileNotFoundError(f"{repo_id} is not cached")
        downloads.append(repo_id)
        files = sorted(repos[repo_id].iterdir())
        for _ in hf_tqdm(files, desc=f"Fetching {len(files)} files"):
            pass
        installed[repo_id] = install_in_hub_cache(repos[repo_id], repo_id, cache)
        return str(installed[repo_id])

    monkeypatch.setattr(hub, "hub_unreachable", lambda timeout=5.0: None)
    monkeypatch.setattr(huggingface_hub.HfApi, "list_repo_files", list_repo_files)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", snapshot_download)
    return downloads


@needs_ct2
def test_models_pull_converts_what_it_pulls(fake_hub, tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models, nllb="testorg/tiny-nllb")
    result = CliRunner().invoke(main, ["models", "pull", "tiny-nllb", "--models", str(path)])
    assert result.exit_code == 0, result.output
    assert fake_hub == ["testorg/tiny-nllb"]
    assert (converted_dir("tiny-nllb", "int8") / "model.bin").is_file()
    assert "runs on ctranslate2 (auto: converted int8 copy" in result.stdout
    assert choose_backend(load_config(path).model("tiny-nllb")).backend == "ctranslate2"


def test_models_pull_no_convert_skips_the_conversion(fake_hub, tiny_models, tmp_path):
    path = _yaml(tmp_path, tiny_models, nllb="testorg/tiny-nllb")
    result = CliRunner().invoke(main, ["models", "pull", "tiny-nllb", "--no-convert", "--models", str(path)])
    assert result.exit_code == 0, result.output
    assert fake_hub == ["testorg/tiny-nllb"]
    assert not converted_dir("tiny-nllb", "int8").exists()
    assert choose_backend(load_config(path).model("tiny-nllb")).backend == "transformers"


def test_models_pull_without_ctranslate2_says_nothing_was_converted(fake_hub, tiny_models, tmp_path, monkeypatch):
    path = _yaml(tmp_path, tiny_models, nllb="testorg/tiny-nllb")
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    result = CliRunner().invoke(main, ["models", "pull", "tiny-nllb", "--models", str(path)])
    assert result.exit_code == 0, result.output
    assert not converted_dir("tiny-nllb", "int8").exists()
    assert "ctranslate2 is not installed, so nothing was converted" in result.stderr


@pytest.mark.parametrize("quiet", [False, True])
def test_download_on_first_use_shows_progress_unless_quiet(fake_hub, tiny_models, tmp_path, quiet):
    path = _yaml(tmp_path, tiny_models, nllb="testorg/tiny-nllb", backend="transformers")
    args = ["run", str(SEED), "--models", str(path), "-o", str(tmp_path / "out"), "-f", "json"] + (["-q"] if quiet else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert fake_hub == ["testorg/tiny-nllb"]  # fetched on first use
    announce = "tiny-nllb: testorg/tiny-nllb is not in the hub cache"
    if quiet:
        assert announce not in result.stderr and "Fetching" not in result.stderr
    else:
        assert announce in result.stderr
        assert "Fetching 8 files: 100%" in result.stderr or "Fetching" in result.stderr and "100%" in result.stderr
    assert "Fetching" not in result.stdout


@needs_ct2
def test_a_copy_of_another_model_of_the_same_name_is_warned_of_when_it_is_passed_over(tiny_models, tmp_path):
    """Copies are kept by model name, so converting `tiny-nllb` for another models.yaml made this
    one's run fall back to transformers without a word (only `models list` said why; a stale copy
    was warned of): a fresh user's report."""
    spec = load_config(_yaml(tmp_path, tiny_models)).model("tiny-nllb")
    folder = _fake_conversion("tiny-nllb", "/somewhere/else")
    choice = choose_backend(spec)
    assert choice.warning is not None
    assert choice.warning.startswith(f"tiny-nllb: the CTranslate2 int8 copy in {folder} is of /somewhere/else, not "
                                     f"{spec.model}; running on transformers; run `summarize models convert tiny-nllb")
    assert choice.warning.endswith("to convert this one (copies are kept by model name)")


def test_models_list_says_ahead_that_the_device_is_not_here(tiny_models, tmp_path):
    """`models list` showed every model runnable with `device: cuda` on a machine without a GPU,
    and `run` then refused it (a fresh user's report); the list now says so, in the run's words."""
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA device")
    path = _yaml(tmp_path, tiny_models)
    path.write_text(path.read_text().replace("device: cpu", "device: cuda"))
    assert "device: cuda" in path.read_text()
    result = CliRunner().invoke(main, ["models", "list", "--models", str(path)])
    assert result.exit_code == 0, result.output
    assert (f"# note: {path}: device: 'cuda' is not available: torch {torch.__version__} sees no CUDA device; use "
            "--device cpu or auto; `summarize run` and `batch` stop on it before any work") in result.stdout
    (tmp_path / "cpu").mkdir()
    plain = CliRunner().invoke(main, ["models", "list", "--models", str(_yaml(tmp_path / "cpu", tiny_models))])
    assert "# note:" not in plain.stdout
