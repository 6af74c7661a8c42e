"""QA checks: hand-written good Urdu/Pashto/Dari raise nothing; each kind of bad output raises
exactly the flag meant for it."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.brief import Article, Brief, Segment, TargetSegment
from summarize.checks.flags import (
    DEFAULT_THRESHOLDS,
    LETTERS,
    Thresholds,
    check_brief,
    check_segment,
    numbers_in,
)
from summarize.languages import target as make_target

try:
    from review_helpers import CODES, GOOD
except ImportError:  # tests/ is a package
    from tests.review_helpers import CODES, GOOD

LANGS = ("ur", "ps", "prs")
ALL_CODES = {"empty", "script", "language", "untranslated", "repetition", "length", "numbers"}


def codes(flags):
    return [f.code for f in flags]


@pytest.mark.parametrize("row", range(len(GOOD)))
@pytest.mark.parametrize("lang", LANGS)
def test_good_translations_raise_no_flag(row, lang):
    en, *targets = GOOD[row]
    target = dict(zip(LANGS, targets))[lang]
    assert check_segment(en, target, CODES[lang]) == []


EN1, UR1, PS1, PRS1 = GOOD[0]
EN2, UR2, PS2, PRS2 = GOOD[1]
LONG_EN = (
    "The government announced on Tuesday that schools will reopen next month after being closed "
    "for three weeks because of the floods."
)

BAD = [
    # (id, source, target, code, expected flags, exactly)
    ("english-copied-ur", EN1, EN1, "urd_Arab", ["script"]),
    ("english-copied-ps", EN2, EN2, "pbt_Arab", ["script"]),
    ("english-copied-prs", EN2, EN2, "prs_Arab", ["script"]),
    ("title-case-copied-ur", "Floods Close Schools In Kabul", "Floods Close Schools In Kabul", "urd_Arab", ["script"]),
    ("urdu-for-pashto", EN2, UR2, "pbt_Arab", ["language"]),
    ("urdu-for-dari", EN1, UR1, "prs_Arab", ["language"]),
    ("pashto-for-urdu", EN1, PS1, "urd_Arab", ["language"]),
    ("pashto-for-dari", EN2, PS2, "prs_Arab", ["language"]),
    ("dari-for-pashto", EN1, PRS1, "pbt_Arab", ["language"]),
    ("dari-for-urdu", EN1, PRS1, "urd_Arab", ["language"]),
    (
        "loop-ur",
        EN1,
        "حکومت نے منگل کو اعلان کیا کہ اسکول دوبارہ کھلیں گے، دوبارہ کھلیں گے، دوبارہ کھلیں گے، دوبارہ کھلیں گے۔",
        "urd_Arab",
        ["repetition"],
    ),
    ("loop-ps", EN1, "حکومت اعلان وکړ چې ښوونځي به بیا پرانیستل شي شي شي شي.", "pbt_Arab", ["repetition"]),
    (
        "loop-spread-prs",
        EN1,
        "حکومت در ماه آینده اعلام کرد که مکاتب در ماه آینده باز می‌شوند و در ماه آینده درس آغاز می‌شود.",
        "prs_Arab",
        ["repetition"],
    ),
    (
        "dropped-number-ur",
        EN2,
        "شدید بارش کے باعث 12 اضلاع میں سیلاب آ گیا، اور ہزاروں خاندانوں کو اپنے گھر چھوڑنے پر مجبور ہونا پڑا۔",
        "urd_Arab",
        ["numbers"],
    ),
    (
        "wrong-number-prs",
        EN2,
        "باران‌های شدید در ۱۲ ولسوالی سیلاب به بار آورد و ۳٬۰۰۰ خانواده مجبور به ترک خانه‌های خود شدند.",
        "prs_Arab",
        ["numbers"],
    ),
    ("empty-ur", EN1, "", "urd_Arab", ["empty"]),
    ("blank-ps", EN1, "  \n ", "pbt_Arab", ["empty"]),
    ("empty-unknown-code", EN1, "", "deu_Latn", ["empty"]),
    ("too-short-ur", LONG_EN, "حکومت نے اعلان کیا۔", "urd_Arab", ["length"]),
    (
        "too-long-ur",
        "Talks will continue on Friday.",
        "جمعہ کو مذاکرات جاری رہیں گے اور تمام فریقین نے اس بات پر اتفاق کیا ہے کہ ملک میں امن و امان کی "
        "صورتحال بہتر بنانے کے لیے مزید اقدامات کیے جائیں گے۔",
        "urd_Arab",
        ["length"],
    ),
    ("english-left-in-ur", EN1, "حکومت نے منگل کو اعلان کیا کہ اسکول will reopen next month۔", "urd_Arab", ["untranslated"]),
    (
        "english-left-in-prs",
        EN1,
        "حکومت روز سه‌شنبه اعلام کرد که schools will reopen دوباره باز می‌شوند.",
        "prs_Arab",
        ["untranslated"],
    ),
]


@pytest.mark.parametrize(("source", "target", "code", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_translations_raise_exactly_the_expected_flags(source, target, code, expected):
    flags = check_segment(source, target, code)
    assert codes(flags) == expected, [f.message for f in flags]
    for f in flags:
        assert f.message and "\n" not in f.message
        assert isinstance(f.data, dict) and f.data


def test_flag_data_carries_the_numbers():
    (script,) = check_segment(EN1, EN1, "urd_Arab")
    assert script.data["arabic_share"] == 0 and script.data["min_share"] == 0.5
    (lang,) = check_segment(EN2, UR2, "pbt_Arab")
    assert lang.data["foreign"]["Urdu"]["ے"] >= 2
    assert lang.data["expected_letters"] == 0
    (num,) = check_segment(EN2, UR2.replace("3,500", "ہزاروں"), "urd_Arab")
    assert num.data["missing"] == ["3500"] and "3,500" in num.message
    (length,) = check_segment(LONG_EN, "حکومت نے اعلان کیا۔", "urd_Arab")
    assert length.data["ratio"] < length.data["low"] == 0.5
    (rep,) = check_segment(EN1, "حکومت اعلان وکړ چې ښوونځي به بیا پرانیستل شي شي شي شي.", "pbt_Arab")
    assert rep.data["ngram"] == "شي" and rep.data["count"] == 4
    (unt,) = check_segment(EN1, "حکومت نے منگل کو اعلان کیا کہ اسکول will reopen next month۔", "urd_Arab")
    assert unt.data["words"] == 4 and unt.data["run"] == "will reopen next month"


def test_names_kept_in_latin_script_are_not_untranslated():
    src = "NASA's James Webb Space Telescope found water on a distant planet."
    tgt = "NASA کی James Webb Space Telescope نے ایک دور دراز سیارے پر پانی دریافت کیا۔"
    assert check_segment(src, tgt, "urd_Arab") == []
    # Capitalised words that the source does not have (spelled the same) are not names...
    flags = check_segment(src.replace("James Webb Space Telescope", "james webb space telescope"), tgt, "urd_Arab")
    assert codes(flags) == ["untranslated"]
    # ...nor are words the source writes in lower case (a lower-case copy of a source name is
    # one: Pashto references gloss names so, "los angeles police department").
    flags = check_segment(src, tgt.replace("James Webb Space Telescope", "found water on a distant"), "urd_Arab")
    assert codes(flags) == ["untranslated"]


def test_short_good_sentence_without_markers_is_not_flagged_but_long_one_is():
    short_ps = "کابل ارام دی."  # "Kabul is calm." No Pashto-only letter, and too short to judge.
    assert check_segment("Kabul is calm.", short_ps, "pbt_Arab") == []
    strict = dataclasses.replace(DEFAULT_THRESHOLDS, language_min_letters=5)
    assert codes(check_segment("Kabul is calm.", short_ps, "pbt_Arab", thresholds=strict)) == ["language"]


def test_one_stray_foreign_letter_is_tolerated():
    # A Dari sentence with one Pashto letter (a name spelt the Pashto way): below language_foreign_min.
    prs = "آنتونیو گوترش روز دوشنبه از ننګرهار و کابل دیدار کرد."
    assert check_segment("Guterres visited Nangarhar and Kabul on Monday.", prs, "prs_Arab") == []


def test_letter_tables():
    ur, ps, prs = LETTERS["urd_Arab"], LETTERS["pbt_Arab"], LETTERS["prs_Arab"]
    assert set("ےںٹڈڑھ") <= set(ur.markers)
    assert set("ښږځڅټډړڼېۍ") <= set(ps.markers)
    assert prs.markers == "" and not prs.expects_markers
    assert not set(ur.markers) & set(ps.markers)
    # Urdu retroflexes (small tah) and Pashto ones (ring) are different code points.
    assert [hex(ord(c)) for c in "ٹڈڑ"] == ["0x679", "0x688", "0x691"]
    assert [hex(ord(c)) for c in "ټډړ"] == ["0x67c", "0x689", "0x693"]
    for table in LETTERS.values():
        assert "Unicode" in table.source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3,500 families in 12 districts", ["3500", "12"]),
        ("۳٬۵۰۰ کورنۍ په ۱۲ ولسوالیو کې", ["3500", "12"]),
        ("٣٥٠٠ و ١٢", ["3500", "12"]),  # Arabic-Indic digits
        ("۴٫۵ سلنه and 4.50 percent", ["4.5", "4.5"]),
        ("200,000 people, 1,2,3 and 2020,2021", ["200000", "1", "2", "3", "2020", "2021"]),
        ("1،200 and 007", ["1200", "7"]),
        ("in 2024.", ["2024"]),
        ("no numbers", []),
    ],
)
def test_numbers_in(text, expected):
    assert numbers_in(text) == expected


def test_numbers_accept_any_digit_form_and_separator():
    en = "About 1,200 people attended, 4.5 percent more than in 2023."
    for tgt in (
        "تقریباً 1,200 لوگ شریک ہوئے، جو 2023 کے مقابلے میں 4.5 فیصد زیادہ ہیں۔",
        "تقریباً ۱۲۰۰ لوگ شریک ہوئے، جو ۲۰۲۳ کے مقابلے میں ۴٫۵ فیصد زیادہ ہیں۔",
        "تقریباً ١٬٢٠٠ لوگ شریک ہوئے، جو ٢٠٢٣ کے مقابلے میں ٤٫٥ فیصد زیادہ ہیں۔",
    ):
        assert check_segment(en, tgt, "urd_Arab") == [], tgt


def test_unknown_code_gets_only_language_independent_checks():
    # English into a Latin-script language: no script/language/untranslated checks.
    assert check_segment(EN1, "Die Regierung kündigte am Dienstag an, dass die Schulen nächsten Monat wieder öffnen.", "deu_Latn") == []
    assert codes(check_segment(EN2, "Starker Regen: Überschwemmungen in 12 Bezirken.", "deu_Latn")) == ["numbers"]
    assert codes(check_segment(EN1, "ja ja ja ja", "deu_Latn")) == ["repetition", "length"]
    # An Arabic-script language without a letter table: script checks, no language check.
    assert codes(check_segment(EN1, EN1, "arb_Arab")) == ["script"]
    assert check_segment(EN1, UR1, "arb_Arab") == []
    # Not even shaped like an NLLB code.
    assert check_segment(EN1, EN1, "klingon") == []


def test_thresholds_are_one_frozen_dataclass():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_THRESHOLDS.script_min_share = 0.1  # type: ignore[misc]
    assert DEFAULT_THRESHOLDS.length_band("urd_Arab") == (0.5, 2.0)
    assert DEFAULT_THRESHOLDS.length_band("xyz_Latn") == DEFAULT_THRESHOLDS.length_default_band
    loose = Thresholds(length_bands=(("urd_Arab", 0.1, 5.0),))
    assert check_segment(LONG_EN, "حکومت نے اعلان کیا۔", "urd_Arab", thresholds=loose) == []
    lenient = dataclasses.replace(DEFAULT_THRESHOLDS, untranslated_max_words=4)
    assert check_segment(EN1, "حکومت نے منگل کو اعلان کیا کہ اسکول will reopen next month۔", "urd_Arab", thresholds=lenient) == []
    for f in dataclasses.fields(Thresholds):
        assert f.name in Thresholds.__doc__, f"undocumented threshold {f.name}"


def test_checks_never_rewrite():
    target = "حکومت نے منگل کو اعلان کیا کہ اسکول will reopen next month۔"
    seg = Segment(0, EN1, {"ur": TargetSegment(target)})
    brief = Brief(Article("x.txt", "x", [EN1]), [seg], [make_target("ur", "urd_Arab", "t")])
    check_brief(brief)
    assert seg.targets["ur"].text == target


def _brief():
    segs = [Segment(i, en, {"ur": TargetSegment(ur), "ps": TargetSegment(ps), "prs": TargetSegment(prs)})
            for i, (en, ur, ps, prs) in enumerate(GOOD)]
    segs[1].targets["ps"] = TargetSegment(UR2)          # language
    segs[2].targets["prs"] = TargetSegment("")          # empty
    title = Segment(0, "Floods close schools in 12 districts",
                    {"ur": TargetSegment("سیلاب سے اضلاع میں اسکول بند"), "ps": TargetSegment("سیلابونو په ۱۲ ولسوالیو کې ښوونځي وتړل"),
                     "prs": TargetSegment("سیلاب مکاتب را در ۱۲ ولسوالی بست")})
    targets = [make_target("ur", "urd_Arab", "t"), make_target("ps", "pbt_Arab", "t"),
               make_target("prs", "prs_Arab", "t")]
    return Brief(Article("x.txt", "x", [g[0] for g in GOOD], title=title.source), segs, targets, title=title)


def test_check_brief_fills_every_segment_and_the_title():
    brief = _brief()
    brief.segments[0].targets["ur"].flags = [dataclasses.replace(check_segment(EN1, EN1, "urd_Arab")[0])]  # stale
    check_brief(brief)
    flagged = {(s.index, short): codes(t.flags) for s in brief.segments for short, t in s.targets.items() if t.flags}
    assert flagged == {(1, "ps"): ["language"], (2, "prs"): ["empty"]}
    assert codes(brief.title.targets["ur"].flags) == ["numbers"]  # "12" dropped in the Urdu title
    assert brief.title.targets["ps"].flags == [] and brief.title.targets["prs"].flags == []
    assert brief.flag_count() == 3
    check_brief(brief)  # idempotent
    assert brief.flag_count() == 3


def test_check_brief_looks_up_short_names_missing_from_targets():
    brief = _brief()
    brief.targets = []  # codes then come from summarize.languages by short name
    check_brief(brief)
    assert codes(brief.segments[1].targets["ps"].flags) == ["language"]
    brief.segments[0].targets["zzz"] = TargetSegment("")  # unknown short name: code = the name
    check_brief(brief)
    assert codes(brief.segments[0].targets["zzz"].flags) == ["empty"]


@settings(max_examples=300, deadline=None)
@given(
    source=st.text(max_size=200),
    target=st.text(
        alphabet=st.one_of(st.characters(), st.sampled_from("ےںٹڈڑھښږځڅټډړڼېۍ۰۱۲٫٬،, .0123456789abcXYZ")),
        max_size=200,
    ),
    code=st.sampled_from(["urd_Arab", "pbt_Arab", "prs_Arab", "arb_Arab", "deu_Latn", "x"]),
)
def test_check_segment_never_raises_and_returns_known_codes(source, target, code):
    flags = check_segment(source, target, code)
    got = codes(flags)
    assert set(got) <= ALL_CODES
    assert len(got) == len(set(got))
    if not target.strip() and source.strip():
        assert got == ["empty"]


# ---- numbers read as professional translators write them (issue 12) ---------------------------


@pytest.mark.parametrize(
    "source, target, code",
    [
        # ordinal words
        ("It was made in the late 16th century.", "یہ سولہویں صدی کے آخر میں بنی۔", "urd_Arab"),
        ("In the last years of the 18th century they came.", "اٹھارویں صدی کے آخری سالوں میں وہ آئے۔", "urd_Arab"),
        ("He came 5th in the race.", "او در مسابقه پنجم شد.", "prs_Arab"),
        ("The 1st and 3rd regiments came.", "پہلی اور تیسری رجمنٹ آئی۔", "urd_Arab"),
        ("On March 18 he walked in space.", "د مارچ په اتلسمه نیټه هغه په فضا کې وګرځید.", "pbt_Arab"),
        ("It opens on 1 Jan.", "از یکم ماه جنوری باز است.", "prs_Arab"),
        # cardinal words, with Pashto case endings and multipliers
        ("He had 10 goals.", "هغه لس ګولونه درلودل.", "pbt_Arab"),
        ("The force of 2,400 men crossed.", "د دوه زره څلور سوه سړو ځواک واوښت.", "pbt_Arab"),
        ("In the past 48 hours nothing came.", "په تیرو اته څلویښتو ساعتونو کې هیڅ نه و.", "pbt_Arab"),
        ("It has 21 rooms.", "این بیست و یک اتاق دارد.", "prs_Arab"),
        ("They arrived around 10,000 BCE.", "آنها حدود 10 هزار سال قبل از میلاد رسیدند.", "prs_Arab"),
        ("It was built in the 1800s.", "یہ اٹھارہ سو کی دہائی میں بنا۔", "urd_Arab"),
        ("It was built in the 1800s.", "یہ 1800 کی دہائی میں بنا۔", "urd_Arab"),
        # digits as Urdu and Persian write them
        ("Growth was 6.5 per cent.", "شرح نمو ۶۔۵ فیصد رہی۔", "urd_Arab"),
        ("He leads with 2,250 points.", "او با 2.250 امتیاز پیش است.", "prs_Arab"),
        ("It covers 2.2 million km2.", "این 2/2 میلیون کیلومتر مربع است.", "prs_Arab"),
        # clock minutes :00 are not a number of their own
        ("The protest started at 10:00 local time.", "مظاہرہ مقامی وقت کے مطابق ۱۰ بجے شروع ہوا۔", "urd_Arab"),
        # the decimal comma, and a clock time the source writes 5.30pm (NTREX-128's habits)
        ("Sales rose 2.7 per cent.", "خرڅلاو ۲،۷ سلنه لوړ شو.", "pbt_Arab"),
        ("Ratings rose to 1.05 million.", "شمېر ۱,۰۵ میلیون ته ورسید.", "pbt_Arab"),
        ("The best time is 5.30pm on a Saturday.", "تر ټولو غوره وخت د شنبې ۵:۳۰ بجې دي.", "pbt_Arab"),
        # number words: Pashto spellings, Urdu 32-99, Urdu اول for 1st
        ("Some are as young as 11.", "ځینې تر یولس کلونو کم دي.", "pbt_Arab"),
        ("He has worked there for 24 years.", "هغه څلوریشت کاله هلته کار کوي.", "pbt_Arab"),
        ("The new 17th district was drawn.", "نوې اولسمه حوزه جوړه شوه.", "pbt_Arab"),
        ("West, 41, has a nickname.", "اکتالیس سالہ ویسٹ کا ایک عرف ہے۔", "urd_Arab"),
        ("The 34-year-old says so.", "چونتیس سالہ خاتون یہی کہتی ہیں۔", "urd_Arab"),
        ("A WW1 cleric was honoured.", "جنگ عظیم اول کے ایک پادری کو اعزاز ملا۔", "urd_Arab"),
    ],
)
def test_numbers_written_as_translators_write_them_pass(source, target, code):
    assert [f for f in check_segment(source, target, code) if f.code == "numbers"] == []


@pytest.mark.parametrize(
    "source, target, code, missing",
    [
        ("It was made in the late 16th century.", "یہ سترہویں صدی کے آخر میں بنی۔", "urd_Arab", ["16"]),
        ("He had 10 goals.", "هغه یوولس ګولونه درلودل.", "pbt_Arab", ["10"]),
        ("The protest started at 10:30 local time.", "مظاہرہ مقامی وقت کے مطابق ۱۰ بجے شروع ہوا۔", "urd_Arab", ["30"]),
        ("He leads with 2,250 points.", "او با 2.350 امتیاز پیش است.", "prs_Arab", ["2250"]),
        # NTREX-128's real errors stay flagged: 7.6 written ۷،۸, 1,100 written ۱۱۰۰۰, 20,000 as ۲۰۰۰
        ("A 7.6 magnitude quake struck.", "د ریختر په کچه ۷،۸ زلزله وشوه.", "pbt_Arab", ["7.6"]),
        ("More than 1,100 people were killed.", "له ۱۱۰۰۰ زیات یې ووژل.", "pbt_Arab", ["1100"]),
        ("A survey of 20,000 pupils.", "د ۲۰۰۰ زده کونکو سروې.", "pbt_Arab", ["20000"]),
    ],
)
def test_a_wrong_number_in_words_is_still_flagged(source, target, code, missing):
    (flag,) = [f for f in check_segment(source, target, code) if f.code == "numbers"]
    assert flag.data["missing"] == missing


def test_word_values_reads_runs_and_tails():
    from summarize.checks.number_words import word_values

    assert word_values("دوه زره څلور سوه", "pbt_Arab") == {"2400", "2", "4", "400"}
    assert "1600" in word_values("یوه شپاړلس سوه کیلومتره", "pbt_Arab")  # "a sixteen hundred"
    assert "100" in word_values("له سلو تر", "pbt_Arab")
    assert word_values("هیڅ عدد نشته", "pbt_Arab") == set()
    assert word_values("any text", "deu_Latn") == set()
    assert word_values("x² ² ۲/", "prs_Arab") == set()  # odd digits never raise


# ---- language: Pashto typed with Persian ی ---------------------------------------------------


def test_pashto_with_persian_yeh_and_no_pashto_letters_passes():
    src = "The storm is moving towards China at eleven kilometres per hour."
    tgt = "يولس کلوميتره في ساعت رفتار سره توپان چين په طرف روان دي او د باران سره یو ځای"
    tgt = tgt.replace(" یو ځای", "")  # no Pashto letter left: ږ ځ څ ټ ډ ړ ڼ ې ۍ ګ
    assert not any(ch in tgt for ch in "ښږځڅټډړڼېۍګ")
    assert [f.code for f in check_segment(src, tgt, "pbt_Arab")] == []
    # one Pashto word is not enough, and Dari labelled Pashto is still caught
    assert "language" in [f.code for f in check_segment(src, "توفان با سرعت یازده کیلومتر در ساعت به طرف چین روان است و باران هم می‌بارد", "pbt_Arab")]


# ---- repetition: ordinary repeated verb endings -----------------------------------------------


def test_repeated_passive_is_not_a_loop():
    src = "It can be read, it can be heard and it can be seen."
    tgt = "اسے پڑھا جا سکتا ہے، سنا جا سکتا ہے اور دیکھا جا سکتا ہے۔"
    assert check_segment(src, tgt, "urd_Arab") == []
    # four words three times still are
    loop = "اسے پڑھا جا سکتا ہے، پڑھا جا سکتا ہے اور پھر پڑھا جا سکتا ہے۔"
    assert [f.code for f in check_segment(src, loop, "urd_Arab")] == ["repetition"]


@pytest.mark.parametrize(
    "source, target, code",
    [
        # the source repeats back to back as often, or more
        ('"No, no, no, no, no.', "اس نے کہا، “نہیں، نہیں، نہیں، نہیں”", "urd_Arab"),
        ('"No, no, no, no, no.', '"نخیر، نخیر، نخیر، نخیر، نخیر.', "prs_Arab"),
        # a content word of the source occurs as often as the target's n-gram
        ('The chorus goes: "Pump it out, pump it out, I feed them, pump it out, pump it out."',
         'آهنگ می‌گوید: "آنرا پمپ کنید، آنرا پمپ کنید، من آنها را تغذیه میکنم، آنرا پمپ کنید، آنرا پمپ کنید."',
         "prs_Arab"),
    ],
)
def test_a_repetition_the_source_has_too_is_not_a_loop(source, target, code):
    assert [f.code for f in check_segment(source, target, code) if f.code == "repetition"] == []


def test_a_loop_longer_than_the_sources_repetition_is_still_flagged():
    # the source says "no" three times; the translation loops six
    src = '"No, no, no," he said.'
    tgt = "اس نے کہا، “نہیں، نہیں، نہیں، نہیں، نہیں، نہیں”"
    assert "repetition" in [f.code for f in check_segment(src, tgt, "urd_Arab")]
    # a function word of the source ("that" three times) excuses nothing
    src = "He said that the road was built that way, and that it was new."
    loop = "اس نے کہا کہ نئی سڑک بنی، نئی سڑک بنی اور پھر نئی سڑک بنی اور یہ نئی ہے۔"
    assert "repetition" in [f.code for f in check_segment(src, loop, "urd_Arab")]


# ---- names: lower-case glosses, accents, particles ----------------------------------------------


def test_names_compared_without_case_accents_and_with_particles():
    src = "Based on Fray Bartolomé de las Casas, the Los Angeles Police Department said so."
    tgt = "Fray Bartolome de las Casas کے مطابق لاس اینجلس پولیس ڈیپارٹمنٹ los angeles police department نے کہا۔"
    assert [f.code for f in check_segment(src, tgt, "urd_Arab")] == []


# -- glosses: the English original after its own transliteration (checks/translit.py) ----------

GLOSS_SRC = "The city tested its new solar power plant on Monday."


def test_english_gloss_after_its_transliteration_is_not_untranslated():
    # "solar power plant" written in Pashto letters, then the English original: a gloss.
    target = "ښار د دوشنبې په ورځ خپل نوی سولر پاور پلانټ solar power plant وازمایه."
    assert "untranslated" not in codes(check_segment(GLOSS_SRC, target, "pbt_Arab"))
    # The same run with the transliteration after it also glosses it.
    target = "ښار د دوشنبې په ورځ خپل نوی solar power plant سولر پاور پلانټ وازمایه."
    assert "untranslated" not in codes(check_segment(GLOSS_SRC, target, "pbt_Arab"))


def test_english_beside_unrelated_words_is_still_untranslated():
    target = "ښار د دوشنبې په ورځ خپل نوی solar power plant وازمایه."
    assert codes(check_segment(GLOSS_SRC, target, "pbt_Arab")) == ["untranslated"]


def test_a_run_with_an_english_function_word_is_never_a_gloss():
    # The consonants of "is the first" (s t f r s t) are close to those of the words before
    # it, but a gloss is a term, not prose.
    from summarize.checks.translit import is_gloss

    assert is_gloss(["solar", "power", "plant"], ["سولر", "پاور", "پلانټ"], [])
    assert not is_gloss(["is", "the", "first"], ["سټ", "فرسټ"], [])
    target = "ښار د دوشنبې په ورځ خپل نوی سټ فرسټ is the first وازمایه."
    assert "untranslated" in codes(check_segment("It is the first plant.", target, "pbt_Arab"))


def test_consonant_skeletons():
    from summarize.checks.translit import arabic_skeleton, latin_skeleton

    assert latin_skeleton("Nuclear magnetic resonance") == "nklrmgntkrsns"
    assert arabic_skeleton("نیوکلیر مګنیټک ریسونانس") == "nklrmgntkrsns"
    assert latin_skeleton("carriage") == arabic_skeleton("کېرج") == "krg"


#: An Urdu source sentence and its English translation, ours, for targets not written in Arabic
#: script (a fresh user's report: an English target that was the Urdu source copied through, or
#: Cyrillic, had no flag at all; so had a Hindi target that was English).
UR_SOURCE = "حکومت نے کہا کہ امدادی سامان بدھ کو پہنچے گا اور سڑکیں جلد کھول دی جائیں گی۔"
EN_TARGET = "The government said aid would arrive on Wednesday and roads would reopen soon."


@pytest.mark.parametrize(("source", "target", "code", "script"), [
    (UR_SOURCE, UR_SOURCE, "eng_Latn", "Latin"),  # the source copied through
    (UR_SOURCE, "Правительство заявило, что помощь прибудет в среду.", "eng_Latn", "Latin"),
    (EN_TARGET, EN_TARGET, "hin_Deva", "Devanagari"),
    (EN_TARGET, UR_SOURCE, "rus_Cyrl", "Cyrillic"),
    (EN_TARGET, "The government said aid would arrive.", "zho_Hans", "Han"),
])
def test_a_target_in_another_script_than_its_code_names_is_flagged(source, target, code, script):
    flags = check_segment(source, target, code)
    assert codes(flags)[:1] == ["script"], [f.message for f in flags]
    assert f"are {script} script" in flags[0].message
    assert flags[0].data["share"] == 0 and flags[0].data["script"] == code.split("_")[1]


@pytest.mark.parametrize(("source", "target", "code"), [
    (UR_SOURCE, EN_TARGET, "eng_Latn"),
    (UR_SOURCE, "Kabul: the UN said aid for Herat would arrive on Monday.", "eng_Latn"),
    (EN_TARGET, "सरकार ने कहा कि सहायता बुधवार को पहुंचेगी और सड़कें जल्द खुलेंगी।", "hin_Deva"),
    (EN_TARGET, "Правительство заявило, что помощь прибудет в среду, а дороги скоро откроются.", "rus_Cyrl"),
    (EN_TARGET, "정부는 수요일에 원조가 도착하고 도로가 곧 다시 열릴 것이라고 말했다.", "kor_Hang"),
    (EN_TARGET, "政府は水曜日に援助が届き、道路はまもなく再開すると述べた。", "jpn_Jpan"),
    ("NASA said on Monday that Artemis would fly in March next year.", "नासा ने सोमवार को कहा कि Artemis अगले साल मार्च में उड़ान भरेगा।", "hin_Deva"),
])
def test_a_target_in_its_own_script_has_no_script_flag(source, target, code):
    assert "script" not in codes(check_segment(source, target, code))
