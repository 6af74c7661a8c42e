"""The batch's table of contents: ``index.md`` (always) and ``index.html`` (with the html format).

Both list every article the output root has a record of, sorted by output folder: this run's,
and those of earlier runs as the manifest's latest line for each says (``latest_rows``), so that
a run narrowed with ``--glob`` leaves every finished brief in the index. Each row has its
status, the reason when it is not done, its QA flag count and a link to its brief. An article
that failed or was interrupted while its folder still holds a complete earlier brief (its stamp
vouches for every file, see ``stamp.sealed_brief``: a failed write or an interrupt leaves the old
brief whole) is listed with a link to that brief and the status ``interrupted (earlier brief
kept)`` or ``failed (earlier brief kept)``. An article of an earlier run whose input file is
no longer there (deleted, renamed, moved) is listed as ``input gone``, with a link to its brief
while its folder still holds a complete one (the brief may hold reviews: nothing is deleted);
it is not counted as up to date. The counts at the top are those of every row listed, and, on a
line of their own, those of the run that wrote the index, as its summary line gave them.
``index.html`` comes from the html writer's ``render_index`` (see ``writers/html.py``); this
module only hands it the entries.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Sequence
from urllib.parse import quote

from ..errors import printable
from ..writers.fsutil import atomic_write_bytes
from ..writers.escape import md_code, md_escape
from .manifest import MANIFEST_NAME, read_manifest
from .stamp import read_stamp, sealed_brief

INDEX_MD = "index.md"
INDEX_HTML = "index.html"

#: Which file of a brief the index links to, first found first.
LINK_PREFERENCE = ("brief.md", "brief.html", "brief.json", "summary.en.txt")

#: The status the indexes show for an article whose input file is no longer there.
GONE = "input gone"

#: The order of the counts at the top of the indexes (the summary line's, then the rest).
COUNT_ORDER = ("done", "skipped", "failed (earlier brief kept)", "failed", "interrupted (earlier brief kept)",
               "interrupted", GONE)


@dataclass(frozen=True)
class IndexRow:
    """One article as the indexes list it. ``folder`` is the article's output folder relative to
    the output root (POSIX; None when it has none); ``files`` the brief's file names in it;
    ``status`` one of done/skipped/failed/interrupted; ``title`` the article's title if known.
    ``kept``: the article failed or was interrupted, and its folder still holds an earlier
    complete brief (``files``, ``flags`` and ``title`` are then that brief's). ``gone``: the
    input file is no longer there (``status`` is what was last recorded; ``files`` those of the
    complete brief its folder still holds, or none). ``path``: the input's absolute path, which
    finds it from any working folder (None for a record that has none, written before it was
    recorded: ``input`` is then taken from the current folder)."""

    input: str
    folder: str | None
    status: str
    files: tuple[str, ...] = ()
    reason: str | None = None
    flags: int = 0
    title: str | None = None
    kept: bool = False
    gone: bool = False
    path: str | None = None

    @property
    def where(self) -> str:
        """The input as a path to look at from here: ``path``, else ``input``."""
        return self.path or self.input

    @property
    def shown_status(self) -> str:
        """The status as the indexes show it: ``interrupted (earlier brief kept)`` for a kept one,
        ``input gone`` for a gone one."""
        if self.gone:
            return GONE
        return f"{self.status} (earlier brief kept)" if self.kept else self.status

    def link(self, prefer: Sequence[str] = LINK_PREFERENCE) -> str | None:
        """The relative POSIX path from the output root to the brief's main file, or None."""
        if self.folder is None or (self.status not in ("done", "skipped") and not self.kept and not self.gone):
            return None
        for name in prefer:
            if name in self.files:
                return f"{self.folder}/{name}"
        return f"{self.folder}/" if self.files else None


def status_counts(rows: Iterable[IndexRow]) -> dict[str, int]:
    """How many ``rows`` show each status (``shown_status``), in COUNT_ORDER (any other after)."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.shown_status] = counts.get(r.shown_status, 0) + 1
    rank = {s: i for i, s in enumerate(COUNT_ORDER)}
    return dict(sorted(counts.items(), key=lambda item: rank.get(item[0], len(rank))))


def render_index_md(rows: Sequence[IndexRow], *, heading: str = "Briefs", run: str | None = None) -> bytes:
    """``index.md`` as UTF-8 bytes: counts per status (see :func:`status_counts`), the counts of
    the run that wrote it (``run``, as its summary line gives them: ``1 done, 12 skipped, 2
    failed``) when given, then a table with a row per article.

    Cells are escaped (``|``, HTML) so no input name or reason can break the table; links are
    percent-encoded."""
    counts = status_counts(rows)
    out = [f"# {heading}", ""]
    out.append(", ".join(f"{n} {s}" for s, n in counts.items()) if counts else "No articles.")
    if run is not None:
        out += ["", f"This run: {md_escape(run)}."]
    out += ["", "| # | Article | Status | Brief | Flags | Notes |", "|---:|---|---|---|---:|---|"]
    for i, r in enumerate(rows, 1):
        link = r.link()
        brief = f"[{md_escape(r.title or r.folder or '')}]({quote(link, safe='/')})" if link else "—"
        out.append(f"| {i} | {md_code(printable(r.input), in_table=True)} | {r.shown_status} | {brief} | {r.flags if link else ''} | {md_escape(r.reason or '')} |")
    return ("\n".join(out) + "\n").encode("utf-8")


#: How a folder below a batch ROOT that cannot be listed is told (``discover``): a name the batch
#: cannot use, recorded as failed.
UNLISTED = "is a folder that cannot be listed"


def _listed_again(row: IndexRow) -> bool:
    """True for an earlier run's row of a folder that could not be listed and now can be: its
    articles are listed on their own rows now, and the folder is no failure any more."""
    if row.status != "failed" or not (row.reason or "").startswith(UNLISTED):
        return False
    try:
        with os.scandir(row.where):
            return True
    except OSError:
        return False


def latest_rows(out_root: str | os.PathLike, current: Iterable[IndexRow] = ()) -> list[IndexRow]:
    """Every article the output root knows of, one row each: the manifest's latest record per
    output folder (per input path for a record without one), overridden by ``current`` (this
    run's rows, which the manifest may lack if it could not be written). An input is listed once:
    its latest record wins, also over an earlier one in another folder (inputs compared by real
    path, whatever path named them and from whatever working folder: see :func:`record_place`).
    Sorted by folder, rows
    without a folder last. A record whose folder is not below ``out_root`` is left out. A failed
    or interrupted row whose folder holds a complete earlier brief is marked ``kept``, with that
    brief's files (see :func:`kept_brief`). A row of an earlier run (not in ``current``) whose
    input is no longer there is marked ``gone`` (see :func:`gone_input`)."""
    out_root = Path(out_root)
    rows: dict[str, IndexRow] = {}
    where: dict[str, str] = {}  # real input path -> its row's key
    real: dict[str, str] = {}

    def real_of(row: IndexRow) -> str:
        if row.where not in real:
            real[row.where] = os.path.realpath(row.where)
        return real[row.where]

    def put(row: IndexRow) -> None:
        same = real_of(row)
        old = where.get(same)
        if old is not None and old in rows and real_of(rows[old]) == same:
            del rows[old]  # an article moved to another folder is listed once, where it is now
        key = _key(row)
        displaced = rows.get(key)
        if displaced is not None and where.get(real_of(displaced)) == key:
            del where[real_of(displaced)]
        rows[key] = row
        where[same] = key

    stamps: dict[str, Any] = {}
    for record in read_manifest(out_root / MANIFEST_NAME):
        row = _row_of(record, out_root, stamps)
        if row is not None:
            put(row)
    mine: set[str] = set()
    for row in current:
        put(row)
        mine.add(_key(row))
    found = [kept_brief(r if k in mine else gone_input(r, out_root), out_root) for k, r in rows.items()
             if k in mine or not _listed_again(r)]
    return sorted(found, key=lambda r: (r.folder is None, (r.folder or r.input).casefold(), r.folder or r.input))


def gone_input(row: IndexRow, out_root: str | os.PathLike) -> IndexRow:
    """``row``, marked ``gone`` when its input (``row.where``: its absolute path, else, in a
    record without one, the path as recorded taken from the current folder) is no longer there,
    with the files, QA flag count and title of the complete brief its folder still holds
    (``stamp.sealed_brief``; none when there is none) and a reason saying what was last
    recorded; else ``row`` as it is."""
    if os.path.lexists(row.where):
        return row
    stamp = sealed_brief(Path(out_root) / row.folder) if row.folder is not None else None
    files = tuple(stamp["files"]) if stamp is not None and isinstance(stamp.get("files"), list) else ()
    last = row.status + (f": {row.reason}" if row.reason else "")
    reason = f"the input file is no longer there (last recorded: {last})" + ("; its brief is kept" if files else "")
    if not files:
        return replace(row, gone=True, files=(), reason=reason, flags=0)
    flags = stamp.get("flags") if isinstance(stamp.get("flags"), int) else 0
    title = stamp.get("title") if isinstance(stamp.get("title"), str) else None
    return replace(row, gone=True, files=files, reason=reason, flags=flags, title=row.title or title)


def kept_brief(row: IndexRow, out_root: str | os.PathLike) -> IndexRow:
    """``row``, marked ``kept`` with the files, QA flag count and title its folder's stamp records,
    when the article failed or was interrupted but ``out_root/row.folder`` still holds a complete
    earlier brief (``stamp.sealed_brief``) of this article; else ``row`` as it is. A brief there of
    another article that still exists (``overwrite.other_article``: one ``summarize run`` wrote into
    the folder while the batch ran, which is why the row failed) is not this article's: the row
    was marked kept and linked to it, and a reviewer following the link reviewed the wrong
    article's brief."""
    from .overwrite import other_article

    if row.status not in ("failed", "interrupted") or row.folder is None or row.kept or row.gone:
        return row
    stamp = sealed_brief(Path(out_root) / row.folder)
    if stamp is None or not stamp.get("files") or other_article(Path(out_root) / row.folder, row.where):
        return row
    flags = stamp.get("flags") if isinstance(stamp.get("flags"), int) else 0
    title = stamp.get("title") if isinstance(stamp.get("title"), str) else None
    return replace(row, kept=True, files=tuple(stamp["files"]), flags=flags, title=row.title or title)


def _key(row: IndexRow) -> str:
    return f"folder:{row.folder}" if row.folder is not None else f"input:{row.where}"


def _row_of(record: dict[str, Any], out_root: Path, stamps: dict[str, Any] | None = None) -> IndexRow | None:
    """A manifest record as a row (see ``manifest``), or None when it is not one this root holds."""
    if record.get("status") not in ("done", "skipped", "failed", "interrupted"):
        return None
    place = record_place(record, out_root, stamps)
    if place is None:
        return None
    folder, path = place
    files = record.get("files") if isinstance(record.get("files"), list) else []
    flags = record.get("flags") if isinstance(record.get("flags"), int) else 0
    title = record.get("title") if isinstance(record.get("title"), str) else None
    reason = record.get("reason") if isinstance(record.get("reason"), str) else None
    return IndexRow(record["input"], folder, record["status"], tuple(f for f in files if isinstance(f, str)), reason, flags,
                    title, path=path)


def record_place(record: dict[str, Any], out_root: str | os.PathLike,
                 stamps: dict[str, dict[str, Any] | None] | None = None) -> tuple[str | None, str | None] | None:
    """Where a manifest record's article and brief are, from whatever working folder its run and
    this one were started: ``(folder relative to out_root (POSIX), or None for a record with no
    folder; the input's absolute path, or None when the record cannot tell it)``, or None when the
    record is not one of an article with a folder below ``out_root`` (no ``input``, a folder
    outside). The index (:func:`latest_rows`) and ``discover.recorded_folders`` read records
    through this one function.

    A record has ``folder`` (relative to the output root) and ``input_path`` (absolute) since they
    are recorded; in an older one, ``output`` and ``input`` are as that run was given them,
    relative to the folder it was started in, which may not be this one's: ``output`` is taken
    from the current folder when that puts it below ``out_root`` (the common case, the same
    folder), else as the part of it below a folder named as ``out_root`` is (``o19/world/a``
    from ``r1x/`` with ``-o ../o19``: ``world/a``; one that is there first); the input is the
    one the stamp of that folder names when it records the same ``input`` (a stamp holds its
    absolute ``input_path``), else None (then the caller takes ``input`` from the current folder,
    the best there is). ``stamps``: a cache of the stamps read (by folder), for a caller going
    through a whole manifest. Never raises."""
    inp = record.get("input")
    if not isinstance(inp, str):
        return None
    out_root = Path(out_root)
    given, output = record.get("folder"), record.get("output")
    folder: str | None = None
    if isinstance(given, str):
        if not given or given.startswith("/") or any(p in ("", ".", "..") for p in given.split("/")):
            return None
        folder = given
    elif isinstance(output, str):
        folder = relative_folder(output, out_root) or _folder_named_below(output, out_root)
        if folder is None:
            return None
    elif output is not None:
        return None
    path = record.get("input_path")
    if isinstance(path, str) and os.path.isabs(path):
        return folder, path
    if os.path.isabs(inp):
        return folder, inp
    if folder is not None:
        stamps = {} if stamps is None else stamps
        if folder not in stamps:
            stamps[folder] = read_stamp(out_root / folder)
        stamp = stamps[folder]
        recorded = stamp.get("input_path") if stamp else None
        if stamp and stamp.get("input") == inp and isinstance(recorded, str) and os.path.isabs(recorded):
            return folder, recorded
    return folder, None


def _folder_named_below(output: str, out_root: Path) -> str | None:
    """The part of ``output`` (a folder as an older manifest line recorded it, relative to where
    that run was started) below a part named as ``out_root`` is (POSIX), the first whose folder
    is there, else the first; None when no part is so named."""
    name = Path(os.path.abspath(out_root)).name
    parts = Path(output).parts
    found = [PurePosixPath(*parts[k + 1:]).as_posix() for k, part in enumerate(parts)
             if part == name and parts[k + 1:] and ".." not in parts[k + 1:]]
    return next((f for f in found if (out_root / f).is_dir()), found[0] if found else None)


def relative_folder(output: str, out_root: Path) -> str | None:
    """A brief folder's path ``output`` (as the manifest records it) relative to ``out_root``, as
    POSIX (trying the paths as written, then absolute), or None when it is not below it. Used for a
    record written before ``folder`` was recorded (see :func:`record_place`)."""
    for path, root in ((Path(output), out_root), (Path(os.path.abspath(output)), Path(os.path.abspath(out_root)))):
        try:
            rel = path.relative_to(root)
        except ValueError:
            continue
        return rel.as_posix() if rel.parts and ".." not in rel.parts else None
    return None


def html_index_renderer():
    """The html writer's ``render_index(entries) -> bytes``, or None when that writer is not
    installed. This is the one hook between the batch and ``index.html``."""
    try:
        from ..writers.html import render_index
    except ImportError:
        return None
    return render_index


def write_indexes(out_root: str | os.PathLike, rows: Sequence[IndexRow], *, html_index: bool = True,
                  run: str | None = None) -> list[Path]:
    """Write ``index.md``, and ``index.html`` when ``html_index`` is set (or ``out_root`` has an
    ``index.html`` already) and the html writer is there, atomically into ``out_root``; return the paths written. ``run``: the counts of the run
    writing them, as its summary line gives them (see :func:`render_index_md`).

    Raises:
        OSError: an index cannot be written; its ``filename`` is that index's path and its
            ``strerror`` says what became of the other: ``No space left on device (index.html is
            left as it was: neither index was rewritten)`` when ``index.md`` failed (``index.html``
            is not written then, so the two still agree), ``No space left on device (index.md
            was written, index.html not: it still lists an earlier run, until a run writes both)``
            when ``index.html`` failed.
    """
    out_root = Path(out_root)
    had_html = (out_root / INDEX_HTML).is_file()
    try:
        paths = [atomic_write_bytes(out_root / INDEX_MD, render_index_md(rows, run=run))]
    except OSError as exc:
        other = (" (index.html is left as it was: neither index was rewritten)" if had_html
                 else " (index.html was not written either)" if html_index else "")
        raise OSError(exc.errno, f"{exc.strerror or exc}{other}", str(out_root / INDEX_MD)) from exc
    # an index.html an earlier run wrote is rewritten too, so that it never lists stale rows or
    # links to brief.html files a later run (-f md) removed: a row links only to a page it has
    render_index = html_index_renderer() if html_index or (out_root / INDEX_HTML).is_file() else None
    if render_index is not None:
        entries = [
            {
                "stem": r.folder or r.input,
                "href": r.link(("brief.html",)) if "brief.html" in r.files else None,
                "status": r.shown_status,
                "reason": r.reason,
                "flags": r.flags,
            }
            for r in rows
        ]
        try:
            paths.append(atomic_write_bytes(out_root / INDEX_HTML, render_index(entries, run=run)))
        except OSError as exc:
            was = "it still lists an earlier run" if had_html else "there is none"
            raise OSError(exc.errno, f"{exc.strerror or exc} (index.md was written, index.html not: {was}, until a run "
                                     "writes both)", str(out_root / INDEX_HTML)) from exc
    return paths
