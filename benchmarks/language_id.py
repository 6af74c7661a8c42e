"""How often the "is this English?" input check is wrong, measured on FLORES-200 **dev**.

Prints, for ``summarize.text.segment.is_english`` as it is in this checkout:

* the refusal rate of English (``eng_Latn``) single sentences and 2-3-sentence paragraphs
  (consecutive dev sentences from the same source article, per ``metadata_dev.tsv``);
* the acceptance rate (wrongly taken for English) of the same units in every other language
  found in the folder (``urd_Arab``, ``pbt_Arab``, ``prs_Arab``, ``fra_Latn``, ...);
* the same figures for the short English news texts of ``tests/fixtures/short_english.txt``.

FLORES-200 (NLLB Team et al. 2022, CC-BY-SA 4.0) is not shipped: pass the folder holding
``dev/<code>.dev`` and ``metadata_dev.tsv`` (default ``$FLORES_DIR``, else ``/work/data/flores``).
Only the dev split is used here; devtest is held out.

    python benchmarks/language_id.py [FLORES_DIR]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize.text.segment import is_english  # noqa: E402
from tests.fixtures.short_english import short_english_texts  # noqa: E402


def paragraphs(sentences: list[str], urls: list[str]) -> list[str]:
    """Consecutive sentences of one source article, grouped 3, 2, 3, 2, ... (a last single
    sentence joins nothing and is left out)."""
    out: list[str] = []
    i, size = 0, 3
    while i < len(sentences):
        j = i
        while j < len(sentences) and j - i < size and urls[j] == urls[i]:
            j += 1
        if j - i >= 2:
            out.append(" ".join(sentences[i:j]))
        i = j
        size = 5 - size
    return out


def rate(texts: list[str], english: bool) -> float:
    """Share of ``texts`` (in %) that is_english gets wrong: refused English / accepted others."""
    wrong = sum(1 for t in texts if is_english(t) is not english)
    return 100.0 * wrong / len(texts)


def main(folder: Path) -> None:
    urls = [line.split("\t")[0] for line in (folder / "metadata_dev.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    files = sorted((folder / "dev").glob("*.dev"))
    if not files:
        sys.exit(f"{folder}/dev: no *.dev files (FLORES-200 dev)")
    print(f"# FLORES-200 dev from {folder}; {len(urls)} sentences per language")
    print(f"{'language':10} {'what':18} {'units':>6} {'wrong %':>8}")
    for path in files:
        code = path.stem
        sents = path.read_text(encoding="utf-8").splitlines()
        english = code == "eng_Latn"
        label = "refused" if english else "accepted"
        for kind, units in (("sentences", sents), ("paragraphs(2-3)", paragraphs(sents, urls))):
            print(f"{code:10} {kind + ' ' + label:26} {len(units):>6} {rate(units, english):8.1f}")
    texts = short_english_texts()
    print(f"{'fixture':10} {'short news refused':26} {len(texts):>6} {rate(texts, True):8.1f}")


if __name__ == "__main__":
    if any(a in ("-h", "--help") for a in sys.argv[1:]):
        print(__doc__)
        sys.exit(0)
    main(Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("FLORES_DIR", "/work/data/flores")))
