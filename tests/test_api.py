"""The library API: make_brief from a path or from text, write_brief, split_sentences,
check_segment; and the README's "Python API" example, run as it is written."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

import summarize
from summarize.errors import ConfigError
from tests.conftest import ROOT, SEED

EXTRACTIVE = {"summarizer": "extractive", "translate": False}


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_python_example_runs(capsys):
    exec(compile(readme_example(), "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Floods cut off three districts"
    assert out[-1] == "['numbers']" and out[-2].count("جملہ") == 2
    assert (Path("briefs/floods/brief.md").is_file() and json.loads(Path("briefs/floods/brief.json").read_text(encoding="utf-8"))["title"])


def test_make_brief_from_text_is_the_brief_of_the_same_file(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    from_text = summarize.make_brief(text=text, **EXTRACTIVE).to_dict()
    from_file = summarize.make_brief(SEED, **EXTRACTIVE).to_dict()
    for d in (from_text, from_file):
        d.pop("timings", None)
        d["source"].pop("path", None)
        d["source"].pop("stem", None)
    assert from_text == from_file


def test_make_brief_takes_exactly_one_input_and_a_title():
    with pytest.raises(ConfigError, match="exactly one"):
        summarize.make_brief(**EXTRACTIVE)
    with pytest.raises(ConfigError, match="exactly one"):
        summarize.make_brief(SEED, text="x", **EXTRACTIVE)
    brief = summarize.make_brief(text=SEED.read_text(encoding="utf-8"), title="Given  headline", **EXTRACTIVE)
    assert brief.article.title == "Given headline" and brief.title is not None and brief.title.source == "Given headline"


def test_import_is_light_and_exports_the_api():
    import subprocess

    code = "import sys, summarize; print('torch' in sys.modules, sorted(set(summarize.__all__) - set(dir(summarize))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    assert out.startswith("False")
    for name in ("make_brief", "write_brief", "split_sentences", "check_segment", "Settings", "Pipeline"):
        assert name in summarize.__all__ and callable(getattr(summarize, name))


# --- write_brief keeps what is the user's, as `summarize run` does ---------------------------------


def _kept_warnings(caught) -> list[str]:
    from summarize.errors import KeptEditsWarning

    return [str(w.message) for w in caught if issubclass(w.category, KeptEditsWarning)]


def test_write_brief_keeps_a_users_own_file_under_a_brief_name(tmp_path):
    """A fresh user's report: summarize.write_brief wrote over summary.en.txt of the user's own in
    the folder it was given, where `summarize run` keeps a copy in edited/ first."""
    import warnings

    folder = tmp_path / "floods"
    folder.mkdir()
    (folder / "summary.en.txt").write_text("MY OWN SUMMARY\n", encoding="utf-8")
    (folder / "notes.txt").write_text("NOTES\n", encoding="utf-8")
    brief = summarize.make_brief(SEED, **EXTRACTIVE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = summarize.write_brief(brief, folder, formats="txt,md")
    assert sorted(p.name for p in paths) == ["brief.md", "summary.en.txt"]
    [kept] = (folder / "edited").glob("summary.en.*.txt")
    assert kept.read_text(encoding="utf-8") == "MY OWN SUMMARY\n"
    [message] = _kept_warnings(caught)
    assert f"{folder / 'summary.en.txt'} was not written by summarize; kept it as {kept}" in message
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "NOTES\n"  # no brief's name: left alone
    assert (folder / "summary.en.txt").read_text(encoding="utf-8").startswith(brief.article.title)
    # writing again: the folder's files are the brief's own now, nothing more to keep, no warning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summarize.write_brief(brief, folder, formats="txt,md")
    assert _kept_warnings(caught) == [] and len(list((folder / "edited").iterdir())) == 1


def test_write_brief_keeps_an_xliff_edited_in_place_and_the_reviews_of_brief_json(tmp_path):
    import warnings

    from summarize.review import import_reviews
    from tests.review_helpers import make_review_brief
    from tests.test_review_loop import cat_tool_edit

    folder = tmp_path / "floods-xss"
    summarize.write_brief(make_review_brief(), folder)
    xlf = folder / "brief.ur.xlf"
    imported = cat_tool_edit(xlf, tmp_path / "reviewed.ur.xlf", edit={"0": "منظور شدہ متن"}, approve=[], reject=[])
    import_reviews([imported], brief=folder, tm=None)  # a review brought back: brief.json holds it
    cat_tool_edit(xlf, xlf, edit={"1": "ابھی درآمد نہیں ہوا"}, approve=[], reject=[])  # edited in place, not imported
    edited = xlf.read_bytes()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summarize.write_brief(make_review_brief(), folder)  # the library rewrites the folder from a fresh brief
    [kept] = (folder / "edited").glob("brief.ur.*.xlf")
    assert kept.read_bytes() == edited
    [message] = _kept_warnings(caught)
    assert f"{xlf} held edits not imported yet; kept it as {kept}" in message
    target = json.loads((folder / "brief.json").read_text(encoding="utf-8"))["segments"][0]["targets"]["ur"]
    assert (target["text"], target["review"]["status"]) == ("منظور شدہ متن", "edited")  # the review carried over
