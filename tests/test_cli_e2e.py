"""End to end through the CLI on the seed article with the tiny models."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import main
from tests.conftest import ROOT, SEED


@pytest.fixture
def spy_generate(monkeypatch):
    """Record every translation's output ids with the language forced on it, through the real
    model class (one generate() call may hold several languages, one per row)."""
    from transformers import M2M100ForConditionalGeneration

    calls = []
    real = M2M100ForConditionalGeneration.generate

    def spy(self, *args, **kwargs):
        out = real(self, *args, **kwargs)
        forced = kwargs.get("forced_bos_token_id")
        for proc in kwargs.get("logits_processor") or []:  # translate_many: one language per row
            if hasattr(proc, "token_ids"):
                forced = proc.token_ids
        rows = forced.tolist() if hasattr(forced, "tolist") else [forced] * out.shape[0]
        calls.extend((f, ids) for f, ids in zip(rows, out))
        return out

    monkeypatch.setattr(M2M100ForConditionalGeneration, "generate", spy)
    return calls


def test_run_seed_article_with_tiny_models(tiny_config, tmp_path, spy_generate):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(SEED), "--models", str(tiny_config), "-o", str(out), "--offline"])
    assert result.exit_code == 0, result.output
    folder = out / "afghan-truce"
    expected = {"brief.json", "brief.md", "summary.en.txt", "summary.ur.txt", "summary.ps.txt", "summary.prs.txt"}
    assert expected <= {p.name for p in folder.iterdir()}
    data = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    n = len(data["summary"])
    assert n >= 1
    for seg in data["segments"]:
        assert set(seg["targets"]) == {"ur", "ps", "prs"}
    for short in ("ur", "ps", "prs"):
        lines = (folder / f"summary.{short}.txt").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 2 + n  # title, blank, one line per sentence
    assert data["chunking"]["chunked"] is True
    assert data["models"]["summarizer"]["name"] == "tiny-bart"
    assert data["models"]["translators"]["ur"]["name"] == "tiny-nllb"
    assert data["source"]["title"] == "Khalilzad meets Gen Qamar amid push for Afghan truce"
    assert data["source"]["dateline"] == "ISLAMABAD"
    assert any("Load Next Story" in r["text"] for r in data["source"]["removed"])
    # the first generated token of every translation is its target's language token
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(data["models"]["translators"]["ur"]["model"])
    lang_ids = {tok.convert_tokens_to_ids(c) for c in ("urd_Arab", "pbt_Arab", "prs_Arab")}
    assert {forced for forced, _ in spy_generate} == lang_ids
    for forced, ids in spy_generate:
        assert ids[1] == forced


def test_extractive_no_translate_needs_no_model(tmp_path):
    result = CliRunner().invoke(main, ["run", str(SEED), "--summarizer", "extractive", "--no-translate", "--offline"])
    assert result.exit_code == 0, result.output
    folder = Path("briefs/afghan-truce")
    text = (folder / "summary.en.txt").read_text(encoding="utf-8")
    assert "Khalilzad" in text and not (folder / "summary.ur.txt").exists()


def test_stdin_to_stdout_markdown(tiny_config):
    result = CliRunner().invoke(main, ["run", "-", "--format", "md", "--models", str(tiny_config), "--targets", "ur", "--offline"],
                                input=SEED.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Khalilzad meets Gen Qamar")
    assert "| id | English | Urdu |" in result.stdout
    assert not Path("briefs").exists()


def test_bad_input_is_one_line_and_exit_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(main, ["run", str(empty), "--summarizer", "extractive", "--no-translate"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and str(empty) in result.stderr


def test_unknown_format_is_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["run", str(SEED), "--format", "pdf", "--no-translate", "--summarizer", "extractive"])
    assert result.exit_code == 2 and "unknown format pdf" in result.stderr


def test_an_unusable_output_folder_exits_2_as_the_exit_code_table_says(tmp_path):
    """A fresh user's report: ``-o afile``, an ``-o`` that cannot be created and an article in its
    own brief's folder all exit 2, but the README's table put "a brief's folder could not be
    written" under 1 and named no ``-o`` under 2. run and batch agree; the table and the
    --help epilogues now say so."""
    afile = tmp_path / "afile"
    afile.write_text("hi\n", encoding="utf-8")
    args = ["-s", "extractive", "--no-translate", "-f", "json"]
    for command in ("run", "batch"):
        for out, said in ((afile, f"-o: {afile} exists and is not a folder"),
                          (afile / "sub", f"-o: cannot create the folder {afile / 'sub'}: ")):
            result = CliRunner().invoke(main, [command, str(SEED), "-o", str(out), *args])
            assert result.exit_code == 2 and result.stderr.startswith(f"summarize: error: {said}"), result.output
    inside = tmp_path / "o" / "a" / "a.txt"
    inside.parent.mkdir(parents=True)
    inside.write_bytes(SEED.read_bytes())
    result = CliRunner().invoke(main, ["run", str(inside), "-o", str(tmp_path / "o"), *args])
    assert result.exit_code == 2 and "lies in the folder its brief is written to" in result.stderr, result.output
    rows = {line.split("|")[1].strip(): line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and line.split("|")[1].strip().isdigit()}
    assert "an unusable `-o` of `run` or `batch`" in rows["2"] and "exists and is not a folder" in rows["2"]
    assert "cannot create the folder" in rows["2"] and "lies in the folder its brief" in rows["2"]
    assert "an unusable `-o` itself is 2" in rows["1"]
    for command in ("run", "batch"):
        help_text = " ".join(CliRunner().invoke(main, [command, "--help"]).output.split())
        assert "is a file or cannot be created" in help_text, command


@pytest.mark.parametrize("launcher", [[sys.executable, "-m", "summarize"], [sys.executable, str(ROOT / "cli.py")]])
def test_launchers(launcher, tmp_path):
    out = tmp_path / "o"
    proc = subprocess.run(launcher + ["run", str(SEED), "-s", "extractive", "--no-translate", "-o", str(out), "-f", "json"],
                          capture_output=True, text=True, timeout=120, env={**__import__("os").environ, "HF_HUB_OFFLINE": "1"})
    assert proc.returncode == 0, proc.stderr
    assert (out / "afghan-truce" / "brief.json").is_file()


@pytest.mark.parametrize("missing", ["sentencex", "click"])
def test_cli_py_without_a_dependency_says_so_in_one_line(missing, tmp_path):
    # a new user's report: `python3 cli.py run ...` from a checkout without the dependencies
    # ended in a ModuleNotFoundError traceback. A stub first on the path stands in for the
    # package not being installed (it fails to import as a missing one does).
    import os

    stubs = tmp_path / "stubs" / missing
    stubs.mkdir(parents=True)
    (stubs / "__init__.py").write_text(f"raise ModuleNotFoundError(\"No module named '{missing}'\", name={missing!r})\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "stubs"), str(ROOT)]), "HF_HUB_OFFLINE": "1"}
    args = [sys.executable, str(ROOT / "cli.py"), "run", str(SEED), "-s", "extractive", "--no-translate", "-o", str(tmp_path / "o")]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == (f"summarize: error: a required package is missing (No module named '{missing}'); "
                           "install summarize first: pip install -e .\n")
    assert not (tmp_path / "o" / "afghan-truce").exists()
    debug = subprocess.run(args + ["--debug"], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "ModuleNotFoundError" in debug.stderr


def _two_translators(tiny_config, tmp_path):
    """tiny_config plus a second translator, tiny-nllb-b (the same folder, another name)."""
    text = tiny_config.read_text(encoding="utf-8")
    block = text[text.index("  tiny-nllb:"):]
    path = tmp_path / "two.yaml"
    path.write_text(text + block.replace("  tiny-nllb:", "  tiny-nllb-b:", 1), encoding="utf-8")
    return path


def test_run_and_batch_translator_option_uses_it_for_every_target(tiny_config, tmp_path):
    models = _two_translators(tiny_config, tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(SEED), "--models", str(models), "-o", str(out), "--offline",
                                       "--summarizer", "extractive", "--translator", "tiny-nllb-b", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "afghan-truce" / "brief.json").read_text(encoding="utf-8"))
    assert {t["name"] for t in data["models"]["translators"].values()} == {"tiny-nllb-b"}
    assert set(data["models"]["translators"]) == {"ur", "ps", "prs"}

    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_bytes(SEED.read_bytes())
    bout = tmp_path / "bout"
    args = ["batch", str(root), "-o", str(bout), "--models", str(models), "--offline", "--summarizer", "extractive",
            "-f", "json", "-q"]
    result = CliRunner().invoke(main, args + ["--translator", "tiny-nllb-b"])
    assert result.exit_code == 0, result.output
    data = json.loads((bout / "a" / "brief.json").read_text(encoding="utf-8"))
    assert {t["name"] for t in data["models"]["translators"].values()} == {"tiny-nllb-b"}
    # another translator is another brief: the batch redoes it instead of skipping it as up to date
    stamp = (bout / "a" / "brief.json").stat().st_mtime_ns
    result = CliRunner().invoke(main, args + ["--translator", "tiny-nllb"])
    assert result.exit_code == 0, result.output
    data = json.loads((bout / "a" / "brief.json").read_text(encoding="utf-8"))
    assert {t["name"] for t in data["models"]["translators"].values()} == {"tiny-nllb"}
    assert (bout / "a" / "brief.json").stat().st_mtime_ns != stamp


def test_unknown_translator_is_a_usage_error(tiny_config, tmp_path):
    result = CliRunner().invoke(main, ["run", str(SEED), "--models", str(tiny_config), "--translator", "nope", "--offline"])
    assert result.exit_code == 2
    assert "--translator" in result.stderr and "'nope' is not a configured translator" in result.stderr


def test_models_pull_default_is_what_the_config_uses(tiny_config, tmp_path, monkeypatch):
    import summarize.engines.hub

    pulled = []
    monkeypatch.setattr(summarize.engines.hub, "pull", lambda spec: pulled.append(spec.name) or tmp_path)
    models = _two_translators(tiny_config, tmp_path)
    result = CliRunner().invoke(main, ["models", "pull", "--models", str(models)])
    assert result.exit_code == 0, result.output
    assert pulled == []  # local folders: nothing to pull, and tiny-nllb-b is not even looked at
    assert "tiny-nllb-b" not in result.stderr and "tiny-nllb:" in result.stderr
    result = CliRunner().invoke(main, ["models", "pull", "tiny-nllb-b", "--models", str(models)])
    assert result.exit_code == 0 and "tiny-nllb-b" in result.stderr


def test_a_brief_made_by_run_stamps_its_flags_as_batch_does(tiny_config, tmp_path):
    # a user's report: the index listed a brief `summarize run` made with 0 QA flags, whatever it
    # had: run's stamp had no `flags` (nor `title`, `models`), which batch's has
    from summarize.jobs.index import IndexRow, kept_brief

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(SEED), "--models", str(tiny_config), "-o", str(out), "--offline",
                                       "--summarizer", "extractive", "-f", "json,md"])
    assert result.exit_code == 0, result.output
    folder = out / "afghan-truce"
    data = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    flags = sum(len(t["flags"]) for s in [data["title"], *data["segments"]] for t in s["targets"].values())
    assert flags >= 1  # the tiny model's random words are flagged (wrong language, script, ...)
    stamp = json.loads((folder / ".summarize-stamp.json").read_text(encoding="utf-8"))
    assert stamp["flags"] == flags
    assert stamp["title"] == data["source"]["title"] == "Khalilzad meets Gen Qamar amid push for Afghan truce"
    assert stamp["models"]["translators"]["ur"] == {k: data["models"]["translators"]["ur"][k]
                                                    for k in ("name", "kind", "model", "revision")}
    assert stamp["config_fingerprint"] is None and stamp["input"] == str(SEED)
    # the index of a batch whose article then fails keeps run's brief, with its real flag count
    assert kept_brief(IndexRow(str(SEED), "afghan-truce", "failed"), out).flags == flags
    result = CliRunner().invoke(main, ["batch", str(SEED), "-o", str(out), "--offline", "--summarizer", "extractive",
                                       "--no-translate", "--max-bytes", "100", "-q"])
    assert result.exit_code == 1, result.output
    row = next(line for line in (out / "index.md").read_text(encoding="utf-8").splitlines() if "afghan-truce" in line)
    assert "failed (earlier brief kept)" in row and f"| {flags} |" in row


# The console script as pip writes it (module and function from pyproject's [project.scripts]),
# with a SIGTERM or SIGINT sent to itself while summarize.cli is being imported.
_EARLY_SIGNAL = """
import os, re, signal, sys
script = re.search(r'(?m)^summarize = "([^"]+)"', open(sys.argv[1], encoding="utf-8").read()).group(1)
module, func = script.split(":")
signum = getattr(signal, sys.argv[2])
class SignalWhileImporting:
    def find_spec(self, name, path=None, target=None):
        if name == "summarize.cli":
            os.kill(os.getpid(), signum)
        return None
sys.meta_path.insert(0, SignalWhileImporting())
sys.argv = ["summarize", "--version"]
main = getattr(__import__(module, fromlist=[func]), func)
sys.exit(main())
"""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_a_signal_while_the_command_starts_is_an_interrupt(signame, tmp_path):
    """A fresh user's report: SIGTERM in the command's first tenth of a second (importing the
    CLI) ended it with 143, and Ctrl-C there printed a KeyboardInterrupt traceback; the exit-code
    table promises ``summarize: interrupted`` and 130 for both (summarize.entry)."""
    proc = subprocess.run([sys.executable, "-c", _EARLY_SIGNAL, str(ROOT / "pyproject.toml"), signame], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 130 and proc.stderr == "summarize: interrupted\n", (proc.returncode, proc.stderr)
    assert proc.stdout == ""


def test_a_signal_while_the_finished_command_exits_is_ignored():
    """A fresh user's report: SIGTERM just after "wrote 5 files" ended the process with 143 (and
    Python puts the default handler back as it shuts down. Once the command has returned, SIGTERM
    is ignored; the exit code is the work's (Ctrl-C still ends a shut-down that hangs)."""
    code = ("import signal, sys\nsys.argv = ['summarize', '--version']\nfrom summarize.entry import main\n"
            "try:\n    main()\nexcept SystemExit as exc:\n"
            "    print(exc.code, signal.getsignal(signal.SIGTERM) is signal.SIG_IGN)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.stdout.splitlines()[-1] == "0 True", proc.stdout + proc.stderr
