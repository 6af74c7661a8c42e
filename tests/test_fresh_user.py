"""A fresh user's reports on `run`, `batch` and the translation memory, each pinned by a test
that failed before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import main
from tests.conftest import SEED

ENGLISH_ONLY = ["-s", "extractive", "--no-translate"]


def run(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


def one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarize: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# --- the translation memory -----------------------------------------------------------------------


def _not_a_memory(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    return bad


def test_a_bad_memory_from_the_environment_is_blamed_on_the_variable(tmp_path, monkeypatch):
    bad = _not_a_memory(tmp_path)
    monkeypatch.setenv("SUMMARIZE_TM", str(bad))
    for args in (("run", SEED, "-s", "extractive", "-o", tmp_path / "o"), ("tm", "stats")):
        res = run(*args)
        assert res.exit_code == 2, res.output
        assert one_error_line(res).startswith(f"summarize: error: $SUMMARIZE_TM: {bad} is not a translation memory")
    res = run("run", SEED, "-s", "extractive", "-o", tmp_path / "o", "--tm", bad)  # the option wins, and is named
    assert one_error_line(res).startswith(f"summarize: error: --tm: {bad} is not a translation memory")
    monkeypatch.delenv("SUMMARIZE_TM")
    default = tmp_path / "xdg-data" / "summarize" / "tm.sqlite"  # conftest's $XDG_DATA_HOME
    default.parent.mkdir(parents=True)
    default.write_text("not a database", encoding="utf-8")
    line = one_error_line(run("tm", "stats"))
    assert line.startswith(f"summarize: error: {default}: is not a translation memory") and "--tm" in line
    assert "--tm:" not in line and "$SUMMARIZE_TM" not in line  # neither named it


def test_an_unusable_memory_is_no_error_where_none_is_read(tmp_path, monkeypatch):
    bad = _not_a_memory(tmp_path)
    for command in ("run", "batch"):
        res = run(command, SEED, *ENGLISH_ONLY, "--tm", bad, "-o", tmp_path / command)
        assert res.exit_code == 0, res.output
        assert (tmp_path / command / "afghan-truce" / "summary.en.txt").is_file()
    monkeypatch.setenv("SUMMARIZE_TM", str(tmp_path))  # a folder
    assert run("run", SEED, *ENGLISH_ONLY, "-o", tmp_path / "env").exit_code == 0
    assert bad.read_text(encoding="utf-8") == "not a database"  # never touched
    res = run("run", SEED, "-s", "extractive", "-o", tmp_path / "o")  # translating: the memory is read, so checked
    assert res.exit_code == 2 and "$SUMMARIZE_TM" in one_error_line(res)


# --- a memory that has every segment loads no translator --------------------------------------------

SHORT = ("Floods cut off three districts\n\n"
         "Heavy rain caused floods in three northern districts on Monday, officials said. "
         "Rescue teams reached two of the districts by boat.\n")
SHORT_SEGMENTS = ["Floods cut off three districts",
                  "Heavy rain caused floods in three northern districts on Monday, officials said.",
                  "Rescue teams reached two of the districts by boat."]
CODES = {"ur": "urd_Arab", "ps": "pbt_Arab", "prs": "prs_Arab"}


def _memory(path, *, leave_out=None):
    """A memory with every segment of SHORT in every target (but ``leave_out``: (target, index))."""
    from summarize.tm import SqliteTM, TMEntry

    entries = [TMEntry(src, f"({short}) {i}", "eng_Latn", code) for short, code in CODES.items()
               for i, src in enumerate(SHORT_SEGMENTS) if (short, i) != leave_out]
    SqliteTM(path).add(entries)
    return path


def test_a_memory_that_has_every_segment_loads_no_translator(tmp_path):
    import json

    article = tmp_path / "floods.txt"
    article.write_text(SHORT, encoding="utf-8")
    tm = _memory(tmp_path / "tm.sqlite")
    # --offline with the packaged models.yaml and an empty hub cache: loading NLLB would fail
    for command in ("run", "batch"):
        out = tmp_path / command
        res = run(command, article, "-s", "extractive", "--offline", "--tm", tm, "-o", out, "-f", "json")
        assert res.exit_code == 0, res.output
        data = json.loads((out / "floods" / "brief.json").read_text(encoding="utf-8"))
        segs = [data["title"], *data["segments"]]
        assert [s["source"] for s in segs] == SHORT_SEGMENTS
        for short in CODES:
            assert [(s["targets"][short]["text"], s["targets"][short]["origin"]) for s in segs] == \
                [(f"({short}) {i}", "tm") for i in range(3)]
            assert data["models"]["translators"][short]["skipped"] == "every segment from the translation memory"
    # one segment the memory lacks: the translator is needed, and cannot be had offline
    tm2 = _memory(tmp_path / "tm2.sqlite", leave_out=("ps", 2))
    res = run("run", article, "-s", "extractive", "--offline", "--tm", tm2, "-o", tmp_path / "o2")
    assert res.exit_code == 1 and "is not available" in one_error_line(res)


# --- a full stdout ----------------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [["run", str(SEED), *ENGLISH_ONLY, "-o", "-", "-f", "txt"],
                                  ["run", str(SEED), *ENGLISH_ONLY, "-o", "-", "-f", "json"],
                                  ["tm", "export", "-"],
                                  # last session's report: these said "No space left on device"
                                  # without naming stdout, and --help gave a traceback
                                  ["models", "list"], ["tm", "stats"], ["--help"], ["--version"]])
def test_a_full_stdout_is_named(args, tmp_path):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "summarize", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "summarize: error: cannot write to stdout: No space left on device\n"


# --- a reader that closes stdout early: silence, as from `ls | head` ------------------------------


def _many_models(path, n=1500):
    """A models.yaml whose `models list` prints about 144 KB, more than a pipe holds (64 KiB on
    Linux): the command is still writing when the reader leaves, whatever the timing."""
    lines = ["summarizer: extractive", "targets: [ur]", "languages:", "  ur: {code: urd_Arab, translator: t}",
             "models:", "  t: {task: translate, kind: nllb, model: ./nowhere}",
             "  extractive: {task: summarize, kind: extractive}"]
    lines += [f"  extractive-{i:04d}: {{task: summarize, kind: extractive}}" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _long_article(path, copies=60):
    """The seed article's body ``copies`` times under its title: its brief.json is about 280 KB."""
    title, body = SEED.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(title + "\n\n" + "\n\n".join([body] * copies), encoding="utf-8")
    return path


def _leave_early(args, cwd, *, unbuffered=False, read_a_line=True):
    """Run ``python -m summarize ARGS`` with stdout into a pipe whose reader takes one line (or
    nothing) and closes it, as ``| head -1`` (``| true``) does; ``(first line, stderr, exit status)``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["HF_HUB_OFFLINE"] = "1"  # nothing here needs the network
    if unbuffered:  # sys.stdout.buffer is then the raw file, whose write may take part of the bytes
        env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.Popen([sys.executable, "-m", "summarize", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=cwd, env=env)
    try:
        first = proc.stdout.readline() if read_a_line else b""
        proc.stdout.close()
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    return first, err.decode("utf-8", "replace"), proc.returncode


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize("command", ["models list", "run -o -"])
def test_a_reader_that_closes_stdout_early_gets_silence(command, unbuffered, tmp_path):
    # a user's report: `summarize models list | head -1` printed "summarize: error: Broken pipe"
    # (exit 1); `run ... -o - | head` said "cannot write to stdout: Broken pipe", or, unbuffered,
    # exited 0 with the brief cut short
    if command == "models list":
        yaml = _many_models(tmp_path / "many.yaml")
        args, expected = ["models", "list", "--models", yaml], f"# {yaml}\n".encode()
    else:
        # (60 copies of one body repeat themselves: --keep-boilerplate briefs them all the same)
        args, expected = ["run", _long_article(tmp_path / "long.txt"), *ENGLISH_ONLY, "--keep-boilerplate",
                          "-o", "-", "-f", "json"], b"{\n"
    first, err, status = _leave_early(args, tmp_path, unbuffered=unbuffered)
    assert first == expected
    assert err == ""  # no "Broken pipe", no traceback, no "Exception ignored"
    assert status == 141  # 128 + SIGPIPE, as the shell reports for `ls` in `ls | head -1`


def test_a_reader_gone_before_the_first_line_gets_silence(tmp_path):
    # `summarize models list | true`, with the packaged models.yaml: the first write finds no reader
    first, err, status = _leave_early(["models", "list"], tmp_path, read_a_line=False)
    assert (err, status) == ("", 141)


def test_what_stdout_still_buffers_at_exit_goes_quietly(tmp_path):
    # a command that leaves its last line in Python's buffer: the flush at exit found the pipe
    # closed, and Python printed "Exception ignored ... BrokenPipeError" (exit 120)
    script = ("import sys, time\n"
              "from summarize.cli import main\n"
              "@main.command('late')\n"
              "def late():\n"
              "    time.sleep(1)\n"  # the reader is gone by now
              "    sys.stdout.write('a line the command does not flush\\n')\n"
              "main()\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    proc = subprocess.Popen([sys.executable, "-c", script, "late"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=tmp_path, env=env)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert (err.decode(), proc.returncode) == ("", 141)


# --- what a batch cannot read is said, not skipped -----------------------------------------------


def test_batch_records_names_that_are_no_article_files(tmp_path):
    import json

    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "article.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (inbox / "sub" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (inbox / "notes.txt").mkdir()  # a folder named like an article, with no article in it
    (inbox / "bundle.md").mkdir()  # a folder named like one that holds an article: just a folder
    (inbox / "bundle.md" / "inner.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    res = run("batch", inbox, *ENGLISH_ONLY, "-o", out)
    assert res.exit_code == 1, res.output
    assert f"summarize: error: {inbox / 'sub' / 'gone.txt'}: is a broken symbolic link (to {tmp_path / 'nowhere.txt'}, " \
           "which does not exist)" in res.stderr
    assert f"summarize: error: {inbox / 'notes.txt'}: is a folder, not an article file" in res.stderr
    rows = {Path(r["input"]).relative_to(inbox).as_posix(): r
            for r in map(json.loads, (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines())}
    assert {k: r["status"] for k, r in rows.items()} == {
        "article.txt": "done", "bundle.md/inner.txt": "done", "notes.txt": "failed", "sub/gone.txt": "failed"}
    assert "broken symbolic link" in rows["sub/gone.txt"]["reason"] and rows["sub/gone.txt"]["output"] is None
    assert (out / "article").is_dir() and not (out / "notes").exists() and not (out / "sub").exists()
    assert "notes.txt" in (out / "index.md").read_text(encoding="utf-8")
    res = run("batch", inbox, *ENGLISH_ONLY, "-o", out, "--glob", "article.*")  # not what --glob leaves out
    assert res.exit_code == 0 and "error" not in res.stderr
