"""Languages: one :class:`Language` record per language the tool knows by name, and the NLLB-200
code list.

Codes follow NLLB-200 (FLORES-200 style ``xxx_Script``): the 202 codes of the model card ship with
the package (``data/nllb200_codes.txt``, the same list as ``FAIRSEQ_LANGUAGE_CODES`` in
transformers), so checking a models.yaml needs neither torch nor transformers. Tags for HTML
``lang`` and XLIFF/TMX follow BCP 47: Dari is Persian as written in Afghanistan, ``fa-AF``;
Southern Pashto is ``ps``; any other NLLB code gets the shortest ISO 639 code of its language
(``hin_Deva``: ``hi``; ``data/iso639_1.tsv``). ISO 639-1 codes are what sentencex and M2M-100
take (Dari: ``fa``).
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from importlib import resources
from typing import Iterable


@dataclass(frozen=True)
class Language:
    """One language.

    ``short`` is the CLI name and the file suffix (``summary.ur.txt``), ``code`` the NLLB-200 code,
    ``tag`` the BCP 47 tag for HTML/XLIFF/TMX, ``name`` the English name, ``rtl`` whether the
    script runs right to left, ``iso`` the ISO 639-1 code (sentence splitting), ``m2m`` the code
    an M2M-100 tokenizer takes, ``script`` the ISO 15924 script (``Arab``, ``Latn``).
    """

    short: str
    code: str
    tag: str
    name: str
    rtl: bool
    iso: str
    m2m: str
    script: str


SOURCE = Language("en", "eng_Latn", "en", "English", False, "en", "en", "Latn")

KNOWN: dict[str, Language] = {
    lang.short: lang
    for lang in (
        SOURCE,
        Language("ur", "urd_Arab", "ur", "Urdu", True, "ur", "ur", "Arab"),
        Language("ps", "pbt_Arab", "ps", "Pashto", True, "ps", "ps", "Arab"),
        Language("prs", "prs_Arab", "fa-AF", "Dari", True, "fa", "fa", "Arab"),
        Language("fa", "pes_Arab", "fa", "Persian", True, "fa", "fa", "Arab"),
        Language("ar", "arb_Arab", "ar", "Arabic", True, "ar", "ar", "Arab"),
    )
}

_BY_CODE = {lang.code: lang for lang in KNOWN.values()}
_BY_FOLDED = {key.casefold(): lang for lang in KNOWN.values() for key in (lang.short, lang.code, lang.tag)}


def language(name: str) -> Language:
    """Return the Language for a short name (``ur``), an NLLB code (``urd_Arab``) or a BCP 47 tag
    the table knows (``fa-AF``); case does not matter.

    An NLLB code the table does not list still works: it becomes a Language whose short name is
    the code itself, whose ISO code (and M2M-100 code) is the shortest ISO 639 code of its
    language part (:func:`iso639_1`: ``hin_Deva`` is ``hi``; without a two-letter code the three
    letters, ``awa``, and the M2M-100 code the NLLB code), whose BCP 47 tag is that code, with the
    script subtag where NLLB-200 writes the language in more than one script (``zho_Hant``:
    ``zh-Hant``), written left to right unless the script is Arabic or Hebrew.

    Raises:
        KeyError: ``name`` is neither a known name nor shaped like an NLLB code.
    """
    if name in KNOWN:
        return KNOWN[name]
    if name in _BY_CODE:
        return _BY_CODE[name]
    if name.casefold() in _BY_FOLDED:
        return _BY_FOLDED[name.casefold()]
    parts = name.split("_")
    if len(parts) == 2 and len(parts[0]) == 3 and len(parts[1]) == 4 and parts[1][0].isupper():
        part, script = parts
        short = iso639_1().get(part)
        tag = short or part
        if sum(1 for c in nllb_codes() if c.split("_")[0] == part) > 1:
            tag += "-" + script  # NLLB-200 writes the language in more than one script: zh-Hans, ks-Deva
        return Language(name, name, tag, name, script in ("Arab", "Hebr"), short or part, short or name, script)
    raise KeyError(name)


def language_named(name: str, param: str = "code") -> Language:
    """The Language a caller names by any of its usual codes, any case, spaces around ignored:
    a short name or tag the table knows (``ur``, ``prs``, ``fa-AF``), an ISO 639-1 code
    (``hi``), an ISO 639-3 code (``urd``, ``pbt``, ``prs``, ``hin``: the language part of one
    NLLB-200 code), or an NLLB-200 code (``urd_Arab``, ``URD_ARAB``; one of :func:`nllb_codes`).
    For the library's functions that take a language (``summarize.split_sentences``,
    ``summarize.check_segment``); ``param`` is the parameter's name, for messages.

    Raises:
        TypeError: ``name`` is not a str (the message names ``param``).
        ValueError: ``name`` is none of these, or an ISO code of a language NLLB-200 writes in
            more than one script (``zho``: ``zho_Hans`` or ``zho_Hant``); the message names
            ``name`` and the known codes (and close NLLB-200 codes, where there are some).
    """
    if not isinstance(name, str):
        raise TypeError(f"{param} must be a language code as a str ('ur', 'urd' or 'urd_Arab'), "
                        f"not {type(name).__name__} {name!r}")
    folded = name.strip().casefold()
    if folded in _BY_FOLDED:
        return _BY_FOLDED[folded]
    codes = {c.casefold(): c for c in nllb_codes()}
    if folded in codes:
        return language(codes[folded])
    part = {two: three for three, two in iso639_1().items()}.get(folded, folded) if len(folded) == 2 else folded
    table = [lang for lang in KNOWN.values() if lang.code.split("_")[0] == part]
    if table:
        return table[0]
    found = sorted(c for c in nllb_codes() if c.split("_")[0] == part)
    if len(found) == 1:
        return language(found[0])
    known = ", ".join("/".join(dict.fromkeys((lang.short, lang.code.split("_")[0], lang.code))) + f" ({lang.name})"
                      for lang in KNOWN.values())
    if found:
        raise ValueError(f"{param}={name!r} names a language NLLB-200 writes in more than one script: "
                         f"give one of {', '.join(found)}")
    close = close_codes(name)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise ValueError(f"{param}={name!r} is not a known language code; known: {known}, or any of the "
                     f"{len(nllb_codes())} NLLB-200 codes (summarize/data/nllb200_codes.txt) and their ISO 639 "
                     f"codes{hint}")


@functools.lru_cache(maxsize=1)
def iso639_1() -> dict[str, str]:
    """ISO 639-3 -> ISO 639-1 for the language parts of NLLB-200 codes that have a two-letter code
    (``hin``: ``hi``; ``arb``: ``ar``, its macrolanguage), read from the package's
    ``data/iso639_1.tsv``. Python's standard library has no such table."""
    text = (resources.files("summarize") / "data" / "iso639_1.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {three.strip(): two.strip() for three, two in rows}


def language_for_tag(tag: str) -> Language | None:
    """The Language a BCP 47 tag (as TMX, XLIFF and CAT tools write it) names, or None.

    Case-insensitive; ``_`` reads as ``-``. An exact tag (``fa-AF`` is Dari, ``fa`` Persian) wins;
    else the primary subtag with a region (``ur-PK``, ``ps-AF``, ``en-US``); a short name or NLLB
    code (``prs``, ``urd_Arab``) also works. ``fa-IR`` is Persian, any other ``fa-*`` none.
    """
    norm = tag.strip().replace("_", "-").lower()
    for lang in KNOWN.values():
        if lang.tag.lower() == norm:
            return lang
    try:
        return language(tag.strip())
    except KeyError:
        pass
    primary = norm.split("-")[0]
    if primary == "fa":
        return KNOWN["fa"] if norm == "fa-ir" else None
    for lang in KNOWN.values():
        if lang.tag.lower() == primary:
            return lang
    return None


def m2m_code(code: str) -> str:
    """The code an M2M-100 tokenizer takes for ``code`` (``Language.m2m``: ISO 639-1, Dari ``fa``);
    a string :func:`language` does not know, as it is."""
    try:
        return language(code).m2m
    except KeyError:
        return code


@dataclass(frozen=True)
class Target:
    """A target of a run: its Language (``short`` as models.yaml names it) and the configured
    translator model that serves it. ``short``, ``code``, ``tag``, ``name`` and ``rtl`` are the
    language's."""

    language: Language
    translator: str

    @property
    def short(self) -> str:
        return self.language.short

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def tag(self) -> str:
        return self.language.tag

    @property
    def name(self) -> str:
        return self.language.name

    @property
    def rtl(self) -> bool:
        return self.language.rtl

    def to_dict(self) -> dict[str, object]:
        """What brief.json records of a target: short, code, tag, name, rtl, translator."""
        return {"short": self.short, "code": self.code, "tag": self.tag, "name": self.name, "rtl": self.rtl,
                "translator": self.translator}


def target(short: str, code: str, translator: str) -> Target:
    """The Target named ``short`` for the NLLB code ``code``: the table's Language for the code
    (tag, name, direction, ...) under the name ``short``.

    Raises:
        KeyError: ``code`` is not shaped like an NLLB code and not in the table.
    """
    lang = language(code)
    if lang.short != short:
        lang = Language(short, lang.code, lang.tag, lang.name, lang.rtl, lang.iso, lang.m2m, lang.script)
    return Target(lang, translator)


@functools.lru_cache(maxsize=1)
def nllb_codes() -> frozenset[str]:
    """The 202 language codes NLLB-200 knows, read from the package's ``data/nllb200_codes.txt``
    (the model card's list; ``FAIRSEQ_LANGUAGE_CODES`` in transformers). Imports nothing."""
    text = (resources.files("summarize") / "data" / "nllb200_codes.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def source_language(name: str, configured: Iterable[Language] = ()) -> Language:
    """The Language of an article's language as ``--source-lang`` names it: an NLLB-200 code
    (``urd_Arab``, ``hin_Deva``: one of :func:`nllb_codes`, any case), a name the table knows
    (``ur``, ``fa-AF``, any case), or the short name of one of ``configured`` (models.yaml's languages,
    each named by its short name, as ``Config.languages`` holds them).

    It is named by the one rule every language of a brief follows (its files' suffix,
    ``summary.<short>.txt``, brief.json's ``source_lang``), whether the brief is translated or
    not: the short name models.yaml gives that code under ``languages`` (``ur``, ``ps``,
    ``prs``: as the targets are named), else the table's (``ur``, ``fa``, ``en``), else the
    NLLB code itself (``summary.hin_Deva.txt``).

    Raises:
        KeyError: ``name`` is none of these (:func:`close_codes` suggests some).
    """
    configured = list(configured)
    by_short = {lang.short: lang for lang in configured}
    if name in by_short:
        return by_short[name]
    folded = name.casefold()
    codes = {c.casefold(): c for c in nllb_codes()}
    known = next((lang for lang in KNOWN.values() if folded in (lang.short.casefold(), lang.tag.casefold())), None)
    if folded in codes:
        code = codes[folded]
    elif known is not None:
        code = known.code
    else:
        raise KeyError(name)
    for lang in configured:
        if lang.code == code:
            return lang
    return language(code)


def renamed(lang: Language, short: str) -> Language:
    """``lang`` under the short name ``short`` (the rest as it is)."""
    return lang if lang.short == short else replace(lang, short=short)


def close_codes(name: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` NLLB-200 codes close to ``name``, for a "did you mean" (closest first): the
    code of a language whose English name it is (``urdu``: ``urd_Arab``), codes of its language
    part (``urd``, ``urd_Latn``: ``urd_Arab``; an ISO 639-1 code names its language's,
    :func:`iso639_1`: ``zh``: ``zho_Hans``, ``zho_Hant``; ``fr``: ``fra_Latn``), and codes spelt
    alike, case aside (``urd_arab``)."""
    folded = name.strip().casefold()
    codes = sorted(nllb_codes())
    found = [lang.code for lang in KNOWN.values() if lang.name.casefold() == folded]
    part = folded.split("_")[0]
    if len(part) == 2:
        part = {two: three for three, two in iso639_1().items()}.get(part, part)
    found += [c for c in codes if c.split("_")[0] == part]
    lowered = {c.casefold(): c for c in codes}
    found += [lowered[c] for c in difflib.get_close_matches(folded, list(lowered), n=limit, cutoff=0.75)]
    return list(dict.fromkeys(found))[:limit]


#: The scripts of NLLB-200's codes (ISO 15924, the part after ``_``) by the first word(s) of the
#: Unicode names of their letters (``unicodedata.name``: ``ARABIC LETTER ALEF``), and their names.
#: Han is one script for ``Hans``, ``Hant``, and with kana for ``Jpan``; Korean may hold Han too.
_SCRIPT_PREFIXES = {
    "Latn": ("LATIN",), "Arab": ("ARABIC",), "Cyrl": ("CYRILLIC",), "Grek": ("GREEK",), "Hebr": ("HEBREW",),
    "Deva": ("DEVANAGARI",), "Beng": ("BENGALI",), "Guru": ("GURMUKHI",), "Gujr": ("GUJARATI",), "Orya": ("ORIYA",),
    "Taml": ("TAMIL",), "Telu": ("TELUGU",), "Knda": ("KANNADA",), "Mlym": ("MALAYALAM",), "Sinh": ("SINHALA",),
    "Thai": ("THAI",), "Laoo": ("LAO",), "Tibt": ("TIBETAN",), "Mymr": ("MYANMAR",), "Khmr": ("KHMER",),
    "Geor": ("GEORGIAN",), "Armn": ("ARMENIAN",), "Ethi": ("ETHIOPIC",), "Tfng": ("TIFINAGH",),
    "Hans": ("CJK",), "Hant": ("CJK",), "Jpan": ("CJK", "HIRAGANA", "KATAKANA"), "Hang": ("HANGUL", "CJK"),
}
SCRIPT_NAMES = {
    "Latn": "Latin", "Arab": "Arabic", "Cyrl": "Cyrillic", "Grek": "Greek", "Hebr": "Hebrew", "Deva": "Devanagari",
    "Beng": "Bengali", "Guru": "Gurmukhi", "Gujr": "Gujarati", "Orya": "Odia", "Taml": "Tamil", "Telu": "Telugu",
    "Knda": "Kannada", "Mlym": "Malayalam", "Sinh": "Sinhala", "Thai": "Thai", "Laoo": "Lao", "Tibt": "Tibetan",
    "Mymr": "Myanmar", "Khmr": "Khmer", "Geor": "Georgian", "Armn": "Armenian", "Ethi": "Ethiopic",
    "Tfng": "Tifinagh", "Hans": "Han (Simplified)", "Hant": "Han (Traditional)", "Jpan": "Japanese (Han and kana)",
    "Hang": "Hangul",
}
#: A prefix of a letter's Unicode name -> the script it counts as when no code is asked about.
_SCRIPT_OF_PREFIX = {"CJK": "Hani", "HIRAGANA": "Kana", "KATAKANA": "Kana",
                     **{p[0]: code for code, p in _SCRIPT_PREFIXES.items() if p[0] != "CJK"}}
SCRIPT_NAMES.update({"Hani": "Han", "Kana": "kana"})


def _letter_prefix(ch: str) -> str:
    """The first word of a letter's Unicode name (``LATIN``, ``ARABIC``, ``CJK``), ``FULLWIDTH``
    forms read as their script; ``""`` when it has none."""
    words = unicodedata.name(ch, "").split()
    if words[:1] == ["FULLWIDTH"] or words[:1] == ["HALFWIDTH"]:
        words = words[1:]
    return words[0] if words else ""


def letter_scripts(text: str) -> Counter[str]:
    """How many letters of ``text`` (its first 20,000 characters) are in each script, by ISO
    15924 code (``Latn``, ``Arab``, ``Cyrl``, ``Hani`` for Han, ``Kana`` for kana; a letter of a
    script no NLLB-200 code names is not counted). Never raises."""
    counts: Counter[str] = Counter()
    for ch in text[:20000]:
        if ch.isalpha():
            script = _SCRIPT_OF_PREFIX.get(_letter_prefix(ch))
            if script:
                counts[script] += 1
    return counts


def script_share(text: str, script: str) -> float | None:
    """The share (0 to 1) of the letters of ``text`` (its first 20,000 characters) written in
    ``script``, the script part of an NLLB-200 code (``Arab`` of ``urd_Arab``; ``Hans`` and
    ``Hant`` count Han, ``Jpan`` Han and kana, ``Hang`` Hangul and Han). None when ``text`` has no
    letters of a known script or ``script`` is not one of NLLB-200's. Never raises."""
    prefixes = _SCRIPT_PREFIXES.get(script)
    if prefixes is None:
        return None
    total = inside = 0
    for ch in text[:20000]:
        if ch.isalpha():
            prefix = _letter_prefix(ch)
            if prefix in _SCRIPT_OF_PREFIX:
                total += 1
                inside += prefix in prefixes
    return inside / total if total else None
