"""Running the pipeline over the articles named on the command line, writing their briefs.

Each article is isolated: one that fails is reported on stderr (one line naming it) and the rest
go on. Models are loaded once, on the first article that needs them.
"""

from __future__ import annotations

import os
import shlex
import sys
import traceback
import warnings
from pathlib import Path
from typing import Callable

from typing import TYPE_CHECKING

from ..errors import ConfigError, InputError, ModelNotAvailableError, SummarizeError, printable
from ..logstream import log_line
from ..reading.source import article_stem, check_article_path, is_url
from ..writers.folder import DEFAULT_OUTPUT, folder_name, safe_folder
from ..writers.fsutil import ensure_folder, missing_folders, remove_empty_folders, write_stdout
from .signals import SignalGuard
from .overwrite import input_in_folder, input_in_folder_problem, other_article, refuse_another_articles_folder
from .stamp import write_brief

__all__ = ["distinct_outputs", "other_article", "output_folder", "refuse_another_articles_folder", "run_articles",
           "suggest_batch"]

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..settings import Settings


def output_folder(root: str | Path, stem: str, article: str | None = None) -> Path:
    """``root/stem``, refusing a stem that would leave ``root`` (``/``, empty, or a folder there
    that is a symbolic link to elsewhere); control characters, backslashes and a stem of dots only
    become ``_`` (``writers.folder.folder_name``: the brief of ``..txt`` goes to ``root/_``).

    Raises:
        InputError: the stem is not a safe single folder name; the message names ``article``
            (the input, as given) when it is given, else the stem.
    """
    try:
        if "/" in stem:
            raise InputError(stem, "is not a safe output folder name")
        return safe_folder(root, folder_name(stem))
    except InputError as exc:
        if article is None:
            raise
        raise InputError(article, f"its brief's folder {printable(Path(root) / folder_name(stem))}/ cannot be used: "
                                  f"{exc.problem}") from None


def distinct_outputs(articles: list[str], root: str | Path) -> list[str]:
    """``articles`` with repeats of the same file dropped (first kept), after checking that no
    two different files would write to the same ``root/<stem>/``.

    Raises:
        ConfigError: two files share a stem (``a.txt`` and ``news/a.txt``, or ``a.txt`` and
            ``a.md``), or a file lies in its own brief's folder (``briefs/a/a.md``), which the
            brief would overwrite; exit code 2, before any article is read.
    """
    seen: dict[str, str] = {}
    real: set[str] = set()
    out: list[str] = []
    for article in articles:
        if article == "-" or is_url(article):
            out.append(article)
            continue
        path = os.path.realpath(article)
        if path in real:
            continue
        real.add(path)
        stem = article_stem(article)
        key = folder_name(stem).casefold()
        if key in seen:
            raise ConfigError(
                "ARTICLES",
                f"{seen[key]} and {article} would both be written to {Path(root) / folder_name(stem)}/; "
                "rename one, or use `summarize batch`, which mirrors their folders",
            )
        if input_in_folder(Path(root) / folder_name(stem), article):
            raise ConfigError(article, input_in_folder_problem(Path(root) / folder_name(stem)))
        seen[key] = article
        out.append(article)
    return out


def suggest_batch(article: str, exc: InputError) -> InputError:
    """``exc``, or, when ``article`` is a folder (``summarize run some-folder/``), the same
    one-line error with the command that briefs the articles in it: ``summarize batch``."""
    if exc.source != article or article == "-" or is_url(article) or not os.path.isdir(article):
        return exc
    return InputError(article, f"{exc.problem}; to brief every article in it, run `summarize batch {shlex.quote(article)}`")


def run_articles(
    articles: list[str],
    settings: Settings,
    output: str | None = None,
    *,
    log: Callable[[str], None] | None = None,
    debug: bool = False,
) -> list[tuple[str, str]]:
    """Make and write the brief of each article with ``settings``; return ``[(article, reason)]``
    for the articles that failed (the rest are written).

    Output goes to ``output/<stem>/`` (default ``./briefs``, :data:`~summarize.settings.DEFAULT_OUTPUT`).
    With ``output='-'``, or a single ``-`` input with no ``output`` and a single format, the
    document is printed to stdout. ``log`` takes each progress and error line (default: stderr,
    control characters escaped by ``errors.printable``; a stderr that cannot be written is given
    up, never raised: ``logstream``). ``debug`` (``--debug``): an article's failure, which the
    run goes on after and so does not raise, is logged with its traceback before its line.

    Raises:
        ConfigError: ``output`` and the settings do not fit (stdout takes one article in one
            format), ``-`` given twice, or two files that would share an output folder (before
            any article is read).
        ModelNotAvailableError: a model cannot be had (every missing model of the run named in
            one line, before any work where the run surely needs it, see
            ``Pipeline.check_models``; the files that no model could brief are logged first, and
            when every article is such a file, they are the only failures); every later article
            would fail the same way. A ``-o`` folder this call made is removed if nothing was
            written to it.
        KeyboardInterrupt: Ctrl-C or SIGTERM (``jobs.signals.BatchInterrupted``); a brief being
            written when it came is finished first, so no folder is left half-written.
    """
    log = log or (lambda msg: log_line(printable(msg)))  # a stderr that cannot be written stops no work
    failed = _FailureLog(log, debug)
    writers = list(settings.writers)
    if output is not None and not output.strip():
        raise ConfigError("-o", "is empty; give a folder, or '-' for stdout")
    to_stdout = output == "-" or (output is None and articles == ["-"] and len(writers) == 1)
    if to_stdout and (len(writers) != 1 or len(articles) != 1):
        raise ConfigError("-o -", "stdout takes one article in one format (e.g. --format md)")
    targets = settings.config.targets
    if to_stdout and writers[0].stdout_takes_one_target and len(targets) > 1:
        raise ConfigError("-o -", f"--format {writers[0].format} makes one file per target and stdout takes one: "
                                  f"pick one target (e.g. --targets {targets[0]}) or write to a folder")
    if articles.count("-") > 1:
        raise ConfigError("ARTICLES", "'-' (stdin) can be read only once")
    pipeline = settings.pipeline()
    root = Path(output or DEFAULT_OUTPUT)
    failures, articles = _missing_files(articles, failed)  # a typo is told before any model is asked for
    if not articles:
        return failures
    made: list[Path] = []
    if not to_stdout:
        articles = distinct_outputs(articles, root)
        made = missing_folders(root)
        ensure_folder(root, "-o")
    try:
        try:
            pipeline.check_models()  # every missing model in one line, before any article is read
        except ModelNotAvailableError:
            bad = _unreadable(articles, pipeline, failed)  # told first: fixed while the models come
            failures += bad
            articles = [a for a in articles if a not in {article for article, _ in bad}]
            if not articles:
                return failures  # no article left that the models would serve
            raise
        with SignalGuard() as guard:  # SIGTERM as Ctrl-C: exit 130, no half-written brief
            return failures + _run_each(articles, pipeline, writers, root, to_stdout, settings.quiet, log, guard, failed)
    finally:
        remove_empty_folders(made)  # a run that wrote nothing leaves no new empty -o folder


class _FailureLog:
    """How ``run_articles`` tells an article's failure: one ``summarize: error:`` line through
    ``log``; with ``debug``, the traceback of the exception first, as ``--debug`` shows it for an
    error that ends the command (the run goes on after an article's failure, so it is not raised)."""

    def __init__(self, log: Callable[[str], None], debug: bool):
        self.log, self.debug = log, debug

    def __call__(self, line: str, exc: BaseException | None = None) -> None:
        if self.debug and exc is not None:
            for trace_line in "".join(traceback.format_exception(exc)).splitlines():  # each line its own
                self.log(trace_line)
        self.log(line)


def _unreadable(articles: list[str], pipeline: Pipeline, log: _FailureLog) -> list[tuple[str, str]]:
    """``[(article, reason)]`` for the files of ``articles`` that cannot be briefed whatever the
    models (``Pipeline.read``: binary, empty, undecodable, too large, no article text, not
    English), each logged as one error line. Reads each file (not ``-``, not URLs), warnings
    muted (they come again when the article is briefed); for a run whose models are missing, so
    that the user learns of every problem at once."""
    bad: list[tuple[str, str]] = []
    for article in articles:
        if article == "-" or is_url(article):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pipeline.read(article)
        except InputError as exc:
            bad.append((article, str(exc)))
            log(f"summarize: error: {exc}", exc)
    return bad


def _missing_files(articles: list[str], log: _FailureLog) -> tuple[list[tuple[str, str]], list[str]]:
    """``(failures, the rest)``: the files of ``articles`` that are not there or are no article
    file (``reading.source.check_article_path``; a folder with the ``summarize batch`` hint),
    each logged as one error line, and the articles left to brief (``-`` and URLs always)."""
    failures: list[tuple[str, str]] = []
    rest: list[str] = []
    for article in articles:
        if article != "-" and not is_url(article):
            try:
                check_article_path(article)
            except InputError as exc:
                told = suggest_batch(article, exc)
                failures.append((article, str(told)))
                log(f"summarize: error: {told}", exc)
                continue
        rest.append(article)
    return failures, rest


def _run_each(articles: list[str], pipeline: Pipeline, writers: list, root: Path, to_stdout: bool, quiet: bool,
              log: Callable[[str], None], guard, failed: _FailureLog) -> list[tuple[str, str]]:
    """The loop of ``run_articles``: one brief per article, written (or printed) as it is made;
    progress lines through ``log``, failures through ``failed``."""
    failures: list[tuple[str, str]] = []
    used: dict[Path, str] = {}
    for article in articles:
        try:
            if not to_stdout and article != "-" and not is_url(article):  # before minutes of models
                refuse_another_articles_folder(output_folder(root, article_stem(article), article), article)
            brief = pipeline.brief(article, stdin=sys.stdin.buffer if article == "-" else None)
            if to_stdout:
                write_stdout(writers[0].to_stdout(brief))
                continue
            folder = output_folder(root, brief.article.stem, article)
            if used.setdefault(folder, article) != article:  # e.g. two URLs with the same last part
                raise InputError(article, f"its brief would overwrite {used[folder]}'s in {folder}/; run it on its own with another -o")
            refuse_another_articles_folder(folder, article)  # a URL's folder is known only now
            with guard.critical():  # a signal waits until the brief's files and stamp are all written
                written = write_brief(folder, brief, writers, input=str(article),
                                      input_sha256=brief.article.metadata.get("sha256"), config_fingerprint=None)
            if not quiet:
                log(f"{article}: wrote {len(written)} file{'s' * (len(written) != 1)} to {folder}/")
        except InputError as exc:
            told = suggest_batch(article, exc)
            failures.append((article, str(told)))
            failed(f"summarize: error: {told}", exc)
        except SummarizeError as exc:
            if len(articles) == 1 or isinstance(exc, ModelNotAvailableError):
                raise
            failures.append((article, str(exc)))
            failed(f"summarize: error: {article}: {exc}", exc)
    return failures
