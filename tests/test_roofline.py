"""The benchmark's count of the brief's floating-point work (benchmarks/roofline.py), against a
hand count for NLLB-200-distilled-600M's architecture."""

from __future__ import annotations

from benchmarks.bench_models import NLLB_600M
from benchmarks.roofline import Arch, brief_flops, decoder_macs, encoder_macs, gemm_shapes

NLLB = Arch(NLLB_600M["d_model"], NLLB_600M["encoder_layers"], NLLB_600M["decoder_layers"],
            NLLB_600M["encoder_ffn_dim"], NLLB_600M["decoder_ffn_dim"], NLLB_600M["vocab_size"])


def test_one_translation_of_a_25_token_sentence_is_about_97_gflop():
    d, f, v, s, steps, beams = 1024, 4096, 256206, 25, 24, 4
    # decoder: per step and beam, 12 layers of 6 d x d projections, the FFN, attention; then d x V
    by_hand = 0
    for t in range(1, steps + 1):
        by_hand += 12 * (6 * d * d + 2 * d * f + 2 * t * d + 2 * s * d) + d * v
    by_hand = by_hand * beams + beams * 12 * 2 * d * d * s  # + each beam's cross-attention keys/values
    layers, output = decoder_macs(NLLB, s, steps, beams)
    assert layers + output == by_hand
    assert output == steps * beams * d * v  # the output projection over the whole vocabulary
    assert encoder_macs(NLLB, s) == 12 * (s * (4 * d * d + 2 * d * f) + 2 * s * s * d)
    total = 2 * (layers + output + encoder_macs(NLLB, s))
    assert 95e9 < total < 99e9  # docs/speed.md: "about 7.5 of 95 GFLOP for a 25-token sentence"
    assert 7.4e9 < 2 * encoder_macs(NLLB, s) < 7.7e9


def test_brief_counts_one_encoder_pass_per_segment_and_every_target():
    one = brief_flops(NLLB, NLLB, segment_tokens=[25], targets=1, new_tokens=24, beams=4, article_tokens=[600],
                      summary_tokens=56, summary_beams=4)
    three = brief_flops(NLLB, NLLB, segment_tokens=[25], targets=3, new_tokens=24, beams=4, article_tokens=[600],
                        summary_tokens=56, summary_beams=4)
    assert three["translate_encoder"] == one["translate_encoder"]
    assert three["translate_output_projection"] == 3 * one["translate_output_projection"]
    assert three["brief"] == three["translate"] + three["summarize"] and three["summarize"] == one["summarize"]


def test_gemm_shapes_are_the_decoders():
    shapes = gemm_shapes(NLLB, 48)
    assert shapes["output projection"] == (48, 1024, 256206) and shapes["ffn in"] == (48, 1024, 4096)
