"""A fresh user's report: a reviewer edited briefs/article/brief.ur.xlf in place, as the README's
loop says, and a rerun before `summarize review import` threw the edit away without a word.
A rerun now keeps such a file in the folder's edited/ first and warns."""

from __future__ import annotations

import json
import warnings

import pytest

from summarize.errors import KeptEditsWarning
from summarize.jobs.stamp import STAMP_NAME, stamped_files
from summarize.writers.folder import EDITED_DIR, keep_unimported_edits
from tests.test_fresh_user import run
from tests.test_review_kept import _batch
from tests.test_review_loop import ARTICLE, cat_tool_edit

EDIT_UR = "سڑک کا منصوبہ منظور ہو گیا۔"


def _translated(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "herat.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    _batch(src, out)
    return src, out, out / "herat"


def test_an_untouched_brief_has_no_edits(tmp_path):
    _, _, folder = _translated(tmp_path)
    names = stamped_files(folder)
    assert len(names) >= 6  # every format of a translated brief: rendering brief.json gives them back
    assert keep_unimported_edits(folder, names) == []


def test_a_rerun_keeps_an_xliff_edited_in_place_and_warns(tmp_path):
    src, out, folder = _translated(tmp_path)
    xlf = folder / "brief.ur.xlf"
    cat_tool_edit(xlf, xlf, edit={"0": EDIT_UR}, approve=[], reject=[])  # edited in place, not imported
    edited = xlf.read_bytes()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _batch(src, out)
    kept = list((folder / EDITED_DIR).glob("brief.ur.*.xlf"))
    assert len(kept) == 1 and kept[0].read_bytes() == edited
    assert EDIT_UR not in xlf.read_text(encoding="utf-8")  # the new brief's file, as before
    messages = [str(w.message) for w in caught if issubclass(w.category, KeptEditsWarning)]
    assert len(messages) == 1 and str(xlf) in messages[0] and str(kept[0]) in messages[0]
    # a second rerun has nothing new to keep: the folder's files are the brief's own again
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _batch(src, out)
    assert not [w for w in caught if issubclass(w.category, KeptEditsWarning)]
    assert len(list((folder / EDITED_DIR).iterdir())) == 1


def test_an_imported_review_is_not_kept_again(tmp_path):
    from summarize.review import import_reviews

    src, out, folder = _translated(tmp_path)
    review = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "herat.ur.xlf", edit={"0": EDIT_UR}, approve=[], reject=[])
    import_reviews([review], brief=folder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _batch(src, out)
    assert not [w for w in caught if issubclass(w.category, KeptEditsWarning)]
    assert not (folder / EDITED_DIR).exists()


def test_run_prints_one_warning_line(tmp_path):
    article = tmp_path / "talks.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "briefs"
    args = ["run", article, "-s", "extractive", "--no-translate", "-o", out]
    assert run(*args).exit_code == 0
    tsv = out / "talks" / "brief.tsv"
    tsv.write_text(tsv.read_text(encoding="utf-8").replace("\t", "\tREVIEWED ", 1), encoding="utf-8")
    result = run(*args)
    assert result.exit_code == 0
    lines = [x for x in result.stderr.splitlines() if x.startswith("summarize: warning:")]
    assert len(lines) == 1 and "brief.tsv held edits not imported yet" in lines[0]
    assert "REVIEWED" in next((out / "talks" / EDITED_DIR).glob("brief.*.tsv")).read_text(encoding="utf-8")
    assert "REVIEWED" not in run(*args, "-q").stderr


def test_run_refuses_an_article_inside_its_own_brief_folder(tmp_path):
    """A fresh user's report: `summarize run o9/brief/brief.md -o o9` replaced the article with
    the brief.md it wrote (batch already refused an input inside its output folder)."""
    folder = tmp_path / "o9" / "brief"
    folder.mkdir(parents=True)
    article = folder / "brief.md"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run("run", article, "-s", "extractive", "--no-translate", "-o", tmp_path / "o9")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"summarize: error: {article}: lies in the folder its brief is written to "
                                     f"({folder}/), where the brief would overwrite it; move it, or give another -o")
    assert article.read_text(encoding="utf-8") == ARTICLE and sorted(p.name for p in folder.iterdir()) == ["brief.md"]
    # elsewhere in the output root is fine: its brief goes to a folder of its own
    result = run("run", article, "-s", "extractive", "--no-translate", "-o", folder)
    assert result.exit_code == 0 and article.read_text(encoding="utf-8") == ARTICLE
    assert (folder / "brief" / "brief.json").is_file()


def test_two_versions_of_an_article_under_odd_suffixes_get_two_folders(tmp_path):
    for name in ("story.v2", "story.v3"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "briefs"
    result = run("run", tmp_path / "story.v2", tmp_path / "story.v3", "-s", "extractive", "--no-translate", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["story.v2", "story.v3"]


def test_a_review_page_written_alone_can_be_imported(tmp_path):
    """A fresh user's report: `summarize run article.html --back-translate --format html` (the
    README's review page) wrote no brief.json, so the page's export could never be imported."""
    import io
    import json

    from summarize.config import load_config, packaged_default_path
    from summarize.jobs.batch import BatchOptions, run_batch
    from summarize.review import import_reviews
    from summarize.settings import Settings
    from tests.fakes import FirstSentencesSummarizer, TaggingTranslator

    src = tmp_path / "in"
    src.mkdir()
    (src / "herat.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    settings = Settings.from_options(config=load_config(packaged_default_path()), targets="ur", formats="html", no_tm=True)
    res = run_batch([src], settings, out, BatchOptions(force=True), stream=io.StringIO(), handle_signals=False,
                    use_summarizer=FirstSentencesSummarizer(3), use_translator=TaggingTranslator())
    assert res.exit_code == 0
    folder = out / "herat"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == ["brief.html", "brief.json"]
    data = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    export = tmp_path / "brief.review.json"
    export.write_text(json.dumps({"format": "summarize-review", "version": 1,
                                  "brief": {"id": data["id"], "content_hash": data["content_hash"]},
                                  "reviewer": "Amina", "decisions": [{"segment": 0, "target": "ur", "status": "approved"}]}),
                      encoding="utf-8")
    import_reviews([export], brief=folder)
    seg = json.loads((folder / "brief.json").read_text(encoding="utf-8"))["segments"][0]
    assert seg["targets"]["ur"]["review"]["status"] == "approved"


def test_a_plain_format_alone_still_writes_only_itself(tmp_path):
    article = tmp_path / "talks.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run("run", article, "-s", "extractive", "--no-translate", "-f", "md", "-o", tmp_path / "b").exit_code == 0
    assert [p.name for p in (tmp_path / "b" / "talks").iterdir() if not p.name.startswith(".")] == ["brief.md"]


def test_a_users_own_file_in_a_brief_folder_is_kept(tmp_path):
    """A fresh user's report: files of one's own under a brief file's name (summary.en.txt,
    brief.tsv) in the folder were replaced with no copy kept."""
    article = tmp_path / "markets.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    folder = tmp_path / "ub" / "markets"
    folder.mkdir(parents=True)
    (folder / "summary.en.txt").write_text("USER OWN FILE\n", encoding="utf-8")
    (folder / "notes.txt").write_text("NOTES\n", encoding="utf-8")
    result = run("run", article, "-s", "extractive", "--no-translate", "-o", tmp_path / "ub")
    assert result.exit_code == 0, result.output
    kept = list((folder / EDITED_DIR).glob("summary.en.*.txt"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "USER OWN FILE\n"
    assert "summary.en.txt was not written by summarize; kept it as" in result.stderr
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "NOTES\n"  # no brief's name: left alone
    assert "USER OWN FILE" not in (folder / "summary.en.txt").read_text(encoding="utf-8")


def test_run_refuses_to_replace_the_brief_of_another_article_of_the_same_name(tmp_path):
    """A fresh user's report: world/index.txt, then sport/index.txt, with the same -o: the second
    replaced the first's brief (and its reviews) without a word."""
    for sub in ("world", "sport"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "index.txt").write_text(ARTICLE.replace("Herat", sub.title()), encoding="utf-8")
    out = tmp_path / "briefs"
    common = ["-s", "extractive", "--no-translate", "-o", out]
    assert run("run", tmp_path / "world" / "index.txt", *common).exit_code == 0
    before = (out / "index" / "brief.json").read_bytes()
    result = run("run", tmp_path / "sport" / "index.txt", *common)
    assert result.exit_code == 1
    assert "holds the brief of another article" in one_line(result) and str(tmp_path / "world" / "index.txt") in result.stderr
    assert (out / "index" / "brief.json").read_bytes() == before
    # refused before any model is wanted: not the missing-model error of the packaged summariser
    slow = run("run", tmp_path / "sport" / "index.txt", "--no-translate", "--offline", "-o", out)
    assert slow.exit_code == 1 and "holds the brief of another article" in one_line(slow)
    assert run("run", tmp_path / "world" / "index.txt", *common).exit_code == 0  # its own rerun goes on
    (tmp_path / "world" / "index.txt").rename(tmp_path / "world" / "old.txt")  # gone: the folder is free
    assert run("run", tmp_path / "sport" / "index.txt", *common).exit_code == 0


def test_run_of_standard_input_refuses_the_folder_of_a_files_brief(tmp_path):
    """A fresh user's report: `summarize run -` into the folder of stdin.txt's brief replaced it
    (rc 0), while two files are refused. `-` over an earlier `-` is a rerun."""
    (tmp_path / "cli").mkdir()
    article = tmp_path / "cli" / "stdin.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "briefs"
    common = ["-s", "extractive", "--no-translate", "-o", out]
    assert run("run", article, *common).exit_code == 0
    before = (out / "stdin" / "brief.json").read_bytes()
    result = run("run", "-", *common, input=ARTICLE.replace("Herat", "Kabul"))
    assert result.exit_code == 1, result.output
    assert f"summarize: error: -: {out / 'stdin'}/ holds the brief of another article, {article.resolve()}," in one_line(result)
    assert (out / "stdin" / "brief.json").read_bytes() == before
    article.unlink()  # gone: the folder is free, and `-` over `-` reruns
    for _ in range(2):
        assert run("run", "-", *common, input=ARTICLE).exit_code == 0


def test_the_same_name_check_holds_from_another_working_folder(tmp_path, monkeypatch):
    """A fresh user's report: the stamp's `input` is the path as typed (`world/index.txt`); from
    another working folder it named nothing, and `run` replaced the other article's brief."""
    for sub in ("world", "sport"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "index.txt").write_text(ARTICLE.replace("Herat", sub.title()), encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    out = tmp_path / "briefs"
    common = ["-s", "extractive", "--no-translate", "-o", out]
    monkeypatch.chdir(tmp_path)
    assert run("run", "world/index.txt", *common).exit_code == 0  # a relative path, as typed
    stamp = json.loads((out / "index" / STAMP_NAME).read_text(encoding="utf-8"))
    assert (stamp["input"], stamp["input_path"]) == ("world/index.txt", str((tmp_path / "world" / "index.txt").resolve()))
    before = (out / "index" / "brief.json").read_bytes()
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = run("run", "../sport/index.txt", *common)
    assert result.exit_code == 1, result.output
    assert f"holds the brief of another article, {stamp['input_path']}," in one_line(result)
    assert (out / "index" / "brief.json").read_bytes() == before
    assert run("run", "../world/index.txt", *common).exit_code == 0  # the same article, from here: its rerun goes on


def test_a_stamp_without_input_path_is_still_read(tmp_path, monkeypatch):
    """Stamps written before input_path was recorded: their `input`, as typed, is taken from the
    current folder, as before."""
    for sub in ("world", "sport"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "index.txt").write_text(ARTICLE.replace("Herat", sub.title()), encoding="utf-8")
    out = tmp_path / "briefs"
    common = ["-s", "extractive", "--no-translate", "-o", out]
    monkeypatch.chdir(tmp_path)
    assert run("run", "world/index.txt", *common).exit_code == 0
    path = out / "index" / STAMP_NAME
    old = json.loads(path.read_text(encoding="utf-8"))
    old.pop("input_path", None)
    path.write_text(json.dumps(old), encoding="utf-8")
    result = run("run", "sport/index.txt", *common)
    assert result.exit_code == 1 and "holds the brief of another article, world/index.txt," in one_line(result)
    assert run("run", "world/index.txt", *common).exit_code == 0


def one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarize: error: "), result.stderr
    return lines[0]


def _kept_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, KeptEditsWarning)]


def _rerun(src, out):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _batch(src, out)
    return _kept_warnings(caught)


def test_a_rerun_keeps_an_unreadable_brief_json_and_the_files_its_reviews_live_in(tmp_path):
    """A fresh user's report: a brief.json cut short (a crash, a bad hand edit) made the rerun
    drop every review without a word, and regenerate the reviewed brief.ur.xlf away."""
    from summarize.review import import_reviews

    src, out, folder = _translated(tmp_path)
    xlf = folder / "brief.ur.xlf"
    cat_tool_edit(xlf, xlf, edit={}, approve=["0"], reject=[])
    import_reviews([xlf], brief=folder)  # in place, as the README's loop does
    assert brief_json_of(folder)["segments"][0]["targets"]["ur"]["review"]["status"] == "approved"
    reviewed_xlf = xlf.read_bytes()
    damaged = (folder / "brief.json").read_bytes()[:-40]
    (folder / "brief.json").write_bytes(damaged)
    messages = _rerun(src, out)
    kept_json = list((folder / EDITED_DIR).glob("brief.*.json"))
    assert len(kept_json) == 1 and kept_json[0].read_bytes() == damaged
    [kept_xlf] = (folder / EDITED_DIR).glob("brief.ur.*.xlf")
    assert kept_xlf.read_bytes() == reviewed_xlf
    about_json = [m for m in messages if m.startswith(f"{folder / 'brief.json'} ")]
    assert len(about_json) == 1 and "is not valid JSON" in about_json[0] and "could not be carried over" in about_json[0]
    about_xlf = [m for m in messages if m.startswith(f"{xlf} ")]
    assert len(about_xlf) == 1 and f"summarize review import {kept_xlf} --brief {folder}" in about_xlf[0]
    # what the warning says brings the review back
    import_reviews([kept_xlf], brief=folder)
    assert brief_json_of(folder)["segments"][0]["targets"]["ur"]["review"]["status"] == "approved"
    assert _rerun(src, out) == []  # a rerun after that keeps nothing new


def test_a_hand_edit_of_brief_json_is_kept_and_taken_as_an_edit(tmp_path):
    """A fresh user's report: a valid hand edit of brief.json made the rerun keep six files nobody
    touched (they differed from what the edited brief.json renders) and throw the edit away."""
    src, out, folder = _translated(tmp_path)
    path = folder / "brief.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["segments"][1]["targets"]["ur"]["text"] = "HAND EDIT"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edited = path.read_bytes()
    messages = _rerun(src, out)
    assert len(messages) == 1 and messages[0].startswith(f"{path} was edited by hand; kept it as ")
    assert "segment 1 (ur)" in messages[0]
    assert [p.name for p in (folder / EDITED_DIR).iterdir()] == [next((folder / EDITED_DIR).glob("brief.*.json")).name]
    assert next((folder / EDITED_DIR).glob("brief.*.json")).read_bytes() == edited
    ur = brief_json_of(folder)["segments"][1]["targets"]["ur"]
    assert (ur["text"], ur["origin"], ur["review"]["status"]) == ("HAND EDIT", "review", "edited")
    for name in ("brief.ur.xlf", "brief.md", "summary.ur.txt"):
        assert "HAND EDIT" in (folder / name).read_text(encoding="utf-8")
    assert _rerun(src, out) == []  # the edit is a review now: carried as any, nothing more to keep
    assert brief_json_of(folder)["segments"][1]["targets"]["ur"]["text"] == "HAND EDIT"


def test_a_stamp_without_hashes_still_finds_an_edited_xliff(tmp_path):
    """A folder written before the stamp recorded hashes: files are compared with what brief.json
    renders, as before."""
    src, out, folder = _translated(tmp_path)
    stamp = json.loads((folder / STAMP_NAME).read_text(encoding="utf-8"))
    assert set(stamp["hashes"]) == set(stamp["files"])
    del stamp["hashes"]
    (folder / STAMP_NAME).write_text(json.dumps(stamp), encoding="utf-8")
    xlf = folder / "brief.ur.xlf"
    cat_tool_edit(xlf, xlf, edit={"0": EDIT_UR}, approve=[], reject=[])
    messages = _rerun(src, out)
    assert len(messages) == 1 and messages[0].startswith(f"{xlf} held edits not imported yet")


def brief_json_of(folder):
    return json.loads((folder / "brief.json").read_text(encoding="utf-8"))


def test_an_import_after_a_hand_edit_of_brief_json_keeps_the_edit(tmp_path):
    """An import that rewrites a hand-edited brief.json records its new hashes: the hand edit must
    be taken as an edit then, or the next rerun would find nothing edited and drop it."""
    from summarize.review import import_reviews

    src, out, folder = _translated(tmp_path)
    path = folder / "brief.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["segments"][1]["targets"]["ur"]["text"] = "HAND EDIT"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    review = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "herat.ur.xlf", edit={}, approve=["0"], reject=[])
    with pytest.warns(KeptEditsWarning, match=r"brief\.json was edited by hand; .*segment 1 \(ur\)"):
        import_reviews([review], brief=folder)
    ur = brief_json_of(folder)["segments"][1]["targets"]["ur"]
    assert (ur["text"], ur["review"]["status"]) == ("HAND EDIT", "edited")
    assert "HAND EDIT" in (folder / "brief.ur.xlf").read_text(encoding="utf-8")
    assert _rerun(src, out) == []
    assert brief_json_of(folder)["segments"][1]["targets"]["ur"]["text"] == "HAND EDIT"


def test_an_import_that_decides_nothing_still_keeps_warns_counts_and_renders_a_hand_edit(tmp_path):
    """A fresh user's report: review import took a hand edit of brief.json as an edited review
    with no warning, no copy in edited/, out of its count line, and, when the file decided
    nothing, rendered it nowhere (summary.ur.txt and the XLIFF still showed the MT). Now it does
    what a rerun does (README)."""
    from summarize.review import import_reviews

    _src, _out, folder = _translated(tmp_path)
    path = folder / "brief.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["segments"][1]["targets"]["ur"]["text"] = "HAND EDIT"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edited = path.read_bytes()
    untouched = tmp_path / "herat.ps.xlf"
    untouched.write_bytes((folder / "brief.ps.xlf").read_bytes())  # decides nothing
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        [res] = import_reviews([untouched], brief=folder, tm=None)
    [copy] = (folder / EDITED_DIR).glob("brief.*.json")
    assert copy.read_bytes() == edited
    messages = [str(w.message) for w in caught if issubclass(w.category, KeptEditsWarning)]
    assert len(messages) == 1 and messages[0].startswith(f"{path} was edited by hand; kept it as {copy} ")
    assert "segment 1 (ur)" in messages[0]
    assert (res.decisions, res.hand_edits, res.folders) == (0, 1, [folder])
    assert res.describe().endswith(", and 1 hand edit of brief.json taken")
    for name in ("brief.ur.xlf", "brief.md", "summary.ur.txt", "brief.tsv"):
        assert "HAND EDIT" in (folder / name).read_text(encoding="utf-8")
    ur = brief_json_of(folder)["segments"][1]["targets"]["ur"]
    assert (ur["text"], ur["origin"], ur["review"]["status"]) == ("HAND EDIT", "review", "edited")
    with warnings.catch_warnings(record=True) as caught:  # again: a review now, nothing to keep or count
        warnings.simplefilter("always")
        [res] = import_reviews([untouched], brief=folder, tm=None)
    assert [w for w in caught if issubclass(w.category, KeptEditsWarning)] == [] and res.hand_edits == 0


def test_a_brief_json_that_is_no_brief_is_kept_too(tmp_path):
    src, out, folder = _translated(tmp_path)
    (folder / "brief.json").write_text('{"segments": 5}', encoding="utf-8")
    messages = _rerun(src, out)
    assert any(m.startswith(f"{folder / 'brief.json'} is no brief") for m in messages), messages
    assert [p.read_text(encoding="utf-8") for p in (folder / EDITED_DIR).glob("brief.*.json")] == ['{"segments": 5}']


def test_an_import_keeps_a_file_edited_by_hand_that_it_rewrites(tmp_path):
    """review import rewrites every file of the folder: a reviewer's brief.tsv edited in place
    (TSV is not imported) was overwritten without a copy when an XLIFF was imported. It is kept
    in edited/ with a warning, as a rerun keeps it; the imported XLIFF goes to imported/ only."""
    from summarize.review import import_reviews

    _src, _out, folder = _translated(tmp_path)
    tsv = folder / "brief.tsv"
    tsv.write_text(tsv.read_text(encoding="utf-8").replace("\n", "\treviewer's note\n", 1), encoding="utf-8")
    mine = tsv.read_bytes()
    review = tmp_path / "review.ur.xlf"
    cat_tool_edit(folder / "brief.ur.xlf", review, edit={"0": EDIT_UR}, approve=[], reject=[])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import_reviews([review], brief=folder, tm=None)
    kept = list((folder / EDITED_DIR).glob("brief.*.tsv"))
    assert len(kept) == 1 and kept[0].read_bytes() == mine
    assert tsv.read_bytes() != mine and EDIT_UR in tsv.read_text(encoding="utf-8")
    messages = [str(w.message) for w in caught if issubclass(w.category, KeptEditsWarning)]
    assert messages == [f"{tsv} held edits not imported yet; kept it as {kept[0]} (review import reads XLIFF and TMX; "
                        "merge these by hand)"]
    assert sorted(p.name for p in (folder / EDITED_DIR).iterdir()) == [kept[0].name]  # nothing else kept
    with warnings.catch_warnings(record=True) as caught:  # the same import again: nothing new to keep
        warnings.simplefilter("always")
        import_reviews([review], brief=folder, tm=None)
    assert not [w for w in caught if issubclass(w.category, KeptEditsWarning)]
