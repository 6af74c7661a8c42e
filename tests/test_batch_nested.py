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
