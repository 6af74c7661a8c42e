"""A damaged weights file (garbage, cut short) is named as such, in one line, by `run` and by
`models convert`: never torch's advice to load it again with weights_only=False."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.engines.weights import damaged_weights, unreadable, weight_files
from tests.conftest import SEED
from tests.tiny_models import write_models_yaml


class _Planted:
    """An object whose unpickling would make a folder: the code a pickle can carry."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return os.mkdir, (self.marker,)


def _pickled(path, marker, *, zip_format: bool = True):
    """A pytorch_model.bin at ``path``: a state dict that also holds a :class:`_Planted`."""
    import torch

    torch.save({"w": torch.zeros(2), "x": _Planted(marker)}, path, _use_new_zipfile_serialization=zip_format)


def _damaged(tmp_path, tiny_models, kind: str):
    """A copy of the tiny NLLB folder whose weights are garbage (``bin``: only a
    pytorch_model.bin), a pickle of other objects (``pickle``: only a pytorch_model.bin) or cut
    short (``safetensors``), and a models.yaml pinning it to transformers."""
    folder = tmp_path / f"bad-{kind}"
    shutil.copytree(tiny_models["nllb"], folder)
    weights = folder / "model.safetensors"
    if kind == "bin":
        weights.unlink()
        (folder / "pytorch_model.bin").write_bytes(b"garbage\n")
    elif kind == "pickle":
        weights.unlink()
        _pickled(folder / "pytorch_model.bin", tmp_path / "PICKLE_RAN")
    else:
        weights.write_bytes(weights.read_bytes()[:1000])
    path = write_models_yaml(tmp_path / f"{kind}.yaml", nllb=str(folder), bart=str(tiny_models["bart"]))
    path.write_text(path.read_text().replace("    kind: nllb", "    kind: nllb\n    backend: transformers"))
    return folder, path


@pytest.mark.parametrize("kind, file", [("bin", "pytorch_model.bin"), ("safetensors", "model.safetensors")])
def test_run_names_a_damaged_weights_file(tiny_models, tmp_path, kind, file):
    folder, path = _damaged(tmp_path, tiny_models, kind)
    result = CliRunner().invoke(main, ["run", str(SEED), "--models", str(path), "--offline", "-t", "ur",
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"model 'tiny-nllb': {folder / file}: not a readable weights file (" in lines[0], lines[0]
    assert "replace it" in lines[0] and "weights_only" not in lines[0]
    if kind == "bin":  # garbage is still told as corrupt, not as a refused pickle
        assert "(corrupt, or not a PyTorch state dict)" in lines[0] and "pickled" not in lines[0]


@pytest.mark.parametrize("zip_format", [True, False])
def test_a_pickle_the_safe_loader_refuses_is_named_so_not_corrupt(tiny_models, tmp_path, zip_format):
    folder, path = _damaged(tmp_path, tiny_models, "pickle")
    if not zip_format:
        _pickled(folder / "pytorch_model.bin", tmp_path / "PICKLE_RAN", zip_format=False)
    result = CliRunner().invoke(main, ["run", str(SEED), "--models", str(path), "--offline", "-t", "ur",
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert (f"model 'tiny-nllb': {folder / 'pytorch_model.bin'}: holds pickled objects that torch's safe loader "
            "refused (code could run if it were loaded unsafely)") in lines[0], lines[0]
    assert "corrupt" not in lines[0] and "model.safetensors" in lines[0]
    assert not (tmp_path / "PICKLE_RAN").exists()  # nothing was unpickled


def test_models_convert_names_a_damaged_weights_file(tiny_models, tmp_path):
    pytest.importorskip("ctranslate2", reason="ctranslate2 (the `fast` extra) is not installed")
    folder, path = _damaged(tmp_path, tiny_models, "safetensors")
    result = CliRunner().invoke(main, ["models", "convert", "tiny-nllb", "--models", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{folder / 'model.safetensors'}: not a readable weights file (corrupt or cut short" in lines[0], result.stderr


def test_good_weights_are_readable(tiny_models, tmp_path):
    import torch
    from safetensors.torch import load_file

    assert weight_files(tiny_models["nllb"]) == [tiny_models["nllb"] / "model.safetensors"]
    assert damaged_weights(tiny_models["nllb"]) is None
    folder = tmp_path / "bin"
    folder.mkdir()
    torch.save(load_file(tiny_models["nllb"] / "model.safetensors"), folder / "pytorch_model.bin")
    assert unreadable(folder / "pytorch_model.bin") is None
    (folder / "model.safetensors").write_bytes(b"x")  # preferred, as transformers does
    assert weight_files(folder) == [folder / "model.safetensors"]
    assert damaged_weights(folder).startswith(f"{folder / 'model.safetensors'}: not a readable weights file")


def test_a_weights_file_that_may_not_be_read_is_told_as_that_not_as_corrupt(tiny_models, tmp_path, monkeypatch):
    """A model cache built by another account (model.safetensors 0600, owned by root) was
    told as ``not a readable weights file (corrupt or cut short: No such file or directory ...);
    replace it (download the model again ...)`` (a fresh user's report): the file is sound, and
    the fix is its permissions."""
    import errno

    import summarize.engines.weights as weights

    folder = tmp_path / "nllb"
    shutil.copytree(tiny_models["nllb"], folder)
    target = folder / "model.safetensors"
    if os.geteuid() != 0:
        target.chmod(0)
    else:  # root reads any file: the open is refused as it is for another account
        real_open = open

        def refusing(path, *args, **kwargs):
            if os.fspath(path) == str(target):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(weights, "open", refusing, raising=False)
    told = damaged_weights(folder)
    assert told is not None and told.startswith(f"{target}: cannot be read: Permission denied; check its permissions"), told
    assert "download" not in told.split("(")[0] and "corrupt" not in told and "need not be downloaded again" in told
    assert unreadable(target) == "cannot be read: Permission denied"
