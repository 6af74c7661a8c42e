"""Benchmark: cross-article batching (`summarize batch`) against a per-article loop (`summarize run`).

Not a test. Measures, for N articles (default 1, 10 and 50):

- articles per minute, batched and per-article (the same models, loaded once in both);
- the ratio of the two (goal: batched >= 2x the per-article loop);
- the share of wall time spent loading models (it must not grow with N);
- peak resident memory (RSS) of each run.

Each (mode, N) runs in a fresh Python process so that load times and peak RSS are its own; the
timer starts after imports, so both include model loading and exclude interpreter start-up.

Models, all with random weights and built locally (nothing is downloaded):

- default: the tiny test models (``tests/tiny_models.py``: 2+2 layers, d_model 32);
- ``--default-archs``: the default architectures, NLLB-200-distilled-600M (M2M100, d_model 1024,
  12+12 layers, 16 heads, FFN 4096, vocabulary 256206) and distilbart-cnn-12-6 (BART, 12 encoder
  and 6 decoder layers, d_model 1024, vocabulary 50264), each with the tiny tokenizer (its ids
  fit in the larger vocabulary). Outputs have a fixed length (``--new-tokens``) so every run does
  the same work; ``--beams`` sets the beam count (default 1 to keep CPU runs short). Building
  them takes a minute and ~4 GB of disk in ``--work`` (kept for later runs).

``--engine ray`` runs the batched mode on Ray workers (``summarize batch --engine ray``, the
``[ray]`` extra; ``--workers N``, each with ``--threads`` torch threads): the child starts a
local Ray cluster, so the time includes that start and each worker's model loading; the model
loading time and peak RSS are then the driver's alone (the workers load the models: each holds
about what the local engine holds). ``--skip-loop`` leaves out the per-article loop (to compare
engines).

Usage (from the repository root)::

    python benchmarks/batch_bench.py                       # tiny models, N = 1, 10, 50
    python benchmarks/batch_bench.py --default-archs --sizes 1,4,8 --threads 2
    python benchmarks/batch_bench.py --sizes 50 --skip-loop --engine ray --workers 2 --threads 1
    python benchmarks/batch_bench.py --default-archs --device cuda --sizes 50 --beams 4 --new-tokens 24   # a GPU

The last lines printed are the ratios; ``--json FILE`` (default ``batch_bench.json`` in the
current folder) receives every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


# -- set-up (parent process) ----------------------------------------------------------------------


def make_corpus(folder: Path, n: int) -> list[Path]:
    """``n`` articles: the sample articles in turn, each made distinct by a closing sentence."""
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = samples[i % len(samples)]
        text = src.read_text(encoding="utf-8")
        extra = f"This is report number {i + 1} in the series, the editors said."
        if src.suffix == ".html":
            text = text.replace("</article>", f"<p>{extra}</p></article>", 1) if "</article>" in text else text.replace("</body>", f"<p>{extra}</p></body>")
        else:
            text = text.rstrip() + f"\n\n{extra}\n"
        path = folder / f"article-{i + 1:03d}{src.suffix}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def tiny_setup(work: Path) -> Path:
    """Build the tiny test models (once) and return their models.yaml."""
    sys.path.insert(0, str(ROOT))
    from tests.tiny_models import build_tiny_bart, build_tiny_nllb, write_models_yaml

    nllb, bart = work / "tiny-nllb", work / "tiny-bart"
    if not (nllb / "config.json").is_file():
        build_tiny_nllb(nllb)
    if not (bart / "config.json").is_file():
        build_tiny_bart(bart)
    return write_models_yaml(work / "models-tiny.yaml", nllb=str(nllb), bart=str(bart))


def default_archs_setup(work: Path, new_tokens: int, beams: int, device: str = "cpu") -> Path:
    """Build random-weight models of the default architectures (once; bench_models' configs, the
    tiny test tokenizers) and return a models.yaml with fixed-length generation. ``device``:
    models.yaml's ``device``; on ``cuda`` with ``dtype: auto`` (bfloat16 where the GPU has it, as
    a user's GPU run gets), else ``float32``."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.bench_models import DISTILBART_CNN_12_6, NLLB_600M, write_models_yaml
    from tests.tiny_models import build_tiny_bart, build_tiny_nllb

    models = {"nllb": work / "nllb-600m-arch", "bart": work / "distilbart-12-6-arch"}
    for name, build, config in (("nllb", build_tiny_nllb, NLLB_600M), ("bart", build_tiny_bart, DISTILBART_CNN_12_6)):
        if not (models[name] / "model.safetensors").is_file():
            print(f"building a random {name} model of the default architecture ...", file=sys.stderr, flush=True)
            build(models[name], **config)
    fixed = f"num_beams: {beams}, no_repeat_ngram_size: 3"
    return write_models_yaml(
        work / f"models-default-archs-{device}.yaml", models, summary_batch=16, device=device,
        dtype="auto" if device.startswith("cuda") else "float32",
        summary_generation=f"{fixed}, min_new_tokens: {2 * new_tokens}, max_new_tokens: {2 * new_tokens}",
        translate_generation=f"{fixed}, min_new_tokens: {new_tokens}, max_new_tokens_min: {new_tokens}, "
                             f"max_new_tokens: {new_tokens}",
    )


# -- one measurement (child process) ----------------------------------------------------------------


def child(mode: str, models: str, corpus: str, out: str, engine: str = "local", workers: str = "0") -> dict:
    """Run one mode over one corpus (``batch`` on ``engine``, with ``workers`` Ray workers when
    it is ``ray``); return the figures. The timer starts after the imports."""
    sys.path.insert(0, str(ROOT))
    import io

    import summarize.engines.transformers as runtime
    from summarize.jobs.batch import BatchOptions, run_batch
    from summarize.jobs.run import run_articles
    from summarize.settings import Settings

    loading = [0.0]
    real_load = runtime.load_seq2seq

    def timed_load(*a, **k):
        t = time.perf_counter()
        try:
            return real_load(*a, **k)
        finally:
            loading[0] += time.perf_counter() - t

    runtime.load_seq2seq = timed_load
    articles = sorted(str(p) for p in Path(corpus).iterdir())
    t0 = time.perf_counter()
    settings = Settings.from_options(models=models, offline=True, quiet=True)
    if mode == "batch":
        options = BatchOptions(engine=engine, workers=int(workers) or None) if engine == "ray" else BatchOptions()
        res = run_batch([corpus], settings, out, options, stream=io.StringIO(), handle_signals=False)
        failed = res.count("failed")
    else:
        failed = len(run_articles(articles, settings, out, log=lambda m: None))
    wall = time.perf_counter() - t0
    segments = 0
    for brief in Path(out).rglob("brief.json"):
        data = json.loads(brief.read_text(encoding="utf-8"))
        segments += (len(data["segments"]) + (data["title"] is not None)) * max(1, len(data["targets"]))
    ray = mode == "batch" and engine == "ray"
    return {
        "mode": mode,
        "engine": engine if mode == "batch" else None,
        "workers": int(workers) if ray else None,
        "articles": len(articles),
        "failed": failed,
        "wall_s": round(wall, 3),
        "load_s": None if ray else round(loading[0], 3),  # on Ray the workers load the models
        "load_share": None if ray else (round(loading[0] / wall, 4) if wall else None),
        "articles_per_min": round(len(articles) / wall * 60, 2) if wall else None,
        "segments_translated": segments,
        "segments_per_s": round(segments / wall, 2) if wall else None,
        "peak_rss_mb": round(peak_rss_kb() / 1024, 1),  # on Ray: the driver's alone
    }


def gpu_name() -> str | None:
    """The first CUDA device's name, or None (no torch CUDA build, no GPU)."""
    try:
        import torch

        return torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    except Exception:
        return None


def peak_rss_kb() -> int:
    """This process's peak RSS in KB: VmHWM from /proc (its own, since exec), else ru_maxrss
    (on Linux that one carries over the parent's peak across fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# -- driver ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--default-archs", action="store_true", help="random-weight models of the default architectures")
    ap.add_argument("--sizes", default="1,10,50", help="article counts N, comma-separated (default 1,10,50)")
    ap.add_argument("--threads", type=int, default=None, help="torch threads (SUMMARIZE_THREADS) for every run")
    ap.add_argument("--new-tokens", type=int, default=16, help="--default-archs: tokens per translation (summary: twice)")
    ap.add_argument("--beams", type=int, default=1, help="--default-archs: beams for both models")
    ap.add_argument("--work", default=None, help="folder for models and corpora (default: a temp folder; models kept there)")
    ap.add_argument("--json", default="batch_bench.json", help="where to write the figures")
    ap.add_argument("--device", default="cpu", choices=("cpu", "cuda"),
                    help="--default-archs: models.yaml's device (cuda: dtype auto, batch sizes for CUDA)")
    ap.add_argument("--engine", choices=("local", "ray"), default="local", help="the batched mode's engine (default local)")
    ap.add_argument("--workers", type=int, default=None, help="--engine ray: Ray workers (default: as many as the CPUs)")
    ap.add_argument("--skip-loop", action="store_true", help="only the batched mode (no per-article loop, no ratio)")
    ap.add_argument("--child", nargs=6, metavar=("MODE", "MODELS", "CORPUS", "OUT", "ENGINE", "WORKERS"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.workers is not None and (args.engine != "ray" or args.workers < 1):
        ap.error("--workers takes a positive number, and only with --engine ray")
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0

    import tempfile

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = Path(args.work or Path(tempfile.gettempdir()) / "summarize-bench")
    work.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    if args.device != "cpu" and not args.default_archs:
        ap.error("--device takes --default-archs")
    models = default_archs_setup(work, args.new_tokens, args.beams, args.device) if args.default_archs else tiny_setup(work)
    setup_s = time.perf_counter() - t
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RAY_USAGE_STATS_ENABLED": os.environ.get("RAY_USAGE_STATS_ENABLED", "0"), "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    if args.threads:
        env["SUMMARIZE_THREADS"] = str(args.threads)
    rows = []
    modes = ("batch",) if args.skip_loop else ("loop", "batch")
    for n in sizes:
        corpus = work / f"corpus-{n}"
        shutil.rmtree(corpus, ignore_errors=True)
        make_corpus(corpus, n)
        for mode in modes:
            out = work / f"out-{mode}-{n}"
            shutil.rmtree(out, ignore_errors=True)
            proc = subprocess.run([sys.executable, __file__, "--child", mode, str(models), str(corpus), str(out),
                                   args.engine, str(args.workers or 0)], env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 1
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            row["n"] = n
            rows.append(row)
            label = mode if mode == "loop" or args.engine == "local" else f"ray×{args.workers or 'auto'}"
            load = "load on the workers" if row["load_s"] is None else f"load {row['load_s']:5.1f} s ({row['load_share']:.0%})"
            print(f"N={n:<3} {label:<7} {row['wall_s']:8.1f} s  {row['articles_per_min']:8.1f} articles/min  "
                  f"{row['segments_per_s']:7.1f} segments/s  {load}  peak RSS {row['peak_rss_mb']:.0f} MB", flush=True)
    ratios = {}
    for n in sizes if not args.skip_loop else ():
        loop = next(r for r in rows if r["n"] == n and r["mode"] == "loop")
        batch = next(r for r in rows if r["n"] == n and r["mode"] == "batch")
        ratios[n] = round(loop["wall_s"] / batch["wall_s"], 2)
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "device": args.device,
        "gpu": gpu_name(),
        "models": "default-archs (random weights)" if args.default_archs else "tiny test models",
        "threads": args.threads,
        "engine": args.engine,
        "workers": args.workers,
        "setup_s": round(setup_s, 1),
        "runs": rows,
        "batched_over_loop": ratios,
    }
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")
    if args.engine == "local":
        share = ", ".join(f"N={n} {next(r for r in rows if r['n'] == n and r['mode'] == 'batch')['load_share']:.1%}" for n in sizes)
        print(f"model loading share of batched wall time: {share} (must not grow with N)")
    peak = ", ".join(f"N={n} {next(r for r in rows if r['n'] == n and r['mode'] == 'batch')['peak_rss_mb']:.0f} MB" for n in sizes)
    print(f"peak RSS, batched{' (the driver alone)' if args.engine == 'ray' else ''}: {peak}")
    if ratios:
        print("batched / per-article speed: " + ", ".join(f"N={n} {r:.2f}x" for n, r in ratios.items()) + " (goal >= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
