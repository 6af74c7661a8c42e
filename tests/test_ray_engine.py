"""`summarize batch --engine ray`: the same briefs as the local engine, a killed worker, Ctrl-C
and resume, a model that cannot load, and the options. The tests that need Ray (a real
``--engine ray`` run) skip without the [ray] extra, and those that run articles share one local
cluster (``ray.init(num_cpus=2, include_dashboard=False)``); the others (options, a missing
extra, errors that cross a process, a fake ``ray`` that never connects) run everywhere."""

from __future__ import annotations

import io
import json
import logging
import os
import pickle
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.errors import ConfigError, InputError, ModelConfigError, ModelLoadError, ModelNotAvailableError, OutputError
from summarize.jobs.batch import BatchOptions, run_batch
from summarize.jobs.signals import SignalGuard
from summarize.settings import Settings
from tests.conftest import ROOT
from summarize.engines.summarizers.base import Summary
from summarize.jobs.ray_engine import worker_threads
from tests.fakes import FirstSentencesSummarizer, KillingSummarizer, TaggingTranslator
from tests.test_batch import manifest_lines, write_article
from tests.tiny_models import write_models_yaml

SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def ray_installed():
    """``ray``, with ``ray.data``; skips the test without the [ray] extra (a test that runs
    ``summarize batch --engine ray`` for real needs it, cluster or not)."""
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    return ray


@pytest.fixture(scope="module")
def cluster(ray_installed):
    """A local Ray cluster for this module (2 CPUs). Its workers inherit this environment, set
    before it starts: the repository on PYTHONPATH (they unpickle the fakes in tests/), one torch
    thread, no usage statistics. Yields the cluster's address."""
    ray = ray_installed
    env = {"PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
           "SUMMARIZE_THREADS": "1", "RAY_USAGE_STATS_ENABLED": "0"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        # log_to_driver=False: the cluster's log lines (an actor killed, ...) stay out of the stderr
        # the tests read
        info = ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
        yield info.address_info["address"]
    finally:
        ray.shutdown()
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(autouse=True)
def one_torch_thread(monkeypatch):
    monkeypatch.setenv("SUMMARIZE_THREADS", "1")


def settings_for(config, **kw) -> Settings:
    kw.setdefault("quiet", True)
    return Settings.from_options(models=config, offline=True, **kw)


# -- the same briefs as the local engine ------------------------------------------------------------

TIMINGS_ROW = re.compile(r'<tr><th scope="row">timings \(s\)</th>.*?</tr>')


def comparable(path: Path) -> bytes | dict:
    """A file's bytes, with what differs from run to run taken out: brief.json's ``timings`` (the
    seconds each step took) and brief.html's row that shows them (and the stamp's hashes of those
    two files); the manifest is compared
    apart, the lock file (a pid) not at all."""
    data = path.read_bytes()
    if path.name == "brief.json":
        brief = json.loads(data)
        assert brief.pop("timings")
        return brief
    if path.name == ".summarize-stamp.json":  # its hashes of the two files above differ with the timings
        stamp = json.loads(data)
        for name in ("brief.json", "brief.html"):
            assert stamp["hashes"].pop(name, None) or name not in stamp["files"]
        return stamp
    if path.name == "brief.html":
        text, n = TIMINGS_ROW.subn("", data.decode("utf-8"))
        assert n == 1
        return text.encode("utf-8")
    return data


def test_ray_writes_the_same_briefs_as_the_local_engine(cluster, tiny_config, tmp_path):
    settings = settings_for(tiny_config)  # every format, three targets, the tiny BART and NLLB
    local = run_batch([SAMPLES], settings, tmp_path / "local", BatchOptions(group_size=2), handle_signals=False)
    ray_res = run_batch([SAMPLES], settings, tmp_path / "ray", BatchOptions(group_size=2, engine="ray", workers=2),
                        handle_signals=False)
    assert local.exit_code == ray_res.exit_code == 0 and ray_res.count("done") == 4
    assert set(ray_res.loaded_models) == set(local.loaded_models) == {"tiny-bart", "tiny-nllb"}
    skip = {"manifest.jsonl", ".summarize.lock"}
    files = sorted(p.relative_to(tmp_path / "local") for p in (tmp_path / "local").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "ray") for p in (tmp_path / "ray").rglob("*") if p.is_file())
    assert len([f for f in files if f.name == "brief.json"]) == 4
    for rel in files:
        if rel.name not in skip:
            assert comparable(tmp_path / "local" / rel) == comparable(tmp_path / "ray" / rel), rel

    def lines(out):  # by input (the workers may finish in any order), without what must differ
        return sorted(({k: v for k, v in line.items() if k not in ("run", "time", "timings", "output")}
                       | {"output": Path(line["output"]).relative_to(out).as_posix()} for line in manifest_lines(out)),
                      key=lambda line: line["input"])

    assert lines(tmp_path / "local") == lines(tmp_path / "ray")
    # The local engine's briefs are up to date for the Ray engine: nothing to do, no worker started.
    again = run_batch([SAMPLES], settings, tmp_path / "local", BatchOptions(engine="ray"), handle_signals=False)
    assert again.count("skipped") == 4 and again.loaded_models == []


def test_an_article_keeps_its_folder_when_a_ray_batch_adds_a_root(cluster, tmp_path):
    """The driver names the folders for both engines: ``batch r1`` (local) made ``out/a/``; ``batch
    r1 r2 --engine ray`` leaves it there, up to date, and the workers brief only r2's articles."""
    r1, r2, out = tmp_path / "r1", tmp_path / "r2", tmp_path / "out"
    write_article(r1 / "a.txt", 1)
    settings = settings_for(None, targets="ur", formats="json,md")
    fakes = {"use_summarizer": FirstSentencesSummarizer(3), "use_translator": TaggingTranslator()}
    first = run_batch([r1], settings, out, BatchOptions(), handle_signals=False, **fakes)
    assert [r.folder.name for r in first.records] == ["a"]
    (out / "a" / "notes.review.txt").write_text("checked\n", encoding="utf-8")
    write_article(r2 / "b.txt", 2)
    res = run_batch([r1, r2], settings, out, BatchOptions(engine="ray", workers=1), handle_signals=False, **fakes)
    assert res.exit_code == 0
    assert {r.source.path.name: (r.folder.relative_to(out).as_posix(), r.status) for r in res.records} == {
        "a.txt": ("a", "skipped"), "b.txt": ("r2/b", "done")}
    assert not (out / "r1").exists() and (out / "a" / "notes.review.txt").is_file()


# -- a worker that dies, an article that fails, a model that cannot load ----------------------------


class Picky(TaggingTranslator):
    def translate(self, segments, source, target):
        from summarize.errors import ModelError

        if any("district 4 " in s for s in segments):
            raise ModelError("model 'picky' failed to translate: district 4 is cursed")
        return super().translate(segments, source, target)


def test_a_killed_worker_costs_only_its_article(cluster, tmp_path):
    src = tmp_path / "in"
    for k in range(6):
        write_article(src / f"art{k}.txt", k)
    settings = settings_for(None, targets="ur", formats="json,txt")
    out = tmp_path / "out"
    res = run_batch([src], settings, out, BatchOptions(group_size=2, engine="ray", workers=2), handle_signals=False,
                    use_summarizer=KillingSummarizer("district 2 "), use_translator=Picky())
    status = {r.source.path.name: (r.status, r.reason) for r in res.records}
    assert status["art2.txt"][0] == "failed" and "died twice" in status["art2.txt"][1]
    assert status["art4.txt"] == ("failed", "model 'picky' failed to translate: district 4 is cursed")
    assert all(status[f"art{k}.txt"] == ("done", None) for k in (0, 1, 3, 5))  # art3 shared art2's group
    assert res.exit_code == 1
    assert sorted((line["input"][-8:], line["status"]) for line in manifest_lines(out)) == \
        [(f"art{k}.txt", "failed" if k in (2, 4) else "done") for k in range(6)]
    assert all((out / f"art{k}" / "summary.ur.txt").is_file() for k in (0, 1, 3, 5))
    assert not (out / "art2").exists() and not list(out.rglob("*.tmp"))


def test_a_model_that_cannot_load_on_a_worker_stops_the_batch(cluster, tmp_path):
    src = tmp_path / "in"
    for k in range(3):
        write_article(src / f"art{k}.txt", k)
    cfg = write_models_yaml(tmp_path / "m.yaml", nllb=str(tmp_path / "nope-nllb"), bart=str(tmp_path / "nope-bart"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--models", str(cfg), "--offline", "-q",
                                       "--engine", "ray", "--workers", "1"])
    assert result.exit_code == 1, result.output
    ours = [line for line in result.stderr.splitlines() if line.startswith("summarize:")]  # not Ray's own lines
    assert len(ours) == 1 and "2 models are not available: 'tiny-bart'" in ours[0] and "'tiny-nllb'" in ours[0]  # both, from the worker
    lines = manifest_lines(out)
    assert [line["status"] for line in lines] == ["failed"] * 3 and all("not available" in line["reason"] for line in lines)


class ThreadsSummarizer(FirstSentencesSummarizer):
    """Its summary is one sentence naming the worker's $SUMMARIZE_THREADS."""

    def summarize(self, sentences):
        return Summary(f"Threads {os.environ.get('SUMMARIZE_THREADS')}.", {"chunked": False},
                       [f"Threads {os.environ.get('SUMMARIZE_THREADS')}."])


def test_the_workers_get_the_drivers_thread_count(cluster, tmp_path, monkeypatch):
    # The cluster's workers were started with SUMMARIZE_THREADS=1 in their environment; a remote
    # node's would have whatever its `ray start` had. The driver's setting must win.
    monkeypatch.setenv("SUMMARIZE_THREADS", "2")
    write_article(tmp_path / "in" / "a.txt", 1)
    settings = settings_for(None, translate=False, formats="txt")
    res = run_batch([tmp_path / "in"], settings, tmp_path / "out", BatchOptions(engine="ray", workers=1),
                    handle_signals=False, use_summarizer=ThreadsSummarizer())
    assert res.exit_code == 0
    assert (tmp_path / "out" / "a" / "summary.en.txt").read_text(encoding="utf-8").endswith("\n\nThreads 2.\n")
    monkeypatch.delenv("SUMMARIZE_THREADS")
    assert worker_threads(BatchOptions(engine="ray")) == 1
    assert worker_threads(BatchOptions(engine="ray", cpus_per_worker=4)) == 4
    assert worker_threads(BatchOptions(engine="ray", cpus_per_worker=0.5)) == 1


# -- a cluster that cannot be reached, a worker no node can hold -------------------------------------


def _batch_at(tmp_path, port: int) -> subprocess.CompletedProcess:
    """A one-article batch with --engine ray --ray-address 127.0.0.1:PORT, in a process of its own;
    it must fail (exit 1) within 45 s."""
    write_article(tmp_path / "in" / "a.txt", 1)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0", "SUMMARIZE_TM": str(tmp_path / "tm.sqlite")}
    env.pop("RAY_USE_TLS", None)
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "summarize", "batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                           "-s", "extractive", "--no-translate", "-f", "txt", "--engine", "ray",
                           "--ray-address", f"127.0.0.1:{port}"], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=90)
    assert time.monotonic() - t0 < 45
    assert proc.returncode == 1, proc.stderr
    return proc


def test_an_unreachable_cluster_fails_fast_in_one_line(ray_installed, tmp_path):
    """Nothing listens on the port: one line and exit 1 within seconds, not Ray retrying for
    minutes (printing its own `Failed to connect to GCS` lines) while Ctrl-C does nothing."""
    import socket

    with socket.socket() as s:  # a port nothing listens on (bound, never listening, then closed)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = _batch_at(tmp_path, port)
    error = f"summarize: error: cannot reach the Ray cluster at 127.0.0.1:{port}: nothing accepts a connection"
    assert proc.stderr.splitlines()[-1].startswith(error), proc.stderr
    assert "GCS" not in proc.stderr and "rpc_client" not in proc.stderr
    assert [line["status"] for line in manifest_lines(tmp_path / "out")] == ["failed"]  # the same command resumes


@pytest.fixture(params=["silent", "http1", "html"])
def not_ray(request):
    """A port where something that is not Ray listens: a server that accepts and says nothing, a
    web server that answers `HTTP/1.1 400` (as nginx does to an HTTP/2 preface), or Python's
    http.server (an HTML error page, no status line). Yields (port, the reason the error gives)."""
    import http.server
    import socket
    import threading

    if request.param == "silent":
        with socket.socket() as s:  # the kernel accepts connections on a listening socket by itself
            s.bind(("127.0.0.1", 0))
            s.listen(8)
            yield s.getsockname()[1], "it said nothing within 5 s"
        return

    class Http1(http.server.BaseHTTPRequestHandler):
        def handle(self):
            self.rfile.read(24)
            self.wfile.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    handler = Http1 if request.param == "http1" else http.server.BaseHTTPRequestHandler
    why = "it answers in HTTP/1, not gRPC" if request.param == "http1" else "it does not speak gRPC"
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], why
    finally:
        server.shutdown()
        server.server_close()


def test_a_port_where_something_else_listens_fails_fast_in_one_line(ray_installed, not_ray, tmp_path):
    """A TCP connection alone is not a cluster: `ray.init` on a port where a web server, or a
    server that never answers, listens waits for ever. The batch asks for gRPC's first frame
    (an HTTP/2 SETTINGS frame, which Ray's GCS sends at once) and stops in seconds."""
    port, why = not_ray
    proc = _batch_at(tmp_path, port)
    error = (f"summarize: error: cannot reach the Ray cluster at 127.0.0.1:{port}: what answers at that address "
             f"is not a Ray cluster ({why}); give the port of the head's GCS")
    assert proc.stderr.splitlines()[-1].startswith(error), proc.stderr
    assert [line["status"] for line in manifest_lines(tmp_path / "out")] == ["failed"]


def test_the_probe_takes_a_real_clusters_head(cluster):
    """Ray's own GCS answers the HTTP/2 preface with a SETTINGS frame: the probe lets it by (the
    Ctrl-C test below joins the same cluster through --ray-address end to end)."""
    probe = "import sys; from summarize.jobs.ray_engine import _probe; _probe(sys.argv[1])"  # EngineError otherwise
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("RAY_USE_TLS", None)
    subprocess.run([sys.executable, "-c", probe, cluster], env=env, check=True, timeout=60)


@pytest.mark.parametrize("flags, error", [
    (["--gpus-per-worker", "1", "--workers", "1"],
     "--gpus-per-worker 1: the Ray cluster has no GPU (2 CPUs, 0 GPUs); leave --gpus-per-worker out"),
    (["--cpus-per-worker", "64"], "--cpus-per-worker 64: no node of the Ray cluster has 64 CPUs (2 CPUs, 0 GPUs); "
                                  "ask for at most 2"),
], ids=["gpu", "cpus"])
def test_a_worker_no_node_can_hold_is_refused(cluster, tmp_path, flags, error):
    """The module's cluster has 2 CPUs and no GPU: Ray would wait for ever for a node to hold
    such a worker ("No available node types can fulfill resource request")."""
    write_article(tmp_path / "in" / "a.txt", 1)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "in"), "-o", str(out), "-s", "extractive",
                                       "--no-translate", "-f", "txt", "--engine", "ray", *flags])
    assert result.exit_code == 2, result.output
    ours = [line for line in result.stderr.splitlines() if line.startswith("summarize: error:")]
    assert len(ours) == 1 and ours[0].startswith(f"summarize: error: {error}"), result.stderr
    assert "SUMMARIZE_RAY_SKIP_RESOURCE_CHECK=1" in ours[0]
    assert [line["status"] for line in manifest_lines(out)] == ["failed"] and not (out / "a").exists()


class FakeRay:
    def __init__(self, *nodes):
        self._nodes = [{"Alive": True, "Resources": n} for n in nodes] + [{"Alive": False, "Resources": {"GPU": 8, "CPU": 64}}]

    def nodes(self):
        return self._nodes

    def cluster_resources(self):
        raise AssertionError("the nodes are known")


def test_the_resource_check_asks_one_node_for_a_whole_worker(monkeypatch):
    from summarize.errors import EngineConfigError, EngineError
    from summarize.jobs.ray_engine import check_resources

    two = FakeRay({"CPU": 4, "GPU": 1}, {"CPU": 8})
    check_resources(two, BatchOptions(engine="ray", cpus_per_worker=8))
    check_resources(two, BatchOptions(engine="ray", cpus_per_worker=4, gpus_per_worker=1))
    check_resources(two, BatchOptions(engine="ray", gpus_per_worker=0.5))
    for kw, message in [
        ({"cpus_per_worker": 10}, "--cpus-per-worker 10: no node of the Ray cluster has 10 CPUs "
                                  "(12 CPUs, 1 GPU on 2 nodes); ask for at most 8"),
        ({"gpus_per_worker": 2}, "--gpus-per-worker 2: no node of the Ray cluster has 2 GPUs (12 CPUs, 1 GPU on 2 nodes)"),
        ({"cpus_per_worker": 8, "gpus_per_worker": 1},
         "--cpus-per-worker 8 with --gpus-per-worker 1: no node of the Ray cluster has both 8 CPUs and 1 GPU"),
    ]:
        with pytest.raises(EngineConfigError) as err:
            check_resources(two, BatchOptions(engine="ray", **kw))
        assert str(err.value).startswith(message) and err.value.exit_code == 2 and isinstance(err.value, EngineError)
    with pytest.raises(EngineConfigError, match=r"^--cpus-per-worker 1 \(the default\): no node .* has 1 CPU \(0 CPUs"):
        check_resources(FakeRay({"GPU": 1}), BatchOptions(engine="ray"))
    monkeypatch.setenv("SUMMARIZE_RAY_SKIP_RESOURCE_CHECK", "1")  # an autoscaling cluster adds the nodes
    check_resources(two, BatchOptions(engine="ray", gpus_per_worker=2))


@pytest.mark.parametrize("address, problem", [
    ("127.0.0.1:99999", "the port must be from 1 to 65535, got 99999"),
    ("127.0.0.1:65536", "the port must be from 1 to 65535, got 65536"),
    ("head:0", "the port must be from 1 to 65535, got 0"),
    ("head:x", "the port must be a whole number from 1 to 65535, got x"),
    ("head:", "the port must be a whole number from 1 to 65535, got nothing"),
    ("garbage", "has no port"),
    (":6379", "names no host"),
    ("::1:6379", "an IPv6 host goes in brackets"),
    ("[::1]:99999", "the port must be from 1 to 65535, got 99999"),
    ("[::1", "an IPv6 host goes in brackets"),
    ("ray://head:0", "the port must be from 1 to 65535, got 0"),
])
def test_a_malformed_ray_address_is_a_usage_error_at_once(tmp_path, address, problem):
    """Ray takes a port out of range for an address and retries it for ever (the TCP probe could
    not be made for it): the syntax is checked with the options, before anything, exit 2."""
    with pytest.raises(ConfigError) as err:
        BatchOptions(engine="ray", ray_address=address)
    assert err.value.where == "--ray-address" and problem in err.value.problem
    write_article(tmp_path / "in" / "a.txt", 1)
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "ray",
                                       "--ray-address", address, "-s", "extractive", "--no-translate"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"summarize: error: --ray-address: {address}") and problem in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("address", ["head:6379", "10.0.0.1:1", "[::1]:6379", "h:65535", "auto", "local", "ray://head",
                                     "ray://head:10001"])
def test_a_well_formed_ray_address_is_taken(address):
    assert BatchOptions(engine="ray", ray_address=address).ray_address == address


def test_a_malformed_ray_address_env_is_refused_before_ray_init(monkeypatch):
    from summarize.errors import EngineConfigError
    from summarize.jobs.ray_engine import _probe

    monkeypatch.setenv("RAY_ADDRESS", "127.0.0.1:99999")
    with pytest.raises(EngineConfigError) as err:
        _probe("auto")
    assert "$RAY_ADDRESS" in err.value.where and "from 1 to 65535" in err.value.problem


class _HungRay:
    """A stand-in for ``ray`` whose ``init`` waits for a cluster that never answers (as Ray's does
    for an address where something else listens), after setting a SIGTERM handler of its own as
    Ray's does (``sys.exit``); the signal under test is sent from inside it."""

    def __init__(self, signum: int):
        self.signum, self.shutdowns, self.waited = signum, 0, 0.0

    def is_initialized(self) -> bool:
        return False

    def init(self, address=None, **_kw):
        signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(signum))
        t0 = time.monotonic()
        try:
            os.kill(os.getpid(), self.signum)
            while time.monotonic() - t0 < 10:  # "for ever"
                time.sleep(0.05)
        finally:
            self.waited = time.monotonic() - t0

    def shutdown(self) -> None:
        self.shutdowns += 1


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_while_ray_init_waits_for_the_cluster_is_honoured(tmp_path, monkeypatch, signum):
    """Ctrl-C or SIGTERM while the driver waits in ray.init (before the first article): exit 130
    at once, every article recorded as interrupted, the half-made connection closed; not a
    signal held back until a cluster that never answers is up, nor ray.init's own SIGTERM
    handler ending the process with nothing recorded."""
    from summarize.jobs import ray_engine

    fake = _HungRay(signum)
    monkeypatch.setattr(ray_engine, "check_available", lambda: None)  # the fake stands in: runs without the extra
    monkeypatch.setattr(ray_engine, "_import_ray", lambda: fake)
    monkeypatch.setattr(ray_engine, "_probe", lambda address: None)  # something answers there
    for k in range(3):
        write_article(tmp_path / "in" / f"a{k}.txt", k)
    settings = Settings.from_options(summarizer="extractive", translate=False, formats="json", quiet=True)
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    result = run_batch([tmp_path / "in"], settings, tmp_path / "out",
                       BatchOptions(engine="ray", ray_address="127.0.0.1:6379"), stream=io.StringIO())
    assert fake.waited < 3  # honoured at once, not after ray.init gave up
    assert result.interrupted and result.exit_code == 130
    assert [line["status"] for line in manifest_lines(tmp_path / "out")] == ["interrupted"] * 3
    assert (tmp_path / "out" / "index.md").is_file()
    assert fake.shutdowns == 1
    assert {s: signal.getsignal(s) for s in before} == before  # the caller's handlers are back


# -- Ctrl-C, then the same command resumes -----------------------------------------------------------


@pytest.mark.parametrize("signum, own_cluster", [(signal.SIGINT, True), (signal.SIGTERM, False)], ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_keeps_finished_briefs_and_the_same_command_resumes(cluster, tmp_path, signum, own_cluster):
    """SIGINT: the first run starts a local cluster of its own (the default), the rerun joins the
    module's. SIGTERM (ray.init installs a handler of its own for it, which the batch takes back):
    both join the module's."""
    src = tmp_path / "in"
    for k in range(8):
        write_article(src / f"a{k}.txt", k)
    out = tmp_path / "out"
    marker = tmp_path / "blocked"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "RAY_USAGE_STATS_ENABLED": "0",
           "BATCH_DRIVER_BLOCK_AT": "4", "BATCH_DRIVER_MARKER": str(marker)}
    cmd = [sys.executable, "-m", "tests.batch_driver", "batch", str(src), "-o", str(out), "-s", "extractive",
           "--targets", "ur", "--group-size", "1", "-f", "json,md,txt", "--engine", "ray", "--workers", "1",
           "--cpus-per-worker", "0.5"]
    join = ["--ray-address", cluster]
    proc = subprocess.Popen(cmd if own_cluster else [*cmd, *join], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        # The worker blocks in the 4th article; the driver has written the first three by then or soon.
        while not (marker.exists() and (out / "manifest.jsonl").is_file() and len(manifest_lines(out)) == 3):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the batch never reached the 4th article"
            time.sleep(0.1)
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr
    lines = manifest_lines(out)
    assert [line["status"] for line in lines] == ["done"] * 3 + ["interrupted"] * 5
    for k in range(3):
        brief = json.loads((out / f"a{k}" / "brief.json").read_text(encoding="utf-8"))
        assert brief["segments"] and all("ur" in s["targets"] for s in brief["segments"])
    assert not (out / "a3" / ".summarize-stamp.json").exists()
    assert not list(out.rglob("*.tmp"))

    env.pop("BATCH_DRIVER_BLOCK_AT")
    rerun = subprocess.run([*cmd, *join], env=env, cwd=tmp_path, capture_output=True, text=True,
                           timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    assert f"connected to the Ray cluster at {cluster}" in rerun.stderr
    # no raw Ray log line without --debug (its "E ... core_worker.cc: ... constructor arguments in the
    # object store" came on every pass: a fresh user's report); every line is the batch's own
    assert all(line.startswith("summarize: ") for line in (stderr + rerun.stderr).splitlines()), stderr + rerun.stderr
    second = manifest_lines(out)[8:]
    assert sorted(line["status"] for line in second) == ["done"] * 5 + ["skipped"] * 3
    assert {Path(line["input"]).name for line in second if line["status"] == "skipped"} == {"a0.txt", "a1.txt", "a2.txt"}
    assert all((out / f"a{k}" / "brief.json").is_file() for k in range(8))


# -- without Ray: options, a missing extra, errors that cross processes ------------------------------


@pytest.mark.parametrize("kw, flag", [
    ({"workers": 2}, "--workers"),
    ({"ray_address": "head:6379"}, "--ray-address"),
    ({"cpus_per_worker": 2}, "--cpus-per-worker"),
    ({"gpus_per_worker": 1}, "--gpus-per-worker"),
])
def test_ray_options_need_the_ray_engine(kw, flag):
    with pytest.raises(ConfigError) as err:
        BatchOptions(**kw)
    assert err.value.where == flag and "only with --engine ray" in str(err.value)
    BatchOptions(engine="ray", **kw)  # fine with it


@pytest.mark.parametrize("kw, flag", [
    ({"engine": "spark"}, "--engine"),
    ({"workers": 0}, "--workers"),
    ({"workers": 1.5}, "--workers"),
    ({"cpus_per_worker": 0}, "--cpus-per-worker"),
    ({"gpus_per_worker": -1}, "--gpus-per-worker"),
    ({"gpus_per_worker": float("nan")}, "--gpus-per-worker"),
    ({"ray_address": " "}, "--ray-address"),
])
def test_bad_ray_options_name_the_option(kw, flag):
    with pytest.raises(ConfigError) as err:
        BatchOptions(**({"engine": "ray"} | kw))
    assert err.value.where == flag


def test_a_ray_flag_with_the_local_engine_is_a_usage_error(tmp_path):
    write_article(tmp_path / "in" / "a.txt", 1)
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--workers", "2",
                                       "-s", "extractive", "--no-translate"])
    assert result.exit_code == 2
    assert result.stderr == "summarize: error: --workers: only with --engine ray\n"
    assert not (tmp_path / "out").exists()


def test_without_the_ray_extra_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if it were not installed
    write_article(tmp_path / "in" / "a.txt", 1)
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "ray",
                                       "-s", "extractive", "--no-translate"])
    assert result.exit_code == 2
    assert result.stderr == "summarize: error: --engine ray: needs the [ray] extra: pip install 'summarize[ray]'\n"
    assert not (tmp_path / "out").exists()  # stopped before any work


def test_importing_summarize_imports_no_ray():
    code = ("import sys, summarize, summarize.cli, summarize.jobs.batch, summarize.settings; "
            "from click.testing import CliRunner; r = CliRunner().invoke(summarize.cli.main, ['batch', '--help']); "
            "assert r.exit_code == 0 and '--engine' in r.output; print(sorted(m for m in sys.modules if m.split('.')[0] == 'ray'))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_library_errors_survive_pickling_with_their_fields():
    # A worker's error reaches the driver pickled; these take (source, problem) and the like, which
    # pickle's default (cls(message)) cannot rebuild.
    for exc in (InputError("a.txt", "is empty"), ModelNotAvailableError("m", "org/m", "the cache", "pull it"),
                ModelLoadError("m cannot load"), OutputError("out/a", "disk full"), ConfigError("--tm", "bad"),
                ModelConfigError("models.yaml: tiny-bart", "max_input_tokens is past the model's 128 positions")):
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and str(back) == str(exc) and vars(back) == vars(exc)


def test_signal_guard_takes_back_a_handler_a_library_replaced():
    # ray.init sets its own SIGTERM handler (sys.exit) in the middle of a batch.
    before = signal.getsignal(signal.SIGTERM)
    guard = SignalGuard(True)
    with guard:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
        guard.reclaim()
        assert signal.getsignal(signal.SIGTERM) == guard._handle
    assert signal.getsignal(signal.SIGTERM) == before


def test_rays_own_log_lines_are_held_back_and_the_rest_goes_through(capfd):
    """Ray's C++ core writes its errors straight to file descriptor 2 (``[2026-12-04
    20:19:12,019 E 26795 26795] core_worker.cc:2465: Actor with class name ...``), on every run
    (a fresh user's report): dropped unless --debug, and nothing else is lost or reordered."""
    from summarize.jobs.ray_engine import ray_log_lines_held_back

    ray_line = b"[2026-12-04 20:19:12,019 E 26795 26795] core_worker.cc:2465: Actor with class name: 'X' has ...\n"
    with ray_log_lines_held_back():
        os.write(2, b"summarize: first\n" + ray_line + b"\rbriefs: 1/2 |##")
        os.write(2, b"  |\n[not a Ray line] kept\n")
        os.write(2, b"summarize: more\n")
        os.write(2, ray_line[:20])  # a Ray line in two writes
        os.write(2, ray_line[20:] + b"summarize: last\n")
    err = capfd.readouterr().err
    assert err == ("summarize: first\n\rbriefs: 1/2 |##  |\n[not a Ray line] kept\nsummarize: more\n"
                   "summarize: last\n"), err
    with ray_log_lines_held_back(enabled=False):  # --debug
        os.write(2, ray_line)
    assert capfd.readouterr().err == ray_line.decode()
