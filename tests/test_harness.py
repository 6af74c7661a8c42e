"""The test harness itself: the tiny-model disk cache and the Hypothesis profile CI runs under."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests import tiny_models
from tests.conftest import hypothesis_profile
from tests.tiny_models import builder_sources, cache_key, cache_root, cached_model, library_versions

ROOT = Path(__file__).resolve().parent.parent


# -- tiny-model cache ------------------------------------------------------------------------------


def _copies(tmp_path: Path) -> list[Path]:
    out = []
    for i, src in enumerate(builder_sources()):
        dst = tmp_path / "src" / f"{i}-{src.name}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dst)
        out.append(dst)
    return out


def test_cache_key_follows_the_builder_source_the_samples_and_the_libraries(tmp_path):
    sources = _copies(tmp_path)
    versions = library_versions()
    key = cache_key("nllb", sources=sources, versions=versions)
    assert key == cache_key("nllb") and key.startswith("nllb-")  # same bytes, same key
    assert cache_key("bart", sources=sources, versions=versions) != key
    builder = sources[0]
    builder.write_text(builder.read_text(encoding="utf-8").replace("d_model: int = 32", "d_model: int = 48", 1), encoding="utf-8")
    changed = cache_key("nllb", sources=sources, versions=versions)
    assert changed != key
    sample = sources[1]
    sample.write_text(sample.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert cache_key("nllb", sources=sources, versions=versions) not in (key, changed)
    for lib in ("torch", "transformers", "tokenizers", "sentencepiece"):
        other = dict(versions, **{lib: "0.0.1"})
        assert cache_key("nllb", sources=_copies(tmp_path / lib), versions=other) != key, lib


def test_builder_sources_are_the_module_and_every_sample():
    names = [p.name for p in builder_sources()]
    assert names[0] == "tiny_models.py"
    assert set(names[1:]) == {p.name for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".md", ".html")}


def test_cache_root_follows_the_environment(tmp_path):
    assert cache_root({"SUMMARIZE_TEST_CACHE": str(tmp_path / "c")}) == tmp_path / "c"
    assert cache_root({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "summarize-tests"
    assert cache_root({}) == Path.home() / ".cache" / "summarize-tests"


def _fake_build(calls: list[Path]):
    def build(folder: Path) -> Path:
        calls.append(folder)
        folder.mkdir(parents=True)
        (folder / "config.json").write_text("{}")
        return folder

    return build


def test_a_second_run_reuses_the_cached_build(tmp_path):
    root = tmp_path / "cache"  # the test's own cache root (tmp_path holds work/ too)
    root.mkdir()
    calls: list[Path] = []
    first = cached_model("nllb", root=root, build=_fake_build(calls), key="nllb-abc")
    again = cached_model("nllb", root=root, build=_fake_build(calls), key="nllb-abc")
    assert first == again == root / "nllb-abc" and len(calls) == 1
    assert calls[0].parent != root  # built in a temporary folder, then renamed
    assert sorted(p.name for p in root.iterdir()) == ["nllb-abc"]  # nothing left behind
    cached_model("nllb", root=root, build=_fake_build(calls), key="nllb-def")  # another key: a new build
    assert len(calls) == 2


def test_two_builds_at_once_keep_the_first_complete_one(tmp_path):
    root = tmp_path / "cache"  # the test's own cache root (tmp_path holds work/ too)
    root.mkdir()
    calls: list[Path] = []

    def racing_build(folder: Path) -> Path:
        # another process finishes its build while this one is still building
        winner = root / "bart-k"
        winner.mkdir()
        (winner / "config.json").write_text('{"winner": true}')
        return _fake_build(calls)(folder)

    got = cached_model("bart", root=root, build=racing_build, key="bart-k")
    assert got == root / "bart-k" and (got / "config.json").read_text() == '{"winner": true}'
    assert sorted(p.name for p in root.iterdir()) == ["bart-k"]


def test_a_killed_build_leaves_no_half_model_and_its_leftovers_go(tmp_path):
    root = tmp_path / "cache"  # the test's own cache root (tmp_path holds work/ too)
    root.mkdir()
    def dying_build(folder: Path) -> Path:
        folder.mkdir(parents=True)
        (folder / "config.json").write_text("{}")
        raise KeyboardInterrupt

    try:
        cached_model("nllb", root=root, build=dying_build, key="nllb-x")
    except KeyboardInterrupt:
        pass
    assert list(root.iterdir()) == []
    stale = root / ".nllb-x.123.build"  # what a kill -9 leaves
    stale.mkdir()
    os.utime(stale, (1, 1))
    cached_model("nllb", root=root, build=_fake_build([]), key="nllb-x")
    assert sorted(p.name for p in root.iterdir()) == ["nllb-x"]


def test_session_models_are_copies_of_the_cache(tiny_models):
    for name, folder in tiny_models.items():
        cached = cached_model(name)
        assert folder != cached and folder.resolve() != cached.resolve()
        assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in cached.iterdir())


def test_builders_are_the_ones_the_cache_uses():
    assert tiny_models.BUILDERS == {"nllb": tiny_models.build_tiny_nllb, "bart": tiny_models.build_tiny_bart}


# -- Hypothesis profile ----------------------------------------------------------------------------


def test_ci_gets_the_derandomized_profile():
    assert hypothesis_profile({"CI": "true"}) == "ci"
    assert hypothesis_profile({"CI": "1"}) == "ci"
    assert hypothesis_profile({}) == "default"
    assert hypothesis_profile({"CI": ""}) == hypothesis_profile({"CI": "false"}) == "default"


def _settings_under(env: dict[str, str]) -> str:
    """Load the conftest as pytest does, in a fresh interpreter, and report the settings a test
    decorated with its own ``@settings(max_examples=...)`` runs under."""
    code = (
        "import tests.conftest\n"
        "from hypothesis import settings, given, strategies as st\n"
        "s = settings(max_examples=7)\n"
        "print(settings.get_current_profile_name(), s.derandomize, s.database is None, s.deadline, s.max_examples)\n"
    )
    clean = {k: v for k, v in os.environ.items() if k != "CI"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True,
                         check=True)
    return out.stdout.strip()


def test_the_profile_reaches_tests_with_their_own_settings():
    assert _settings_under({"CI": "true"}) == "ci True True None 7"
    local = _settings_under({}).split()
    assert local[:2] == ["default", "False"] and local[-1] == "7"
