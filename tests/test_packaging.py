"""The wheel carries models.yaml and the HTML templates, so an installed summarize works outside
the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


def test_wheel_ships_models_yaml_and_templates(tmp_path):
    pytest.importorskip("hatchling")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    wheel = next(tmp_path.glob("summarize-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"summarize/models.yaml", "summarize/templates/brief.html.j2", "summarize/templates/index.html.j2"} <= names
    assert "summarize/data/nllb200_codes.txt" in names  # load_config checks NLLB codes without transformers
    assert zipfile.ZipFile(wheel).read("summarize/models.yaml") == (ROOT / "models.yaml").read_bytes()

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = "from summarize.config import load_config; c = load_config(); print(c.path); print(c.model(c.summarizer).model)"
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    path, model = out.stdout.split()
    assert path == str(site / "summarize" / "models.yaml") and model == "sshleifer/distilbart-cnn-12-6"
