"""Batch processing of article folders: resumable, isolated, fast.

``run_batch(roots, settings, output, batch_options)`` makes the brief of every supported file below ``roots`` into
``output/<relative path>/`` (see ``discover``), and:

- skips each article whose brief is up to date (same input bytes, same effective configuration;
  see ``stamp``) without loading any model when nothing is left to do; ``force`` redoes them;
- loads each model once, and pools articles in groups: their summaries go through the summariser
  together where it allows, their sentences through each translator together in length-sorted
  batches (``Pipeline.finish``), then everything is put back per article, in order. Each
  article's files are written as soon as its group is finished, so finished work survives a
  crash;
- isolates failures: an article that cannot be read, is empty, or on which a model fails is
  recorded with its reason and the batch goes on. A model that cannot be loaded at all stops the
  batch (every article would fail alike): the articles not done are recorded as failed with the
  reason, and the error is raised;
- appends a line per article to ``output/manifest.jsonl`` (see ``manifest``) and writes
  ``output/index.md`` (and ``index.html`` with the html format) at the end;
- on SIGINT or SIGTERM abandons the group in flight (an article being written is finished
  first), keeps every finished article, records the rest as ``interrupted``, and returns with
  ``interrupted`` set (exit code 130). Running the same command again resumes.

Two engines make the briefs. ``local`` (the default) runs the models in this process. ``ray``
(``BatchOptions(engine="ray")``, the ``[ray]`` extra) sends each group to workers on a Ray cluster
(see ``ray_engine``); everything else above (discovery, skipping, reading, the manifest, the index,
the writing of every file) stays here, so the briefs are the same and the cluster needs no shared
file system.

Exit codes (``BatchResult.exit_code``): 0 no article failed, 1 some article failed, 130
interrupted. The CLI adds 2 for a usage or configuration error.
"""

from __future__ import annotations

import os
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable, Sequence, TextIO, TypeVar

from ..brief import Article, Brief
from ..config import Config
from ..errors import (ConfigError, EngineError, FolderInUseError, InputError, ModelError, ModelLoadError, ModelNotAvailableError,
                      OutputError, first_line, printable)
from ..logstream import log_line
from ..writers.folder import DEFAULT_OUTPUT
from ..writers.fsutil import ensure_folder
from .discover import (LeftOut, assign_folders, check_roots, discover, left_out_note, links_outside, nested_batch_files,
                       nothing_found, problem_folders, recorded_folders, refuse_roots_in)
from .index import latest_rows, write_indexes
from .lock import nested_in_use, output_lock
from .manifest import Manifest
from .overwrite import other_article
from .progress import Progress
from .records import ArticleRecord, BatchResult
from .signals import BatchInterrupted, SignalGuard
from .stamp import (brief_stamp_fields, file_sha256, is_up_to_date, memory_in_use, outdated_by_memory, record_moved_input,
                    write_brief)

T = TypeVar("T")
R = TypeVar("R")

#: Errors that stop a batch: every article would fail alike.
FATAL = (ModelNotAvailableError, ModelLoadError)

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..engines.summarizers.base import Summarizer
    from ..engines.translators.base import Translator
    from ..settings import Settings

#: Sentences per ``generate`` call on a CUDA device when ``--batch-size`` is not given: at least
#: this many (a GPU is idle with fewer); on CPU and MPS, models.yaml's ``batch_size`` (16).
CUDA_MIN_BATCH_SIZE = 64

#: Articles pooled per group when not given: at least this many, and at least the batch size,
#: so that each group gives every translator several full length-sorted batches.
MIN_GROUP_SIZE = 16

#: The engines that make the briefs (see the module doc).
ENGINES = ("local", "ray")


def effective_batch_size(configured: int, device: str, requested: int | None = None) -> int:
    """Sentences per ``generate`` call: ``requested`` when given, else ``configured`` (models.yaml)
    raised to CUDA_MIN_BATCH_SIZE on a CUDA device.

    Raises:
        ConfigError: ``requested`` is not a positive number.
    """
    if requested is not None:
        if requested < 1:
            raise ConfigError("--batch-size", f"expected a positive whole number, got {requested}")
        return requested
    return max(configured, CUDA_MIN_BATCH_SIZE) if device.startswith("cuda") else configured


def with_batch_size(config: Config, requested: int | None) -> Config:
    """``config`` with every model's ``batch_size`` set by :func:`effective_batch_size` for the
    device it will run on (resolving ``auto`` imports torch: call this only when models will
    load)."""
    device = config.device
    if requested is None and device == "auto":
        from ..engines.transformers import pick_device

        device = pick_device("auto")
    models = {n: replace(s, batch_size=effective_batch_size(s.batch_size, device, requested)) for n, s in config.models.items()}
    return replace(config, models=MappingProxyType(models))


@dataclass(frozen=True)
class BatchOptions:
    """What only a batch has: ``globs`` (patterns that narrow what the walk finds, see
    ``discover.discover``), ``force`` (redo up-to-date articles), ``batch_size`` (sentences per
    ``generate`` call, see :func:`effective_batch_size`), ``group_size`` (articles pooled per group;
    default max(MIN_GROUP_SIZE, batch size)), ``debug`` (each failure's traceback in the log) and
    ``wait`` (when another batch holds the output folder's lock, see ``jobs.lock``, wait for it
    instead of raising FolderInUseError).

    ``engine``: ``local`` or ``ray`` (see the module doc). Only with ``ray`` (None: not given):
    ``ray_address`` (the cluster to join, e.g. ``HEAD:6379`` or ``auto``; None starts a local
    one), ``workers`` (Ray workers, each loading the models once; None: as many as the cluster's
    CPUs, or GPUs, allow), ``cpus_per_worker`` (CPUs Ray reserves for each; None: 1) and
    ``gpus_per_worker`` (GPUs, a fraction shares one; None: 0). See ``ray_engine``.

    Raises:
        ConfigError: an empty glob pattern, a batch or group size below 1, an unknown engine, a
            malformed Ray address (``ray_engine.check_address``: no port, one outside 1-65535), a
            worker count below 1, CPUs per worker not above 0, GPUs per worker below 0, or a Ray
            option with the local engine (on construction).
    """

    globs: tuple[str, ...] = ()
    force: bool = False
    batch_size: int | None = None
    group_size: int | None = None
    debug: bool = False
    wait: bool = False
    engine: str = "local"
    ray_address: str | None = None
    workers: int | None = None
    cpus_per_worker: float | None = None
    gpus_per_worker: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "globs", tuple(self.globs))
        if any(not g.strip() for g in self.globs):
            raise ConfigError("--glob", "an empty pattern; give one such as '*.txt' or '2020/*'")
        if self.batch_size is not None:
            effective_batch_size(16, "cpu", self.batch_size)  # validate early
        if self.group_size is not None and self.group_size < 1:
            raise ConfigError("--group-size", f"expected a positive whole number, got {self.group_size}")
        if self.engine not in ENGINES:
            raise ConfigError("--engine", f"expected one of {', '.join(ENGINES)}, got {self.engine!r}")
        ray_only = {"--ray-address": self.ray_address, "--workers": self.workers,
                    "--cpus-per-worker": self.cpus_per_worker, "--gpus-per-worker": self.gpus_per_worker}
        if self.engine != "ray":
            for flag, value in ray_only.items():
                if value is not None:
                    raise ConfigError(flag, "only with --engine ray")
        if self.ray_address is not None and not self.ray_address.strip():
            raise ConfigError("--ray-address", "empty; give HOST:PORT (e.g. head:6379), or leave it out to start a local cluster")
        if self.ray_address is not None:
            from .ray_engine import check_address  # imports no ray

            check_address(self.ray_address)  # Ray would retry a port out of range for ever
        if self.workers is not None and (isinstance(self.workers, bool) or not isinstance(self.workers, int) or self.workers < 1):
            raise ConfigError("--workers", f"expected a positive whole number, got {self.workers!r}")
        for flag, value, least in (("--cpus-per-worker", self.cpus_per_worker, 0.0),
                                   ("--gpus-per-worker", self.gpus_per_worker, None)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0 \
                    or (least is not None and value <= least):
                raise ConfigError(flag, f"expected a number {'above 0' if least is not None else '0 or more'}, got {value!r}")


def run_batch(
    roots: Sequence[str | os.PathLike],
    settings: Settings,
    output: str | os.PathLike = DEFAULT_OUTPUT,
    batch_options: BatchOptions = BatchOptions(),
    *,
    stream: TextIO | None = None,
    tty: bool | None = None,
    use_summarizer: Summarizer | None = None,
    use_translator: Translator | None = None,
    handle_signals: bool = True,
) -> BatchResult:
    """Make the brief of every article below ``roots`` into ``output`` (see the module doc).

    Args:
        roots: folders (walked recursively) and files.
        settings: models, brief options, formats, offline, quiet (see ``settings.Settings``).
        output: the output root; each article gets ``output/<relative path without suffix>/``.
        batch_options: globs, force, batch and group size, debug, wait (see :class:`BatchOptions`).
        stream/tty: where and how progress goes (default stderr, a bar when it is a terminal); a
            stream that cannot be written stops the lines, never the work (``logstream``).
        use_summarizer, use_translator: objects to use instead of the configured models (tests).
        handle_signals: turn SIGINT/SIGTERM into a clean stop (only from the main thread).

    Returns:
        A BatchResult; its ``exit_code`` is 0, 1 or 130.

    Raises:
        InputError: a root does not exist or cannot be looked at (exit code 1; before the output
            folder is made).
        ConfigError: ``output`` is ``-``, or a root lies in it.
        FolderInUseError: another batch is writing into ``output``, or into a folder above or below
            it (exit code 2), unless ``batch_options.wait``.
        ModelNotAvailableError, ModelError: a model cannot be loaded (after recording every
            article not done as failed, in the manifest and index).
        OSError: ``index.md`` or ``index.html`` cannot be written (a full disk; after the summary
            line; its ``filename`` names the index, see ``index.write_indexes``).
        EngineError: ``--engine ray`` and the Ray cluster cannot be started, reached, or was
            lost (after the same recording); EngineConfigError (exit code 2): no node of the
            cluster has the CPUs or GPUs one worker asks.
    """
    t0 = time.perf_counter()
    bo = batch_options
    if bo.engine == "ray":
        from .ray_engine import check_available

        check_available()  # before any work: a missing extra is a configuration error
    config, writers = settings.config, list(settings.writers)
    fingerprint = settings.fingerprint(summarizer=use_summarizer, translator=use_translator)
    memory = memory_in_use(settings.tm)  # recorded in each stamp beside the fingerprint (see stamp.outdated_by_memory)

    if str(output) == "-":
        raise ConfigError("-o -", "batch writes a folder per article; stdout is for `summarize run` with one article")
    roots = list(roots)
    check_roots(roots)  # before the output folder is made
    if not bo.wait:  # a batch writing above or below: refused before anything is made in its tree
        busy = nested_in_use(output)
        if busy is not None:
            raise busy
    out_root = ensure_folder(output, "-o")

    def waiting(busy: FolderInUseError) -> None:
        if not settings.quiet:
            log_line(f"summarize: {printable(busy.what)}; waiting (--wait)", stream)

    refuse_roots_in(roots, [out_root])  # before the lock: its file would be left in an input folder
    with output_lock(out_root, wait=bo.wait, on_wait=waiting):  # one batch per output folder at a time
        left_out: list[LeftOut] = []  # article files lying in batch output, which the walk does not enter
        sources = discover(roots, globs=bo.globs, exclude=[out_root], left_out=left_out)
        # briefed articles keep their folders; none takes a nested batch's manifest or index
        named: dict[str, set[str]] = {}  # the paths each article was recorded under (a link to it, maybe)
        recorded = recorded_folders(out_root, named)
        folders = assign_folders(sources, out_root, recorded, nested_batch_files(out_root), named)
        earlier = problem_folders(sources, folders, out_root, recorded)  # a broken link's earlier brief keeps its link
        manifest = Manifest(out_root)
        records = [ArticleRecord(s, f if isinstance(f, Path) else earlier.get(i)) for i, (s, f) in enumerate(zip(sources, folders))]

        # Plan: what is up to date, what cannot even be hashed or placed, what is left to do.
        todo: list[ArticleRecord] = []
        failed_early: list[tuple[ArticleRecord, str]] = []
        by_memory = 0  # up to date but for the translation memory (another one, or its entries)
        for rec, folder in zip(records, folders):
            if isinstance(folder, InputError):
                failed_early.append((rec, folder.problem))
                continue
            try:
                rec.sha256 = file_sha256(rec.source.path)
            except OSError as exc:
                failed_early.append((rec, f"cannot read the file: {exc.strerror or exc}"))
                continue
            stamp = None if bo.force else is_up_to_date(folder, rec.sha256, fingerprint)
            if stamp is not None and outdated_by_memory(folder, stamp, memory) is not None:
                stamp, by_memory = None, by_memory + 1
            if stamp is not None:
                record_moved_input(folder, stamp, str(rec.source.path))  # the folder is this path's now
                rec.status, rec.files = "skipped", list(stamp.get("files", []))
                rec.reason = "up to date"
                rec.flags, rec.title, rec.models = int(stamp.get("flags", 0)), stamp.get("title"), stamp.get("models", {})
            else:
                todo.append(rec)

        # A name the walk found that is no article file (a broken link, a folder) is no article to
        # do: it gets its error line and is recorded as failed, but is counted apart. An article
        # that cannot be hashed or placed is one to do that fails at once.
        odd = sum(rec.source.problem is not None for rec, _reason in failed_early)
        articles, to_do = len(records) - odd, len(todo) + len(failed_early) - odd
        progress = Progress(to_do, quiet=settings.quiet, stream=stream, tty=tty)
        skipped = sum(r.status == "skipped" for r in records)
        for left in left_out:  # first: never briefed, and no record says so
            progress.note(f"warning: {left_out_note(left)}")
        if records:
            also = (f" (and {odd} name{'s that are not article files' if odd != 1 else ' that is not an article file'}: see below)"
                    if odd else "")
            progress.note(f"{articles} article{'s' * (articles != 1)} found below {', '.join(map(printable, roots))}{also}; "
                          f"{skipped} up to date{' (--force redoes them)' if skipped else ''}, {to_do} to do"
                          f"{f' ({by_memory} because of the translation memory)' if by_memory else ''}")
        else:  # exit 0 all the same: nothing failed (an empty inbox is no error)
            progress.note(nothing_found(roots, bo.globs, other=bool(left_out)))
        outside = links_outside(sources, roots)
        if outside:
            progress.note(f"warning: {outside}")
        guard = SignalGuard(handle_signals)
        run = _Run(manifest, progress, bo.debug)
        interrupted = False
        pipeline: Pipeline | None = None
        loaded: list[str] = []  # --engine ray: the names of the models the workers loaded
        fatal: BaseException | None = None
        with guard:
            try:
                with guard.critical():
                    manifest.append_many([rec.manifest_line(out_root) for rec in records if rec.status == "skipped"])
                    for rec, reason in failed_early:
                        run.fail(rec, reason, counted=rec.source.problem is None)
                if todo and bo.engine == "ray":
                    from .ray_engine import run_on_ray

                    run_on_ray(todo, settings, bo, writers, (fingerprint, memory), run, guard, loaded,
                               use_summarizer=use_summarizer, use_translator=use_translator)
                elif todo:
                    cfg = with_batch_size(config, bo.batch_size)
                    pipeline = settings.pipeline(config=cfg, summarizer=use_summarizer, translator=use_translator)
                    pipeline.check_models()  # every missing model in one line, before any article is read
                    size = bo.group_size or default_group_size(max((s.batch_size for s in cfg.models.values()), default=16))
                    for start in range(0, len(todo), size):
                        _run_group(pipeline, todo[start : start + size], writers, (fingerprint, memory), run, guard)
            except KeyboardInterrupt:
                interrupted = True
            except (ModelNotAvailableError, ModelError, EngineError) as exc:  # all would fail alike
                fatal = exc
            with guard.critical(raise_pending=False):  # bookkeeping is never cut short
                left = [rec for rec in records if rec.status == "pending"]
                for rec in left:
                    if fatal is not None:
                        rec.status, rec.reason = "failed", str(fatal)
                    else:
                        rec.status, rec.reason = "interrupted", "the run was interrupted before this article was finished"
                manifest.append_many([rec.manifest_line(out_root) for rec in left])
                html_index = any(w.format == "html" for w in writers)
                result = BatchResult(out_root, records, time.perf_counter() - t0, interrupted,
                                     pipeline.registry.loaded if pipeline is not None else list(loaded),
                                     forced=bo.force)
                rows = latest_rows(out_root, [r.index_row(out_root) for r in records])  # earlier runs' too
                index_error: OSError | None = None
                try:
                    write_indexes(out_root, rows, html_index=html_index, run=result.counts())
                except OSError as exc:  # a full disk: the summary line still comes, then the error naming the index
                    index_error = exc
                progress.summary(result.summary_line(Path(index_error.filename).name if index_error is not None else None))
    if fatal is not None:
        if index_error is not None:  # the fatal error is raised; this one is said here
            progress.error(str(index_error.filename), index_error.strerror)
        raise fatal
    if index_error is not None:
        raise index_error
    return result


class _Run:
    """Records outcomes: manifest line, progress line."""

    def __init__(self, manifest: Manifest, progress: Progress, debug: bool):
        self.manifest = manifest
        self.progress = progress
        self.debug = debug

    def fail(self, rec: ArticleRecord, reason: str, *, exc: BaseException | None = None, trace: str | None = None,
             counted: bool = True) -> None:
        """Record ``rec`` as failed for ``reason``; with ``debug``, show the traceback (of ``exc``,
        or ``trace``: one formatted where the error happened, e.g. on a Ray worker). ``counted``:
        it is one of the articles to do the progress counts (not a name that is no article file)."""
        rec.status, rec.reason = "failed", reason
        self.manifest.append(rec.manifest_line(self.manifest.path.parent))
        if counted:
            self.progress.article(str(rec.source.path), "failed", reason=reason)
        else:
            self.progress.error(str(rec.source.path), reason)
        if self.debug and (exc is not None or trace):
            self.progress.note(trace.rstrip() if trace else "".join(traceback.format_exception(exc)).rstrip())

    def fail_exc(self, rec: ArticleRecord, exc: BaseException) -> None:
        self.fail(rec, failure_reason(exc), exc=exc)

    def done(self, rec: ArticleRecord) -> None:
        rec.status, rec.reason = "done", None
        self.manifest.append(rec.manifest_line(self.manifest.path.parent))
        total = sum(rec.timings.values())
        self.progress.article(str(rec.source.path), "done", seconds=total, sentences=rec.sentences,
                              folder=str(rec.folder) if rec.folder else None)


def failure_reason(exc: BaseException) -> str:
    """The reason an article failed, as the manifest records it: an InputError's problem, a
    ModelError's message, else ``ClassName: message``."""
    reason = exc.problem if isinstance(exc, InputError) else (str(exc) or type(exc).__name__)
    if not isinstance(exc, (InputError, ModelError)) and type(exc).__name__ not in reason:
        reason = f"{type(exc).__name__}: {reason}"
    return reason


def read_group(pipeline: Pipeline, group: list[ArticleRecord], run: _Run,
               guard: SignalGuard) -> tuple[list[ArticleRecord], list[Article], list[float]]:
    """Read each article of ``group``: the records read, their articles and the seconds each
    read took; an article that cannot be read is recorded as failed."""
    recs, articles, read_s = [], [], []
    for rec in group:
        t = time.perf_counter()
        try:
            articles.append(pipeline.read(rec.source.path))
        except Exception as exc:  # noqa: BLE001 -- isolation
            with guard.critical():
                run.fail_exc(rec, exc)
            continue
        recs.append(rec)
        read_s.append(time.perf_counter() - t)
    return recs, articles, read_s


def brief_group(pipeline: Pipeline, articles: list[Article], read_s: list[float],
                failed: Callable[[int, Exception], None]) -> list[tuple[int, Brief | Exception]]:
    """Summarise (pooled), then translate (pooled) and check a group of articles read. An
    article the summariser fails on is handed to ``failed(index, exception)`` at once; the
    others come back as ``(index, Brief or the exception it failed with)``, in order (see
    :func:`isolated`). Both engines run this: the local one here, the Ray one on each worker.

    Raises:
        ModelNotAvailableError, ModelLoadError: a model cannot be had or loaded.
    """
    ok = []
    for i, work in enumerate(isolated(pipeline.summarize_many, articles)):
        if isinstance(work, Exception):
            failed(i, work)
            continue
        work.timings = {"read": read_s[i], **work.timings}
        ok.append((i, work))
    if not ok:
        return []
    # finish loads the translators its segments need (none where the memory has them all); one
    # that cannot load raises a FATAL error, which isolated() passes on: the batch stops
    return list(zip([i for i, _ in ok], isolated(pipeline.finish, [w for _, w in ok])))


def write_result(rec: ArticleRecord, brief: Brief | Exception, writers, seal: tuple[str, str | None], run: _Run) -> None:
    """Record ``rec`` as failed with ``brief`` when that is an exception, else write its files
    and stamp (see :func:`_write`; ``seal``: the batch's fingerprint and translation memory) and
    record it as done. Call it inside ``guard.critical()``:
    an article's files, stamp and manifest line go together."""
    if isinstance(brief, Exception):
        run.fail_exc(rec, brief)
        return
    try:
        _write(rec, brief, writers, seal)
    except OutputError as exc:
        run.fail(rec, str(exc), exc=exc)
        return
    except OSError as exc:  # any other write failure is this article's too: the batch goes on
        where = exc.filename if exc.filename is not None else rec.folder
        run.fail(rec, str(OutputError(str(where), exc.strerror or str(exc))), exc=exc)
        return
    except Exception as exc:  # noqa: BLE001 -- a writer's bug is this article's: the others and the index go on
        run.fail(rec, f"its files could not be written: {type(exc).__name__}: {first_line(exc)} (a bug: --debug shows "
                      "the traceback)", exc=exc)
        return
    run.done(rec)


def _run_group(pipeline: Pipeline, group: list[ArticleRecord], writers, seal: tuple[str, str | None], run: _Run,
               guard: SignalGuard) -> None:
    """Read, summarise, translate (pooled) and write one group of articles."""
    recs, articles, read_s = read_group(pipeline, group, run, guard)
    if not recs:
        return

    def failed(i: int, exc: Exception) -> None:
        with guard.critical():
            run.fail_exc(recs[i], exc)

    for i, brief in brief_group(pipeline, articles, read_s, failed):
        with guard.critical():  # an article's files, stamp and manifest line go together
            write_result(recs[i], brief, writers, seal, run)


def isolated(step: Callable[[list[T]], Sequence[R]], items: list[T]) -> list[R | Exception]:
    """``step(items)``, one result per item; if it raises, ``step`` again on each item alone, so that
    only the items at fault fail: their place holds the exception. A model that cannot be had or
    loaded (ModelNotAvailableError, ModelLoadError) is raised at once: every item would fail alike.
    """
    try:
        return list(step(items))
    except FATAL:
        raise
    except Exception as exc:  # noqa: BLE001 -- isolation: the caller records it
        if len(items) == 1:
            return [exc]
    out: list[R | Exception] = []
    for item in items:
        try:
            out.append(step([item])[0])
        except FATAL:
            raise
        except Exception as exc:  # noqa: BLE001
            out.append(exc)
    return out


def _write(rec: ArticleRecord, brief: Brief, writers, seal: tuple[str, str | None]) -> None:
    """Write the brief's files and stamp (``seal``: the config fingerprint and the translation
    memory in use, :func:`stamp.memory_in_use`) as one step (``stamp.write_brief``: files an older brief
    left there that this one does not make are removed); fill ``rec`` with what was done.

    The folder was given to this article when the batch planned (``discover.assign_folders``),
    which gives no article the folder of another that still exists; a brief that ``summarize
    run`` (which takes no lock) wrote there since is of another article now, and is not written
    over: the article fails, and the next run plans again (it gives it a folder of its own).

    Raises:
        OutputError: the folder cannot be written (the old brief there is untouched), or it holds
            the brief of another article that still exists, written there since the batch planned.
    """
    assert rec.folder is not None
    other = other_article(rec.folder, str(rec.source.path))
    if other:
        raise OutputError(str(rec.folder), f"it holds the brief of another article, {other}, written there while this "
                                           "batch ran (by `summarize run`?); run the batch again to give this article "
                                           "a folder of its own")
    t = time.perf_counter()
    rec.sha256 = brief.article.metadata.get("sha256", rec.sha256)
    rec.sentences = (len(brief.segments) + (brief.title is not None)) * max(1, len(brief.targets))
    try:
        written = write_brief(rec.folder, brief, writers, input=str(rec.source.path), input_sha256=rec.sha256,
                              config_fingerprint=seal[0], tm=seal[1])
    finally:  # the record says what the stamp says (flags counted once the folder's reviews are carried over)
        fields = brief_stamp_fields(brief)
        rec.flags, rec.title, rec.models = fields["flags"], fields["title"], fields["models"]
    rec.files = [p.name for p in written]
    rec.timings = {k: float(v) for k, v in brief.timings.items()}
    rec.timings["write"] = time.perf_counter() - t


def default_group_size(batch_size: int) -> int:
    """Articles pooled per group for a translator batch size: max(MIN_GROUP_SIZE, batch_size)."""
    return max(MIN_GROUP_SIZE, batch_size)


__all__ = ["ArticleRecord", "BatchInterrupted", "BatchOptions", "BatchResult", "run_batch", "effective_batch_size", "default_group_size"]
