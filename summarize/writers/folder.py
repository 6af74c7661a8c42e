"""The brief's folder: a safe place under the output root, and its files replaced as a whole."""

from __future__ import annotations

import errno
import glob
import os
import re
import secrets
import shutil
import threading
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping, Sequence

from ..brief import Brief
from ..errors import BIDI_CONTROLS, LINE_BREAKING, InputError, OutputError, path_text, printable
from .base import Writer
from .fsutil import NotRegularFile, atomic_write_bytes, is_regular, read_regular

#: Where briefs go when no ``-o`` is given (``summarize run`` and ``summarize batch``).
DEFAULT_OUTPUT = "briefs"


_UNSAFE = re.compile(f"[{LINE_BREAKING}{BIDI_CONTROLS}]")


def folder_name(name: str) -> str:
    """``name`` with every control character (newline, tab, escape, DEL, the C1 controls, the
    Unicode line and paragraph separators), every bidi control (the embeddings and overrides
    U+202A-U+202E, the isolates U+2066-U+2069, the marks LRM, RLM and ALM: a U+202E in
    ``cv <U+202E>txt.exe.txt`` would show its folder as ``cv exe.txt``) and every backslash
    replaced by ``_``: the output folder of a file called ``new<newline>line.txt`` is
    ``new_line``, a name that every shell, listing and log shows on one line, as it is spelt,
    and of ``a\\b.txt`` ``a_b``; a byte that is not UTF-8 is first written ``\\xNN``
    (``errors.path_text``: ``bad<0xff>byte.txt`` -> ``bad_xffbyte``, the same from the raw name a
    batch finds and from the brief's recorded stem), a name :func:`safe_folder` takes (it refuses a backslash, a path
    separator elsewhere). Any other name is the folder's as it is (a zero-width non-joiner, which
    Dari and Pashto spell with, stays). A part ``.`` or ``..`` is left as it is, for
    :func:`safe_folder` to refuse (a file's stem of dots only is made safe where the stem is
    taken: ``reading.source.article_stem``, ``jobs.discover``). Collisions this makes are settled
    as any other (see ``jobs.discover.assign_folders``). Never raises."""
    return _UNSAFE.sub("_", path_text(name)).replace("\\", "_")


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


#: Marks a brief's temporary folder, made beside its final folder:
#: ``.<name>.summarize-tmp-<pid>-<random>``.
STAGING_MARK = ".summarize-tmp-"

#: The most bytes a file name may have on the file systems a brief is written to (ext4, XFS, APFS...).
NAME_MAX = 255

#: Bytes kept for ``<pid>-<8 hex>`` after the mark: a pid has at most 10 digits.
_STAGING_TAIL = 10 + 1 + 8


def staging_prefix(name: str) -> str:
    """The start of the temporary folder's name for a brief folder called ``name``:
    ``.<name>.summarize-tmp-`` (the pid and a random part follow, see :func:`staging_name`). A
    name too long for the whole to fit in :data:`NAME_MAX` UTF-8 bytes is cut on a character
    boundary and given ``~`` and 8 hex digits of its SHA-256 (so two long names that begin alike
    still differ). The same name always gives the same prefix: :func:`remove_leftovers` finds the
    leftovers of a long name by it."""
    import hashlib

    room = NAME_MAX - 1 - len(STAGING_MARK) - _STAGING_TAIL
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) > room:
        digest = hashlib.sha256(raw).hexdigest()[:8]
        cut = raw[:room - 9].decode("utf-8", "ignore")  # "ignore" drops a character cut in two
        name = f"{cut}~{digest}"
    return f".{name}{STAGING_MARK}"


def staging_name(name: str) -> str:
    """A new temporary folder's name for a brief folder called ``name``, at most
    :data:`NAME_MAX` UTF-8 bytes: ``.<name>.summarize-tmp-<pid>-<random>`` (see :func:`staging_prefix`)."""
    return f"{staging_prefix(name)}{os.getpid()}-{secrets.token_hex(4)}"


#: What ``fsutil.atomic_write_bytes`` leaves on a kill -9: ``.<name>.<8 random characters>.tmp``.
_ATOMIC_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


def render_files(brief: Brief, writers: Sequence[Writer]) -> dict[str, bytes]:
    """Every file of ``brief`` in each writer's format, ``{name: bytes}``, in writer order."""
    return {name: data for w in writers for name, data in w.render(brief).items()}


def replace_brief_files(folder: str | os.PathLike, files: Mapping[str, bytes], *, previous: Iterable[str] = (),
                        seal: tuple[str, bytes] | None = None) -> list[Path]:
    """Make ``folder`` hold ``files`` (``{name: bytes}``) and then ``seal`` (the brief's stamp:
    ``(name, bytes)``, written last), all or nothing as far as the disk allows; return the paths
    of ``files`` in ``folder``.

    Everything is written into a temporary folder beside ``folder`` first
    (``.<name>.summarize-tmp-<pid>-<random>``, fsynced). Only when every byte is on disk does
    anything move: a new ``folder`` is that temporary folder, renamed (the whole brief appears at
    once); an existing one loses its old seal, gets each file by rename, loses the files an
    earlier brief made there (``previous``: the names its stamp lists) that this one does not,
    and gets the new seal last. So a full disk or a write error leaves the old brief untouched,
    and a kill -9 while the files move leaves a folder no seal vouches for (a batch redoes it).
    Threads of one process that write the same folder take turns (the last one's brief is what
    it holds). Files in ``folder`` that no brief made (a reviewer's notes) are kept. The leftovers of
    earlier writes killed with -9 go first (see :func:`remove_leftovers`).

    Raises:
        OutputError: ``folder`` (or its temporary folder) cannot be written; the message names
            ``folder`` and the reason (``No space left on device``). Nothing in ``folder`` changed.
    """
    folder = Path(os.path.abspath(folder))  # "." has no name to stage beside, and cannot be renamed
    with _folder_lock(folder):  # another thread's write of it: one after the other
        return _replace_brief_files(folder, files, previous=previous, seal=seal)


#: One lock per brief folder this process writes (by absolute path): threads that write the same
#: folder at once take turns, so that one's cleaning (``remove_leftovers``, which takes this
#: process's temporary folders for a killed writer's) never removes another's temporary folder
#: under it, and their files never mix. Other processes are kept apart by ``jobs.lock``.
_FOLDER_LOCKS: dict[str, threading.Lock] = {}
_FOLDER_LOCKS_GUARD = threading.Lock()


def _folder_lock(folder: Path) -> threading.Lock:
    """The lock of brief folder ``folder`` (an absolute path) in this process."""
    with _FOLDER_LOCKS_GUARD:
        return _FOLDER_LOCKS.setdefault(str(folder), threading.Lock())


def _replace_brief_files(folder: Path, files: Mapping[str, bytes], *, previous: Iterable[str],
                         seal: tuple[str, bytes] | None) -> list[Path]:
    """:func:`replace_brief_files` of absolute ``folder``, its lock held."""
    previous = [p for p in previous if isinstance(p, str) and "/" not in p and not p.startswith(".")]
    seal_name = seal[0] if seal else None
    remove_leftovers(folder, [*files, *previous, *([seal_name] if seal_name else [])])
    staging: Path | None = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = folder.parent / staging_name(folder.name)
        os.mkdir(staging, 0o777)  # the umask applies, as for any folder
        for name, data in [*files.items(), *([seal] if seal else [])]:
            write_file(staging / name, data)
        _fsync_dir(staging)
        if not _rename_new(staging, folder):
            _move_into(staging, folder, list(files), previous, seal_name)
        _fsync_dir(folder.parent)
    except OSError as exc:
        raise OutputError(str(folder), _problem(exc, folder)) from exc
    finally:
        if staging is not None:
            try:
                if os.path.lexists(staging):
                    shutil.rmtree(staging, ignore_errors=True)
            except OSError:  # never hide the error being raised, nor fail a write that succeeded
                pass
    return [folder / name for name in files]


def _problem(exc: OSError, folder: Path) -> str:
    """What went wrong, for OutputError: the OS's words, and for a folder name longer than
    :data:`NAME_MAX` bytes what to do about it."""
    problem = exc.strerror or str(exc)
    if exc.errno == errno.ENAMETOOLONG and len(os.fsencode(folder.name)) > NAME_MAX:
        problem += (f" (the folder name has {len(os.fsencode(folder.name))} bytes, more than {NAME_MAX};"
                    " rename the input file shorter)")
    return problem


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file ``path`` (mode 0666 less the umask) and fsync it.

    Raises:
        OSError: it cannot be written (``ENOSPC`` on a full disk).
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_leftovers(folder: str | os.PathLike, names: Iterable[str]) -> None:
    """Remove what writes of ``folder`` killed with -9 left: temporary folders beside it whose
    process is gone, and ``.<name>.XXXXXXXX.tmp`` files in it for each of ``names`` (the brief's
    files and its stamp: ``..summarize-stamp.json.k3j4h5g6.tmp``). Never fails."""
    folder = Path(folder)
    try:
        prefix = staging_prefix(folder.name)
        for entry in folder.parent.glob(f"{glob.escape(prefix)}*"):
            pid = entry.name[len(prefix):].split("-", 1)[0]
            if not (pid.isdigit() and _alive(int(pid))) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
    except OSError:
        pass
    wanted = set(names)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        m = _ATOMIC_LEFTOVER.match(entry.name)
        if m and m.group("name") in wanted and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except OSError:
                pass
EDITED_DIR = "edited"
"""Where a rerun keeps a brief file a reviewer edited in place and has not imported yet."""
IMPORTED_DIR = "imported"
"""Where ``review import`` keeps a brief file as it was before the import rewrote it."""


def keep_unimported_edits(folder: str | os.PathLike, names: Iterable[str],
                          new: Iterable[str] | Mapping[str, bytes] = (), *,
                          hashes: Mapping[str, str] | None = None) -> list[tuple[Path, Path]]:
    """Before a new brief replaces the files ``names`` in ``folder``: copy each one that holds
    something of the user's the new brief would not (a reviewer's work on brief.ur.xlf or
    brief.tsv in place, not yet brought back with ``summarize review import``; a hand edit of
    brief.json) to ``folder/edited/<stem>.<sha256 prefix><suffix>``, so that a rerun never throws
    a review away. Returns ``[(file, copy)]`` for the files copied (a copy already there is
    reused).

    A file is edited when its bytes differ from the ``hashes`` the stamp recorded for it when
    summarize wrote it (``{name: sha256}``; ``review import`` records the files it rewrites
    too), brief.json included. Without ``hashes`` (a stamp written before they were recorded), a
    file is edited when its bytes differ from what the brief in ``folder``'s brief.json renders
    for that name, brief.json itself never compared.

    A brief.json that cannot be read as a brief (truncated, bad JSON) is copied, and so is every
    other file of ``names`` whose bytes the new brief (``new`` as ``{name: bytes}``) does not
    write again: the reviews brief.json held are not carried over, and those files (brief.ur.xlf
    as ``review import`` rewrote it) may be where they still live.

    A file of ``new`` (what the new brief writes) that is in the folder but not among ``names``
    (no brief wrote it: a user's own ``brief.md`` or ``summary.en.txt``) is copied too, unless it
    holds what the old brief.json renders for it. Never raises for a missing or unreadable file;
    OSError from writing a copy is raised (nothing of the folder has changed then).
    """
    import hashlib

    from . import writers_for

    folder = Path(folder)
    names = {n for n in names if "/" not in n}
    foreign = {n for n in new if "/" not in n and n not in names}  # in the folder, no brief's file
    rendering = new if isinstance(new, Mapping) else {}
    old, unreadable = read_brief_json(folder)
    rendered: dict[str, bytes] = {}
    # what that brief's files hold (brief.json's own bytes are its rendering too), rendered only
    # where a file has no recorded hash to compare with (a rerun of a stamped folder renders nothing)
    unhashed = {n for n in names if not (hashes is not None and isinstance(hashes.get(n), str))}
    if old is not None and (foreign or unhashed):
        for writer in writers_for("all"):
            rendered.update({k: v for k, v in writer.render(old).items() if k in names | foreign})

    def edited(name: str, data: bytes) -> bool:
        if name in foreign:
            return data != rendered.get(name)
        if unreadable:  # the reviews brief.json held are lost: keep whatever the new brief changes
            return name == BRIEF_JSON or data != rendering.get(name, data)
        if hashes is not None and isinstance(hashes.get(name), str):
            return hashlib.sha256(data).hexdigest() != hashes[name]
        if name == BRIEF_JSON or old is None or name not in rendered:
            return False  # the record itself; no brief.json (or a format no writer knows): nothing to compare
        return data != rendered[name]  # (a folder whose stamp a kill -9 took compares so too)

    kept: list[tuple[Path, Path]] = []
    for name in sorted(names | foreign):
        path = folder / name
        if os.path.lexists(path) and not is_regular(path):  # planted: a link, a FIFO, a device
            kept.append((path, move_aside(path)))
            continue
        try:
            data = read_regular(path)
        except OSError:
            continue
        if not edited(name, data):
            continue
        copy = edited_dir(folder) / f"{path.stem}.{hashlib.sha256(data).hexdigest()[:12]}{path.suffix}"
        if not copy.exists():
            atomic_write_bytes(copy, data)  # the bytes read, never the file again (it may have been swapped)
            shutil.copystat(path, copy, follow_symlinks=False)
        kept.append((path, copy))
    return kept


def edited_dir(folder: Path, name: str = EDITED_DIR) -> Path:
    """``folder/edited/`` (or ``folder/<name>/``: ``review import`` keeps the files it imports in
    ``imported/``), made when missing, where a brief's files that hold the user's work are kept
    (:func:`keep_unimported_edits`).

    Raises:
        OSError: something other than a folder (a symbolic link to one elsewhere included) is
            there: nothing is kept through it, outside the brief's folder.
    """
    path = folder / name
    try:
        path.mkdir()
    except FileExistsError:
        if os.path.islink(path) or not path.is_dir():
            raise NotRegularFile(errno.EEXIST, "is not a folder (a symbolic link or a file); move it away",
                                 str(path)) from None
    return path


def move_aside(path: Path) -> Path:
    """Move what is at ``path`` -- a symbolic link, FIFO or device where a brief's file goes --
    into ``edited/`` as it is (the link itself, never what it leads to, which is neither read nor
    copied), as ``<stem>.not-a-file[-N]<suffix>``; return where it went.

    Raises:
        OSError: it cannot be moved.
    """
    target_dir = edited_dir(path.parent)
    n, target = 1, target_dir / f"{path.stem}.not-a-file{path.suffix}"
    while os.path.lexists(target):
        n += 1
        target = target_dir / f"{path.stem}.not-a-file-{n}{path.suffix}"
    os.rename(path, target)
    return target


BRIEF_JSON = "brief.json"


def read_brief_json(folder: str | os.PathLike) -> tuple[Brief | None, str | None]:
    """``folder``'s brief.json as a Brief: ``(brief, None)``; ``(None, None)`` when there is no
    brief.json; ``(None, why)`` when it is there but cannot be read as a brief (``why`` says
    what is wrong: ``not valid JSON (line 40, column 3)``, ``a brief.json without 'segments'``)."""
    import json

    path = Path(folder) / BRIEF_JSON
    try:
        text = read_regular(path).decode("utf-8")
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    try:
        data = json.loads(text)
    except ValueError as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        return None, f"is not valid JSON{where}"
    try:
        return Brief.from_dict(data), None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return None, f"is no brief ({type(exc).__name__}: {exc})"


def carry_reviews_into(folder: str | os.PathLike, brief: Brief, writers: Sequence[Writer], *,
                       hand_edited: list[str] | None = None) -> list[Writer]:
    """A rerun never throws a review away: carry the reviews of ``folder``'s brief.json onto
    ``brief`` (``review.carry.carry_reviews``: kept, or ``stale`` where the MT changed), and what
    it offered that ``brief`` no longer does (``review.carry.carry_offers``), and return the
    writers to use -- the JSON writer added when there were reviews or earlier offers and it was
    not asked for, so that brief.json keeps them. Call it before rendering the files."""
    folder = Path(folder)
    writers = list(writers)
    import json

    from ..review.carry import carry_offers, carry_reviews, has_reviews

    try:
        old = json.loads(read_regular(folder / BRIEF_JSON).decode("utf-8"))
    except (OSError, ValueError):  # (UnicodeDecodeError is a ValueError)
        return writers
    if not isinstance(old, dict):
        return writers
    if hand_edited is not None:
        from ..review.carry import take_hand_edits

        hand_edited.extend(take_hand_edits(old))
    reviewed = has_reviews(old)
    if reviewed:
        carry_reviews(brief, old)
    # what the old brief offered and this one does not: a review file written before this rerun
    # still holds it, and the import must read that as the brief wrote it, not as an edit
    if not carry_offers(brief, old) and not reviewed:
        return writers
    if not any(w.format == "json" for w in writers):
        from . import writers_for

        writers = writers + writers_for("json")
    return writers


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (ours counts as gone: it writes one folder at a time)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _rename_new(staging: Path, folder: Path) -> bool:
    """Rename ``staging`` to ``folder`` when ``folder`` does not exist; False when it does (the
    files then move one by one). An existing folder, even an empty one, is never renamed over: it
    may be a process's working folder (``write_brief(brief, ".")``), which would be left deleted."""
    if folder.is_symlink():  # "exists and is not a folder" misled a user whose link led to one
        raise NotADirectoryError(errno.ENOTDIR, f"is a symbolic link (to {printable(os.readlink(folder))}), not a "
                                                "folder; a brief is not written through it: move it away", str(folder))
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(folder))
    if folder.is_dir():
        return False
    try:
        os.rename(staging, folder)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            return False
        raise
    return True


def _move_into(staging: Path, folder: Path, names: list[str], previous: list[str], seal_name: str | None) -> None:
    if seal_name:
        try:
            os.unlink(folder / seal_name)  # from here until the new seal, no stamp vouches for the folder
        except FileNotFoundError:
            pass
    for name in names:
        os.replace(staging / name, folder / name)
    for stale in previous:
        if stale not in names:
            try:
                os.unlink(folder / stale)
            except OSError:
                pass
    if seal_name:
        os.replace(staging / seal_name, folder / seal_name)
    _fsync_dir(folder)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
