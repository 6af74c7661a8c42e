"""A fresh user's report on ``summarize`` used as a Python library (fu-library): ``text=`` read as
standard input is, hints named as parameters, ``formats=`` and ``targets=`` lists, a custom
engine's ``describe()`` and output, a symbolic link as ``out_dir``, ``title=`` beside a path,
line breaks in ``split_sentences``, an empty path. Every article here is made up for the test."""

from __future__ import annotations

import io
import json
import math
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import summarize
from summarize.errors import ConfigError, InputError, ModelError
from tests.fakes import FirstSentencesSummarizer

EXTRACTIVE = {"summarizer": "extractive", "translate": False}

BODY = """The new footbridge over the canal opened to walkers on Tuesday morning, the town council said.
Hundreds of people crossed it in the first hour, and some of them waited since dawn to be first.
The bridge took three years to build and cost more than the council had planned at the start.
Engineers said the timber deck was treated to last for at least fifty years in the wet weather.
Shop owners near the old ferry said they feared losing the customers who used to wait there.
The mayor cut a ribbon at seven and walked across with a class of children from the school.
Cyclists will be allowed on the bridge next month, once a second lane has been marked out.
The old ferry will stop running at the end of the summer.
"""

URDU = ("شہر کی کونسل نے کہا کہ نیا پل منگل کی صبح کھول دیا گیا اور سینکڑوں لوگ پہلے گھنٹے میں اس پر سے گزرے۔\n"
        "پل بنانے میں تین سال لگے اور اس پر منصوبے سے زیادہ خرچ آیا۔\n"
        "انجینئروں نے کہا کہ لکڑی کا فرش کم از کم پچاس سال چلے گا۔\n"
        "پرانی کشتی گرمیوں کے آخر میں بند ہو جائے گی۔\n")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- item 2: text= is read as `summarize run -` reads standard input ------------------------------


def test_markdown_text_gets_its_heading_as_the_title_as_stdin_does(tmp_path):
    """``make_brief(text="# Bridge opens\\n\\n...")`` kept the ``#`` in the title, and brief.md
    began ``# # Bridge opens``; ``summarize run -`` reads the same text as Markdown."""
    from summarize.reading.source import read_article

    text = "# Footbridge opens\n\n" + BODY
    brief = summarize.make_brief(text=text, **EXTRACTIVE)
    assert brief.title is not None and brief.title.source == "Footbridge opens"
    assert brief.title.source == read_article("-", stdin=io.BytesIO(text.encode("utf-8"))).title
    summarize.write_brief(brief, tmp_path / "out", formats="txt,md")
    assert (tmp_path / "out" / "brief.md").read_text(encoding="utf-8").splitlines()[0] == "# Footbridge opens"
    assert (tmp_path / "out" / "summary.en.txt").read_text(encoding="utf-8").splitlines()[0] == "Footbridge opens"


def test_html_text_is_read_as_a_page_as_stdin_does():
    """HTML given as ``text=`` was refused as code or data (read as plain text)."""
    page = ("<!DOCTYPE html><html><head><title>Footbridge opens</title></head><body><h1>Footbridge opens</h1>"
            + "".join(f"<p>{line}</p>" for line in BODY.splitlines()) + "</body></html>")
    brief = summarize.make_brief(text=page, **EXTRACTIVE)
    assert brief.title is not None and brief.title.source == "Footbridge opens"
    assert brief.article.metadata["format"] == "html" and "<p>" not in " ".join(brief.summary)


def test_plain_text_is_still_read_as_text():
    brief = summarize.make_brief(text="Footbridge opens\n\n" + BODY, **EXTRACTIVE)
    assert brief.title.source == "Footbridge opens" and brief.article.metadata["format"] == "txt"


# --- item 3: library hints name the parameter, never the CLI flag ---------------------------------


def test_not_english_names_source_lang_as_the_parameter():
    with pytest.raises(InputError) as err:
        summarize.make_brief(text=URDU, **EXTRACTIVE)
    assert "source_lang=CODE" in str(err.value) and "--" not in str(err.value)


def test_device_hint_names_the_parameter(tiny_config, monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ConfigError) as err:
        summarize.make_brief(text=BODY, device="cuda", models=tiny_config, targets="ur", offline=True, no_tm=True)
    assert str(err.value).startswith("device=: ") and "use device=cpu or auto" in str(err.value)
    assert "--device" not in str(err.value)


def test_boilerplate_hint_names_the_parameter():
    with pytest.raises(InputError) as err:
        summarize.make_brief(text="Share this.\n\nRead more.", **EXTRACTIVE)
    assert "keep_boilerplate=True" in str(err.value) and "--keep-boilerplate" not in str(err.value)


def test_source_among_targets_names_source_lang_as_the_parameter(tiny_config):
    with pytest.raises(ConfigError) as err:
        summarize.make_brief(text=URDU, source_lang="ur", targets="ur", models=tiny_config, offline=True, no_tm=True)
    assert "(source_lang=ur)" in str(err.value) and "--" not in str(err.value)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        brief = summarize.make_brief(text=URDU, source_lang="ur", targets="ur,ps", models=tiny_config,
                                     offline=True, no_tm=True, quiet=True)
    said = [str(w.message) for w in caught if "source language" in str(w.message)]
    assert said and all("(source_lang=ur)" in m and "--source-lang" not in m for m in said)
    notes = json.dumps(brief.to_dict()["notes"], ensure_ascii=False)
    assert "(source_lang=ur)" in notes and "--source-lang" not in notes


def test_the_cli_still_names_its_flags():
    from summarize.engines.transformers import pick_device
    from summarize.pipeline import source_target_note
    from summarize.languages import language_named

    assert "(--source-lang ur)" in source_target_note(["ur"], language_named("ur", "x"), "ur")
    import torch

    if not torch.cuda.is_available():
        with pytest.raises(ConfigError, match="use --device cpu or auto"):
            pick_device("cuda")


# --- item 4: Settings.from_options takes formats as a list ----------------------------------------


def test_from_options_takes_a_list_of_formats():
    assert summarize.Settings.from_options(formats=["md", "json"], translate=False).formats == ["md", "json"]
    assert summarize.Settings.from_options(formats=("txt",), translate=False).formats == ["txt"]
    with pytest.raises(TypeError, match="^formats must be"):
        summarize.Settings.from_options(formats=5, translate=False)


# --- item 6: a describe() brief.json cannot hold ---------------------------------------------------


class _Described(FirstSentencesSummarizer):
    name = "odd-one"

    def __init__(self, info):
        super().__init__(3)
        self.info = info

    def describe(self):
        return self.info


@pytest.mark.parametrize("info", [{"score": float("nan")}, {"score": math.inf}, {"path": Path("/tmp/x")}])
def test_a_describe_that_is_no_json_is_a_model_error_naming_it(tmp_path, info):
    article = _write(tmp_path, "bridge.txt", "Footbridge opens\n\n" + BODY)
    pipeline = summarize.Settings.from_options(translate=False).pipeline(summarizer=_Described(info))
    with pytest.raises(ModelError) as err:
        pipeline.brief(article)
    assert "summariser 'odd-one'" in str(err.value) and "describe()" in str(err.value)


def test_a_describe_of_json_data_is_kept(tmp_path):
    article = _write(tmp_path, "bridge.txt", "Footbridge opens\n\n" + BODY)
    brief = summarize.Settings.from_options(translate=False).pipeline(summarizer=_Described({"n": 1.5})).brief(article)
    summarize.write_brief(brief, tmp_path / "out", formats="json")
    data = json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))
    assert data["models"]["summarizer"] == {"n": 1.5}


# --- item 5: a custom translator's output gets the hygiene a reviewer's text gets -----------------


class _Nasty:
    name = "nasty"

    def translate(self, segments, source, target):
        return ["لائن ایک \x00\x1b[31mسرخ\u202e" if s.strip() else "" for s in segments]

    def describe(self):
        return {"name": self.name}


def test_machine_text_has_no_controls_and_closes_its_bidi(tmp_path):
    article = _write(tmp_path, "bridge.txt", "Footbridge opens\n\n" + BODY)
    settings = summarize.Settings.from_options(summarizer="extractive", targets="ur", offline=True, no_tm=True)
    brief = settings.pipeline(translator=_Nasty()).brief(article)
    for seg in [brief.title, *brief.segments]:
        text = seg.targets["ur"].text
        assert "\x00" not in text and "\x1b" not in text and text.endswith("\u202e\u202c")
    summarize.write_brief(brief, tmp_path / "out", formats="txt,md,tsv,json")
    for f in (tmp_path / "out").iterdir():
        if f.is_file():
            data = f.read_text(encoding="utf-8")
            assert "\x00" not in data and "\x1b" not in data and "\\u001b" not in data, f.name


# --- item 7: load_config(targets=[...]) as the str form -------------------------------------------


def test_load_config_targets_are_short_names_in_a_tuple(tiny_config):
    assert summarize.load_config(tiny_config, targets=["UR", "pbt_Arab"]).targets == ("ur", "ps")
    assert summarize.load_config(tiny_config, targets=["ps", "pbt_Arab"]).targets == ("ps",)
    assert summarize.load_config(tiny_config, targets="UR,PS").targets == ("ur", "ps")
    cfg = summarize.load_config(tiny_config, targets=["PRS_Arab", "ur"])
    assert [cfg.languages[t].short for t in cfg.targets] == ["prs", "ur"]


# --- item 8: out_dir a symbolic link to a folder ---------------------------------------------------


def test_write_brief_writes_into_a_linked_folder_as_run_o_does(tmp_path):
    brief = summarize.make_brief(text="Footbridge opens\n\n" + BODY, **EXTRACTIVE)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    paths = summarize.write_brief(brief, tmp_path / "link", formats="txt,md")
    assert paths == [tmp_path / "link" / "summary.en.txt", tmp_path / "link" / "brief.md"]
    assert (tmp_path / "real" / "brief.md").is_file() and (tmp_path / "link").is_symlink()


def test_a_dangling_link_as_out_dir_is_called_a_link(tmp_path):
    brief = summarize.make_brief(text="Footbridge opens\n\n" + BODY, **EXTRACTIVE)
    (tmp_path / "link").symlink_to("nowhere")
    with pytest.raises(summarize.errors.OutputError) as err:
        summarize.write_brief(brief, tmp_path / "link", formats="txt")
    assert "is a symbolic link (to nowhere)" in str(err.value) and "exists and is not a folder" not in str(err.value)


# --- item 10: title= beside a path -----------------------------------------------------------------


def test_title_beside_a_path_is_refused(tmp_path):
    article = _write(tmp_path, "bridge.txt", "Footbridge opens\n\n" + BODY)
    with pytest.raises(ConfigError, match="^title=: is for text="):
        summarize.make_brief(article, title="Another headline", **EXTRACTIVE)


# --- item 11: every line break is a hard boundary --------------------------------------------------


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_split_sentences_ends_a_sentence_at_every_line_break(brk):
    assert summarize.split_sentences(f"Alpha beta gamma{brk}Delta epsilon zeta") == ["Alpha beta gamma", "Delta epsilon zeta"]


# --- item 12: an empty path ------------------------------------------------------------------------


def test_an_empty_path_is_named(tmp_path):
    with pytest.raises(InputError) as err:
        summarize.make_brief("", **EXTRACTIVE)
    assert str(err.value) == "'': no file name given (an empty path)"
    from summarize.cli import main

    result = CliRunner().invoke(main, ["run", "", "--summarizer", "extractive", "--no-translate", "-o", str(tmp_path / "o")])
    assert result.exit_code == 1 and "'': no file name given" in result.output


# --- a custom engine that breaks the Translator / Summarizer contract -----------------------------


class _Contract:
    """A translator returning ``out(segments)`` from ``translate``."""

    name = "breaks-it"

    def __init__(self, out):
        self.out = out

    def translate(self, segments, source, target):
        return self.out(list(segments))

    def describe(self):
        return {"name": self.name}


@pytest.mark.parametrize("out, said", [
    (lambda segs: [s.upper() for s in segs[:-1]], "; it returned {short}$"),
    (lambda segs: [None for _ in segs], "; item 0 is NoneType None$"),
    (lambda segs: [7 for _ in segs], "; item 0 is int 7$"),
    (lambda segs: "one string", "; it returned str 'one string'$"),
    (lambda segs: None, "; it returned NoneType None$"),
])
def test_a_translator_breaking_its_contract_is_a_model_error_naming_it(tmp_path, out, said):
    """A translator returning one text too few was a bare ``AssertionError``, and one returning
    None ``'NoneType' object has no attribute 'strip'`` from the QA checks: neither named the
    translator nor what the contract asks."""
    article = _write(tmp_path, "bridge.txt", "Footbridge opens\n\n" + BODY)
    settings = summarize.Settings.from_options(summarizer="extractive", targets="ur")
    good = settings.pipeline(translator=_Contract(lambda segs: segs)).brief(article)
    n = len(good.segments) + 1  # and the title
    said = said.format(short=n - 1).replace("(", r"\(").replace(")", r"\)")
    with pytest.raises(ModelError, match=r"^translator 'breaks-it' \(_Contract\): translate\(\) must return a list of "
                                         rf"{n} str, one per segment, in order" + said):
        settings.pipeline(translator=_Contract(out)).brief(article)


def test_a_back_translation_breaking_the_contract_is_a_model_error(tmp_path):
    calls = []

    def out(segs):
        calls.append(segs)
        return [s.upper() for s in segs] if len(calls) == 1 else segs[:1]

    article = _write(tmp_path, "bridge.txt", "Footbridge opens\n\n" + BODY)
    pipeline = summarize.Settings.from_options(summarizer="extractive", targets="ur", back_translate=True).pipeline(
        translator=_Contract(out))
    with pytest.raises(ModelError, match=r"must return a list of \d+ str.*; it returned 1$"):
        pipeline.brief(article)


class _Many(_Contract):
    def translate_many(self, segments, source, targets):
        return self.out(list(segments), targets)


def test_translate_many_missing_a_target_or_no_dict_is_a_model_error(tmp_path):
    article = _write(tmp_path, "bridge.txt", "Footbridge opens\n\n" + BODY)
    settings = summarize.Settings.from_options(summarizer="extractive", targets="ur,ps")
    missing = _Many(lambda segs, targets: {targets[0]: [s.upper() for s in segs]})
    with pytest.raises(ModelError, match=r"^translator 'breaks-it' .*; it returned NoneType None$"):
        settings.pipeline(translator=missing).brief(article)
    with pytest.raises(ModelError, match=r"translate_many\(\) must return a dict .*; it returned list$"):
        settings.pipeline(translator=_Many(lambda segs, targets: [segs, segs])).brief(article)
    good = _Many(lambda segs, targets: {t: [f"{t}: {s}" for s in segs] for t in targets})
    brief = settings.pipeline(translator=good).brief(article)
    assert [s.targets["ps"].text for s in brief.segments] == [f"pbt_Arab: {s.source}" for s in brief.segments]


class _Summariser(FirstSentencesSummarizer):
    name = "odd-summary"

    def __init__(self, summary):
        super().__init__(3)
        self.summary = summary

    def summarize(self, sentences):
        return self.summary(sentences)


@pytest.mark.parametrize("summary, said", [
    (lambda sents: "A plain string. Not a Summary.", "it returned str 'A plain string. Not a Summary.'"),
    (lambda sents: summarize.Summary(text=None), "it returned Summary"),
    (lambda sents: summarize.Summary(text="x", sentences=[5, sents[1]]), "sentence 0 is int 5"),
    (lambda sents: summarize.Summary(text="x", sentences="One. Two."), "its sentences are str 'One. Two.'"),
])
def test_a_summariser_breaking_its_contract_is_a_model_error_naming_it(tmp_path, summary, said):
    """A bare str summary failed with ``'str' object has no attribute 'sentences'``."""
    article = _write(tmp_path, "bridge.txt", "Footbridge opens\n\n" + BODY)
    pipeline = summarize.Settings.from_options(translate=False).pipeline(summarizer=_Summariser(summary))
    with pytest.raises(ModelError) as err:
        pipeline.brief(article)
    assert str(err.value).startswith("summariser 'odd-summary' (_Summariser): summarize() must return a Summary")
    assert said in str(err.value)


def test_blank_summary_sentences_are_no_segments(tmp_path):
    """A summariser returning ``["", "  ", sentence]`` made two empty segments, each written,
    translated and offered for review with nothing in it."""
    article = _write(tmp_path, "bridge.txt", "Footbridge opens\n\n" + BODY)
    first = BODY.splitlines()[0]
    pipeline = summarize.Settings.from_options(translate=False).pipeline(
        summarizer=_Summariser(lambda sents: summarize.Summary(text=first, sentences=["", "  ", first + " "])))
    assert pipeline.brief(article).summary == [first]
    only_blank = _Summariser(lambda sents: summarize.Summary(text=first, sentences=["", " "]))
    assert summarize.Settings.from_options(translate=False).pipeline(summarizer=only_blank).brief(article).summary == [first]
