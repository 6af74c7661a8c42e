"""``summarize review status``: how far the review of one brief, or of a batch, has come."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..writers.fsutil import read_regular
from ..errors import InputError
from .folders import briefs_in

COLUMNS = ("approved", "edited", "rejected", "stale", "pending")


def brief_counts(data: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Per target short name, ``{status: n for COLUMNS} | {"total": n}`` over the title and summary
    segments of one brief.json (a segment never reviewed counts as pending)."""
    segs = ([data["title"]] if data.get("title") else []) + list(data.get("segments") or [])
    out: dict[str, dict[str, int]] = {}
    for t in data.get("targets") or []:
        counts = dict.fromkeys(COLUMNS, 0)
        counts["total"] = 0
        for s in segs:
            ts = (s.get("targets") or {}).get(t["short"])
            if ts is None:
                continue
            status = (ts.get("review") or {}).get("status") or "pending"
            counts[status if status in counts else "pending"] += 1
            counts["total"] += 1
        out[t["short"]] = counts
    return out


def review_status(root: str | os.PathLike) -> dict[str, Any]:
    """The review status of the brief in ``root``, or of every brief below it (a batch folder):
    ``{"root", "briefs": [{"folder", "id", "targets": {short: counts}, "retired": n}], "total": {short: counts},
    "retired": n}`` with ``counts`` as ``brief_counts`` gives them; ``folder`` is relative to ``root``;
    ``retired`` counts the reviews kept in ``retired_reviews`` (their sentence is not in the summary,
    or their target was not translated, as after ``--no-translate``: a rerun that has them again
    restores them).

    Raises:
        InputError: ``root`` is not a folder, holds no brief.json, or one cannot be read.
    """
    root = Path(root)
    folders = briefs_in(root)
    briefs, total, retired = [], {}, 0
    for folder in folders:
        path = folder / "brief.json"
        try:
            data = json.loads(read_regular(path).decode("utf-8"))
            counts = brief_counts(data)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(str(path), f"cannot be read as a brief: {exc}") from None
        kept = len(data.get("retired_reviews") or [])
        retired += kept
        briefs.append({"folder": str(folder.relative_to(root)) if folder != root else ".", "id": data.get("id"),
                       "targets": counts, "retired": kept})
        for short, c in counts.items():
            acc = total.setdefault(short, dict.fromkeys((*COLUMNS, "total"), 0))
            for k, v in c.items():
                acc[k] += v
    return {"root": str(root), "briefs": briefs, "total": total, "retired": retired}
