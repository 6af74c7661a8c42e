"""BCP 47 tags of languages models.yaml adds: the shortest ISO 639 code (``hin_Deva``: ``hi``),
in the HTML ``lang``, XLIFF ``target-language`` and TMX ``xml:lang``; the built-in targets'
tags unchanged."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from lxml import etree

from summarize.cli import main
from summarize.languages import KNOWN, language, nllb_codes, target
from tests.conftest import SEED
from tests.tiny_models import write_models_yaml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.mark.parametrize("code, tag", [
    ("hin_Deva", "hi"), ("npi_Deva", "ne"), ("zsm_Latn", "ms"), ("swh_Latn", "sw"), ("ben_Beng", "bn"),
    ("zho_Hans", "zh-Hans"), ("zho_Hant", "zh-Hant"), ("kas_Deva", "ks-Deva"), ("kas_Arab", "ks-Arab"),
    ("awa_Deva", "awa"), ("acm_Arab", "acm"), ("yue_Hant", "yue"),
])
def test_an_nllb_code_gets_the_shortest_iso_639_tag(code, tag):
    lang = language(code)
    assert lang.tag == tag
    assert lang.iso == tag.split("-")[0]  # sentence splitting and M2M-100 take the same code
    assert target("hi", code, "m").tag == tag


def test_built_in_tags_are_unchanged():
    assert {s: KNOWN[s].tag for s in KNOWN} == {"en": "en", "ur": "ur", "ps": "ps", "prs": "fa-AF", "fa": "fa", "ar": "ar"}


def test_the_table_covers_only_nllb_languages_with_two_letter_codes():
    from summarize.languages import iso639_1

    parts = {c.split("_")[0] for c in nllb_codes()}
    table = iso639_1()
    assert set(table) <= parts
    assert all(re.fullmatch(r"[a-z]{3}", k) and re.fullmatch(r"[a-z]{2}", v) for k, v in table.items())
    assert len(set(table.values())) == len(table)  # one NLLB language per two-letter code


def test_custom_language_tags_in_html_xliff_tmx(tiny_models, tmp_path, monkeypatch):
    config = write_models_yaml(tmp_path / "models.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))
    text = config.read_text(encoding="utf-8").replace(
        "  prs: {code: prs_Arab, translator: tiny-nllb}\n",
        "  prs: {code: prs_Arab, translator: tiny-nllb}\n  hi: {code: hin_Deva, translator: tiny-nllb}\n")
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SUMMARIZE_TM", str(tmp_path / "tm.sqlite"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(SEED), "--models", str(config), "-o", str(out), "--offline",
                                       "-t", "hi", "-f", "html,json,xliff,tmx"])
    assert result.exit_code == 0, result.output
    folder = next(out.iterdir())
    html = (folder / "brief.html").read_text(encoding="utf-8")
    langs = set(re.findall(r'<td class="tgt[^"]*" lang="([^"]+)"', html))
    assert langs == {"hi"}
    assert 'lang="hin"' not in html
    data = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    assert [t["tag"] for t in data["targets"]] == ["hi"]
    (xlf,) = folder.glob("*.xlf")
    files = etree.parse(str(xlf)).getroot().iter("{urn:oasis:names:tc:xliff:document:1.2}file")
    assert {f.get("target-language") for f in files} == {"hi"}
    (tmx,) = folder.glob("*.tmx")
    tuv_langs = {e.get(XML_LANG) for e in etree.parse(str(tmx)).getroot().iter("tuv")}
    assert tuv_langs == {"en", "hi"}

    # a file labelled with the three letters (as written before) still finds the hi target
    tree = etree.parse(str(xlf))
    for f in tree.getroot().iter("{urn:oasis:names:tc:xliff:document:1.2}file"):
        f.set("target-language", "hin")
    unit = next(tree.getroot().iter("{urn:oasis:names:tc:xliff:document:1.2}trans-unit"))
    unit.set("approved", "yes")
    unit.find("{urn:oasis:names:tc:xliff:document:1.2}target").set("state", "translated")
    old = tmp_path / "old.hi.xlf"
    tree.write(str(old), xml_declaration=True, encoding="utf-8")
    result = CliRunner().invoke(main, ["review", "import", str(old), "--brief", str(folder), "--no-tm"])
    assert result.exit_code == 0, result.output
    data = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    units = ([data["title"]] if data["title"] else []) + data["segments"]
    assert [u["targets"]["hi"]["review"]["status"] for u in units if u["targets"]["hi"].get("review")] == ["approved"]


def test_script_share_counts_the_letters_of_the_script_an_nllb_code_names():
    """The share of letters in a code's script (the source-language check of Pipeline.prepare):
    Han for Hans/Hant, Han and kana for Jpan, Hangul (and Han) for Hang; None without letters or
    for a script no NLLB-200 code names."""
    from summarize.languages import SCRIPT_NAMES, letter_scripts, script_share

    assert {c.split("_")[1] for c in nllb_codes()} <= set(SCRIPT_NAMES)  # every NLLB-200 script is known
    assert all(script_share("x", c.split("_")[1]) is not None for c in nllb_codes())
    assert script_share("日本語のテキストです", "Jpan") == 1.0 and script_share("日本語のテキストです", "Hans") == 0.3
    assert script_share("中文新闻", "Hant") == 1.0 and script_share("한국어 뉴스", "Hang") == 1.0
    assert script_share("UN خبر", "Arab") == 0.6 and script_share("123 ...", "Latn") is None
    assert script_share("abc", "Zzzz") is None
    assert letter_scripts("Ｆｕｌｌ width، عربی").most_common() == [("Latn", 9), ("Arab", 4)]
