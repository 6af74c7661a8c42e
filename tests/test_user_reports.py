"""Bugs a first user found, each pinned by a test that failed before its fix."""

from __future__ import annotations

import json
import os
import stat

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.reading.source import read_article
from tests.conftest import ROOT, SEED

EXTRACTIVE = ["-s", "extractive", "--no-translate"]


def run(*args, **kw):
    return CliRunner().invoke(main, list(args), **kw)


def test_utf8_with_a_stray_byte_is_not_read_as_a_mac_code_page(tmp_path):
    path = tmp_path / "m.txt"
    path.write_bytes(SEED.read_bytes().replace(b"wants", b"(caf\xe9) wants", 1))
    with pytest.warns(UserWarning, match="1 invalid UTF-8 byte replaced"):
        article = read_article(path)
    assert "Pakistan\u2019s" in article.body and "\u201cMatters" in article.body
    assert "(caf\ufffd) wants" in article.body
    result = run("run", str(path), *EXTRACTIVE, "-o", str(tmp_path / "o"), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "o" / "m" / "brief.json").read_text(encoding="utf-8"))
    assert any("invalid bytes" in n for n in data["notes"])


def test_too_many_threads_says_the_most_this_machine_takes(tmp_path, monkeypatch):
    """Not "(8 here)", which reads as 8 CPUs: the most threads, and the CPUs it comes from."""
    import os

    cpus = os.cpu_count() or 1
    monkeypatch.setenv("SUMMARIZE_THREADS", str(4 * cpus + 1))
    result = run("run", str(SEED), *EXTRACTIVE, "-o", str(tmp_path))
    assert result.exit_code == 2
    assert (f"$SUMMARIZE_THREADS: {4 * cpus + 1} threads is more than 4 per CPU: at most {4 * cpus} on this "
            f"machine's {cpus} CPU") in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["run", "batch"])
def test_utf8_with_invalid_bytes_is_warned_about_on_stderr(tmp_path, command):
    # a new user's report: the replaced bytes were noted in brief.json only; nothing on stderr
    from summarize.errors import InputWarning

    root = tmp_path / "in"
    root.mkdir()
    path = root / "m.txt"
    path.write_bytes(SEED.read_bytes().replace(b"wants", b"(it\x92s) wants", 1).replace(b"Taliban", b"Tali\xe2\x80ban", 1))
    with pytest.warns(InputWarning, match=r"m\.txt: 3 invalid UTF-8 bytes replaced by \ufffd"):
        read_article(path)  # the \x92, and a cut-off character of two bytes
    target = str(path) if command == "run" else str(root)
    result = run(command, target, *EXTRACTIVE, "-o", str(tmp_path / "o"), "-f", "json")
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("summarize: warning: ")]
    assert warned == [f"summarize: warning: {path}: 3 invalid UTF-8 bytes replaced by \ufffd (U+FFFD); "
                      "the rest is read as UTF-8 (check the source)"], result.stderr
    data = json.loads((tmp_path / "o" / "m" / "brief.json").read_text(encoding="utf-8"))
    assert any("invalid bytes" in n for n in data["notes"])
    quiet = run(command, target, *EXTRACTIVE, "-o", str(tmp_path / "q"), "-f", "json", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == "", quiet.stderr
    path.write_bytes(SEED.read_bytes().replace(b"wants", b"(it\x92s) wants", 1))  # one byte: "byte"
    one = run(command, target, *EXTRACTIVE, "-o", str(tmp_path / "one"), "-f", "json")
    assert f"summarize: warning: {path}: 1 invalid UTF-8 byte replaced by" in one.stderr
    clean = run(command, str(SEED), *EXTRACTIVE, "-o", str(tmp_path / "c"), "-f", "json")
    assert clean.exit_code == 0 and "warning" not in clean.stderr
    # the README says so (it said "an undecodable file is refused, never garbled", and no more)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert ("A UTF-8 file with a few invalid bytes (a Windows-1252 `’` pasted in) is read with � shown for each, "
            "warned about on stderr") in readme
    assert "noted in `brief.json` → `notes`; a file that cannot be decoded is refused, never garbled" in readme


@pytest.mark.parametrize("command", ["run", "batch"])
def test_output_that_is_a_file_or_cannot_be_made_is_one_line(tmp_path, command):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    for out, fragment in ((a_file, "exists and is not a folder"), ("/proc/summarize-x/y", "cannot create the folder")):
        result = run(command, str(SEED), *EXTRACTIVE, "-o", str(out))
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("summarize: error: -o: ") and fragment in lines[0]


def test_batch_refuses_stdout(tmp_path):
    result = run("batch", str(SEED), *EXTRACTIVE, "-o", "-")
    assert result.exit_code == 2 and "stdout is for `summarize run`" in result.stderr
    assert not os.path.exists("-")


def test_rerun_into_the_same_folder_leaves_no_stale_files(tiny_config, tmp_path):
    out = tmp_path / "o"
    assert run("run", str(SEED), "--models", str(tiny_config), "--offline", "-o", str(out), "-f", "txt,xliff").exit_code == 0
    folder = out / "afghan-truce"
    assert (folder / "summary.ur.txt").exists() and (folder / "brief.ur.xlf").exists()
    assert run("run", str(SEED), *EXTRACTIVE, "-o", str(out), "-f", "txt").exit_code == 0
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == ["summary.en.txt"]


def test_per_target_formats_without_targets_are_refused_not_silently_empty(tmp_path):
    # a user's report: -f xliff --no-translate wrote nothing and exited 0
    for fmt, out in (("xliff", str(tmp_path / "o")), ("tmx", "-"), ("txt,tmx", str(tmp_path / "o"))):
        result = run("run", str(SEED), *EXTRACTIVE, "-o", out, "-f", fmt)
        assert result.exit_code == 2 and "--no-translate makes no targets" in result.stderr, fmt
        assert result.stderr.count("\n") == 1
    assert not (tmp_path / "o").exists()
    assert run("run", str(SEED), *EXTRACTIVE, "-o", str(tmp_path / "all")).exit_code == 0  # all: what applies
    names = sorted(p.name for p in (tmp_path / "all" / "afghan-truce").iterdir() if not p.name.startswith("."))
    assert names and not [n for n in names if n.endswith((".xlf", ".tmx"))]
    assert run("run", str(SEED), *EXTRACTIVE, "-f", "").exit_code == 2


def test_usage_errors_are_one_line_and_name_the_variable(monkeypatch, tmp_path):
    for args in (["--device", "tpu"], ["--max-bytes", "-5"], ["--bogus"]):
        result = run("run", str(SEED), *EXTRACTIVE, "-o", str(tmp_path), *args)
        assert result.exit_code == 2 and result.stderr.startswith("summarize: error: ") and result.stderr.count("\n") == 1, args
        assert "Usage:" not in result.stderr and " run --help" in result.stderr
    monkeypatch.setenv("SUMMARIZE_DEVICE", "tpu")
    result = run("run", str(SEED), *EXTRACTIVE, "-o", str(tmp_path))
    assert result.exit_code == 2 and "$SUMMARIZE_DEVICE: 'tpu' is not one of" in result.stderr
    monkeypatch.delenv("SUMMARIZE_DEVICE")
    monkeypatch.setenv("SUMMARIZE_MODELS", str(tmp_path / "nope.yaml"))
    result = run("run", str(SEED), *EXTRACTIVE, "-o", str(tmp_path))
    assert result.exit_code == 2 and "$SUMMARIZE_MODELS" in result.stderr and "nope.yaml" in result.stderr
    assert "--models" not in result.stderr.split("(see")[0], result.stderr  # the variable, not the option too
    monkeypatch.delenv("SUMMARIZE_MODELS")
    for bad in ("abc", "-2", "0"):
        monkeypatch.setenv("SUMMARIZE_THREADS", bad)
        result = run("run", str(SEED), *EXTRACTIVE, "-o", str(tmp_path))
        assert result.exit_code == 2 and "$SUMMARIZE_THREADS" in result.stderr and repr(bad) in result.stderr, bad


def test_a_named_pipe_is_refused_not_read_for_ever(tmp_path):
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    result = run("run", str(fifo), *EXTRACTIVE, "-o", str(tmp_path / "o"))
    assert result.exit_code == 1 and "is not a regular file" in result.stderr


def test_files_get_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        assert run("run", str(SEED), *EXTRACTIVE, "-o", str(tmp_path / "o"), "-f", "json").exit_code == 0
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "o" / "afghan-truce" / "brief.json").stat().st_mode)
    assert mode == 0o644


@pytest.mark.parametrize(
    "args, env, label",
    [
        (["--summarizer", "nothere"], {}, "--summarizer: 'nothere' is not a summariser"),
        ([], {"SUMMARIZE_SUMMARIZER": "foo"}, "$SUMMARIZE_SUMMARIZER: 'foo' is not a summariser"),
        ([], {"SUMMARIZE_TARGETS": "de"}, "$SUMMARIZE_TARGETS: unknown target 'de'"),
        (["--targets", ""], {}, "--targets: no target given"),
    ],
)
def test_override_errors_name_where_the_value_came_from(args, env, label, monkeypatch):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    result = run("run", str(SEED), *args)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"summarize: error: {label}"), result.stderr


def test_stdout_misuse_is_a_usage_error(tmp_path):
    result = run("run", str(SEED), *EXTRACTIVE, "-o", "-", "--format", "all")
    assert result.exit_code == 2 and "stdout takes one article in one format" in result.stderr
    result = run("run", "-", "-", *EXTRACTIVE, "-o", str(tmp_path), input=SEED.read_bytes())
    assert result.exit_code == 2 and "read only once" in result.stderr


def test_max_bytes_option_and_message(tmp_path):
    result = run("run", str(SEED), *EXTRACTIVE, "--max-bytes", "1000", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "over the size limit of 1,000 bytes; raise it with --max-bytes" in result.stderr
    assert run("run", str(SEED), *EXTRACTIVE, "--max-bytes", "100000", "-o", str(tmp_path)).exit_code == 0


def test_size_limit_message_for_streams(tmp_path):
    result = run("run", "-", *EXTRACTIVE, "--max-bytes", "1000", "-o", str(tmp_path), input=SEED.read_bytes())
    assert result.exit_code == 1
    assert "-: is over the size limit" in result.stderr


def test_sigterm_during_run_exits_130_and_finishes_the_brief_being_written(tmp_path, monkeypatch):
    # a user's report: SIGTERM killed `run` mid-write (exit 143), leaving a .tmp file or half a folder
    import signal

    from summarize.jobs import run as runner

    real = runner.write_brief

    def term_while_writing(folder, brief, writers, **stamp):
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while the files are being written
        return real(folder, brief, writers, **stamp)

    monkeypatch.setattr(runner, "write_brief", term_while_writing)
    out = tmp_path / "o"
    before = signal.getsignal(signal.SIGTERM)
    result = run("run", str(SEED), str(SEED.parent / "flood-relief.txt"), *EXTRACTIVE, "-o", str(out), "-f", "txt,json")
    assert result.exit_code == 130 and "interrupted" in result.stderr
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert [p.name for p in folders] == ["afghan-truce"]  # the second article was never started
    names = sorted(p.name for p in folders[0].iterdir())
    assert "brief.json" in names and "summary.en.txt" in names and not [n for n in names if n.endswith(".tmp")]
    assert signal.getsignal(signal.SIGTERM) == before  # the handler is put back


def test_more_option_mistakes_are_one_line_errors(tmp_path, monkeypatch):
    # a second user's report: these were accepted silently, or ended in a traceback
    cases = [
        (["run", str(SEED), *EXTRACTIVE, "-o", ""], "-o: is empty"),
        (["run", str(SEED), *EXTRACTIVE, "--back-translate", "-o", str(tmp_path)], "--back-translate: needs translations"),
        (["batch", str(SEED.parent), *EXTRACTIVE, "-o", str(tmp_path), "--glob", ""], "--glob: an empty pattern"),
        (["run", str(SEED), "-o", str(tmp_path), "--device", "mps"], "--device: 'mps' is not available"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1, (args, result.output)
    monkeypatch.setenv("SUMMARIZE_THREADS", "99999")
    result = run("run", str(SEED), *EXTRACTIVE, "-o", str(tmp_path))
    assert result.exit_code == 2 and "$SUMMARIZE_THREADS: 99999 threads is more than 4 per CPU" in result.stderr
    monkeypatch.delenv("SUMMARIZE_THREADS")
    assert run("run", str(SEED), *EXTRACTIVE, "-o", str(tmp_path / "o"), "-f", "TXT,Json").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "o" / "afghan-truce").glob("[!.]*")) == ["brief.json", "summary.en.txt"]


@pytest.mark.parametrize("command", ["run", "batch"])
def test_targets_under_no_translate_are_warned_about(tmp_path, command):
    # a third user's report: -t was ignored without a word under --no-translate
    target = str(SEED) if command == "run" else str(SEED.parent)
    result = run(command, target, *EXTRACTIVE, "-t", "ur", "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("summarize: warning: ")]
    assert warned == ["summarize: warning: --targets is ignored: --no-translate makes no translation"]
    assert not list((tmp_path / "o").rglob("*.ur.txt"))


def test_run_on_a_folder_suggests_batch(tmp_path):
    # a new user's report: `summarize run some-folder/` said it is a directory, not what to run instead
    folder = tmp_path / "some folder"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    result = run("run", f"{folder}/", *EXTRACTIVE, "-o", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"summarize: error: {folder}/: is a directory, not an article file; ")
    assert f"run `summarize batch '{folder}/'`" in result.stderr  # quoted: the name has a space
    # the library's own message is unchanged (it says nothing of a command)
    with pytest.raises(Exception, match="is a directory, not an article file; give the path of a .txt, .md or .html file$"):
        read_article(folder)


def test_one_utf8_letter_and_a_pasted_cp1252_quote_pair_is_read_as_utf8(tmp_path):
    # a fresh user's report: one valid "é" and two cp1252 quote bytes were read whole as cp1252
    # ("cafÃ©"), exit 0, with no warning
    from summarize.errors import InputWarning

    path = tmp_path / "cafe.txt"
    path.write_bytes(b"Police said the caf\xc3\xa9 on Main Street was closed on Monday after a fire.\n"
                     b"The owner said the damage was \x93serious\x94 but nobody was hurt.\n")
    with pytest.warns(InputWarning, match="2 invalid UTF-8 bytes replaced"):
        article = read_article(path)
    assert "caf\u00e9 on Main" in article.body and "\ufffdserious\ufffd" in article.body


def test_a_windows_1252_text_with_an_accidental_utf8_pair_stays_windows_1252(tmp_path):
    # "ß" then "“" (DF 93) is valid UTF-8 (U+07D3, an NKo letter): no evidence of UTF-8
    path = tmp_path / "strasse.txt"
    path.write_bytes("Die Stra\u00dfe\u201c und der Platz wurden am Montag f\u00fcr den Verkehr ge\u00f6ffnet. "
                     "Die Polizei sagte, niemand sei verletzt worden.\n".encode("cp1252"))
    article = read_article(path)
    assert "Stra\u00dfe\u201c" in article.body and "f\u00fcr" in article.body


def test_utf8_with_a_bom_and_a_pasted_cp1252_byte_is_read_as_without_the_bom(tmp_path):
    # a fresh user's report: Notepad's BOM plus one pasted \x92 was refused ("not valid utf-8-sig")
    from summarize.errors import InputWarning

    body = SEED.read_bytes().replace(b"wants", b"(it\x92s) wants", 1)
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + body)
    with pytest.warns(InputWarning, match="1 invalid UTF-8 byte replaced"):
        article = read_article(path)
    assert "(it\ufffds) wants" in article.body and "\ufeff" not in (article.title or "") + article.body
    (tmp_path / "plain.txt").write_bytes(body)
    with pytest.warns(InputWarning):
        assert read_article(tmp_path / "plain.txt").body == article.body
