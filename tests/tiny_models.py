"""Tiny models with random weights, built in a second, for tests and the quick benchmark mode.

- ``build_tiny_nllb(folder)``: an NLLB-style translator (M2M100 architecture, 2+2 layers,
  d_model 32) with an ``NllbTokenizer`` read from a sentencepiece model trained on the sample
  articles plus a few Urdu, Pashto and Dari sentences, with the NLLB language codes added as
  special tokens (a fresh sentencepiece model has none).
- ``build_tiny_bart(folder)``: a BART summariser (2+2 layers, d_model 32, 128 positions) with a
  byte-level BPE tokenizer trained on the same text.

Both are saved with ``save_pretrained`` (safetensors), so the package loads them exactly as it
loads a real model from a local folder or the hub cache. Nothing is downloaded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

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


def training_text() -> list[str]:
    """Lines to train the tiny tokenizers on: every sample article and TARGET_TEXT."""
    lines: list[str] = []
    for path in sorted(SAMPLES.glob("*")):
        if path.suffix in (".txt", ".md", ".html"):
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
    model.save_pretrained(folder)
    shutil.rmtree(spm_dir)
    return folder


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
    model.save_pretrained(folder)
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
