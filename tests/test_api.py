"""The library API: make_brief from a path or from text, write_brief, split_sentences,
check_segment; and the README's "Python API" example, run as it is written."""

from __future__ import annotations

import json
import re
import sys
import os
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
    assert out == "False []"  # no torch, and dir() lists every public name (a fresh user's report: not the lazy ones)
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


# --- write_brief refuses what `summarize run` refuses (jobs.overwrite, one rule each) -----------------


def test_write_brief_refuses_the_folder_of_another_articles_brief(tmp_path):
    """A fresh user's report: the library wrote a.txt's brief over the brief of another article
    in the same folder, which `summarize run` refuses."""
    from summarize.errors import InputError

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    folder = tmp_path / "briefs" / "index"
    summarize.write_brief(summarize.make_brief(tmp_path / "a" / "index.txt", **EXTRACTIVE), folder, formats="md")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    other = summarize.make_brief(tmp_path / "b" / "index.txt", **EXTRACTIVE)
    with pytest.raises(InputError) as caught:
        summarize.write_brief(other, folder, formats="md")
    message = str(caught.value)
    assert "\n" not in message and f"{folder}/ holds the brief of another article" in message
    assert str(tmp_path / "a" / "index.txt") in message and message.endswith("; give write_brief another out_dir")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing written
    # the same article again (by another path, too) rewrites its own folder
    assert summarize.write_brief(summarize.make_brief(tmp_path / "a" / ".." / "a" / "index.txt", **EXTRACTIVE),
                                 folder, formats="md")


def test_write_brief_of_text_refuses_the_folder_of_a_files_brief(tmp_path):
    """A fresh user's report: a brief of text= written into the folder of a file article's brief
    replaced it without a word (two files are refused). A text= brief over a text= brief is a rerun."""
    from summarize.errors import InputError

    article = tmp_path / "art.txt"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    folder = tmp_path / "briefs" / "art"
    summarize.write_brief(summarize.make_brief(article, **EXTRACTIVE), folder, formats="md")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    from_text = summarize.make_brief(text=SEED.read_text(encoding="utf-8"), **EXTRACTIVE)
    with pytest.raises(InputError) as caught:
        summarize.write_brief(from_text, folder, formats="md")
    assert str(caught.value) == (f"<text>: {folder}/ holds the brief of another article, {article.resolve()}, which "
                                 "its brief would replace; give write_brief another out_dir")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing written
    article.unlink()  # gone: the folder is free
    assert summarize.write_brief(from_text, folder, formats="md")
    assert summarize.write_brief(from_text, folder, formats="md")  # text= over text=: a rerun


def test_write_brief_refuses_to_write_over_its_own_article(tmp_path):
    """A fresh user's report: the brief of news/brief.md written into news/ replaced the article."""
    from summarize.errors import InputError

    news = tmp_path / "news"
    news.mkdir()
    article = news / "brief.md"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    brief = summarize.make_brief(article, **EXTRACTIVE)
    for folder in (news, tmp_path):
        with pytest.raises(InputError) as caught:
            summarize.write_brief(brief, folder, formats="md")
        assert str(caught.value) == (f"{article}: lies in the folder its brief is written to ({folder}/), where the "
                                     "brief would overwrite it; move it, or give write_brief another out_dir")
    assert article.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8")
    assert sorted(p.name for p in news.iterdir()) == ["brief.md"]
    assert [p.name for p in summarize.write_brief(brief, news / "brief", formats="md")] == ["brief.md"]


@pytest.mark.parametrize("holds", [[], ["notes.txt"]], ids=["empty", "with-notes"])
def test_write_brief_into_the_working_folder(tmp_path, monkeypatch, holds):
    """write_brief(brief, ".") said "cannot write ./: Device or resource busy" (the staging
    folder was renamed onto "."); renamed over an empty working folder, it would have left the
    process in a deleted folder. The files now move in; the folder stays the same folder."""
    brief = summarize.make_brief(text=SEED.read_text(encoding="utf-8"), **EXTRACTIVE)
    here = tmp_path / "here"
    here.mkdir()
    for name in holds:
        (here / name).write_text("mine", encoding="utf-8")
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    written = summarize.write_brief(brief, ".", formats="md,json")
    assert sorted(p.name for p in written) == ["brief.json", "brief.md"]
    assert os.stat(".").st_ino == inode and Path(os.getcwd()) == here and here.stat().st_ino == inode
    assert {"brief.md", "brief.json", *holds} <= {p.name for p in here.iterdir()}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left


# --- arguments are checked at the boundary, and errors name the parameters -------------------------


def test_make_and_write_brief_check_their_arguments():
    """A fresh user's report: text=b"..." and formats=[...] gave AttributeError, targets=5 a
    TypeError deep inside, and translate="no" translated."""
    text = SEED.read_text(encoding="utf-8")
    with pytest.raises(TypeError, match=r"^text must be a str, not bytes: decode them first"):
        summarize.make_brief(text=text.encode("utf-8"), **EXTRACTIVE)
    with pytest.raises(TypeError, match=r"^translate must be True or False, not str 'no'$"):
        summarize.make_brief(text=text, summarizer="extractive", translate="no")
    with pytest.raises(TypeError, match=r"^targets must be target names as a str \('ur,ps'\) or a list"):
        summarize.make_brief(text=text, summarizer="extractive", targets=5)
    with pytest.raises(TypeError, match=r"^path must be"):
        summarize.make_brief(5, **EXTRACTIVE)
    with pytest.raises(TypeError, match=r"^make_brief\(\) got an unknown option 'target'; the options are: .*targets"):
        summarize.make_brief(text=text, target="ur", **EXTRACTIVE)
    brief = summarize.make_brief(text=text, **EXTRACTIVE)
    with pytest.raises(TypeError, match=r"^brief must be a summarize.Brief"):
        summarize.write_brief(brief.to_dict(), "out")
    with pytest.raises(TypeError, match=r"^formats must be format names as a str"):
        summarize.write_brief(brief, "out", formats=5)
    with pytest.raises(TypeError, match=r"^formats must hold format names as str"):
        summarize.write_brief(brief, "out", formats=["md", None])


@pytest.mark.parametrize("formats", [["txt", "md"], ("txt", "md"), {"md", "txt"}, "txt,md"])
def test_write_brief_takes_a_list_of_format_names(tmp_path, formats):
    brief = summarize.make_brief(text=SEED.read_text(encoding="utf-8"), **EXTRACTIVE)
    paths = summarize.write_brief(brief, tmp_path / "floods", formats=formats)
    assert sorted(p.name for p in paths) == ["brief.md", "summary.en.txt"]


def test_library_errors_name_the_parameter_not_the_cli_flag(tmp_path):
    import warnings

    from summarize.settings import Settings

    text = SEED.read_text(encoding="utf-8")
    cases = [
        ({"summarizer": "extractive", "targets": "xx"}, "targets=: unknown target 'xx'"),
        ({"summarizer": "extractive", "targets": []}, "targets=: no target given; name one (ur, ps, prs) or pass translate=False"),
        ({"summarizer": "nope", "translate": False}, "summarizer=: 'nope' is not a summariser"),
        ({**EXTRACTIVE, "back_translate": True}, "back_translate=True: needs translations; drop translate=False or back_translate=True"),
        ({**EXTRACTIVE, "source_lang": "xx"}, "source_lang=: 'xx' is not a known NLLB-200 language code"),
        ({**EXTRACTIVE, "device": "tpu"}, "device=: 'tpu' is not one of"),
        ({**EXTRACTIVE, "max_bytes": 0}, "max_bytes=: expected a positive whole number, got 0"),
        ({**EXTRACTIVE, "formats": "xliff"}, "formats=: xliff makes one file per target and translate=False makes no targets"),
        ({**EXTRACTIVE, "formats": "doc"}, "formats=: unknown format doc"),
        ({"summarizer": "extractive", "tm": " "}, "tm=: is empty; give the translation memory's file, or use no_tm=True"),
    ]
    for options, message in cases:
        with pytest.raises(ConfigError) as caught:
            summarize.make_brief(text=text, **options)
        assert str(caught.value).startswith(message) and "--" not in str(caught.value), (options, str(caught.value))
    brief = summarize.make_brief(text=text, **EXTRACTIVE)
    with pytest.raises(ConfigError, match=r"^formats=: xliff makes one file per target and this brief has no targets"):
        summarize.write_brief(brief, tmp_path / "x", formats="xliff")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summarize.make_brief(text=text, targets="ur", **EXTRACTIVE)
    assert [str(w.message) for w in caught] == ["targets= is ignored: translate=False makes no translation"]
    # the CLI's settings (no names given) still name its flags
    for options, message in [({"targets": "xx"}, "--targets: unknown target 'xx'"),
                             ({"translate": False, "back_translate": True}, "--back-translate: needs translations; drop --no-translate"),
                             ({"translate": False, "formats": "xliff"}, "--format: xliff makes one file per target and --no-translate"),
                             ({"translate": False, "source_lang": "xx"}, "--source-lang: 'xx' is not a known")]:
        with pytest.raises(ConfigError) as caught:
            Settings.from_options(summarizer="extractive", **options)
        assert str(caught.value).startswith(message), str(caught.value)


# --- split_sentences and check_segment: a language by any of its codes -----------------------------


@pytest.mark.parametrize("code", ["ur", "UR", "urd", "Urd", "urd_Arab", "URD_ARAB", " ur "])
def test_split_sentences_and_check_segment_take_any_code_of_the_language(code):
    """A fresh user's report: check_segment(..., "ur") skipped the Urdu checks (read as an unknown,
    non-Arabic script) and split_sentences(..., "urd") used no Urdu rules."""
    urdu = "پہلا جملہ۔ دوسرا جملہ۔"
    assert summarize.split_sentences(urdu, code) == summarize.split_sentences(urdu, "urd_Arab") == ["پہلا جملہ۔", "دوسرا جملہ۔"]
    english = "Talks began in 2020 in the capital."
    assert [f.code for f in summarize.check_segment(english, english, code)] == ["script"]
    assert [f.code for f in summarize.check_segment(english, "بات چیت شروع ہوئی۔", code)] == ["numbers"]


def test_split_sentences_and_check_segment_refuse_an_unknown_code():
    for call in (lambda c: summarize.split_sentences("One. Two.", c), lambda c: summarize.check_segment("a", "b", c)):
        with pytest.raises(ValueError) as caught:
            call("xx")
        message = str(caught.value)
        assert message.startswith("code='xx' is not a known language code; known: ")
        assert "ur/urd/urd_Arab (Urdu)" in message and "prs/prs_Arab (Dari)" in message and "\n" not in message
        with pytest.raises(TypeError, match="^code must be a language code as a str"):
            call(None)
    assert summarize.split_sentences("Eins. Zwei.", "deu_Latn") == ["Eins.", "Zwei."]  # any NLLB-200 code
    assert summarize.split_sentences("Eins. Zwei.", "de") == ["Eins.", "Zwei."]


# --- env= governs $SUMMARIZE_THREADS as it does the other variables -----------------------------------


def test_env_governs_summarize_threads(tiny_config, monkeypatch):
    """A fresh user's report: env={'SUMMARIZE_THREADS': 'x'} was neither checked nor applied, and
    env={} still read a bad $SUMMARIZE_THREADS of the process environment."""
    import torch

    text = SEED.read_text(encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^\$SUMMARIZE_THREADS: expected a whole number of threads >= 1, got 'x'$"):
        summarize.make_brief(text=text, **EXTRACTIVE, env={"SUMMARIZE_THREADS": "x"})
    monkeypatch.setenv("SUMMARIZE_THREADS", "x")
    assert summarize.make_brief(text=text, **EXTRACTIVE, env={}).summary  # the process's own is not read
    monkeypatch.delenv("SUMMARIZE_THREADS")
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        summarize.make_brief(text=text, models=tiny_config, targets="ur", offline=True, quiet=True,
                             env={"SUMMARIZE_THREADS": "1"})
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


# --- make_brief from several threads ------------------------------------------------------------------


def test_make_brief_from_threads_loads_models_one_at_a_time(tiny_config, monkeypatch, capfd):
    """A fresh user's report: make_brief from 4 threads at once failed with raw ImportError
    ("cannot import name 'AutoModelForSeq2SeqLM'") or "Cannot copy out of meta tensor", and
    transformers' LOAD REPORT tables reached stderr under quiet=True: model loads ran at once.
    They now take turns (engines.registry.LOADING); the briefs are made."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import summarize.engines.transformers as engine

    real, lock, state = engine.load_seq2seq, threading.Lock(), {"now": 0, "most": 0}

    def counted(*args, **kwargs):
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        try:
            time.sleep(0.1)  # two loads at once would overlap here
            return real(*args, **kwargs)
        finally:
            with lock:
                state["now"] -= 1

    monkeypatch.setattr(engine, "load_seq2seq", counted)
    text = SEED.read_text(encoding="utf-8")

    def job(_):
        return summarize.make_brief(text=text, models=tiny_config, targets="ur", offline=True, quiet=True)

    with ThreadPoolExecutor(3) as pool:
        briefs = list(pool.map(job, range(3)))
    assert state["most"] == 1
    assert all(b.segments[0].targets["ur"].text for b in briefs)
    assert len({json.dumps(b.to_dict()["segments"], sort_keys=True) for b in briefs}) == 1
    assert "LOAD REPORT" not in capfd.readouterr().err


# --- load_config, BriefOptions and config= check their arguments -------------------------------------


@pytest.mark.parametrize("args, kwargs, message", [
    ((), {"targets": 5}, "targets must be target names as a str ('ur,ps') or a list or tuple of str, not int 5"),
    ((), {"device": 1}, "device must be a str or None, not int 1"),
    ((), {"overrides": {"targets": "ur"}}, "load_config() got an unknown keyword 'overrides'; the overrides are "
     "keywords, not a dict: summarizer=, translator=, targets=, device=, dtype= (load_config('models.yaml', targets='ur'))"),
    ((5,), {}, "models_file must be a models.yaml path (str or os.PathLike) or None, not int 5"),
    ((), {"env": 5}, "env must be a mapping of str to str (like os.environ) or None, not int 5"),
])
def test_load_config_type_errors_name_the_parameter(args, kwargs, message):
    """A fresh user's report: 'int' object is not iterable, Config.__init__() got an unexpected
    keyword argument 'overrides', expected str, bytes or os.PathLike object, not int."""
    with pytest.raises(TypeError) as caught:
        summarize.load_config(*args, **kwargs)
    assert str(caught.value) == message


@pytest.mark.parametrize("key, value, problem", [
    ("targets", "xx", "unknown target 'xx'"), ("device", "gpu", "'gpu' is not one of auto, cpu, cuda, mps")])
def test_load_config_value_errors_name_the_keyword_not_a_cli_flag(key, value, problem):
    """A fresh user's report: load_config(targets='xx') said `--targets: ...`."""
    with pytest.raises(ConfigError) as caught:
        summarize.load_config(**{key: value}, env={})
    assert str(caught.value).startswith(f"{key}=: {problem}")


def test_brief_options_take_targets_as_a_str(tiny_config):
    """A fresh user's report: BriefOptions(targets='ur') was read letter by letter (`unknown target 'u'`)."""
    from summarize.pipeline import BriefOptions

    assert BriefOptions(targets="ur, ps").targets == ("ur", "ps") and BriefOptions(targets=["ur"]).targets == ("ur",)
    pipeline = summarize.Pipeline(summarize.load_config(tiny_config), BriefOptions(targets="ur"), offline=True)
    assert [t.short for t in pipeline.targets] == ["ur"]
    with pytest.raises(TypeError, match="^BriefOptions targets must be target names as a str"):
        BriefOptions(targets=5)


def test_make_brief_refuses_config_beside_models_or_env_it_would_ignore(tiny_config):
    """A fresh user's report: make_brief(config=cfg, models='other.yaml') used cfg without a word,
    and env={'SUMMARIZE_TARGETS': 'ps'} beside config= was ignored."""
    cfg = summarize.load_config(tiny_config, targets="ur")
    with pytest.raises(ConfigError, match=r"^models=: give config= or models=, not both"):
        summarize.make_brief(SEED, config=cfg, models=tiny_config, **EXTRACTIVE)
    with pytest.raises(ConfigError, match=r"^env=: \$SUMMARIZE_TARGETS is not read beside config="):
        summarize.make_brief(SEED, config=cfg, env={"SUMMARIZE_TARGETS": "ps"}, **EXTRACTIVE)
    # env= for what config= does not hold (the threads, the memory) is still read
    assert summarize.make_brief(SEED, config=cfg, env={"SUMMARIZE_THREADS": "1"}, **EXTRACTIVE).summary


# --- max_bytes= holds for text=; messages name the parameters -------------------------------------


def test_max_bytes_holds_for_text_and_is_named_as_the_parameter():
    """A fresh user's report: max_bytes=10 was ignored for text= (a file was refused), and the
    refusal said `raise it with --max-bytes`."""
    from summarize.errors import InputError

    text = SEED.read_text(encoding="utf-8")
    size = len(text.encode("utf-8"))
    for args, kwargs, source in [((), {"text": text}, "<text>"), ((SEED,), {}, str(SEED))]:
        with pytest.raises(InputError) as caught:
            summarize.make_brief(*args, **kwargs, **EXTRACTIVE, max_bytes=10)
        assert str(caught.value) == (f"{source}: is {size:,} bytes, over the size limit of 10 bytes; raise it with "
                                     "max_bytes= if this really is one article")
    assert summarize.make_brief(text=text, **EXTRACTIVE, max_bytes=size).summary  # at the limit: briefed


def test_library_messages_name_offline_and_summarize_models_as_the_caller_gave_them(tmp_path):
    """A fresh user's report: a URL under offline=True said `--offline is set`, and a missing
    $SUMMARIZE_MODELS given in env= said only `nope.yaml: file not found`."""
    from summarize.errors import InputError

    with pytest.raises(InputError, match=r"^https://example.com/a: not fetched: offline=True is set;"):
        summarize.make_brief("https://example.com/a", **EXTRACTIVE, offline=True)
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError) as caught:
        summarize.make_brief(text="x", **EXTRACTIVE, env={"SUMMARIZE_MODELS": str(missing)})
    assert str(caught.value) == f"$SUMMARIZE_MODELS: {missing}: file not found"


# --- write_brief: an empty out_dir, a Brief changed by hand -------------------------------------------


def test_write_brief_refuses_an_empty_out_dir():
    """A fresh user's report: write_brief(b, "") wrote into the current folder."""
    before = sorted(Path.cwd().iterdir())
    brief = summarize.make_brief(text=SEED.read_text(encoding="utf-8"), **EXTRACTIVE)
    with pytest.raises(ConfigError, match=r'^out_dir=: is empty; name the folder to write \("\." for the current folder\)$'):
        summarize.write_brief(brief, "")
    assert sorted(Path.cwd().iterdir()) == before


@pytest.mark.parametrize("change, error, message", [
    (lambda b: b.segments[1].targets.pop("ur"), ValueError,
     "brief.segments[1] has no ur translation, and brief.targets names ur: add one, or take ur out of brief.targets"),
    (lambda b: setattr(b.segments[0].targets["ur"], "text", 5), TypeError,
     "brief.segments[0].targets['ur'].text must be a str, not int 5"),
    (lambda b: setattr(b.segments[0], "source", 7), TypeError, "brief.segments[0].source must be a str, not int 7"),
    (lambda b: setattr(b.segments[0].targets["ur"], "origin", "bogus"), ValueError,
     "brief.segments[0].targets['ur'].origin must be one of mt, tm, review, not 'bogus'"),
], ids=["no-target", "int-text", "int-source", "bogus-origin"])
def test_write_brief_names_what_is_wrong_with_a_brief_changed_by_hand(tiny_config, tmp_path, change, error, message):
    """A fresh user's report: a segment without one of the targets, or a text that is no str,
    made write_brief raise a bare KeyError 'ur' or 'expected string or bytes-like object'."""
    brief = summarize.make_brief(SEED, models=tiny_config, summarizer="extractive", targets="ur", offline=True, quiet=True)
    change(brief)
    with pytest.raises(error) as caught:
        summarize.write_brief(brief, tmp_path / "out")
    assert str(caught.value) == message
    assert not (tmp_path / "out").exists()
