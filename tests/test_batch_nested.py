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
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.errors import FolderInUseError
from summarize.jobs.batch import BatchOptions, run_batch
from summarize.jobs.lock import LOCK_NAME, output_lock
from summarize.settings import Settings
from tests.conftest import ROOT, SEED
from tests.test_reliability import lock_held_until_waiting

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


class Holder:
    """A child process that holds the output lock of ``folder`` until closed (no timing: the test
    waits for its ``held`` line, and the child waits on its stdin)."""

    def __init__(self, folder: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from summarize.jobs.lock import output_lock\n"
                                   "with output_lock(sys.argv[1]):\n    print('held', flush=True); sys.stdin.readline()",
             str(folder)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert self.proc.stdout.readline() == "held\n"
        self.pid = self.proc.pid

    def close(self) -> None:
        self.proc.stdin.close()  # the child reads EOF and lets go
        self.proc.wait(60)


# -- 1. nested output folders are one tree -----------------------------------------------------------


def test_a_batch_into_a_folder_inside_a_running_batchs_output_exits_2(tmp_path):
    src = articles(tmp_path / "inbox", "world/art0.txt", "world/art1.txt", "a.txt")
    out = tmp_path / "bo4"
    out.mkdir()
    holder = Holder(out)
    try:
        res = cli("batch", src / "world", "-o", out / "world", *EXTRACTIVE)
        assert res.exit_code == 2, res.output
        assert res.stderr == (f"summarize: error: {out / 'world'} lies in {os.path.realpath(out)}, which is in use by pid "
                              f"{holder.pid}" + IN_USE_TAIL)
        assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]  # nothing made inside the other batch's tree
        deeper = cli("batch", src / "world", "-o", out / "world" / "x", *EXTRACTIVE)
        assert deeper.exit_code == 2 and f"lies in {os.path.realpath(out)}, which is in use by pid {holder.pid}" in deeper.stderr
    finally:
        holder.close()
    assert cli("batch", src / "world", "-o", out / "world", *EXTRACTIVE).exit_code == 0  # free again


def test_a_batch_into_a_folder_above_a_running_batchs_output_exits_2(tmp_path):
    src = articles(tmp_path / "inbox", "world/art0.txt", "a.txt")
    out = tmp_path / "bo4"
    (out / "world").mkdir(parents=True)
    holder = Holder(out / "world")
    try:
        res = cli("batch", src, "-o", out, *EXTRACTIVE)
        assert res.exit_code == 2, res.output
        assert res.stderr == f"summarize: error: {out} holds {out / 'world'}, which is in use by pid {holder.pid}" + IN_USE_TAIL
        assert sorted(p.name for p in out.iterdir()) == ["world"]  # no lock, manifest or brief of ours
        assert sorted(p.name for p in (out / "world").iterdir()) == [LOCK_NAME]
    finally:
        holder.close()
    assert cli("batch", src, "-o", out, *EXTRACTIVE).exit_code == 0


def test_the_lock_itself_refuses_a_folder_above_or_below_a_held_one(tmp_path):
    """Checked again after the batch takes its own lock, so two starting together cannot both go."""
    outer, inner = tmp_path / "out", tmp_path / "out" / "sub"
    inner.mkdir(parents=True)
    with output_lock(outer):
        with pytest.raises(FolderInUseError) as err, output_lock(inner):
            pass
        assert err.value.busy == os.path.realpath(outer) and err.value.pid == os.getpid()
        assert err.value.exit_code == 2
    with output_lock(inner):
        with pytest.raises(FolderInUseError) as err, output_lock(outer):
            pass
        assert err.value.what == f"{outer} holds {inner}, which is in use by pid {os.getpid()}"
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out2").mkdir()
    with output_lock(inner), output_lock(tmp_path / "elsewhere"):
        pass  # a sibling is no neighbour
    with output_lock(outer), output_lock(tmp_path / "out2"):
        pass  # nor is a folder whose name starts the same


def test_wait_waits_for_a_batch_in_a_folder_below(tmp_path):
    src = articles(tmp_path / "inbox", "world/art0.txt", "a.txt")
    out = tmp_path / "out"
    (out / "world").mkdir(parents=True)
    with lock_held_until_waiting(out / "world") as (stream, events):
        res = batch([src], out, wait=True, stream=stream)
        events.append("batch done")
    assert f"\nsummarize: {out} holds {out / 'world'}, which is in use by pid {os.getpid()}; waiting (--wait)\n" \
           in "\n" + stream.getvalue()
    assert events == ["released", "batch done"] and res.exit_code == 0 and res.count("done") == 2


def test_a_batch_over_an_earlier_nested_batchs_folder_keeps_its_log_and_index(tmp_path):
    src = articles(tmp_path / "inbox", "world/art0.txt", "world/art1.txt", "a.txt")
    out = tmp_path / "bo4"
    assert batch([src / "world"], out / "world").count("done") == 2
    inner = {name: (out / "world" / name).read_bytes() for name in ("manifest.jsonl", "index.md", "index.html")}
    articles(src, "world/index.md.txt", "world/manifest.jsonl.txt", "world/index.html.txt")  # their folders would be those files
    res = batch([src], out)
    assert res.exit_code == 0, [(r.source.path.name, r.reason) for r in res.records]
    status = {r.source.path.name: (r.status, r.folder.relative_to(out).as_posix()) for r in res.records}
    assert status == {"a.txt": ("done", "a"), "art0.txt": ("skipped", "world/art0"), "art1.txt": ("skipped", "world/art1"),
                      "index.html.txt": ("done", "world/index.html-2"), "index.md.txt": ("done", "world/index.md-2"),
                      "manifest.jsonl.txt": ("done", "world/manifest.jsonl-2")}
    assert {name: (out / "world" / name).read_bytes() for name in inner} == inner  # the inner batch's files untouched
    again = batch([src / "world"], out / "world")  # and the inner batch finds every brief where it is
    assert again.exit_code == 0 and {r.status for r in again.records} == {"skipped"}


def test_an_empty_batchs_output_inside_an_input_is_not_read_as_articles(tmp_path):
    src = articles(tmp_path / "inbox", "a.txt")
    (tmp_path / "empty").mkdir()
    assert batch([tmp_path / "empty"], src / "old").records == []  # leaves old/index.md and its lock, no manifest
    assert (src / "old" / "index.md").is_file() and not (src / "old" / "manifest.jsonl").exists()
    res = batch([src], tmp_path / "out")
    assert [r.source.path.name for r in res.records] == ["a.txt"]


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


def test_a_lock_file_that_cannot_be_opened_is_a_usage_error_naming_it(tmp_path, monkeypatch):
    """A fresh user's report: a read-only ``.summarize.lock`` in a writable ``-o`` gave exit 1
    (which means an article failed) and a bare ``Permission denied``. It is exit 2, as a folder
    that is not writable is, saying what the file is for and what to do."""
    src = articles(tmp_path / "inbox", "a.txt")
    out = tmp_path / "out"
    out.mkdir()
    real_open = os.open

    def refusing(path, flags, *a, **kw):
        if os.fspath(path).endswith(LOCK_NAME):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *a, **kw)

    monkeypatch.setattr("summarize.jobs.lock.os.open", refusing)
    result = cli("batch", str(src), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"summarize: error: -o: cannot take the batch lock {out / LOCK_NAME} (Permission denied): "
                             "it keeps two batches from writing one folder; make it writable, or delete it when no "
                             "batch runs there\n")
    assert not (out / "a").exists()


# -- 4. article files left out because they lie in batch output ---------------------------------------


def test_articles_lying_in_the_output_folder_are_counted_and_named_not_dropped_in_silence(tmp_path):
    src = articles(tmp_path / "in8", "a.txt", "b.txt", "world/c.md", "world/d.md")
    out = src / "world"
    res = cli("batch", src, "-o", out, *EXTRACTIVE)
    assert res.exit_code == 0, res.output
    lines = res.stderr.splitlines()
    assert lines[0] == (f"summarize: warning: 2 article files below {out} are left out: it is the output folder "
                        "(its files are not read back); move them or choose another -o")
    assert lines[1] == f"summarize: 2 articles found below {src}; 0 up to date, 2 to do"
    listed = (out / "index.md").read_text(encoding="utf-8")
    assert "c.md" not in listed and "d.md" not in listed  # nothing recorded for them, nothing false
    # that folder named as a root: it says it is a batch's output folder, not "no .txt ... file"
    again = cli("batch", out, "-o", tmp_path / "out10", *EXTRACTIVE)
    assert again.exit_code == 0, again.output
    assert again.stderr.splitlines()[:2] == [
        f"summarize: warning: {out} is the output folder of a batch (it holds its manifest, index or lock file), whose "
        "files are not read as articles: 2 article files in it are left out; move them out of it, or name each file",
        f"summarize: no other .txt, .md, .markdown, .html or .htm file below {out}; nothing to do"]
    # below a root (once, though two roots reach it); the briefs and indexes there are not counted
    both = cli("batch", src, out, "-o", tmp_path / "out9", *EXTRACTIVE)
    assert both.stderr.splitlines()[:2] == [
        f"summarize: warning: 2 article files below {out} are left out: it is the output folder of a batch (it holds its "
        "manifest, index or lock file), whose files are not read as articles; move them out of it, or name each file",
        f"summarize: 2 articles found below {src}, {out}; 0 up to date, 2 to do"]


def test_a_batch_output_folder_below_a_root_with_only_its_briefs_is_not_mentioned(tmp_path):
    src = articles(tmp_path / "in", "a.txt", "b.txt")
    assert batch([src], src / "briefs").exit_code == 0  # index.md, index.html, brief.md files: all its own
    res = cli("batch", src, "-o", tmp_path / "out", *EXTRACTIVE)
    assert res.stderr.splitlines()[0] == f"summarize: 2 articles found below {src}; 0 up to date, 2 to do", res.output


def test_an_article_saved_into_a_briefs_folder_is_named_not_dropped(tmp_path):
    """An article of the user's inside an earlier brief's folder, in a plain input folder or below
    the output folder, was neither briefed nor counted in any warning (a fresh user's report)."""
    src = articles(tmp_path / "in", "a.txt", "b.txt")
    assert cli("run", src / "a.txt", "-o", src / "briefs", *EXTRACTIVE).exit_code == 0
    folder = src / "briefs" / "a"
    (folder / "sugar.txt").write_text((src / "b.txt").read_text(encoding="utf-8"), encoding="utf-8")
    res = cli("batch", src, "-o", tmp_path / "out", *EXTRACTIVE)
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines()[0] == (
        f"summarize: warning: 1 article file in {folder} is left out: it is a brief's folder (it holds "
        ".summarize-stamp.json), whose files are not read as articles; move it out of it, or name each file")
    assert "2 articles found" in res.stderr  # a.txt and b.txt; the brief's own brief.md and summary.en.txt are not counted
    counted = cli("batch", src, "-o", src / "briefs", *EXTRACTIVE)  # below the output folder: counted there
    assert "1 article file below" in counted.stderr.splitlines()[0] and "is left out: it is the output folder" in counted.stderr
