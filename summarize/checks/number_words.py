"""Numbers as translators write them, for the ``numbers`` QA check: in words in Urdu, Pashto and
Dari/Persian, and in digits as Urdu and Persian write them.

Professional translators often write a number of the English source as a word: ordinals almost
always (16th -> سولہویں, 5th -> پنجم, 18th -> اتلسمه), and, in Pashto, cardinals too (10 -> لس,
2,400 -> دوه زره څلور سوه). :func:`word_values` reads such words back into numbers, so that the
check does not flag a number that is there.

How a text is read:

* words are compared after :func:`_fold` (Arabic/Persian/Pashto forms of yeh, kaf, heh and alef
  made one, diacritics and ZWNJ dropped, and Pashto ځ read as څ, a frequent slip);
* a word is a cardinal of the table :data:`CARDINALS`, or an ordinal: a cardinal with the
  language's ordinal ending (Urdu ``واں``/``ویں``/``وی``, Persian ``م``/``مین``/``ام``, Pashto
  ``م`` with an optional case ending), or one of the irregular ordinals of :data:`ORDINALS`;
  Pashto cardinals may also carry a case ending (``لسو``, ``سلو``, ``شلو``);
* a run of number words (Persian joins them with ``و``) is summed, a multiplier (hundred,
  thousand, lakh, million...) multiplying what comes before it: ``دوه زره څلور سوه`` = 2*1000 +
  4*100 = 2400, ``بیست و یک`` = 21; every word's own value counts as well;
* digits followed by a multiplier word are multiplied: ``10 هزار`` = 10000.

Sources: Wikipedia "Urdu numerals"/"Hindustani numerals", "Pashto numerals" and "Persian
numerals"; the spellings seen in the FLORES-200 dev and NTREX-128 references
(``benchmarks/quality_text.py``: Pashto یولس 11, اولسم 17th, څلوریشت 24; Urdu اکتالیس 41, چونتیس
34). Words that are mostly something else are left out: Persian ``نه`` (nine, and "not"), Pashto
``نه`` ("not"; nine is ``نهه``), Urdu ``بہتر`` (72, and "better") and ``چون`` (54).
"""

from __future__ import annotations

import re

from .letters import DIGITS, number_spans

__all__ = ["CARDINALS", "ORDINALS", "MULTIPLIERS", "word_values", "source_numbers", "target_numbers"]

#: Cardinal number words per NLLB code (``pes_Arab`` shares Dari's), value -> spellings.
CARDINALS: dict[str, dict[int, tuple[str, ...]]] = {
    "urd_Arab": {
        0: ("صفر",), 1: ("ایک",), 2: ("دو",), 3: ("تین",), 4: ("چار",), 5: ("پانچ",),
        6: ("چھ", "چھے"), 7: ("سات",), 8: ("آٹھ",), 9: ("نو",), 10: ("دس",), 11: ("گیارہ",),
        12: ("بارہ",), 13: ("تیرہ",), 14: ("چودہ",), 15: ("پندرہ",), 16: ("سولہ",), 17: ("سترہ",),
        18: ("اٹھارہ", "اٹھار"), 19: ("انیس",), 20: ("بیس",), 21: ("اکیس",), 22: ("بائیس",),
        23: ("تئیس",), 24: ("چوبیس",), 25: ("پچیس",), 26: ("چھبیس",), 27: ("ستائیس",),
        28: ("اٹھائیس",), 29: ("انتیس",), 30: ("تیس",), 31: ("اکتیس",), 32: ("بتیس",),
        33: ("تینتیس", "تیتیس"), 34: ("چونتیس",), 35: ("پینتیس",), 36: ("چھتیس",), 37: ("سینتیس",),
        38: ("اڑتیس",), 39: ("انتالیس",), 40: ("چالیس",), 41: ("اکتالیس",), 42: ("بیالیس",),
        43: ("تینتالیس",), 44: ("چوالیس",), 45: ("پینتالیس",), 46: ("چھیالیس",), 47: ("سینتالیس",),
        48: ("اڑتالیس",), 49: ("انچاس",), 50: ("پچاس",), 51: ("اکاون", "اکیاون"), 52: ("باون",),
        53: ("ترپن",), 55: ("پچپن",), 56: ("چھپن",), 57: ("ستاون",), 58: ("اٹھاون",),
        59: ("انسٹھ",), 60: ("ساٹھ",), 61: ("اکسٹھ",), 62: ("باسٹھ",), 63: ("تریسٹھ",),
        64: ("چونسٹھ",), 65: ("پینسٹھ",), 66: ("چھیاسٹھ",), 67: ("سڑسٹھ",), 68: ("اڑسٹھ",),
        69: ("انہتر",), 70: ("ستر",), 71: ("اکہتر",), 73: ("تہتر",), 74: ("چوہتر",),
        75: ("پچھتر",), 76: ("چھہتر",), 77: ("ستتر",), 78: ("اٹھہتر",), 79: ("اناسی",),
        80: ("اسی",), 81: ("اکیاسی",), 82: ("بیاسی",), 83: ("تراسی",), 84: ("چوراسی",),
        85: ("پچاسی",), 86: ("چھیاسی",), 87: ("ستاسی",), 88: ("اٹھاسی",), 89: ("نواسی",),
        90: ("نوے",), 91: ("اکانوے",), 92: ("بانوے",), 93: ("ترانوے",), 94: ("چورانوے",),
        95: ("پچانوے",), 96: ("چھیانوے",), 97: ("ستانوے",), 98: ("اٹھانوے",), 99: ("ننانوے",),
    },
    "pbt_Arab": {
        0: ("صفر",), 1: ("یو", "یوه"), 2: ("دوه", "دوو"), 3: ("درې", "دری", "درېیو", "درېو"),
        4: ("څلور",), 5: ("پنځه",), 6: ("شپږ",), 7: ("اووه", "اوه", "اوو"), 8: ("اته", "اتو"),
        9: ("نهه", "نهو"), 10: ("لس",), 11: ("یوولس", "یولس"), 12: ("دولس",), 13: ("دیارلس",),
        14: ("څوارلس",), 15: ("پنځلس",), 16: ("شپاړس", "شپاړلس"), 17: ("اوولس", "اولس"),
        18: ("اتلس",), 19: ("نولس", "نوولس"), 20: ("شل", "ویشت"), 21: ("یوویشت", "یوېشت"),
        23: ("درویشت",), 24: ("څلورویشت", "څلوریشت", "څلېرویشت"), 26: ("شپږویشت",),
        30: ("دېرش",), 40: ("څلوېښت",), 50: ("پنځوس",), 60: ("شپېته",), 70: ("اویا",),
        80: ("اتیا",), 90: ("نوي",),
    },
    "prs_Arab": {
        0: ("صفر",), 1: ("یک",), 2: ("دو",), 3: ("سه",), 4: ("چهار",), 5: ("پنج",), 6: ("شش",),
        7: ("هفت",), 8: ("هشت",), 10: ("ده",), 11: ("یازده",), 12: ("دوازده",),
        13: ("سیزده",), 14: ("چهارده",), 15: ("پانزده",), 16: ("شانزده",), 17: ("هفده",),
        18: ("هجده", "هیجده", "هژده"), 19: ("نوزده",), 20: ("بیست",), 30: ("سی",), 40: ("چهل",),
        50: ("پنجاه",), 60: ("شصت",), 70: ("هفتاد",), 80: ("هشتاد",), 90: ("نود",),
        100: ("صد", "یکصد"), 200: ("دویست",), 300: ("سیصد",), 400: ("چهارصد",),
        500: ("پانصد",), 600: ("ششصد",), 700: ("هفتصد",), 800: ("هشتصد",), 900: ("نهصد",),
    },
}

#: Ordinals that are not a cardinal plus the ordinal ending, value -> spellings (all cases).
ORDINALS: dict[str, dict[int, tuple[str, ...]]] = {
    "urd_Arab": {
        1: ("پہلا", "پہلی", "پہلے", "اول"), 2: ("دوسرا", "دوسری", "دوسرے"), 3: ("تیسرا", "تیسری", "تیسرے"),
        4: ("چوتھا", "چوتھی", "چوتھے"), 6: ("چھٹا", "چھٹی", "چھٹے"), 9: ("نواں", "نویں"),
    },
    "pbt_Arab": {
        1: ("لومړی", "لومړۍ", "لومړنی", "لومړني", "اول", "اوله", "اولی", "اولنی", "اولې"),
        2: ("دوهم", "دویم", "دوهمه", "دویمه"), 3: ("درېیم", "دریم", "درېم", "دریمه", "درېیمه"),
    },
    "prs_Arab": {
        1: ("اول", "اولین", "نخست", "نخستین", "یکم"), 3: ("سوم", "سومین"), 9: ("نهم", "نهمین"),
        30: ("سیام",),
    },
}

#: Words that multiply the number before them (``دوه سوه`` = 200), per language.
MULTIPLIERS: dict[str, dict[int, tuple[str, ...]]] = {
    "urd_Arab": {100: ("سو",), 1000: ("ہزار",), 100_000: ("لاکھ",), 10**6: ("ملین",),
                 10**7: ("کروڑ",), 10**9: ("ارب", "بلین")},
    "pbt_Arab": {100: ("سل", "سوه", "سوو"), 1000: ("زر", "زره"), 100_000: ("لک", "لکه"),
                 10**6: ("میلیون", "ملیون", "ملیونه"), 10**9: ("میلیارد", "ملیارد", "ملیارده")},
    "prs_Arab": {1000: ("هزار",), 10**6: ("میلیون", "ملیون"), 10**9: ("میلیارد", "ملیارد")},
}
CARDINALS["pes_Arab"] = CARDINALS["prs_Arab"]
ORDINALS["pes_Arab"] = ORDINALS["prs_Arab"]
MULTIPLIERS["pes_Arab"] = MULTIPLIERS["prs_Arab"]

# Ordinal endings after a cardinal, and Pashto case endings.
_ORDINAL_ENDINGS = {"urd_Arab": ("ویں", "واں", "وی", "ںویں"), "pbt_Arab": ("م",),
                    "prs_Arab": ("مین", "م", "ام"), "pes_Arab": ("مین", "م", "ام")}
_CASE_ENDINGS = {"pbt_Arab": ("و", "ه", "ی", "ې"), "urd_Arab": (), "prs_Arab": (), "pes_Arab": ()}
_JOINERS = {"و"}  # Persian بیست و یک
_FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ئ": "ی", "ے": "ی", "ك": "ک", "ګ": "گ", "ة": "ه",
    "ۀ": "ه", "ہ": "ه", "ھ": "ه", "ۃ": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ځ": "څ", "\u200c": None,
})
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_TOKEN = re.compile(r"(?P<num>[0-9۰-۹٠-٩]+(?:[.٫/][0-9۰-۹٠-٩]+)?)|(?P<word>[^\W\d_]+)")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫/", "01234567890123456789..")


def _fold(word: str) -> str:
    return _DIACRITICS.sub("", word).translate(_FOLD)


def _tables(code: str) -> tuple[dict[str, int], dict[str, int]]:
    """(folded word -> value for cardinals and ordinals, folded word -> multiplier)."""
    cached = _CACHE.get(code)
    if cached is not None:
        return cached
    words: dict[str, int] = {}
    ends = _ORDINAL_ENDINGS.get(code, ())
    for value, spellings in CARDINALS.get(code, {}).items():
        for s in spellings:
            f = _fold(s)
            words.setdefault(f, value)
            for end in ends:
                words.setdefault(f + _fold(end), value)
                if f.endswith("ه"):  # Urdu اٹھارہ -> اٹھارویں, سولہ -> سولہویں both written
                    words.setdefault(f[:-1] + _fold(end), value)
    for value, spellings in ORDINALS.get(code, {}).items():
        for s in spellings:
            words.setdefault(_fold(s), value)
    mult = {_fold(s): value for value, spellings in MULTIPLIERS.get(code, {}).items() for s in spellings}
    for value in (100, 1000, 10**6):  # Pashto سلم, Persian هزارم: ordinal multipliers
        for s in MULTIPLIERS.get(code, {}).get(value, ()):
            for end in ends:
                words.setdefault(_fold(s) + _fold(end), value)
    _CACHE[code] = (words, mult)
    return words, mult


_CACHE: dict[str, tuple[dict[str, int], dict[str, int]]] = {}


def _lookup(word: str, table: dict[str, int], code: str) -> int | None:
    """``table[word]``, or for Pashto, the word without its case ending (لسو -> لس, شپیتو ->
    شپیته: the oblique ending و replaces a final ه)."""
    if word in table:
        return table[word]
    for end in _CASE_ENDINGS.get(code, ()):
        if word.endswith(end) and len(word) > len(end) + 1:
            stem = word[: -len(end)]
            for candidate in (stem, stem + "ه"):
                if candidate in table:
                    return table[candidate]
    return None


def _run_value(run: list[tuple[str, int]]) -> int:
    """The value of a run of ("unit" | "mult", value) items: multipliers multiply what comes
    before them (hundreds within a group, thousands and above the groups so far)."""
    total = current = 0
    for kind, value in run:
        if kind == "mult" and value == 100:
            current = (current or 1) * 100
        elif kind == "mult":
            total += (current or 1) * value
            current = 0
        else:
            current += value
    return total + current


def word_values(text: str, code: str) -> set[str]:
    """The numbers that ``text`` (in the language of NLLB code ``code``) writes in words, or in
    digits followed by a multiplier word, as canonical strings like ``"2400"`` (see the module
    docstring for the rules). A run of number words gives the value of each of its tails too
    (``یوه شپاړلس سوه``, "a sixteen hundred", gives 1600). Empty for a language without
    tables. Never raises."""
    words, mult = _tables(code)
    if not words and not mult:
        return set()
    out: set[str] = set()
    run: list[tuple[str, int]] = []
    last_number: float | None = None

    def close() -> None:
        for start, (kind, _) in enumerate(run):
            if kind == "unit" or start == 0:  # Pashto سل alone is 100
                out.add(_canon(_run_value(run[start:])))
        run.clear()

    for match in _TOKEN.finditer(text):
        token = match.group()
        if match.lastgroup == "num":
            close()
            last_number = float(token.translate(_DIGITS))
            continue
        word = _fold(token)
        m = _lookup(word, mult, code)
        if m is not None:
            if last_number is not None:  # 10 هزار, 2.2 ملین
                out.add(_canon(last_number * m))
            else:
                run.append(("mult", m))
            last_number = None
            continue
        last_number = None
        value = _lookup(word, words, code)
        if value is not None:
            out.add(_canon(value))
            run.append(("unit", value))
        elif not (word in _JOINERS and run):
            close()
    close()
    return out


def _canon(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


# Source text that is not a number of its own: clock minutes ":00", unit exponents (km2, m3).
_NOT_NUMBERS_RE = re.compile(r"(?<=[0-9]):00(?![0-9])|(?<=\b[kcdmµμ]m)[23]\b|(?<=\bmi)2\b|(?<=\bft)[23]\b")
# Target readings of Persian habits: "." before three digits as a thousands separator, "/" as
# the decimal point.
_DOT_THOUSANDS_RE = re.compile(r"(?<![0-9.])[0-9]{1,3}(?:\.[0-9]{3})+(?![0-9.])")
_SLASH_DECIMAL_RE = re.compile(r"(?<![0-9/])([0-9]+)/([0-9]+)(?![0-9/])")
# A comma between digits that is not a thousands separator (not before exactly three digits):
# the decimal comma, ۲،۷ for 2.7 (NTREX-128's Pashto writes every decimal so).
_COMMA_DECIMAL_RE = re.compile(r"(?<![0-9,\u060c\u066c])([0-9]+)[,\u060c]([0-9]{1,2}|[0-9]{4,})(?![0-9])")
# A clock time H:MM, which English writes 5.30pm: 5:30 may stand for the source's 5.30.
_CLOCK_RE = re.compile(r"(?<![0-9:])([0-9]{1,2}):([0-5][0-9])(?![0-9:])")


def source_numbers(source: str) -> list[tuple[str, str]]:
    """``(as written, canonical)`` for every number of an English source segment that a
    translation must keep: as :func:`summarize.checks.letters.number_spans`, but clock minutes
    ``:00`` (10:00 -> ۱۰ بجے) and the exponent of an area or volume unit (km2 -> کیلومتر مربع)
    are not numbers of their own."""
    return number_spans(_NOT_NUMBERS_RE.sub(lambda m: " " * len(m.group()), source))


def target_numbers(target: str, code: str) -> set[str]:
    """Every canonical number ``target`` (in NLLB language ``code``) may be read as: its digits
    (:func:`summarize.checks.letters.number_spans`, where ``۔`` is also a decimal point), Persian
    ``.`` before three digits as a thousands separator (2.250 = 2250) and ``/`` between digits as
    the decimal point (2/2 = 2.2), a comma (``,`` or ``،``) between digits that is not a
    thousands separator as the decimal point (۲،۷ = 2.7), a clock time H:MM as H.MM (5:30 for
    the source's 5.30pm), and the numbers it writes in words (:func:`word_values`)."""
    found = {canon for _, canon in number_spans(target)}
    ascii_target = target.translate(DIGITS)
    found |= {m.group().replace(".", "").lstrip("0") or "0" for m in _DOT_THOUSANDS_RE.finditer(ascii_target)}
    for pattern in (_SLASH_DECIMAL_RE, _COMMA_DECIMAL_RE, _CLOCK_RE):
        found |= {canon for m in pattern.finditer(ascii_target)
                  for _, canon in number_spans(f"{m.group(1)}.{m.group(2)}")}
    return found | word_values(target, code)
