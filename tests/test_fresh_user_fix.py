"""A fresh user's report: long file names, unsafe or clashing language short names, the
source language among the targets, -q on models convert, the batch help's suffixes, and small
config messages."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.jobs import batch as batch_mod
from summarize.jobs.manifest import read_manifest
from summarize.writers import folder as folder_mod

EXTRACTIVE = ["--summarizer", "extractive", "--no-translate"]
A = ("Heavy rain caused floods in three northern districts on Monday, officials said. At least 20 people "
     "died and 4,000 families left their homes. Rescue teams reached two of the districts by boat. Roads to "
     "the third district remain closed.\n")


def cli(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), **kwargs)


# -- 1. a long (legal) file name ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["m" * 240, "é" * 120 + "x", "ü" * 127, "a" * 255])
def test_staging_name_fits_in_255_bytes(name):
    staged = folder_mod.staging_name(name)
    assert len(staged.encode()) <= 255
    assert staged.startswith(folder_mod.staging_prefix(name))
    assert folder_mod.staging_prefix(name) == folder_mod.staging_prefix(name)  # leftovers are found by it
    assert folder_mod.staging_prefix("ab").startswith(".ab.summarize-tmp-")
    assert folder_mod.staging_prefix(name + "1") != folder_mod.staging_prefix(name + "2") or len(name) < 200


def test_batch_with_a_long_file_name_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    long = "m" * 240
    for stem in ("a", long, "z"):
        (src / f"{stem}.txt").write_text(A)
    out = tmp_path / "out"
    res = cli("batch", str(src), "-o", str(out), *EXTRACTIVE)
    assert res.exit_code == 0, res.output
    for stem in ("a", long, "z"):
        assert (out / stem / "brief.md").is_file()
    assert (out / "index.md").is_file()
    assert [r["status"] for r in read_manifest(out / "manifest.jsonl")] == ["done"] * 3
    assert not [p for p in out.iterdir() if folder_mod.STAGING_MARK in p.name]
    # run of that one file works too
    res = cli("run", str(src / f"{long}.txt"), *EXTRACTIVE, "-o", str(tmp_path / "r"))
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r" / long / "brief.md").is_file()


def test_leftovers_of_a_long_name_are_removed(tmp_path):
    name = "é" * 120
    (tmp_path / "o").mkdir()
    folder = tmp_path / "o" / name
    dead = tmp_path / "o" / f"{folder_mod.staging_prefix(name)}999999999-beef"
    dead.mkdir()
    (dead / "brief.md").write_text("half")
    folder_mod.replace_brief_files(folder, {"brief.md": b"x"})
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [name]


def test_a_folder_name_over_255_bytes_fails_that_article_only(tmp_path):
    with pytest.raises(folder_mod.OutputError) as info:
        folder_mod.replace_brief_files(tmp_path / "o" / ("n" * 257), {"brief.md": b"x"})
    assert "257 bytes" in str(info.value) and "File name too long" in str(info.value)
    assert list((tmp_path / "o").iterdir()) == []
    # batch: two files whose clash rule gives n...-txt-2, 257 bytes: that one fails, the batch goes on
    src = tmp_path / "in"
    src.mkdir()
    stem = "n" * 251
    for name in (f"{stem}.txt", f"{stem}.TXT", "b.txt"):
        (src / name).write_text(A)
    out = tmp_path / "out"
    res = cli("batch", str(src), "-o", str(out), *EXTRACTIVE)
    records = {Path(r["input"]).name: r for r in read_manifest(out / "manifest.jsonl")}
    assert records["b.txt"]["status"] == "done"
    failed = [r for r in records.values() if r["status"] == "failed"]
    assert len(failed) == 1 and "File name too long" in failed[0]["reason"], res.output
    assert (out / "index.md").is_file()


def test_batch_records_any_oserror_of_a_write_and_goes_on(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for stem in ("a", "b", "c"):
        (src / f"{stem}.txt").write_text(A)
    real = batch_mod._write

    def flaky(rec, *args, **kwargs):
        if rec.source.path.name == "b.txt":
            raise OSError(errno.EIO, "Input/output error", str(rec.folder / "edited"))
        return real(rec, *args, **kwargs)

    monkeypatch.setattr(batch_mod, "_write", flaky)
    out = tmp_path / "out"
    res = cli("batch", str(src), "-o", str(out), *EXTRACTIVE)
    records = {Path(r["input"]).name: r for r in read_manifest(out / "manifest.jsonl")}
    assert [records[n]["status"] for n in ("a.txt", "b.txt", "c.txt")] == ["done", "failed", "done"], res.output
    assert "Input/output error" in records["b.txt"]["reason"]
    assert "b.txt" in res.output and (out / "index.md").is_file()


# -- 2. a languages short name that could overwrite another file ----------------------------------


def _with_language(tiny_config: Path, key: str, code: str = "hin_Deva", targets: str = "[ur]") -> Path:
    text = tiny_config.read_text().replace("targets: [ur, ps, prs]", f"targets: {targets}")
    text = text.replace("languages:\n", f"languages:\n  '{key}': {{code: {code}, translator: tiny-nllb}}\n", 1)
    out = tiny_config.with_name("lang.yaml")
    out.write_text(text)
    return out


@pytest.mark.parametrize("key,why", [("en", "reserved"), ("x/y", "not a usable short name"),
                                     ("../evil", "not a usable short name"), ("UR", "not a usable short name"),
                                     ("", "not a usable short name"), ("a" * 21, "not a usable short name"),
                                     ("id", "reserved"), ("ar", "the name of Arabic")])
def test_unsafe_or_clashing_short_names_are_refused(tiny_config, tmp_path, key, why):
    models = _with_language(tiny_config, key, targets=f"['{key}']" if key else "[ur]")
    res = cli("run", "-", "-s", "extractive", "--models", str(models), "--offline", "-o", str(tmp_path / "d"),
              input=A)
    assert res.exit_code == 2, res.output
    assert f"lang.yaml: languages.{key}" in res.output and why in res.output
    assert not (tmp_path / "d").exists()


def test_usable_short_names_are_taken(tiny_config, tmp_path):
    models = _with_language(tiny_config, "hi_in-2", targets="[hi_in-2]")
    res = cli("run", "-", "-s", "extractive", "--models", str(models), "--offline", "-o", str(tmp_path / "d"),
              "-f", "txt", input=A)
    assert res.exit_code == 0, res.output
    assert {p.name for p in (tmp_path / "d").rglob("*.txt")} == {"summary.en.txt", "summary.hi_in-2.txt"}


# -- 3. --source-lang with an explicit -t ---------------------------------------------------------

URDU = ("شمالی اضلاع میں سیلاب\n\nپیر کو شدید بارش کے باعث تین شمالی اضلاع میں سیلاب آگیا، حکام نے بتایا۔ "
        "کم از کم بیس افراد ہلاک ہوگئے۔ حکومت نے کہا کہ امداد بدھ کو پہنچے گی۔\n")


def _urdu_run(tiny_config, tmp_path, *targets: str):
    src = tmp_path / "urdu.txt"
    src.write_text(URDU)
    out = tmp_path / "u"
    res = CliRunner().invoke(
        main, ["run", str(src), "--source-lang", "urd_Arab", *targets, "-s", "extractive", "--models",
               str(tiny_config), "--offline", "-o", str(out), "-f", "txt,json"])
    files = sorted(p.name for p in (out / "urdu").iterdir() if not p.name.startswith(".")) if (out / "urdu").is_dir() else []
    notes = json.loads((out / "urdu" / "brief.json").read_text())["notes"] if files else None
    return res, files, notes


def test_explicit_targets_naming_the_source_are_obeyed_with_a_warning(tiny_config, tmp_path):
    res, files, notes = _urdu_run(tiny_config, tmp_path, "-t", "ur,ps")
    assert res.exit_code == 0, res.stderr
    assert files == ["brief.json", "summary.ps.txt", "summary.ur.txt"]  # no English nobody asked for
    warning = [line for line in res.stderr.splitlines() if "warning" in line]
    assert len(warning) == 1 and warning[0].startswith(
        "summarize: warning: ur is the source language (--source-lang urd_Arab): not translated into itself; ")
    assert any(n.startswith("ur is the source language (--source-lang urd_Arab)") for n in notes)


def test_explicit_targets_naming_only_the_source_exit_2(tiny_config, tmp_path):
    res, files, _ = _urdu_run(tiny_config, tmp_path, "-t", "ur")
    assert res.exit_code == 2 and files == []
    assert len(res.stderr.strip().splitlines()) == 1
    assert "ur is the source language (--source-lang urd_Arab)" in res.stderr


def test_english_with_an_explicit_target_list_is_asked_for(tiny_config, tmp_path):
    res, files, notes = _urdu_run(tiny_config, tmp_path, "-t", "en,ps")
    assert res.exit_code == 0, res.stderr
    assert files == ["brief.json", "summary.en.txt", "summary.ps.txt", "summary.ur.txt"]
    assert "warning" not in res.stderr and notes == []
    res, files, _ = _urdu_run(tiny_config, tmp_path, "-t", "ps")
    assert files == ["brief.json", "summary.ps.txt", "summary.ur.txt"]


def test_en_among_the_targets_of_an_english_article_is_left_out_with_a_warning(tiny_config, tmp_path):
    """A fresh user's report: ``-t en,ur`` for an English article stopped with exit 2, while
    ``--source-lang urd_Arab -t ur,ps`` leaves ur out with a warning and goes on. An English
    article now does the same; ``-t en`` alone still exits 2 (nothing left to translate into)."""
    src = tmp_path / "a.txt"
    src.write_text(A)
    for spelt in ("en,ps", "EN,ps", "eng_Latn,ps"):
        out = tmp_path / spelt
        res = cli("run", str(src), "-t", spelt, "-s", "extractive", "--models", str(tiny_config), "--offline",
                  "-o", str(out), "-f", "txt")
        assert res.exit_code == 0, res.stderr
        assert sorted(p.name for p in (out / "a").iterdir() if not p.name.startswith(".")) == ["summary.en.txt",
                                                                                             "summary.ps.txt"]
        assert res.stderr.splitlines()[0].startswith(
            "summarize: warning: en is the source language (English): not translated into itself; ")
        assert "translating into ps only" in res.stderr
        res = cli("run", str(src), "-t", spelt, "-s", "extractive", "--models", str(tiny_config), "--offline",
                  "-o", str(out), "-f", "json", "-q")
        notes = json.loads((out / "a" / "brief.json").read_text())["notes"]
        assert [n for n in notes if "source language" in n] == [
            "en is the source language (English): not translated into itself; the brief holds it as the source text"]
    res = cli("run", str(src), "-t", "en", "-s", "extractive", "--models", str(tiny_config), "--offline",
              "-o", str(tmp_path / "only"), "-f", "txt")
    assert res.exit_code == 2 and not (tmp_path / "only").exists()
    assert "en is the source language (English)" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_en_under_no_translate_of_a_non_english_article_is_ignored_not_called_the_source(tiny_config, tmp_path):
    """A fresh user's report: ``--source-lang urd_Arab --no-translate -t en`` stopped (exit 2)
    saying en is the source language; under --no-translate ``-t`` is ignored with a warning,
    whatever it names."""
    src = tmp_path / "urdu.txt"
    src.write_text(URDU)
    res = cli("run", str(src), "--source-lang", "urd_Arab", "--no-translate", "-t", "en", "-s", "extractive",
              "--models", str(tiny_config), "--offline", "-o", str(tmp_path / "o"), "-f", "txt")
    assert res.exit_code == 0, res.stderr
    assert res.stderr.splitlines()[0] == "summarize: warning: --targets is ignored: --no-translate makes no translation"
    assert [p.name for p in (tmp_path / "o" / "urdu").iterdir() if not p.name.startswith(".")] == ["summary.ur.txt"]


def test_default_targets_of_a_non_english_source_get_english_quietly(tiny_config, tmp_path):
    res, files, notes = _urdu_run(tiny_config, tmp_path)
    assert res.exit_code == 0, res.stderr
    assert files == ["brief.json", "summary.en.txt", "summary.prs.txt", "summary.ps.txt", "summary.ur.txt"]
    assert "warning" not in res.stderr and notes == []


# -- 4. -q is --quiet, never --quantization -------------------------------------------------------


def test_models_convert_has_no_q_for_quantization(tiny_config):
    res = cli("models", "convert", "tiny-nllb", "--models", str(tiny_config), "-q", "int8")
    assert res.exit_code == 2 and "No such option '-q'" in res.output
    assert "--quantization" in cli("models", "convert", "--help").output
    assert "-q, --quantization" not in cli("models", "convert", "--help").output


# -- 5. the help's suffixes come from the reader's list -------------------------------------------


def test_batch_and_run_help_list_every_supported_suffix():
    from summarize.reading.source import SUPPORTED_SUFFIXES

    for command in ("batch", "run"):
        text = " ".join(cli(command, "--help").output.split())
        for suffix in SUPPORTED_SUFFIXES:
            assert f"{suffix} " in text or f"{suffix}," in text, (command, suffix)
    assert ".txt, .md, .markdown, .html and .htm file below each ROOT" in " ".join(cli("batch", "--help").output.split())


# -- 6. small config messages ---------------------------------------------------------------------


def test_revision_on_a_local_folder_is_warned_about(tiny_config, tmp_path):
    from summarize.config import load_config
    from summarize.errors import SummarizeWarning

    text = tiny_config.read_text().replace("    source_lang: eng_Latn", "    source_lang: eng_Latn\n    revision: abc123")
    path = tmp_path / "rev.yaml"
    path.write_text(text)
    with pytest.warns(SummarizeWarning, match=r"rev\.yaml: models\.tiny-nllb\.revision: ignored: model is a local folder"):
        load_config(path)


def test_task_that_does_not_match_the_kind_blames_task(tiny_config, tmp_path):
    from summarize.config import load_config
    from summarize.errors import ConfigError

    path = tmp_path / "task.yaml"
    path.write_text(tiny_config.read_text().replace("    task: translate", "    task: summarize"))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.where.endswith("task.yaml: models.tiny-nllb.task")
    assert "set task: translate" in str(info.value)
