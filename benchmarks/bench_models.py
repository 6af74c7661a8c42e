"""The benchmark's models: random weights in the exact architectures of the defaults, built
locally from their configs (compute does not depend on weight values), or the tiny test models.

- ``full``: NLLB-200-distilled-600M (M2M-100: d_model 1024, 12 encoder + 12 decoder layers, 16
  heads, FFN 4096, vocabulary 256206, sinusoidal positions, scaled embeddings, ReLU) and
  distilbart-cnn-12-6 (BART: d_model 1024, 12 encoder + 6 decoder layers, 16 heads, FFN 4096,
  vocabulary 50264, 1024 learned positions, GELU, with its CNN/DailyMail generation defaults:
  beam 4, length_penalty 2.0, min_length 56, max_length 142, no_repeat_ngram_size 3, forced BOS
  and EOS). Sources: the models' config.json on the Hugging Face hub.
- ``quick``: the tiny test models (tests/tiny_models.py: 2+2 layers, d_model 32), with the same
  tokenizers, vocabulary sizes and generation defaults as ``full``.

Tokenizers are the tiny test ones (NLLB language codes included) trained on the sample articles,
with more pieces (BPE, up to 4000), so that the seed article has about as many tokens as the
real tokenizers give it (~1.1-1.3 per word); the model embeddings keep the full vocabulary size.
Ids past the tokenizer's pieces decode to nothing. The summariser's ``final_logits_bias``
(a vector every BART step adds to its logits anyway) is set to -1e4 on the tokenizer's own ids, so
its random summary decodes to no text at all: the pipeline then falls back to the article's title
and first three sentences, and every engine's brief translates the same sentences (about what a
distilbart summary holds). The compute is the same as with any other bias.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.tiny_models import build_tiny_bart, build_tiny_nllb  # noqa: E402

NLLB_600M = dict(
    vocab_size=256206, d_model=1024, encoder_layers=12, decoder_layers=12, encoder_attention_heads=16,
    decoder_attention_heads=16, encoder_ffn_dim=4096, decoder_ffn_dim=4096, max_position_embeddings=1024,
    activation_function="relu", scale_embedding=True, dropout=0.1, attention_dropout=0.1,
    encoder_layerdrop=0.0, decoder_layerdrop=0.0,
)
DISTILBART_CNN_12_6 = dict(
    vocab_size=50264, d_model=1024, encoder_layers=12, decoder_layers=6, encoder_attention_heads=16,
    decoder_attention_heads=16, encoder_ffn_dim=4096, decoder_ffn_dim=4096, max_position_embeddings=1024,
    activation_function="gelu", scale_embedding=False, dropout=0.1, attention_dropout=0.0,
)
DISTILBART_GENERATION = dict(num_beams=4, length_penalty=2.0, min_length=56, max_length=142, no_repeat_ngram_size=3,
                             early_stopping=True, forced_bos_token_id=0, forced_eos_token_id=2)

#: What each size builds, by folder name: (builder, keyword arguments).
SIZES = {
    "full": {
        "nllb": (build_tiny_nllb, dict(spm_vocab=4000, spm_type="bpe", **NLLB_600M)),
        "bart": (build_tiny_bart, dict(bpe_vocab=4000, generation=DISTILBART_GENERATION, **DISTILBART_CNN_12_6)),
    },
    "quick": {  # the tiny test models' dimensions, with the full run's tokenizers and generation defaults
        "nllb": (build_tiny_nllb, dict(spm_vocab=4000, spm_type="bpe", vocab_size=NLLB_600M["vocab_size"])),
        "bart": (build_tiny_bart, dict(positions=1024, bpe_vocab=4000, generation=DISTILBART_GENERATION,
                                       vocab_size=DISTILBART_CNN_12_6["vocab_size"])),
    },
}


def build_models(size: str, root: Path, log=print) -> dict[str, Path]:
    """Build (or reuse, when ``root/size/<name>`` holds a matching stamp) the models of ``size``
    (``full`` or ``quick``); return ``{"nllb": folder, "bart": folder}``."""
    out: dict[str, Path] = {}
    for name, (builder, kwargs) in SIZES[size].items():
        folder = Path(root) / size / name
        stamp = folder / "benchmark-stamp.json"
        wanted = json.dumps({"kwargs": kwargs, "steered": name == "bart"}, sort_keys=True)
        if not (stamp.is_file() and stamp.read_text() == wanted):
            log(f"building {size} {name} in {folder} ...")
            if folder.exists():
                import shutil

                shutil.rmtree(folder)
            builder(folder, **kwargs)
            if name == "bart":
                _steer_to_no_text(folder)
            stamp.write_text(wanted)
        out[name] = folder
    return out


def _steer_to_no_text(folder: Path) -> None:
    """Bias the saved BART's logits against every id its tokenizer can decode (see the module
    docstring); the forced BOS/EOS tokens are still produced, as forcing ignores scores."""
    import torch
    from transformers import AutoTokenizer, BartForConditionalGeneration

    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = BartForConditionalGeneration.from_pretrained(folder)
    with torch.no_grad():
        model.final_logits_bias[:, : len(tokenizer)] = -1e4
    model.save_pretrained(folder)


def write_models_yaml(path: Path, models: dict[str, Path], *, summary_generation: str, translate_generation: str,
                      device: str = "cpu", dtype: str = "float32", summary_batch: int = 4, translate_batch: int = 16,
                      extra: str = "") -> Path:
    """A models.yaml serving the brief with ``models`` (``{"bart": folder, "nllb": folder}``):
    summariser ``bart``, translator ``nllb`` for Urdu, Pashto and Dari. ``*_generation`` are the
    flow mappings' contents (``num_beams: 4, ...``); ``extra`` is added to both model entries
    (e.g. the CTranslate2 backend lines, each starting with a newline and four spaces)."""
    path.write_text(
        f"""device: {device}
dtype: {dtype}
summarizer: bart
targets: [ur, ps, prs]
languages:
  ur: {{code: urd_Arab, translator: nllb}}
  ps: {{code: pbt_Arab, translator: nllb}}
  prs: {{code: prs_Arab, translator: nllb}}
models:
  bart:
    task: summarize
    kind: seq2seq
    model: {models['bart']}
    max_input_tokens: 1024
    batch_size: {summary_batch}{extra}
    generation: {{{summary_generation}}}
  nllb:
    task: translate
    kind: nllb
    model: {models['nllb']}
    source_lang: eng_Latn
    max_input_tokens: 512
    batch_size: {translate_batch}{extra}
    generation: {{{translate_generation}}}
""",
        encoding="utf-8",
    )
    return path
