"""A new user's report: `summarize batch coll -o cout` with only `a.txt` made `cout/a/`; a review
was imported there; then `a.md` was added and the same batch rerun. `a.txt` was redone into a new
`cout/a-txt/` (without its review, though it was up to date), `cout/a/` was left behind, and
index.md listed `a.txt` twice. An article that already has a folder in OUT keeps it (the
manifest's latest record, or its folder's stamp): only the newcomer is disambiguated (`a-md/`)."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from summarize.jobs.discover import Source, assign_folders, recorded_folders
from summarize.review import import_reviews, review_status
from tests.test_batch import fake_batch, manifest_lines, packaged, write_article  # noqa: F401 (a fixture)
from tests.test_review_loop import brief_json, cat_tool_edit, units

FORMATS = "md,json,xliff"


def index_inputs(out) -> list[str]:
    """The input cell of every row of index.md, in order."""
    text = (out / "index.md").read_text(encoding="utf-8")
    return re.findall(r"^\| \d+ \| `([^`]*)` \|", text, flags=re.M)


def test_a_briefed_article_keeps_its_folder_and_review_when_a_namesake_arrives(tmp_path, packaged, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative paths, as the user typed them
    coll, out = tmp_path / "coll", tmp_path / "cout"
    write_article(coll / "a.txt", 1)
    first = fake_batch(["coll"], "cout", packaged, targets="ur", formats=FORMATS)
    assert first.exit_code == 0 and [r.folder.name for r in first.records] == ["a"]
    folder = out / "a"
    xlf = folder / "brief.ur.xlf"
    ids = list(units(xlf.read_bytes()))
    reviewed = cat_tool_edit(xlf, tmp_path / "reviewed.ur.xlf", edit={ids[1]: "سڑک کا منصوبہ"}, approve=[ids[0]], reject=[])
    import_reviews([reviewed], brief=folder, tm=None)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert brief_json(folder)["segments"][0]["targets"]["ur"]["review"]["status"] == "edited"

    write_article(coll / "a.md", 2)
    second = fake_batch(["coll"], "cout", packaged, targets="ur", formats=FORMATS)
    assert second.exit_code == 0
    got = {r.source.path.name: (r.folder.name, r.status) for r in second.records}
    assert got == {"a.txt": ("a", "skipped"), "a.md": ("a-md", "done")}
    assert not (out / "a-txt").exists()
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert after == before  # untouched: the review is still there
    assert brief_json(folder)["segments"][0]["targets"]["ur"]["review"]["status"] == "edited"
    assert json.loads((out / "a-md" / ".summarize-stamp.json").read_text(encoding="utf-8"))["input"] == "coll/a.md"
    assert sorted(b["folder"] for b in review_status(out)["briefs"]) == ["a", "a-md"]
    assert sorted(index_inputs(out)) == ["coll/a.md", "coll/a.txt"]  # each input once

    # And so on every later run: nothing moves, nothing is redone.
    third = fake_batch(["coll"], "cout", packaged, targets="ur", formats=FORMATS)
    assert {r.source.path.name: (r.folder.name, r.status) for r in third.records} == {
        "a.txt": ("a", "skipped"), "a.md": ("a-md", "skipped")}
    assert sorted(index_inputs(out)) == ["coll/a.md", "coll/a.txt"]
    # A fresh output folder still follows the clash rule.
    fresh = fake_batch(["coll"], "fresh", packaged, targets="ur", formats=FORMATS)
    assert sorted(r.folder.name for r in fresh.records) == ["a-md", "a-txt"]


def test_a_briefed_article_keeps_its_folder_when_the_batch_runs_from_another_folder(tmp_path, packaged, monkeypatch):
    """The stamp's input as typed (`coll/a.txt`) names nothing from another working folder; its
    input_path finds the article from any, so a.txt keeps `a/` when a.md arrives."""
    monkeypatch.chdir(tmp_path)
    write_article(tmp_path / "coll" / "a.txt", 1)
    assert fake_batch(["coll"], "cout", packaged, targets="ur", formats=FORMATS).exit_code == 0
    (tmp_path / "cout" / "manifest.jsonl").unlink()  # its inputs are as typed, too: the stamp alone says
    write_article(tmp_path / "coll" / "a.md", 2)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    res = fake_batch(["../coll"], "../cout", packaged, targets="ur", formats=FORMATS)
    assert {r.source.path.name: (r.folder.name, r.status) for r in res.records} == {
        "a.txt": ("a", "skipped"), "a.md": ("a-md", "done")}


def test_a_brief_known_only_by_its_stamp_keeps_its_folder(tmp_path, packaged):
    coll, out = tmp_path / "coll", tmp_path / "cout"
    write_article(coll / "a.txt", 1)
    assert fake_batch([coll], out, packaged, targets="ur", formats=FORMATS).exit_code == 0
    (out / "manifest.jsonl").unlink()  # as after `summarize run`, which keeps no manifest
    write_article(coll / "a.md", 2)
    res = fake_batch([coll], out, packaged, targets="ur", formats=FORMATS)
    assert {r.source.path.name: (r.folder.name, r.status) for r in res.records} == {
        "a.txt": ("a", "skipped"), "a.md": ("a-md", "done")}


def test_a_narrowed_run_does_not_hand_an_article_s_folder_to_a_namesake(tmp_path, packaged):
    coll, out = tmp_path / "coll", tmp_path / "cout"
    write_article(coll / "a.txt", 1)
    assert fake_batch([coll], out, packaged, targets="ur", formats=FORMATS).exit_code == 0
    write_article(coll / "a.md", 2)
    res = fake_batch([coll], out, packaged, targets="ur", formats=FORMATS, globs=("*.md",))
    assert [(r.folder.name, r.status) for r in res.records] == [("a-md", "done")]
    assert json.loads((out / "a" / ".summarize-stamp.json").read_text(encoding="utf-8"))["input"] == str(coll / "a.txt")
    assert sorted(index_inputs(out)) == sorted([str(coll / "a.md"), str(coll / "a.txt")])


def test_recorded_folders_honour_the_clash_rule_s_names_only(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    src = tmp_path / "in"
    lines = [{"input": str(src / "a.txt"), "output": str(out / "a"), "status": "done"},
             {"input": str(src / "b.txt"), "output": str(out / "elsewhere"), "status": "done"},  # not a name the rule gives
             {"input": str(src / "c.txt"), "output": str(tmp_path / "outside" / "c"), "status": "done"}]  # not below out
    (out / "manifest.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    recorded = recorded_folders(out)
    assert recorded[str(src / "a.txt")] == PurePosixPath("a") and str(src / "c.txt") not in recorded
    sources = [Source(src / n, PurePosixPath(n)) for n in ("a.md", "a.txt", "b.md", "b.txt")]
    names = [p.name for p in assign_folders(sources, out, recorded)]
    assert names == ["a-md", "a", "b-md", "b-txt"]
    assert [p.name for p in assign_folders(sources, out)] == ["a-md", "a-txt", "b-md", "b-txt"]


def test_the_index_lists_an_input_once_even_when_an_earlier_run_moved_it(tmp_path):
    from summarize.jobs.index import latest_rows

    out, src = tmp_path / "out", tmp_path / "in"
    out.mkdir()
    lines = [{"input": str(src / "a.txt"), "output": str(out / "a"), "status": "done"},  # as the bug left them
             {"input": str(src / "a.txt"), "output": str(out / "a-txt"), "status": "done"},
             {"input": str(src / "a.md"), "output": str(out / "a-md"), "status": "done"},
             {"input": str(src / "b.txt"), "output": str(out / "b"), "status": "done"},
             {"input": str(src / "c.txt"), "output": str(out / "b"), "status": "done"}]  # c.txt took b's folder
    (out / "manifest.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    rows = latest_rows(out)
    assert [(r.input, r.folder) for r in rows] == [
        (str(src / "a.md"), "a-md"), (str(src / "a.txt"), "a-txt"), (str(src / "c.txt"), "b")]


# -- another report: `batch r1 -o ob5` made `ob5/a/`; `batch r1 r2 -o ob5` redid r1/a.txt into
# `ob5/r1/a/` ("0 up to date, 3 to do"), left `ob5/a/` behind, out of index.md, with its reviews.
# An article keeps its folder when roots are added, reordered or left out.


def folders_and_status(result) -> dict[str, tuple[str, str]]:
    return {str(r.source.path): (r.folder.relative_to(result.out_root).as_posix(), r.status) for r in result.records}


def test_adding_a_root_keeps_an_article_s_folder_up_to_date_with_its_review(tmp_path, packaged, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative paths, as the user typed them
    out = tmp_path / "ob5"
    write_article(tmp_path / "r1" / "a.txt", 1)
    first = fake_batch(["r1"], "ob5", packaged, targets="ur", formats=FORMATS)
    assert first.exit_code == 0 and folders_and_status(first) == {"r1/a.txt": ("a", "done")}
    folder = out / "a"
    xlf = folder / "brief.ur.xlf"
    ids = list(units(xlf.read_bytes()))
    reviewed = cat_tool_edit(xlf, tmp_path / "reviewed.ur.xlf", edit={ids[1]: "سڑک کا منصوبہ"}, approve=[ids[0]], reject=[])
    import_reviews([reviewed], brief=folder, tm=None)
    (folder / "notes.review.txt").write_text("checked by the desk\n", encoding="utf-8")  # a file a reviewer left
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}

    write_article(tmp_path / "r2" / "b.txt", 2)
    write_article(tmp_path / "r2" / "c.txt", 3)
    second = fake_batch(["r1", "r2"], "ob5", packaged, targets="ur", formats=FORMATS)
    assert second.exit_code == 0
    assert folders_and_status(second) == {"r1/a.txt": ("a", "skipped"), "r2/b.txt": ("r2/b", "done"),
                                          "r2/c.txt": ("r2/c", "done")}
    assert not (out / "r1").exists()
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before  # untouched, review and all
    assert brief_json(folder)["segments"][0]["targets"]["ur"]["review"]["status"] == "edited"
    assert index_inputs(out) == ["r1/a.txt", "r2/b.txt", "r2/c.txt"]
    assert "](a/brief.md)" in (out / "index.md").read_text(encoding="utf-8")

    # The roots in another order, then one left out: nothing moves, nothing is redone.
    third = fake_batch(["r2", "r1"], "ob5", packaged, targets="ur", formats=FORMATS)
    assert folders_and_status(third) == {"r1/a.txt": ("a", "skipped"), "r2/b.txt": ("r2/b", "skipped"),
                                         "r2/c.txt": ("r2/c", "skipped")}
    fourth = fake_batch(["r2"], "ob5", packaged, targets="ur", formats=FORMATS)
    assert folders_and_status(fourth) == {"r2/b.txt": ("r2/b", "skipped"), "r2/c.txt": ("r2/c", "skipped")}
    assert not (out / "b").exists() and not (out / "c").exists()
    assert index_inputs(out) == ["r1/a.txt", "r2/b.txt", "r2/c.txt"]
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    # A fresh output folder still mirrors the roots.
    fresh = fake_batch(["r1", "r2"], "fresh", packaged, targets="ur", formats=FORMATS)
    assert sorted(f for f, _ in folders_and_status(fresh).values()) == ["r1/a", "r2/b", "r2/c"]


def test_roots_of_the_same_name_given_in_another_order_keep_their_folders(tmp_path, packaged, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_article(tmp_path / "in1" / "news" / "a.txt", 1)
    write_article(tmp_path / "in2" / "news" / "a.txt", 2)
    first = fake_batch(["in1/news", "in2/news"], "out", packaged, targets="ur", formats=FORMATS)
    assert folders_and_status(first) == {"in1/news/a.txt": ("news/a", "done"), "in2/news/a.txt": ("news-2/a", "done")}
    swapped = fake_batch(["in2/news", "in1/news"], "out", packaged, targets="ur", formats=FORMATS)
    assert folders_and_status(swapped) == {"in1/news/a.txt": ("news/a", "skipped"),
                                           "in2/news/a.txt": ("news-2/a", "skipped")}
    for folder, inp in (("news/a", "in1/news/a.txt"), ("news-2/a", "in2/news/a.txt")):
        assert json.loads((tmp_path / "out" / folder / ".summarize-stamp.json").read_text(encoding="utf-8"))["input"] == inp


def test_a_newcomer_never_takes_the_folder_an_article_keeps_under_other_roots(tmp_path, packaged, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "ob5"
    write_article(tmp_path / "r1" / "a.txt", 1)
    assert folders_and_status(fake_batch(["r1"], "ob5", packaged, targets="ur", formats=FORMATS)) == {
        "r1/a.txt": ("a", "done")}
    before = {p.name: p.read_bytes() for p in (out / "a").iterdir() if p.is_file()}
    # x/a.txt, given as a root, would be `a/` in a fresh folder: the name r1/a.txt keeps.
    write_article(tmp_path / "x" / "a.txt", 2)
    res = fake_batch(["r1", "x/a.txt"], "ob5", packaged, targets="ur", formats=FORMATS)
    assert res.exit_code == 0
    assert folders_and_status(res) == {"r1/a.txt": ("a", "skipped"), "x/a.txt": ("a-2", "done")}
    assert {p.name: p.read_bytes() for p in (out / "a").iterdir() if p.is_file()} == before
    assert json.loads((out / "a-2" / ".summarize-stamp.json").read_text(encoding="utf-8"))["input"] == "x/a.txt"
    assert index_inputs(out) == ["r1/a.txt", "x/a.txt"]
    again = fake_batch(["x/a.txt", "r1"], "ob5", packaged, targets="ur", formats=FORMATS)
    assert folders_and_status(again) == {"r1/a.txt": ("a", "skipped"), "x/a.txt": ("a-2", "skipped")}


def test_a_kept_folder_must_mirror_the_end_of_the_file_s_own_path(tmp_path):
    out, src = tmp_path / "out", tmp_path / "inbox" / "news"
    out.mkdir()
    a, b, c, d = (str(src / "2020" / n) for n in ("a.txt", "b.txt", "c.txt", "d.txt"))
    recorded = {a: PurePosixPath("news-3/2020/a"),  # a root's label with its -N, then the folders below it
                b: PurePosixPath("inbox/news/2020/b-txt-2"),  # a root further up
                c: PurePosixPath("other/2020/c"),  # not where c.txt lies
                d: PurePosixPath("2020/news/d")}  # the folders in another order
    sources = [Source(Path(p), PurePosixPath("2020", Path(p).name)) for p in (a, b, c, d)]
    names = [p.relative_to(out).as_posix() for p in assign_folders(sources, out, recorded)]
    assert names == ["news-3/2020/a", "inbox/news/2020/b-txt-2", "2020/c", "2020/d"]


def test_a_folder_recorded_for_an_article_that_does_not_keep_it_is_given_to_no_other(tmp_path):
    out, src = tmp_path / "out", tmp_path / "in"
    out.mkdir()
    (src).mkdir()
    (src / "b.txt").write_text("b", encoding="utf-8")
    recorded = {str(src / "b.txt"): PurePosixPath("elsewhere")}  # not a name b.txt can keep
    sources = [Source(src / n, PurePosixPath(n)) for n in ("b.txt", "elsewhere.txt")]
    assert [p.name for p in assign_folders(sources, out, recorded)] == ["b", "elsewhere-txt"]
