"""A fresh user's `summarize batch` report (fu-batch): a full disk while the indexes are written,
the counts of the line after an interrupted --force run, a link into the output folder."""

from __future__ import annotations

import errno
import os
from pathlib import Path, PurePosixPath

from click.testing import CliRunner

import summarize.jobs.index as index_module
from summarize.cli import main
from summarize.jobs.discover import Source
from summarize.jobs.records import ArticleRecord, BatchResult
from tests.test_batch_nested import EXTRACTIVE, articles


def cli(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def full_disk_at(monkeypatch, name: str) -> None:
    """Writing the index ``name`` fails as on a full disk (the other is written)."""
    real = index_module.atomic_write_bytes

    def write(path, data):
        if Path(path).name == name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as the write itself raises it: no file named
        return real(path, data)

    monkeypatch.setattr(index_module, "atomic_write_bytes", write)


def test_a_full_disk_at_index_html_names_the_file_and_keeps_the_summary_line(tmp_path, monkeypatch):
    src = articles(tmp_path / "in", "a.txt", "b.txt")
    out = tmp_path / "out"
    full_disk_at(monkeypatch, "index.html")
    res = cli("batch", src, "-o", out, *EXTRACTIVE, "-f", "md,html")
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert lines[-2].startswith("summarize: batch: 2 done, 0 skipped, 0 failed in ") and \
        lines[-2].endswith(f"; see {out / 'index.md'}"), res.stderr
    assert lines[-1] == (f"summarize: error: {out / 'index.html'}: No space left on device (index.md was written, "
                         "index.html not: there is none, until a run writes both)")
    assert (out / "index.md").is_file() and not (out / "index.html").exists()


def test_a_full_disk_at_index_md_writes_neither_and_says_so(tmp_path, monkeypatch):
    src = articles(tmp_path / "in", "a.txt")
    out = tmp_path / "out"
    assert cli("batch", src, "-o", out, *EXTRACTIVE, "-f", "md,html").exit_code == 0
    before = (out / "index.html").read_bytes()
    articles(src, "b.txt")
    full_disk_at(monkeypatch, "index.md")
    res = cli("batch", src, "-o", out, *EXTRACTIVE, "-f", "md,html")
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert lines[-2].startswith("summarize: batch: 1 done, 1 skipped, 0 failed in ") and \
        lines[-2].endswith("; the index could not be written (see the error below)"), res.stderr
    assert lines[-1] == (f"summarize: error: {out / 'index.md'}: No space left on device (index.html is left as it "
                         "was: neither index was rewritten)")
    assert (out / "index.html").read_bytes() == before  # the two still agree (on the run before)


def record(name: str, status: str, problem: str | None = None) -> ArticleRecord:
    return ArticleRecord(Source(Path(name), PurePosixPath(name), problem), None, status=status)


def test_the_line_after_an_interrupted_force_run_keeps_only_what_was_done_and_counts_articles(tmp_path):
    """It said "redoes all 6: run it without --force to keep the 2 just finished" for a run that
    finished nothing (the 2 were failures) and whose 6 counted a broken link."""
    records = [record("empty.txt", "failed"), record("broken.txt", "failed", "is a broken symbolic link"),
               *(record(f"a{k}.txt", "interrupted") for k in range(4))]
    line = BatchResult(tmp_path, records, 1.0, interrupted=True, forced=True).summary_line()
    assert ("0 done, 0 skipped, 2 failed, 4 not finished (interrupted; the same command with --force redoes all 5: "
            "run it without --force to finish the articles whose brief is missing or out of date)") in line, line
    records[2].status = "done"
    line = BatchResult(tmp_path, records, 1.0, interrupted=True, forced=True).summary_line()
    assert "redoes all 5: run it without --force to keep the 1 just finished and finish the articles" in line, line


def test_a_link_in_the_inbox_to_a_file_of_the_output_folder_is_named_and_not_briefed(tmp_path):
    """``ln -s ../out14/a/summary.en.txt in14/fromout.txt`` briefed one brief's summary as a new
    article (``out14/fromout``), with only the warning that the link reads a file outside the
    inbox."""
    src = articles(tmp_path / "in14", "a.txt")
    out = tmp_path / "out14"
    assert cli("batch", src, "-o", out, *EXTRACTIVE).exit_code == 0
    (src / "fromout.txt").symlink_to(out / "a" / "summary.en.txt")
    (out / "mine.txt").write_text("A note of my own in the output folder.\n", encoding="utf-8")
    (src / "mine-link.txt").symlink_to(out / "mine.txt")
    res = cli("batch", src, "-o", out, *EXTRACTIVE)
    assert res.exit_code == 0, res.output
    lines = res.stderr.splitlines()
    assert lines[:3] == [
        f"summarize: warning: {src / 'fromout.txt'} is left out: it is a link to {out / 'a' / 'summary.en.txt'}, in a "
        "brief's folder, whose files are not read back as articles",
        f"summarize: warning: {src / 'mine-link.txt'} is left out: it is a link to {out / 'mine.txt'}, in the output "
        "folder, whose files are not read back as articles",
        f"summarize: 1 article found below {src}; 1 up to date (--force redoes them), 0 to do"], res.stderr
    assert not (out / "fromout").exists() and not (out / "mine-link").exists()
    assert "fromout" not in (out / "index.md").read_text(encoding="utf-8")


def test_the_copies_a_briefs_folder_keeps_are_not_read_as_articles(tmp_path):
    """A brief's folder inside a root keeps a reviewer's edited files in ``edited/`` (and a
    review import's replaced ones in ``imported/``): the walk left the brief's own files out but
    took those copies (``b/edited/brief.3f2a.html``) as articles."""
    from summarize.jobs.discover import discover

    src = articles(tmp_path / "in", "a.txt")
    brief = src / "b"
    brief.mkdir()
    (brief / ".summarize-stamp.json").write_text("{}", encoding="utf-8")
    for kept in ("edited", "imported"):
        (brief / kept).mkdir()
        (brief / kept / "brief.3f2a.html").write_text("<p>An edited brief of my own.</p>", encoding="utf-8")
    (brief / "inner").mkdir()  # any other folder below it is still walked
    articles(brief / "inner", "c.txt")
    assert [s.rel.as_posix() for s in discover([src])] == ["a.txt", "b/inner/c.txt"]
