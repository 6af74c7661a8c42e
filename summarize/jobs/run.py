"""Running the pipeline over the articles named on the command line, writing their briefs.

Each article is isolated: one that fails is reported on stderr (one line naming it) and the rest
go on. Models are loaded once, on the first article that needs them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

from ..config import load_config
from ..engines.transformers import check_settings
from ..errors import ConfigError, InputError, ModelNotAvailableError, SummarizeError
from ..pipeline import BriefOptions, Pipeline
from ..reading.source import DEFAULT_MAX_BYTES, is_url
from ..writers import writers_for
from ..writers.folder import safe_folder
from ..writers.fsutil import ensure_folder
from .signals import SignalGuard
from .stamp import write_brief

DEFAULT_OUTPUT = "briefs"


def output_folder(root: str | Path, stem: str) -> Path:
    """``root/stem``, refusing a stem that would leave ``root`` (``..``, ``/``, empty).

    Raises:
        InputError: the stem is not a safe single folder name.
    """
    if "/" in stem:
        raise InputError(stem, "is not a safe output folder name")
    return safe_folder(root, stem)


def distinct_outputs(articles: list[str], root: str | Path) -> list[str]:
    """``articles`` with repeats of the same file dropped (first kept), after checking that no
    two different files would write to the same ``root/<stem>/``.

    Raises:
        ConfigError: two files share a stem (``a.txt`` and ``news/a.txt``, or ``a.txt`` and
            ``a.md``); exit code 2, before any article is read.
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
        key = (Path(article).stem or "article").casefold()
        if key in seen:
            raise ConfigError(
                "ARTICLES",
                f"{seen[key]} and {article} would both be written to {Path(root) / Path(article).stem}/; "
                "rename one, or use `summarize batch`, which mirrors their folders",
            )
        seen[key] = article
        out.append(article)
    return out


def run_articles(
    articles: list[str],
    *,
    output: str | None = None,
    formats: str = "all",
    targets: str | None = None,
    summarizer: str | None = None,
    translate: bool = True,
    source_lang: str | None = None,
    back_translate: bool = False,
    keep_boilerplate: bool = False,
    device: str | None = None,
    dtype: str | None = None,
    quiet: bool = False,
    models_file: str | None = None,
    offline: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    log: Callable[[str], None] | None = None,
) -> list[tuple[str, str]]:
    """Make and write the brief of each article; return ``[(article, reason)]`` for failures.

    Output goes to ``output/<stem>/`` (default ``./briefs``). With ``output='-'``, or a single
    ``-`` input with no ``output`` and a single format, the document is printed to stdout.

    Raises:
        ConfigError: bad models.yaml, target, summariser or format, or two files that would share
            an output folder (before any article is read).
        ModelNotAvailableError: a model cannot be had; every later article would fail the same way.
        KeyboardInterrupt: Ctrl-C or SIGTERM (``batch.BatchInterrupted``); a brief being written
            when it came is finished first, so no folder is left half-written.
    """
    log = log or (lambda msg: print(msg, file=sys.stderr))
    config = load_config(models_file, summarizer=summarizer, targets=targets, device=device, dtype=dtype)
    writers = writers_for(formats, translate=translate)
    check_settings(config.device, config.where("device"))  # a bad $SUMMARIZE_THREADS or device stops here, before any work
    if output is not None and not output.strip():
        raise ConfigError("-o", "is empty; give a folder, or '-' for stdout")
    if back_translate and not translate:
        raise ConfigError("--back-translate", "needs translations; drop --no-translate or --back-translate")
    to_stdout = output == "-" or (output is None and articles == ["-"] and len(writers) == 1)
    if to_stdout and (len(writers) != 1 or len(articles) != 1):
        raise ConfigError("-o -", "stdout takes one article in one format (e.g. --format md)")
    if to_stdout and writers[0].stdout_takes_one_target and len(config.targets) > 1:
        raise ConfigError("-o -", f"--format {writers[0].format} makes one file per target and stdout takes one: "
                                  f"pick one target (e.g. --targets {config.targets[0]}) or write to a folder")
    if articles.count("-") > 1:
        raise ConfigError("ARTICLES", "'-' (stdin) can be read only once")
    options = BriefOptions(
        targets=config.targets, translate=translate, keep_boilerplate=keep_boilerplate,
        source_lang=source_lang, back_translate=back_translate, max_bytes=max_bytes,
    )
    pipeline = Pipeline(config, options, offline=offline)
    root = Path(output or DEFAULT_OUTPUT)
    if not to_stdout:
        articles = distinct_outputs(articles, root)
        ensure_folder(root, "-o")

    with SignalGuard() as guard:  # SIGTERM as Ctrl-C: exit 130, no half-written brief
        return _run_each(articles, pipeline, writers, root, to_stdout, quiet, log, guard)


def _run_each(articles: list[str], pipeline: Pipeline, writers: list, root: Path, to_stdout: bool, quiet: bool,
              log: Callable[[str], None], guard) -> list[tuple[str, str]]:
    """The loop of ``run_articles``: one brief per article, written (or printed) as it is made."""
    failures: list[tuple[str, str]] = []
    used: dict[Path, str] = {}
    for article in articles:
        try:
            brief = pipeline.brief(article, stdin=sys.stdin.buffer if article == "-" else None)
            if to_stdout:
                sys.stdout.buffer.write(writers[0].to_stdout(brief))
                sys.stdout.flush()
                continue
            folder = output_folder(root, brief.article.stem)
            if used.setdefault(folder, article) != article:  # e.g. two URLs with the same last part
                raise InputError(article, f"its brief would overwrite {used[folder]}'s in {folder}/; run it on its own with another -o")
            with guard.critical():  # a signal waits until the brief's files and stamp are all written
                written = write_brief(folder, brief, writers, input=str(article), tool_version=brief.tool_version,
                                      input_sha256=brief.article.metadata.get("sha256"), config_fingerprint=None)
            if not quiet:
                log(f"{article}: wrote {len(written)} file{'s' * (len(written) != 1)} to {folder}/")
        except InputError as exc:
            failures.append((article, str(exc)))
            log(f"summarize: error: {exc}")
        except SummarizeError as exc:
            if len(articles) == 1 or isinstance(exc, ModelNotAvailableError):
                raise
            failures.append((article, str(exc)))
            log(f"summarize: error: {article}: {exc}")
    return failures
