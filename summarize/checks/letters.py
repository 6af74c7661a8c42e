"""Letters, scripts and numbers for the QA checks: which letters mark Urdu, Pashto and Dari, which
characters are Arabic or Latin script, and the numbers of a text in canonical form."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class LetterTable:
    """The letters that mark one language among the Arabic-script languages this tool targets.

    ``markers`` are letters the language uses and the others here do not; ``expects_markers``
    says whether a long enough segment without any of them is suspicious (true for Urdu and
    Pashto; Dari/Persian has no letter of its own among these languages, so nothing is expected).
    ``marker_words`` are function words only this language writes (Pashto د "of", په "in"):
    they count as the language's marker letters do when foreign (each occurrence one), and as
    its expected markers when at least two are there and no marker letter is (Pashto typed on a
    Persian keyboard, with ی for ې and ۍ). ``source`` names where the lists come from.
    """

    code: str
    name: str
    markers: str
    expects_markers: bool
    source: str
    marker_words: frozenset[str] = frozenset()


_UNICODE_CHART = "Unicode Standard, Arabic block code chart U+0600-U+06FF (letter annotations)"

# One table per language. Sources: the Unicode Arabic code chart, whose annotations name the
# language of each extended letter (e.g. U+0679 TTEH "Urdu", U+067C TEH WITH RING "Pashto"),
# and the alphabets in Omniglot and Wikipedia ("Urdu alphabet", "Pashto alphabet",
# "Dari"/"Persian alphabet"). The Urdu retroflex letters ٹ ڈ ڑ (with small tah) and the Pashto
# ones ټ ډ ړ (with ring) are distinct code points.
LETTERS: dict[str, LetterTable] = {
    t.code: t
    for t in (
        LetterTable(
            "urd_Arab",
            "Urdu",
            # U+06D2 yeh barree, U+06D3 yeh barree with hamza, U+06BA noon ghunna, U+0679 tteh,
            # U+0688 ddal, U+0691 rreh, U+06BE heh doachashmee.
            "\u06d2\u06d3\u06ba\u0679\u0688\u0691\u06be",
            True,
            f"{_UNICODE_CHART}; Wikipedia 'Urdu alphabet'",
        ),
        LetterTable(
            "pbt_Arab",
            "Pashto",
            # U+069A seen with dot below and dot above (ṣ̌), U+0696 reh with dot below and dot
            # above (ẓ̌), U+0681 hah with hamza above (dz), U+0685 hah with three dots above (ts),
            # U+067C teh with ring, U+0689 dal with ring, U+0693 reh with ring, U+06BC noon with
            # ring, U+06D0 yeh with two dots below (e), U+06CD yeh with tail, U+06AB gaf with ring.
            "\u069a\u0696\u0681\u0685\u067c\u0689\u0693\u06bc\u06d0\u06cd\u06ab",
            True,
            f"{_UNICODE_CHART}; Wikipedia 'Pashto alphabet', 'Pashto grammar' (the words)",
            # د of, په in, ته to, دي is/are (with Arabic ي: Urdu and Dari دی is another word),
            # لپاره for
            frozenset({"د", "په", "ته", "دي", "لپاره"}),
        ),
        LetterTable(
            "prs_Arab",
            "Dari",
            "",  # the Persian alphabet: none of the Urdu or Pashto letters above
            False,
            f"{_UNICODE_CHART}; Wikipedia 'Persian alphabet', 'Dari'",
        ),
        LetterTable(
            "pes_Arab",
            "Persian",
            "",
            False,
            f"{_UNICODE_CHART}; Wikipedia 'Persian alphabet'",
        ),
    )
}

# Arabic, Arabic Supplement, Arabic Extended-B/-A, Presentation Forms-A/-B.
_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)

DIGITS = str.maketrans(
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩",
    "01234567890123456789",
)
# A number: digits, optional thousands groups (exactly three digits after , ٬ or ،), optional
# decimal part after . ٫ or ۔ (Urdu 6۔5). Applied after DIGITS, so only ASCII digits remain to match.
_NUMBER_RE = re.compile(r"[0-9]+(?:[,\u066c\u060c][0-9]{3}(?![0-9]))*(?:[.\u066b\u06d4][0-9]+)?")


def is_arabic(ch: str) -> bool:
    """True for a character of the Arabic script's Unicode blocks (Arabic, Supplement, Extended-A/-B,
    Presentation Forms-A/-B)."""
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _ARABIC_RANGES)


def is_latin(ch: str) -> bool:
    """True for a Latin letter: ASCII, Latin-1 Supplement to Latin Extended-B, Latin Extended Additional."""
    o = ord(ch)
    return (
        ("A" <= ch <= "Z")
        or ("a" <= ch <= "z")
        or (0x00C0 <= o <= 0x024F and ch.isalpha())
        or (0x1E00 <= o <= 0x1EFF)
    )


def is_latin_word(word: str) -> bool:
    """True when ``word`` has letters and all of them are Latin."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(is_latin(c) for c in letters)


#: The Unicode character-name prefixes of each ISO 15924 script that NLLB-200's codes name (the
#: ``_Scrp`` part of ``urd_Arab``; summarize/data/nllb200_codes.txt): a letter belongs to the
#: script when its name (``unicodedata.name``) starts with one of them ("LATIN SMALL LETTER A",
#: "CYRILLIC CAPITAL LETTER ZHE", "HANGUL SYLLABLE GA", "CJK UNIFIED IDEOGRAPH-4E2D"). Names
#: follow the Unicode blocks, as the scripts do for letters (The Unicode Standard, ch. 24; the
#: Scripts.txt property would be exact, but Python's unicodedata does not expose it). Arabic is
#: told by its blocks instead (:func:`is_arabic`).
SCRIPT_NAMES: dict[str, tuple[str, ...]] = {
    "Latn": ("LATIN",), "Cyrl": ("CYRILLIC",), "Grek": ("GREEK",), "Hebr": ("HEBREW",),
    "Armn": ("ARMENIAN",), "Geor": ("GEORGIAN",), "Ethi": ("ETHIOPIC",), "Tfng": ("TIFINAGH",),
    "Deva": ("DEVANAGARI",), "Beng": ("BENGALI",), "Guru": ("GURMUKHI",), "Gujr": ("GUJARATI",),
    "Orya": ("ORIYA",), "Taml": ("TAMIL",), "Telu": ("TELUGU",), "Knda": ("KANNADA",),
    "Mlym": ("MALAYALAM",), "Sinh": ("SINHALA",), "Thai": ("THAI",), "Laoo": ("LAO",),
    "Khmr": ("KHMER",), "Mymr": ("MYANMAR",), "Tibt": ("TIBETAN",),
    "Hang": ("HANGUL",), "Hans": ("CJK",), "Hant": ("CJK",), "Jpan": ("CJK", "HIRAGANA", "KATAKANA"),
}


def in_script(ch: str, script: str) -> bool:
    """True when letter ``ch`` is written in ``script`` (an ISO 15924 code as NLLB-200 writes it:
    ``Arab``, ``Latn``, ``Cyrl``, ...; :data:`SCRIPT_NAMES`). False for a script the table does
    not know."""
    if script == "Arab":
        return is_arabic(ch)
    prefixes = SCRIPT_NAMES.get(script)
    return bool(prefixes) and unicodedata.name(ch, "").startswith(prefixes)


def script_of(code: str) -> str:
    """The script part of an NLLB-200 code (``Arab`` for ``urd_Arab``); ``""`` for another shape."""
    parts = code.split("_")
    return parts[1] if len(parts) == 2 else ""


def numbers_in(text: str) -> list[str]:
    """The numbers in ``text``, in order, in canonical ASCII form.

    Eastern Arabic-Indic and Arabic-Indic digits become ASCII; thousands separators (``,``
    ``٬`` ``،`` followed by exactly three digits) are dropped; ``.``, ``٫`` and ``۔`` are the
    decimal point; leading zeros of the integer part and trailing zeros of the fraction are dropped.
    ``"۳٬۵۰۰ and 4.50"`` gives ``["3500", "4.5"]``.
    """
    return [canon for _, canon in number_spans(text)]


def number_spans(text: str) -> list[tuple[str, str]]:
    """``(as written, canonical)`` for every number in ``text`` (see :func:`numbers_in`)."""
    out = []
    ascii_text = text.translate(DIGITS)  # same length: one digit for one digit
    for m in _NUMBER_RE.finditer(ascii_text):
        integer, _, fraction = _split_decimal(m.group())
        integer = re.sub(r"[,\u066c\u060c]", "", integer).lstrip("0") or "0"
        fraction = fraction.rstrip("0")
        out.append((text[m.start() : m.end()], f"{integer}.{fraction}" if fraction else integer))
    return out


def _split_decimal(raw: str) -> tuple[str, str, str]:
    for sep in (".", "\u066b", "\u06d4"):
        if sep in raw:
            integer, fraction = raw.split(sep, 1)
            return integer, sep, fraction
    return raw, "", ""
