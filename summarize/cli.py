"""The command line: a click group that parses options, calls the library and maps its errors.

Exit codes (README "Exit codes"; the same for every command): 0 success; 1 an article or model
failed, or an input path does not exist or cannot be read (one line on stderr says which and
why); 2 a usage or configuration error (an unusable ``-o`` too: a file, a folder that cannot be
created, or the folder of an article's own brief holding it); 130 interrupted (Ctrl-C / SIGTERM); 141 stdout's reader closed
it early (``summarize models list | head -1``), said nothing (see ``stdout_reader_gone``).
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from typing import NoReturn

import click

from .config import DEVICES, DTYPES
from .errors import StdoutError, SummarizeError, SummarizeWarning, printable
from .logstream import LogStream
from .reading.source import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES
from .writers.folder import DEFAULT_OUTPUT
from .version import __version__

#: The exit-code list at the end of every command's --help (one list: the codes are the same for
#: every command, README "Exit codes"); set on each command by :func:`_exit_codes_on_every_command`.
EXIT_CODES = """\b
Exit codes (the same for every command; README "Exit codes"):
  0    every article done (batch: none failed, already up to date too, or none was found:
       an empty folder or a --glob that matches nothing is no failure, a note says so)
  1    an article or a model failed (batch: see OUTPUT/manifest.jsonl), or an input file
       or folder does not exist or cannot be read (stderr names it and says why; batch:
       a ROOT (a folder or an article file) does not exist or cannot be read)
  2    usage or configuration error (bad option, bad or missing models.yaml, an -o
       that is a file or cannot be created, an article inside its own brief's folder;
       batch: OUTPUT, or a folder above or below it, in use by another batch, see --wait)
  130  interrupted (Ctrl-C or SIGTERM); finished briefs are kept (batch: the same
       command resumes)
  141  stdout's reader closed it early (| head); nothing is said"""

#: The library's warnings that the CLI prints as one ``summarize: warning:`` line on stderr (not
#: under ``-q``): every SummarizeWarning (a setting that runs far slower than another would, an
#: input read with repairs, a reviewer's edits kept before a rerun).
SHOWN_WARNINGS = (SummarizeWarning,)

#: The exit status when stdout's reader closed it before everything was written: 128 + SIGPIPE
#: (13), the status the shell reports for ``ls`` in ``ls | head -1`` (see ``stdout_reader_gone``).
EXIT_BROKEN_PIPE = 141


def suffix_list(word: str = "and") -> str:
    """The suffixes the reader takes (``reading.source.SUPPORTED_SUFFIXES``), as the help says
    them: ``.txt, .md, .markdown, .html and .htm``."""
    *rest, last = SUPPORTED_SUFFIXES
    return f"{', '.join(rest)} {word} {last}" if rest else last


def _with_suffixes(f):
    """Fill ``{suffixes}``/``{suffixes_or}`` in a command's docstring from the one list of
    supported suffixes, so that its --help cannot drift from what is read."""
    f.__doc__ = f.__doc__.format(suffixes=suffix_list(), suffixes_or=suffix_list("or"))
    return f


def stdout_reader_gone() -> NoReturn:
    """End the command quietly: a write to stdout found its reader gone (``BrokenPipeError``, as
    in ``summarize models list | head -1``). A Unix user expects silence there, as from ``ls |
    head``, not an error line or Python's "Exception ignored ... BrokenPipeError".

    Done as the Python docs' "Note on SIGPIPE" (``signal`` module) recommends: stdout's file
    descriptor is pointed at ``os.devnull`` with ``os.dup2`` (so that the flush of what is still
    buffered, at exit, writes nowhere instead of failing again), then the process exits.

    The status is 141 (128 + SIGPIPE), not 0: it is what the shell reports for ``ls``, ``cat`` or
    ``grep`` killed by SIGPIPE in the same place, so ``set -o pipefail`` and ``$PIPESTATUS`` see
    this tool as they see those; and 0 would tell a script that ``summarize run ... -o - | head``
    delivered a whole brief when the reader took only part of it. It differs from 1, a real write
    error such as a full disk (``cannot write to stdout: No space left on device``). The process
    exits rather than killing itself with SIGPIPE so that ``finally`` blocks and ``atexit``
    handlers still run (and a Python caller sees 141, not -13).

    Raises:
        SystemExit: always, with :data:`EXIT_BROKEN_PIPE`.
    """
    point_at_devnull(sys.stdout)
    sys.exit(EXIT_BROKEN_PIPE)


def point_at_devnull(stream) -> None:
    """Point ``stream``'s file descriptor at ``os.devnull`` (``os.dup2``), so that a later flush
    of what is still buffered writes nowhere instead of failing again; nothing when ``stream``
    is no file (a test's capture, closed)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


class _Stdout:
    """``sys.stdout`` while a command runs: a write or flush that fails (a full disk: ``summarize
    models list > /dev/full``) raises :class:`~summarize.errors.StdoutError`, whose line says it
    is stdout that failed, where the bare ``OSError`` named no file (``summarize: error: No space
    left on device``). The error is kept (``error``): click swallows errors of its own probes
    of the stream, so :meth:`_Group.main` tells it at the end unless it was told (``told``). A
    broken pipe stays a ``BrokenPipeError`` (the quiet end). Everything else is the stream's own."""

    def __init__(self, stream):
        self._stream = stream
        self.error: StdoutError | None = None
        self.told = False

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def _call(self, method, *args):
        try:
            return method(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            self.error = StdoutError(exc.strerror or str(exc))
            raise self.error from None

    def write(self, text):
        return self._call(self._stream.write, text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        return self._call(self._stream.flush)

    def silence(self) -> None:
        """Point the stream at ``os.devnull`` (:func:`point_at_devnull`), so that Python's flush
        at exit does not fail again."""
        point_at_devnull(self._stream)


class _Group(click.Group):
    """Maps library errors to one line on stderr and an exit code (``--debug`` shows tracebacks)."""

    def main(self, *args, **kwargs):
        """The entry point (``summarize``, ``python -m summarize``): click's ``main``, then a flush
        of stdout while a broken pipe can still be handled (Python's own flush at exit would print
        "Exception ignored ... BrokenPipeError" and exit 120). A reader of stdout that closed it
        early ends the command quietly, whatever the command (see ``stdout_reader_gone``); stdout
        that cannot be written (:class:`_Stdout`), even by ``--help``, is one error line, exit 1.
        A stderr that cannot be written (``2>/dev/full``) stops no work: its lines are dropped
        (``logstream.LogStream``) and the exit code is the work's."""
        stdout, stderr = sys.stdout, sys.stderr
        guard = _Stdout(stdout) if stdout is not None and not isinstance(stdout, _Stdout) else None
        if guard is not None:
            sys.stdout = guard
        if stderr is not None and not isinstance(stderr, LogStream):  # lines for people, not the work
            sys.stderr = LogStream(stderr, silence=True)
        try:
            try:
                return super().main(*args, **kwargs)
            finally:
                try:
                    if sys.stdout is not None:
                        sys.stdout.flush()
                except StdoutError:
                    pass  # told below
        except BrokenPipeError:
            stdout_reader_gone()
        except StdoutError:
            pass  # told below (outside a command: --help, --version)
        finally:
            sys.stderr = stderr
            if guard is not None:
                sys.stdout = stdout
                if guard.error is not None:
                    guard.silence()
                    if not guard.told:
                        click.echo(f"summarize: error: {printable(guard.error)}", err=True)
                    sys.exit(guard.error.exit_code)

    def invoke(self, ctx: click.Context):
        with warnings.catch_warnings():
            for category in SHOWN_WARNINGS:
                warnings.simplefilter("always", category)  # the library gives each one once
            shown = warnings.showwarning

            def show(message, category, filename, lineno, file=None, line=None):
                if issubclass(category, SHOWN_WARNINGS):
                    _echo_warning(f"summarize: warning: {printable(message)}")
                else:
                    shown(message, category, filename, lineno, file, line)

            warnings.showwarning = show
            with _sigterm_as_interrupt():
                return self._invoke(ctx)

    def _invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # here too: click's main would end it with exit 1; no error, so --debug too
            stdout_reader_gone()
        except SummarizeError as exc:
            if ctx.meta.get("summarize.debug"):
                raise
            click.echo(f"summarize: error: {printable(exc)}", err=True)
            if isinstance(exc, StdoutError) and isinstance(sys.stdout, _Stdout):
                sys.stdout.told = True  # its flush at the end fails again: one line is enough
                sys.stdout.error = sys.stdout.error or exc
            ctx.exit(exc.exit_code)
        except click.UsageError as exc:  # a subcommand's bad option: one line, like our own errors
            if ctx.meta.get("summarize.debug"):
                raise
            click.echo(f"summarize: error: {usage_line(exc)}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("summarize: interrupted", err=True)
            ctx.exit(130)
        except OSError as exc:  # a disk full, a folder that vanished: say which file, no traceback
            if ctx.meta.get("summarize.debug"):
                raise
            where = f"{exc.filename}: " if exc.filename else ""  # the prefix already says "summarize"
            click.echo(f"summarize: error: {printable(where)}{printable(exc.strerror or exc)}", err=True)
            ctx.exit(1)


@contextlib.contextmanager
def _sigterm_as_interrupt():
    """SIGTERM, for the whole command, as Ctrl-C: ``summarize: interrupted``, exit 130, as the
    exit-code table says, also while a batch waits for its output folder (``--wait``) or starts,
    before its own guard (``jobs.signals.SignalGuard``) is in place; a fresh user's report: 143
    and no message. Only in the main thread; the previous handler is restored after."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _echo_warning(line: str) -> None:
    """``line`` on stderr, above a batch's progress bar when one is drawn there (tqdm's
    ``external_write_mode`` clears the bar and draws it again below the line)."""
    tqdm = sys.modules.get("tqdm")
    if tqdm is None:
        click.echo(line, err=True)
        return
    with tqdm.tqdm.external_write_mode(file=sys.stderr):
        click.echo(line, err=True)


def usage_line(exc: click.UsageError) -> str:
    """Click's usage error as one line, naming the environment variable when the bad value came
    from one (``$SUMMARIZE_MODELS: File 'nope.yaml' does not exist.``: the variable alone, not
    click's "Invalid value for '--models'", an option the user never typed), with the help hint."""
    from click.core import ParameterSource

    message = exc.format_message()
    param, ctx = getattr(exc, "param", None), exc.ctx
    if param is not None and ctx is not None and param.name and isinstance(param.envvar, str):
        if ctx.get_parameter_source(param.name) == ParameterSource.ENVIRONMENT:
            message = f"${param.envvar}: {exc.message if isinstance(exc, click.BadParameter) else message}"
    where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    return " ".join(message.split()) + where


def _debug_option(f):
    def remember(ctx, _param, value):
        if value:
            ctx.meta["summarize.debug"] = True
        from .engines.logs import configure

        configure(debug=bool(value))
        return value

    return click.option("--debug", is_flag=True, expose_value=False, callback=remember, is_eager=True,
                        help="Show tracebacks instead of one-line errors, and the model libraries' own log lines.")(f)


def _debugging() -> bool:
    """Whether ``--debug`` was given to the command being run."""
    return bool(click.get_current_context().meta.get("summarize.debug"))


def _max_bytes_option(f):
    return click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
                        help="Refuse an article larger than this many bytes.")(f)


def _brief_options(f):
    """The options ``run`` and ``batch`` share: what to make of each article."""
    for option in reversed([
        click.option("-f", "--format", "formats", default="all", show_default=True,
                     help="Comma-separated formats (txt, md, json, html, tsv, xliff or xlf, tmx) or 'all'."),
        click.option("-t", "--targets", default=None,
                     help="Comma-separated targets, e.g. ur,ps,prs (default: $SUMMARIZE_TARGETS, else models.yaml's)."),
        click.option("-s", "--summarizer", default=None,
                     help="A summariser named in models.yaml, or 'extractive' (no model needed); "
                          "default: $SUMMARIZE_SUMMARIZER, else models.yaml's."),
        click.option("--translator", default=None,
                     help="A translator named in models.yaml to use for every target, e.g. nllb-200-1.3B "
                          "(default: $SUMMARIZE_TRANSLATOR, else each language's in models.yaml)."),
        click.option("--no-translate", is_flag=True, help="English brief only; loads no translation model."),
        click.option("--source-lang", default=None, help="The article's NLLB code when it is not English, e.g. urd_Arab."),
        click.option("--back-translate", is_flag=True, help="Translate each target segment back into English (doubles the cost)."),
        click.option("--keep-boilerplate", is_flag=True, help="Keep captions, 'Read more' lines and other page furniture."),
        click.option("--device", default=None, envvar="SUMMARIZE_DEVICE", type=click.Choice(DEVICES),
                     help="Default: $SUMMARIZE_DEVICE, else models.yaml's."),
        click.option("--dtype", default=None, envvar="SUMMARIZE_DTYPE", type=click.Choice(DTYPES),
                     help="Default: $SUMMARIZE_DTYPE, else models.yaml's."),
        click.option("--tm", default=None, metavar="PATH",
                     help="Translation memory to reuse approved translations from (default: $SUMMARIZE_TM, "
                          "else $XDG_DATA_HOME/summarize/tm.sqlite)."),
        click.option("--no-tm", is_flag=True, help="Machine-translate everything; read no translation memory."),
    ]):
        f = option(f)
    return f


def _regular_models_file(_ctx, _param, value):
    """``--models`` (or ``$SUMMARIZE_MODELS``) as given, refused as a usage error (exit 2, naming
    the option or the variable: see :func:`usage_line`) unless it is a regular file (a link to
    one is fine) of at most ``config.MAX_CONFIG_BYTES``: a FIFO there hung the command past
    SIGTERM, /dev/zero read until memory ran out."""
    if value:
        from .config import MAX_CONFIG_BYTES
        from .writers.fsutil import NotRegularFile, check_regular

        try:
            check_regular(value, limit=MAX_CONFIG_BYTES, follow_links=True)  # what load_config reads
        except NotRegularFile as exc:
            if exc.kind is None:
                raise click.BadParameter(f"{printable(value)} holds {exc.size:,} bytes, more than a models.yaml's "
                                         f"{MAX_CONFIG_BYTES:,} (1 MiB)") from None
            raise click.BadParameter(f"{printable(value)} is {exc.kind}, not a models.yaml file") from None
        except OSError:
            return value  # (click.Path(exists=True) said what is wrong)
    return value


def _model_options(f):
    f = click.option("--models", "models_file", type=click.Path(dir_okay=False, exists=True), envvar="SUMMARIZE_MODELS",
                     callback=_regular_models_file,
                     help="models.yaml to use (default: ./models.yaml, else the packaged one); a regular file of at "
                          "most 1 MiB.")(f)
    f = click.option("--offline", is_flag=True, help="Never touch the network: use local folders and the hub cache only.")(f)
    return f


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="summarize")
def main() -> None:
    """Summarise English news articles and translate the brief into Urdu, Pashto and Dari."""


@main.command()
@click.argument("articles", nargs=-1, required=True)
@click.option("-o", "--output", "output", default=None,
              help="Folder for the briefs (default ./briefs); each article gets OUTPUT/<name>/, stdin OUTPUT/stdin/. "
                   "'-' prints to stdout (one format); so does ARTICLE '-' alone in one format with no -o.")
@_brief_options
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@_max_bytes_option
@_model_options
@_debug_option
@_with_suffixes
def run(articles, output, quiet, **options) -> None:
    """Make the brief of each ARTICLE (a {suffixes_or} file, or text under another name;
    '-' for stdin, or a URL)."""
    from .engines.logs import configure
    from .jobs.run import run_articles

    configure(debug=_debugging(), quiet=quiet)
    if quiet:
        for category in SHOWN_WARNINGS:
            warnings.simplefilter("ignore", category)
    failed = run_articles(list(articles), _settings(options, quiet), output, debug=_debugging())
    sys.exit(1 if failed else 0)


def _settings(options: dict, quiet: bool):
    """The Settings of the options ``run`` and ``batch`` share (see ``_brief_options``). Click
    checks ``$SUMMARIZE_DEVICE``/``$SUMMARIZE_DTYPE`` (so a bad one is named in click's usage
    line), but their values are read by ``load_config`` alone: a value click took from the
    environment is not passed on as if it had been typed."""
    from click.core import ParameterSource

    from .settings import Settings

    ctx = click.get_current_context()
    for name in ("device", "dtype"):
        if ctx.get_parameter_source(name) == ParameterSource.ENVIRONMENT:
            options[name] = None
    options["translate"] = not options.pop("no_translate")
    options["models"] = options.pop("models_file")
    return Settings.from_options(quiet=quiet, **options)


@main.command()
@click.argument("roots", nargs=-1, required=True)
@click.option("-o", "--output", "output", default=DEFAULT_OUTPUT, show_default=True,
              help="Output root; each article gets OUTPUT/<its path below ROOT, without suffix>/.")
@click.option("-g", "--glob", "globs", multiple=True, metavar="PATTERN",
              help="Only files whose path below ROOT matches, e.g. '*.txt' or '2020/*' (repeatable).")
@click.option("--force", is_flag=True, help="Redo articles whose brief is up to date.")
@click.option("--wait", is_flag=True,
              help="If another batch is writing into OUTPUT, or a folder above or below it, wait for it to finish "
                   "(default: exit 2 at once).")
@_brief_options
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Sentences per model call (default: models.yaml's, at least 64 on CUDA).")
@click.option("--group-size", type=click.IntRange(min=1), default=None,
              help="Articles translated together; their files are written when the group is done (default: max(16, batch size)).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where the models run: in this process, or on Ray workers (the [ray] extra; see docs/scale.md).")
@click.option("--ray-address", default=None, metavar="ADDR",
              help="--engine ray: the cluster to join, HOST:PORT of its head, or 'auto' ($RAY_ADDRESS, else the "
                   "cluster `ray start` started here); default: start a local one.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="--engine ray: workers, each loading the models once (default: as many as the cluster's CPUs allow).")
@click.option("--cpus-per-worker", type=click.FloatRange(min=0, min_open=True), default=None,
              help="--engine ray: CPUs Ray reserves for each worker (default 1).")
@click.option("--gpus-per-worker", type=click.FloatRange(min=0), default=None,
              help="--engine ray: GPUs for each worker, e.g. 1, or 0.5 for two on one GPU (default 0).")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary; only failures.")
@_max_bytes_option
@_model_options
@_debug_option
@_with_suffixes
def batch(roots, output, globs, force, wait, batch_size, group_size, engine, ray_address, workers, cpus_per_worker,
          gpus_per_worker, quiet, **options) -> None:
    """Make the brief of every {suffixes} file below each ROOT (a folder or a file).

    Up-to-date briefs (same input bytes, same models and settings) are skipped, a failing article
    is recorded and the rest go on; OUTPUT/manifest.jsonl logs every article of every run and
    OUTPUT/index.md lists them. Ctrl-C stops cleanly; the same command resumes. --engine ray runs
    the models on the workers of a Ray cluster; the files are written here, the same.
    """
    from .engines.logs import configure
    from .jobs.batch import BatchOptions, run_batch

    configure(debug=_debugging(), quiet=quiet)
    if quiet:
        for category in SHOWN_WARNINGS:
            warnings.simplefilter("ignore", category)
    batch_options = BatchOptions(globs, force, batch_size, group_size, debug=_debugging(), wait=wait, engine=engine,
                                 ray_address=ray_address, workers=workers, cpus_per_worker=cpus_per_worker,
                                 gpus_per_worker=gpus_per_worker)
    result = run_batch(list(roots), _settings(options, quiet), output, batch_options)
    sys.exit(result.exit_code)


@main.group()
def models() -> None:
    """List the configured models, fetch them into the hub cache, convert them for CTranslate2."""


@models.command("list")
@_model_options
@_debug_option
def models_list(models_file, offline) -> None:
    """Show each model in models.yaml: its task, where it comes from, whether it can run here (its
    files, and for CTranslate2 its converted copy), its size, and which engine it will run on and
    why (backend: auto picks CTranslate2 when converted)."""
    from .engines.choice import CTRANSLATE2, choose_backend, compute_note, runnable
    from .config import load_config
    from .engines.hub import status

    cfg = load_config(models_file)
    click.echo(f"# {cfg.path}")
    rows = [("NAME", "TASK", "KIND", "MODEL", "AVAILABLE", "SIZE", "ENGINE", "WHY")]
    for spec in cfg.models.values():
        st = status(spec)
        choice = choose_backend(spec, cfg.device)
        engine = choice.backend + (f" {choice.quantization}" if choice.quantization else "")
        reason = choice.reason
        if choice.backend == CTRANSLATE2:
            note = compute_note(spec, cfg.device)
            reason += f"; {note}" if note else ""
        rows.append((spec.name, spec.task, spec.kind, spec.model or "(built-in)",
                     "yes" if runnable(spec, choice) else "no", _size(st.size_bytes) if st.available else "-",
                     engine.replace(" ", "-"), reason))
    _table(rows)
    _device_note(cfg)
    _list_conversions(cfg)


def _device_note(cfg) -> None:
    """A line after ``models list``'s table when models.yaml's device (``cuda``, ``mps``) is not
    here: the check ``run`` and ``batch`` make before any work (``check_settings``), said ahead
    (a fresh user's report: the table showed every model runnable, and ``run`` then refused
    ``device: cuda``). ``auto`` and ``cpu`` need no check (and no torch import)."""
    if cfg.device in ("auto", "cpu"):
        return
    from .engines.transformers import pick_device
    from .errors import ConfigError

    try:
        pick_device(cfg.device, cfg.where("device"))
    except ConfigError as exc:
        click.echo(f"\n# note: {printable(exc)}; `summarize run` and `batch` stop on it before any work")


def _table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


def _list_conversions(cfg) -> None:
    """The CTranslate2 folders on this machine (IN USE: the engine a model of models.yaml runs on),
    and the ones a model pinned to ``backend: ctranslate2`` wants but lacks."""
    from .config import command_line
    from .engines.choice import CTRANSLATE2, choose_backend
    from .engines.ct2.convert import DEFAULT_QUANTIZATION, ct2_home, list_conversions

    found = list_conversions()
    have = {(c.name, c.quantization) for c in found}
    in_use = set()
    for spec in cfg.models.values():
        choice = choose_backend(spec, cfg.device)
        if choice.backend == CTRANSLATE2:
            in_use.add((spec.name, choice.quantization))
    missing = [(s.name, s.quantization or DEFAULT_QUANTIZATION) for s in cfg.models.values()
               if s.backend == CTRANSLATE2 and (s.name, s.quantization or DEFAULT_QUANTIZATION) not in have]
    if not found and not missing:
        return
    click.echo(f"\n# CTranslate2 conversions in {ct2_home()}")
    rows = [("NAME", "QUANTIZATION", "IN USE", "FROM", "SIZE")]
    for c in found:
        rows.append((c.name, c.quantization, "yes" if (c.name, c.quantization) in in_use else "-",
                     str(c.meta.get("model")), _size(c.size_bytes)))
    for name, quant in missing:
        command = command_line(["models", "convert", name, "--quantization", quant], cfg.path)
        rows.append((name, quant, "missing", f"run `{command}`", "-"))
    _table(rows)


@models.command("pull")
@click.argument("names", nargs=-1)
@click.option("--no-convert", is_flag=True,
              help="Do not convert what was pulled for CTranslate2 (the default when ctranslate2 is installed).")
@_model_options
@_debug_option
def models_pull(names, no_convert, models_file, offline) -> None:
    """Download the models NAMES (default: the summariser and translators models.yaml uses) into
    the hub cache, and convert each for CTranslate2 when ctranslate2 is installed (backend: auto
    then runs it there). An alternative such as nllb-200-1.3B comes when named. Every model that
    cannot be had (no network, HF_HUB_OFFLINE, --offline) is named in one line."""
    from .config import command_line, load_config
    from .engines.choice import ctranslate2_importable
    from .engines.hub import pull_models

    cfg = load_config(models_file)
    if names:
        specs = [cfg.model(n, "NAMES") for n in names]
    else:  # what the configured summariser and targets use
        used = dict.fromkeys([cfg.summarizer, *(cfg.target(t).translator for t in cfg.targets)])
        specs = [cfg.model(n) for n in used]
    convert = not no_convert and ctranslate2_importable() is None
    for spec in specs:
        if spec.model is None or spec.is_local:
            where = "built in" if spec.model is None else \
                f"local folder; `{command_line(['models', 'convert', spec.name], cfg.path)}` converts it"
            click.echo(f"{spec.name}: nothing to pull ({where})", err=True)

    def pulled(spec, path) -> None:
        click.echo(f"{spec.name}: {path}")
        if convert and spec.backend != "transformers":
            _convert(spec, None, cfg.path, cfg.device)

    # every model it cannot get is named in one line, as run names its missing models
    if pull_models(specs, offline=offline, pulled=pulled) and not no_convert and not convert:
        click.echo("summarize: ctranslate2 is not installed, so nothing was converted; models run on transformers "
                   f"(pip install 'summarize[fast]', then `{command_line(['models', 'convert'], cfg.path)} NAME`, "
                   "for the faster engine)", err=True)


@models.command("convert")
@click.argument("name")
@click.option("--quantization", type=click.Choice(["int8", "int8_float16", "int8_bfloat16", "float16", "bfloat16", "float32"]),
              default=None, help="Weight type of the converted model (default: the model's `quantization` in models.yaml, "
                                 "else int8). Another type than models.yaml's is used once models.yaml says "
                                 "`quantization: TYPE` for the model.")
@_model_options
@_debug_option
def models_convert(name, quantization, models_file, offline) -> None:
    """Convert model NAME (a local folder or already in the hub cache) for the CTranslate2 backend.

    Works offline. The folder goes beside the hub cache ($HF_HOME/summarize-ct2/NAME-QUANTIZATION).
    With `backend: auto` (the default) the model then runs on CTranslate2 with no edit when the
    folder is of the quantization models.yaml names for it (`quantization:`, default int8); for
    another --quantization, set `quantization: TYPE` under models.NAME in models.yaml (the
    command says so). Needs the `fast` extra: pip install 'summarize[fast]'."""
    from .config import load_config

    cfg = load_config(models_file)
    _convert(cfg.model(name, "NAME"), quantization, cfg.path, cfg.device)


def _convert(spec, quantization: str | None, config_path: str, device: str | None = None) -> None:
    """Convert ``spec`` (``models pull`` and ``models convert``) and say where it went and which
    engine the model will now run on; for a ``quantization`` other than the one models.yaml
    (``config_path``) names for it, the edit that makes it run on the new folder."""
    from .engines.choice import choose_backend
    from .engines.ct2.convert import DEFAULT_QUANTIZATION, convert

    from .errors import ModelNotAvailableError

    configured = spec.quantization or DEFAULT_QUANTIZATION
    quant = quantization or configured
    try:
        done = convert(spec, quant)
    except ModelNotAvailableError as exc:  # without run's "or ... --no-translate": no brief is being made
        raise ModelNotAvailableError(exc.name, exc.model, exc.looked_in, exc.hint, task=exc.task, pull=exc.pull) from None
    made = f"{spec.name}: {done.path} ({quant}, {_size(done.size_bytes)})"
    if quant != configured and spec.backend != "transformers":
        asks = "names no quantization (int8)" if spec.quantization is None else f"names quantization: {configured}"
        click.echo(f"{made}; not used yet: {config_path} {asks} for it; set `quantization: {quant}` under "
                   f"models.{spec.name} in {config_path} to run on it")
        return
    choice = choose_backend(spec, device)
    click.echo(f"{made}; runs on {choice.backend} ({choice.reason})")


def _size(n: int | None) -> str:
    if not n:
        return "0 B"
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


from .cli_review import register as _register_review  # noqa: E402

_register_review(main, debug_option=_debug_option, table=_table)


def _exit_codes_on_every_command(command: click.Command) -> None:
    """:data:`EXIT_CODES` at the end of the --help of ``command`` and of every command below it
    (a fresh user's report: ``batch --help`` had a list of its own, without 141)."""
    command.epilog = EXIT_CODES
    for sub in getattr(command, "commands", {}).values():
        _exit_codes_on_every_command(sub)


_exit_codes_on_every_command(main)

if __name__ == "__main__":  # pragma: no cover
    main()
