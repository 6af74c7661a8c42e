"""txt, md and json writers on real Urdu, Pashto and Dari text."""

from __future__ import annotations

import json

from summarize.api import write_brief
from summarize.brief import Article, Brief, Flag, Segment, TargetSegment
from summarize.languages import target as make_target
from summarize.writers import writers_for

UR = ["امریکی نمائندہ خصوصی نے آرمی چیف سے ملاقات کی۔", "طالبان سے جنگ بندی پر بات ہوئی۔"]
PS = ["امریکايي ځانګړي استازي له پوځ له مشر سره وکتل.", "له طالبانو سره د اوربند خبرې وشوې."]
PRS = ["نماینده خاص امریکا با لوی درستیز دیدار کرد.", "درباره آتش‌بس با طالبان گفتگو شد."]
EN = ["The US envoy met the army chief.", "A ceasefire with the Taliban | was discussed <b>today</b>."]


def make_brief() -> Brief:
    targets = [
        make_target("ur", "urd_Arab", "nllb"),
        make_target("ps", "pbt_Arab", "nllb"),
        make_target("prs", "prs_Arab", "nllb"),
    ]
    segs = [
        Segment(i, EN[i], {"ur": TargetSegment(UR[i]), "ps": TargetSegment(PS[i]),
                           "prs": TargetSegment(PRS[i], flags=[Flag("numbers", "number 2,500 missing", {"missing": ["2500"]})] if i else [])})
        for i in range(2)
    ]
    art = Article("in/talks.txt", "talks", ["The US envoy met the army chief."], title="Envoy meets army chief", dateline="ISLAMABAD")
    title = Segment(0, art.title, {"ur": TargetSegment("ایلچی کی آرمی چیف سے ملاقات"), "ps": TargetSegment("استازی له پوځ له مشر سره وکتل"),
                                   "prs": TargetSegment("دیدار نماینده با لوی درستیز")})
    return Brief(article=art, segments=segs, targets=targets, title=title, models={"translators": {}})


def test_txt_files_align_line_by_line(tmp_path):
    write_brief(make_brief(), tmp_path, "txt")
    en = (tmp_path / "summary.en.txt").read_text(encoding="utf-8").splitlines()
    ur = (tmp_path / "summary.ur.txt").read_text(encoding="utf-8").splitlines()
    ps = (tmp_path / "summary.ps.txt").read_text(encoding="utf-8").splitlines()
    prs = (tmp_path / "summary.prs.txt").read_text(encoding="utf-8").splitlines()
    assert en[0] == "Envoy meets army chief" and en[2:] == [" ".join(s.split()) for s in EN]
    assert ur[2:] == UR and ps[2:] == PS and prs[2:] == PRS
    assert len({len(en), len(ur), len(ps), len(prs)}) == 1


def test_json_is_utf8_not_escaped_and_round_trips(tmp_path):
    write_brief(make_brief(), tmp_path, "json")
    raw = (tmp_path / "brief.json").read_bytes()
    assert "ملاقات".encode("utf-8") in raw and b"\\u06" not in raw
    data = json.loads(raw)
    assert data["summary"] == EN
    assert [s["targets"]["ps"]["text"] for s in data["segments"]] == PS
    assert data["segments"][1]["targets"]["prs"]["flags"][0]["code"] == "numbers"
    assert data["source"]["dateline"] == "ISLAMABAD"
    assert [t["tag"] for t in data["targets"]] == ["ur", "ps", "fa-AF"]


def test_markdown_table_escapes_and_marks_rtl(tmp_path):
    write_brief(make_brief(), tmp_path, "md")
    md = (tmp_path / "brief.md").read_text(encoding="utf-8")
    rows = [l for l in md.splitlines() if l.startswith("| ")]
    assert rows[0] == "| id | English | Urdu | Pashto | Dari |"
    assert len(rows) == 1 + 1 + 2  # header, title, two sentences
    assert '<div dir="rtl" lang="fa-AF">' + PRS[0] + "</div>" in md
    assert "<b>" not in md and "&lt;b&gt;today&lt;/b&gt;" in md and "\\|" in md
    assert "⚠numbers" in md and "number 2,500 missing" in md
    # every row has the same number of unescaped cell separators
    import re
    assert len({len(re.findall(r"(?<!\\)\|", r)) for r in rows}) == 1


def test_writers_are_atomic_and_leave_no_temp_files(tmp_path):
    write_brief(make_brief(), tmp_path / "b", "txt,md,json")
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(
        ["brief.json", "brief.md", "summary.en.txt", "summary.ur.txt", "summary.ps.txt", "summary.prs.txt",
         ".summarize-stamp.json"])  # the stamp, as `summarize run` writes it: what the brief's files are


def test_all_includes_the_core_formats():
    names = [w.format for w in writers_for("all")]
    assert {"txt", "md", "json"} <= set(names)


def test_xlf_names_xliff_wherever_formats_are_parsed(tmp_path):
    """A fresh user's report: ``-f xlf`` was "unknown format xlf", though the XLIFF files are
    named ``.xlf``. It names xliff now, for run, batch (both build their writers here) and the
    library's ``formats=``."""
    from summarize.settings import Settings

    assert [w.format for w in writers_for("XLF,txt,xliff")] == ["xliff", "txt"]
    assert Settings.from_options(summarizer="extractive", formats="xlf,json").formats == ["xliff", "json"]
    files = write_brief(make_brief(), tmp_path / "b", ["xlf"])
    assert sorted(p.name for p in files if p.suffix == ".xlf") == ["brief.prs.xlf", "brief.ps.xlf", "brief.ur.xlf"]


def test_markdown_formatting_in_article_text_stays_literal(tmp_path):
    # a user's report: *bold* and backticks in an article rendered as formatting in brief.md
    markdown_it = __import__("pytest").importorskip("markdown_it")
    brief = make_brief()
    literal = r"Markets *rallied* on `Monday` as a \| b, see [link](http://x.example) ~~gone~~ __under__"
    brief.segments[0].source = literal
    brief.article.source = "in/odd `name`.txt"
    write_brief(brief, tmp_path, "md")
    md = (tmp_path / "brief.md").read_text(encoding="utf-8")
    page = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough").render(md)
    for tag in ("<em>", "<strong>", "<a ", "<s>", "<del>"):
        assert tag not in page, tag
    assert "<code>in/odd `name`.txt</code>" in page  # the source path, one code span
    table = page[page.index("<table>") : page.index("</table>")]
    assert "<code>" not in table  # no backtick of the article makes one
    from lxml import html as lxml_html

    cells = [td.text_content() for td in lxml_html.fromstring(page).xpath("//tbody/tr/td")]
    assert literal in cells  # the sentence comes back character for character, backslash included


def test_markdown_lays_a_right_to_left_source_out_right_to_left(tmp_path):
    import dataclasses

    from summarize.languages import language

    brief = dataclasses.replace(make_brief(), source=language("urd_Arab"))
    brief.segments[0] = dataclasses.replace(brief.segments[0], source="امریکی نمائندہ خصوصی نے آرمی چیف سے ملاقات کی۔")
    write_brief(brief, tmp_path, "md")
    md = (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert '| 0 | <div dir="rtl" lang="ur">' in md
    assert '| 1 | <div dir="rtl"' not in md  # an English sentence under an Urdu source reads left to right
    # an English source stays as it was
    write_brief(make_brief(), tmp_path / "en", "md")
    assert "| 0 | The US envoy met the army chief. |" in (tmp_path / "en" / "brief.md").read_text(encoding="utf-8")


def test_threads_writing_one_folder_take_turns_instead_of_removing_each_others_files(tmp_path, monkeypatch):
    """A user's report: six threads writing one brief folder at once, three got `cannot write
    ...: No such file or directory` (each one's cleaning took the others' temporary folders for
    those of a killed writer). Thread A pauses while writing; B, started then, waits for it."""
    import threading

    from summarize.writers import folder as folder_mod

    real_write = folder_mod.write_file
    paused, go = threading.Event(), threading.Event()

    def slow_write(path, data):
        if threading.current_thread().name == "A" and not paused.is_set():
            paused.set()
            go.wait(5)
        real_write(path, data)

    monkeypatch.setattr(folder_mod, "write_file", slow_write)
    out = tmp_path / "same"
    errors: list[BaseException] = []

    def write(files):
        try:
            folder_mod.replace_brief_files(out, files)
        except BaseException as exc:  # noqa: BLE001 - told below
            errors.append(exc)

    a = threading.Thread(target=write, args=({"a.txt": b"A", "b.txt": b"A"},), name="A")
    a.start()
    assert paused.wait(5)
    b = threading.Thread(target=write, args=({"a.txt": b"B", "b.txt": b"B"},), name="B")
    b.start()
    b.join(0.5)  # without the lock B is done by now, having removed A's temporary folder
    go.set()
    a.join(5)
    b.join(5)
    assert errors == []
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {"a.txt": b"B", "b.txt": b"B"}  # B after A: B's files
    assert not [p.name for p in tmp_path.iterdir() if folder_mod.STAGING_MARK in p.name]  # no temporary folder left
