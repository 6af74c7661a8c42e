"""The library API: make_brief from a path or from text, write_brief, split_sentences,
check_segment; and the README's "Python API" example, run as it is written."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

import summarize
from summarize.errors import ConfigError
from tests.conftest import ROOT, SEED

EXTRACTIVE = {"summarizer": "extractive", "translate": False}


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_python_example_runs(capsys):
    exec(compile(readme_example(), "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Floods cut off three districts"
    assert out[-1] == "['numbers']" and out[-2].count("جملہ") == 2
    assert (Path("briefs/floods/brief.md").is_file() and json.loads(Path("briefs/floods/brief.json").read_text(encoding="utf-8"))["title"])


def test_make_brief_from_text_is_the_brief_of_the_same_file(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    from_text = summarize.make_brief(text=text, **EXTRACTIVE).to_dict()
    from_file = summarize.make_brief(SEED, **EXTRACTIVE).to_dict()
    for d in (from_text, from_file):
        d.pop("timings", None)
        d["source"].pop("path", None)
        d["source"].pop("stem", None)
    assert from_text == from_file


def test_make_brief_takes_exactly_one_input_and_a_title():
    with pytest.raises(ConfigError, match="exactly one"):
        summarize.make_brief(**EXTRACTIVE)
    with pytest.raises(ConfigError, match="exactly one"):
        summarize.make_brief(SEED, text="x", **EXTRACTIVE)
    brief = summarize.make_brief(text=SEED.read_text(encoding="utf-8"), title="Given  headline", **EXTRACTIVE)
    assert brief.article.title == "Given headline" and brief.title is not None and brief.title.source == "Given headline"


def test_import_is_light_and_exports_the_api():
    import subprocess

    code = "import sys, summarize; print('torch' in sys.modules, sorted(set(summarize.__all__) - set(dir(summarize))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    assert out.startswith("False")
    for name in ("make_brief", "write_brief", "split_sentences", "check_segment", "Settings", "Pipeline"):
        assert name in summarize.__all__ and callable(getattr(summarize, name))
