"""batch and the translation memory: a brief is not up to date when the memory in use changed
(another file, none, one where there was none) or when the memory's entries would change it."""

from __future__ import annotations

import io
import json

import pytest

from summarize.errors import KeptEditsWarning
from summarize.jobs.stamp import STAMP_NAME, read_stamp
from summarize.tm.store import SqliteTM, TMEntry
from tests.test_batch import fake_batch, packaged, write_article  # noqa: F401 -- packaged is a fixture

EN, UR = "eng_Latn", "urd_Arab"


def brief_json(folder):
    return json.loads((folder / "brief.json").read_text(encoding="utf-8"))


def statuses(res):
    return [r.status for r in res.records]


def test_switching_the_memory_makes_articles_to_do(tmp_path, packaged):
    src = tmp_path / "in"
    write_article(src / "a.txt", 1)
    out = tmp_path / "out"
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"

    def again(**kw):
        return statuses(fake_batch([src], out, packaged, targets="ur", formats="json", **kw))

    assert again(no_tm=True) == ["done"] and again(no_tm=True) == ["skipped"]
    stream = io.StringIO()
    res = fake_batch([src], out, packaged, targets="ur", formats="json", tm=one, stream=stream)
    assert statuses(res) == ["done"]  # a memory where there was none (empty: the brief is the same)
    assert "0 up to date, 1 to do (1 because of the translation memory)" in stream.getvalue()
    assert read_stamp(out / "a")["tm"] == str(one.resolve())
    assert again(tm=one) == ["skipped"]
    assert again(tm=two) == ["done"] and again(tm=two) == ["skipped"]  # another memory file
    assert again(no_tm=True) == ["done"] and read_stamp(out / "a")["tm"] is None


def test_new_memory_entries_make_that_article_to_do(tmp_path, packaged):
    src = tmp_path / "in"
    write_article(src / "a.txt", 1)
    write_article(src / "b.txt", 2)
    out = tmp_path / "out"
    memory = SqliteTM(tmp_path / "tm.sqlite")

    def again(**kw):
        return statuses(fake_batch([src], out, packaged, targets="ur", formats="json", tm=memory.path, **kw))

    assert again() == ["done", "done"] and again() == ["skipped", "skipped"]
    title = brief_json(out / "a")["title"]
    assert title["targets"]["ur"]["origin"] == "mt"
    memory.add([TMEntry(title["source"], "from the memory", EN, UR)])
    stream = io.StringIO()
    res = fake_batch([src], out, packaged, targets="ur", formats="json", tm=memory.path, stream=stream)
    assert statuses(res) == ["done", "skipped"]  # only the article the entry matches
    assert "1 up to date (--force redoes them), 1 to do (1 because of the translation memory)" in stream.getvalue()
    ur = brief_json(out / "a")["title"]["targets"]["ur"]
    assert (ur["text"], ur["origin"]) == ("from the memory", "tm")
    assert again() == ["skipped", "skipped"]  # the memory's text is what the brief delivers now
    # the entry taken back: the brief's memory text is no longer what a rerun gives
    assert memory.forget([(title["source"], EN, UR, "from the memory")]) == 1
    assert again() == ["done", "skipped"]
    assert brief_json(out / "a")["title"]["targets"]["ur"]["origin"] == "mt"
    assert again() == ["skipped", "skipped"]


def test_a_review_wins_over_the_memory_and_an_old_stamp_is_judged_by_its_brief(tmp_path, packaged):
    from summarize.jobs.stamp import outdated_by_memory

    src = tmp_path / "in"
    write_article(src / "a.txt", 1)
    out = tmp_path / "out"
    memory = SqliteTM(tmp_path / "tm.sqlite")
    assert statuses(fake_batch([src], out, packaged, targets="ur", formats="json", tm=memory.path)) == ["done"]
    folder = out / "a"
    stamp = read_stamp(folder)
    where = stamp["tm"]
    data = brief_json(folder)
    source = data["segments"][0]["source"]
    memory.add([TMEntry(source, "from the memory", EN, UR)])
    assert outdated_by_memory(folder, stamp, where) == "translation memory changes 1 segment"
    # a reviewed segment keeps its review on a rerun (review.carry), so the memory changes nothing
    data["segments"][0]["targets"]["ur"]["review"] = {"status": "approved", "comment": None, "by": None, "at": None}
    (folder / "brief.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert outdated_by_memory(folder, stamp, where) is None
    # a stamp written before `tm` was recorded: the memory's path is not compared, its entries are
    old = {k: v for k, v in stamp.items() if k != "tm"}
    assert outdated_by_memory(folder, old, None) is None
    assert outdated_by_memory(folder, stamp, None) == "another translation memory"
    data["segments"][0]["targets"]["ur"]["review"] = None
    (folder / "brief.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert outdated_by_memory(folder, old, where) == "translation memory changes 1 segment"
    # through batch: an old stamp (no `tm`) and the same memory with nothing new is up to date
    with pytest.warns(KeptEditsWarning, match="edited by hand"):  # (the review put in above)
        assert statuses(fake_batch([src], out, packaged, targets="ur", formats="json", tm=memory.path,
                                   force=True)) == ["done"]
    fresh = read_stamp(folder)
    del fresh["tm"]
    (folder / STAMP_NAME).write_text(json.dumps(fresh), encoding="utf-8")
    assert statuses(fake_batch([src], out, packaged, targets="ur", formats="json", tm=memory.path)) == ["skipped"]
