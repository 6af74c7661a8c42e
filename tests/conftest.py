"""Shared fixtures: no network, private cache folders, tiny models (cached on disk, see
``tests.tiny_models.cached_model``), and the Hypothesis profile.

Hypothesis: under ``$CI`` the ``ci`` profile is loaded, so that a CI run tries the same examples
every time (``derandomize``: the seed is a hash of each test) and nothing depends on timing (no
deadline, no too-slow health check) or on a database left by an earlier run. Locally the
``default`` profile keeps exploring new examples on every run; ``--hypothesis-profile ci``
replays what CI does, ``--hypothesis-seed N`` one local run.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.tiny_models import cached_model, write_models_yaml

settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def hypothesis_profile(env=os.environ) -> str:
    """``ci`` when ``$CI`` is set (to anything but empty, ``0`` or ``false``), else ``default``."""
    return "ci" if env.get("CI", "").strip().lower() not in ("", "0", "false", "no") else "default"


settings.load_profile(hypothesis_profile())

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
    """The tiny NLLB-style translator and BART summariser: built once per machine (and again
    when their builder or a library changes; see ``cached_model``), copied into this session's
    tmp folder, so that a test that touches a model's files never touches the shared cache."""
    root = tmp_path_factory.mktemp("tiny-models")
    out = {}
    for name in ("nllb", "bart"):
        out[name] = Path(shutil.copytree(cached_model(name), root / f"tiny-{name}"))
    return out


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
