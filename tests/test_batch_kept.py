"""A fresh user's report: an interrupted `summarize batch --force` listed the earlier briefs that
were still whole on disk as "interrupted" with no link. An article interrupted or failed in a run
whose folder still holds a complete earlier brief (its stamp vouches for every file) stays listed
with its link, as "interrupted (earlier brief kept)" or "failed (earlier brief kept)"."""

from __future__ import annotations

import io
import os
import re
import signal
import time

from tests.fakes import TaggingTranslator
from tests.test_batch import PNG, fake_batch, manifest_lines, packaged, write_article  # noqa: F401 (a fixture)

KEPT = "interrupted (earlier brief kept)"


class Terminating(TaggingTranslator):
    """SIGTERM on the third article (one translate call per article with one target, group size 1)."""

    def translate(self, segments, source, target):
        if len(self.calls) == 2:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)
        return super().translate(segments, source, target)


def index_rows(out) -> dict[str, tuple[str, str]]:
    """``{input name: (status, brief cell)}`` of index.md."""
    rows = {}
    for line in (out / "index.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| \d+ \| `([^`]*)` \| ([^|]*) \| ([^|]*) \|", line)
        if m:
            rows[os.path.basename(m.group(1))] = (m.group(2).strip(), m.group(3).strip())
    return rows


def test_an_interrupted_forced_batch_keeps_the_earlier_briefs_listed(tmp_path, packaged):
    src, out = tmp_path / "in", tmp_path / "out"
    for k in range(5):
        write_article(src / f"a{k}.txt", k)
    first = fake_batch([src], out, packaged, targets="ur", group_size=1, formats="md,json,html")
    assert first.exit_code == 0
    os.unlink(out / "a4" / ".summarize-stamp.json")  # as a write killed with -9 leaves it: nothing vouches
    write_article(src / "a5.txt", 5)  # new: no earlier brief

    res = fake_batch([src], out, packaged, use_translator=Terminating(), targets="ur", group_size=1,
                     formats="md,json,html", force=True, handle_signals=True)
    assert res.interrupted and [r.status for r in res.records] == ["done", "done"] + ["interrupted"] * 4
    rows = index_rows(out)
    assert rows["a0.txt"][0] == rows["a1.txt"][0] == "done"
    for name in ("a2", "a3"):
        status, cell = rows[f"{name}.txt"]
        assert status == KEPT and cell.endswith(f"]({name}/brief.md)"), rows
        assert (out / name / "brief.md").is_file()
    assert rows["a4.txt"] == ("interrupted", "—") and rows["a5.txt"] == ("interrupted", "—")
    text = (out / "index.md").read_text(encoding="utf-8")
    assert "2 done, 2 interrupted (earlier brief kept), 2 interrupted" in text
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="a2/brief.html">' in page and KEPT in page and '<a href="a4/brief.html">' not in page

    # A later run narrowed to one article still lists them (from the manifest and the folders).
    assert fake_batch([src], out, packaged, targets="ur", group_size=1, formats="md,json,html",
                      globs=("a0.*",)).exit_code == 0
    assert index_rows(out)["a2.txt"][0] == KEPT
    # The next run without --force: their stamps vouch for them, so they are up to date.
    assert fake_batch([src], out, packaged, targets="ur", group_size=1, formats="md,json,html").exit_code == 0
    assert {k: s for k, (s, _) in index_rows(out).items()} == {
        "a0.txt": "skipped", "a1.txt": "skipped", "a2.txt": "skipped", "a3.txt": "skipped", "a4.txt": "done", "a5.txt": "done"}


def test_a_failed_article_whose_earlier_brief_is_whole_keeps_its_link(tmp_path, packaged):
    src, out = tmp_path / "in", tmp_path / "out"
    for k in range(2):
        write_article(src / f"a{k}.txt", k)
    assert fake_batch([src], out, packaged, targets="ur", formats="md,json").exit_code == 0
    (src / "a1.txt").write_bytes(PNG)  # the article is replaced by something unreadable
    res = fake_batch([src], out, packaged, targets="ur", formats="md,json")
    assert res.exit_code == 1
    status, cell = index_rows(out)["a1.txt"]
    assert status == "failed (earlier brief kept)" and cell.endswith("](a1/brief.md)")
    assert manifest_lines(out)[-1]["status"] == "failed"  # the manifest records what happened
    assert res.count("failed") == 1


def test_a_link_that_broke_keeps_the_link_to_its_earlier_brief(tmp_path, packaged):
    """A fresh user's report: an article found through a symbolic link, briefed, then its target
    moved away: the next batch said "is a broken symbolic link" (right) but listed the row with no
    link, though its folder still held the whole earlier brief (as a file made unreadable keeps
    it). The broken link's row keeps its folder: "failed (earlier brief kept)" with the link, in
    index.md and index.html; put back, the article is up to date in the same folder."""
    src, out, outside = tmp_path / "in", tmp_path / "out", tmp_path / "outside"
    write_article(src / "a0.txt", 0)
    write_article(outside / "story.txt", 1)
    (src / "linked.txt").symlink_to(outside / "story.txt")
    assert fake_batch([src], out, packaged, targets="ur", formats="md,json,html").exit_code == 0
    assert (out / "linked" / "brief.md").is_file()

    (outside / "story.txt").rename(outside / "moved.txt")
    stream = io.StringIO()
    res = fake_batch([src], out, packaged, targets="ur", formats="md,json,html", stream=stream)
    assert res.exit_code == 1
    assert f"summarize: error: {src / 'linked.txt'}: is a broken symbolic link" in stream.getvalue()
    status, cell = index_rows(out)["linked.txt"]
    assert status == "failed (earlier brief kept)" and cell.endswith("](linked/brief.md)")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="linked/brief.html">' in page
    assert (out / "linked" / "brief.md").is_file()  # the brief itself is untouched
    last = manifest_lines(out)[-1]
    assert last["status"] == "failed" and "broken symbolic link" in last["reason"]

    (outside / "moved.txt").rename(outside / "story.txt")  # the link leads to the article again
    again = fake_batch([src], out, packaged, targets="ur", formats="md,json,html")
    assert again.exit_code == 0 and [r.status for r in again.records] == ["skipped", "skipped"]
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["a0", "linked"]


def test_a_broken_link_does_not_take_a_folder_another_article_now_holds(tmp_path, packaged):
    """The folder a broken link's article once had, given since to another article (its earlier
    brief is gone): the broken link's row has no link, the other article's brief is not listed
    as the link's."""
    src, out, outside = tmp_path / "in", tmp_path / "out", tmp_path / "outside"
    write_article(outside / "story.txt", 1)
    (src).mkdir()
    (src / "linked.txt").symlink_to(outside / "story.txt")
    assert fake_batch([src], out, packaged, targets="ur", formats="md").exit_code == 0
    os.unlink(outside / "story.txt")
    write_article(src / "linked.md", 2)  # a newcomer that would be briefed into linked/
    res = fake_batch([src], out, packaged, targets="ur", formats="md", force=True)
    assert res.exit_code == 1
    by_name = {r.source.path.name: r for r in res.records}
    assert by_name["linked.md"].status == "done"
    assert by_name["linked.txt"].status == "failed"
    assert by_name["linked.txt"].folder != by_name["linked.md"].folder
