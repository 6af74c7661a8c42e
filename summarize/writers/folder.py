"""The brief's folder: a safe place under the output root, and its files replaced as a whole."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

from ..brief import Brief
from ..errors import InputError
from .base import Writer

#: Where briefs go when no ``-o`` is given (``summarize run`` and ``summarize batch``).
DEFAULT_OUTPUT = "briefs"


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
    Write the new stamp after this.

    A rerun never throws a review away: the reviews in the folder's brief.json are carried onto
    ``brief`` first (``review.carry.carry_reviews``: kept, or ``stale`` where the MT changed), and
    brief.json is written even when the formats asked for leave it out."""
    folder = Path(folder)
    writers = _carry_reviews(folder, brief, list(writers))
    written = [p for w in writers for p in w.write(brief, folder)]
    names = {p.name for p in written}
    for stale in previous:
        if isinstance(stale, str) and "/" not in stale and stale not in names and not stale.startswith("."):
            try:
                (folder / stale).unlink()
            except OSError:
                pass
    return written


def _carry_reviews(folder: Path, brief: Brief, writers: list[Writer]) -> list[Writer]:
    """Carry the reviews of ``folder``'s brief.json onto ``brief``; return the writers to use (the
    JSON writer added when there were reviews and it was not asked for)."""
    import json

    from ..review.carry import carry_reviews, has_reviews

    try:
        old = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return writers
    if not isinstance(old, dict) or not has_reviews(old):
        return writers
    carry_reviews(brief, old)
    if not any(w.format == "json" for w in writers):
        from . import writers_for

        writers = writers + writers_for("json")
    return writers
