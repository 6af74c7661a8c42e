"""One frozen :class:`Settings` for a run or a batch, built and validated once.

whisper's habit: the command line parses its options into one object and hands it to a library
function (``jobs.run.run_articles(articles, settings, output)``, ``jobs.batch.run_batch(roots,
settings, output, batch_options)``). Adding an option means adding it here, once: the CLI passes
it by name, the jobs read it from the settings, and the batch fingerprint (see
:meth:`Settings.fingerprint`) covers it when it changes what a brief says.

Environment variables (``$SUMMARIZE_MODELS``, ``$SUMMARIZE_SUMMARIZER``, ``$SUMMARIZE_TARGETS``,
``$SUMMARIZE_DEVICE``, ``$SUMMARIZE_DTYPE``) are read once, by ``config.load_config``,
``$SUMMARIZE_THREADS`` by :meth:`Settings.from_options` (into ``Config.threads``, which the
engines load with), and ``$SUMMARIZE_TM``/``$XDG_DATA_HOME`` by ``tm.tm_path``, each from the
``env`` given (default ``os.environ``); nothing here writes to ``os.environ``:
``offline`` travels in the settings.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from .config import Config, load_config
from .languages import SOURCE
from .errors import ConfigError, SummarizeWarning
from .pipeline import BriefOptions, Pipeline, source_target_note
from .reading.source import DEFAULT_MAX_BYTES
from .tm.store import SqliteTM, open_tm
from .writers import format_spec, writers_for
from .writers.folder import DEFAULT_OUTPUT

__all__ = ["DEFAULT_OUTPUT", "Settings"]

if TYPE_CHECKING:
    from .engines.summarizers.base import Summarizer
    from .engines.translators.base import Translator
    from .writers.base import Writer

#: The CLI flags not spelt ``--`` + the keyword with ``_`` as ``-`` (see :func:`cli_name`).
_CLI_NAMES = {"formats": "--format"}


def cli_name(key: str) -> str:
    """The CLI's flag for the :meth:`Settings.from_options` keyword ``key``, as error messages
    name it: ``--targets``, ``--source-lang``, ``--format`` (for ``formats``), ``--no-translate``
    (for ``no_translate``, i.e. ``translate=False``)."""
    return _CLI_NAMES.get(key) or "--" + key.replace("_", "-")


def _unshadowed(env: Mapping[str, str] | None, given: set[str]) -> Mapping[str, str] | None:
    """``env`` (None: ``os.environ``) without the ``$SUMMARIZE_X`` of each option ``x`` in
    ``given``: an option given wins over its variable, which is then neither read nor checked
    (README: "an option given wins"), so a stale bad value in the shell stops no command that
    names the value. ``env`` itself when nothing is given."""
    if not given:
        return env
    shadowed = {f"SUMMARIZE_{key.upper()}" for key in given}
    return {k: v for k, v in (os.environ if env is None else env).items() if k not in shadowed}


def _check_source_among_targets(cfg: Config, options: BriefOptions, name: Callable[[str], str]) -> None:
    """An explicit ``targets`` that names the source language: a warning (the brief notes it too,
    see ``pipeline.source_target_note``), or a ConfigError when it names nothing else."""
    source = cfg.source_language(str(options.source_lang), name("source_lang")) if options.source_lang else SOURCE
    wanted = [cfg.target(t, name("targets")) for t in options.targets or ()]
    left_out = [*(["en"] if options.english and source.code == SOURCE.code else []),
                *(t.short for t in wanted if t.code == source.code)]
    if not left_out:
        return
    note = source_target_note(left_out, source, options.source_lang, name("source_lang"))
    if len(left_out) == len(wanted) + options.english:
        raise ConfigError(name("targets"), f"{note}; name another target, add en for English, or use {name('no_translate')}")
    rest = [t.short for t in wanted if t.code != source.code]
    into = ", ".join([*(["en"] if options.english and source.code != SOURCE.code else []), *rest])
    warnings.warn(SummarizeWarning(f"{note}; translating into {into} only"), stacklevel=3)


@dataclass(frozen=True)
class Settings:
    """Everything a run needs besides its inputs and output folder.

    ``config``: models.yaml with ``$SUMMARIZE_*`` and the options' overrides applied.
    ``options``: what to make of each article (targets, translate, source language, ...).
    ``writers``: one writer per output format, in order. ``offline``: never download model files
    (local folders and the hub cache only) and never fetch a URL. ``quiet``: report failures only.
    ``tm``: the translation memory file whose exact matches replace machine translation (see
    ``summarize.tm``), None for none (``--no-tm``).
    Build it with :meth:`from_options`, which validates; the constructor does not.
    """

    config: Config
    options: BriefOptions
    writers: tuple[Writer, ...]
    offline: bool = False
    quiet: bool = False
    tm: Path | None = None
    names: Mapping[str, str] | None = None
    """How the pipeline's messages name the options (``from_options``'s ``names``); None: as the CLI's flags."""

    @classmethod
    def from_options(
        cls,
        *,
        models: str | os.PathLike | None = None,
        config: Config | None = None,
        summarizer: str | None = None,
        translator: str | None = None,
        targets: str | tuple[str, ...] | None = None,
        device: str | None = None,
        dtype: str | None = None,
        formats: str | Iterable[str] = "all",
        translate: bool = True,
        source_lang: str | None = None,
        back_translate: bool = False,
        keep_boilerplate: bool = False,
        check: bool = True,
        max_bytes: int = DEFAULT_MAX_BYTES,
        tm: str | os.PathLike | None = None,
        no_tm: bool = False,
        offline: bool = False,
        quiet: bool = False,
        env: Mapping[str, str] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> Settings:
        """Validate the options of ``summarize run``/``batch`` (named as on the command line) and
        return the Settings.

        ``models`` is a models.yaml path (None: ``$SUMMARIZE_MODELS``, ``./models.yaml``, the
        packaged one); ``config`` a Config to use instead of reading one (the overrides still
        apply). ``summarizer``, ``translator`` (one configured translator for every language),
        ``targets`` (``"ur,ps"`` or a tuple), ``device``, ``dtype``
        override models.yaml and the environment. ``formats``: comma-separated writer names or
        ``all``, or a list, tuple or set of names (``["md", "json"]``, as ``make_brief`` takes). ``translate=False`` makes an English-only brief; ``check=False`` skips the QA
        flags; ``max_bytes`` is the size limit of one article. ``tm``: the translation memory
        file (None: ``$SUMMARIZE_TM``, else ``$XDG_DATA_HOME/summarize/tm.sqlite``; see
        ``tm.tm_path``); ``no_tm=True`` uses none, and so does ``translate=False`` (the memory
        is neither read nor checked: an unusable one is no error there). ``env``: the environment to read
        ``$SUMMARIZE_*`` (``$SUMMARIZE_THREADS`` too) and ``$XDG_DATA_HOME`` from (default
        ``os.environ``); torch's thread count is process-wide, so the last model loaded with
        ``$SUMMARIZE_THREADS`` set sets it for the process. ``names``: how
        error messages name each option, by keyword (``{"targets": "targets="}``; the key
        ``no_translate`` names ``translate=False``, ``no_tm`` names ``no_tm=True``), for a caller
        other than the CLI (``summarize.api`` names its parameters); an option it leaves out is
        named as the CLI's flag (:func:`cli_name`: ``--targets``, ``--format``, ``--no-translate``).

        Raises:
            TypeError: ``formats`` neither a str nor an iterable of str (naming ``formats``).
            ConfigError: a bad models.yaml, summariser, target, device, dtype, format, source
                language, ``$SUMMARIZE_THREADS``, translation memory (an empty path, a folder, a
                file that is no translation memory; named as ``--tm`` or ``$SUMMARIZE_TM``, where
                it came from; not checked under ``translate=False``), an empty ``source_lang``, or options
                that contradict each other (``back_translate`` without ``translate``, ``tm`` with
                ``no_tm``); exit code 2.

        Warns:
            SummarizeWarning: ``targets`` or ``tm`` given with ``translate=False`` (ignored).
        """
        def name(key: str) -> str:
            return (names or {}).get(key) or cli_name(key)

        explicit, english = targets is not None, False
        if explicit:  # `-t en,ps`: with a non-English source English is one of them, else the source
            asked = [t.strip() for t in targets.split(",")] if isinstance(targets, str) else [str(t) for t in targets]
            rest = tuple(t for t in asked if t and t.lower() not in ("en", "eng_latn"))
            if len(rest) < len([t for t in asked if t]) and (source_lang or rest):  # `-t en` alone: Config.target says it
                english, targets = True, rest or None
            if not translate and not any(asked):  # `-t ''` under --no-translate names nothing to check: ignored
                targets = None
        overrides: dict[str, Any] = {"summarizer": summarizer, "translator": translator, "targets": targets,
                                     "device": device, "dtype": dtype}
        given = {k for k, v in overrides.items() if v is not None} | ({"targets"} if explicit else set())
        base = config if config is not None else load_config(models, env=_unshadowed(env, given))  # models.yaml, then $SUMMARIZE_*
        cfg = base.with_overrides({k: name(k) for k in overrides}, **overrides)  # then the options, named as asked
        writers = tuple(writers_for(format_spec(formats), translate=translate, where=name("formats"),
                                    no_targets=f"{name('no_translate')} makes no targets; drop it or translate"))
        from .engines.transformers import check_settings, wanted_threads

        cfg = replace(cfg, threads=wanted_threads(env))  # a bad $SUMMARIZE_THREADS stops here, before any work
        if back_translate and not translate:
            raise ConfigError(name("back_translate"),
                              f"needs translations; drop {name('no_translate')} or {name('back_translate')}")
        if explicit and not translate:  # the same command with --no-translate added: go on, say so
            warnings.warn(SummarizeWarning(f"{name('targets')} is ignored: {name('no_translate')} makes no translation"),
                          stacklevel=2)
        if tm is not None and no_tm:
            raise ConfigError(name("no_tm"), f"reads no translation memory, yet {name('tm')} names one; drop one of the two")
        if tm is not None and not translate:
            warnings.warn(SummarizeWarning(f"{name('tm')} is ignored: {name('no_translate')} makes no translation"),
                          stacklevel=2)
        if isinstance(source_lang, str) and not source_lang.strip():
            raise ConfigError(name("source_lang"), "is empty; give the article's NLLB-200 code (e.g. urd_Arab), or leave "
                                                   "it out for an English article")
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
            raise ConfigError(name("max_bytes"), f"expected a positive whole number, got {max_bytes!r}")
        if source_lang and names is not None:  # named as asked; the pipeline names it --source-lang
            cfg.source_language(source_lang, name("source_lang"))
        chosen = cfg.targets if not (english and targets is None) else ()
        options = BriefOptions(targets=chosen, translate=translate, keep_boilerplate=keep_boilerplate,
                               source_lang=source_lang, back_translate=back_translate, check=check, max_bytes=max_bytes,
                               explicit_targets=explicit, english=english)
        if explicit and translate:
            _check_source_among_targets(cfg, options, name)
        # checked now, before any work; creates nothing. Under --no-translate no memory is read, so none is checked.
        memory = open_tm(tm, enabled=translate and not no_tm, env=env, option_name=name("tm"), off=name("no_tm"))
        settings = cls(cfg, options, writers, offline=offline, quiet=quiet,
                       tm=memory.path if memory is not None else None, names=dict(names) if names else None)
        try:
            planner = settings.pipeline()  # checks the source language against the translators; loads nothing
        except ConfigError as exc:
            if exc.where != cli_name("source_lang") or name("source_lang") == exc.where:
                raise
            raise ConfigError(name("source_lang"), exc.problem) from None
        # a --device the machine lacks stops here, before any work, when a model will run on it
        check_settings(cfg.device, cfg.where("device"), loads_models=planner.loads_models, env=env, option=name("device"))
        return settings

    @property
    def formats(self) -> list[str]:
        """The writers' format names, in order (``["txt", "md", ...]``)."""
        return [w.format for w in self.writers]

    def pipeline(self, *, config: Config | None = None, summarizer: Summarizer | None = None,
                 translator: Translator | None = None) -> Pipeline:
        """A Pipeline for these settings (``config`` replaces the settings' one, e.g. with a batch
        size applied; ``summarizer``/``translator`` replace the configured models), reading the
        translation memory ``tm`` where there is one. Loads no model.

        Raises:
            ConfigError: ``options.source_lang`` is not a known NLLB-200 language code (see
                ``Config.source_language``), or one the translators do not serve.
        """
        return Pipeline(config or self.config, self.options, summarizer=summarizer, translator=translator,
                        offline=self.offline, progress=not self.quiet,
                        tm=SqliteTM(self.tm) if self.tm is not None else None, names=self.names)

    def fingerprint(self, *, summarizer: Summarizer | None = None, translator: Translator | None = None) -> str:
        """The configuration fingerprint a batch stamps on each brief (see ``jobs.stamp``): the
        summariser and translators in use (``summarizer``/``translator``: objects used instead of
        the configured models, described by their ``describe()``), the targets, the formats and
        every option that changes what a brief says. Loads no model. The translation memory is
        left out: a batch stamp records which one it read (``tm``) beside the fingerprint, and
        whether its entries would change a brief is asked of the brief itself
        (``jobs.stamp.outdated_by_memory``).
        """
        from .jobs.stamp import config_fingerprint

        planner = self.pipeline(summarizer=summarizer, translator=translator)
        summ: str | dict = summarizer.describe() if summarizer is not None else planner.summarizer_name
        translators = {t.short: (translator.describe() if translator is not None else t.translator)
                       for t in planner.targets}
        o = self.options
        source = planner.source.code if o.source_lang else None  # `ur` and `urd_Arab` are one language
        options = {"translate": o.translate, "keep_boilerplate": o.keep_boilerplate, "source_lang": source,
                   "back_translate": o.back_translate, "check": o.check, "max_bytes": o.max_bytes}
        fp, _ = config_fingerprint(self.config, summarizer=summ, translators=translators,
                                   targets=[(t.short, t.code) for t in planner.targets], formats=self.formats,
                                   options=options)
        return fp
