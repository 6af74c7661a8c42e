"""Three defects a fresh user found in ``summarize batch``: a batch into a folder inside (or
above) another running batch's output folder was not locked out; the index listed deleted or
renamed articles as up to date, and its counts disagreed with the run's; the counts of a batch
with names that are no article files did not add up."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.errors import FolderInUseError
from summarize.jobs.batch import BatchOptions, run_batch
from summarize.jobs.lock import LOCK_NAME, output_lock
from summarize.settings import Settings
from tests.conftest import ROOT, SEED

EXTRACTIVE = ["--summarizer", "extractive", "--no-translate"]
IN_USE_TAIL = " (another `summarize batch` writes there); wait for it to finish, or pass --wait\n"


def cli(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def batch(roots, out, *, wait=False, stream=None):
    return run_batch(roots, Settings.from_options(summarizer="extractive", translate=False), out,
                     BatchOptions(wait=wait), stream=stream or io.StringIO(), handle_signals=False)


def articles(folder: Path, *names: str) -> Path:
    """``folder`` with a copy of the seed article under each name, each made different."""
    for k, name in enumerate(names):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(SEED.read_text(encoding="utf-8") + f"\nExtra line {k} for the council said today.\n",
                                   encoding="utf-8")
    return folder


# -- 2. an article whose input is gone ---------------------------------------------------------------


def index_rows(out: Path) -> dict[str, tuple[str, str, str]]:
    """``{input name: (status, brief cell, notes)}`` of index.md."""
    rows = {}
    for line in (out / "index.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split(" | ")]
        if line.startswith("| ") and cells[0][2:].isdigit():
            rows[os.path.basename(cells[1].strip("`"))] = (cells[2], cells[3], cells[5].rstrip(" |"))
    return rows


def test_an_article_whose_input_is_gone_is_listed_as_such_and_keeps_its_brief(tmp_path):
    src = articles(tmp_path / "in9", "art0.txt", "art1.txt", "art2.txt")
    out = tmp_path / "bo9"
    assert cli("batch", src, "-o", out, *EXTRACTIVE, "-q").exit_code == 0
    (src / "art0.txt").rename(src / "art0-renamed.txt")
    (src / "art1.txt").unlink()
    for run in range(2):  # the next run, and the one after (all skipped then)
        res = cli("batch", src, "-o", out, *EXTRACTIVE)
        assert res.exit_code == 0, res.output
        rows = index_rows(out)
        assert rows["art0.txt"][0] == rows["art1.txt"][0] == "input gone"
        assert rows["art0.txt"][1].endswith("](art0/brief.md)") and rows["art1.txt"][1].endswith("](art1/brief.md)")
        assert rows["art1.txt"][2] == "the input file is no longer there (last recorded: done); its brief is kept"
        assert rows["art2.txt"][0] == "skipped" and rows["art0-renamed.txt"][0] == ("done" if run == 0 else "skipped")
        assert (out / "art0" / "brief.md").is_file() and (out / "art1" / "brief.md").is_file()
        said = res.stderr.splitlines()[-1]  # summarize: batch: 1 done, 1 skipped, 0 failed in ...
        counts = said.removeprefix("summarize: batch: ").split(" in ")[0]
        header = (out / "index.md").read_text(encoding="utf-8").splitlines()[2:5]
        listed = "1 done, 1 skipped, 2 input gone" if run == 0 else "2 skipped, 2 input gone"
        assert header == [listed, "", f"This run: {counts}."]
        assert counts == ("1 done, 1 skipped, 0 failed" if run == 0 else "0 done, 2 skipped, 0 failed")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "input gone" in page and '<a href="art1/brief.html">' in page and "this run: 0 done, 2 skipped, 0 failed" in page


def test_a_gone_article_whose_folder_holds_no_whole_brief_has_no_link(tmp_path):
    src = articles(tmp_path / "in", "a.txt", "b.txt")
    out = tmp_path / "out"
    assert batch([src], out).exit_code == 0
    (src / "b.txt").unlink()
    shutil.rmtree(out / "b")
    assert batch([src], out).exit_code == 0
    assert index_rows(out)["b.txt"] == ("input gone", "—", "the input file is no longer there (last recorded: done)")


# -- 3. counts that add up ---------------------------------------------------------------------------


def test_counts_add_up_with_names_that_are_no_article_files(tmp_path):
    src = articles(tmp_path / "in2", "a.txt")
    (src / "broken.txt").symlink_to("nowhere.txt")
    (src / "dir.txt").mkdir()
    res = cli("batch", src, "-o", tmp_path / "bo2", *EXTRACTIVE)
    assert res.exit_code == 1, res.output
    lines = res.stderr.splitlines()
    assert lines[0] == (f"summarize: 1 article found below {src} (and 2 names that are not article files: see below); "
                        "0 up to date, 1 to do")
    assert lines[1:3] == [f"summarize: error: {src / 'broken.txt'}: is a broken symbolic link (to nowhere.txt, which does not exist)",
                          f"summarize: error: {src / 'dir.txt'}: is a folder, not an article file (it holds no article)"]
    assert lines[3].startswith(f"summarize: [1/1] {src / 'a.txt'}: done in ")
    assert lines[4].startswith("summarize: batch: 1 done, 0 skipped, 2 failed in ") and len(lines) == 5
    (src / "dir.txt").rmdir()
    again = cli("batch", src, "-o", tmp_path / "bo2", *EXTRACTIVE)
    assert again.stderr.splitlines()[0] == (f"summarize: 1 article found below {src} (and 1 name that is not an article "
                                            "file: see below); 1 up to date (--force redoes them), 0 to do")


def test_an_article_that_fails_at_once_counts_among_those_to_do(tmp_path):
    src = articles(tmp_path / "in", "a.txt", "b.txt")
    (src / "empty.txt").write_bytes(b"")
    res = cli("batch", src, "-o", tmp_path / "out", *EXTRACTIVE)
    lines = res.stderr.splitlines()
    assert lines[0] == f"summarize: 3 articles found below {src}; 0 up to date, 3 to do"
    assert sum("/3] " in line for line in lines) == 2 and any("[3/3] " in line for line in lines)
