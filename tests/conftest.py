"""Shared fixtures: no network, private cache folders, tiny models built once per session."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from tests.tiny_models import build_tiny_bart, build_tiny_nllb, write_models_yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "afghan-truce.txt"
FAKE_REVISION = "0123456789abcdef0123456789abcdef01234567"


class NetworkAccessError(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail any test that opens a network connection (Unix sockets stay allowed)."""
    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        if self.family == getattr(socket, "AF_UNIX", None):
            return real_connect(self, address)
        raise NetworkAccessError(f"test tried to open a network connection to {address!r}")

    def guarded_create_connection(address, *args, **kwargs):
        raise NetworkAccessError(f"test tried to open a network connection to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect)
    monkeypatch.setattr(socket, "create_connection", guarded_create_connection)


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    """Every cache, the translation memory and the working folder point into the test's own tmp folder."""
    home = tmp_path / "hf-home"
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.setenv("HF_HUB_CACHE", str(home / "hub"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    for var in ("SUMMARIZE_MODELS", "SUMMARIZE_TARGETS", "SUMMARIZE_SUMMARIZER", "SUMMARIZE_DEVICE",
                "SUMMARIZE_DTYPE", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "SUMMARIZE_TM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))  # the default translation memory
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> dict[str, Path]:
    """The tiny NLLB-style translator and BART summariser, built once per test session."""
    root = tmp_path_factory.mktemp("tiny-models")
    return {"nllb": build_tiny_nllb(root / "tiny-nllb"), "bart": build_tiny_bart(root / "tiny-bart")}


@pytest.fixture
def tiny_config(tiny_models, tmp_path) -> Path:
    """A models.yaml serving every step with the tiny models from local folders."""
    return write_models_yaml(tmp_path / "models.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))


def install_in_hub_cache(folder: Path, repo_id: str, cache: Path, revision: str = FAKE_REVISION) -> Path:
    """Lay ``folder`` out in ``cache`` as huggingface_hub stores a downloaded snapshot
    (``models--org--name/{blobs,snapshots/<rev>,refs/main}``); return the snapshot folder."""
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    snap = repo / "snapshots" / revision
    snap.mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(revision)
    (repo / "blobs").mkdir()
    for f in folder.iterdir():
        blob = repo / "blobs" / f"{abs(hash(f.name)):x}"
        shutil.copy(f, blob)
        (snap / f.name).symlink_to(Path("../..") / "blobs" / blob.name)
    return snap
