"""Sentences, and two cheap checks on them: is there enough to summarise, and is it English.

Sentence splitting is sentencex's (rule-based, per language, knows abbreviations such as
"Gen." and "Dr."); newlines, and so paragraphs, are always hard boundaries.
"""

from __future__ import annotations

import re

from ..brief import Article

MIN_SENTENCES = 3
"""An article with fewer body sentences than this is too short to summarise: the pipeline uses
the text itself as the brief (and notes it) instead of running a summariser."""

# sentencex takes ISO 639-1 codes; the tool also speaks CLI short names and NLLB-200 codes.
_LANG_ALIASES = {
    "prs": "fa",
    "fa-af": "fa",
    "eng_latn": "en",
    "urd_arab": "ur",
    "pbt_arab": "ps",
    "prs_arab": "fa",
    "pes_arab": "fa",
    "arb_arab": "ar",
}


def _sentencex_lang(lang: str) -> str:
    key = (lang or "en").strip().lower()
    return _LANG_ALIASES.get(key, key.split("_")[0].split("-")[0] or "en")


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """Split ``text`` into sentences with sentencex.

    ``lang`` is an ISO 639-1 code (``en``, ``ur``, ``ps``, ``fa``); ``prs`` and NLLB codes such as
    ``urd_Arab`` are mapped to it. Every newline is a hard boundary (a sentence never spans two
    lines or paragraphs). Returns the sentences in order, stripped of surrounding whitespace,
    without empty pieces; ``[]`` for empty or blank text. Never raises for any string.
    """
    code = _sentencex_lang(lang)
    from sentencex import segment

    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        try:
            pieces = list(segment(code, line))
        except Exception:  # sentencex on an odd language code or input: keep the line whole
            pieces = [line]
        out.extend(p.strip() for p in pieces if p.strip())
    return out


#: A "sentence" longer than this many words is cut into pieces (see ``cut_long_sentence``).
MAX_SENTENCE_WORDS = 100


def cut_long_sentence(sentence: str, most: int = MAX_SENTENCE_WORDS) -> list[str]:
    """``sentence`` if it has at most ``most`` words, else runs of at most ``most`` words, each
    cut after the last word ending in ``,``, ``;``, ``:`` or a dash in its second half when there
    is one. Joined with spaces the pieces give the sentence back, whitespace normalised.

    Text without sentence punctuation (a transcript, a page whose full stops were lost) would
    otherwise be one sentence: the whole article, summarised as is and sent to the translator
    whole. Linear in the sentence's length."""
    words = sentence.split()
    if len(words) <= most:
        return [sentence]
    pieces: list[str] = []
    start = 0
    while len(words) - start > most:
        end = start + most
        for k in range(end, start + most // 2, -1):
            if words[k - 1][-1] in ",;:\u2013\u2014" or words[k - 1] == "-":
                end = k
                break
        pieces.append(" ".join(words[start:end]))
        start = end
    pieces.append(" ".join(words[start:]))
    return pieces


def article_sentences(article: Article, lang: str = "en") -> list[str]:
    """All body sentences of ``article`` (title and dateline excluded), paragraph by paragraph,
    in order; see :func:`split_sentences` for ``lang``, and :func:`cut_long_sentence` for a
    sentence of more than MAX_SENTENCE_WORDS words. Returns a list of strings."""
    out: list[str] = []
    for paragraph in article.paragraphs:
        for sentence in split_sentences(paragraph, lang):
            out.extend(cut_long_sentence(sentence))
    return out


# Frequent English function words. In English news they are 25-45 % of all words; in French,
# Spanish or German text (the, of, and, ... do not occur there) under 12 %.
_EN_FUNCTION_WORDS = frozenset(
    """the of and to a an in is are was were be been has have had that for on with as by at from
    it its this these those he she they his her their them who which would will not but or said
    after also than into over about more there what when while""".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_LATIN_SHARE = 0.6
_MIN_FUNCTION_SHARE = 0.18
_MIN_WORDS_TO_JUDGE = 8


def _is_latin(ch: str) -> bool:
    cp = ord(ch)
    return cp < 0x250 or 0x1E00 <= cp <= 0x1EFF


def is_english(text: str) -> bool:
    """A cheap guess whether ``text`` is English, for refusing articles in other languages.

    Two tests, both must pass:

    1. script: at least 60 % of the letters are Latin (Urdu, Pashto, Dari, Arabic, Russian fail);
    2. vocabulary: at least 18 % of the words are common English function words (the, of, and,
       to, in, was, said, ...). English news scores 30-45 %; French, Spanish, German or
       romanised Urdu score under 12 %. Texts under 8 words pass on script alone: too few words
       to judge.

    Only the first 20,000 characters are looked at. Returns False for text without letters.
    Never raises.
    """
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return False
    if sum(1 for ch in letters if _is_latin(ch)) / len(letters) < _MIN_LATIN_SHARE:
        return False
    words = [w.replace("’", "'") for w in _WORD.findall(sample.casefold())]
    if len(words) < _MIN_WORDS_TO_JUDGE:
        return True
    hits = sum(1 for w in words if w in _EN_FUNCTION_WORDS)
    return hits / len(words) >= _MIN_FUNCTION_SHARE
