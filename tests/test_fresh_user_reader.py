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
