"""A model folder's weight files: which ones ``from_pretrained`` reads, and whether each can be
read at all. A model that fails to load is looked at here, so that a damaged file (a download cut
short, a file overwritten with something else) is told as ``PATH: not a readable weights file``
instead of the loader's own words: torch's run to several lines and advise loading again with
``weights_only=False``, which is no advice to follow for a file of unknown origin. A PyTorch
file that is a well-formed pickle torch's safe loader refused is told as what it is (pickled
objects that are not weights: code could run if it were loaded unsafely), not as corrupt. A file
that cannot even be opened (no permission to read it: a model cache made by another account) is
told as that, ``PATH: cannot be read: Permission denied``, with the fix (its permissions), not as a
damaged file to download again.
"""

from __future__ import annotations

import errno
import pickle
import errno
import pickletools
import zipfile
from pathlib import Path

from ..errors import first_line

#: What a PyTorch weights file that cannot be read is, in the message.
BIN_PROBLEM = "corrupt, or not a PyTorch state dict"
#: What a PyTorch weights file is whose pickle is well formed but holds objects other than
#: tensors, which torch's safe loader (``weights_only=True``) refused.
PICKLE_REFUSED = ("holds pickled objects that torch's safe loader refused (code could run if it were loaded "
                  "unsafely)")
#: ... and a safetensors one.
SAFETENSORS_PROBLEM = "corrupt or cut short"
#: What a weights file is that cannot be opened at all (before its bytes are judged).
CANNOT_READ = "cannot be read"


def weight_files(folder: Path) -> list[Path]:
    """The weight files ``from_pretrained`` reads in ``folder``, sorted: its ``*.safetensors``
    when it has any (transformers prefers them), else its ``pytorch_model*.bin``."""
    safetensors = sorted(p for p in folder.glob("*.safetensors") if p.is_file())
    return safetensors or sorted(p for p in folder.glob("pytorch_model*.bin") if p.is_file())


def unreadable(path: Path) -> str | None:
    """Why weights file ``path`` cannot be read, in words (``corrupt or cut short: invalid header
    length``), or None when it can: a safetensors file whose header and data offsets hold
    (``safetensors.safe_open``; no tensor is read), a PyTorch file that ``torch.load`` takes with
    ``weights_only=True`` (memory-mapped when it is a zip archive, as ``torch.save`` writes; no
    weights are copied). A well-formed pickle that loader refuses is :data:`PICKLE_REFUSED`. A
    file that cannot be opened is ``cannot be read: Permission denied`` (:data:`CANNOT_READ` and
    the system's words; see :func:`_open_error`): its bytes may be sound."""
    exc = _open_error(path)
    if exc is not None:
        return f"{CANNOT_READ}: {exc.strerror or first_line(exc, 120)}"
    if path.suffix == ".safetensors":
        from safetensors import safe_open

        try:
            with safe_open(str(path), framework="pt") as handle:
                handle.keys()
        except Exception as exc:  # SafetensorError, or an OSError reading it
            return f"{SAFETENSORS_PROBLEM}: {first_line(exc, 120)}"
        return None
    import torch

    try:
        torch.load(str(path), map_location="cpu", weights_only=True, mmap=zipfile.is_zipfile(path))
    except pickle.UnpicklingError:
        # torch says the same for garbage and for a pickle of other objects: tell them apart
        return PICKLE_REFUSED if _whole_pickle(path) else BIN_PROBLEM
    except Exception:  # RuntimeError, EOFError...: torch's text is no help here
        return BIN_PROBLEM
    return None


def _open_error(path: Path) -> OSError | None:
    """The OSError opening ``path`` and reading its first byte raises (PermissionError for a file
    the account may not read, IsADirectoryError, an I/O error), or None when it can be read."""
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError as exc:
        return exc
    return None


def _whole_pickle(path: Path) -> bool:
    """Whether PyTorch file ``path`` holds a complete pickle where ``torch.save`` writes one: the
    ``data.pkl`` of its zip archive, or (the legacy format) its four pickles one after the other
    (magic number, protocol, system info, the object). Read with ``pickletools.genops``, which
    parses opcodes and runs nothing."""

    def parses(stream, count: int) -> bool:
        try:
            for _ in range(count):
                if not any(op.name == "STOP" for op, _arg, _pos in pickletools.genops(stream)):
                    return False
        except Exception:  # ValueError: a bad opcode or the data ends before STOP
            return False
        return True

    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.endswith("data.pkl")]
                if len(names) != 1:
                    return False
                with archive.open(names[0]) as stream:
                    return parses(stream, 1)
        with open(path, "rb") as stream:
            return parses(stream, 4)
    except (OSError, zipfile.BadZipFile):
        return False


def damaged_weights(folder: Path) -> str | None:
    """``PATH: not a readable weights file (WHY); replace it`` for the first weight file of
    ``folder`` (:func:`weight_files`) that cannot be read (:func:`unreadable`), or ``PATH: holds
    pickled objects that torch's safe loader refused ...; ...model.safetensors`` for one that
    :data:`PICKLE_REFUSED`, or ``PATH: cannot be read: Permission denied; check its permissions
    ...`` for one the account may not open (no advice to download it again), else None.
    Called once a model has failed to load, to tell a damaged file from other causes."""
    for path in weight_files(Path(folder)):
        why = unreadable(path)
        if why == PICKLE_REFUSED:
            return (f"{path}: {why}; load it no other way: get the model as model.safetensors (download it "
                    "again from a source that has one, or convert a copy you trust)")
        if why is not None and why.startswith(CANNOT_READ):
            exc = _open_error(path)
            if exc is not None and exc.errno in (errno.EACCES, errno.EPERM):
                return (f"{path}: {why}; check its permissions: the account that runs summarize must be able to "
                        "read it (chmod a+r it, or ask its owner; it need not be downloaded again)")
            return f"{path}: {why}; check the file and the disk it is on"
        if why is not None:
            return (f"{path}: not a readable weights file ({why}); replace it (download the model again, "
                    "or save it again with save_pretrained)")
    return None
