"""Sentences, and two cheap checks on them: is there enough to summarise, and is it English.

Sentence splitting is sentencex's (rule-based, per language, knows abbreviations such as
"Gen." and "Dr.") with the rules of :data:`SPLIT_RULES` around it; newlines, and so paragraphs,
are always hard boundaries.
"""

from __future__ import annotations

import re
import unicodedata

from ..brief import Article
from ..languages import language

MIN_SENTENCES = 3
"""An article with fewer body sentences than this is too short to summarise: the pipeline uses
the text itself as the brief (and notes it) instead of running a summariser."""

def _sentencex_lang(lang: str) -> str:
    """sentencex takes ISO 639-1 codes; the tool also speaks CLI short names, BCP 47 tags and
    NLLB-200 codes (see ``languages.Language.iso``). Any other string: its language part."""
    key = (lang or "en").strip()
    try:
        return language(key).iso
    except KeyError:
        return key.lower().split("_")[0].split("-")[0] or "en"


#: How :func:`split_sentences` cuts a line, in order: what sentencex does, and the rules of our
#: own around it where it does not serve. Each row: (rule, why, minimal case). Measured on the
#: FLORES-200 dev sentences joined into paragraphs (``benchmarks/quality_text.py``; before/after
#: figures in docs/quality.md).
SPLIT_RULES: tuple[tuple[str, str, str], ...] = (
    ("hide quotes and brackets from sentencex: \" “ ” „ « » ‹ › ( ) [ ] { }, and ' ‘ ’ unless "
     "between two letters or digits (an apostrophe)",
     "sentencex never cuts inside a quote or bracket pair, and an unpaired one stops all cutting "
     "for the rest of the line (boundaries found, Urdu 74.7 -> 83.6 %, Dari 96.5 -> 98.4 %; "
     "Pashto, of those after punctuation, 87.4 -> 97.0 %)",
     "He said: 'It is sad news. He turned it around.' Klopp left. -> 3 sentences"),
    ("hide list markers standing as words from sentencex: • ◦ ⁃ ‣ ∙ and symbols such as ● ■ ▪ "
     "► ★ ➤", "sentencex reads them as list items and then cuts only before each marker, never "
     "inside an item, nor anywhere in a line that starts with one (CNN/DailyMail validation "
     "0-999, which lost its newlines: sentences over 100 words 16 -> 0, the longest 1024 -> 88 words)",
     "• Iran wants them gone. Russia said yes. -> 2 sentences, the first keeping the marker"),
    ("no cut right after a list item's number or letter at the start of a line (\"1. \", \"12) \", "
     "\"A. \")", "sentencex made \"1.\" a sentence of its own, which the summariser then picked (a fresh "
     "user's report); FLORES-200 dev and NTREX-128 figures unchanged",
     "1. At least ten people were killed. Rescuers came. -> 2 sentences, the first keeping its number"),
    ("a hyphen joining a word to an abbreviation is shown to sentencex as a space (\"anti-U.S.\", "
     "\"then-Sen.\", \"June 30-Aug. 23\"), unless a closing quote or bracket follows its stop",
     "sentencex knows U.S. or Sen. only after a space and cut there (CNN/DailyMail validation 0-999: "
     "17 wrong cuts gone, 32802 -> 32785 sentences; FLORES dev English precision 90.0 -> 90.1 %, "
     "recall unchanged; NTREX-128 unchanged)",
     "Protests hit the anti-U.S. pact. Police came. -> 2 sentences"),
    ("sentencex cuts the rest", "abbreviations (Gen., U.S., p.m.), initials, per-language "
     "sentence ends . ! ? ؟ ۔ …", "The U.S. envoy was there. He left. -> 2 sentences"),
    ("closers stay with the sentence they close: quotes and closing brackets right after the "
     "sentence end, or standing alone between spaces after it",
     "a hidden closing quote would otherwise start the next sentence (English 97.0 -> 98.7 %, "
     "Dari 98.4 -> 99.5 %, Pashto after punctuation 97.0 -> 99.3 %)",
     "پڑھنے پر ابھارا۔“ بعض لوگ -> the “ ends the first sentence"),
    ("in Arabic-script text a hyphen right after a word (and its closers) and before a space "
     "ends a sentence", "typed for ۔ where the keyboard has none: 13 % of the Urdu FLORES dev "
     "sentences end so (Urdu 85.6 -> 98.9 %; 2 of the 35 cuts it makes inside FLORES "
     "lines are ranges such as نومبر- فروری)", "یہ تیار ہے- دوسرا جملہ۔ -> 2 sentences"),
    ("never cut inside a number: a . ٫ ۔ or , between two digits",
     "sentencex cuts Eastern-digit decimals (no FLORES dev sentence has one)", "قیمت ۲.۵ دالر است. جمله دوم. -> 2 sentences"),
    ("invisible marks after a stop (LRM, RLM, ALM, zero width space, bidi ends) stay with "
     "the sentence, like closers",
     "NTREX-128 news (Pashto, Dari) types U+200E after many full stops; it began the next "
     "sentence (Pashto boundaries found, NTREX-128 news documents, 69.4 -> 95.4 %)",
     "جمله اول است.\u200e جمله دوم. -> 2 sentences, the mark ending the first"),
    ("a full stop ends a sentence before a capitalised word after: \"etc.\", an abbreviated "
     "month (\"1 Jan.\", \"until Oct.\"), a closing quote or bracket (\"the letter \"e\". Red\"), "
     "a lowercase letter other than v and c (\"the letter u.\"), the lowercase words me, no, "
     "may, ill, or a contraction's 'll or 're",
     "sentencex reads these as abbreviations (No., Me., Ill.) or initials and never cuts there "
     "(FLORES dev English 98.7 -> 99.0 %: 3 of the 3 misses after punctuation; NTREX-128 "
     "English 98.1 -> 98.4 %)",
     "Bring pens, etc. Design is hard. -> 2 sentences"),
    ("in Latin-script text, no cut before a lowercase word (but a name such as iPhone or eBay), "
     "nor between approx., Eq., Vol., Ch., para., est. or ed. and a number",
     "sentencex cuts after abbreviations it does not know (\"approx. two weeks\", \"Rs. 700 "
     "bn.) will be\"); a sentence starts with a capital (NTREX-128 English precision 98.7 -> "
     "99.0 %, recall unchanged; FLORES dev unchanged)",
     "They met approx. two weeks later. -> 1 sentence"),
    ("in Latin-script text, no cut between a clock time's a.m. or p.m. and a weekday, a date, a "
     "time zone or the same time in brackets",
     "news writes \"at 10 a.m. Sunday\", \"8 p.m. ET\", \"10:41 a.m. (5:41 a.m. ET)\"; sentencex ends a "
     "sentence after a.m. before any capital (CNN/DailyMail validation 0-999: 59 wrong cuts gone, "
     "32861 -> 32802 sentences; NTREX-128 English precision 99.0 -> 99.2 %; FLORES dev unchanged)",
     "Gen. Smith spoke at 10 a.m. Sunday. He left. -> 2 sentences"),
    ("in Latin-script text, no cut after a quotation's closing ?\" or !\" before its speaker tag: a "
     "name of capitalised words (perhaps with one or two appositions: \", 45,\", \", a farmer,\", \", who "
     "lost her house,\") and a verb of saying (said, asked, wrote ...; asked, told, warned, urged may "
     "name a hearer: reporters, him, the council, The Associated Press), then a stop, a comma, or to, "
     "in, on, of, at, during, last ... and at most 6 more words that end the sentence, none of them "
     "\"that\" (a clause is a sentence)",
     "sentencex ends a sentence at the question or exclamation mark, and the tag became a sentence "
     "of its own (\"Miller wrote.\"), the quotation one without a speaker (a fresh user's report; "
     "CNN/DailyMail validation 0-999: 17 cuts gone, 32775 -> 32758 sentences; FLORES-200 dev and "
     "NTREX-128 unchanged; with the hearer, \"Sara Ali, a farmer, asked reporters on "
     "Monday.\" was cut off: CNN/DailyMail 0-999, FLORES-200 dev and NTREX-128 unchanged)",
     "\"Where is the help?\" Aslam Khan asked. He left. -> 2 sentences"),
    ("a bracket with no sentence end inside, right after a sentence end and before a "
     "capitalised word or the line's end, stays with the sentence before it",
     "a citation or pointer after the stop (\". (Bremer, 1998) The\", \". (see below)\") "
     "belongs to that sentence (English 99.0 -> 99.2 %)",
     "It grew. (Bremer, 1998) The use rose. -> 2 sentences, the first ending with the bracket"),
)

_HIDDEN = frozenset('"“”„«»‹›‟()[]{}')
_SINGLE_QUOTES = frozenset("'‘’‚")
#: List markers of category Po; the others (● ■ ▪ ► ★ ➤ ...) are symbols (So).
_BULLETS = frozenset("•‣⁃∙")
#: Invisible marks typed after a stop (left-to-right, right-to-left and Arabic letter marks, zero
#: width space, ends of bidi embeddings and isolates) stay with the sentence, like a closing quote.
_MARKS = "\u200e\u200f\u061c\u200b\u202c\u2069"
_CLOSERS = frozenset('"“”‘’»«›‹)]}\'' + _MARKS)
_DIGITS = frozenset("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_DASH_END = re.compile(f"[{_ARABIC}][)\\]\"”“’»]*-(?=\\s+[\\w\"“«(\\[])")
_CAPITALISED = r"\s+[\"“‘«(\[]?[A-Z]"  # a space, then a capitalised word (maybe after an opener)
_LATIN_END = re.compile(
    r"(?:\betc\.|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.|(?<=\w)[\"”’)\]]\."
    r"|(?<![\w.'’])(?:me|no|may|ill|[abd-uw-z])\.|(?<=\w['’])(?:ll|re)\.)"
    r"[\"”’)\]]*(?=" + _CAPITALISED + ")")
_TRAILER = re.compile(r" *\([^()]*\)(?=\s*$|" + _CAPITALISED + ")")
_STOPS = frozenset(".!?…؟۔")
#: A list item's number or letter at the start of a line: "1. ", "12) ", "A. ", "b) ".
_ENUMERATOR = re.compile(r"\s*(?:\d{1,3}|[A-Za-z])[.)](?=\s)")


def _hidden(line: str, i: int) -> bool:
    ch = line[i]
    if ch in _HIDDEN:
        return True
    if ch in _SINGLE_QUOTES:
        before = line[i - 1] if i else " "
        after = line[i + 1] if i + 1 < len(line) else " "
        return not (before.isalnum() and after.isalnum())
    return _is_marker(line, i)


def _is_marker(line: str, i: int) -> bool:
    """True when ``line[i]`` is a list marker standing as a word: • ◦ ⁃ ‣ ∙ or another symbol
    (● ■ ▪ ► ★ ➤ ...), at the line's start or after a space, and before a space, another
    marker or the line's end."""
    ch = line[i]
    if ch not in _BULLETS and unicodedata.category(ch) != "So":
        return False
    j = i
    while j > 0 and (line[j - 1] in _BULLETS or unicodedata.category(line[j - 1]) == "So"):
        j -= 1
    k = i + 1
    while k < len(line) and (line[k] in _BULLETS or unicodedata.category(line[k]) == "So"):
        k += 1
    return (j == 0 or line[j - 1].isspace()) and (k == len(line) or line[k].isspace())


def _has_marker(line: str) -> bool:
    return any((ch in _BULLETS or (ch > "\x7f" and unicodedata.category(ch) == "So")) and _is_marker(line, i)
               for i, ch in enumerate(line))


#: A hyphen joining a word to an abbreviation or initials ("anti-U.S.", "South Korea-U.S.",
#: "then-Sen.", "June 30-Aug. 23"): sentencex knows "U.S." or "Sen." only after a space, so the
#: hyphen is shown to it as one (see :data:`SPLIT_RULES`).
#: Not before a closing quote or bracket ("the song \"Shangri-La.\" Oasis"): a name ends there.
_JOINED_ABBREVIATION = re.compile(r"(?<=[\w)\]])-(?=[A-Z][a-z]{0,3}\.(?![\"“”’'»)\]]))")


def _sentencex_ends(code: str, line: str) -> list[int]:
    """Where sentencex ends sentences in ``line`` with quotes and brackets hidden: offsets in
    ``line`` just past each sentence's last visible character (the last sentence excluded)."""
    from sentencex import segment

    if _HIDDEN.isdisjoint(line) and _SINGLE_QUOTES.isdisjoint(line) and not _has_marker(line):  # nothing to hide: the common case
        keep: list[int] | range = range(len(line))
        visible = _JOINED_ABBREVIATION.sub(" ", line)  # "anti-U.S.", "then-Sen.": the same length, offsets hold
    else:
        keep = [i for i in range(len(line)) if not _hidden(line, i)]
        shown = _JOINED_ABBREVIATION.sub(" ", line)
        visible = "".join(shown[i] for i in keep)
    try:
        pieces = list(segment(code, visible))
    except Exception:  # sentencex on an odd language code or input: no cut
        return []
    if "".join(pieces) != visible:  # not expected; a cut we cannot place is no cut
        return []
    ends, total = [], 0
    for piece in pieces[:-1]:
        total += len(piece)
        k = total
        while k > 0 and visible[k - 1].isspace():
            k -= 1
        if k:
            ends.append(keep[k - 1] + 1)
    return ends


def _past_closers(line: str, k: int) -> int:
    while True:
        if k < len(line) and line[k] in _CLOSERS:
            k += 1
            continue
        j = k
        while j < len(line) and line[j] == " ":
            j += 1
        e = j
        while e < len(line) and line[e] in _CLOSERS:
            e += 1
        if j > k and e > j and (e == len(line) or line[e].isspace()):  # closers standing alone
            k = e
            continue
        return k


def _in_number(line: str, k: int) -> bool:
    return 2 <= k < len(line) and line[k - 1] in ".٫۔," and line[k - 2] in _DIGITS and line[k] in _DIGITS


def _past_trailer(line: str, k: int) -> int:
    """``k``, or past a bracket right after it that holds no sentence end and comes before a
    capitalised word or the line's end (a citation such as "(Bremer, 1998)")."""
    m = _TRAILER.match(line, k)
    return m.end() if m and _STOPS.isdisjoint(m.group()) else k


#: Abbreviations sentencex does not know, which a number follows: "approx. 2.5", "Eq. 2", "Vol. 3".
_BEFORE_NUMBER = re.compile(r"(?<![\w.])(?:approx|[Ee]qs?|[Vv]ols?|[Cc]h|[Pp]ara|est|[Ee]ds?)\.$")
_CAMEL = re.compile(r"[a-z]+[A-Z]")  # iPhone, eBay: a name, which may start a sentence


def _no_sentence_start(line: str, k: int) -> bool:
    """True when what follows offset ``k`` cannot start a Latin-script sentence: a lowercase word
    (but iPhone, eBay), or a number after an abbreviation of :data:`_BEFORE_NUMBER`."""
    j = k
    while j < len(line) and (line[j].isspace() or line[j] in _HIDDEN or line[j] in _SINGLE_QUOTES):
        j += 1
    if j >= len(line):
        return False
    if "a" <= line[j] <= "z":
        return not _CAMEL.match(line, j)
    return line[j].isdigit() and bool(_BEFORE_NUMBER.search(line, 0, k))


#: A clock time's "a.m." or "p.m." that the sentence goes on after: a weekday ("at 10 a.m. Sunday"),
#: a date ("9 a.m. March 3"), a time zone ("8 p.m. ET", "7 a.m. Eastern time") or the same time
#: elsewhere in brackets ("10:41 a.m. (5:41 a.m. ET)"), as news writes times (AP style). sentencex ends a sentence after "a.m." before any capital.
_CLOCK = re.compile(r"(?<![\w.])[ap]\.m\.$|(?<![\w.])[AP]\.M\.$")
_CLOCK_GOES_ON = re.compile(
    r"\s+\(?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b(?![\'’])"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d"
    r"|(?:[ECMP][SD]?T|GMT|BST|UTC|CES?T|IST|HKT|JST|AE[SD]T)\b"
    r"|(?:Eastern|Central|Mountain|Pacific)\s+(?:[Tt]ime|[Ss]tandard|[Dd]aylight)\b"
    r"|\d{1,2}(?:[:.]\d\d)?\s*[ap]\.m\.)")


def _clock_goes_on(line: str, k: int) -> bool:
    """True when offset ``k`` follows a clock time's "a.m."/"p.m." and a weekday, a date or a time
    zone comes next (:data:`_CLOCK_GOES_ON`): no sentence ends there."""
    return bool(_CLOCK.search(line, max(0, k - 4), k)) and bool(_CLOCK_GOES_ON.match(line, k))


#: A quotation's closing question or exclamation mark and quote, just before offset k.
_ASKED_END = re.compile(r"[?!][\"”’']+\s*$")
#: A speaker tag after a quotation: a name (capitalised words, not a pronoun), a verb of saying, then
#: a stop, a comma or a short phrase ("Aslam Khan asked.", "Miller wrote in a blog post.", "Smith
#: said last week."). A verb that takes a hearer (asked, told, warned, urged) may name one first
#: ("Sara Ali, a farmer, asked reporters on Monday.", "Khan told the BBC."). A clause after the
#: verb ("Arma said she didn't know.") is a sentence of its own, and so is a colon, which opens the
#: next quotation.
_SPEAKER_TAG = re.compile(
    r"\s*(?!(?:He|She|They|It|We|I|You|The|This|That|There)\b)(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*"
    # one or two appositions after the name: "Aslam Khan, 45, asked.", "Sara Ali, a farmer, asked.",
    # "Sara Ali, 45, a farmer, asked.", "Sara Ali, who lost her house, asked."
    r"(?:(?:,\s+(?:\d{1,3}|(?:an?|the|who|whose)(?:\s+[\w'’-]+){1,6})){1,2},)?\s+"
    r"(?:(?:asked|asks|told|tells|warned|urged)"
    # the hearer: "reporters", "him", "the council", "the BBC", "Reuters", "The Associated Press"
    r"(?:\s+(?:reporters|journalists|him|her|them|us|me|the\s+[a-z]+"
    r"|(?:[Tt]he\s+)?(?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’.-]*))?"
    r"|said|says|wrote|writes|added|adds|replied|replies|explained|recalled"
    r"|tweeted|posted|shouted|cried|exclaimed|continued|insisted|noted|argued|joked|wondered|laughed"
    r"|demanded|declared|responded|quipped|remarked|pleaded|yelled|whispered|screamed)"
    # then the sentence ends, or a short phrase ends it ("in a blog post.", "on Monday."), never a
    # clause: "Officials said on Monday that the fighting had stopped." is a sentence of its own
    r"(?=[.,;!?]|\s+(?:to|in|on|of|at|during|after|before|last|this|via|from|with|when|through|"
    r"yesterday|today|earlier|later|again)\b(?:\s+(?!that\b)[\w'’-]+){0,6}[.!?,])")


def _speaker_follows(line: str, k: int) -> bool:
    """True when offset ``k`` follows a quotation's closing ``?"`` or ``!"`` and its speaker tag
    comes next (:data:`_SPEAKER_TAG`): ``"Where is the help?" Aslam Khan asked.`` is one sentence."""
    return bool(_ASKED_END.search(line, max(0, k - 6), k)) and bool(_SPEAKER_TAG.match(line, k))


def _split_line(line: str, code: str, latin: bool = True) -> list[str]:
    ends = {_past_closers(line, k) for k in _sentencex_ends(code, line)}
    ends |= {m.end() for m in _LATIN_END.finditer(line)}
    ends = {_past_trailer(line, k) for k in ends}
    if latin:  # a Latin-script sentence starts with a capital: "approx. two", "bn.) will"
        ends = {k for k in ends if not _no_sentence_start(line, k) and not _clock_goes_on(line, k)
                and not _speaker_follows(line, k)}
    ends |= {m.end() for m in _DASH_END.finditer(line)}
    enumerator = _ENUMERATOR.match(line)
    if enumerator:  # "1. At least ten people ...": the number belongs to its item
        ends = {k for k in ends if k > enumerator.end()}
    pieces, start = [], 0
    for end in sorted(k for k in ends if not _in_number(line, k)) + [len(line)]:
        piece = line[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    return pieces


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """Split ``text`` into sentences: sentencex with the rules of :data:`SPLIT_RULES`.

    ``lang`` is an ISO 639-1 code (``en``, ``ur``, ``ps``, ``fa``); ``prs`` and NLLB codes such as
    ``urd_Arab`` are mapped to it. Every line break is a hard boundary (a sentence never spans two
    lines or paragraphs): ``\n``, ``\r\n`` and a lone ``\r``, NEL (U+0085) and the Unicode line and
    paragraph separators U+2028 and U+2029 (:data:`HARD_BREAKS`). Returns the sentences in order, stripped of surrounding whitespace,
    without empty pieces; ``[]`` for empty or blank text. Joined, they hold every non-space
    character of ``text`` in order. Never raises for any string.
    """
    code = _sentencex_lang(lang)
    latin = _latin_script(lang)
    out: list[str] = []
    for line in HARD_BREAKS.split(text):
        if line.strip():
            out.extend(_split_line(line, code, latin))
    return out


#: The line breaks :func:`split_sentences` never lets a sentence span: ``\n`` (``\r\n`` with it),
#: a lone ``\r`` (old Mac line ends), NEL U+0085 (EBCDIC's newline), and the Unicode line and
#: paragraph separators U+2028/U+2029 (Unicode's line-break property, UAX #14: mandatory breaks).
#: Articles read from files are normalised to ``\n`` first (``reading.decode``); a library caller's
#: string is not: ``"Alpha beta\rGamma delta"`` was one sentence holding the ``\r``.
HARD_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")


def _latin_script(lang: str) -> bool:
    """True unless ``lang`` is a language the table writes in another script (Urdu, Pashto...)."""
    try:
        return language((lang or "en").strip()).script == "Latn"
    except KeyError:
        return True


#: Scripts written without spaces between words: Han (Chinese characters, and kanji), Hiragana
#: and Katakana (full and half width). Korean puts spaces between words and is not among them.
CJK_CHARS = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
_WORD_PIECE = re.compile(f"[{CJK_CHARS}]|[^\\s{CJK_CHARS}]+")
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")


def words(text: str) -> list[str]:
    """The words of ``text`` as word processors count them: the runs between spaces, except that
    each character of a script written without spaces (:data:`CJK_CHARS`: Chinese, Japanese) is
    a word of its own, and so is each run of other characters beside it (``北京——中国`` is 5:
    北, 京, ——, 中, 国). For text in spaced scripts it is ``text.split()``. Every word-count
    threshold of the reader and the summariser counts with it, so that a Chinese sentence is
    not one word. Never raises."""
    if not _CJK_RUN.search(text):
        return text.split()
    return _WORD_PIECE.findall(text)


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


#: A question of the text's own: "?" (or "？", "؟") last, before nothing but closing brackets; not
#: one that a quotation asks (``He asked: "Why?"``).
_OWN_QUESTION = re.compile(r"[?？؟][)\]]*$")
#: An interviewer's turn: "Q:", "Q.", "Question:" first.
INTERVIEWER = re.compile(r"\s*(?:Q|Question)\s*[:.]\s", re.IGNORECASE)
#: An answer's label: "A:", "Answer:" first (not "A.", an initial: "A. Q. Khan said ...").
ANSWER = re.compile(r"\s*(?:A|Answer)\s*:\s", re.IGNORECASE)
#: "Because" first: an answer, when a question comes just before it (:func:`answers`).
_BECAUSE = re.compile(r"\s*Because\b")
#: A question, its own or one that a quotation asks: "?" last, before nothing but closers.
_QUESTION = re.compile(r"[?？؟][\"'”’»)\]]*$")


def asks(paragraph: list[str]) -> bool:
    """True when a paragraph, given as its sentences, asks instead of telling: it is one question
    of its own and nothing else (a sub-heading, ``## What has happened?`` or ``<h2>Why is the
    price going up?</h2>``, which the readers keep as a paragraph), or an interviewer's turn
    (``Q: What was that like?``, ``Question: ...``). Such a paragraph is the article's
    scaffolding, not its news: :func:`brief_sentences` leaves it out."""
    if not paragraph:
        return False
    return bool(INTERVIEWER.match(paragraph[0])) or (len(paragraph) == 1 and bool(_OWN_QUESTION.search(paragraph[0].strip())))


def answers(sentence: str, before: str) -> bool:
    """True when ``sentence`` answers ``before``, the sentence just before it: it opens with an
    answer's label (``A:``, ``Answer:``) or with ``Because``, and ``before`` asks (a ``?`` last,
    perhaps inside closing quotes or brackets; an interviewer's ``Q: ...`` too). ``Because
    engineers found cracks in two of its supports.`` after ``Why did the council close the
    bridge?`` says nothing without it: alone in a brief it reads as nonsense. After a statement
    (``Because of the storm, schools closed.``) it is a sentence of its own. Never raises."""
    return bool(ANSWER.match(sentence) or _BECAUSE.match(sentence)) and bool(
        _QUESTION.search(before.strip()) or INTERVIEWER.match(before))


def article_sentences(article: Article, lang: str = "en") -> list[str]:
    """All body sentences of ``article`` (title and dateline excluded), paragraph by paragraph,
    in order; see :func:`split_sentences` for ``lang``, and :func:`cut_long_sentence` for a
    sentence of more than MAX_SENTENCE_WORDS words. Returns a list of strings."""
    return [piece for paragraph in article.paragraphs for sentence in split_sentences(paragraph, lang)
            for piece in cut_long_sentence(sentence)]


def brief_sentences(article: Article, lang: str = "en") -> list[str]:
    """The sentences a brief is made from: :func:`article_sentences` without those of a paragraph
    that asks (:func:`asks`: a sub-heading that is a question, an interviewer's question; a fresh
    user's briefs picked both), and without the answer that opens the paragraph after one
    (:func:`answers`: ``Because engineers found cracks ...`` after ``Why did the council close the
    bridge?``, ``A: ...`` after ``Q: ...``), which says nothing without its question, unless nothing
    else is left. The pipeline summarises these (and briefs them as they are when there are fewer
    than MIN_SENTENCES); the article's text keeps every paragraph. Returns a list of strings."""
    told: list[str] = []
    every: list[str] = []
    question = ""  # the paragraph before, when it asks
    for paragraph in article.paragraphs:
        sentences = split_sentences(paragraph, lang)
        pieces = [piece for sentence in sentences for piece in cut_long_sentence(sentence)]
        every.extend(pieces)
        if asks(sentences):
            question = paragraph
            continue
        told.extend(pieces[1:] if question and pieces and answers(pieces[0], question) else pieces)
        question = ""
    return told or every


# Frequent English function words. In English news they are 25-45 % of all words, in a headline
# often none at all ("Gold up Rs1,500 per tola").
_EN_FUNCTION_WORDS = frozenset(
    """the of and to a an in is are was were be been has have had that for on with as by at from
    it its this these those he she they his her their them who which would will not but or said
    after also than into over about more there what when while""".split()
)
# The most frequent function words of other languages written in Latin script (French, Spanish,
# German, Italian, Portuguese, Dutch, Polish, Czech, Finnish, Hungarian, romanised Urdu/Hindi,
# Indonesian/Malay, Turkish, Swahili, Tagalog), leaving out every one that is also an English
# word (die, den, hat, war, was, son, sin, per, non, do, no, par, plus, lo, to, is, in, a, man,
# door, hay, tot, um, ma, so, pro, v, ...). Compiled by hand for this check and measured on
# FLORES-200 dev (benchmarks/language_id.py).
_OTHER_FUNCTION_WORDS = frozenset(
    """de le la les des du et est une dans pour qui que sur pas avec sont aux au ce cette ces il
    elle ils elles nous vous leur leurs mais ou où été être à sa ses se ne qu
    el los las del y es en una por para con su sus al como más pero fue este esta entre también
    ha han muy
    der das und ist nicht ein eine einen einem dem des mit von zu auf für sich auch im wird sind
    wurde wurden dass werden bei nach aus oder sie wie noch nur einer eines zum zur vom über ich
    wir haben hatte kann als durch unter gegen zwischen sein seine ihre diese dieser wenn aber bis
    di che della delle dei degli un sono gli nel nella alla è anche più essere stato si ed questo
    questa dal dalla nei sul sulla tra fra loro suo sua
    o os da dos das em um uma não com é ao na foi são pelo pela mais seu sua mas já ele ela eles
    nos às isso essa esse
    het een van niet op te dat zijn met voor er ook aan bij wordt werd naar hij zij worden heeft
    deze dit ze hun wel nog om maar wat uit geen hebben
    i w z się nie że jest od po jak ale przez oraz dla jego są je ve jako který která které jsou
    byl byla také být
    ja että oli ei hän myös kun joka mutta ovat tai sen hänen kuin jo vain ole olla sekä jossa
    jotka tämä ollut mukaan kanssa joiden eikä siitä sitä kaikki vuonna heidän mitä
    az és hogy nem egy van meg volt már csak még mint azt ez pedig után szerint vagy amely között
    ezt aki
    ne ke ki ka hai hain aur mein ko yeh ye tha thi kaha nahi nahin kar raha rahe gaya gayi liye
    bhi jo woh wo koi ek
    yang dan ini itu dengan untuk tidak dari dalam akan pada juga ada oleh sebagai telah adalah
    atau karena bahwa tersebut saat lebih bisa setelah secara mereka ia sudah hingga namun
    seperti menjadi dapat
    ve bir bu için ile olarak çok daha gibi olan sonra kadar ama ancak değil
    na ya wa kwa za katika ni cha vya hiyo hii kuwa kama pia lakini au baada hata
    ang ng sa mga ay nang ito hindi niya siya kay""".split()
)
# Particles that stand inside names ("Tour de France", "von der Leyen", "Lula da Silva").
_NAME_PARTICLES = frozenset("de da di du del della dos das van von der den la las le les los al el bin ibn y e des dem zu".split())
# English function words that are also frequent function words elsewhere (Hungarian and Spanish
# "a", German "an", Dutch and Hungarian "is", ...): not evidence of English against another language.
_SHARED_FUNCTION_WORDS = frozenset("a an in is".split())
_ELISION = re.compile(r"^(?:l|d|qu|j|n|s|c)['’][^\W\d_]")  # French l'Etat, d'un, qu'il
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_LATIN_SHARE = 0.6
_MIN_OTHER_WORDS = 2
_MIN_WORDS_TO_JUDGE = 8
_MAX_DIACRITIC_SHARE = 0.03
_MIN_FUNCTION_SHARE_WITH_DIACRITICS = 0.10


def in_another_script(text: str) -> bool:
    """True when under 60 % of the letters of ``text`` (its first 20,000 characters) are Latin:
    Chinese, Urdu, Russian ... (the first test of :func:`is_english`). False for text without
    letters. Never raises."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    return bool(letters) and sum(1 for ch in letters if _is_latin(ch)) / len(letters) < _MIN_LATIN_SHARE


def _is_latin(ch: str) -> bool:
    cp = ord(ch)
    return cp < 0x250 or 0x1E00 <= cp <= 0x1EFF


def _other_language_words(words: list[str]) -> int:
    """How many of ``words`` (as written) are another language's function words: lower-case,
    and not a particle inside a name (``de`` in "Tour de France", ``von der`` in "Ursula von
    der Leyen": a particle between two capitalised words, past other particles)."""
    hits = 0
    for i, word in enumerate(words):
        if not word.islower() or not (word in _OTHER_FUNCTION_WORDS or _ELISION.match(word)):
            continue
        if word in _NAME_PARTICLES and i > 0 and words[i - 1][:1].isupper():
            j = i + 1
            while j < len(words) and words[j] in _NAME_PARTICLES:
                j += 1
            if j < len(words) and words[j][:1].isupper():
                continue
        hits += 1
    return hits


def is_english(text: str) -> bool:
    """A cheap guess whether ``text`` is English, for refusing articles in other languages.

    Short English (a headline, a market report, a score line) has few or no English function
    words, so the absence of English is never enough: text is refused only on evidence of
    another language.

    1. script: under 60 % of the letters are Latin (Urdu, Pashto, Dari, Arabic, Russian): refused;
    2. vocabulary: at least 2 lower-case function words of another Latin-script language (le,
       der, y, yang, ke, ...; name particles as in "Tour de France" not counted), and more of
       them than English function words (the, of, and, to, was, said, ...; not counting a, an,
       in, is, which other languages share): refused;
    3. diacritics: from 8 words up, over 3 % of the letters carry diacritics (é, ł, ő, ư, ...)
       and under 10 % of the words are English function words (Polish, Czech, Vietnamese,
       Hungarian, Finnish, ...): refused.

    Measured on FLORES-200 dev with ``benchmarks/language_id.py``. Only the first 20,000
    characters are looked at. Returns False for text without letters. Never raises.
    """
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return False
    if sum(1 for ch in letters if _is_latin(ch)) / len(letters) < _MIN_LATIN_SHARE:
        return False
    written = [w.replace("’", "'") for w in _WORD.findall(sample)]
    folded = [w.casefold() for w in written]
    english = sum(1 for w in folded if w in _EN_FUNCTION_WORDS)
    other = _other_language_words(written)
    if other >= _MIN_OTHER_WORDS and other > english - sum(1 for w in folded if w in _SHARED_FUNCTION_WORDS):
        return False
    if len(written) >= _MIN_WORDS_TO_JUDGE:
        marked = sum(1 for ch in letters if not ch.isascii())
        if marked / len(letters) > _MAX_DIACRITIC_SHARE and english / len(written) < _MIN_FUNCTION_SHARE_WITH_DIACRITICS:
            return False
    return True
