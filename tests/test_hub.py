"""Finding model files offline: local folders, the hub cache, and the one-line error."""

from __future__ import annotations

import json
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


EVERY_MODEL_MISSING = ("summarize: error: 2 models are not available: 'distilbart-cnn' (sshleifer/distilbart-cnn-12-6) "
                       "and 'nllb-200' (facebook/nllb-200-distilled-600M): looked in the hub cache {looked_in}; "
                       "run `summarize models pull distilbart-cnn nllb-200` on a connected machine and copy the hub cache "
                       "over, or set local folders in models.yaml; or make the English brief with no model at all: "
                       "--summarizer extractive --no-translate")


def test_run_without_any_model_names_every_missing_model_in_one_line(tmp_path, monkeypatch):
    """A fresh user's report: the README's first command on a machine without weights said the
    summariser was missing; pulled, the rerun said the translator was: one model per rerun. Now
    one line names both and the one command that fixes both, before the article is read."""
    monkeypatch.chdir(tmp_path)
    hub = tmp_path / "hf-home" / "hub"
    for offline, looked_in in ((["--offline"], f"{hub} (offline)"), ([], f"{hub}; the hub is unreachable (")):
        result = CliRunner().invoke(main, ["run", str(SEED), *offline])
        assert result.exit_code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        if offline:
            assert lines[0] == EVERY_MODEL_MISSING.format(looked_in=looked_in)
        else:  # no network: the same, with the reason the download cannot be made
            head, tail = EVERY_MODEL_MISSING.split("{looked_in}")
            assert lines[0].startswith(head + looked_in) and lines[0].endswith(tail)
        assert "Traceback" not in result.output
        assert not os.path.exists("briefs/afghan-truce")


def test_a_missing_file_is_told_before_the_missing_models(tmp_path, monkeypatch):
    # a fresh user's report: `summarize run nope.txt` on a machine without weights said 2 models
    # were missing (and tried the network), sending them off to download gigabytes for a typo
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "nope.txt", "--offline"])
    assert result.exit_code == 1
    assert result.stderr == "summarize: error: nope.txt: no such file\n"
    assert not os.path.exists("briefs")  # nothing to write, no folder made
    (tmp_path / "inbox").mkdir()
    result = CliRunner().invoke(main, ["run", "inbox", "--offline"])
    assert result.exit_code == 1 and "run `summarize batch inbox`" in result.stderr and "models" not in result.stderr
    # a file that is there still meets the models check, after the missing one is told
    result = CliRunner().invoke(main, ["run", "nope.txt", str(SEED), "--offline"])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and lines[0] == "summarize: error: nope.txt: no such file"
    assert "models are not available" in lines[1] and len(lines) == 2


def test_a_run_with_missing_models_leaves_no_new_empty_output_folder(tmp_path, monkeypatch):
    # last session's report: `run ARTICLE -o out` with no models left an empty out/ behind
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", str(SEED), "--offline", "-o", "out/a/b"])
    assert result.exit_code == 1 and "models are not available" in result.stderr
    assert not os.path.exists("out")  # every folder the run made, and only those, removed
    (tmp_path / "mine").mkdir()
    result = CliRunner().invoke(main, ["run", str(SEED), "--offline", "-o", "mine/new"])
    assert result.exit_code == 1 and os.path.isdir("mine") and not os.path.exists("mine/new")


def test_a_file_no_model_could_brief_is_told_before_the_missing_models(tmp_path, monkeypatch):
    # last session's report: a binary file on a machine without weights got the models line, so
    # the user would pull gigabytes to learn that the file is no article
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nul.txt").write_bytes(b"abc\0def\0 these are words of a sort")
    result = CliRunner().invoke(main, ["run", "nul.txt", "--offline"])
    assert result.exit_code == 1
    assert result.stderr == ("summarize: error: nul.txt: looks like a binary file (it contains NUL bytes), "
                             "not text; save the article's text as .txt, .md or .html\n")
    assert not os.path.exists("briefs")
    # with a good article beside it, both problems are told, the file's first
    result = CliRunner().invoke(main, ["run", "nul.txt", str(SEED), "--offline"])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 2
    assert lines[0].startswith("summarize: error: nul.txt: looks like a binary file") and "models are not available" in lines[1]


def test_batch_names_every_missing_model_before_any_article(tmp_path):
    result = CliRunner().invoke(main, ["batch", str(SEED), "--offline", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    line = EVERY_MODEL_MISSING.format(looked_in=f"{tmp_path / 'hf-home' / 'hub'} (offline)")
    assert result.stderr.strip().splitlines()[-1] == line
    [record] = [json.loads(x) for x in (tmp_path / "out" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["status"] == "failed" and record["reason"] == line.removeprefix("summarize: error: ")


def test_the_library_names_every_missing_model_when_the_first_is_wanted(tmp_path):
    # make_brief does no check first: the summariser, wanted first, is reported with the translator
    import summarize
    from summarize.errors import ModelsNotAvailableError

    with pytest.raises(ModelsNotAvailableError) as err:
        summarize.make_brief(SEED, offline=True)
    assert [e.name for e in err.value.missing] == ["distilbart-cnn", "nllb-200"]
    assert "summarize models pull distilbart-cnn nllb-200" in str(err.value) and "\n" not in str(err.value)


def test_each_missing_model_gets_its_own_fix(tmp_path):
    path = write_models_yaml(tmp_path / "m.yaml", nllb=str(tmp_path / "no-such-folder"), bart="testorg/absent-bart")
    result = CliRunner().invoke(main, ["run", str(SEED), "--models", str(path), "--offline", "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("summarize: error: 2 models are not available: 'tiny-bart' (testorg/absent-bart): looked in the hub cache ")
    assert f"'tiny-nllb' ({tmp_path / 'no-such-folder'}): looked in {tmp_path / 'no-such-folder'} (folder not found)" in line
    assert f"run `summarize models pull tiny-bart --models {path}` on a connected machine" in line
    assert "point models.tiny-nllb.model in models.yaml at a folder saved with save_pretrained" in line


def test_a_short_article_needs_no_summariser_and_is_not_refused(tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("Floods cut off three districts on Monday, officials said.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(short), "--offline", "--no-translate", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output  # the packaged summariser is missing, and not wanted


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


def test_a_missing_translator_is_reported_before_the_article_is_summarised(tmp_path, monkeypatch):
    from summarize import pipeline
    from summarize.engines.summarizers.extractive import ExtractiveSummarizer

    monkeypatch.setattr(ExtractiveSummarizer, "summarize", lambda *a: pytest.fail("summarised before the check"))
    for command in ("run", "batch"):
        if command == "batch":  # run reads its files on this path (no model needed) to tell their problems too
            monkeypatch.setattr(pipeline, "read_article", lambda *a, **k: pytest.fail("read before the check"))
        result = CliRunner().invoke(main, [command, str(SEED), "-s", "extractive", "--offline", "-o", str(tmp_path / command)])
        assert result.exit_code == 1, result.output
        assert "model 'nllb-200' (facebook/nllb-200-distilled-600M) is not available" in result.stderr.strip().splitlines()[-1]


# -- models pull names every model it cannot get, in one line, as run does ------------------------


def test_models_pull_without_network_names_every_model_it_cannot_get(tmp_path, monkeypatch):
    """A fresh user's report: offline, `summarize models pull` (no names, as the README shows it)
    said only that distilbart-cnn could not be had, not nllb-200 too."""
    monkeypatch.chdir(tmp_path)
    both = "'distilbart-cnn' (sshleifer/distilbart-cnn-12-6) and 'nllb-200' (facebook/nllb-200-distilled-600M)"
    result = CliRunner().invoke(main, ["models", "pull"])  # the tests' network guard: the hub is unreachable
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"summarize: error: 2 models are not available: {both}: looked in the hub cache "
                           f"{tmp_path / 'hf-home' / 'hub'}; the hub is unreachable (")
    assert line.endswith("); this machine cannot download them: run the same command on a connected machine and copy the "
                         "hub cache over, or set a local folder in models.yaml")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # what --offline says, the same way (README step 3: equivalent)
    result = CliRunner().invoke(main, ["models", "pull"])
    assert result.exit_code == 2 and result.stderr.strip().splitlines() == [
        f"summarize: error: $HF_HUB_OFFLINE: `models pull` downloads, and {both} are not in the hub cache "
        f"{tmp_path / 'hf-home' / 'hub'}; run it with HF_HUB_OFFLINE unset on a connected machine"]
    monkeypatch.delenv("HF_HUB_OFFLINE")
    result = CliRunner().invoke(main, ["models", "pull", "--offline"])
    assert result.exit_code == 2 and result.stderr.strip().splitlines() == [
        f"summarize: error: --offline: `models pull` downloads, and {both} are not in the hub cache "
        f"{tmp_path / 'hf-home' / 'hub'}; run it without --offline on a connected machine"]


def test_models_pull_offline_takes_what_the_hub_cache_holds(tiny_models, tmp_path, monkeypatch):
    snap = install_in_hub_cache(tiny_models["nllb"], "testorg/tiny-nllb", tmp_path / "hf-home" / "hub")
    path = write_models_yaml(tmp_path / "m.yaml", nllb="testorg/tiny-nllb", bart="testorg/not-here")
    result = CliRunner().invoke(main, ["models", "pull", "--models", str(path), "--offline", "--no-convert"])
    assert result.exit_code == 2 and "'tiny-bart' (testorg/not-here) is not in the hub cache" in result.stderr
    assert "tiny-nllb" not in result.stderr and not result.stdout  # nothing done before the one line
    result = CliRunner().invoke(main, ["models", "pull", "tiny-nllb", "--models", str(path), "--offline", "--no-convert"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"tiny-nllb: {snap}"


def test_models_pull_online_goes_on_past_a_model_it_cannot_get_and_names_them_all(tmp_path, monkeypatch):
    from summarize.engines import hub

    got = []

    def pull(spec):
        if spec.name != "tiny-nllb":
            raise ModelNotAvailableError(spec.name, spec.model, "the hub cache and the hub (404)", hub.NO_HUB_HINT)
        got.append(spec.name)
        return tmp_path / "snap"

    monkeypatch.setattr(hub, "hub_unreachable", lambda timeout=5.0: None)
    monkeypatch.setattr(hub, "pull", pull)
    path = write_models_yaml(tmp_path / "m.yaml", nllb="testorg/tiny-nllb", bart="testorg/no-such-repo")
    result = CliRunner().invoke(main, ["models", "pull", "tiny-bart", "tiny-nllb", "--models", str(path), "--no-convert"])
    assert result.exit_code == 1 and got == ["tiny-nllb"] and f"tiny-nllb: {tmp_path / 'snap'}" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "model 'tiny-bart' (testorg/no-such-repo) is not available" in lines[0], lines
