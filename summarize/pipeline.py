"""The pipeline: read -> clean -> segment -> summarise -> translate -> check, then write.

Each step is a small function or object with one job; ``Pipeline`` wires them and is the place to
put a fake in (``summarizer=`` / ``translator=``) to test the rest. ``make_brief`` is the one-call
library entry point.
"""

from __future__ import annotations

import json
import re
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Iterable, Mapping, Sequence

from .brief import Article, Brief, Segment, TargetSegment
from .config import EXTRACTIVE, Config
from .engines.registry import ModelRegistry
from .engines.summarizers.base import Summarizer, Summary
from .engines.translators.base import Translator
from .errors import InputError, InputWarning, ModelError, option_value, printable
from .languages import SCRIPT_NAMES, SOURCE, Language, Target, letter_scripts, script_share
from .reading.clean import clean_article
from .reading.decode import UTF8_REPLACED
from .reading.html import SECTION_FRONT
from .reading.markdown import FRONT_MATTER_SKIPPED
from .reading.source import DEFAULT_MAX_BYTES, SUBTITLES, is_url, read_article
from .text.segment import MIN_SENTENCES, brief_sentences, in_another_script, is_english, split_sentences, words
from .version import __version__

#: Article metadata key: the source language given (an NLLB code in a script other than Latin)
#: when the article reads as English all the same (a warning line and a note say so).
LOOKS_ENGLISH = "looks_english"

#: Article metadata key: ``{"code": the source language given, "script": the article's main
#: script}`` (ISO 15924) when under half of the article's letters are in the script that code
#: names (``fra_Latn`` given an Urdu text; a warning line and a note say so).
SCRIPT_MISMATCH = "script_mismatch"

#: Under this share of its letters in the script of the source language given, an article is
#: told it is written in another (see :meth:`Pipeline.prepare`).
MIN_SCRIPT_SHARE = 0.5

if TYPE_CHECKING:
    from .tm.store import TranslationMemory


@dataclass(frozen=True)
class BriefOptions:
    """Per-run choices that are not model settings.

    ``targets``: short names, a tuple (a str ``"ur,ps"`` is split at commas; None: the config's). ``translate``: False gives an English-only
    brief. ``source_lang``: the article's NLLB code, or a short name such as ``ur`` (None: English,
    and an article that does not look English is refused; given, it is believed, so ``eng_Latn``
    reads any article as English; see ``Config.source_language``). ``back_translate``: translate every target
    segment back into English with the same translator. ``max_bytes``: input size limit.
    ``explicit_targets``: ``targets`` is what the user named (``-t``), not the configured
    default: a non-English source then gets an English target only if ``english`` (``-t en``)
    asks for it, and a target in the source's own language is left out with a note in the
    brief (see :func:`source_target_note`); from the defaults, English always comes first.
    """

    targets: tuple[str, ...] | None = None
    translate: bool = True
    keep_boilerplate: bool = False
    source_lang: str | None = None
    back_translate: bool = False
    check: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    explicit_targets: bool = False
    english: bool = False

    def __post_init__(self) -> None:
        """``targets`` as a str (``"ur,ps"``) is taken as the names it lists, not letter by letter.

        Raises:
            TypeError: ``targets`` is neither None, a str, nor a list or tuple of str.
        """
        targets = self.targets
        if isinstance(targets, str):
            object.__setattr__(self, "targets", tuple(t.strip() for t in targets.split(",") if t.strip()))
        elif targets is not None:
            if not (isinstance(targets, (list, tuple)) and all(isinstance(t, str) for t in targets)):
                raise TypeError(f"BriefOptions targets must be target names as a str ('ur,ps') or a tuple of str "
                                f"(('ur', 'ps')) or None, not {type(targets).__name__} {targets!r}"[:200])
            object.__setattr__(self, "targets", tuple(targets))


def source_target_note(shorts: Sequence[str], source: Language, named: str | None,
                       option: str = "--source-lang") -> str:
    """What a user who named the source language among the targets is told (a warning line and
    a note in brief.json): ``shorts`` are the targets left out, ``named`` the source language as
    given (None: none was, the article is English), ``option`` how the option that gave it is
    named (the CLI's ``--source-lang``, the library's ``source_lang=``; ``errors.option_value``)."""
    which = ", ".join(shorts)
    verb = "is" if len(shorts) == 1 else "are"
    given = option_value(option, named) if named else source.name
    return (f"{which} {verb} the source language ({given}): not translated into itself; "
            "the brief holds it as the source text")


def machine_text(text: Any) -> Any:
    """A translator's output as a brief holds it: ``review.readers.held_text`` (the characters
    XML cannot hold -- NUL, ESC -- taken out, bidi controls closed), the hygiene a reviewer's
    text and a TMX import get, for a translator plugged in by a library user may return anything;
    what is no str is left as it is (the writers' checks name it). The one place machine
    translations (and back-translations) pass on their way into a brief."""
    from .review.readers import held_text

    return held_text(text) if isinstance(text, str) else text


def translations_of(translator: Any, out: Any, count: int) -> list[str]:
    """``out``, what ``translator.translate`` (or one target's list from ``translate_many``)
    returned for ``count`` segments, checked against the ``Translator`` contract: a list (or
    tuple) of ``count`` str, one per segment, in order. A translator plugged in by a library user
    that broke it made a bare ``AssertionError``, or ``'NoneType' object has no attribute 'strip'``
    from deep inside the checks, naming neither the translator nor what was wrong.

    Raises:
        ModelError: it is not such a list; the message names the translator and what it returned.
    """
    name = getattr(translator, "name", type(translator).__name__)
    what = f"translator {name!r} ({type(translator).__name__}): translate() must return a list of {count} str, one per segment, in order"
    if isinstance(out, (str, bytes)) or not isinstance(out, (list, tuple)):
        raise ModelError(f"{what}; it returned {type(out).__name__} {printable(repr(out))[:80]}")
    if len(out) != count:
        raise ModelError(f"{what}; it returned {len(out)}")
    for i, text in enumerate(out):
        if not isinstance(text, str):
            raise ModelError(f"{what}; item {i} is {type(text).__name__} {printable(repr(text))[:80]}")
    return list(out)


def summary_sentences_of(summarizer: Any, summary: Any, lang: str) -> list[str]:
    """The sentences of ``summary``, what ``summarizer.summarize`` returned, checked against the
    ``Summarizer`` contract (a ``Summary``: ``text`` a str, ``sentences`` None or a list of str):
    ``sentences`` when given, else ``text`` split into sentences (``lang``, ISO 639-1). Empty or
    blank sentences are left out (a segment with nothing to translate). A custom summariser that
    returned a bare str, or a sentence that is no str, failed with Python's
    ``'str' object has no attribute 'sentences'``.

    Raises:
        ModelError: ``summary`` is no such object; the message names the summariser and the value.
    """
    name = getattr(summarizer, "name", type(summarizer).__name__)
    what = f"summariser {name!r} ({type(summarizer).__name__}): summarize() must return a Summary (text: str, sentences: None or a list of str)"
    text, sentences = getattr(summary, "text", None), getattr(summary, "sentences", None)
    if not isinstance(text, str):
        raise ModelError(f"{what}; it returned {type(summary).__name__} {printable(repr(summary))[:80]}")
    if sentences is not None:
        if isinstance(sentences, (str, bytes)) or not isinstance(sentences, (list, tuple)):
            raise ModelError(f"{what}; its sentences are {type(sentences).__name__} {printable(repr(sentences))[:80]}")
        for i, sentence in enumerate(sentences):
            if not isinstance(sentence, str):
                raise ModelError(f"{what}; sentence {i} is {type(sentence).__name__} {printable(repr(sentence))[:80]}")
        kept = [s.strip() for s in sentences if s.strip()]
        if kept:
            return kept
    return split_sentences(text, lang) if text.strip() else []


def described(engine: Summarizer | Translator, role: str) -> Any:
    """``engine.describe()``, the record brief.json keeps of the summariser or translator in use
    (``role``: ``"summariser"``/``"translator"``), checked to be JSON data brief.json can hold:
    str, finite numbers, bools, None, lists and dicts with str keys. A custom object's
    ``describe()`` returning a ``Path`` made ``write_brief`` fail with json's bare ``Object of type
    PosixPath is not JSON serializable``, and one returning NaN wrote a brief.json with a bare
    ``NaN`` that strict JSON readers (``JSON.parse``) refuse.

    Raises:
        ModelError: it is not such data; the message names the object and the value at fault.
    """
    info = engine.describe()
    try:
        json.dumps(info, allow_nan=False)
    except (TypeError, ValueError) as exc:  # ValueError: NaN or infinity; TypeError: a Path, a set, ...
        name = getattr(engine, "name", type(engine).__name__)
        raise ModelError(f"{role} {name!r} ({type(engine).__name__}): its describe() must return JSON data for "
                         f"brief.json (str, finite numbers, True/False/None, lists, dicts with str keys): "
                         f"{str(exc)[:120]}, in {printable(repr(info))[:200]}") from None
    return info


@dataclass
class Work:
    """One article between the steps (summarised, not yet translated and checked): ``brief`` is
    the Brief being filled (segments in the source language, targets empty), ``timings`` the
    seconds each step took so far, in step order (``summarize``, then ``translate_<short>``,
    ``check``; a caller that read the article puts ``read`` first). :meth:`Pipeline.finish`
    turns a list of them into Briefs."""

    brief: Brief
    timings: dict[str, float] = field(default_factory=dict)


class Pipeline:
    """Makes briefs with one set of models, loaded once and reused for every article.

    Args:
        config: the validated configuration.
        options: see BriefOptions.
        summarizer: use this summariser instead of the configured one (tests, embedding).
        translator: use this translator for every target instead of the configured ones.
        offline: never download model files.
        progress: show the download of a model not yet in the hub cache on stderr (a line and
            huggingface_hub's progress bars); the CLI sets it unless ``-q``.
        tm: a translation memory (``summarize.tm.TranslationMemory``): a segment it has an exact
            match for takes the stored translation (``text`` and ``tm``, ``origin: tm``; ``mt``
            None) instead of machine translation. None: machine-translate everything.
        names: how messages name the options (``{"offline": "offline=True", "max_bytes":
            "max_bytes="}``, see ``Settings.from_options``); one left out is named as the CLI's
            flag (``--offline``, ``--max-bytes``).

    Raises:
        ConfigError: ``options.source_lang`` is no known NLLB-200 code (``Config.source_language``:
            the same in both modes), or, with translation, one the translator does not serve
            (on construction; exit code 2).
    """

    def __init__(
        self,
        config: Config,
        options: BriefOptions = BriefOptions(),
        *,
        summarizer: Summarizer | None = None,
        translator: Translator | None = None,
        offline: bool = False,
        progress: bool = False,
        tm: TranslationMemory | None = None,
        names: Mapping[str, str] | None = None,
    ):
        self.config = config
        self.names = dict(names or {})
        self.tm = tm
        self.options = options
        self.offline = offline
        self.registry = ModelRegistry(config, offline=offline, progress=progress)
        self._summarizer = summarizer
        self._translator = translator
        # one naming rule in both modes (Config.source_language); an unknown code is refused in both
        self.source = config.source_language(options.source_lang) if options.source_lang else SOURCE
        if options.source_lang and options.translate:
            self._check_source_lang(self.source.code)
        self.targets = self._resolve_targets()
        self.registry.expect([*([self.summarizer_name] if summarizer is None else []),
                              *([t.translator for t in self.targets] if translator is None else [])])

    # -- configuration -------------------------------------------------------------------------

    def _resolve_targets(self) -> list[Target]:
        if not self.options.translate:
            return []
        names = self.options.targets if self.options.targets is not None else self.config.targets
        # never translate an article into its own language
        wanted = list(map(self.config.target, names))
        targets = [t for t in wanted if t.code != self.source.code]
        self.target_notes: list[str] = []
        english_named = self.options.english and self.source.code == SOURCE.code  # `-t en,ur`, an English article
        if self.options.explicit_targets and (len(targets) < len(wanted) or english_named):
            left_out = [*(["en"] if english_named else []), *(t.short for t in wanted if t.code == self.source.code)]
            self.target_notes.append(source_target_note(left_out, self.source, self.options.source_lang,
                                                        self._name("source_lang")))
        if self.source.code != SOURCE.code and (self.options.english or not self.options.explicit_targets):
            targets.insert(0, Target(SOURCE, self._source_translator()))
        return targets

    def _source_translator(self) -> str:
        for spec in self.config.languages.values():
            if spec.code == self.source.code:
                return spec.translator
        return next(iter(self.config.languages.values())).translator

    def _check_source_lang(self, code: str) -> None:
        from .config import check_code  # the same check models.yaml's language codes get

        check_code(code, self.config.model(self._source_translator()), self._name("source_lang"))

    @property
    def summarizer_name(self) -> str:
        """The configured summariser this pipeline uses: extractive for a non-English source (the
        configured seq2seq summarisers are English models), else models.yaml's (or the override's)."""
        return EXTRACTIVE if self.source.code != SOURCE.code else self.config.summarizer

    @property
    def loads_models(self) -> bool:
        """Whether making a brief may load a model: a summariser with weights (not the extractive
        one), or a target to translate into. Loads nothing."""
        if self.targets:
            return True
        if self._summarizer is not None:
            return False
        return self.config.model(self.summarizer_name).kind != EXTRACTIVE

    def check_models(self) -> None:
        """Before any work (``run`` and a local ``batch`` call it before their first article):
        raise when a model the run cannot do without is not on this machine, naming every model
        of the run that is not (``ModelRegistry.check``: one line, one command that fixes them
        all). A translator is needed unless a translation memory may stand in for it (it holds
        translations of that language pair, and no back-translation is asked for); the
        summariser is not checked here, for an article too short to summarise needs none: a
        missing one is reported, with the others, when the first article wants it. Loads nothing.

        Raises:
            ModelNotAvailableError (ModelsNotAvailableError for several): as above.
        """
        if self._translator is not None:
            return
        required = [t.translator for t in self.targets if not self._memory_may_serve(t)]
        if required:
            self.registry.check(required)

    def _memory_may_serve(self, target: Target) -> bool:
        """Whether the translation memory may hold every segment of ``target`` (then its
        translator may never be loaded): it holds some translation of the pair (a memory without
        ``has_pair`` is given the benefit of the doubt), and no back-translation is asked for."""
        if self.tm is None or self.options.back_translate:
            return False
        has_pair = getattr(self.tm, "has_pair", None)
        return has_pair is None or has_pair(self.source.code, target.code)

    def summarizer(self) -> Summarizer:
        """The summariser in use: the one given, else the one :attr:`summarizer_name` names."""
        if self._summarizer is None:
            self._summarizer = self.registry.summarizer(self.summarizer_name)
        return self._summarizer

    def translator_for(self, target: Target) -> Translator:
        """The translator that serves ``target``."""
        return self._translator or self.registry.translator(target.translator)

    # -- steps ---------------------------------------------------------------------------------

    def read(self, source: str | Path, *, stdin: BinaryIO | None = None) -> Article:
        """Read and clean one article.

        Raises:
            InputError: bad input (see ``reading.source``); no article text left after cleaning, or page
                furniture removed and no sentence of prose left (see :func:`has_prose`); an
                article that does not look English (:func:`is_english`) when no ``source_lang``
                was given (``eng_Latn`` given means "it is English": no check).
        """
        if self.offline and is_url(str(source)):
            raise InputError(str(source), f"not fetched: {self._name('offline')} is set; save the page as .html and "
                                          "pass the file instead")
        return self.prepare(read_article(source, max_bytes=self.options.max_bytes, stdin=stdin,
                                         max_bytes_option=self._name("max_bytes")))

    def _name(self, key: str) -> str:
        """How a message names the option ``key`` (see ``names``)."""
        return self.names.get(key) or "--" + key.replace("_", "-")

    def prepare(self, article: Article) -> Article:
        """Clean an article already read (see ``reading.clean``) and check it can be briefed.

        Raises:
            InputError: no article text is left after cleaning (:func:`article_text_problem`),
                or the article does not look English (and no ``source_lang`` was given; a text
                mostly in another script, Chinese, Urdu, ..., is refused so before the text
                checks, whatever they would say).

        Warns:
            InputWarning: a source language in another script than Latin (``urd_Arab``) was given
                and the article looks English (:func:`is_english`): it is briefed as that language
                all the same (metadata ``looks_english``; the brief notes it). Roman Urdu, in Latin
                letters, does not look English and gets no such warning. Else, a source language
                was given and under half of the article's letters are in its script (Latin-script
                French given ``pes_Arab``, Urdu given ``fra_Latn`` or ``zho_Hans``; Roman Urdu
                given ``urd_Arab``): it is briefed as that language all the same, with a warning
                naming the article's main script (metadata ``script_mismatch``; the brief notes it).
        """
        source = article.source
        article = clean_article(article, keep_boilerplate=self.options.keep_boilerplate)
        not_english = InputError(
            str(source), f"the article does not look like English; pass {option_value(self._name('source_lang'), 'CODE')} "
                         "(e.g. urd_Arab) to translate from another language"
        )
        if not self.options.source_lang and in_another_script(article.body):
            raise not_english  # before the text checks, which a text in another script may fail
        problem = article_text_problem(article, keep_boilerplate=self.options.keep_boilerplate,
                                       option=self._name("keep_boilerplate"))
        if problem:
            raise InputError(str(source), f"no article text found: {problem}")
        if not self.options.source_lang and not is_english(article.body):
            raise not_english
        if self.source.script != "Latn" and not in_another_script(article.body) and is_english(article.body):
            lang = self.source
            article.metadata[LOOKS_ENGLISH] = lang.code
            named = f"{lang.name} ({lang.code}, the" if lang.name != lang.code else f"{lang.code} (the"
            warnings.warn(InputWarning(f"{source}: the article looks like English, not {named} source language "
                                       f"given); it is briefed as {lang.name} all the same: leave the source "
                                       "language out to read it as English"), stacklevel=2)
        elif self.options.source_lang:
            self._check_script(article)
        return article

    def _check_script(self, article: Article) -> None:
        """Warn (once, an InputWarning) when under :data:`MIN_SCRIPT_SHARE` of the letters of
        ``article`` are in the script of the source language given and another script is the
        article's main one; record it in the metadata (``script_mismatch``). Refuses nothing."""
        lang = self.source
        share = script_share(article.body, lang.script)
        if share is None or share >= MIN_SCRIPT_SHARE:
            return
        counts = letter_scripts(article.body)
        main, letters = counts.most_common(1)[0]
        article.metadata[SCRIPT_MISMATCH] = {"code": lang.code, "script": main}
        named = f"{lang.name} ({lang.code}, the" if lang.name != lang.code else f"{lang.code} (the"
        percent = round(100 * letters / sum(counts.values()))
        warnings.warn(InputWarning(f"{article.source}: the article is written mostly in {SCRIPT_NAMES[main]} script "
                                   f"({percent} % of its letters), not in the {SCRIPT_NAMES[lang.script]} script of "
                                   f"{named} source language given); it is briefed as {lang.name} all the same: "
                                   "name the article's own language as the source language"), stacklevel=3)

    def summarize(
        self, article: Article, *, summary: Summary | None = None, sentences: list[str] | None = None
    ) -> Work:
        """Summarise one article into the segments of a Brief with no translations yet.

        ``summary``: one already made from this article's sentences (see ``summarize_many``);
        the summariser is then not called again. ``sentences``: the article's sentences when the
        caller has split them already. An article too short to summarise loads no summariser.
        """
        t0 = time.perf_counter()
        lang = self.source.iso
        if sentences is None:
            sentences = brief_sentences(article, lang)
        notes: list[str] = list(getattr(self, "target_notes", ()))
        if article.metadata.get("encoding") == UTF8_REPLACED:
            notes.append("the file is UTF-8 with a few invalid bytes; each is shown as \ufffd (check the source)")
        if article.metadata.get(LOOKS_ENGLISH):
            notes.append(f"the article looks like English, not the source language given ({article.metadata[LOOKS_ENGLISH]})")
        if article.metadata.get(SCRIPT_MISMATCH):
            mismatch = article.metadata[SCRIPT_MISMATCH]
            main, wanted = mismatch["script"], str(mismatch["code"]).rpartition("_")[2]
            notes.append(f"the article is written mostly in {SCRIPT_NAMES.get(main, main)} script, not in the "
                         f"{SCRIPT_NAMES.get(wanted, wanted)} script of the source language given ({mismatch['code']})")
        if article.metadata.get(SUBTITLES):
            notes.append(f"read as subtitles ({article.metadata[SUBTITLES].upper()}): the words of the cues, without "
                         "cue numbers and timings")
        if article.metadata.get(FRONT_MATTER_SKIPPED):
            notes.append(f"the front matter was skipped: {article.metadata[FRONT_MATTER_SKIPPED]}; no title, author "
                         "or date was taken from it")
        if len(sentences) < MIN_SENTENCES:
            summary_sentences = sentences
            chunking: dict[str, Any] = {"chunked": False}
            n = len(sentences)
            notes.append(f"article too short to summarise ({n} sentence{'s' * (n != 1)}, fewer than {MIN_SENTENCES}); "
                         "the brief is the text itself")
            summarizer_info = {"name": None, "skipped": "article too short"}
        else:
            summarizer = self.summarizer()
            if summary is None:
                summary = summarizer.summarize(sentences)
            summary_sentences = summary_sentences_of(summarizer, summary, lang)
            chunking = summary.chunking if isinstance(getattr(summary, "chunking", None), dict) else {}
            summarizer_info = described(summarizer, "summariser")
            if not summary_sentences:
                summary_sentences = sentences[:MIN_SENTENCES]
                notes.append("the summariser returned nothing; the brief is the article's first sentences")
        brief = Brief(
            article=article,
            segments=[Segment(i, s) for i, s in enumerate(summary_sentences)],
            targets=list(self.targets),
            title=Segment(0, article.title) if article.title else None,
            models={"summarizer": summarizer_info},
            chunking=chunking,
            notes=notes,
            tool_version=__version__,
            source=self.source,
        )
        return Work(brief, {"summarize": time.perf_counter() - t0})

    def summarize_many(self, articles: list[Article]) -> list[Work]:
        """Summarise several articles, pooling the summariser's work across them where it can.

        A summariser with ``summarize_many`` (the seq2seq one: the articles' chunks go through
        ``generate`` together, sorted by length) is called once for every article long enough to
        summarise; others are summarised one by one. Returns a Work per article, in order. The
        pooled call's time is shared evenly by the articles it served.

        Raises:
            ModelNotAvailableError, ModelError: the summariser cannot be loaded, or fails on one of
                the articles (the first error; isolating the article at fault is the caller's
                business: see ``jobs.batch``).
        """
        t0 = time.perf_counter()
        pooled: dict[int, Any] = {}
        sentences = [brief_sentences(a, self.source.iso) for a in articles]
        todo = [i for i, s in enumerate(sentences) if len(s) >= MIN_SENTENCES]
        many = getattr(self.summarizer(), "summarize_many", None) if todo else None
        if many is not None and len(todo) > 1:
            pooled = dict(zip(todo, many([sentences[i] for i in todo])))
        share = (time.perf_counter() - t0) / len(pooled) if pooled else 0.0
        out: list[Work] = []
        for i, article in enumerate(articles):
            if isinstance(pooled.get(i), Exception):
                raise pooled[i]
            work = self.summarize(article, summary=pooled.get(i), sentences=sentences[i])
            if i in pooled:
                work.timings["summarize"] += share
            out.append(work)
        return out

    def translate(self, works: list[Work]) -> None:
        """Translate the title and summary segments of every article, for every target.

        Segments of all the articles are handed to the translator together (it sorts them by
        length and batches them), then put back per article and in order. Targets served by the
        same translator go to it in one ``translate_many`` call where it has one (NLLB then runs
        its encoder once per batch for all of them); else ``translate`` is called per target.
        The time of a shared call is split evenly between its targets in ``timings``.

        With a translation memory (``tm``), a segment it has an exact match for takes the stored
        text (``text`` and ``tm``, ``origin: "tm"``; ``mt`` None: the machine translated nothing
        for it) and is not sent to the model for that target (with
        ``translate_many``, a segment every target of the group has a match for is not sent). A
        translator none of whose segments needs it (the memory has them all, no back-translation)
        is not even loaded: ``models.translators[short]`` then says ``skipped``.
        """
        segs = [seg for w in works for seg in _segments(w.brief)]
        sources = [s.source for s in segs]
        groups: dict[str, list[Target]] = {}  # by translator name: one model serves the group
        for target in self.targets:
            groups.setdefault("" if self._translator is not None else target.translator, []).append(target)
        hits = {t.short: self._tm_hits(sources, t) for t in self.targets}
        done: dict[str, tuple[Translator | None, list[str], float]] = {}  # short -> (translator, texts, seconds)
        for targets in groups.values():
            # Only segments without a memory match go to the model: for translate_many, those some
            # target of the group lacks (one encoder pass serves them all); else each target's own.
            union = [i for i in range(len(sources)) if any(hits[t.short][i] is None for t in targets)]
            if not union and not self.options.back_translate:  # the memory has every segment: no model
                for target in targets:
                    done[target.short] = (None, list(hits[target.short]), 0.0)
                continue
            translator = self.translator_for(targets[0])
            many = getattr(translator, "translate_many", None)
            pooled = many is not None and len(targets) > 1
            t0 = time.perf_counter()
            got: dict[str, tuple[list[int], list[str]]] = {}
            if pooled and union:
                by_code = many([sources[i] for i in union], self.source.code, [t.code for t in targets])
                if not isinstance(by_code, Mapping):
                    raise ModelError(f"translator {translator.name!r} ({type(translator).__name__}): translate_many() must "
                                     f"return a dict of target code -> list of str; it returned {type(by_code).__name__}")
                got = {t.short: (union, by_code.get(t.code)) for t in targets}
            for target in targets:
                if target.short not in got:
                    todo = union if pooled else [i for i, h in enumerate(hits[target.short]) if h is None]
                    got[target.short] = (todo, translator.translate([sources[i] for i in todo], self.source.code, target.code)
                                         if todo else [])
            shared = (time.perf_counter() - t0) / len(targets)
            for target in targets:
                todo, out = got[target.short]
                out = translations_of(translator, out, len(todo))
                texts: list[str | None] = list(hits[target.short])
                for i, text in zip(todo, out):
                    if texts[i] is None:
                        texts[i] = machine_text(text)
                done[target.short] = (translator, texts, shared)
        for target in self.targets:  # in the configured order
            translator, texts, elapsed = done[target.short]
            back: list[str | None] = [None] * len(segs)
            if self.options.back_translate and translator is not None:
                t1 = time.perf_counter()
                back = [machine_text(t) for t in translations_of(translator, translator.translate(texts, target.code, self.source.code), len(texts))]
                elapsed += time.perf_counter() - t1
            for seg, text, bt, hit in zip(segs, texts, back, hits[target.short]):
                # a memory match pre-fills the text; ``mt`` holds only what the machine translated
                seg.targets[target.short] = (TargetSegment(text, back_translation=bt) if hit is None else
                                             TargetSegment(hit, back_translation=bt, mt=None, tm=hit, origin="tm"))
            info = described(translator, "translator") if translator is not None else {
                "name": self._translator.name if self._translator is not None else target.translator,
                "skipped": "every segment from the translation memory"}
            for w in works:
                w.brief.models.setdefault("translators", {})[target.short] = info
                w.timings[f"translate_{target.short}"] = elapsed / len(works)

    def _tm_hits(self, sources: list[str], target: Target) -> list[str | None]:
        """Per source segment, the translation memory's exact match into ``target``, else None."""
        if self.tm is None or not sources:
            return [None] * len(sources)
        return list(self.tm.lookup(sources, self.source.code, target.code))

    def check(self, works: list[Work]) -> None:
        """Raise QA flags on every target segment (see checks)."""
        from .checks.flags import check_brief

        for w in works:
            t0 = time.perf_counter()
            check_brief(w.brief)
            w.timings["check"] = time.perf_counter() - t0

    def finish(self, works: list[Work]) -> list[Brief]:
        """Translate and check a group of summarised articles; return their briefs."""
        if self.targets:
            self.translate(works)
            if self.options.check:
                self.check(works)
        for w in works:
            w.brief.timings = {k: round(v, 4) for k, v in w.timings.items()}
        return [w.brief for w in works]

    def brief(self, source: str | Path, *, stdin: BinaryIO | None = None) -> Brief:
        """Make the brief of one article (a path, ``-`` with ``stdin``, or a URL).

        Raises:
            InputError: the article cannot be read or used.
            ModelNotAvailableError, ModelError: a model cannot be loaded or fails.
        """
        t0 = time.perf_counter()
        return self._brief(self.read(source, stdin=stdin), t0)

    def brief_of(self, article: Article) -> Brief:
        """Make the brief of an article already read (``reading.source.parse_text`` for text in
        memory): cleaned and checked as :meth:`prepare` does, then as :meth:`brief`.

        Raises:
            InputError: the article cannot be used. ModelNotAvailableError, ModelError: as :meth:`brief`.
        """
        t0 = time.perf_counter()
        return self._brief(self.prepare(article), t0)

    def _brief(self, article: Article, t0: float) -> Brief:
        read_s = time.perf_counter() - t0
        work = self.summarize(article)
        work.timings = {"read": read_s, **work.timings}
        brief = self.finish([work])[0]
        brief.timings["total"] = round(time.perf_counter() - t0, 4)
        return brief


#: A sentence of prose has at least this many words and ends as a sentence does (. ! ?).
PROSE_MIN_WORDS = 8

#: An article's body must hold a sentence of at least this many words (tokens with a letter or a
#: digit), whatever was removed. Measured (benchmarks/quality.py --cleaner, tests/fixtures/
#: short_english.txt): the 77 short news texts of the fixture, read as .txt, .md and .html, have
#: a longest body sentence of 5 words at the least ("Gold up Rs1,500 per tola"); the first 1000
#: CNN/DailyMail validation articles, as .txt and .html, of 19. What a page of furniture leaves
#: ("cookie", "Advertisement", "Loading...", "Menu. Search. Sign in.") has none of 3; a
#: three-word flash ("Gold price falls") is still briefed.
MIN_SENTENCE_WORDS = 3

_WORD = re.compile(r"\w")


def excerpt(text: str, most: int = 60) -> str:
    """``text`` quoted for a one-line message (as ``repr`` quotes it), cut to ``most`` characters
    (``...`` at the end), every character a terminal cannot show (unassigned or private-use code
    points, controls, surrogates) written as U+FFFD instead of an escape such as ``\\U000cbd42``.
    Never raises."""
    shown = text if len(text) <= most else text[:most - 3] + "..."
    return repr("".join(ch if ch.isprintable() else "\ufffd" for ch in shown))


def article_text_problem(article: Article, *, keep_boilerplate: bool = False,
                         option: str = "--keep-boilerplate") -> str | None:
    """Why ``article`` (cleaned) holds no article text to brief, or None when it does: no
    paragraph at all; page furniture removed and no sentence of prose left (:func:`has_prose`,
    unless ``keep_boilerplate``; an error page or a wall: a line the cleaner removed as one, or a
    title that is an HTTP error, and under WALL_MAX_WORDS_LEFT words left); an HTML section front,
    a page of story cards (``metadata["section_front"]``, set by ``reading.html.section_front_cards``;
    unless ``keep_boilerplate``); or no body sentence of MIN_SENTENCE_WORDS (3) words or more,
    counted by ``text.segment.words`` (each Chinese or Japanese character is a word)
    (``<div>junk</div><p>cookie</p>``; also unless ``keep_boilerplate``: the user's say that a
    two-word flash is an article); or code, data or a log rather than prose
    (:func:`code_or_data_problem`, also unless ``keep_boilerplate``). The reason is one line, for
    ``no article text found: ...``; its hint names the option that keeps it as ``option`` (the
    CLI's ``--keep-boilerplate``, the library's ``keep_boilerplate=True``)."""
    walls = [r.text for r in article.removed if r.rule in WALL_RULES]
    if article.title and _title_is_error(article.title) and _sentences_of_prose(article.paragraphs) < 2:
        walls.insert(0, article.title)  # "404 - Page not found" as the page's <h1> or <title>
    if walls and not keep_boilerplate and len(words(" ".join(article.paragraphs))) < WALL_MAX_WORDS_LEFT:
        return (f"it is an error page, a bot check or a wall (sign-in, paywall, cookie consent, maintenance), not "
                f"the article ({excerpt(walls[0])}); fetch or save the page again; {option} keeps it")
    cards = article.metadata.get(SECTION_FRONT)
    if cards and not keep_boilerplate:
        return (f"it looks like a section front ({cards} linked headlines with teasers), not an article; "
                f"save the story's own page; {option} briefs it all the same")
    if not article.paragraphs or (article.removed and not keep_boilerplate and not has_prose(article)):
        return ("nothing but page furniture (share prompts, cookie notices, 'Read more', lines that are only "
                f"links ...); {option} keeps it")
    if keep_boilerplate:
        return None
    sentences = [s for paragraph in article.paragraphs for s in split_sentences(paragraph)]
    if not any(_is_sentence_of_words(s) for s in sentences):
        return (f"no sentence of {MIN_SENTENCE_WORDS} words or more, only {excerpt(' '.join(article.paragraphs))}; "
                f"{option} briefs it all the same")
    problem = code_or_data_problem(article.paragraphs, sentences, article.metadata.get("setting_lines"))
    return f"{problem}; {option} briefs it all the same" if problem else None


#: Cleaner rules that mark a page served instead of the article; with one of them fired and
#: under WALL_MAX_WORDS_LEFT words left ("Please check the URL for errors or go back to the home
#: page."), the page is refused. The first 1000 CNN/DailyMail validation articles: neither rule
#: fires (benchmarks/quality.py --cleaner), and every body has 81 words or more.
WALL_RULES = frozenset({"error-page", "access-wall"})


def _is_sentence_of_words(sentence: str) -> bool:
    """Whether ``sentence`` holds MIN_SENTENCE_WORDS words or more (``text.segment.words``, each
    with a letter or digit)."""
    return sum(bool(_WORD.search(w)) for w in words(sentence)) >= MIN_SENTENCE_WORDS


def _sentences_of_prose(paragraphs: Sequence[str]) -> int:
    """How many sentences of MIN_SENTENCE_WORDS words or more ``paragraphs`` hold. A title that
    is an HTTP error counts as a wall line only over fewer than 2 (a fresh user's report: "404
    Not Found", a play's name, and "Forbidden" over two full news sentences were refused as
    error pages; an error page's own text is one line, removed by ``error-page``, or none)."""
    return sum(_is_sentence_of_words(s) for paragraph in paragraphs for s in split_sentences(paragraph))


def _title_is_error(title: str) -> bool:
    """True when the title is an HTTP error (rule ``error-page``: "404 - Page not found", "Access
    denied"): the page's ``<h1>`` or ``<title>``, which the cleaner never sees, counts as a wall
    line for :func:`article_text_problem`."""
    from .reading.clean import match_rule

    rule = match_rule(title)
    return rule is not None and rule.name == "error-page"
WALL_MAX_WORDS_LEFT = 80
#: Characters that code, markup and data files are full of and news prose almost never has.
CODE_SYMBOLS = frozenset("{}[]<>=_\\|`^~")
#: A text with at least MIN_CODE_SYMBOLS of them, making up at least MAX_CODE_SHARE of its
#: non-space characters, is code or data. Measured (benchmarks/quality.py --cleaner, its
#: "junk" line): the first 1000 CNN/DailyMail validation articles, as .txt and .html, have at most
#: 0.29 % (14 symbols in 4800 characters), the samples, the test inputs and the 77 short news
#: texts of tests/fixtures/short_english.txt none; the repository's own Python, JSON, TOML and
#: YAML files 2.6-18 %. The count keeps a short text about markup ("Editors wrap each paragraph
#: in <p> tags.") an article.
MAX_CODE_SHARE = 0.01
MIN_CODE_SYMBOLS = 8
#: ``<`` and ``>`` around the title of a work: Korean (and Chinese) news marks titles so, typing
#: ``<숨바꼭질>`` for 〈숨바꼭질〉, and an English page from Korea ``<The Palace: Tale of Jang
#: Noksu>``. A title starts with a letter outside ASCII, or with a capitalised word and a space;
#: a markup tag starts with an ASCII name and has no space but before an attribute's ``=``
#: (``<p>``, ``<br/>``, ``<a href="...">``). Not counted as CODE_SYMBOLS (scrapinghub's
#: article-extraction-benchmark: a Korean review with 12 such titles was refused as code, 2.0 %;
#: the English page, 1.0 %).
_TITLE_MARKS = re.compile(r"<(?=[^\x00-\x7f]|[A-Z][a-z]+\s)[^<>=/\n\"]{1,80}>")
#: A text with at least MIN_SETTING_KEYS words that are a setting's key (``name:``, ``site_name:``:
#: a lowercase word or one with ``_``, then a colon) making up at least MIN_SETTING_SHARE of its
#: words is a configuration file (YAML), which has too few symbols for MAX_CODE_SHARE. Measured:
#: the first 1000 CNN/DailyMail validation articles have at most 1.9 % such words (16 of 846:
#: "said:", "including:"), the 77 short news texts of tests/fixtures/short_english.txt at most one
#: ("Car sales jump 30pc year-on-year: PAMA"; capitalised keys such as "KARACHI:" or "Volume:",
#: which a news item has, do not count); the YAML files of tests/fixtures/configs 26-56 %, this
#: repository's models.yaml (mostly comments) 12 % (its symbols refuse it). A short text of prose
#: dense with colons stays under the share: "They said: ... Officials added: ..., including: ..."
#: (tests/test_input_rules.py) has 13 %.
MIN_SETTING_KEYS = 4
MIN_SETTING_SHARE = 0.2
#: A plain text of at least MIN_KEY_LINES lines that start with a setting's key (``name: demo``,
#: ``steps:``), at least KEY_LINE_SHARE of its non-blank lines, and with the list items (``- run
#: the job``) at least YAML_LINE_SHARE of them, is a YAML file even when its values are prose and
#: its keys under MIN_SETTING_SHARE of its words (a fresh user's 8-line file: 19 %). Measured
#: (benchmarks/quality.py --cleaner, part (d)) on the 1000 CNN/DailyMail validation articles
#: written one sentence per line, and the 77 short news texts of tests/fixtures/short_english.txt:
#: see docs/quality.md.
MIN_KEY_LINES = 3
KEY_LINE_SHARE = 0.3
YAML_LINE_SHARE = 0.8
_SETTING_KEY = re.compile(r"(?:[a-z][\w.-]*|[A-Za-z][\w.-]*_[\w.-]*):$")
#: A text of at least PROSE_CHECK_WORDS words with under MIN_PROSE_SHARE of them in sentences of
#: prose (5 words or more, ending in . ! ? … ۔ or ؟, a closing quote or bracket allowed; each counting
#: for at most PROSE_SENTENCE_WORDS) is a list,
#: a table or a log, not an article: the same 1000 articles have at least 89 % of their words in
#: such sentences (from 60 words up). The margin is wide on purpose: a short results story with
#: a table in it is news (a fresh user's cricket report: 78 words, 45 % in sentences).
PROSE_CHECK_WORDS = 150
#: A sentence of prose counts for at most this many words: a court ruling's one 120-word
#: sentence over three short ones is an article (a fresh user's report: refused as a list when
#: such a sentence did not count at all), a 1000-word "sentence" that merely ends in a full stop
#: (a table or a word list pasted as one line) still counts for a tenth of itself.
PROSE_SENTENCE_WORDS = 100
MIN_PROSE_SHARE = 0.3
_PROSE_END = re.compile(r"[.!?…۔؟。！？][\"'”’)\]」』）]*$")
_HAS_PROSE_END = re.compile(r"[.!?。！？][\"'”’)\]」』）]*$")
#: A log: at least LOG_MIN_LINES (2) paragraphs, half of them or more starting with a machine time
#: stamp (2024-01-01 12:00:00, [12:00:00], Jan  1 12:00:00: seconds, which a live blog's "12:05
#: GMT:" has not). The same 1000 articles have none.
LOG_MIN_LINES = 2
_LOG_STAMP = re.compile(r"\[?(?:\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}|\d{2}:\d{2}:\d{2}\b|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2})")
#: A text of at least REPEAT_MIN_SENTENCES sentences, under half of them different once digits
#: are set aside, repeats itself as a log or a table does; the 1000 articles repeat at most a few.
REPEAT_MIN_SENTENCES = 6
_DIGITS = re.compile(r"\d+")


#: The dummy Latin of "Lorem ipsum" placeholder text: the words of the standard passage and of
#: the common generators' paragraphs ("Vestibulum ante ipsum primis ...", "Pellentesque
#: habitant morbi ..."), less those that are also English (sit, in, ad, id, do, non, at, per,
#: integer, ...). A text of at least MIN_PLACEHOLDER_WORDS words with at least
#: MIN_PLACEHOLDER_SHARE of them here is placeholder text, not an article. Measured
#: (benchmarks/quality.py --cleaner, refused as .txt / .html and its junk: line, which reads
#: tests/fixtures/junk/): the first 1000 CNN/DailyMail validation articles have at most 1.2 % such
#: words (5 of 401: "et al.", "ex-wife", "eu"), the 77 short news texts of
#: tests/fixtures/short_english.txt none; the standard two sentences ("Lorem ipsum dolor sit amet,
#: consectetur ... commodo consequat.", 36 words, which the English check lets through: one
#: function word of another language, "et", where it asks for two) 92 % (33 of 36).
LOREM_WORDS = frozenset(
    """lorem ipsum dolor amet consectetur adipiscing elit sed eiusmod tempor incididunt ut labore et
    dolore magna aliqua enim minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea
    commodo consequat duis aute irure reprehenderit voluptate velit esse cillum eu fugiat nulla
    pariatur excepteur sint occaecat cupidatat proident sunt culpa qui officia deserunt mollit anim
    est laborum vestibulum pellentesque curabitur nullam mauris aenean maecenas phasellus donec
    suspendisse vivamus fusce praesent nunc etiam aliquam quisque morbi cras proin vel vitae nec
    sapien tellus ligula lectus lacus libero nibh nisl odio orci purus quam risus urna arcu augue
    eros erat felis justo massa metus neque porta porttitor pretium rhoncus sagittis sodales
    tincidunt tortor turpis ultrices ultricies varius vehicula viverra volutpat vulputate feugiat
    efficitur euismod facilisis fermentum finibus gravida hendrerit iaculis imperdiet interdum
    lacinia laoreet lobortis luctus malesuada mattis molestie ornare placerat posuere pulvinar
    scelerisque semper suscipit tempus tristique ullamcorper egestas elementum eleifend congue
    convallis condimentum cursus dapibus accumsan aliquet auctor bibendum blandit faucibus
    fringilla habitant senectus netus fames primis cubilia curae potenti sociosqu litora torquent
    conubia nostra inceptos himenaeos eget dui""".split()
)
MIN_PLACEHOLDER_WORDS = 8
MIN_PLACEHOLDER_SHARE = 0.5
_LETTERS = re.compile(r"[^\W\d_]+")
#: A text of at least MIN_LINKS words that are web addresses (``https://...``, ``www....``,
#: ``example.com/path``), making up at least MIN_LINK_SHARE of its words, is a list of links, not
#: an article (a fresh user's 50 lines of URLs were briefed as one "sentence"). Measured as
#: LOREM_WORDS: the first 1000 CNN/DailyMail validation articles have at most one address each
#: (10 articles; 0.35 % of the words at the most), the short news texts none.
MIN_LINKS = 3
MIN_LINK_SHARE = 0.5
_LINK = re.compile(r"(?i)[\"'(<\[]*(?:https?://|ftp://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/)\S+")


def _parses_as_json(text: str) -> bool:
    import json

    try:
        return isinstance(json.loads(text), (dict, list))
    except ValueError:
        return False


def code_or_data_problem(paragraphs: Iterable[str], sentences: Iterable[str],
                         setting_lines: Sequence[int] | None = None) -> str | None:
    """Why a text (its ``paragraphs``, and their ``sentences`` as ``split_sentences`` gives them)
    is code, data or a log rather than an article, or None: a JSON object or array, or an XML
    document (``<?xml``), however short; symbols of CODE_SYMBOLS (``{ } [ ] <
    > = _ \\ | ` ^ ~``) over MAX_CODE_SHARE (1 %) of its non-space characters, at least
    MIN_CODE_SYMBOLS (8) of them (a JSON, YAML or source file, a stylesheet); lines that start
    with time stamps (a log); sentences that are mostly repeats (a log, a table); or, from
    PROSE_CHECK_WORDS (150) words, under MIN_PROSE_SHARE (30 %) of the words in sentences of prose
    (a log, a CSV table); or setting keys (``name:``, ``site_name:``) over MIN_SETTING_SHARE (20 %)
    of its words, at least MIN_SETTING_KEYS (4) of them (a YAML file), or, for a plain text whose
    ``setting_lines`` (``reading.structure.setting_lines``: key lines, list-item lines, non-blank
    lines) are given, lines shaped as YAML's (MIN_KEY_LINES, KEY_LINE_SHARE, YAML_LINE_SHARE: a
    YAML file whose values are prose); web addresses over
    MIN_LINK_SHARE (50 %) of its words, at least MIN_LINKS (3) of them (a list of links); or the
    dummy Latin of LOREM_WORDS over MIN_PLACEHOLDER_SHARE (50 %) of its words, at least
    MIN_PLACEHOLDER_WORDS (8) of them (Lorem ipsum placeholder text). Any script: the sentence
    ends include ``۔`` and ``؟``. The figures and their measurement are at the constants. Never
    raises."""
    paragraphs, sentences = list(paragraphs), list(sentences)  # each is read more than once
    text = "\n".join(paragraphs).strip()
    if text[:1] in "{[" and _parses_as_json(text):
        return "it looks like code or data, not prose: the whole text is a JSON object or array"
    if text.startswith("<?xml"):
        return "it looks like code or data, not prose: the whole text is an XML document"
    tokens = text.split()
    links = sum(bool(_LINK.fullmatch(t)) for t in tokens)
    if links >= MIN_LINKS and links >= MIN_LINK_SHARE * len(tokens):
        return (f"it is a list of links, not prose: {links} of its {len(tokens)} words are web addresses "
                f"(such as {excerpt(next(t for t in tokens if _LINK.fullmatch(t)))})")
    letters = [w.casefold() for w in _LETTERS.findall(text)]
    dummy = sum(w in LOREM_WORDS for w in letters)
    if dummy >= MIN_PLACEHOLDER_WORDS and dummy >= MIN_PLACEHOLDER_SHARE * len(letters):
        return (f"it is placeholder text (Lorem ipsum), not an article: {dummy} of its {len(letters)} words are "
                "the dummy Latin of 'Lorem ipsum dolor sit amet ...'")
    chars = symbols = 0
    for paragraph in paragraphs:
        for ch in paragraph:
            if not ch.isspace():
                chars += 1
                symbols += ch in CODE_SYMBOLS
        symbols -= 2 * len(_TITLE_MARKS.findall(paragraph))
    if symbols >= MIN_CODE_SYMBOLS and symbols >= MAX_CODE_SHARE * chars:
        return (f"it looks like code or data, not prose: {symbols} of its {chars} characters are symbols "
                f"such as {{ }} = < > _ | ({symbols / chars:.1%}; a news article has under 0.3 %)")
    stamped = sum(bool(_LOG_STAMP.match(p)) for p in paragraphs)
    if stamped >= LOG_MIN_LINES and 2 * stamped >= len(paragraphs):
        return f"it looks like a log, not prose: {stamped} of its {len(paragraphs)} lines start with a time stamp"
    distinct = len({_DIGITS.sub("0", s.casefold()) for s in sentences})
    if len(sentences) >= REPEAT_MIN_SENTENCES and 2 * distinct < len(sentences):
        return (f"it repeats itself, as a log or a table does: {len(sentences)} sentences, {distinct} different "
                "(digits aside)")
    total = prose = 0
    for sentence in sentences:
        n = len(words(sentence))
        total += n
        if n >= 5 and _PROSE_END.search(sentence):
            prose += min(n, PROSE_SENTENCE_WORDS)  # a long sentence is prose, a page-long one mostly not
    if total >= PROSE_CHECK_WORDS and prose < MIN_PROSE_SHARE * total:
        return (f"it looks like a list, a table or a log, not prose: only {prose} of its {total} words are in "
                f"sentences ({prose / total:.0%}; a news article has over 89 %)")
    if setting_lines:
        key_lines, item_lines, lines = setting_lines
        if (key_lines >= MIN_KEY_LINES and key_lines >= KEY_LINE_SHARE * lines
                and key_lines + item_lines >= YAML_LINE_SHARE * lines):
            return (f"it looks like a configuration file (YAML), not prose: {key_lines + item_lines} of its {lines} "
                    f"lines are settings (\"name: ...\") or list items (\"- ...\"); a news article has none")
    keys = [t for t in text.split() if _SETTING_KEY.match(t)]
    if len(keys) >= MIN_SETTING_KEYS and len(keys) >= MIN_SETTING_SHARE * total:
        return (f"it looks like a configuration file (YAML), not prose: {len(keys)} of its {total} words are keys "
                f"such as {keys[0]!r} ({len(keys) / total:.0%}; a news article has under 2 %)")
    return None


def has_prose(article: Article) -> bool:
    """True when a body paragraph of ``article`` holds at least one sentence of prose: at least
    PROSE_MIN_WORDS (8) words, ending in ``.``, ``!`` or ``?`` (a closing quote or bracket may
    follow). What page furniture the cleaner misses ("Skip to content", "Loading...", "All
    rights reserved.") is short or unpunctuated; a news item's sentences are not. Used only when
    the cleaner removed furniture: a file that is just a headline is good input."""
    for paragraph in article.paragraphs:
        for sentence in split_sentences(paragraph):
            if len(words(sentence)) >= PROSE_MIN_WORDS and _HAS_PROSE_END.search(sentence):
                return True
    return False


def _segments(brief: Brief) -> Iterable[Segment]:
    if brief.title is not None:
        yield brief.title
    yield from brief.segments
