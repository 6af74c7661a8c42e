"""The brief folders a review command works on: one brief's folder, or every brief below a batch
folder (``review import --brief``, ``review status``, ``review omegat``)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InputError, check_input_path

BRIEF_JSON = "brief.json"
BATCH_MARKER = "manifest.jsonl"


def brief_folders(root: str | os.PathLike) -> list[Path]:
    """``root`` when it holds a brief.json, else every folder below it that does, sorted. Hidden
    folders are not entered: a brief being written (``.<name>.summarize-tmp-*``, or one a kill -9
    left) is not a brief yet."""
    root = Path(root)
    if (root / BRIEF_JSON).is_file():
        return [root]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        if BRIEF_JSON in filenames:
            found.append(Path(dirpath))
    return sorted(found)


def briefs_in(root: str | os.PathLike, hint: str = "give a brief's folder or a batch folder") -> list[Path]:
    """The brief folders of ``root`` (see :func:`brief_folders`), at least one.

    ``hint``: what the error says the user should give instead (e.g. ``--brief takes a brief's
    folder or a batch folder``).

    Raises:
        InputError: ``root`` does not exist (``ROOT: no such folder``, see
            ``errors.check_input_path``), is not a folder, or holds no brief.json at all (the
            message names ``root`` and ends with ``(hint)``).
    """
    root = Path(root)
    if not stat.S_ISDIR(check_input_path(root, "folder").st_mode):
        raise InputError(str(root), f"is not a folder ({hint})")
    found = brief_folders(root)
    if not found:
        raise InputError(str(root), f"holds no brief.json ({hint})")
    return found
