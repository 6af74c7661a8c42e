"""``summarize batch --engine ray``: the briefs of a batch made by workers on a Ray cluster.

Only this module imports ``ray`` (the ``[ray]`` extra), and only when the engine is used.

Who does what. The driver (this process, inside ``jobs.batch.run_batch``) keeps everything the
local engine does besides running the models: discovery, skipping up-to-date briefs, reading each
article (a failure is recorded exactly as locally), the manifest, the index, and the writing of
every file, atomically, with the local engine's very code. The workers only turn articles into
Briefs. So the cluster needs no shared file system (the workers never see the output folder), and
the briefs are the local engine's: the same groups of articles go through the same function
(``jobs.batch.brief_group``).

How. ``ray.data.from_items`` gets one item per group (the articles of the group, read and
pickled: the groups the local engine makes), and ``.map_batches(BriefWorker, concurrency=N,
num_cpus=..., num_gpus=..., batch_size=1)`` sends each to a worker (``concurrency`` is spelled
``compute=ActorPoolStrategy(...)`` since Ray 2.51). :class:`BriefWorker` builds
the Pipeline once in ``__init__`` (the Settings travel, not models or tokenizers: each worker loads
its models itself, once, on first use) and returns a row per article: its pickled Brief, or why it
failed. The driver writes each brief as soon as its group's rows come back.

Failures. An article that fails is recorded with its reason, as locally. A model that cannot be
loaded on a worker stops the batch, as locally. A worker that dies (killed, out of memory, a
crash) loses the groups it held; Ray starts a new worker, Ray Data carries on with the other groups
(``DataContext.max_errored_blocks = -1``; Ray's own retry of the task is off, so an article that
kills its worker cannot loop), and when the pass is over every article whose row never came back is
sent again, each alone. One that kills its worker a second time is recorded as failed
(:data:`DIED_TWICE`); the batch goes on. A cluster that cannot be started or reached, or that is
lost, raises EngineError: an address where nothing accepts a TCP connection fails before
``ray.init`` (which would retry it for minutes); a malformed one (a port outside 1-65535) is a
ConfigError when the options are made (:func:`check_address`). A worker that no node can hold (more CPUs or GPUs
than any node has, which Ray would wait for for ever) raises EngineConfigError before any worker
starts (:func:`check_resources`; ``$SUMMARIZE_RAY_SKIP_RESOURCE_CHECK=1`` skips it, for an
autoscaling cluster).

Ray's own log lines stay back unless ``--debug``: ``ray.init`` logs errors only and streams no
worker output to the driver (``logging_level``, ``log_to_driver``), and the lines Ray's C++ core
writes straight to this process's stderr (``[2026-12-04 20:19:12,019 E 26795 26795]
core_worker.cc:2465: Actor with class name ... has constructor arguments in the object store and
max_restarts > 0``, on every pass: Ray Data puts every actor's constructor arguments in the object
store, and its actors restart by default, which a dead worker needs) are taken out of it while
the batch is connected (:func:`ray_log_lines_held_back`); they stay in Ray's own log files.

Ctrl-C and SIGTERM work as locally, also while ``ray.init`` waits for the cluster: every brief
written is kept, the rest are recorded as interrupted, the same command resumes. The Ray connection is closed (and the local cluster stopped)
only when this call opened it: a caller already connected (``ray.is_initialized()``, e.g. a
notebook, or the tests) keeps its own.
"""

from __future__ import annotations

import gc
import importlib.util
import logging
import os
import pickle
import re
import signal
import socket
import sys
import threading
import traceback
import warnings
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import ConfigError, EngineConfigError, EngineError, ModelError, ModelNotAvailableError, first_line, printable
from .batch import FATAL, BatchOptions, brief_group, default_group_size, effective_batch_size, failure_reason, \
    read_group, with_batch_size, write_result
from .signals import BatchInterrupted, SignalGuard

if TYPE_CHECKING:
    from ..engines.summarizers.base import Summarizer
    from ..engines.translators.base import Translator
    from ..pipeline import Pipeline
    from ..settings import Settings
    from .batch import _Run
    from .records import ArticleRecord

INSTALL_HINT = "pip install 'summarize[ray]'"

#: The reason recorded for an article whose worker died on it twice, the second time alone.
DIED_TWICE = ("its Ray worker died twice while making this brief, the second time with this article alone "
              "(killed, out of memory, or a crash: see the Ray logs, e.g. /tmp/ray/session_latest/logs)")

#: CPUs Ray reserves for each worker when --cpus-per-worker is not given.
DEFAULT_CPUS_PER_WORKER = 1.0

#: Seconds to wait for the head of a cluster to accept a TCP connection, and then for its first
#: gRPC frame, before ``ray.init`` (which would otherwise retry for minutes, or hang for ever on a
#: port where something else listens).
CONNECT_TIMEOUT_S = 5.0

#: Set to 1 to start the workers even when no node of the cluster has what one worker asks (an
#: autoscaling cluster adds such nodes on demand); see docs/scale.md.
SKIP_RESOURCE_CHECK_ENV = "SUMMARIZE_RAY_SKIP_RESOURCE_CHECK"


def check_available() -> None:
    """Raise ConfigError when ``ray`` is not installed; imports nothing.

    Raises:
        ConfigError: ``--engine ray`` without the ``[ray]`` extra (exit code 2).
    """
    try:
        found = importlib.util.find_spec("ray") is not None
    except (ImportError, ValueError):  # ValueError: sys.modules["ray"] is None (blocked)
        found = False
    if not found:
        raise ConfigError("--engine ray", f"needs the [ray] extra: {INSTALL_HINT}")


def _import_ray() -> Any:
    """``ray``, with ``ray.data`` imported.

    Raises:
        ConfigError: ray, or a package Ray Data needs (pyarrow, pandas), is missing.
    """
    check_available()
    try:
        import ray
        import ray.data  # noqa: F401 -- needs pyarrow and pandas, which the [ray] extra brings
    except ImportError as exc:
        raise ConfigError("--engine ray", f"needs the [ray] extra ({first_line(exc)}): {INSTALL_HINT}") from None
    return ray


def group_size(settings: Settings, options: BatchOptions) -> int:
    """Articles per group: ``--group-size``, else the local engine's default for the device the
    workers will use (``auto`` means CUDA when ``--gpus-per-worker`` is given, else the CPU; the
    driver may well have no GPU)."""
    if options.group_size:
        return options.group_size
    device = settings.config.device
    if device == "auto":
        device = "cuda" if (options.gpus_per_worker or 0) > 0 else "cpu"
    sizes = [effective_batch_size(s.batch_size, device, options.batch_size) for s in settings.config.models.values()]
    return default_group_size(max(sizes, default=16))


def worker_threads(options: BatchOptions, wanted: int | None = None) -> int:
    """The model threads of each worker: ``wanted``, the driver's ``$SUMMARIZE_THREADS`` when set
    (``Config.threads``; it travels: a remote worker sees the environment of its node's ``ray
    start``, not the driver's), else the CPUs Ray reserves for it (``--cpus-per-worker``, at least
    1). Without this a worker's CTranslate2 would use every core of its node, however many
    workers share them."""
    return wanted or max(1, int(options.cpus_per_worker or DEFAULT_CPUS_PER_WORKER))


class BriefWorker:
    """The Ray Data worker (a callable class: one instance per worker process, kept for the whole
    pass). ``__init__`` builds the Pipeline from the Settings once (models load on first use,
    once), sets ``$SUMMARIZE_THREADS`` to ``threads`` in its own process, and notes it when the
    translation memory the driver has (``tm_on_driver``) is missing here; each call takes a batch of groups (``{"payload": [pickled [(index, Article, read
    seconds), ...]]}``) and returns an Arrow table with columns ``i`` (the index) and ``result``
    (a pickled dict), a row per article;
    each dict has ``kind`` (``brief``: ``brief`` is the Brief; ``failed``: ``reason`` and
    ``trace``; ``fatal``: ``error``, a model that cannot load, for the driver to raise; its index
    is -1), and ``loaded`` (the models this worker has loaded) and ``notes`` (lines for the log).
    """

    def __init__(self, settings: Settings, batch_size: int | None = None, summarizer: Summarizer | None = None,
                 translator: Translator | None = None, tm_on_driver: bool = False, threads: int | None = None):
        if threads:  # this process is the worker's own: its torch and CTranslate2 threads (see run_on_ray)
            os.environ["SUMMARIZE_THREADS"] = str(threads)
        cfg = with_batch_size(settings.config, batch_size)  # `auto` resolved on the worker's own device
        if threads:
            cfg = replace(cfg, threads=threads)
        self.pipeline: Pipeline = settings.pipeline(config=cfg, summarizer=summarizer, translator=translator)
        self.notes: list[str] = []
        if tm_on_driver and settings.tm is not None and not settings.tm.is_file():
            self.notes.append(f"a Ray worker on {socket.gethostname()} has no translation memory at {settings.tm}: "
                              "it machine-translates every segment (see docs/scale.md)")

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import pyarrow as pa

        index: list[int] = []
        results: list[bytes] = []

        def emit(i: int, result: dict[str, Any]) -> None:
            result.update(loaded=self.pipeline.registry.loaded, notes=self.notes)
            index.append(i)
            results.append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

        for payload in batch["payload"]:
            items = pickle.loads(payload)
            ids = [i for i, _, _ in items]

            def failed(k: int, exc: Exception) -> None:
                emit(ids[k], {"kind": "failed", "reason": failure_reason(exc),
                              "trace": "".join(traceback.format_exception(exc))})

            try:
                for k, brief in brief_group(self.pipeline, [a for _, a, _ in items], [r for _, _, r in items], failed):
                    if isinstance(brief, Exception):
                        failed(k, brief)
                    else:
                        emit(ids[k], {"kind": "brief", "brief": brief})
            except FATAL as exc:  # every article would fail alike: the driver stops the batch
                emit(-1, {"kind": "fatal", "error": exc, "trace": "".join(traceback.format_exception(exc))})
                break
        return pa.table({"i": pa.array(index, pa.int64()), "result": pa.array(results, pa.binary())})


def run_on_ray(todo: list[ArticleRecord], settings: Settings, options: BatchOptions, writers, seal: tuple[str, str | None],
               run: _Run, guard: SignalGuard, loaded: list[str], *, use_summarizer: Summarizer | None = None,
               use_translator: Translator | None = None) -> None:
    """Make the briefs of ``todo`` on a Ray cluster (see the module doc), recording each article
    through ``run`` and writing its files here, inside ``guard.critical()``. ``loaded`` receives
    the names of the models the workers loaded.

    Raises:
        ConfigError: ray is not installed.
        EngineError: the cluster cannot be started or reached, or fails as a whole.
        ModelNotAvailableError, ModelLoadError: a worker cannot load a model.
        KeyboardInterrupt (BatchInterrupted): SIGINT or SIGTERM.
    """
    ray = _import_ray()
    reader = settings.pipeline(summarizer=use_summarizer, translator=use_translator)  # reads; loads no model
    size = group_size(settings, options)
    recs: list[ArticleRecord] = []
    groups: list[list[tuple[int, Any, float]]] = []
    for start in range(0, len(todo), size):
        got, articles, read_s = read_group(reader, todo[start:start + size], run, guard)
        if got:
            groups.append([(len(recs) + k, a, r) for k, (a, r) in enumerate(zip(articles, read_s))])
            recs += got
    if not recs:
        return
    with ray_log_lines_held_back(not options.debug):  # from before ray.init: the driver's core logs from there
        _run_connected(ray, options, settings, recs, groups, writers, seal, run, guard, loaded,
                       use_summarizer, use_translator)


def _run_connected(ray: Any, options: BatchOptions, settings: Settings, recs: list[ArticleRecord],
                   groups: list[list[tuple[int, Any, float]]], writers, seal: tuple[str, str | None], run: _Run,
                   guard: SignalGuard, loaded: list[str], use_summarizer: Summarizer | None,
                   use_translator: Translator | None) -> None:
    """The part of :func:`run_on_ray` that needs the cluster: connect, check, the passes, close."""
    opened = _connect(ray, options, settings, run, guard)
    try:
        check_resources(ray, options)
        driver = _Driver(ray, options, recs, writers, seal, run, guard, loaded,
                         {"settings": settings, "batch_size": options.batch_size, "summarizer": use_summarizer,
                          "translator": use_translator,
                          "tm_on_driver": settings.tm is not None and settings.tm.is_file(),
                          "threads": worker_threads(options, settings.config.threads)})
        workers = _workers(ray, options, len(groups))
        back = driver.run_pass(groups, workers)
        lost = [item for group in groups for item in group if item[0] not in back]
        if lost:
            run.progress.note(f"batch: a Ray worker died; sending its {len(lost)} article{'s' * (len(lost) != 1)} "
                              "again, one at a time")
            back |= driver.run_pass([[item] for item in lost], min(workers, len(lost)))
            for i, _, _ in lost:
                if i not in back:
                    with guard.critical():
                        run.fail(recs[i], DIED_TWICE)
    finally:
        if opened:
            with guard.critical(raise_pending=False):  # a second Ctrl-C must not leave a half-stopped cluster
                ray.shutdown()


def _connect(ray: Any, options: BatchOptions, settings: Settings, run: _Run, guard: SignalGuard) -> bool:
    """Connect to the cluster at ``--ray-address``, else start a local one; False when this process
    is connected already (that connection is used, and left open).

    Ctrl-C and SIGTERM are honoured while ``ray.init`` waits for a cluster (it may retry for
    minutes, and for ever where something else answers): the half-made connection is closed and
    BatchInterrupted raised, within the seconds Ray's own calls take to return (they block in C).
    Only while a local cluster starts is a signal held back until it is up (then it is stopped
    cleanly: an interrupted start would leave its processes behind).

    Raises:
        EngineError: the cluster cannot be started or reached.
        EngineConfigError: ``$RAY_ADDRESS`` is malformed (``--ray-address auto``).
        KeyboardInterrupt (BatchInterrupted): SIGINT or SIGTERM.
    """
    if ray.is_initialized():
        return False
    address = options.ray_address or "local"
    kwargs: dict[str, Any] = {"logging_level": logging.INFO if options.debug else logging.ERROR,
                              "log_to_driver": options.debug}  # the workers' own lines: for whoever debugs
    if address == "local":
        kwargs["include_dashboard"] = False
    else:
        _probe(address)
    hold = guard.critical() if address == "local" else nullcontext()
    try:
        with hold:
            try:
                ray.init(address=address, **kwargs)
            except KeyboardInterrupt:
                raise
            except SystemExit as exc:  # ray.init's own SIGTERM handler: sys.exit(SIGTERM)
                if exc.code != signal.SIGTERM:
                    raise
                raise BatchInterrupted(signal.SIGTERM) from None
            except Exception as exc:  # noqa: BLE001 -- whatever Ray raises, one line naming the address
                where = "start a local Ray cluster" if address == "local" else f"reach the Ray cluster at {address}"
                raise EngineError(f"cannot {where}: {first_line(exc)}") from exc
            finally:
                guard.reclaim()  # ray.init sets its own SIGTERM handler
    except KeyboardInterrupt:
        with guard.critical(raise_pending=False):  # whatever ray.init had set up goes (a second Ctrl-C too)
            ray.shutdown()
        raise
    if address != "local":
        run.progress.note(f"batch: connected to the Ray cluster at {printable(address)}")
    return True


#: A line of Ray's C++ log, as its core writes them to stderr: ``[2026-12-04 20:19:12,019 E 26795
#: 26795] core_worker.cc:2465: ...`` (date, time, severity, pid, thread id).
RAY_LOG_LINE = re.compile(rb"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[,.]\d+ [DIWEF] \d+ \d+\] ")


@contextmanager
def ray_log_lines_held_back(enabled: bool = True) -> Iterator[None]:
    """While inside, the lines of Ray's C++ log (:data:`RAY_LOG_LINE`) written to this process's
    stderr (file descriptor 2, where Ray's core writes its errors: no Ray option or documented
    variable sends them elsewhere without also dropping them from Ray's log files, and
    ``RAY_BACKEND_LOG_LEVEL`` prints a line of its own) are dropped; every other byte goes through
    as it came, in order (this process's own lines, a progress bar's ``\r`` updates: only a line
    starting with ``[`` waits for its end). Does nothing when not ``enabled`` (``--debug``) or
    when stderr is no open descriptor. Fd 2 is a pipe inside; a thread relays it to the real
    stderr, and is joined on the way out (descriptor 2 is put back first)."""
    if not enabled:
        yield
        return
    try:
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass
    try:
        saved = os.dup(2)
    except OSError:  # no stderr (2>&-): nothing to hold back
        yield
        return
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)
    relay = threading.Thread(target=_relay_stderr, args=(read_end, saved), name="summarize-ray-stderr", daemon=True)
    relay.start()
    try:
        yield
    finally:
        try:
            sys.stderr.flush()
        except (AttributeError, OSError, ValueError):
            pass
        os.dup2(saved, 2)  # the pipe's last write end here goes: the relay reads to its end
        relay.join(timeout=10)
        if not relay.is_alive():  # else another process holds the pipe: the relay still writes there
            os.close(saved)


def _relay_stderr(read_end: int, out: int) -> None:
    """Copy ``read_end`` to ``out`` until its end, dropping the lines of Ray's C++ log."""

    def write(data: bytes) -> None:
        while data:
            try:
                n = os.write(out, data)
            except OSError:  # stderr gone (a closed pipe): the lines are not the work
                return
            data = data[n:]

    pending = b""
    try:
        while True:
            try:
                chunk = os.read(read_end, 65536)
            except InterruptedError:
                continue
            except OSError:
                break
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            kept = b"".join(line + b"\n" for line in lines if not RAY_LOG_LINE.match(line))
            if pending and not pending.startswith(b"["):  # no Ray line: now, not at its end (a bar's \r)
                kept, pending = kept + pending, b""
            write(kept)
        if pending and not RAY_LOG_LINE.match(pending):
            write(pending)
    finally:
        os.close(read_end)


#: The port a Ray head's GCS listens on unless ``ray start --port`` says otherwise.
DEFAULT_GCS_PORT = 6379

#: What ``--ray-address`` may be, for the error that names a malformed one.
ADDRESS_FORMS = f"HOST:PORT (e.g. head:{DEFAULT_GCS_PORT}, [::1]:{DEFAULT_GCS_PORT}), auto, local or ray://HOST[:PORT]"


def address_problem(address: str) -> str | None:
    """Why ``address`` (a ``--ray-address``, or ``$RAY_ADDRESS``) is not one Ray can join, or None
    when its syntax is fine: ``auto``, ``local``, ``HOST:PORT`` (an IPv6 host in brackets,
    ``[::1]:6379``), ``ray://HOST[:PORT]`` (Ray Client); another ``SCHEME://`` is left to Ray. The
    port must be a whole number from 1 to 65535: Ray takes any other for an address and retries it
    for ever. Imports nothing."""
    if address in ("auto", "local"):
        return None
    scheme, sep, rest = address.partition("://")
    if sep and scheme != "ray":
        return None  # another Ray Client scheme: ray.init says what is wrong with it
    target = rest if sep else address
    if not target or any(c.isspace() for c in target) or "/" in target:
        return f"{printable(address)} is not an address; give {ADDRESS_FORMS}"
    if target.startswith("["):
        host, close, tail = target[1:].partition("]")
        if not close or not host or (tail and not tail.startswith(":")):
            return f"{printable(address)}: an IPv6 host goes in brackets before the port, e.g. [::1]:{DEFAULT_GCS_PORT}"
        port = tail[1:] if tail else None
    elif target.count(":") > 1:
        return f"{printable(address)}: an IPv6 host goes in brackets before the port, e.g. [::1]:{DEFAULT_GCS_PORT}"
    else:
        host, colon, port = target.partition(":")
        port = port if colon else None
        if not host:
            return f"{printable(address)} names no host; give {ADDRESS_FORMS}"
    if port is None:
        return None if sep else f"{printable(address)} has no port; give {ADDRESS_FORMS}"
    if not port.isascii() or not port.isdigit():
        return f"{printable(address)}: the port must be a whole number from 1 to 65535, got {printable(port) or 'nothing'}"
    if not 0 < int(port) < 65536:
        return f"{printable(address)}: the port must be from 1 to 65535, got {int(port)}"
    return None


def check_address(address: str) -> None:
    """Refuse a ``--ray-address`` whose syntax Ray cannot join (see :func:`address_problem`),
    before anything is done.

    Raises:
        ConfigError: naming ``--ray-address`` (exit code 2).
    """
    problem = address_problem(address)
    if problem is not None:
        raise ConfigError("--ray-address", problem)


def _head(address: str) -> tuple[str, int] | None:
    """The ``(host, port)`` that ``--ray-address`` (``auto``: ``$RAY_ADDRESS``) names, or None
    where it names none we can probe (``auto`` without ``$RAY_ADDRESS``, ``ray://...``).

    Raises:
        EngineConfigError: ``$RAY_ADDRESS`` is malformed (see :func:`address_problem`; Ray would
            retry an out-of-range port for ever).
    """
    if address == "auto":
        address = os.environ.get("RAY_ADDRESS", "").strip()
        if address and address != "auto":
            problem = address_problem(address)
            if problem is not None:
                raise EngineConfigError("$RAY_ADDRESS (--ray-address auto)", problem)
    if not address or "://" in address or address in ("auto", "local"):
        return None
    host, sep, port = address.rpartition(":")
    host = host.strip("[]")  # [::1]:6379
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        return None  # refused by check_address before this
    return host, int(port)


def _probe(address: str) -> None:
    """Fail fast when no Ray cluster answers at the cluster's head: ``ray.init`` would retry for
    minutes, printing Ray's own log lines, and Ctrl-C cannot stop it. Two steps, each within
    :data:`CONNECT_TIMEOUT_S`: something accepts a TCP connection, and it speaks gRPC, i.e. answers
    an HTTP/2 client preface with a SETTINGS frame (RFC 9113 sections 3.4 and 6.5), as Ray's GCS
    server does. The second step is skipped when ``$RAY_USE_TLS`` is set (the head then expects a
    TLS handshake first).

    Raises:
        EngineError: nothing accepts a connection at ``address``, or what does is not a gRPC server.
        EngineConfigError: ``$RAY_ADDRESS`` is malformed (``address`` is ``auto``).
    """
    head = _head(address)
    if head is None:
        return
    where = "at that address" if address != "auto" else f"at {printable(head[0])}:{head[1]} ($RAY_ADDRESS)"
    try:
        conn = socket.create_connection(head, timeout=CONNECT_TIMEOUT_S)
    except OSError as exc:
        why = "no answer within {:g} s".format(CONNECT_TIMEOUT_S) if isinstance(exc, TimeoutError) else \
            (exc.strerror or first_line(exc))
        raise EngineError(f"cannot reach the Ray cluster at {printable(address)}: nothing accepts a connection "
                          f"{where} ({why}); is `ray start --head` running there?") from None
    with conn:
        if os.environ.get("RAY_USE_TLS", "").strip().lower() in {"1", "true"}:
            return
        why = _grpc_answer(conn)
    if why:
        raise EngineError(f"cannot reach the Ray cluster at {printable(address)}: what answers {where} is not a "
                          f"Ray cluster ({why}); give the port of the head's GCS, `ray start --head` prints it "
                          "(6379 by default)")


#: The HTTP/2 client connection preface and an empty SETTINGS frame (RFC 9113 section 3.4).
_H2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"


def _grpc_answer(conn: socket.socket) -> str:
    """Why the server behind ``conn`` is not a gRPC (HTTP/2) server, or "" when it is: its first
    frame must be a SETTINGS frame (a 9-byte header whose type byte, the 4th, is 0x4)."""
    answer = b""
    try:
        conn.settimeout(CONNECT_TIMEOUT_S)
        conn.sendall(_H2_PREFACE)
        while len(answer) < 9:
            chunk = conn.recv(9 - len(answer))
            if not chunk:
                return "it closed the connection without a word" if not answer else "it does not speak gRPC"
            answer += chunk
    except TimeoutError:
        return "it said nothing within {:g} s".format(CONNECT_TIMEOUT_S) if not answer else "it does not speak gRPC"
    except OSError as exc:
        return exc.strerror or first_line(exc)
    if answer.startswith(b"HTTP/"):
        return "it answers in HTTP/1, not gRPC"
    return "" if answer[3] == 0x04 else "it does not speak gRPC"


def _amount(x: float, unit: str) -> str:
    return f"{x:g} {unit}{'s' * (x != 1)}"


def check_resources(ray: Any, options: BatchOptions) -> None:
    """Refuse a worker that no node of the cluster can hold (Ray would wait for one for ever):
    the CPUs and GPUs one worker asks, against each live node's total (``ray.nodes()``). Skipped
    when ``$SUMMARIZE_RAY_SKIP_RESOURCE_CHECK`` is 1 (an autoscaling cluster).

    Raises:
        EngineConfigError: naming the option at fault, what a worker asks and what the cluster has.
    """
    if os.environ.get(SKIP_RESOURCE_CHECK_ENV, "").strip() == "1":
        return
    cpus = float(options.cpus_per_worker or DEFAULT_CPUS_PER_WORKER)
    gpus = float(options.gpus_per_worker or 0)
    try:
        nodes = [n.get("Resources", {}) for n in ray.nodes() if n.get("Alive", n.get("alive", True))]
    except Exception:  # noqa: BLE001 -- then the cluster's total, as if it were one node
        nodes = []
    if not nodes:
        nodes = [ray.cluster_resources()]
    if any(n.get("CPU", 0) >= cpus and n.get("GPU", 0) >= gpus for n in nodes):
        return
    total_cpu, total_gpu = (sum(n.get(k, 0) for n in nodes) for k in ("CPU", "GPU"))
    has = f"{_amount(total_cpu, 'CPU')}, {_amount(total_gpu, 'GPU')}"
    if len(nodes) > 1:
        has += f" on {len(nodes)} nodes"
    cpu_flag = f"--cpus-per-worker {cpus:g}" if options.cpus_per_worker else f"--cpus-per-worker {cpus:g} (the default)"
    if gpus and not any(n.get("GPU", 0) >= gpus for n in nodes):
        flag = f"--gpus-per-worker {gpus:g}"
        problem = (f"the Ray cluster has no GPU ({has})" if not total_gpu else
                   f"no node of the Ray cluster has {_amount(gpus, 'GPU')} ({has})")
        fix = "leave --gpus-per-worker out, or add a machine with a GPU (`ray start --num-gpus N`)"
    elif not any(n.get("CPU", 0) >= cpus for n in nodes):
        flag = cpu_flag
        problem = f"no node of the Ray cluster has {_amount(cpus, 'CPU')} ({has})"
        fix = f"ask for at most {max(n.get('CPU', 0) for n in nodes):g}"
    else:
        flag = f"{cpu_flag} with --gpus-per-worker {gpus:g}"
        problem = f"no node of the Ray cluster has both {_amount(cpus, 'CPU')} and {_amount(gpus, 'GPU')} ({has})"
        fix = "ask for fewer CPUs"
    raise EngineConfigError(flag, f"{problem}; {fix}, or set {SKIP_RESOURCE_CHECK_ENV}=1 if the cluster "
                                  "autoscales (docs/scale.md)")


def _workers(ray: Any, options: BatchOptions, groups: int) -> int:
    """``--workers``, else as many as the cluster's CPUs (and GPUs, with --gpus-per-worker) allow;
    never more than there are groups (an idle worker would still load its models)."""
    if options.workers:
        return max(1, min(options.workers, groups))
    res = ray.cluster_resources()
    fit = int(res.get("CPU", 1) // (options.cpus_per_worker or DEFAULT_CPUS_PER_WORKER))
    if options.gpus_per_worker:
        fit = min(fit, int(res.get("GPU", 0) // options.gpus_per_worker))
    return max(1, min(fit, groups))


@contextmanager
def _data_context(ray: Any, debug: bool) -> Iterator[None]:
    """Ray Data set as a batch needs it, then put back: a failed block (a worker that died) is
    dropped instead of failing the dataset; no progress bars (the batch has its own); Ray Data's
    log lines only with --debug (the batch records what a lost worker cost)."""
    ctx = ray.data.DataContext.get_current()
    wanted = {"max_errored_blocks": -1, "enable_progress_bars": False, "print_on_execution_start": False}
    old = {k: getattr(ctx, k) for k in wanted if hasattr(ctx, k)}
    log = logging.getLogger("ray.data")
    level = log.level
    for k in old:
        setattr(ctx, k, wanted[k])
    if not debug:
        log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(ctx, k, v)
        log.setLevel(level)


class _Driver:
    """The driver's side of the passes over the workers: what it sends, and what it does with each
    row that comes back."""

    def __init__(self, ray: Any, options: BatchOptions, recs: list[ArticleRecord], writers, seal: tuple[str, str | None],
                 run: _Run, guard: SignalGuard, loaded: list[str], worker_kwargs: dict[str, Any]):
        self.ray, self.options, self.recs = ray, options, recs
        self.writers, self.seal, self.run, self.guard = writers, seal, run, guard
        self.loaded, self.worker_kwargs = loaded, worker_kwargs
        self.noted: set[str] = set()

    def run_pass(self, groups: list[list[tuple[int, Any, float]]], workers: int) -> set[int]:
        """Send ``groups`` through ``workers`` workers once; record and write each article as its
        row comes back. Returns the indices (into ``recs``) that came back.

        Raises:
            EngineError: Ray failed as a whole. ModelNotAvailableError, ModelLoadError: from a worker.
        """
        ray, options = self.ray, self.options
        back: set[int] = set()
        items = [{"payload": pickle.dumps(g, protocol=pickle.HIGHEST_PROTOCOL)} for g in groups]
        with _data_context(ray, options.debug):
            ds = ray.data.from_items(items, override_num_blocks=len(items))  # a block per group: a death costs its own
            with warnings.catch_warnings():
                # max_restarts/max_task_retries travel as ray_remote_args, which Ray 2.60 deprecates
                # (no named parameter takes them yet): without max_task_retries=0, Ray would retry an
                # article that kills its worker for ever.
                warnings.simplefilter("ignore", DeprecationWarning)
                # A pool of `workers` (fewer while the cluster has no room: never a wait for all of
                # them), each given one group at a time (a death then costs only the group it held).
                pool = ray.data.ActorPoolStrategy(min_size=1, max_size=workers, initial_size=workers,
                                                  max_tasks_in_flight_per_actor=1)
                ds = ds.map_batches(BriefWorker, fn_constructor_kwargs=self.worker_kwargs, batch_size=1, compute=pool,
                                    num_cpus=options.cpus_per_worker or DEFAULT_CPUS_PER_WORKER,
                                    num_gpus=options.gpus_per_worker or None, max_restarts=-1, max_task_retries=0)
            # Each group's output as soon as it is there, fetched in this thread. Not iter_rows or
            # iter_batches: they hold a finished group back until the next one is done, and they
            # wait for the cluster in threads of their own, which Ctrl-C cannot stop (one of them
            # then touches Ray after ray.shutdown, and Ray ends the process with exit code 1).
            # Here Ctrl-C lands in Ray Data's own wait, which shuts its executor down and re-raises.
            bundles: Any = None
            try:
                while True:
                    try:
                        if bundles is None:
                            bundles = iter(ds.iter_internal_ref_bundles())  # waits for the first group
                        bundle = next(bundles)
                        blocks = [ray.get(ref) for ref in bundle.block_refs]
                    except StopIteration:
                        break
                    except (ModelNotAvailableError, ModelError):
                        raise
                    except Exception as exc:  # noqa: BLE001 -- Ray failed as a whole: one line
                        raise EngineError(f"the Ray cluster failed: {first_line(exc)}") from exc
                    for block in blocks:
                        for i, result in zip(block.column("i").to_pylist(), block.column("result").to_pylist()):
                            self._take(i, result)
                            back.add(i)
            finally:
                with self.guard.critical(raise_pending=False):
                    # The last references to the pass's executor: Ray Data shuts it down when they go
                    # (a fatal error leaves it running otherwise), before any ray.shutdown.
                    del bundles, ds
                    gc.collect()  # and cycles holding its actors (each holds its CPUs or GPU until it goes)
        return back

    def _take(self, i: int, payload: bytes) -> None:
        """Record (and write) what the row of article ``i`` (an index into ``recs``) brings.

        Raises:
            ModelNotAvailableError, ModelLoadError: the row says a worker cannot load a model.
        """
        result = pickle.loads(payload)
        for name in result["loaded"]:
            if name not in self.loaded:
                self.loaded.append(name)
        for note in result["notes"]:
            if note not in self.noted:
                self.noted.add(note)
                self.run.progress.note(f"batch: warning: {printable(note)}")
        if result["kind"] == "fatal":
            if self.options.debug:
                self.run.progress.note(result["trace"].rstrip())
            raise result["error"]
        with self.guard.critical():  # an article's files, stamp and manifest line go together
            if result["kind"] == "brief":
                write_result(self.recs[i], result["brief"], self.writers, self.seal, self.run)
            else:
                self.run.fail(self.recs[i], result["reason"], trace=result["trace"])


__all__ = ["BriefWorker", "DIED_TWICE", "RAY_LOG_LINE", "address_problem", "check_address", "check_available", "check_resources", "group_size", "ray_log_lines_held_back", "run_on_ray", "worker_threads"]
