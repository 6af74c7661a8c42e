"""Is an article's brief up to date? Input hashes, configuration fingerprints and stamps.

A brief is up to date when its folder holds a stamp (``.summarize-stamp.json``, written last,
after every file of the brief) that records the same input bytes (sha256) and the same
configuration fingerprint as the run at hand, and every file the stamp lists is still there.

The fingerprint covers everything that changes what the brief says or which files it has: the
tool version; the summariser and each translator in use (hub id or folder, revision -- for an
unpinned hub model the cached snapshot's, for a local folder its files' names, sizes and
modification times --, kind, input limit, generation settings, languages); the targets; the
formats; the per-run options (translate, boilerplate, source language, back-translation, checks,
size limit); device and dtype. It leaves out what only changes speed (``batch_size``).
Computing it loads no model.

The translation memory is no part of the fingerprint: a batch stamp records the file it read
(``tm``, :func:`memory_in_use`), and :func:`outdated_by_memory` asks the memory, segment by
segment, whether it would change the brief now.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path
from typing import Any, Iterable

from ..config import Config, ModelSpec
from ..errors import KeptEditsWarning
from ..version import __version__
from ..writers.escape import json_dumps
from ..writers.fsutil import is_regular, read_regular
from ..writers.folder import (BRIEF_JSON, EDITED_DIR, carry_reviews_into, keep_unimported_edits, read_brief_json,
                              render_files, replace_brief_files)

STAMP_NAME = ".summarize-stamp.json"
STAMP_VERSION = 1

#: Formats a reviewer works in (the review page, a CAT tool's XLIFF or TMX): a folder written
#: with any of them also gets brief.json, which ``summarize review import`` updates.
REVIEW_FORMATS = frozenset({"html", "xliff", "tmx"})
#: Suffixes of the brief's files that ``summarize review import`` reads back.
IMPORTABLE_SUFFIXES = frozenset({".xlf", ".xliff", ".tmx"})


def file_sha256(path: str | os.PathLike, *, chunk: int = 1 << 20) -> str:
    """The hex sha256 of the file's bytes, read in ``chunk``-byte pieces.

    Raises:
        OSError: the file cannot be read.
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def model_identity(spec: ModelSpec, device: str | None = None) -> dict[str, Any]:
    """What of one model's entry decides its output, plus where its weights are: everything in
    ``spec.settings()`` but ``batch_size``, and ``files`` (a local folder's top-level files as
    ``[name, size, mtime_ns]``) or ``snapshot`` (the cached revision of an unpinned hub model,
    None when not cached), and ``engine``: the engine ``backend: auto`` resolves to now (a model
    converted since the last run runs on CTranslate2, whose outputs differ, so its briefs are
    redone; ``device``: models.yaml's, as ``choose_backend`` takes it). Reads the file system only; never the network, never the weights."""
    from ..engines.choice import choose_backend

    out = spec.settings()
    out.pop("batch_size", None)
    out["name"] = spec.name
    if spec.model is None:
        return out
    choice = choose_backend(spec, device)
    out["engine"] = [choice.backend, choice.quantization]
    if spec.is_local:
        folder = Path(spec.model).expanduser()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
            out["files"] = [[e.name, e.stat().st_size, e.stat().st_mtime_ns] for e in entries if e.is_file()]
        except OSError:
            out["files"] = None
    elif not spec.revision:
        from ..engines.hub import status

        out["snapshot"] = status(spec).revision
    return out


def config_fingerprint(
    config: Config,
    *,
    summarizer: str | dict[str, Any],
    translators: dict[str, str | dict[str, Any]],
    targets: Iterable[tuple[str, str]],
    formats: Iterable[str],
    options: dict[str, Any],
) -> tuple[str, dict[str, Any]]:
    """The fingerprint of a run's effective configuration: ``(hex sha256, the data hashed)``.

    Args:
        config: the validated configuration (device and dtype are taken from it).
        summarizer: the name of the summariser in use, or the ``describe()`` of an injected one.
        translators: per target short name, the translator's name, or an injected one's ``describe()``.
        targets: ``(short name, NLLB code)`` per target, in order.
        formats: the output format names.
        options: the per-run options that change the brief (JSON-ready values).
    """

    def ident(x: str | dict[str, Any]) -> dict[str, Any]:
        return model_identity(config.model(x), config.device) if isinstance(x, str) else {"injected": x}

    data = {
        "stamp_version": STAMP_VERSION,
        "tool_version": __version__,
        "device": config.device,
        "dtype": config.dtype,
        "summarizer": ident(summarizer),
        "translators": {short: ident(t) for short, t in translators.items()},
        "targets": [list(t) for t in targets],
        "formats": sorted(formats),
        "options": options,
    }
    text = json_dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), data


def read_stamp(folder: str | os.PathLike) -> dict[str, Any] | None:
    """The stamp in ``folder`` as a dict, or None when there is none or it cannot be parsed."""
    try:
        data = json.loads(read_regular(Path(folder) / STAMP_NAME).decode("utf-8"))
    except (OSError, ValueError):  # none, unreadable, or not a file (a link, a FIFO: never followed)
        return None
    return data if isinstance(data, dict) else None


def is_up_to_date(folder: str | os.PathLike, input_sha256: str, fingerprint: str) -> dict[str, Any] | None:
    """The stamp when the brief in ``folder`` is up to date for these input bytes and this
    configuration (and every file it lists exists), else None."""
    stamp = sealed_brief(folder)
    if not stamp or stamp.get("input_sha256") != input_sha256 or stamp.get("config_fingerprint") != fingerprint:
        return None
    return stamp


def memory_in_use(tm: str | os.PathLike | None) -> str | None:
    """What a batch stamp records as ``tm``: the real absolute path (``os.path.realpath``) of the
    translation memory the run reads (``Settings.tm``), None for none (``--no-tm``,
    ``--no-translate``)."""
    return os.path.realpath(tm) if tm is not None else None


def outdated_by_memory(folder: str | os.PathLike, stamp: dict[str, Any], tm: str | None) -> str | None:
    """Why the translation memory makes the brief in ``folder`` (up to date otherwise: ``stamp``
    matched) out of date, or None when it does not. ``tm``: :func:`memory_in_use` of this run.

    * another memory than the stamp's ``tm`` (or none where it had one, or one where it had
      none): ``another translation memory``. A stamp written before ``tm`` was recorded says
      nothing of it: only the next check decides;
    * a target segment of brief.json that no review holds (a review wins over the memory on a
      rerun, ``review.carry``), for which the memory's lookup (``SqliteTM.lookup``, what the
      pipeline asks) now gives another text than the one the brief delivers, or gives none where
      the brief's text came from the memory: ``translation memory changes N segments``.

    Reads the stamp, brief.json and the memory (sqlite lookups); loads no model. A folder
    without a readable brief.json (formats without json, html, xliff or tmx) is judged by the
    stamp alone."""
    if "tm" in stamp and stamp.get("tm") != tm:
        return "another translation memory"
    brief, _ = read_brief_json(folder)
    if brief is None:
        return None
    from ..tm.store import SqliteTM

    memory = SqliteTM(tm) if tm is not None else None
    segs = ([brief.title] if brief.title is not None else []) + list(brief.segments)
    changed = 0
    for target in brief.targets:
        sources = [s.source for s in segs]
        hits = memory.lookup(sources, brief.source.code, target.code) if memory is not None else [None] * len(segs)
        for seg, hit in zip(segs, hits):
            ts = seg.targets.get(target.short)
            if ts is None or ts.review is not None:
                continue
            if (hit is not None and hit != ts.text) or (hit is None and ts.origin == "tm"):
                changed += 1
    return f"translation memory changes {changed} segment{'s' * (changed != 1)}" if changed else None


def sealed_brief(folder: str | os.PathLike) -> dict[str, Any] | None:
    """The stamp in ``folder`` when it vouches for a complete brief (whatever input and
    configuration made it): it parses, lists its files, and every one of them is there as a
    regular file (a link or a FIFO planted at a brief file's name is none of the brief's: a batch
    redoes the brief, which moves it aside). None
    otherwise (no stamp: never written, or a write killed while its files moved)."""
    stamp = read_stamp(folder)
    files = stamp.get("files") if stamp else None
    if not isinstance(files, list) or not all(isinstance(f, str) and is_regular(Path(folder) / f) for f in files):
        return None
    return stamp


def resolved_input(input: str) -> str | None:
    """What a stamp records as ``input_path``: the real absolute path (``os.path.realpath``) of
    the article file ``input`` names, from the current folder; None for standard input (``-``), a
    URL, text in memory, or a name that is no file. ``input`` stays as typed, for people; this one
    finds the same file from any working folder (see :func:`recorded_input`)."""
    from ..reading.source import is_url

    if input == "-" or is_url(input) or not os.path.isfile(input):
        return None
    return os.path.realpath(input)


def recorded_input(stamp: dict[str, Any] | None) -> str | None:
    """The article whose brief a stamp vouches for, as a path to compare with another: its
    ``input_path`` (absolute, see :func:`resolved_input`), else, in a stamp written before
    ``input_path`` was recorded, its ``input`` as typed (relative to wherever that run was started:
    the best there is). None when the stamp records no file: none, standard input, a URL."""
    from ..reading.source import is_url

    if not stamp:
        return None
    before, resolved = stamp.get("input"), stamp.get("input_path")
    if isinstance(resolved, str) and os.path.isabs(resolved):
        return resolved
    if not isinstance(before, str) or before == "-" or is_url(before):
        return None
    return before


def stamp_bytes(**fields: Any) -> bytes:
    """The stamp holding ``fields`` (``input``, ``input_sha256``, ``config_fingerprint``,
    ``files`` -- names relative to the folder --, ``models``, ...), as UTF-8 JSON."""
    text = json_dumps({"stamp_version": STAMP_VERSION, **fields}, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def model_summary(models: dict[str, Any]) -> dict[str, Any]:
    """The name, kind, hub id or folder, and revision of each model in ``brief.models`` (what a
    stamp and a manifest line record of them; translators per target short name)."""
    keys = ("name", "kind", "model", "revision")

    def pick(d: Any) -> Any:
        return {k: d.get(k) for k in keys if k in d} if isinstance(d, dict) else d

    out: dict[str, Any] = {}
    for role, info in models.items():
        if role == "translators" and isinstance(info, dict):
            out[role] = {short: pick(d) for short, d in info.items()}
        else:
            out[role] = pick(info)
    return out


def brief_stamp_fields(brief) -> dict[str, Any]:
    """What a stamp records of ``brief`` itself, the same whether ``summarize run`` or ``summarize
    batch`` made it: ``flags`` (its QA flag count, ``Brief.flag_count``: what the index shows of a
    brief a batch skips or keeps), ``title``, ``models`` (:func:`model_summary`) and
    ``tool_version``. Take it after the folder's reviews are carried over (``write_brief`` does),
    which may add ``stale`` flags."""
    return {"flags": brief.flag_count(), "title": brief.article.title, "models": model_summary(brief.models),
            "tool_version": brief.tool_version}


#: ``write_brief(tm=...)`` not given: the stamp records no ``tm`` (``run`` and the library, whose
#: stamps are never taken as up to date).
NOT_RECORDED: Any = object()


def write_brief(folder: str | os.PathLike, brief, writers, *, input: str, input_sha256: str | None,
                config_fingerprint: str | None, tm: str | None = NOT_RECORDED) -> list[Path]:
    """The one place a brief's folder is written (``summarize run``, ``summarize batch`` and the
    library's ``summarize.write_brief`` alike), so that none of them loses what is the user's.

    Write ``brief`` in each writer's format into ``folder`` with its stamp, as one step: see
    ``writers.folder.replace_brief_files`` (the old brief stays whole if this one cannot be
    written; files only the old one made go; the stamp comes last, so that a stamp vouches for a
    complete brief). The reviews of the brief already in ``folder`` are carried over first
    (``writers.folder.carry_reviews_into``), and a file of the old brief that a reviewer edited in
    place and did not import is copied to ``edited/`` with a ``KeptEditsWarning``
    (``writers.folder.keep_unimported_edits``: edited means its bytes are not the ``hashes`` the
    stamp recorded). brief.json edited by hand is kept so too, and a text changed in it is taken
    as an ``edited`` review before the carry; a brief.json that cannot be read is kept with every
    file of the old brief the new one writes otherwise (its reviews may live there). A folder written in a review format
    (REVIEW_FORMATS) gets brief.json too, whatever the writers, so that its reviews can come
    back. Returns the files' paths.

    The stamp, for every caller alike: ``input`` (the article's path or URL as given, ``-``,
    or ``<text>`` for a library brief of text in memory), ``input_path`` (its real absolute path
    when it is a file, :func:`resolved_input`, so that the file is known again from any working
    folder; absent otherwise),
    ``input_sha256`` (its bytes' hash, None when unknown), ``config_fingerprint`` (see
    :func:`config_fingerprint`; None from ``run``, which never skips an article), the fields of
    :func:`brief_stamp_fields`, ``tm`` (a batch's: the translation memory it read,
    :func:`memory_in_use`; see :func:`outdated_by_memory`), ``files`` (the names written) and ``hashes`` (``{name: sha256}``
    of their bytes, :func:`file_hashes`; ``review import`` updates them, :func:`record_rewritten`).

    Raises:
        OutputError: the folder cannot be written (it is as it was).
    """
    if any(w.format in REVIEW_FORMATS for w in writers) and not any(w.format == "json" for w in writers):
        from ..writers import writers_for

        writers = [*writers, *writers_for("json")]  # review import brings decisions back through brief.json
    stamp = read_stamp(folder) or {}
    previous = stamped_files(folder)
    hashes = recorded_hashes(stamp)
    _, unreadable = read_brief_json(folder)
    # edited by hand since summarize wrote it: its new texts are edits
    hand_edited: list[str] | None = [] if unreadable is None and BRIEF_JSON in previous and \
        brief_json_edited_by_hand(folder, hashes) else None
    if unreadable is None:  # (one that cannot be read carries nothing: it is kept below)
        writers = carry_reviews_into(folder, brief, writers, hand_edited=hand_edited)
    files = render_files(brief, writers)
    for edited, copy in keep_unimported_edits(folder, previous, files, hashes=hashes):
        if not is_regular(copy):  # a link, FIFO or device planted where a brief's file goes: moved aside unread
            warnings.warn(moved_aside_warning(edited, copy))
            continue
        if edited.name not in previous:
            what = "was not written by summarize"
            how = "compare it with the new one"
        elif edited.name == BRIEF_JSON and unreadable:
            what = f"{unreadable}: its reviews could not be carried over"
            how = (f"the brief's other files as they were are kept beside it in {Path(folder) / EDITED_DIR}: "
                   "`summarize review import` brings the reviews of an XLIFF or TMX copy back")
        elif edited.name == BRIEF_JSON:
            warnings.warn(hand_edit_warning(edited, copy, hand_edited or []))
            continue
        elif unreadable:
            what = f"may hold reviews of {BRIEF_JSON}, which could not be read"
            how = (f"bring them back with `summarize review import {copy} --brief {Path(folder)}`"
                   if copy.suffix in IMPORTABLE_SUFFIXES else "review import reads XLIFF and TMX; merge these by hand")
        else:
            warnings.warn(kept_edit_warning(edited, copy, folder, [t.short for t in brief.targets]))
            continue
        warnings.warn(KeptEditsWarning(f"{edited} {what}; kept it as {copy} ({how})"))
    where = resolved_input(input)
    seal = (STAMP_NAME, stamp_bytes(input=input, **({"input_path": where} if where else {}), input_sha256=input_sha256,
                                    config_fingerprint=config_fingerprint, **({} if tm is NOT_RECORDED else {"tm": tm}),
                                    **brief_stamp_fields(brief), files=list(files),
                                    hashes=file_hashes(files)))
    return replace_brief_files(folder, files, previous=previous, seal=seal)


def brief_json_edited_by_hand(folder: str | os.PathLike, hashes: dict[str, str] | None) -> bool:
    """Whether ``folder``'s brief.json differs from the bytes the stamp recorded for it
    (``hashes``, :func:`recorded_hashes`); False when it records none or the file cannot be read."""
    recorded = (hashes or {}).get(BRIEF_JSON)
    try:
        return recorded is not None and hashlib.sha256(read_regular(Path(folder) / BRIEF_JSON)).hexdigest() != recorded
    except OSError:
        return False


def moved_aside_warning(path: Path, kept_as: Path) -> KeptEditsWarning:
    """The warning for ``path``, a brief file's name that held a symbolic link, a FIFO or a device
    (never a file summarize writes), moved as it was to ``kept_as`` (``writers.folder.move_aside``)
    before a rerun or a ``review import`` wrote the folder."""
    return KeptEditsWarning(f"{path} is a symbolic link or special file, not a file summarize writes; kept it as "
                            f"{kept_as} (moved aside as it is, unread; the new brief's file is written in its place)")


def hand_edit_warning(edited: Path, copy: Path, taken: list[str]) -> KeptEditsWarning:
    """The warning for a brief.json (``edited``) edited by hand, kept as ``copy`` before a rerun
    or a ``review import`` rewrote the folder; ``taken``: the target segments whose changed text
    was taken as an ``edited`` review (``carry.take_hand_edits``: ``"segment 1 (ur)"``)."""
    how = (f"its reviews are carried over; taken as {'an edit' if len(taken) == 1 else 'edits'}, as review import "
           f"takes a changed text: {', '.join(taken)}" if taken else "its reviews are carried over; compare it with the new one")
    return KeptEditsWarning(f"{edited} was edited by hand; kept it as {copy} ({how})")


def kept_edit_warning(edited: Path, copy: Path, folder: str | os.PathLike,
                      targets: Iterable[str] | None = None) -> KeptEditsWarning:
    """The warning for a file of the brief in ``folder`` that held a reviewer's edits no import
    had brought back, kept as ``copy`` before a rerun or an import rewrote it: how to bring them
    back (``review import`` for XLIFF and TMX, by hand for the rest). ``targets``: the short
    names of the new brief's targets (None: not known); an XLIFF or TMX of a target that is not
    among them (``brief.ps.xlf`` after a rerun with ``-t ur``) can be imported only once the
    brief has that target again, so the warning says to rerun with it in ``-t`` first (the
    import alone was refused: a fresh reviewer's report)."""
    how = (f"bring them back with `summarize review import {copy} --brief {Path(folder)}`"
           if copy.suffix in IMPORTABLE_SUFFIXES else "review import reads XLIFF and TMX; merge these by hand")
    parts = edited.name.split(".")
    if (targets is not None and copy.suffix in IMPORTABLE_SUFFIXES and len(parts) == 3 and parts[0] == "brief"
            and parts[1] not in set(targets)):
        how = (f"the brief has no target {parts[1]} any more: first rerun with {parts[1]} in -t, then {how}")
    return KeptEditsWarning(f"{edited} held edits not imported yet; kept it as {copy} ({how})")


def stamped_files(folder: str | os.PathLike) -> list[str]:
    """The file names the stamp in ``folder`` lists (``[]`` when there is no readable stamp):
    what an earlier brief there wrote."""
    files = (read_stamp(folder) or {}).get("files")
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []



def file_hashes(files: dict[str, bytes]) -> dict[str, str]:
    """``{name: hex sha256}`` of a brief's files as written: what a stamp records as ``hashes``,
    so that a rerun tells a file edited since (brief.json too) from one summarize wrote."""
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def recorded_hashes(stamp: dict[str, Any] | None) -> dict[str, str] | None:
    """The ``hashes`` a stamp records (``{name: sha256}``), or None when it records none (a stamp
    written before they were, or none at all)."""
    hashes = (stamp or {}).get("hashes")
    if not isinstance(hashes, dict):
        return None
    return {k: v for k, v in hashes.items() if isinstance(k, str) and isinstance(v, str)}


def record_moved_input(folder: str | os.PathLike, stamp: dict[str, Any], input: str) -> bool:
    """After a batch found the brief in ``folder`` up to date for the article ``input`` (a path as
    the batch names it) whose stamp ``stamp`` records another path (the article's folder was
    moved or renamed, as an inbox archived with ``mv inbox inbox-2026-11``): record ``input``
    and its real path as the stamp's ``input``/``input_path``, so that the stamp, which says
    whose brief the folder holds (``discover.recorded_folders``, ``overwrite.other_article``),
    no longer names the old path -- where a new article of the same name would otherwise be
    given this folder and write over this brief and its reviews. The stamp is replaced
    atomically. True when it was rewritten; False when it already names ``input`` or cannot be
    rewritten (nothing is lost then: the manifest records the move too)."""
    from ..writers.fsutil import atomic_write_bytes

    where = resolved_input(input)
    if where is None or recorded_input(stamp) == where:
        return False
    fields = {k: v for k, v in stamp.items() if k != "stamp_version"}
    fields.update(input=input, input_path=where)
    try:
        atomic_write_bytes(Path(folder) / STAMP_NAME, stamp_bytes(**fields))
    except OSError:
        return False
    return True


def record_rewritten(folder: str | os.PathLike, files: dict[str, bytes]) -> None:
    """After ``review import`` rewrote ``files`` (``{name: bytes}``) in ``folder``: record their
    new hashes in the folder's stamp (when it records hashes), so that the next rerun takes them
    as summarize's own, not as hand edits. The stamp is replaced atomically; never raises for a
    folder without a readable stamp."""
    from ..writers.fsutil import atomic_write_bytes

    stamp = read_stamp(folder)
    hashes = recorded_hashes(stamp)
    if stamp is None or hashes is None:
        return
    listed = set(stamp.get("files") or [])
    hashes.update({name: h for name, h in file_hashes(files).items() if name in listed})
    fields = {k: v for k, v in stamp.items() if k != "stamp_version"}
    fields["hashes"] = hashes
    try:
        atomic_write_bytes(Path(folder) / STAMP_NAME, stamp_bytes(**fields))
    except OSError:
        pass
