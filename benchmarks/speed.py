"""Speed benchmark: summarize's transformers and CTranslate2 int8 backends against the naive
transformers pipeline, on random-weight models with the default models' exact architectures.

    python benchmarks/speed.py                 # full architectures (NLLB-200 600M, distilbart-cnn-12-6)
    python benchmarks/speed.py --quick         # the tiny test models: a smoke run in about a minute
    python benchmarks/speed.py --device cuda   # the same on a GPU

Not part of the test suite. Each engine runs in its own process, so that its load time and peak
resident memory are its own:

- ``baseline``: what most users write, one call per sentence: ``transformers.pipeline("translation")``
  and ``pipeline("summarization")`` where transformers still has them (< 5); transformers 5
  removed both (huggingface/transformers#43256), so there a stand-in does what their ``__call__``
  did: tokenise one text, ``generate`` under ``no_grad``, decode.
- ``ours``: ``summarize.Pipeline`` with the transformers backend in float32 (pinned: on a GPU
  ``dtype: auto`` would be bfloat16); then the ablations that say what
  each change bought (length-sorted batches, all targets in one generate call, encoder sharing
  across targets, threads).
- ``ours-bf16``: the same with ``dtype: bfloat16`` (opt-in on CPU; fast where the CPU has
  AVX512-BF16 or AMX, slow where it must emulate it).
- ``ct2-int8``: the same pipeline with ``backend: ctranslate2`` on int8 conversions (made by
  ``summarize.engines.ct2.convert.convert``, timed apart).

Every engine does the same work: the same beams, and output lengths fixed (min = max new tokens),
so random weights cannot make one engine stop early. Workloads: the whole brief of the seed article
(summarise, then translate the brief's sentences into Urdu, Pashto and Dari), whose steps give the
summarise and translate figures. The last lines print each figure as a ratio to the baseline, with
machine facts; a JSON file holds everything.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = ROOT / "samples" / "afghan-truce.txt"
TARGETS = {"ur": "urd_Arab", "ps": "pbt_Arab", "prs": "prs_Arab"}
ENGINES = ("baseline", "ours", "ours-bf16", "ct2-int8", "default")
#: ``--isa avx2``: the environment that caps every library's instruction set at AVX2 (no AVX-512,
#: VNNI or BF16 kernels), to measure an AVX2-only CPU's code paths on a newer CPU: oneDNN (torch's
#: and CTranslate2's), CTranslate2's own kernels, ATen's kernels and MKL. It does not make the CPU
#: an older one (clocks, caches and memory stay), so its figures are a proxy, said so in the output.
ISA_CAPS = {
    "avx2": {"ONEDNN_MAX_CPU_ISA": "AVX2", "DNNL_MAX_CPU_ISA": "AVX2", "CT2_FORCE_CPU_ISA": "AVX2",
             "ATEN_CPU_CAPABILITY": "avx2", "MKL_ENABLE_INSTRUCTIONS": "AVX2"},
}
GOALS = {"translate_ours": 4.0, "translate_ct2": 12.0, "brief": 5.0, "int8_memory_share": 0.5,
         # issue 14: the default models.yaml runs the fastest engine of the run; int8 whole brief
         # >= 15x on Zen 4 (AVX-512 + VNNI + BF16), >= 7x on AVX2
         "default_share_of_fastest": 0.9, "default_brief_avx512": 15.0, "default_brief_avx2": 7.0}


# ---------------------------------------------------------------------------------------------
# configuration shared by the workers


def models_yaml(path: Path, models: dict[str, Path], args, *, backend: str, dtype: str = "auto") -> Path:
    """A models.yaml for the benchmark's models with the fixed-length generation settings.
    ``backend``: ``transformers`` or ``ctranslate2`` (pinned), or ``default``: the engine settings
    of the packaged models.yaml (its ``dtype`` and its models' ``backend``, ``quantization`` and
    ``compute_type``), which is what a user of the README's install runs."""
    from benchmarks.bench_models import write_models_yaml

    extra = ""
    if backend == "ctranslate2":
        compute = "int8_float16" if args.device == "cuda" else "default"
        extra = f"\n    backend: ctranslate2\n    quantization: int8\n    compute_type: {compute}"
    elif backend == "transformers":
        extra = "\n    backend: transformers"
    elif backend == "default":
        dtype, extra = default_engine_settings()
    n, m, b = args.new_tokens, args.summary_tokens, args.beams
    return write_models_yaml(
        path, models, device=args.device, dtype=dtype, translate_batch=args.batch_size, extra=extra,
        summary_generation=f"num_beams: {args.summary_beams}, min_new_tokens: {m}, max_new_tokens: {m}, "
                           "no_repeat_ngram_size: 3, length_penalty: 2.0",
        translate_generation=f"num_beams: {b}, min_new_tokens: {n}, max_new_tokens: {n}, max_new_tokens_min: {n}, "
                             "max_new_tokens_ratio: 1000.0",
    )


def default_engine_settings() -> tuple[str, str]:
    """``(dtype, model lines)`` of the packaged models.yaml's engine settings: its top-level dtype,
    and the backend/quantization/compute_type of its translator (the summariser's must agree,
    else the benchmark says so)."""
    from summarize.config import load_config, packaged_default_path

    cfg = load_config(packaged_default_path())
    engines = {(m.backend, m.quantization, m.compute_type) for m in cfg.models.values() if m.model is not None}
    if len(engines) != 1:
        raise SystemExit(f"the packaged models.yaml gives its models different engines ({engines}); the benchmark uses one")
    backend, quantization, compute = engines.pop()
    lines = f"\n    backend: {backend}" + (f"\n    quantization: {quantization}" if quantization else "") + (
        f"\n    compute_type: {compute}" if compute else "")
    return cfg.dtype, lines


def peak_rss_bytes() -> int:
    """This process's peak resident set size in bytes: ``VmHWM`` of /proc/self/status on Linux,
    else ru_maxrss (KiB on Linux, bytes on macOS).

    Not ru_maxrss on Linux: it survives fork and exec, so a worker started by a parent that had
    just built the 2.4 GB random models reported the parent's peak (4.6 GiB for every engine, int8
    included); VmHWM belongs to the worker's own address space, which exec starts afresh."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def cuda_peak_bytes() -> int | None:
    """Peak GPU memory torch allocated in this process (None without CUDA; CTranslate2's own
    allocations are not seen by torch)."""
    import torch

    return int(torch.cuda.max_memory_allocated()) if torch.cuda.is_available() else None


# ---------------------------------------------------------------------------------------------
# workers (one process each)


def worker(engine: str, job: dict) -> dict:
    """Run one engine's workloads; returns its figures (seconds, counts, bytes)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_HOME"] = job["hf_home"]
    if job.get("threads"):
        os.environ["SUMMARIZE_THREADS"] = str(job["threads"])  # ours (torch and CTranslate2)
        import torch

        torch.set_num_threads(job["threads"])  # the baseline, which knows no SUMMARIZE_THREADS
    if engine == "baseline":
        return _baseline(job)
    if engine == "gemm":
        return _gemm(job)
    return _ours(engine, job)


def _gemm(job: dict) -> dict:
    """The machine's GEMM peaks at the translator's decoder shapes (benchmarks/roofline.py)."""
    from benchmarks.roofline import Arch, measure_gemm_peaks

    import torch

    arch = Arch.from_folder(job["models"]["nllb"])
    device = job["device"]
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    return {"engine": "gemm", "peaks": measure_gemm_peaks(arch, job["gemm_rows"], threads=job.get("threads"),
                                                          budget_s=job["gemm_budget_s"], device=device)}


def _timed_brief(pipeline, repeat: int) -> tuple[object, dict]:
    """The brief of the seed article, made ``repeat`` times; the fastest run's figures."""
    best = None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        brief = pipeline.brief(SEED)
        total = time.perf_counter() - t0
        if best is None or total < best[1]:
            best = (brief, total)
    brief, total = best
    translate = sum(v for k, v in brief.timings.items() if k.startswith("translate_"))
    segments = ([brief.title.source] if brief.title else []) + [s.source for s in brief.segments]
    return brief, {"total_s": total, "summarize_s": brief.timings["summarize"], "translate_s": translate,
                   "segments": segments, "notes": brief.notes, "runs": max(1, repeat)}


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _ours(engine: str, job: dict) -> dict:
    from summarize.config import load_config
    from summarize.engines.transformers import set_threads
    from summarize.pipeline import BriefOptions, Pipeline

    config = load_config(job[{"ct2-int8": "yaml_ct2", "ours-bf16": "yaml_bf16", "default": "yaml_default"}.get(engine, "yaml_ours")])
    t0 = time.perf_counter()
    pipeline = Pipeline(config, BriefOptions(), offline=True)
    summarizer = pipeline.summarizer()
    translator = pipeline.registry.translator("nllb")
    load_s = time.perf_counter() - t0
    translator.translate(["Warm up."], "eng_Latn", "urd_Arab")  # first-call set-up, for every engine
    load_before = _load_average()
    _brief, brief = _timed_brief(pipeline, job["repeat"])
    out = {"engine": engine, "load_s": load_s, "brief": brief, "describe": translator.describe(),
           "load_average_before_after": [load_before, _load_average()],
           "summarizer": summarizer.describe(), "torch_threads": set_threads()}
    if engine == "ours" and job["ablations"]:
        out["ablations"] = _ablations(translator, brief["segments"], job)
    out["peak_rss_bytes"] = peak_rss_bytes()
    out["cuda_peak_bytes"] = cuda_peak_bytes()
    return out


def _ablations(translator, segments: list[str], job: dict) -> dict:
    """What each change of the transformers path buys, each measured against the same path with
    that one change undone, on the brief's segments."""
    import torch

    codes = list(TARGETS.values())

    def run(fn) -> float:  # the fastest of job["repeat"] runs
        times = []
        for _ in range(max(1, job["repeat"])):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    res: dict[str, dict] = {}
    spec = translator.spec
    # 1. all targets of a batch in one generate call vs one call per target (encoder shared in both)
    both = run(lambda: translator.translate_many(segments, "eng_Latn", codes))
    translator.merge_targets = False
    per_target = run(lambda: translator.translate_many(segments, "eng_Latn", codes))
    translator.merge_targets = True
    work = f"{len(segments)} segments x {len(codes)} targets"
    res["merged_targets"] = {"with_s": both, "without_s": per_target, "speedup": per_target / both, "workload": work}
    # 2. encoder sharing: one encoder pass per batch vs one per target (targets merged in both)
    translator.share_encoder = False
    unshared = run(lambda: translator.translate_many(segments, "eng_Latn", codes))
    translator.share_encoder = True
    res["encoder_sharing"] = {"with_s": both, "without_s": unshared, "speedup": unshared / both, "workload": work}
    # 3. length-sorted batches vs one sentence per generate call (one target)
    one = segments[: job["ablation_segments"]]
    batched = run(lambda: translator.translate(one, "eng_Latn", "urd_Arab"))
    translator.spec = dataclasses.replace(spec, batch_size=1)
    single = run(lambda: translator.translate(one, "eng_Latn", "urd_Arab"))
    translator.spec = spec
    res["batching"] = {"with_s": batched, "without_s": single, "speedup": single / batched,
                       "workload": f"{len(one)} segments x 1 target, batch_size {spec.batch_size} vs 1"}
    # 4. threads: one thread against all cores (whichever is in force is the run above)
    threads, cores = torch.get_num_threads(), os.cpu_count() or 1
    if cores > 1:
        other = 1 if threads > 1 else cores
        torch.set_num_threads(other)
        t_other = run(lambda: translator.translate(one, "eng_Latn", "urd_Arab"))
        torch.set_num_threads(threads)
        t1, tn = (t_other, batched) if other == 1 else (batched, t_other)
        res["threads"] = {"with_s": tn, "without_s": t1, "speedup": t1 / tn,
                          "workload": f"{len(one)} segments x 1 target, {cores} threads vs 1 (speedup = 1-thread time / {cores}-thread time)"}
    else:
        res["threads"] = {"skipped": "one core"}
    # 5. beam search leaves the cross-attention cache alone vs transformers' reorder of both halves
    model = translator.model
    reorder = model.__dict__.get("_reorder_cache")
    if reorder is not None:
        del model._reorder_cache
        reordered = run(lambda: translator.translate_many(segments, "eng_Latn", codes))
        model._reorder_cache = reorder
        res["cross_attention_not_reordered"] = {"with_s": both, "without_s": reordered, "speedup": reordered / both,
                                                "workload": work}
    # 6. glibc keeps freed memory (runtime.keep_freed_memory) vs its own settings once adapted
    #    (mmap threshold at its 32 MiB ceiling, trim threshold twice that, as glibc's dynamic rule sets them)
    if _mallopt(M_MMAP_MAX=65536, M_MMAP_THRESHOLD=32 << 20, M_TRIM_THRESHOLD=64 << 20):
        given_back = run(lambda: translator.translate_many(segments, "eng_Latn", codes))
        _mallopt(M_MMAP_MAX=0, M_TRIM_THRESHOLD=2**31 - 1)
        res["freed_memory_kept"] = {"with_s": both, "without_s": given_back, "speedup": given_back / both,
                                    "workload": work + "; without: glibc's adapted defaults"}
    else:
        res["freed_memory_kept"] = {"skipped": "not glibc, or SUMMARIZE_MALLOC_TUNING=0"}
    res["model_reuse"] = {"note": "models load once per process (load_s); a script that reloads per article pays load_s each time"}
    res["inference_mode"] = {"note": "not measured apart: generate() already runs without autograd; inference_mode saves little more"}
    return res


def _mallopt(**settings: int) -> bool:
    """Set glibc malloc parameters by name (malloc.h); False when not in force (not glibc, or the
    pipeline did not tune it)."""
    from summarize.engines import transformers as runtime

    if not runtime._allocator_tuned:
        return False
    import ctypes

    codes = {"M_TRIM_THRESHOLD": -1, "M_MMAP_THRESHOLD": -3, "M_MMAP_MAX": -4}
    libc = ctypes.CDLL("libc.so.6")
    return all(libc.mallopt(codes[name], value) == 1 for name, value in settings.items())


def _baseline(job: dict) -> dict:
    import torch
    import transformers

    from summarize.reading.source import read_article
    from summarize.text.segment import article_sentences

    device = job["device"]
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    t0 = time.perf_counter()
    translate, summarise, kind = _naive_pipelines(job["models"], device)
    load_s = time.perf_counter() - t0
    n, m = job["new_tokens"], job["summary_tokens"]
    gen = dict(num_beams=job["beams"], min_new_tokens=n, max_new_tokens=n)
    translate("Warm up.", "urd_Arab", **gen)
    article = read_article(SEED)
    text = " ".join(article_sentences(article))
    segments = job["segments"]  # the sentences the pipeline translated (same work)
    load_before = _load_average()
    brief = None
    for _ in range(max(1, job["repeat"])):
        t0 = time.perf_counter()
        summarise(text, num_beams=job["summary_beams"], min_new_tokens=m, max_new_tokens=m)
        t1 = time.perf_counter()
        for code in TARGETS.values():
            for seg in segments:
                translate(seg, code, **gen)
        t2 = time.perf_counter()
        if brief is None or t2 - t0 < brief["total_s"]:
            brief = {"total_s": t2 - t0, "summarize_s": t1 - t0, "translate_s": t2 - t1, "segments": segments,
                     "runs": max(1, job["repeat"])}
    return {"engine": "baseline", "kind": kind, "load_s": load_s, "brief": brief, "torch_threads": torch.get_num_threads(),
            "load_average_before_after": [load_before, _load_average()],
            "transformers": transformers.__version__, "peak_rss_bytes": peak_rss_bytes(), "cuda_peak_bytes": cuda_peak_bytes()}


def _naive_pipelines(models: dict[str, str], device: str):
    """``(translate(text, tgt_lang, **gen), summarise(text, **gen), kind)``: transformers'
    translation and summarization pipelines where they exist, else the stand-in."""
    from transformers import pipeline

    try:
        tr = pipeline("translation", model=models["nllb"], src_lang="eng_Latn", tgt_lang="urd_Arab", device=device)
        su = pipeline("summarization", model=models["bart"], device=device)
    except KeyError:  # transformers >= 5: the tasks were removed
        return (*_stand_in(models, device), "stand-in for transformers<5 pipeline() (removed in transformers 5)")

    def translate(text, tgt_lang, **gen):
        return tr(text, src_lang="eng_Latn", tgt_lang=tgt_lang, **gen)[0]["translation_text"]

    def summarise(text, **gen):
        return su(text, truncation=True, **gen)[0]["summary_text"]

    return translate, summarise, "transformers.pipeline"


def _stand_in(models: dict[str, str], device: str):
    """What transformers 4's TranslationPipeline/SummarizationPipeline did per call: tokenise the
    one text (NLLB: ``src_lang`` set, target forced with ``forced_bos_token_id``), ``generate``
    under ``torch.no_grad()`` with the model's generation config plus the call's arguments,
    decode with ``skip_special_tokens``. Models load once, in float32, as ``pipeline`` loads them."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tok_t = AutoTokenizer.from_pretrained(models["nllb"], src_lang="eng_Latn")
    mod_t = AutoModelForSeq2SeqLM.from_pretrained(models["nllb"], dtype=torch.float32).to(device).eval()
    tok_s = AutoTokenizer.from_pretrained(models["bart"])
    mod_s = AutoModelForSeq2SeqLM.from_pretrained(models["bart"], dtype=torch.float32).to(device).eval()

    def translate(text, tgt_lang, **gen):
        inputs = tok_t(text, return_tensors="pt").to(device)
        with torch.no_grad():
            out = mod_t.generate(**inputs, forced_bos_token_id=tok_t.convert_tokens_to_ids(tgt_lang), **gen)
        return tok_t.decode(out[0], skip_special_tokens=True)

    def summarise(text, **gen):
        inputs = tok_s(text, return_tensors="pt", truncation=True, max_length=1024).to(device)
        with torch.no_grad():
            out = mod_s.generate(**inputs, **gen)
        return tok_s.decode(out[0], skip_special_tokens=True)

    return translate, summarise


# ---------------------------------------------------------------------------------------------
# orchestration and report


def run_worker(engine: str, job: dict, work: Path) -> dict:
    """Run ``engine`` in a fresh process; returns its result (raises on failure)."""
    job_file = work / f"job-{engine}.json"
    out_file = work / f"result-{engine}.json"
    job_file.write_text(json.dumps(job))
    out_file.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, __file__, "--worker", engine, "--job", str(job_file), "--result", str(out_file)],
                          env=env, text=True, capture_output=True)
    if proc.returncode != 0 or not out_file.is_file():
        raise SystemExit(f"worker {engine} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(out_file.read_text())


def convert_int8(yaml_path: Path, hf_home: str) -> dict:
    """Convert both models to int8 (reused when already there and not stale, see
    ``source_change``); returns seconds and sizes."""
    code = (
        "import json,sys,time\n"
        "from summarize.config import load_config\n"
        "from summarize.engines.ct2.convert import convert, find_conversion, source_change\n"
        "cfg = load_config(sys.argv[1]); out = {}\n"
        "for name in ('nllb', 'bart'):\n"
        "    spec = cfg.model(name); found = find_conversion(name, 'int8'); t = time.perf_counter()\n"
        "    reused = found is not None and found.meta.get('model') == spec.model and source_change(spec, found) is None\n"
        "    if not reused: found = convert(spec, 'int8')\n"
        "    out[name] = {'seconds': None if reused else time.perf_counter() - t, 'reused': reused, 'bytes': found.size_bytes}\n"
        "print(json.dumps(out))\n"
    )
    env = {**os.environ, "HF_HOME": hf_home, "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-c", code, str(yaml_path)], env=env, text=True, capture_output=True)
    if proc.returncode != 0:
        raise SystemExit(f"conversion failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def weights_bytes(folder: Path) -> int:
    """Bytes of the safetensors weights in ``folder`` (float32 here)."""
    return sum(p.stat().st_size for p in Path(folder).glob("*.safetensors"))


def machine_facts() -> dict:
    import ctranslate2
    import torch
    import transformers

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    facts = {
        "date": time.strftime("%Y-%m-%d"), "cpu": cpu, "cores": os.cpu_count(), "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(), "torch": torch.__version__, "transformers": transformers.__version__,
        "ctranslate2": ctranslate2.__version__, "platform": platform.platform(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "SUMMARIZE_THREADS": os.environ.get("SUMMARIZE_THREADS"),
    }
    from summarize.engines.cpu import speed_flags

    facts["cpu_kind"], facts["cpu_flags"] = run_cpu_kind(), speed_flags()  # what decides these figures
    caps = {k: os.environ[k] for caps in ISA_CAPS.values() for k in caps if k in os.environ}
    if caps:
        facts["isa_caps"] = caps
    if torch.cuda.is_available():
        facts["gpu"] = torch.cuda.get_device_name(0)
    try:
        facts["load_average"] = os.getloadavg()
    except OSError:
        pass
    return facts


def summarise_results(results: dict, job: dict, weights: int) -> dict:
    """Rates and ratios to the baseline (higher is better, except memory)."""
    figures: dict[str, dict] = {}
    n_targets = len(TARGETS)
    for engine, r in results.items():
        b = r["brief"]
        sentences = len(b["segments"]) * n_targets
        figures[engine] = {
            "load_s": r["load_s"],
            "summarize_s": b["summarize_s"],
            "translate_s": b["translate_s"],
            "brief_s": b["total_s"],
            "translate_sentences_per_s": sentences / b["translate_s"],
            "translate_tokens_per_s": sentences * job["new_tokens"] / b["translate_s"],
            "summary_tokens_per_s": job["summary_tokens"] / b["summarize_s"],
            "peak_rss_bytes": r["peak_rss_bytes"],
            "sentences_translated": sentences,
        }
    base = figures["baseline"]
    ratios = {}
    for engine in figures:
        if engine == "baseline":
            continue
        f = figures[engine]
        ratios[engine] = {
            "translate": base["translate_s"] / f["translate_s"],
            "summarize": base["summarize_s"] / f["summarize_s"],
            "brief": base["brief_s"] / f["brief_s"],
            "load": base["load_s"] / f["load_s"],
            "peak_rss": f["peak_rss_bytes"] / base["peak_rss_bytes"],
        }
    int8_share = figures["ct2-int8"]["peak_rss_bytes"] / weights if "ct2-int8" in figures else None
    if job["size"] != "full":  # the goals are about the real architectures
        return {"figures": figures, "ratios": ratios, "fp32_weights_bytes": weights,
                "int8_peak_rss_share_of_fp32_weights": int8_share, "goals_met": {"n/a": "goals apply to the full run"}}
    goals = {**default_goals(ratios, results, int8_share_of(figures.get("default"), weights)),
        "translate_ours_>=4x": ratios.get("ours", {}).get("translate", 0) >= GOALS["translate_ours"],
        "translate_ours_bf16_>=4x (opt-in dtype)": ratios.get("ours-bf16", {}).get("translate", 0) >= GOALS["translate_ours"],
        "translate_ct2_int8_>=12x": ratios.get("ct2-int8", {}).get("translate", 0) >= GOALS["translate_ct2"],
        "brief_>=5x": max((r["brief"] for r in ratios.values()), default=0) >= GOALS["brief"],
        "int8_peak_rss_<=half_fp32_weights": int8_share is not None and int8_share <= GOALS["int8_memory_share"],
    }
    return {"figures": figures, "ratios": ratios, "fp32_weights_bytes": weights, "int8_peak_rss_share_of_fp32_weights": int8_share,
            "goals_met": goals}


def roofline_summary(peaks: dict, models: dict[str, Path], segments: list[str], job: dict, figures: dict, results: dict) -> dict:
    """The brief's FLOPs (token counts from the benchmark's tokenizers), the GEMM peaks, and each
    engine's share of the peak of its number type (benchmarks/roofline.py)."""
    from transformers import AutoTokenizer

    from benchmarks.roofline import ENGINE_NUMBER_TYPE, Arch, brief_flops, shares_of_peak
    from summarize.reading.source import read_article
    from summarize.text.segment import article_sentences

    tok_t = AutoTokenizer.from_pretrained(models["nllb"], src_lang="eng_Latn")
    tok_s = AutoTokenizer.from_pretrained(models["bart"])
    article = " ".join(article_sentences(read_article(SEED)))
    flops = brief_flops(Arch.from_folder(models["nllb"]), Arch.from_folder(models["bart"]),
                        segment_tokens=[len(tok_t(s)["input_ids"]) for s in segments], targets=len(TARGETS),
                        new_tokens=job["new_tokens"], beams=job["beams"],
                        article_tokens=[len(tok_s(article, truncation=True, max_length=1024)["input_ids"])],
                        summary_tokens=job["summary_tokens"], summary_beams=job["summary_beams"])
    types = dict(ENGINE_NUMBER_TYPE)
    for engine, r in results.items():  # the number type each engine's translator actually ran in
        d = r.get("describe") or {}
        if d:
            types[engine] = "int8" if "int8" in str(d.get("quantization") or d.get("dtype")) else str(d.get("dtype", "float32"))
    return {"gemm_peaks": peaks, "brief_flops": flops, "shares_of_peak": shares_of_peak(flops, figures, peaks, types)}


def int8_share_of(figure: dict | None, weights: int) -> float | None:
    return figure["peak_rss_bytes"] / weights if figure else None


def run_cpu_kind() -> str:
    """``summarize.engines.cpu.cpu_kind()``, or ``AVX2 (capped on <kind>)`` when this run's
    environment caps the libraries at AVX2 (``--isa avx2``, or the same variables set by hand)."""
    from summarize.engines.cpu import cpu_kind

    if all(os.environ.get(k, "").upper() == v.upper() for k, v in ISA_CAPS["avx2"].items()):
        return f"AVX2 (capped on {cpu_kind()})"
    return cpu_kind()


def default_goals(ratios: dict, results: dict, memory_share: float | None) -> dict:
    """Issue 14's targets for the default models.yaml: it runs the fastest engine of the run (the
    fastest engine's own settings: backend, number type and quantization, as each worker
    describes its translator; or, where they differ, a whole brief within GOALS' share of the
    fastest engine's: two runs of one engine differ by that much on a shared machine), at least
    15x the naive loop's whole brief on an AVX-512 + VNNI CPU and 7x on an AVX2 one, in at most
    half the float32 weights' memory."""
    if "default" not in ratios:
        return {}
    fastest = max((e for e in ratios if e != "default"), key=lambda e: ratios[e]["brief"], default=None)
    brief = ratios["default"]["brief"]
    kind = run_cpu_kind()
    gpu = str(results["default"].get("describe", {}).get("device", "cpu")).startswith("cuda")
    floor = GOALS["default_brief_avx2"] if kind.startswith("AVX2") else (
        GOALS["default_brief_avx512"] if "VNNI" in kind and "AVX-512" in kind else GOALS["default_brief_avx2"])
    engine = results["default"].get("describe", {}).get("backend")
    settings = lambda e: tuple((results.get(e) or {}).get("describe", {}).get(k) for k in ("backend", "dtype", "quantization"))  # noqa: E731
    same = fastest is not None and settings(fastest)[0] is not None and settings(fastest) == settings("default")
    return {
        f"default_runs_the_fastest_engine ({engine}; fastest: {fastest}{', the same engine' if same else ''})":
            fastest is None or same or brief >= GOALS["default_share_of_fastest"] * ratios[fastest]["brief"],
        f"default_whole_brief_>={floor:g}x ({kind})": "n/a on a GPU (a CPU goal)" if gpu else brief >= floor,
        "default_peak_rss_<=half_fp32_weights": memory_share is not None and memory_share <= GOALS["int8_memory_share"],
    }


def report(summary: dict, facts: dict, job: dict, results: dict) -> list[str]:
    f, r = summary["figures"], summary["ratios"]
    gb = lambda n: f"{n / 2**30:.2f} GiB"  # noqa: E731
    lines = [f"{'engine':10} {'load s':>7} {'summ s':>7} {'transl s':>8} {'sent/s':>7} {'tok/s':>7} {'brief s':>8} {'peak RSS':>10}"]
    for engine, x in f.items():
        lines.append(f"{engine:10} {x['load_s']:7.1f} {x['summarize_s']:7.1f} {x['translate_s']:8.1f} "
                     f"{x['translate_sentences_per_s']:7.2f} {x['translate_tokens_per_s']:7.1f} {x['brief_s']:8.1f} {gb(x['peak_rss_bytes']):>10}")
    lines.append("load average before/after each engine's timed runs (other work on the machine): " + "; ".join(
        f"{e} {r.get('load_average_before_after')}" for e, r in results.items()))
    abl = results.get("ours", {}).get("ablations")
    if abl:
        lines.append("ours, what each change bought: " + ", ".join(
            f"{k} {v['speedup']:.2f}x" for k, v in abl.items() if "speedup" in v))
    lines.append(f"CPU {facts.get('cpu_kind')}; flags: " + ", ".join(
        f"{k} {'yes' if v else 'no'}" for k, v in facts.get("cpu_flags", {}).items()))
    peaks = summary.get("gemm_peaks")
    if peaks:
        lines.append(f"PEAK GEMM at the decoder's shapes ({peaks['rows']} rows, {peaks['threads']} threads), GFLOP/s: " + "; ".join(
            f"{t} {peaks[t]['peak']:.1f}" + (f" ({peaks[t]['kernel']})" if t == "int8" else "")
            for t in ("float32", "bfloat16", "int8") if isinstance(peaks.get(t), dict) and peaks[t].get("peak")))
        fl = summary["brief_flops"]
        lines.append(f"WORK brief {fl['brief'] / 1e9:.0f} GFLOP: translate {fl['translate'] / 1e9:.0f} (decoder layers "
                     f"{fl['translate_decoder_layers'] / 1e9:.0f}, output projection {fl['translate_output_projection'] / 1e9:.0f}, "
                     f"encoder {fl['translate_encoder'] / 1e9:.1f}), summarise {fl['summarize'] / 1e9:.0f}")
        for engine, x in summary["shares_of_peak"].items():
            lines.append(f"SHARE {engine:9} ({x['number_type']} peak {x['peak_gflops'] or 0:.1f}): translate "
                         f"{x['translate_gflops']:.1f} GFLOP/s = {100 * (x['translate_share_of_peak'] or 0):.0f}%, "
                         f"whole brief {x['brief_gflops']:.1f} = {100 * (x['brief_share_of_peak'] or 0):.0f}% of peak")
    if "default" in results:
        d = results["default"].get("describe", {})
        lines.append(f"DEFAULT models.yaml ran on {d.get('backend')} {d.get('quantization') or d.get('dtype')}")
    lines.append(f"work: {job['beams']} beams, {job['new_tokens']} tokens per translation, summary {job['summary_tokens']} tokens "
                 f"at {job['summary_beams']} beams, {f['baseline']['sentences_translated']} translations per brief, models: {job['size']}")
    threads = job.get("threads") or facts["torch_threads"]
    lines.append(f"machine: {facts['cpu']}, {facts['cores']} cores, threads per engine {threads}, "
                 f"{facts.get('gpu', 'no GPU')}, device {job['device']}; python {facts['python']}, torch {facts['torch']}, "
                 f"transformers {facts['transformers']}, ctranslate2 {facts['ctranslate2']}; load avg {facts.get('load_average')}")
    for engine, x in r.items():
        lines.append(f"RATIO {engine:9} vs baseline: translate {x['translate']:.2f}x, summarise {x['summarize']:.2f}x, "
                     f"whole brief {x['brief']:.2f}x, load {x['load']:.2f}x, peak RSS {x['peak_rss']:.2f} of baseline's")
    share = summary["int8_peak_rss_share_of_fp32_weights"]
    if share is not None:
        lines.append(f"MEMORY int8 peak RSS {gb(f['ct2-int8']['peak_rss_bytes'])} = {share:.2f} of the fp32 weights "
                     f"({gb(summary['fp32_weights_bytes'])}); goal <= 0.50")
    lines.append("GOALS " + ", ".join(f"{k}: {v if isinstance(v, str) else 'met' if v else 'NOT met'}"
                                      for k, v in summary["goals_met"].items()))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the tiny test models instead of the full architectures")
    parser.add_argument("--device", default="cpu", choices=["auto", "cpu", "cuda"], help="default: cpu")
    parser.add_argument("--beams", type=int, default=4, help="translation beams, every engine (default 4, as models.yaml)")
    parser.add_argument("--summary-beams", type=int, default=4, help="summary beams (default 4, distilbart's)")
    parser.add_argument("--new-tokens", type=int, default=24, help="tokens generated per translation (min = max)")
    parser.add_argument("--summary-tokens", type=int, default=56, help="tokens generated per summary (min = max; 56 = distilbart's minimum)")
    parser.add_argument("--batch-size", type=int, default=16, help="translator batch size (models.yaml default 16)")
    parser.add_argument("--ablation-segments", type=int, default=4, help="segments for the batching/threads ablations")
    parser.add_argument("--no-ablations", action="store_true", help="skip the ablations of the transformers path")
    parser.add_argument("--no-peak", action="store_true", help="skip the GEMM peak measurement and the share-of-peak figures")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each timed workload this many times and keep the fastest (a busy machine)")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for every engine, baseline included (default: torch's, one per physical core); "
                             "on a machine busy with other work, the cores that are free")
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated subset of {','.join(ENGINES)} (baseline always runs)")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "summarize-speed-bench"),
                        help="folder for the built models, conversions and worker files (reused between runs)")
    parser.add_argument("--out", default=None,
                        help="JSON result file (default: benchmarks/results/speed-full-<device>.json; --quick: in --work)")
    parser.add_argument("--isa", choices=sorted(ISA_CAPS), default=None,
                        help="cap every engine's instruction set (avx2: no AVX-512, VNNI or BF16 kernels) "
                             "through the libraries' environment variables: a proxy for an older CPU")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        result = worker(args.worker, json.loads(Path(args.job).read_text()))
        Path(args.result).write_text(json.dumps(result, ensure_ascii=False))
        return 0

    from benchmarks.bench_models import build_models

    if args.isa:  # before any worker starts: every process of the run inherits the cap
        os.environ.update(ISA_CAPS[args.isa])
    size = "quick" if args.quick else "full"
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    log = lambda msg: print(f"[{time.perf_counter() - started:6.1f}s] {msg}", flush=True)  # noqa: E731
    models = build_models(size, work / "models", log=log)
    hf_home = str(work / "hf-home")
    # ours pins float32: what dtype: auto gives on a CPU, and on a GPU (where auto is bfloat16)
    # the same number type as the float32 baseline; ours-bf16 is the GPU's dtype: auto
    yaml_ours = models_yaml(work / f"models-{size}-ours.yaml", models, args, backend="transformers", dtype="float32")
    yaml_default = models_yaml(work / f"models-{size}-default.yaml", models, args, backend="default")
    yaml_ct2 = models_yaml(work / f"models-{size}-ct2.yaml", models, args, backend="ctranslate2")
    yaml_bf16 = models_yaml(work / f"models-{size}-bf16.yaml", models, args, backend="transformers", dtype="bfloat16")
    engines = [e for e in ENGINES if e in args.engines.split(",") or e == "baseline"]
    job = {"size": size, "device": args.device, "beams": args.beams, "summary_beams": args.summary_beams,
           "new_tokens": args.new_tokens, "summary_tokens": args.summary_tokens, "hf_home": hf_home,
           "models": {k: str(v) for k, v in models.items()}, "yaml_ours": str(yaml_ours), "yaml_ct2": str(yaml_ct2),
           "yaml_bf16": str(yaml_bf16), "yaml_default": str(yaml_default), "threads": args.threads, "repeat": args.repeat,
           "gemm_budget_s": 0.3 if args.quick else 1.5,
           "ablations": not args.no_ablations, "ablation_segments": args.ablation_segments}
    conversion = None
    if "ct2-int8" in engines or "default" in engines:  # `summarize models pull` converts as much (README's install)
        log("converting to CTranslate2 int8 (reused when present) ...")
        conversion = convert_int8(yaml_ct2, hf_home)
    results: dict[str, dict] = {}
    failed: dict[str, str] = {}  # an optional engine that could not run here (say, CTranslate2 without its CUDA libraries)
    for engine in ["ours"] + [e for e in engines if e not in ("ours", "baseline")] + ["baseline"]:
        if engine not in engines and engine != "ours":
            continue
        log(f"running {engine} ...")
        if engine == "baseline":
            job["segments"] = results["ours"]["brief"]["segments"]
        try:
            results[engine] = run_worker(engine, job, work)
        except SystemExit as exc:
            if engine in ("ours", "baseline"):  # every ratio needs both
                raise
            failed[engine] = str(exc).strip().splitlines()[-1][:300]  # the worker's last line: its error
            log(f"warning: {engine} failed, left out of the figures: {failed[engine]}")
            continue
        log(f"{engine}: brief {results[engine]['brief']['total_s']:.1f} s")
    for engine, r in results.items():
        if r["brief"]["segments"] != results["ours"]["brief"]["segments"]:
            log(f"warning: {engine} translated other segments than ours; its figures are not like for like")
    (work / "engines-results.json").write_text(json.dumps(results, ensure_ascii=False))  # kept if a later step fails
    weights = weights_bytes(models["nllb"]) + weights_bytes(models["bart"])
    summary = summarise_results(results, job, weights)
    if not args.no_peak:
        segments = results["ours"]["brief"]["segments"]
        job["gemm_rows"] = min(len(segments) * len(TARGETS), args.batch_size) * args.beams  # one step of the batch
        log("measuring the GEMM peaks at the decoder's shapes ...")
        summary.update(roofline_summary(run_worker("gemm", job, work)["peaks"], models, segments, job, summary["figures"], results))
    facts = machine_facts()
    lines = report(summary, facts, job, results)
    lines += [f"FAILED {engine}: {why}" for engine, why in failed.items()]
    # full runs land in the repository (the figures docs/speed.md quotes); quick runs in --work
    default_dir = ROOT / "benchmarks" / "results" if size == "full" else work
    out = Path(args.out) if args.out else default_dir / f"speed-{size}-{args.device}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"command": "python benchmarks/speed.py " + " ".join(sys.argv[1:] if argv is None else argv),
               "machine": facts, "settings": {k: v for k, v in job.items() if k not in ("segments",)},
               "conversion_int8": conversion, **summary, "engines": results, "failed_engines": failed, "report": lines,
               "wall_s": time.perf_counter() - started}
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nresults: {out}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
