"""QA flags on translated segments: cheap, explainable checks that point a reviewer at the
segments to distrust. They flag; they never rewrite.

Every check returns :class:`summarize.brief.Flag` objects with a stable ``code``, a one-line
``message`` for people and the figures behind it in ``data``. The codes, in the order
:func:`check_segment` returns them:

``empty``
    Nothing came back (the target is empty or only whitespace). When this fires, no other check
    runs: there is nothing to check.
``script``
    The share of the target's letters written in the script its code names (Arabic for
    ``urd_Arab``; Latin for ``eng_Latn``, Cyrillic, Devanagari ...: :data:`letters.SCRIPT_NAMES`)
    is below ``Thresholds.script_min_share``: the model answered in the wrong script or copied
    the source (an Urdu source copied into an English target). Latin letters of *names* (see
    ``untranslated``) are not counted for a target of another script, unless names are all the
    target has (a Title Case headline copied through). When this fires, ``language`` and
    ``untranslated`` are skipped: they would only restate it.
``language``
    Letters that mark another language are present (Pashto letters in Urdu, Urdu letters in
    Pashto or Dari), or, for a segment of at least ``Thresholds.language_min_letters`` Arabic
    letters, none of the letters that mark the expected language (Urdu, Pashto) is there. The
    letters are kept in one table per language, :data:`LETTERS`.
``untranslated``
    A run of more than ``Thresholds.untranslated_max_words`` Latin-script words that are not
    names. A *name* is a word that occurs capitalised (first letter upper case) in the source,
    compared without case and accents (Pashto references gloss names in lower case: "los angeles
    police department"; Bartolomé = Bartolome), or a name particle of the source (de, las, van,
    bin...: "Fray Bartolomé de las Casas"). A run that glosses the Arabic-script words beside it,
    the English original after its own transliteration ("نیوکلیر مګنیټک ریسونانس NUCLEAR
    MAGNETIC RESONANCE"), is not counted either: :mod:`summarize.checks.translit`.
``repetition``
    A word n-gram repeated back to back (``Thresholds.repetition_tandem`` copies, n up to
    ``Thresholds.repetition_max_n``), or an n-gram of at least ``Thresholds.repetition_spread_n``
    words occurring ``Thresholds.repetition_spread`` times anywhere: the loops NLLB is known for.
    A shortest n-gram that ends in a verb auxiliary (:data:`AUXILIARIES`: Urdu ہے تھا, Pashto
    دی شو, Dari است شد...) does not count for the anywhere rule: these languages end every clause
    with the verb, and "مڑ جاتا ہے" ("turns") three times in a sentence is ordinary Urdu.
    A repetition the source has too is the translation's duty, not a loop (the idea of
    translate-toolkit's pofilter ``doublewords``, which passes a word the source doubles): back to
    back copies pass when the source repeats something back to back as many times ("No, no, no,
    no, no." -> "نہیں، نہیں، نہیں، نہیں"), and an n-gram scattered through the segment passes when
    a content word of the source (3 letters or more, not in :data:`SOURCE_FUNCTION_WORDS`) occurs
    as often ("Pump it out, pump it out, ... pump it out" -> "آنرا پمپ کنید" 4 times), or the
    source repeats back to back as many times.
``length``
    Target/source character ratio outside the language's band
    (``Thresholds.length_bands``), for sources of at least
    ``Thresholds.length_min_source_chars`` characters.
``numbers``
    A number of the source is missing from the target. Both sides are compared after mapping
    Eastern Arabic-Indic (``۰``-``۹``, U+06F0-U+06F9) and Arabic-Indic (``٠``-``٩``,
    U+0660-U+0669) digits to ASCII, dropping thousands separators (``,`` ``٬`` ``،`` before a
    group of exactly three digits) and reading ``.`` and ``٫`` as the decimal point. In the
    target, ``۔`` between digits is also a decimal point (6۔5), and ``.`` before exactly three
    digits may be a thousands separator (2.250 for 2,250) and ``/`` between digits a decimal
    point (2/2 for 2.2), as Persian writes them; a number may also be written in words, cardinal
    or ordinal (16th -> سولہویں, 10 -> لس, 10,000 -> 10 هزار: :mod:`summarize.checks.number_words`).
    In the source, clock minutes ``:00`` are not a number of their own (10:00 -> ۱۰ بجے) and
    the exponent of an area or volume unit is not either (km2 -> کیلومتر مربع).

Which checks run for which target (NLLB-200 code, e.g. ``urd_Arab``):

* ``empty``, ``repetition``, ``length``, ``numbers``: every target. ``length`` uses the
  language's band when :class:`Thresholds` lists one, else ``Thresholds.length_default_band``.
* ``script``: every target whose code names a script of :data:`letters.SCRIPT_NAMES` or Arabic
  (all of NLLB-200's).
* ``untranslated``: targets whose code names the Arabic script (``*_Arab``).
* ``language``: targets with a letter table in :data:`LETTERS` (Urdu ``urd_Arab``, Southern
  Pashto ``pbt_Arab``, Dari ``prs_Arab``, Iranian Persian ``pes_Arab``).

Thresholds live in one frozen dataclass, :class:`Thresholds`; :data:`DEFAULT_THRESHOLDS` holds
the documented defaults.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..brief import Brief, Flag, Segment
from .letters import LETTERS, SCRIPT_NAMES, LetterTable, in_script, is_arabic, is_latin_word, numbers_in, script_of
from .number_words import source_numbers, target_numbers
from .translit import is_gloss

__all__ = [
    "Thresholds",
    "DEFAULT_THRESHOLDS",
    "LetterTable",
    "LETTERS",
    "AUXILIARIES",
    "check_segment",
    "check_brief",
    "numbers_in",
]


@dataclass(frozen=True)
class Thresholds:
    """Every tunable of the QA checks, in one place. Frozen: make a variant with
    ``dataclasses.replace(DEFAULT_THRESHOLDS, script_min_share=0.6)``.

    Attributes:
        script_min_share: ``script`` fires when fewer than this share (0-1) of the target's
            letters (names excluded) are in the target's script (Arabic for ``*_Arab``). 0.5: a
            translation with a few kept names or acronyms stays well above it; English (or the
            source) copied through is near 0.
        script_min_letters: ``script`` needs at least this many letters (names excluded) to
            judge; a target of digits and punctuation only is not flagged.
        language_foreign_min: ``language`` fires when the target holds at least this many
            letters (occurrences) that mark another language. 2, so that one stray letter in a
            transliterated name does not flag a segment; wrong-language output has many.
        language_min_letters: the "expected letters absent" half of ``language`` only judges
            targets with at least this many Arabic-script letters. 30 letters is roughly a
            six-word sentence; shorter good sentences may lack every marker by chance.
        untranslated_max_words: ``untranslated`` fires on a run of more than this many Latin
            words that are not names (2: "next month" passes, "will reopen next month" does not).
        repetition_max_n: longest n-gram (in words) the back-to-back repetition rule looks at.
        repetition_tandem: ``repetition`` fires when an n-gram (1 <= n <= ``repetition_max_n``)
            occurs this many times back to back ("a a a", "x y x y x y"). 3: reduplication such
            as Urdu "آہستہ آہستہ" (two copies) is ordinary language.
        repetition_spread_n: shortest n-gram the anywhere-in-the-segment rule counts.
        repetition_spread: ``repetition`` also fires when an n-gram of at least
            ``repetition_spread_n`` words occurs this many times anywhere in the segment.
        length_min_source_chars: ``length`` only judges sources of at least this many characters
            (whitespace collapsed); the ratio of short strings is noise.
        length_bands: per-language ``(nllb_code, low, high)`` bands for the target/source
            character ratio. Urdu, Pashto and Dari translations of English news run at about
            0.8-1.2 times the English length; 0.5-2.0 catches dropped halves and added
            paragraphs without flagging ordinary variation.
        length_default_band: the ``(low, high)`` band for codes not in ``length_bands``; wider,
            because nothing is known about the language.
    """

    script_min_share: float = 0.5
    script_min_letters: int = 3
    language_foreign_min: int = 2
    language_min_letters: int = 30
    untranslated_max_words: int = 2
    repetition_max_n: int = 6
    repetition_tandem: int = 3
    repetition_spread_n: int = 3
    repetition_spread: int = 3
    length_min_source_chars: int = 20
    length_bands: tuple[tuple[str, float, float], ...] = (
        ("urd_Arab", 0.5, 2.0),
        ("pbt_Arab", 0.5, 2.0),
        ("prs_Arab", 0.5, 2.0),
        ("pes_Arab", 0.5, 2.0),
    )
    length_default_band: tuple[float, float] = (0.3, 3.0)

    def length_band(self, code: str) -> tuple[float, float]:
        """The ``(low, high)`` target/source character-ratio band for NLLB code ``code``."""
        for band_code, low, high in self.length_bands:
            if band_code == code:
                return (low, high)
        return self.length_default_band


DEFAULT_THRESHOLDS = Thresholds()


# Words for names and Latin runs: letters (plus ZWNJ, which Persian writes inside words),
# joined by an apostrophe or hyphen.
_WORD_RE = re.compile(r"(?:[^\W\d_]|\u200c)+(?:['\u2019-](?:[^\W\d_]|\u200c)+)*")
# Tokens for repetition: any word characters, digits included.
_TOKEN_RE = re.compile(r"[\w\u200c]+")

_NAME_PARTICLES = frozenset("de da das do dos del della di du la las le los van von der den al el bin ibn y".split())


def _name_key(word: str) -> str:
    """A word without case or accents: how a name is compared (Bartolomé = bartolome)."""
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


def _names(source: str) -> set[str]:
    """The words a translation may keep in Latin script, as :func:`_name_key` keys: the
    source's capitalised words, and its name particles (de, las, van...)."""
    words = set(_WORD_RE.findall(source))
    # "NASA's" and "Secretary-General" also name "NASA", "Secretary", "General".
    words |= {part for w in words for part in re.split(r"['\u2019-]", w)}
    return {_name_key(w) for w in words if w and (w[0].isupper() or w in _NAME_PARTICLES)}


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _script_words(script: str) -> str:
    """How a message names ``script``: ``Arabic``, ``Latin``, ``Cyrillic``, ``Han`` (CJK)."""
    if script == "Arab":
        return "Arabic"
    first = SCRIPT_NAMES[script][0]
    return "Han" if first == "CJK" else first.title()


def _check_script(target: str, names: set[str], th: Thresholds, script: str = "Arab") -> Flag | None:
    # Count letters outside names; when names are all there is ("Floods Close Schools" copied
    # through, every word a capitalised source word), count every letter instead. A Latin-script
    # target keeps its names' letters: they are its own script.
    counts = {True: [0, 0], False: [0, 0]}  # is_name -> [letters, in the script]
    for word in _WORD_RE.findall(target):
        c = counts[script != "Latn" and _name_key(word) in names and is_latin_word(word)]
        for ch in word:
            if ch.isalpha():
                c[0] += 1
                c[1] += in_script(ch, script)
    letters, written = counts[False]
    names_excluded = letters >= th.script_min_letters
    if not names_excluded:
        letters, written = letters + counts[True][0], written + counts[True][1]
    if letters < th.script_min_letters:
        return None
    share = written / letters
    if share >= th.script_min_share:
        return None
    data = {"script": script, "share": round(share, 3), "script_letters": written, "letters": letters,
            "names_excluded": names_excluded, "min_share": th.script_min_share}
    if script == "Arab":  # the names of the first version of this flag, kept for readers of older brief.json
        data.update(arabic_share=data["share"], arabic_letters=written)
    return Flag(
        "script",
        f"only {share:.0%} of the letters are {_script_words(script)} script (expected at least "
        f"{th.script_min_share:.0%}): untranslated or in the wrong script",
        data,
    )


def _check_language(target: str, code: str, th: Thresholds) -> Flag | None:
    table = LETTERS.get(code)
    if table is None:
        return None
    counts = Counter(ch for ch in target if is_arabic(ch) and ch.isalpha())
    arabic_letters = sum(counts.values())
    words = Counter(_WORD_RE.findall(target))
    foreign: dict[str, dict[str, int]] = {}
    for other in LETTERS.values():
        if other.code == code or not other.markers:
            continue
        found = {ch: counts[ch] for ch in other.markers if counts[ch] and ch not in table.markers}
        found.update({w: words[w] for w in other.marker_words if words[w]})
        if found:
            foreign.setdefault(other.name, {}).update(found)
    foreign_total = sum(sum(f.values()) for f in foreign.values())
    expected_found = sum(counts[ch] for ch in table.markers)
    if table.marker_words and not expected_found:
        n_words = sum(words[w] for w in table.marker_words)
        expected_found = n_words if n_words >= 2 else 0
    parts = []
    if foreign_total >= th.language_foreign_min:
        # Letters only, no counts between them: a run of Arabic letters reads cleanly inside
        # left-to-right prose; the counts are in ``data["foreign"]``.
        desc = "; ".join(f"{name}: {' '.join(letters)}" for name, letters in foreign.items())
        parts.append(f"{foreign_total} letters or words of another language ({desc}) in {table.name} text")
    missing = (
        table.expects_markers
        and arabic_letters >= th.language_min_letters
        and expected_found == 0
    )
    if missing:
        parts.append(
            f"none of the {table.name} letters {' '.join(table.markers)} in "
            f"{arabic_letters} Arabic-script letters"
        )
    if not parts:
        return None
    return Flag(
        "language",
        "; ".join(parts),
        {
            "language": table.name,
            "foreign_letters": foreign_total,
            "foreign": foreign,
            "expected_letters": expected_found,
            "arabic_letters": arabic_letters,
            "foreign_min": th.language_foreign_min,
            "min_letters": th.language_min_letters,
        },
    )


def _arabic_words(words: list[str], limit: int = 8) -> list[str]:
    """The leading words of ``words`` that are Arabic script, at most ``limit``."""
    out = []
    for w in words[:limit]:
        if not any(is_arabic(c) for c in w):
            break
        out.append(w)
    return out


def _check_untranslated(target: str, names: set[str], th: Thresholds) -> Flag | None:
    # Runs of Latin words; names do not break a run and do not count. A run that glosses the
    # Arabic-script words beside it (their transliteration, see ``translit``) does not count.
    words = _WORD_RE.findall(target)
    best: list[str] = []
    i = 0
    while i < len(words):
        if not is_latin_word(words[i]):
            i += 1
            continue
        j = i
        while j < len(words) and is_latin_word(words[j]):
            j += 1
        run = [w for w in words[i:j] if _name_key(w) not in names]
        if len(run) > len(best) and not is_gloss(words[i:j], _arabic_words(words[:i][::-1])[::-1],
                                                 _arabic_words(words[j:])):
            best = run
        i = j
    if len(best) <= th.untranslated_max_words:
        return None
    text = " ".join(best)
    return Flag(
        "untranslated",
        f"{len(best)} Latin-script words in a row left in English: “{text}”",
        {"words": len(best), "run": text, "max_words": th.untranslated_max_words},
    )


#: Verb auxiliaries and copulas that end clauses (Urdu, Pashto, Dari/Persian); see ``repetition``.
#: Sources: Wikipedia "Hindustani grammar", "Pashto grammar", "Persian grammar".
AUXILIARIES = frozenset(
    "ہے ہیں ہوں ہو تھا تھی تھے تھیں گا گی گے "  # Urdu
    "دی دي ده وي وه شي شو شوه شول "  # Pashto
    "است اند هست بود بودند شد شدند شود شوند باشد کرد کردند".split()  # Dari/Persian
)


#: English words too common to say that a source repeats itself (``repetition``): articles,
#: pronouns, prepositions, conjunctions, auxiliaries.
SOURCE_FUNCTION_WORDS = frozenset(
    "the and for are but not you all any can had her was our out has his how its may now who did "
    "him she that with have this will your from they been were each which their there what about "
    "would into than them then these some could other more very also when where only over such "
    "after before while most must should being does".split()
)


def _longest_tandem(tokens: list[str], max_n: int) -> tuple[int, int, int]:
    """``(copies, n, start)`` of the longest back-to-back run of an n-gram (n <= ``max_n``)."""
    best = (0, 0, 0)
    for n in range(1, max_n + 1):
        for start in range(len(tokens) - 2 * n + 1):
            copies = 1
            while tokens[start + copies * n : start + (copies + 1) * n] == tokens[start : start + n]:
                copies += 1
            if copies > best[0]:
                best = (copies, n, start)
    return best


def _source_repeats(source: str) -> tuple[int, int]:
    """``(longest back-to-back copies of any n-gram, most occurrences of one content word)`` in
    the source (see ``repetition``)."""
    tokens = [t.lower() for t in _TOKEN_RE.findall(source)]
    content = Counter(t for t in tokens if len(t) >= 3 and t.isalpha() and t not in SOURCE_FUNCTION_WORDS)
    return _longest_tandem(tokens, 6)[0], max(content.values(), default=0)


def _check_repetition(target: str, th: Thresholds, source: str = "") -> Flag | None:
    tokens = [t.lower() for t in _TOKEN_RE.findall(target)]
    source_tandem, source_word = _source_repeats(source)
    # Back-to-back copies: the longest tandem run of any n-gram.
    copies, n, start = _longest_tandem(tokens, th.repetition_max_n)
    if copies >= th.repetition_tandem and copies > source_tandem:
        ngram = " ".join(tokens[start : start + n])
        return Flag(
            "repetition",
            f"“{ngram}” repeated {copies} times in a row",
            {"ngram": ngram, "n": n, "count": copies, "kind": "tandem",
             "threshold": th.repetition_tandem},
        )
    # The same n-gram scattered through the segment.
    for n in range(max(th.repetition_max_n, th.repetition_spread_n), th.repetition_spread_n - 1, -1):
        grams = Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        if n == th.repetition_spread_n:
            grams = Counter({g: c for g, c in grams.items() if g[-1] not in AUXILIARIES})
        if not grams:
            continue
        gram, count = grams.most_common(1)[0]
        if count >= th.repetition_spread and count > max(source_word, source_tandem):
            ngram = " ".join(gram)
            return Flag(
                "repetition",
                f"“{ngram}” occurs {count} times",
                {"ngram": ngram, "n": n, "count": count, "kind": "spread",
                 "threshold": th.repetition_spread},
            )
    return None


def _check_length(source: str, target: str, code: str, th: Thresholds) -> Flag | None:
    src, tgt = _collapse(source), _collapse(target)
    if len(src) < th.length_min_source_chars:
        return None
    low, high = th.length_band(code)
    ratio = len(tgt) / len(src)
    if low <= ratio <= high:
        return None
    which = "short" if ratio < low else "long"
    return Flag(
        "length",
        f"translation is {ratio:.2f}× the source length, too {which} (expected {low:g}–{high:g}×)",
        {"ratio": round(ratio, 3), "source_chars": len(src), "target_chars": len(tgt),
         "low": low, "high": high},
    )


def _check_numbers(source: str, target: str, code: str = "") -> Flag | None:
    src = source_numbers(source)
    tgt = target_numbers(target, code)
    missing = {canon: raw for raw, canon in reversed(src) if canon not in tgt}
    if not missing:
        return None
    order = list(dict.fromkeys(canon for _, canon in src if canon in missing))
    shown = "; ".join(missing[c] for c in order)
    return Flag(
        "numbers",
        f"number{'s' if len(order) > 1 else ''} {shown} of the source missing from the translation",
        {"missing": order, "source": [canon for _, canon in src], "target": sorted(tgt)},
    )


def check_segment(
    source: str,
    target: str,
    target_code: str,
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> list[Flag]:
    """QA flags for one translated segment.

    Args:
        source: the source segment (in the article's language: English unless ``--source-lang``).
        target: its translation.
        target_code: the target's NLLB-200 code (``urd_Arab``, ``pbt_Arab``, ``prs_Arab``). A code
            without a letter table gets the checks that do not depend on the language (see the
            module docstring for which run where); a code not shaped ``xxx_Scrp`` is accepted and
            treated as an unknown, non-Arabic script.
        thresholds: the limits; :data:`DEFAULT_THRESHOLDS` unless given.

    Returns:
        The flags raised, at most one per code, in the order ``empty``, ``script``, ``language``,
        ``untranslated``, ``repetition``, ``length``, ``numbers``; an empty list for a clean
        segment. Never raises on odd text, and never changes it.
    """
    th = thresholds
    if not target.strip():
        if not source.strip():
            return []
        return [Flag("empty", "the translation is empty", {"source_chars": len(_collapse(source))})]
    flags: list[Flag | None] = []
    names = {w for w in _names(source) if is_latin_word(w)}
    written_in = script_of(target_code)
    if written_in == "Arab":
        script = _check_script(target, names, th)
        flags.append(script)
        if script is None:
            flags.append(_check_language(target, target_code, th))
            flags.append(_check_untranslated(target, names, th))
    elif written_in in SCRIPT_NAMES:
        flags.append(_check_script(target, names, th, written_in))
    flags.append(_check_repetition(target, th, source))
    flags.append(_check_length(source, target, target_code, th))
    flags.append(_check_numbers(source, target, target_code))
    return [f for f in flags if f is not None]


def check_brief(brief: Brief, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> None:
    """Fill ``flags`` of every target segment of ``brief`` (the summary segments and the title).

    The NLLB code of each target comes from ``brief.targets`` by short name; a short name the
    brief does not list is looked up in :mod:`summarize.languages`, and failing that used as the
    code itself (so only language-independent checks run). Existing flags are replaced, so
    running it twice gives the same result. Returns nothing: ``brief`` is changed in place.
    """
    from ..languages import language

    codes = {t.short: t.code for t in brief.targets}

    def code_for(short: str) -> str:
        if short in codes:
            return codes[short]
        try:
            return language(short).code
        except KeyError:
            return short

    segments: list[Segment] = list(brief.segments)
    if brief.title is not None:
        segments.append(brief.title)
    for seg in segments:
        for short, ts in seg.targets.items():
            ts.flags = check_segment(seg.source, ts.text, code_for(short), thresholds=thresholds)
