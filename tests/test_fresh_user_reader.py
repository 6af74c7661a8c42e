"""A fresh user's reports on the reader and the junk checks, each pinned by a test that failed
before its fix (the sentences here are written for these tests)."""

from __future__ import annotations

import json
import warnings

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.errors import InputError, InputWarning
from summarize.reading.decode import UTF8_REPLACED, decode
from summarize.reading.source import parse_bytes, read_article
from tests.conftest import ROOT

EXTRACTIVE = ["-s", "extractive", "--no-translate"]
CHINESE = "北京——中国国家主席周四在北京会见了来访的巴基斯坦总理。双方讨论了经济合作和地区安全问题。"
JAPANESE = "東京――日本政府は木曜日、新しい経済対策を発表した。首相は記者会見で、物価高騰に対応するため、家計支援を強化すると述べた。"


def run(*args, **kw):
    return CliRunner().invoke(main, list(args), **kw)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("summarize: ")]


# ---- 1. legacy encodings are not "UTF-8 with a few invalid bytes" ----------------------------


def test_shift_jis_is_refused_as_undecodable_naming_the_encoding(tmp_path):
    # it was read as UTF-8 with 325 bytes replaced, then refused as "no article text found" (or,
    # with --keep-boilerplate --source-lang jpn_Jpan, briefed as garbage with exit 0)
    path = tmp_path / "sjis.txt"
    path.write_bytes((JAPANESE * 5).encode("shift_jis"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)  # no "invalid UTF-8 bytes replaced" first
        with pytest.raises(InputError) as info:
            read_article(path)
    problem = info.value.problem
    assert problem.startswith("cannot decode the text: it is not UTF-8 (")
    assert "UTF-16 or Windows-1252" in problem
    assert problem.endswith("it looks like Shift_JIS (Japanese); save it as UTF-8")
    for extra in ([], ["--keep-boilerplate", "--source-lang", "jpn_Jpan"]):
        result = run("run", *EXTRACTIVE, *extra, "-o", str(tmp_path / "o"), str(path))
        assert result.exit_code == 1, result.output
        lines = error_lines(result)
        assert lines == [f"summarize: error: {path}: {problem}"], result.stderr
        assert "\\U" not in lines[0] and "\\x" not in lines[0] and "\ufffd" not in lines[0]
        assert not (tmp_path / "o" / "sjis").exists()


def test_gb18030_is_read_in_its_own_encoding_not_as_utf8_with_bytes_replaced(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes((CHINESE * 5).encode("gb18030"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        article = read_article(path)
    assert article.metadata["encoding"] == "gb18030"
    assert article.body == CHINESE * 5


def test_no_legacy_encoded_text_is_read_as_utf8_with_bytes_replaced():
    # tests/fixtures/other_encodings.txt: each text decoded in its encoding, or refused; never
    # hundreds of U+FFFD
    from benchmarks.quality_news import other_encoding_texts

    texts = other_encoding_texts()
    assert len(texts) >= 15
    for language, encoding, text in texts:
        data = text.encode(encoding)
        try:
            decoded, used = decode(f"{language}.{encoding}", data)
        except InputError as exc:
            assert exc.problem.startswith("cannot decode the text: it is not UTF-8"), exc.problem
            continue
        assert used != UTF8_REPLACED and "\ufffd" not in decoded, (language, encoding)


def test_a_few_invalid_bytes_is_at_most_16_or_one_percent():
    from summarize.reading.decode import few_invalid_bytes

    assert few_invalid_bytes(0, 10) and few_invalid_bytes(16, 100)
    assert not few_invalid_bytes(17, 1000)
    assert few_invalid_bytes(30, 3000) and not few_invalid_bytes(31, 3000)
    # a page of English with a pasted Windows-1252 passage of 17 quotes is still read as UTF-8
    body = ("Caf\u00e9 owners said the plan would help. ".encode("utf-8")
            + b"The minister said it was \x93a good day\x94 for the city. " * 9
            + b"Officials said the new bridge would open next month after two years of work. " * 30)
    with pytest.warns(InputWarning, match="18 invalid UTF-8 bytes replaced"):
        article = parse_bytes(body, source="pasted.txt", stem="pasted")
    assert article.metadata["encoding"] == UTF8_REPLACED


def test_half_width_katakana_soup_is_garbled():
    # what Shift-JIS makes of KOI8-R Cyrillic or of Thai: never accepted as a decoding
    from summarize.reading.decode import _garbled

    assert _garbled("\uff93\uff8b\uff97\uff81. \uff81\uff97\uff89\uff94\uff85\uff8c\uff98\uff93\uff94\uff97\uff8f")
    assert not _garbled(JAPANESE + "\uff83\uff9e\uff9d\uff9c")  # a little half-width kana in Japanese


def test_refusal_excerpts_never_show_escapes():
    from summarize.pipeline import excerpt

    assert excerpt("\U000cbd42 \ue000 cookie") == "'\ufffd \ufffd cookie'"
    assert excerpt("x" * 80) == repr("x" * 57 + "...")


def test_readme_says_what_more_than_a_few_invalid_bytes_gets():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "More than a few invalid bytes (over 16 and over 1 % of the file" in readme
    assert "it looks like Shift_JIS (Japanese); save it as UTF-8" in readme


# ---- 2. Lorem ipsum and lists of URLs are no article -------------------------------------------

LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et "
         "dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip "
         "ex ea commodo consequat.")


@pytest.mark.parametrize("name, text, reason", [
    ("lorem.txt", LOREM + "\n", "it is placeholder text (Lorem ipsum), not an article: 33 of its 36 words"),
    ("urls.txt", "".join(f"https://example.com/news/2024/03/{n}/story-about-something-{n}.html\n" for n in range(1, 51)),
     "it is a list of links, not prose: 50 of its 50 words are web addresses"),
], ids=["lorem", "urls"])
def test_placeholder_text_and_a_list_of_urls_are_refused(tmp_path, name, text, reason):
    # both were briefed with exit 0: the two Lorem sentences as English (one foreign function
    # word, "et", where the English check asks for two), the URLs as one giant "sentence"
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("run", *EXTRACTIVE, "-o", str(tmp_path / "o"), str(path))
    assert result.exit_code == 1, result.output
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith(f"summarize: error: {path}: no article text found: {reason}"), lines
    assert lines[0].endswith("; --keep-boilerplate briefs it all the same")
    assert not (tmp_path / "o").exists()


def test_news_that_quotes_lorem_ipsum_or_gives_links_is_briefed(tmp_path):
    from summarize.config import load_config, packaged_default_path
    from summarize.pipeline import BriefOptions, Pipeline
    from tests.fixtures.short_english import short_english_texts

    pipeline = Pipeline(load_config(packaged_default_path()), BriefOptions(translate=False))
    texts = [
        "Designers fill empty pages with \"Lorem ipsum dolor sit amet, consectetur adipiscing elit\" until the "
        "copy arrives, the agency said on Monday. The dummy text dates from the 1500s.",
        "The report is at https://example.org/report-2024.pdf and the data at www.example.org/data. "
        "Officials said the figures would be updated next month. See https://example.org/faq for more.",
        *short_english_texts(),
    ]
    for k, text in enumerate(texts):
        path = tmp_path / f"item{k}.txt"
        path.write_text(text, encoding="utf-8")
        pipeline.read(path)  # raises InputError when refused
    for sample in (ROOT / "samples").iterdir():
        pipeline.read(sample)


def test_docs_give_the_placeholder_and_link_rules_with_figures():
    quality = " ".join((ROOT / "docs" / "quality.md").read_text(encoding="utf-8").split())
    assert "**Placeholder text and lists of links**" in quality
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "Lorem ipsum placeholder text and a list of links are refused too" in readme


# ---- 3. Chinese and Japanese: not English without --source-lang, briefed with it -------------

CHINESE_ARTICLE = (
    "中巴领导人在北京会谈\n\n"
    "北京——中国国家主席周四在北京会见了来访的巴基斯坦总理。双方讨论了经济合作和地区安全问题。"
    "会谈持续了两个小时，双方同意明年再次举行会谈。巴基斯坦总理表示，两国友谊坚如磐石。\n\n"
    "他说：“我们将继续加强在基础设施和能源领域的合作。”据报道，双方还签署了多项合作协议，涉及农业、教育和卫生等领域。\n"
)


def test_a_chinese_article_without_source_lang_is_refused_as_not_english(tmp_path):
    # it was "no article text found: no sentence of 3 words or more" (no spaces, so one "word")
    path = tmp_path / "zh.txt"
    path.write_text(CHINESE * 5, encoding="utf-8")
    result = run("run", *EXTRACTIVE, "-o", str(tmp_path / "o"), str(path))
    assert result.exit_code == 1, result.output
    assert error_lines(result) == [f"summarize: error: {path}: the article does not look like English; pass "
                                   "--source-lang CODE (e.g. urd_Arab) to translate from another language"]


def test_a_chinese_article_with_source_lang_is_briefed_sentence_by_sentence(tmp_path):
    path = tmp_path / "zh.txt"
    path.write_text(CHINESE_ARTICLE, encoding="utf-8")
    result = run("run", *EXTRACTIVE, "--source-lang", "zho_Hans", "-o", str(tmp_path / "o"), "-f", "json", str(path))
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "o" / "zh" / "brief.json").read_text(encoding="utf-8"))
    assert data["source"]["title"] == "中巴领导人在北京会谈"
    assert data["summary"][0] == "北京——中国国家主席周四在北京会见了来访的巴基斯坦总理。"
    assert len(data["summary"]) == 3 and all(s.endswith(("。", "”")) for s in data["summary"])
    assert data["models"]["summarizer"]["kind"] == "extractive" and data["notes"] == []


def test_the_reports_repeated_chinese_text_is_refused_as_the_same_english_text_is(tmp_path):
    # two sentences five times over on one line: a log or a table repeats itself so
    english = "Officials in Karachi said on Monday that the bridge would open next month. The project cost two billion rupees. "
    for name, text, lang in (("zh.txt", CHINESE * 5, "zho_Hans"), ("en.txt", english * 5, "eng_Latn")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = run("run", *EXTRACTIVE, "--source-lang", lang, "-o", str(tmp_path / "o"), str(path))
        assert result.exit_code == 1, result.output
        assert error_lines(result) == [f"summarize: error: {path}: no article text found: it repeats itself, as a log "
                                       "or a table does: 10 sentences, 2 different (digits aside); --keep-boilerplate "
                                       "briefs it all the same"]


def test_a_japanese_article_with_source_lang_is_briefed(tmp_path):
    path = tmp_path / "ja.txt"
    path.write_text(JAPANESE + "対策の規模は約十兆円となる見通しだ。政府は来月から実施する方針だ。\n", encoding="utf-8")
    result = run("run", *EXTRACTIVE, "--source-lang", "jpn_Jpan", "-o", str(tmp_path / "o"), "-f", "json", str(path))
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "o" / "ja" / "brief.json").read_text(encoding="utf-8"))
    assert data["summary"][0] == "東京――日本政府は木曜日、新しい経済対策を発表した。"


def test_words_count_each_chinese_or_japanese_character():
    from summarize.text.segment import words

    assert words("Gold price falls") == ["Gold", "price", "falls"]
    assert words("北京——中国") == ["北", "京", "——", "中", "国"]
    assert len(words("双方讨论了经济合作。")) == 10
    assert words("2024年3月 talks") == ["2024", "年", "3", "月", "talks"]


def test_chinese_sentences_that_share_words_are_similar():
    from summarize.engines.summarizers.extractive import similarity

    sim = similarity(["双方讨论了经济合作。", "经济合作是会谈的重点。", "天气很好。"])
    assert sim[0, 1] > 0 and sim[0, 2] == 0


def test_a_chinese_brief_is_translated_and_checked(tmp_path):
    from summarize.config import load_config, packaged_default_path
    from summarize.pipeline import BriefOptions, Pipeline
    from tests.fakes import TaggingTranslator

    path = tmp_path / "zh.txt"
    path.write_text(CHINESE_ARTICLE, encoding="utf-8")
    pipeline = Pipeline(load_config(packaged_default_path()), BriefOptions(source_lang="zho_Hans"),
                        translator=TaggingTranslator())
    brief = pipeline.brief(path)
    assert [t.short for t in brief.targets][0] == "en"
    assert brief.segments[0].targets["en"].text == "eng_Latn:" + brief.segments[0].source


def test_docs_say_how_chinese_and_japanese_are_counted():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "Chinese and Japanese, written without spaces, are briefed too" in readme
    quality = " ".join((ROOT / "docs" / "quality.md").read_text(encoding="utf-8").split())
    assert "**Chinese and Japanese**" in quality and "counts each Chinese or Japanese character" in quality


# ---- 4. a file named ..txt is briefed; a folder that cannot be used names the file ----------

NEWS = ("Officials in Karachi said on Monday that the new bridge would open next month. The project cost more than "
        "2 billion rupees. Traffic on the main road is expected to ease.\n")


@pytest.mark.parametrize("name, folder", [("..txt", "_"), ("...txt", "__"), ("a\\b.txt", "a_b")])
def test_a_file_whose_stem_is_not_a_folder_name_is_briefed_in_a_safe_folder(tmp_path, monkeypatch, name, folder):
    # `..txt` was refused "summarize: error: .: is not a safe output folder path", naming no file
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(NEWS, encoding="utf-8")
    result = run("run", *EXTRACTIVE, "-o", "o15", "-f", "json", "--", name)
    assert result.exit_code == 0, result.output
    assert f"{name}: wrote 1 file to o15/{folder}/" in result.stderr
    data = json.loads((tmp_path / "o15" / folder / "brief.json").read_text(encoding="utf-8"))
    assert data["source"]["path"] == name
    assert sorted(p.name for p in (tmp_path / "o15").iterdir()) == [folder]


def test_batch_briefs_a_file_with_a_backslash_in_its_name(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a\\b.txt").write_text(NEWS, encoding="utf-8")
    result = run("batch", *EXTRACTIVE, "-o", str(tmp_path / "o"), "-f", "json", str(root))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "a_b" / "brief.json").is_file()


def test_an_output_folder_that_cannot_be_used_is_an_error_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bridge.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "o").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "o" / "bridge").symlink_to(tmp_path / "elsewhere")
    result = run("run", *EXTRACTIVE, "-o", "o", "bridge.txt")
    assert result.exit_code == 1, result.output
    assert error_lines(result) == ["summarize: error: bridge.txt: its brief's folder o/bridge/ cannot be used: "
                                   "output folder would lie outside o"]
    assert not list((tmp_path / "elsewhere").iterdir())


def test_folder_names_are_never_dots_or_backslashes():
    from summarize.reading.source import article_stem
    from summarize.writers.folder import folder_name

    assert [folder_name(n) for n in ("a\\b", "a.b", ".hidden")] == ["a_b", "a.b", ".hidden"]
    assert [folder_name(n) for n in (".", "..")] == [".", ".."]  # for safe_folder to refuse
    assert [article_stem(n) for n in ("..txt", "...md", "a.txt", ".txt")] == ["_", "__", "a", ".txt"]


def test_readme_says_how_an_unsafe_name_is_made_safe():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "`..txt` is briefed into `briefs/_/`, `a\\b.txt` into `briefs/a_b/`" in readme


# ---- 5. front matter that is not YAML, or an alias bomb, is skipped with a warning ---------

BOMB = "\n".join(["---", "a: &a [x, x, x, x, x, x, x, x, x]"]
                 + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}" if i > 1 else "*a"] * 9) + "]" for i in range(1, 9)]
                 + ["title: Floods", "---", "", NEWS])


@pytest.mark.parametrize("front, reason", [
    ("---\ntitle: [unclosed\n---\n\n" + NEWS,
     "it is not valid YAML (line 2, column 17: expected ',' or ']', but got '<stream end>')"),
    (BOMB, "it was refused as YAML: its aliases expand to more than 10,000 values (an alias bomb; nothing was expanded)"),
    ("---\ntitle: " + "x" * 20_001 + "\n---\n\n" + NEWS, "it is over 20,000 characters long"),
], ids=["broken-yaml", "alias-bomb", "too-long"])
@pytest.mark.parametrize("command", ["run", "batch"])
def test_front_matter_that_is_skipped_is_warned_about_and_noted(tmp_path, front, reason, command):
    # it was dropped silently: the title lost, no warning, no note
    import time

    root = tmp_path / "in"
    root.mkdir()
    path = root / "story.md"
    path.write_text(front, encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.warns(InputWarning) as caught:
        article = read_article(path)
    assert time.perf_counter() - t0 < 2  # the bomb is never expanded
    assert [str(w.message) for w in caught] == [f"{path}: its front matter is skipped: {reason}; the article is read "
                                                "without the title, author and date it gives"]
    assert article.title is None and article.paragraphs == [NEWS.strip()]
    result = run(command, str(path if command == "run" else root), *EXTRACTIVE, "-o", str(tmp_path / "o"), "-f", "json")
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("summarize: warning: ")]
    assert warned == [f"summarize: warning: {caught[0].message}"], result.stderr
    data = json.loads((tmp_path / "o" / "story" / "brief.json").read_text(encoding="utf-8"))
    assert f"the front matter was skipped: {reason}; no title, author or date was taken from it" in data["notes"]
    assert data["source"]["metadata"]["front_matter_skipped"] == reason
    quiet = run(command, str(path if command == "run" else root), *EXTRACTIVE, "-o", str(tmp_path / "q"), "-q")
    assert quiet.exit_code == 0 and quiet.stderr == "", quiet.stderr


def test_good_front_matter_gives_its_title_without_a_warning(tmp_path):
    path = tmp_path / "good.md"
    path.write_text("---\ntitle: Bridge to open next month\nauthor: Staff Reporter\n---\n\n" + NEWS, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        article = read_article(path)
    assert article.title == "Bridge to open next month" and article.metadata["author"] == "Staff Reporter"
    assert "front_matter_skipped" not in article.metadata


def test_prose_between_two_rules_is_no_front_matter_and_is_kept(tmp_path):
    # YAML reads a line of prose as a string, not as settings: the lines were dropped unread
    path = tmp_path / "rules.md"
    path.write_text("---\nOfficials in Karachi said on Monday that the bridge would open soon\n---\n\n" + NEWS,
                    encoding="utf-8")
    article = read_article(path)
    assert "Officials in Karachi said on Monday that the bridge would open soon" in article.body + (article.title or "")


def test_readme_says_skipped_front_matter_is_warned_about():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert ("front matter that is not valid YAML, or that the safe loader refuses, an alias bomb, is skipped with a "
            "`summarize: warning:` line naming the file and why") in readme


def test_batch_briefs_a_file_named_dot_dot_txt_in_a_safe_folder(tmp_path, monkeypatch):
    from pathlib import PurePosixPath

    from summarize.jobs.discover import Source, assign_folders

    monkeypatch.chdir(tmp_path)
    (tmp_path / "..txt").write_text(NEWS, encoding="utf-8")
    result = run("batch", *EXTRACTIVE, "-o", "o", "-f", "json", "--", "..txt")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "_" / "brief.json").is_file()
    # a folder part ".." is still refused, never made safe
    out = tmp_path / "out"
    folders = assign_folders([Source(tmp_path / "a", PurePosixPath("...md")), Source(tmp_path / "b", PurePosixPath("../b.txt"))], out)
    assert folders[0] == out / "__" and isinstance(folders[1], InputError)
