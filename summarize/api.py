"""The library API for people who embed the tool: a brief from a file or from text in memory,
written in any of the formats; sentence splitting and the QA checks on their own.

Everything here is re-exported by the package root (``summarize.make_brief`` ...); the options
are named as the command line's (see :meth:`summarize.settings.Settings.from_options`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .brief import Brief, Flag
from .config import Config
from .errors import ConfigError
from .settings import Settings
from .writers import format_spec

__all__ = ["check_segment", "make_brief", "split_sentences", "write_brief"]


#: How errors from a library call name the options (the CLI's messages name its flags instead).
NAMES = {"formats": "formats=", "no_translate": "translate=False", "no_tm": "no_tm=True",
         "back_translate": "back_translate=True", "offline": "offline=True",
         "keep_boilerplate": "keep_boilerplate=True"}

_BOOLS = ("translate", "back_translate", "keep_boilerplate", "check", "offline", "no_tm", "quiet")
_STRS = ("summarizer", "translator", "device", "dtype", "source_lang")
_PATHS = ("models", "tm")
OPTIONS = (*_STRS, "targets", *_BOOLS, *_PATHS, "formats", "max_bytes", "config", "env")
"""The keyword options :func:`make_brief` takes (those of :meth:`Settings.from_options`)."""


def _name(key: str) -> str:
    return NAMES.get(key) or f"{key}="


def _got(value: object) -> str:
    return f"{type(value).__name__} {value!r}"[:120]


def _check_options(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` checked for :func:`make_brief` (types only; values are Settings.from_options's
    to check), ``formats`` and ``targets`` as the str/tuple it takes, with the library's ``names``.

    Raises:
        TypeError: an unknown option, or one of the wrong type (the message names it and what it takes).
        ConfigError: ``targets`` names no target.
    """
    unknown = [k for k in options if k not in OPTIONS]
    if unknown:
        raise TypeError(f"make_brief() got an unknown option {unknown[0]!r}; the options are: {', '.join(OPTIONS)}")
    out = dict(options)
    for key, value in options.items():
        if key in _BOOLS and not isinstance(value, bool):
            raise TypeError(f"{key} must be True or False, not {_got(value)}")
        if key in _STRS and value is not None and not isinstance(value, str):
            raise TypeError(f"{key} must be a str or None, not {_got(value)}")
        if key in _PATHS and value is not None and not isinstance(value, (str, os.PathLike)):
            raise TypeError(f"{key} must be a path (str or os.PathLike) or None, not {_got(value)}")
    if "max_bytes" in options and (isinstance(options["max_bytes"], bool) or not isinstance(options["max_bytes"], int)):
        raise TypeError(f"max_bytes must be a whole number of bytes (int), not {_got(options['max_bytes'])}")
    if options.get("config") is not None and not isinstance(options["config"], Config):
        raise TypeError(f"config must be a summarize.Config (summarize.load_config(...)) or None, not {_got(options['config'])}")
    if options.get("env") is not None and not isinstance(options["env"], Mapping):
        raise TypeError(f"env must be a mapping of str to str (like os.environ) or None, not {_got(options['env'])}")
    if options.get("config") is not None:
        _check_config_alone(options)
    if "formats" in options:
        out["formats"] = format_spec(options["formats"])
    targets = options.get("targets")
    if targets is not None:
        if isinstance(targets, str):
            names = [t.strip() for t in targets.split(",") if t.strip()]
        elif isinstance(targets, (list, tuple)) and all(isinstance(t, str) for t in targets):
            names = [t.strip() for t in targets if t.strip()]
        else:
            raise TypeError(f"targets must be target names as a str ('ur,ps') or a list or tuple of str "
                            f"(['ur', 'ps']), not {_got(targets)}")
        if not names and options.get("translate", True) is not False:  # under translate=False: ignored, a warning
            raise ConfigError("targets=", "no target given; name one (ur, ps, prs) or pass translate=False")
        out["targets"] = tuple(names)
    return out


def _check_config_alone(options: dict[str, Any]) -> None:
    """``config=`` is a models.yaml already read, with its ``$SUMMARIZE_*`` applied
    (``load_config``): ``models=``, or an ``env=`` holding one of the variables ``load_config``
    reads, would be ignored beside it.

    Raises:
        ConfigError: naming ``models=`` or ``env=`` (and the variable).
    """
    from .config import OVERRIDES

    if options.get("models") is not None:
        raise ConfigError("models=", "give config= or models=, not both (config= is a models.yaml already read: "
                                     "summarize.load_config(path))")
    env = options.get("env") or {}
    read = [v for v in ("SUMMARIZE_MODELS", *(f"SUMMARIZE_{k.upper()}" for k in OVERRIDES)) if env.get(v)]
    if read:
        raise ConfigError("env=", f"${read[0]} is not read beside config= (load_config has read models.yaml and its "
                                  f"variables already); give it to summarize.load_config(path, env=...), or drop config=")


def make_brief(path: str | os.PathLike | None = None, *, text: str | None = None, title: str | None = None,
               **options: Any) -> Brief:
    """Make the brief of one article: a file (``path``: .txt, .md, .html, or a URL) or ``text``
    (a string in memory, read as ``summarize run -`` reads standard input: HTML when it looks
    like HTML, Markdown when it starts with a ``# Heading`` line or front matter, else plain
    text; ``reading.source.stream_format``). Give exactly one of the two.

    Args:
        path: the article's file (or ``http(s)://`` URL), a str or ``os.PathLike``; None when
            ``text`` is given.
        text: the article as a str, read as standard input is: plain text has its paragraphs
            separated by blank lines, and a first line that looks like a headline becomes the
            title (as when reading a .txt file); Markdown's ``# Heading`` is the title, without
            its ``#``; an HTML page is read as a .html file is. Bytes are
            refused (their encoding is not known here): decode them first
            (``text=data.decode("utf-8")``), or save them to a file and pass its ``path``, which is
            read as a file is (a BOM, UTF-8 or UTF-16 and the other encodings the reader detects).
        title: the article's headline (a str), for ``text`` only: it replaces any title found
            in the text (with ``path``: a ConfigError, named ``title=``; a file's title is its own).
        options: as :meth:`Settings.from_options`, named as the CLI's options (:data:`OPTIONS`):
            ``summarizer=`` (a str: ``"extractive"`` needs no model), ``targets=`` (``"ur,ps"``, or
            a list or tuple of short names or NLLB codes), ``translate=``, ``back_translate=``,
            ``keep_boilerplate=``, ``offline=``, ``no_tm=``, ``check=``, ``quiet=`` (each True or
            False), ``source_lang=`` (a language code, a str), ``translator=``, ``device=``,
            ``dtype=`` (str), ``models=`` (a models.yaml path), ``tm=`` (a translation memory
            file), ``max_bytes=`` (an int, bytes: the size limit of the file, or of ``text``
            encoded as UTF-8), ``formats=`` (format names: a str or a list),
            ``config=`` (a :class:`~summarize.config.Config`), ``env=`` (a mapping).

    Returns:
        The :class:`~summarize.brief.Brief`: ``summary`` (the summary sentences), ``segments``
        (one :class:`~summarize.brief.Segment` per sentence, its ``targets`` keyed by short name
        ``ur``/``ps``/``prs``), ``title`` (a Segment, or None), ``flag_count()``, ``to_dict()``
        (what brief.json holds).

    Raises:
        TypeError: an argument of the wrong type (``text=b"..."``, ``translate="no"``,
            ``targets=5``) or an unknown option; the message names the parameter and what it takes.
        ConfigError: neither or both of ``path`` and ``text``; ``title`` with ``path``; a bad option value or models.yaml
            (named as the parameter, ``targets=: unknown target 'xx' ...``, never as a CLI flag);
            ``config=`` with ``models=``, or with an ``env=`` holding a variable ``load_config``
            reads (``$SUMMARIZE_MODELS``, ``$SUMMARIZE_TARGETS``, ...), which it would ignore.
        InputError: the article cannot be read or used (empty, binary, not English, over
            ``max_bytes``, a URL under ``offline=True``, ...).
        ModelNotAvailableError, ModelError: a model cannot be loaded or fails.

    Thread-safe: calls from several threads at once load their models in turn (a process-wide
    lock, ``engines.registry.LOADING``: transformers' imports and ``from_pretrained`` are not
    thread-safe) and make their briefs side by side. Each call loads its models anew; for many
    articles, share one pipeline (``Settings.from_options(...).pipeline()``, its ``brief(path)``
    from each thread), whose models load once.
    """
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file's path or a URL (str or os.PathLike), not {_got(path)}")
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError("text must be a str, not bytes: decode them first (text=data.decode('utf-8')), or save "
                        "them to a file and pass its path, which is read with its encoding detected")
    if text is not None and not isinstance(text, str):
        raise TypeError(f"text must be a str, not {_got(text)}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str or None, not {_got(title)}")
    if (path is None) == (text is None):
        raise ConfigError("make_brief", "give exactly one of a path and text=")
    if title is not None and path is not None:  # was dropped without a word
        raise ConfigError("title=", "is for text=: a file's title is read from the file; drop title= or pass text=")
    settings = Settings.from_options(**_check_options(options), names={k: _name(k) for k in (*OPTIONS, "no_translate")})
    pipeline = settings.pipeline()
    if path is not None:
        return pipeline.brief(path)
    from .reading.source import parse_text, too_large

    size = len(text.encode("utf-8", "surrogatepass"))
    if size > settings.options.max_bytes:  # as a file over the limit is refused
        raise too_large(TEXT_SOURCE, size, settings.options.max_bytes, _name("max_bytes"))
    article = parse_text(text, source=TEXT_SOURCE, stem="text", fmt=None)  # sniffed as standard input is
    if title is not None:
        article = replace(article, title=" ".join(title.split()) or None)
    return pipeline.brief_of(article)


#: ``Article.source`` of a brief made from ``text=``: no file, so nothing to keep it from overwriting.
TEXT_SOURCE = "<text>"


def write_brief(brief: Brief, out_dir: str | os.PathLike, formats: str | Iterable[str] = "all") -> list[Path]:
    """Write ``brief`` in each of ``formats`` (a str, comma-separated: ``"txt,md"``, or a list,
    tuple or set of names: ``["txt", "md"]``; the names txt, md, json, html, tsv, xliff, tmx, or
    ``all``) into the folder ``out_dir`` (a str or ``os.PathLike``; made if missing; a symbolic
    link to a folder is followed, as ``summarize run -o LINK`` follows it), as
    ``summarize run`` writes a brief's folder, with the same care (``jobs.stamp.write_brief``, the
    one place that writes a brief's folder): nothing of the user's in ``out_dir`` is lost.

    - As ``summarize run``, it refuses (``jobs.overwrite``, the rules run follows) a folder that
      holds the brief of another article file that still exists (a brief of ``text=`` too: it
      replaces only an earlier brief of text or standard input), and a folder the brief's own
      article file lies in, where the brief would overwrite it; nothing is written then.

    - The brief is written whole or not at all (a temporary folder beside ``out_dir`` first), with
      its stamp ``.summarize-stamp.json`` last; files an earlier brief there made that this one
      does not are removed, files no brief made are kept.
    - Reviews in the brief.json already there are carried onto ``brief`` (kept, or ``stale``).
    - A file of the earlier brief edited in place and not imported (an XLIFF saved by a CAT tool),
      and a file of the user's own under a brief file's name (``summary.en.txt``), is first copied
      to ``out_dir/edited/<stem>.<hash><suffix>``, with a
      :class:`~summarize.errors.KeptEditsWarning` saying where ("edited": its bytes are not the
      ones the stamp recorded). So is a hand-edited brief.json (its reviews carried over, a text
      changed there taken as an ``edited`` review), and a brief.json that cannot be read, with
      every other file of the earlier brief this one writes otherwise (its reviews may be there).
    - A review format (html, xliff, tmx) brings brief.json along, for ``summarize review import``.

    Returns the paths of the files written (brief.json included when it came along), in
    ``out_dir``.

    Raises:
        TypeError: ``brief`` is not a Brief, ``out_dir`` not a path, ``formats`` neither a str nor
            an iterable of str (the message names the parameter); a Brief changed by hand with a
            text that is not a str (naming the segment: ``brief.segments[2].targets['ur'].text``).
        ValueError: a Brief changed by hand whose segment lacks one of ``brief.targets``, or
            has an ``origin`` not in ``brief.ORIGINS`` (naming the segment). Nothing is written.
        ConfigError: an unknown format name (or xliff/tmx for a brief without targets), named
            ``formats=``; an empty ``out_dir`` (``""``), named ``out_dir=``.
        InputError: ``out_dir`` holds the brief of another article file that still exists, or the
            brief's article lies in ``out_dir`` (one line naming the article -- ``<text>`` for
            a brief of ``text=`` -- and the folder).
        OutputError: ``out_dir`` cannot be written (it is as it was).
    """
    from .jobs.overwrite import refuse_another_articles_folder, refuse_input_in_folder
    from .jobs.stamp import write_brief as write_folder
    from .writers import writers_for

    if not isinstance(brief, Brief):
        raise TypeError(f"brief must be a summarize.Brief (what make_brief returns), not {type(brief).__name__}")
    if not isinstance(out_dir, (str, os.PathLike)):
        raise TypeError(f"out_dir must be a folder's path (str or os.PathLike), not {_got(out_dir)}")
    if not os.fspath(out_dir):
        raise ConfigError("out_dir=", "is empty; name the folder to write (\".\" for the current folder)")
    _check_brief(brief)
    writers = writers_for(format_spec(formats), translate=bool(brief.targets), where="formats=",
                          no_targets="this brief has no targets (made with translate=False); drop it")
    article = None if brief.article.source == TEXT_SOURCE else brief.article.source
    given = Path(out_dir)
    # a symbolic link to a folder, named by the caller, is followed as `summarize run -o LINK` follows its
    # folder (the brief is written into the folder it leads to; the paths returned are under the link)
    folder = Path(os.path.realpath(given)) if given.is_symlink() and given.is_dir() else given
    refuse_input_in_folder(folder, article, hint="move it, or give write_brief another out_dir")
    refuse_another_articles_folder(folder, article, hint="give write_brief another out_dir",
                                   source=brief.article.source)
    written = write_folder(folder, brief, writers, input=brief.article.source,
                           input_sha256=brief.article.metadata.get("sha256"), config_fingerprint=None)
    return written if folder is given else [given / p.relative_to(folder) for p in written]


def _check_brief(brief: Brief) -> None:
    """``brief`` as a writer needs it (what ``make_brief`` and ``Brief.from_dict`` make; a Brief
    changed by hand may not be): every segment's ``source``, and its translation into each of
    ``brief.targets`` with a str ``text`` and an ``origin`` of ``ORIGINS``.

    Raises:
        TypeError: a text that is not a str. ValueError: a missing translation, an unknown
            origin. Each names the segment (``brief.segments[2]``, ``brief.title``) and what is wrong.
    """
    from .brief import ORIGINS

    segments = ([("brief.title", brief.title)] if brief.title is not None else []) + [
        (f"brief.segments[{i}]", seg) for i, seg in enumerate(brief.segments)]
    for label, seg in segments:
        if not isinstance(seg.source, str):
            raise TypeError(f"{label}.source must be a str, not {_got(seg.source)}")
        for target in brief.targets:
            done = seg.targets.get(target.short)
            if done is None:
                raise ValueError(f"{label} has no {target.short} translation, and brief.targets names "
                                 f"{target.short}: add one, or take {target.short} out of brief.targets")
            where = f"{label}.targets[{target.short!r}]"
            if not isinstance(done.text, str):
                raise TypeError(f"{where}.text must be a str, not {_got(done.text)}")
            if done.origin not in ORIGINS:
                raise ValueError(f"{where}.origin must be one of {', '.join(ORIGINS)}, not {done.origin!r}")


def split_sentences(text: str, code: str = "en") -> list[str]:
    """The sentences of ``text`` (a str) in order, for the language ``code``: sentencex's
    segmentation, every line break a hard boundary (``\n``, ``\r``, NEL, U+2028, U+2029:
    ``text.segment.HARD_BREAKS``); ``[]`` for blank text.

    ``code`` is any of the language's usual codes, any case (``languages.language_named``):
    a short name (``en``, ``ur``, ``ps``, ``prs``), an ISO 639-1 or 639-3 code (``ur``, ``urd``),
    an NLLB-200 code (``urd_Arab``) or a BCP 47 tag the tool knows (``fa-AF``).

    Raises:
        TypeError: ``text`` or ``code`` is not a str.
        ValueError: ``code`` names no language the tool knows (the message names it and the
            known codes).
    """
    from .languages import language_named
    from .text.segment import split_sentences as split

    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return split(text, language_named(code, "code").code)


def check_segment(source: str, target: str, code: str) -> list[Flag]:
    """The QA flags of one translated segment: ``target`` (a str) is the translation of
    ``source`` (a str) into the language ``code``, given by any of its usual codes, any case
    (``ur``, ``urd``, ``urd_Arab``, ``ps``, ``pbt_Arab``, ``prs``, ``prs_Arab``; see
    :func:`split_sentences`). Each :class:`~summarize.brief.Flag` has a stable ``code``
    (``empty``, ``script``, ``language``, ``untranslated``, ``repetition``, ``length``,
    ``numbers``), a one-line ``message`` and its figures in ``data``; ``[]`` when nothing is
    suspicious. See ``summarize.checks.flags``.

    Raises:
        TypeError: ``source``, ``target`` or ``code`` is not a str.
        ValueError: ``code`` names no language the tool knows (the message names it and the
            known codes).
    """
    from .checks.flags import check_segment as check
    from .languages import language_named

    for name, value in (("source", source), ("target", target)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return check(source, target, language_named(code, "code").code)
