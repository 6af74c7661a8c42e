"""A fresh user's reports about `summarize batch`:

- run from another folder (`cd r1x && summarize batch . -o ../o19`), a batch dropped from
  index.md every article of earlier runs (started elsewhere): the manifest recorded `input` and
  `output` relative to the folder each run was started in, and the index read them from the
  current one. Lines now also record `input_path` (absolute) and `folder` (relative to the output
  root); older lines are placed by their folder's stamp;
- a FILE as a batch ROOT is taken (the help and docs/batch.md say so), and the README's table of
  exit codes no longer says it is an error;
- a stderr that cannot be written (`2>/dev/full`) killed the batch before any brief: progress
  lines are not the work, and the exit code is the work's.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import main
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"
X = ["-s", "extractive", "--no-translate", "-q"]
TRUCE, FLOOD = "Khalilzad meets Gen Qamar", "Relief convoys reach flood-hit villages"


def batch(*args: str) -> None:
    result = CliRunner().invoke(main, ["batch", *args, *X])
    assert result.exit_code == 0, result.output


def index_rows(out: Path) -> list[list[str]]:
    """Each row of index.md as its cells (#, article, status, brief, flags, notes)."""
    text = (out / "index.md").read_text(encoding="utf-8")
    return [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines() if re.match(r"^\| \d+ \|", line)]


def lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def two_roots(tmp_path, monkeypatch):
    """r1x/world/a.txt and r2x/world/a.txt, two different articles, in the current folder."""
    monkeypatch.chdir(tmp_path)
    for root, sample in (("r1x", "afghan-truce.txt"), ("r2x", "flood-relief.txt")):
        (tmp_path / root / "world").mkdir(parents=True)
        (tmp_path / root / "world" / "a.txt").write_bytes((SAMPLES / sample).read_bytes())
    return tmp_path


def test_a_batch_run_from_another_folder_keeps_every_article_in_the_index(two_roots, monkeypatch):
    batch("r1x", "-o", "o19")
    batch("r2x", "-o", "o19")
    assert len(index_rows(two_roots / "o19")) == 2
    monkeypatch.chdir(two_roots / "r1x")
    batch(".", "-o", "../o19")
    rows = index_rows(two_roots / "o19")
    assert len(rows) == 2, rows
    by_folder = {row[3].rsplit("(", 1)[1].rstrip(")"): row for row in rows}
    assert set(by_folder) == {"world/a/brief.md", "world/a-txt/brief.md"}
    assert TRUCE in by_folder["world/a/brief.md"][3] and by_folder["world/a/brief.md"][2] == "skipped"
    assert FLOOD in by_folder["world/a-txt/brief.md"][3] and by_folder["world/a-txt/brief.md"][2] == "done"
    # each line says where its article and brief are, whatever folder its run was started in
    for line in lines(two_roots / "o19"):
        assert os.path.isabs(line["input_path"]) and line["folder"] in ("world/a", "world/a-txt")
        assert line["input"] in ("r1x/world/a.txt", "r2x/world/a.txt", "world/a.txt")
    assert lines(two_roots / "o19")[-1]["folder"] == "world/a" and lines(two_roots / "o19")[-1]["output"] == "../o19/world/a"


def test_a_manifest_written_before_input_path_was_recorded_is_read_from_another_folder(two_roots, monkeypatch):
    batch("r1x", "-o", "o19")
    batch("r2x", "-o", "o19")
    manifest = two_roots / "o19" / "manifest.jsonl"
    old = [{k: v for k, v in line.items() if k not in ("input_path", "folder")} for line in lines(two_roots / "o19")]
    manifest.write_text("".join(json.dumps(line) + "\n" for line in old), encoding="utf-8")  # as older versions wrote it
    monkeypatch.chdir(two_roots / "r1x")
    batch(".", "-o", "../o19")
    rows = index_rows(two_roots / "o19")
    assert sorted(row[2] for row in rows) == ["done", "skipped"], rows  # r2x's is there, and not "input gone"
    assert any(FLOOD in row[3] and "world/a-txt/brief.md" in row[3] for row in rows)


def test_the_same_article_named_by_another_path_is_one_article(two_roots, monkeypatch):
    batch("r1x", "-o", "o19")
    (two_roots / "link").symlink_to(two_roots / "r1x")
    for root in (str(two_roots / "r1x"), "./r1x/", "link"):
        result = CliRunner().invoke(main, ["batch", root, "-o", "o19", *X[:-1]])
        assert result.exit_code == 0 and "1 up to date" in result.stderr, result.output
        rows = index_rows(two_roots / "o19")
        assert len(rows) == 1 and rows[0][2] == "skipped" and "world/a/brief.md" in rows[0][3], rows
    monkeypatch.chdir(two_roots / "r1x" / "world")  # the root one folder down: still its folder, still up to date
    batch(".", "-o", "../../o19")
    rows = index_rows(two_roots / "o19")
    assert len(rows) == 1 and rows[0][2] == "skipped" and "world/a/brief.md" in rows[0][3], rows
    assert not (two_roots / "o19" / "a").exists()


@pytest.fixture
def link_first(tmp_path, monkeypatch):
    """r/b/x.txt and r/a/link.txt, a symbolic link to it that sorts first, in the current folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r" / "a").mkdir(parents=True)
    (tmp_path / "r" / "b").mkdir()
    (tmp_path / "r" / "b" / "x.txt").write_bytes((SAMPLES / "afghan-truce.txt").read_bytes())
    (tmp_path / "r" / "a" / "link.txt").symlink_to(Path("..", "b", "x.txt"))
    return tmp_path


def stamps(out: Path) -> list[str]:
    return sorted(p.parent.relative_to(out).as_posix() for p in out.rglob(".summarize-stamp.json"))


def test_a_link_that_sorts_before_its_file_does_not_take_the_article_over(link_first):
    """The file, not a link to it that the walk meets first, names the article: `batch r` briefs
    r/b/x.txt into o/b/x (not o/a/link), and `batch r/b` later finds that brief up to date instead
    of making a second one, in o/x, that no index lists."""
    from summarize.jobs.discover import discover

    assert [s.path.as_posix() for s in discover(["r"])] == ["r/b/x.txt"]
    batch("r", "-o", "o")
    assert stamps(link_first / "o") == ["b/x"]
    assert [line["input_path"] for line in lines(link_first / "o")] == [str(link_first / "r" / "b" / "x.txt")]
    for root in ("r/b", "r", "r/a"):
        result = CliRunner().invoke(main, ["batch", root, "-o", "o", *X[:-1]])
        assert result.exit_code == 0 and "1 up to date" in result.stderr, (root, result.output)
        assert stamps(link_first / "o") == ["b/x"]
    rows = index_rows(link_first / "o")
    assert len(rows) == 1 and rows[0][2] == "skipped" and "b/x/brief.md" in rows[0][3], rows


def test_a_brief_made_through_a_link_is_found_by_the_file_itself(link_first):
    """Only the link below the root (`batch r/a`): the link names the brief's folder, o/link. The
    file itself (`batch r/b`, `batch r`) keeps that folder, up to date: no second brief."""
    batch("r/a", "-o", "o")
    assert stamps(link_first / "o") == ["link"]
    for root in ("r/b", "r", "r/b"):
        result = CliRunner().invoke(main, ["batch", root, "-o", "o", *X[:-1]])
        assert result.exit_code == 0 and "1 up to date" in result.stderr, (root, result.output)
        assert stamps(link_first / "o") == ["link"]
    rows = index_rows(link_first / "o")
    assert len(rows) == 1 and rows[0][2] == "skipped" and "link/brief.md" in rows[0][3], rows


def test_two_articles_that_want_one_folder_never_overwrite_each_other(two_roots, monkeypatch):
    # r1x/world/a.txt and r2x/world/a.txt both mirror to world/a: the second gets world/a-txt,
    # from any folder, and each brief stays its own article's
    batch("r1x", "-o", "o19")
    monkeypatch.chdir(two_roots / "r2x")
    batch(".", "-o", "../o19")
    monkeypatch.chdir(two_roots)
    batch("r1x", "-o", "o19")  # still up to date, where it was
    batch("r2x", "-o", "o19")
    out = two_roots / "o19"
    assert TRUCE in (out / "world" / "a" / "summary.en.txt").read_text(encoding="utf-8")
    assert FLOOD in (out / "world" / "a-txt" / "summary.en.txt").read_text(encoding="utf-8")
    assert [line["status"] for line in lines(out)] == ["done", "done", "skipped", "skipped"]


# -- a FILE as a batch ROOT -------------------------------------------------------------------


def test_a_file_as_a_batch_root_is_taken_and_the_readme_says_so(tmp_path):
    quake = tmp_path / "quake.txt"
    quake.write_bytes((SAMPLES / "afghan-truce.txt").read_bytes())
    result = CliRunner().invoke(main, ["batch", str(quake), "-o", str(tmp_path / "o32"), *X[:-1]])
    assert result.exit_code == 0 and "1 article found" in result.stderr, result.output
    assert (tmp_path / "o32" / "quake" / "summary.en.txt").is_file()
    help_text = " ".join(CliRunner().invoke(main, ["batch", "--help"]).output.split())
    assert "below each ROOT (a folder or a file)" in help_text and "a ROOT (a folder or an article file) does not exist" in help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    exit_1 = next(line for line in readme.splitlines() if line.startswith("| 1 |"))
    wanted = exit_1.split("is a file where a folder is wanted", 1)[1].split(":", 1)[0]
    assert "batch" not in wanted, exit_1  # a batch ROOT may be a file: no error to list there
    assert "a `batch` ROOT may be a folder or a file" in readme


# -- a stderr that cannot be written ------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_stderr_that_cannot_be_written_stops_no_work(tmp_path):
    src = tmp_path / "r1x" / "world"
    src.mkdir(parents=True)
    (src / "a.txt").write_bytes((SAMPLES / "afghan-truce.txt").read_bytes())
    (src / "empty.txt").write_bytes(b"")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}

    def cli(*args: str) -> int:
        with open("/dev/full", "w") as full:
            return subprocess.run([sys.executable, "-m", "summarize", *args, "-s", "extractive", "--no-translate"],
                                  env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=full, timeout=180).returncode

    assert cli("batch", "r1x", "-o", "o29", "--glob", "a.txt") == 0  # every article done: the work's exit code
    out = tmp_path / "o29"
    assert (out / "world" / "a" / "summary.en.txt").is_file() and (out / "index.md").is_file()
    assert [line["status"] for line in lines(out)] == ["done"]
    assert cli("batch", "r1x", "-o", "o29") == 1  # one article failed: its error line is lost, not its exit code
    assert sorted(line["status"] for line in lines(out)[1:]) == ["failed", "skipped"]
    assert cli("run", "r1x/world/a.txt", "-o", "o30") == 0
    assert (tmp_path / "o30" / "a" / "summary.en.txt").is_file()
    assert cli("run", "r1x/world/empty.txt", "-o", "o31") == 1


def test_a_progress_stream_that_cannot_be_written_stops_no_library_batch(tmp_path):
    from summarize.config import load_config, packaged_default_path
    from tests.test_batch import fake_batch

    class Full:
        writes = 0

        def write(self, text):
            Full.writes += 1
            raise OSError(28, "No space left on device")

        def flush(self):
            raise OSError(28, "No space left on device")

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes((SAMPLES / "afghan-truce.txt").read_bytes())
    result = fake_batch([tmp_path / "in"], tmp_path / "out", load_config(packaged_default_path()), targets="ur",
                        stream=Full(), tty=False)
    assert result.exit_code == 0 and [r.status for r in result.records] == ["done"]
    assert (tmp_path / "out" / "index.md").is_file() and Full.writes == 1  # given up at the first failure


STORY_A = ("Floods hit the north\n\nHeavy rain caused floods in three northern districts on Monday, officials "
           "said. At least 20 people died and 4,000 families left their homes. Rescue teams reached two of the "
           "districts by boat. Roads to the third district remain closed.\n")
STORY_B = ("Election results delayed\n\nThe election commission said on Tuesday that results would be delayed by "
           "two days. Officials blamed a shortage of staff in several provinces. Opposition parties called for calm "
           "while the count continues. Observers said the vote itself had been orderly.\n")


def test_an_archived_inbox_keeps_its_briefs_when_a_new_article_of_the_same_name_arrives(tmp_path, monkeypatch):
    """A fresh user's report (data loss): `mv inbox inbox-2026-11`, a batch of the archive (all up
    to date), then a new inbox/story.txt: the new article was given the archived article's folder,
    because the skip kept the stamp naming inbox/story.txt, and wrote over its brief (and its
    reviews). A skip of a moved article now records its path in the stamp."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "story.txt").write_text(STORY_A)
    batch("inbox", "-o", "briefs")
    (tmp_path / "inbox").rename(tmp_path / "inbox-2026-11")
    batch("inbox-2026-11", "-o", "briefs")  # up to date: nothing redone
    stamp = json.loads((tmp_path / "briefs" / "story" / ".summarize-stamp.json").read_text())
    assert stamp["input_path"] == str((tmp_path / "inbox-2026-11" / "story.txt").resolve())
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "story.txt").write_text(STORY_B)
    batch("inbox", "-o", "briefs")
    assert (tmp_path / "briefs" / "story" / "summary.en.txt").read_text().startswith("Floods hit the north")
    new = [p for p in (tmp_path / "briefs").iterdir() if p.is_dir() and p.name != "story"]
    assert len(new) == 1 and (new[0] / "summary.en.txt").read_text().startswith("Election results delayed")
    batch("inbox-2026-11", "-o", "briefs")  # still up to date, in its own folder
    assert (tmp_path / "briefs" / "story" / "summary.en.txt").read_text().startswith("Floods hit the north")
    assert sorted(p.name for p in (tmp_path / "briefs").iterdir() if p.is_dir()) == sorted(["story", new[0].name])


_REAL_SCANDIR = os.scandir


def _unlistable(monkeypatch, *locked: Path) -> None:
    """os.walk cannot list ``locked`` (as for a folder of mode 000 without root's override)."""
    real = _REAL_SCANDIR
    names = {str(p) for p in locked}

    def scandir(path="."):
        if os.path.abspath(path) in names:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_listed_is_told_and_fails_the_batch(tmp_path, monkeypatch):
    """A fresh user's report: an unreadable subfolder was skipped in silence (exit 0, nothing in
    the manifest or index) and an unreadable root was "nothing to do", exit 0: os.walk drops the
    errors of a folder it cannot list. The folder is now a name the batch cannot use (recorded as
    failed, exit 1, whatever --glob says), and a root that cannot be listed is an input that
    cannot be read (exit 1, one line)."""
    monkeypatch.chdir(tmp_path)
    locked = tmp_path / "in" / "2026" / "locked"
    locked.mkdir(parents=True)
    (tmp_path / "in" / "top.txt").write_text(STORY_A)
    (locked / "a.txt").write_text(STORY_B)
    _unlistable(monkeypatch, locked, tmp_path / "in2")
    for extra in ([], ["--glob", "*.txt"]):
        out = tmp_path / f"out{len(extra)}"
        result = CliRunner().invoke(main, ["batch", "in", "-o", str(out), *X, *extra])
        assert result.exit_code == 1, result.output
        assert "in/2026/locked: is a folder that cannot be listed (Permission denied)" in result.stderr
        assert [(r["input"], r["status"]) for r in lines(out)] == [("in/2026/locked", "failed"), ("in/top.txt", "done")]
        assert "locked" in (out / "index.md").read_text()
    monkeypatch.setattr(os, "scandir", _REAL_SCANDIR)
    result = CliRunner().invoke(main, ["batch", "in", "-o", str(tmp_path / "out0"), *X])  # readable again
    assert result.exit_code == 0, result.output
    rows = (tmp_path / "out0" / "index.md").read_text()
    assert "cannot be listed" not in rows and "2026/locked/a" in rows  # the stale failed row is gone
    _unlistable(monkeypatch, tmp_path / "in2")
    (tmp_path / "in2").mkdir()
    result = CliRunner().invoke(main, ["batch", "in2", "-o", str(tmp_path / "o2"), *X])
    assert result.exit_code == 1 and not (tmp_path / "o2").exists()
    assert result.stderr.strip() == ("summarize: error: in2: cannot be read: the folder cannot be listed "
                                     "(Permission denied)")
