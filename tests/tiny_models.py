"""Tiny models with random weights, built in a second, for tests and the quick benchmark mode.

- ``build_tiny_nllb(folder)``: an NLLB-style translator (M2M100 architecture, 2+2 layers,
  d_model 32) with an ``NllbTokenizer`` read from a sentencepiece model trained on the sample
  articles plus a few Urdu, Pashto and Dari sentences, with the NLLB language codes added as
  special tokens (a fresh sentencepiece model has none).
- ``build_tiny_bart(folder)``: a BART summariser (2+2 layers, d_model 32, 128 positions) with a
  byte-level BPE tokenizer trained on the same text.

Both are saved with ``save_pretrained`` (safetensors), so the package loads them exactly as it
loads a real model from a local folder or the hub cache. Nothing is downloaded.

``cached_model(name)`` builds one of them once per machine into a disk cache
(``$SUMMARIZE_TEST_CACHE``, else ``$XDG_CACHE_HOME/summarize-tests``, else
``~/.cache/summarize-tests``), in a folder named by a hash of what the build depends on: this
module's source, the sample articles it trains the tokenizers on, and the versions of torch,
transformers, tokenizers and sentencepiece (see ``cache_key``). Change any of them and the next
run builds afresh; old folders are left for ``rm -r`` (about 1 MB each).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable, Mapping

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"

#: A few real sentences so that the tokenizer has Arabic-script pieces to generate.
TARGET_TEXT = [
    "پاکستان نے افغان امن عمل میں مثبت کردار ادا کیا ہے۔",
    "امریکی نمائندہ خصوصی نے آرمی چیف سے ملاقات کی۔",
    "پاکستان د افغان سولې په بهیر کې مثبت رول لوبولی دی.",
    "امریکايي ځانګړي استازي له پوځ له مشر سره وکتل.",
    "پاکستان در روند صلح افغانستان نقش مثبت بازی کرده است.",
    "نماینده خاص امریکا با لوی درستیز دیدار کرد.",
]


def training_files() -> list[Path]:
    """The sample articles the tiny tokenizers are trained on, in order."""
    return [p for p in sorted(SAMPLES.glob("*")) if p.suffix in (".txt", ".md", ".html")]


def training_text() -> list[str]:
    """Lines to train the tiny tokenizers on: every sample article and TARGET_TEXT."""
    lines: list[str] = []
    for path in training_files():
        lines += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines + TARGET_TEXT


def build_tiny_nllb(folder: Path, *, d_model: int = 32, layers: int = 2, seed: int = 0, spm_vocab: int = 600,
                    spm_type: str = "unigram", **config_overrides) -> Path:
    """Save a random-weight NLLB-style model and its tokenizer into ``folder``; return it.

    ``spm_vocab`` caps the sentencepiece vocabulary (fewer pieces if the text has fewer) and
    ``spm_type`` is its model type (``unigram``; ``bpe`` gives word-like pieces on this little text);
    ``config_overrides`` replace M2M100Config arguments (the benchmark builds the full NLLB-200
    architecture this way, with ``vocab_size=256206``: ids past the tokenizer's decode to nothing).
    """
    import sentencepiece as spm
    import torch
    from transformers import AddedToken, M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    folder = Path(folder)
    spm_dir = folder.parent / (folder.name + "-spm")
    spm_dir.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_text()),
        model_prefix=str(spm_dir / "sentencepiece.bpe"),
        vocab_size=spm_vocab,
        model_type=spm_type,
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    tokenizer = NllbTokenizer.from_pretrained(spm_dir, src_lang="eng_Latn")
    tokenizer.add_tokens([AddedToken(c, special=True, normalized=False) for c in FAIRSEQ_LANGUAGE_CODES], special_tokens=True)
    tokenizer.src_lang = "eng_Latn"
    assert tokenizer.convert_tokens_to_ids("urd_Arab") != tokenizer.unk_token_id
    config = M2M100Config(
        vocab_size=len(tokenizer),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=2 * d_model,
        decoder_ffn_dim=2 * d_model,
        max_position_embeddings=1024,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
    )
    config.update(config_overrides)
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config).eval()
    tokenizer.save_pretrained(folder)
    save_quietly(model, folder)
    shutil.rmtree(spm_dir)
    return folder


def save_quietly(model, folder: Path) -> None:
    """``model.save_pretrained(folder)`` without transformers' "Writing model shards" progress bar
    on stderr (the README's one-line build of the tiny models is quiet); the bar's setting is
    restored after. Every file it wrote gets the mode the umask gives a new file (0644 under the
    usual 022), as the tokenizer's and config's have: ``model.safetensors`` comes out 0600 (it
    is written through a temporary file), so a cache built by one account could not be read by
    another (a fresh user's report)."""
    from transformers.utils import logging as hf_logging

    shown = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        model.save_pretrained(folder)
    finally:
        if shown:
            hf_logging.enable_progress_bar()
    umask = os.umask(0)
    os.umask(umask)
    for path in Path(folder).iterdir():
        if path.is_file() and not path.is_symlink():
            os.chmod(path, 0o666 & ~umask)


def build_tiny_bart(folder: Path, *, d_model: int = 32, layers: int = 2, positions: int = 128, seed: int = 0,
                    bpe_vocab: int = 800, generation: dict | None = None, **config_overrides) -> Path:
    """Save a random-weight BART summariser and a byte-level BPE tokenizer into ``folder``.

    ``bpe_vocab`` caps the BPE vocabulary; ``config_overrides`` replace BartConfig arguments and
    ``generation`` sets generation-config fields (the benchmark builds distilbart-cnn-12-6's
    architecture and generation defaults this way)."""
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from transformers import BartConfig, BartForConditionalGeneration, BartTokenizer

    folder = Path(folder)
    bpe_dir = folder.parent / (folder.name + "-bpe")
    bpe_dir.mkdir(parents=True, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(training_text(), vocab_size=bpe_vocab, min_frequency=1,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"], show_progress=False)
    bpe.save_model(str(bpe_dir))
    # transformers 5 takes vocab=/merges= paths; the old vocab_file= silently gives 5 tokens.
    tokenizer = BartTokenizer(vocab=str(bpe_dir / "vocab.json"), merges=str(bpe_dir / "merges.txt"))
    assert len(tokenizer) > 100, len(tokenizer)
    config = BartConfig(
        vocab_size=len(tokenizer),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=2 * d_model,
        decoder_ffn_dim=2 * d_model,
        max_position_embeddings=positions,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        forced_bos_token_id=tokenizer.bos_token_id,
    )
    config.update(config_overrides)
    torch.manual_seed(seed)
    model = BartForConditionalGeneration(config).eval()
    for key, value in (generation or {}).items():
        setattr(model.generation_config, key, value)
    tokenizer.save_pretrained(folder)
    save_quietly(model, folder)
    shutil.rmtree(bpe_dir)
    return folder


def write_models_yaml(path: Path, *, nllb: str, bart: str, max_input_tokens: int = 100) -> Path:
    """A models.yaml that serves every step with the tiny models (``nllb``/``bart``: folder or
    hub id). ``max_input_tokens`` is small so that the seed article is chunked."""
    path = Path(path)
    path.write_text(
        f"""device: cpu
dtype: float32
summarizer: tiny-bart
targets: [ur, ps, prs]
languages:
  ur: {{code: urd_Arab, translator: tiny-nllb}}
  ps: {{code: pbt_Arab, translator: tiny-nllb}}
  prs: {{code: prs_Arab, translator: tiny-nllb}}
models:
  tiny-bart:
    task: summarize
    kind: seq2seq
    model: {bart}
    max_input_tokens: {max_input_tokens}
    generation: {{num_beams: 2, min_new_tokens: 8, max_new_tokens: 24, no_repeat_ngram_size: 3}}
  tiny-nllb:
    task: translate
    kind: nllb
    model: {nllb}
    source_lang: eng_Latn
    max_input_tokens: 512
    batch_size: 8
    generation: {{num_beams: 2, max_new_tokens_ratio: 1.0, max_new_tokens_min: 4, max_new_tokens: 24, no_repeat_ngram_size: 3}}
""",
        encoding="utf-8",
    )
    return path


# -- the disk cache ------------------------------------------------------------------------------

#: The libraries whose versions decide what a build writes (weights' layout, tokenizer files).
CACHE_LIBRARIES = ("torch", "transformers", "tokenizers", "sentencepiece")

#: A half-built folder older than this (a build killed mid-way) is removed by the next build.
STALE_BUILD_SECONDS = 3600


def cache_root(env: Mapping[str, str] = os.environ) -> Path:
    """``$SUMMARIZE_TEST_CACHE``, else ``$XDG_CACHE_HOME/summarize-tests``, else
    ``~/.cache/summarize-tests``."""
    if env.get("SUMMARIZE_TEST_CACHE"):
        return Path(env["SUMMARIZE_TEST_CACHE"]).expanduser()
    base = Path(env["XDG_CACHE_HOME"]).expanduser() if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "summarize-tests"


def builder_sources() -> list[Path]:
    """The files a build reads: this module (the builders, TARGET_TEXT) and the sample articles."""
    return [Path(__file__).resolve(), *training_files()]


def library_versions() -> dict[str, str | None]:
    """The installed version of each of CACHE_LIBRARIES (None when one is missing)."""
    out: dict[str, str | None] = {}
    for name in CACHE_LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def cache_key(name: str, *, sources: Iterable[Path] | None = None, versions: Mapping[str, str | None] | None = None) -> str:
    """``<name>-<16 hex digits>``: the sha256 of ``name``, the bytes of each of ``sources``
    (default ``builder_sources()``), in order, and ``versions`` (default ``library_versions()``)."""
    h = hashlib.sha256(name.encode())
    for path in builder_sources() if sources is None else sources:
        data = Path(path).read_bytes()
        h.update(len(data).to_bytes(8, "big") + data)
    h.update(json.dumps(dict(library_versions() if versions is None else versions), sort_keys=True).encode())
    return f"{name}-{h.hexdigest()[:16]}"


BUILDERS: dict[str, Callable[[Path], Path]] = {"nllb": build_tiny_nllb, "bart": build_tiny_bart}


def cached_model(name: str, *, root: Path | None = None, build: Callable[[Path], Path] | None = None,
                 key: str | None = None) -> Path:
    """The folder of tiny model ``name`` (``nllb`` or ``bart``) in the cache, built first if it
    is not there. Treat it as read-only: every pytest process on the machine shares it.

    A build goes into a fresh temporary folder inside ``root`` (default ``cache_root()``) and is
    renamed to its final name when complete, so that parallel processes never see half a model:
    when two build at once, the first rename wins and the other's copy is thrown away.
    ``build(folder)`` (default ``BUILDERS[name]``) and ``key`` (default ``cache_key(name)``) are
    for tests.
    """
    root = cache_root() if root is None else Path(root)
    folder = root / (key or cache_key(name))
    if (folder / "config.json").is_file():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(root)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".build", dir=root))
    try:
        built = (build or BUILDERS[name])(tmp / "model")
        try:
            os.rename(built, folder)
        except OSError:  # another process renamed its build there first
            if not (folder / "config.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def _remove_stale_builds(root: Path) -> None:
    """Remove temporary build folders older than STALE_BUILD_SECONDS (left by a killed build)."""
    for entry in root.glob(".*.build"):
        try:
            if time.time() - entry.stat().st_mtime > STALE_BUILD_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            pass
