"""Is a run of Latin-script words a *gloss*: the English original written after (or before) its
own transliteration in Arabic script?

Translators of Urdu, Pashto and Dari news often give a technical term or a place both ways:
``نیوکلیر مګنیټک ریسونانس NEUCLEAR MAGNETIC RESONANCE``, ``نارت باوڼډ کېرج North bound carriage``
(both from the FLORES-200 dev Pashto references). The English there is not left untranslated: the
term is rendered, and the original added for the reader. A gloss is a term, so a run holding an
English function word ("is", "the", "to") never is one. ``untranslated`` (see
:mod:`summarize.checks.flags`) does not count such a run.

The comparison is of consonant *skeletons*, the usual way to match a transliteration across
scripts (vowels are mostly unwritten in Arabic script, and written variously in Latin):

- Arabic script: each letter maps to the Latin consonant it is transliterated with
  (:data:`ARABIC_CONSONANTS`, after the Pashto, Urdu and Persian romanisation tables of the
  ALA-LC Romanization Tables); the long-vowel and glide letters ا و ی ي ې ۍ ے ئ ه ع are dropped.
- Latin script: digraphs first (ch sh th kh ph gh ck), ``c`` is ``s`` before e/i/y and ``k``
  otherwise, ``q`` is ``k``, ``x`` is ``ks``; the vowels and the glides a e i o u y w h v are
  dropped; ``j`` and ``g`` fall together (ج writes English soft g: "carriage" -> کېرج).
- Both: letters that fall together (ت ټ ط -> t, س ص ث څ ش ښ -> s, ز ذ ض ظ ځ ژ ږ -> z, ...) and
  doubled consonants are written once.

A run is a gloss when the skeleton of its words and that of the Arabic-script words right beside
it (as many words as the run has, give or take one) agree to at least
:data:`GLOSS_MIN_SIMILARITY` (``difflib.SequenceMatcher.ratio``), both having at least
:data:`GLOSS_MIN_CONSONANTS` consonants. Measured on FLORES-200 dev (docs/quality.md, "QA
checks"): it clears the two glossed Pashto references that ``untranslated`` flagged, and three
source words inserted into any reference are still caught as often as before.
"""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher
from typing import Sequence

#: Latin consonant class of each Arabic-script consonant (Pashto, Urdu, Persian letters).
#: Letters not listed (ا آ أ إ ء و ی ي ې ۍ ے ئ ه ۀ ة ع and the diacritics) are vowels, glides or
#: silent for this purpose. ج -> g: see the module docstring.
ARABIC_CONSONANTS: dict[str, str] = {
    **dict.fromkeys("ب", "b"), **dict.fromkeys("پ", "p"),
    **dict.fromkeys("تټطٹ", "t"), **dict.fromkeys("ثسصڅشښ", "s"),
    **dict.fromkeys("جګگغ", "g"), **dict.fromkeys("چ", "c"),
    **dict.fromkeys("حخ", "k"), **dict.fromkeys("کكق", "k"),
    **dict.fromkeys("دډڈ", "d"), **dict.fromkeys("ذزضظځژږ", "z"),
    **dict.fromkeys("رړڑ", "r"), **dict.fromkeys("ف", "f"),
    **dict.fromkeys("ل", "l"), **dict.fromkeys("م", "m"), **dict.fromkeys("نڼں", "n"),
}

#: Latin letters that fall together with another, after the digraphs are read.
_LATIN_CLASS = {"j": "g", "q": "k", "x": "ks", "z": "z", "s": "s"}
_LATIN_DROP = frozenset("aeiouywhv")
_DIGRAPHS = (("ch", "c"), ("sh", "s"), ("th", "t"), ("kh", "k"), ("ph", "f"), ("gh", "g"), ("ck", "k"))

#: English function words: a gloss is a term (a noun phrase: "nuclear magnetic resonance"), so a
#: run holding one of these ("is the first", "used a telescope to") is English prose left in,
#: even when its consonants happen to match the words beside it. The commonest English function
#: words (articles, auxiliaries, pronouns, prepositions, conjunctions).
FUNCTION_WORDS = frozenset(
    "a an the is are was were be been being am has have had do does did can could will would shall "
    "should may might must to of from for in on at by with into onto over under about as and or but "
    "nor so if than that this these those it its he she they we you i me him her them us his their our "
    "your not no yes there here which who whom what when where why how".split()
)

#: A run is a gloss when the skeletons agree at least this much (0-1). 0.75: the two glosses in
#: FLORES-200 dev Pashto score 1.0; unrelated neighbouring words score 0.1-0.5 (docs/quality.md).
GLOSS_MIN_SIMILARITY = 0.75

#: Skeletons shorter than this (consonants) are not compared: two or three letters match by chance.
GLOSS_MIN_CONSONANTS = 4


def _once(letters: list[str]) -> str:
    out: list[str] = []
    for c in letters:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def latin_skeleton(text: str) -> str:
    """The consonant skeleton of Latin-script ``text`` (see the module docstring): "North bound
    carriage" -> ``"nrtbndkrg"``. Other characters are ignored."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if "a" <= c <= "z")
    out: list[str] = []
    i = 0
    while i < len(plain):
        pair = plain[i : i + 2]
        hit = next((v for k, v in _DIGRAPHS if pair == k), None)
        if hit is not None:
            out.append(hit)
            i += 2
            continue
        c = plain[i]
        if c == "c":
            out.append("s" if plain[i + 1 : i + 2] in ("e", "i", "y") else "k")
        elif c not in _LATIN_DROP:
            out.extend(_LATIN_CLASS.get(c, c))
        i += 1
    return _once(out)


def arabic_skeleton(text: str) -> str:
    """The consonant skeleton of Arabic-script ``text``: "نارت باوڼډ کېرج" -> ``"nrtbndkrg"``.
    Letters without a consonant class, and other characters, are ignored."""
    return _once([ARABIC_CONSONANTS[c] for c in text if c in ARABIC_CONSONANTS])


def is_gloss(run: Sequence[str], before: Sequence[str], after: Sequence[str]) -> bool:
    """True when the Latin-script words ``run`` transliterate the Arabic-script words next to them:
    the last words of ``before`` or the first of ``after`` (each in text order, only words of
    Arabic script, nearest to the run), as many as ``run`` has, one fewer or one more.

    Args:
        run: the Latin words, in order (``["North", "bound", "carriage"]``).
        before, after: the Arabic-script words right before and right after the run.

    Returns:
        Whether any such neighbour agrees with the run to :data:`GLOSS_MIN_SIMILARITY`; never
        for a run holding an English function word (:data:`FUNCTION_WORDS`).
    """
    if any(w.casefold() in FUNCTION_WORDS for w in run):
        return False
    latin = latin_skeleton(" ".join(run))
    if len(latin) < GLOSS_MIN_CONSONANTS:
        return False
    sizes = [n for n in (len(run), len(run) - 1, len(run) + 1) if n >= 1]
    for n in sizes:
        for words in (before[-n:] if len(before) >= n else None, after[:n] if len(after) >= n else None):
            if not words:
                continue
            arabic = arabic_skeleton(" ".join(words))
            if len(arabic) >= GLOSS_MIN_CONSONANTS and SequenceMatcher(None, latin, arabic).ratio() >= GLOSS_MIN_SIMILARITY:
                return True
    return False


__all__ = ["ARABIC_CONSONANTS", "FUNCTION_WORDS", "GLOSS_MIN_CONSONANTS", "GLOSS_MIN_SIMILARITY", "arabic_skeleton", "is_gloss",
           "latin_skeleton"]
