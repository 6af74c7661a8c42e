"""The brief's folder: a safe place under the output root, and its files replaced as a whole."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

from ..brief import Brief
from ..errors import InputError
from .base import Writer


def safe_folder(out_root: str | os.PathLike, rel: PurePosixPath | str) -> Path:
    """``out_root`` joined with the relative POSIX path ``rel``, refusing anything that could leave
    ``out_root``: an absolute path, an empty, ``.`` or ``..`` part, a backslash or NUL in a name.

    Raises:
        InputError: ``rel`` is not a safe relative folder path (the message names it).
    """
    text = str(rel)
    parts = text.split("/")
    if not text or text.startswith("/") or any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts):
        raise InputError(text or "(empty)", "is not a safe output folder path (it could leave the output folder)")
    root = Path(out_root)
    folder = root.joinpath(*parts)
    real_root = os.path.realpath(root)
    if os.path.commonpath([real_root, os.path.realpath(folder)]) != real_root:  # a symlink inside OUT pointing out
        raise InputError(text, f"output folder would lie outside {root}")
    return folder



def replace_brief_files(folder: str | os.PathLike, brief: Brief, writers: Sequence[Writer],
                        previous: Iterable[str] = ()) -> list[Path]:
    """Write ``brief`` in each writer's format into ``folder``, then delete the files an earlier
    brief there made (``previous``: the names its stamp lists) that this one does not: a folder never mixes two
    runs (a stale ``summary.ur.txt`` beside a new ``summary.en.txt``). Returns the written paths.
    Write the new stamp after this."""
    folder = Path(folder)
    written = [p for w in writers for p in w.write(brief, folder)]
    names = {p.name for p in written}
    for stale in previous:
        if isinstance(stale, str) and "/" not in stale and stale not in names and not stale.startswith("."):
            try:
                (folder / stale).unlink()
            except OSError:
                pass
    return written
