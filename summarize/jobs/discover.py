"""Finding the articles of a batch and the output folder of each.

``discover(roots)`` walks folders recursively for the suffixes the reader supports
(``reading.source.SUPPORTED_SUFFIXES``), optionally narrowed by glob patterns, in a stable order.
``assign_folders(sources, out_root)`` gives each article its own folder under the output root,
mirroring the input's relative path (``inbox/2020/index.txt`` -> ``OUT/2020/index/``), so that
two ``index.txt`` in different folders never collide and nothing can land outside ``OUT``.
``recorded_folders(out_root)`` reads which folder each article already has in ``OUT`` (the
manifest's latest record, a brief folder's stamp), so that ``assign_folders`` keeps it: neither
a newcomer (``a.md`` beside a briefed ``a.txt``) nor other roots (``batch r1``, then ``batch r1
r2``) move an article's brief and its reviews.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

from ..errors import ConfigError, InputError, check_input_path, printable
from ..reading.source import SUPPORTED_SUFFIXES
from ..writers.folder import EDITED_DIR, IMPORTED_DIR, folder_name, safe_folder
from .index import INDEX_HTML, INDEX_MD, UNLISTED, record_place  # UNLISTED: recorded as failed whatever --glob says
from .lock import LOCK_NAME
from .manifest import MANIFEST_NAME, read_manifest
from .stamp import STAMP_NAME, read_stamp, recorded_input

#: Files the batch itself keeps at the top of the output root; no article folder may take these names.
RESERVED_NAMES = frozenset({MANIFEST_NAME, INDEX_MD, INDEX_HTML})

#: A folder holding both is a batch's output root; the walk never enters it (an earlier run's
#: briefs inside an input folder are not articles). So is a folder holding the batch's lock file
#: (see :func:`is_output_root`).
OUTPUT_ROOT_MARKERS = frozenset({MANIFEST_NAME, INDEX_MD})

#: A folder holding this file is a brief's folder (see ``stamp``); its files are not articles.
BRIEF_MARKER = STAMP_NAME

#: The folders a brief's folder keeps earlier versions of its files in (a reviewer's edits, the
#: files a review import replaced): batch output too, never entered as input.
BRIEF_KEEPS = frozenset({EDITED_DIR, IMPORTED_DIR})
#: The files of a brief's folder named like articles that the brief writes itself (brief.md,
#: brief.html, summary.<short>.txt): any other such file there is one of the user's.
_BRIEF_FILE = re.compile(r"brief\.(?:md|html)|summary\.[^./\\]+\.txt")


def _users_files_in_brief(here: Path, filenames: Iterable[str], base: Path) -> list[PurePosixPath]:
    """The files of brief folder ``here`` named like articles that the brief did not write
    (:data:`_BRIEF_FILE`), relative to ``base``: an article of the user's saved into the brief's
    folder, which the walk does not read (a fresh user's report: dropped with no word)."""
    return [PurePosixPath((here / n).relative_to(base).as_posix()) for n in sorted(filenames)
            if not n.startswith(".") and _named_like_an_article(n) and not _BRIEF_FILE.fullmatch(n) and (here / n).is_file()]


@dataclass(frozen=True)
class Source:
    """One article file of a batch.

    ``path`` is the file as found (a root joined with the walk's relative path, not resolved; the
    file itself rather than a link to it when the walk finds both, see ``discover``);
    ``rel`` is the POSIX path the output mirrors: relative to its root for a file found in a
    folder (prefixed with the root's name when several roots are given), the file name for a
    file given as a root. ``problem``: why a name the walk found, named like an article, cannot
    be read as one (a broken link, a folder), else None; ``assign_folders`` gives such a source
    its InputError, so the batch records it as failed with that reason (in the folder it had
    before, if any: :func:`problem_folders`).
    """

    path: Path
    rel: PurePosixPath
    problem: str | None = None


@dataclass(frozen=True)
class LeftOut:
    """Article files the walk of ``discover`` leaves out because they lie in batch output:
    ``folder`` (as found: a root, or a root joined with the walk's path) is the output folder of
    this batch (``kind`` ``"output"``: ``-o`` lies inside a root) or of an earlier one (``kind``
    ``"batch"``: :func:`is_output_root`; ``folder`` may be a root itself; ``"link"``: ``folder``
    is a symbolic link, found in a root, to a file of batch output, see ``_into_output``; its
    ``count`` is 1; ``"brief"``: a brief's folder, found in a root, holding article files the brief
    did not write), ``count`` how many
    files named like articles (after ``--glob``) lie below it that are not batch output
    themselves (not a brief folder's files nor its ``edited/`` copies, nor an output root's
    ``index.md`` and ``index.html``: see :func:`_own_articles`)."""

    folder: Path
    kind: str
    count: int
    is_root: bool = False


def is_output_root(names: Iterable[str]) -> bool:
    """Whether a folder holding the files ``names`` is a batch's output root: it holds the
    batch's lock file (taken before anything else is written, so also a batch that found no
    article, or was stopped before its first manifest line), or both ``manifest.jsonl`` and
    ``index.md``."""
    names = set(names)
    return LOCK_NAME in names or OUTPUT_ROOT_MARKERS <= names


def nested_batch_files(out_root: str | os.PathLike) -> set[PurePosixPath]:
    """The files of other batches' output roots below ``out_root`` (a batch once run with ``-o``
    a folder inside it, see :func:`is_output_root`), relative to ``out_root``: each such root's
    ``manifest.jsonl``, ``index.md`` and ``index.html`` (RESERVED_NAMES), whether there yet or
    not. ``assign_folders`` gives no article these, as it gives none ``out_root``'s own, so a
    batch into ``out_root`` never writes over the other batch's log and index. Links are not
    followed; nothing when ``out_root`` does not exist."""
    out_root = Path(out_root)
    found: set[PurePosixPath] = set()
    for dirpath, _dirnames, filenames in os.walk(out_root):
        rel = Path(dirpath).relative_to(out_root).as_posix()
        if rel != "." and is_output_root(filenames):
            found |= {PurePosixPath(rel, name) for name in RESERVED_NAMES}
    return found


def refuse_roots_in(roots: Iterable[str | os.PathLike], folders: Iterable[str | os.PathLike]) -> None:
    """Refuse a root that is, or lies in, one of ``folders`` (the output folder).

    Raises:
        ConfigError: exit code 2, naming the root.
    """
    excluded = {_real(p) for p in folders}
    for root in roots:
        real = _real(root)
        if any(os.path.commonpath([real, ex]) == ex for ex in excluded):
            raise ConfigError(str(root), "lies in the output folder; write the briefs somewhere outside the input folders")


def check_roots(roots: Iterable[str | os.PathLike]) -> None:
    """Refuse a root that does not exist or cannot be looked at, before anything is made (a
    batch checks its roots before it creates its output folder).

    Raises:
        InputError: ``ROOT: no such file or folder`` (exit code 1; ``errors.check_input_path``), or
            ``ROOT: cannot be read: the folder cannot be listed (Permission denied)``.
    """
    for root in roots:
        if stat.S_ISDIR(check_input_path(root, "file or folder").st_mode):
            try:
                with os.scandir(root):
                    pass
            except OSError as exc:
                raise InputError(str(root), f"cannot be read: the folder cannot be listed ({exc.strerror or exc})") from None


def discover(
    roots: Sequence[str | os.PathLike],
    *,
    globs: Sequence[str] = (),
    exclude: Iterable[str | os.PathLike] = (),
    left_out: list[LeftOut] | None = None,
) -> list[Source]:
    """The article files under ``roots``, in a stable order (roots in the order given, then
    sorted by relative path).

    A root that is a folder is walked recursively; files with a supported suffix
    (case-insensitive) are taken, hidden files and folders (names starting with ``.``) and the
    folders in ``exclude`` (e.g. the output root, when it lies inside an input root) are not.
    Symbolic links to files are followed, links to folders are not (no loops). A name with a
    supported suffix that is no readable file is not passed over in silence: a broken link, a
    link to a folder, a folder named like an article that holds none (``notes.txt/``), or
    anything else that is not a regular file comes back with its ``problem`` set. Output of earlier
    batches lying inside a root is never taken for input: a folder holding ``manifest.jsonl`` and
    ``index.md`` is not entered, the files of a folder holding a brief's stamp are not taken, nor those of its ``edited/`` and ``imported/`` (BRIEF_KEEPS). ``globs`` narrows
    what the walk finds: a file is kept when its path relative to the root matches one of the
    patterns, either as ``PurePosixPath.match`` (from the right: ``*.txt`` matches at any depth,
    ``2020/*.txt`` any file directly in a ``2020`` folder) or as ``fnmatch`` on the whole relative
    path (``2020/*`` everything below ``2020/``). A root that is a file is taken as given (the reader refuses it if it cannot read
    it). A file reached twice (overlapping roots, a link to it) is listed once: under the first
    path found that is not a symbolic link (the real file gives the article its name and folder,
    whichever sorts first), else under the first path found (a link whose file lies outside the
    roots names its article).

    ``left_out``, when given, receives a :class:`LeftOut` for each batch output folder the walk
    does not enter that holds files named like articles (the output folder ``exclude`` names,
    another batch's output root), for a root that is itself a batch's output root even when
    none is there, and for each symbolic link to a file of batch output (in a folder of
    ``exclude``, or in a brief's folder): such files are not briefed, and the batch says so
    (:func:`left_out_note`).

    Raises:
        InputError: a root does not exist or cannot be looked at (``errors.check_input_path``:
            exit code 1, as for any input).
        ConfigError: a root is (or lies in) a folder of ``exclude`` (exit code 2: a usage error).
    """
    refuse_roots_in(roots, exclude)
    excluded = {_real(p) for p in exclude}
    labels = _root_labels(roots)
    seen: dict[str, int] = {}  # real path: its place in out
    left_seen: set[str] = set()  # real paths of the folders left out (overlapping roots name one once)
    out: list[Source] = []
    for root, label in zip(roots, labels):
        root = Path(root)
        mode = check_input_path(root, "file or folder").st_mode
        if stat.S_ISDIR(mode):
            found = []
            skipped: list[tuple[Path, str, list[PurePosixPath]]] = []
            for path, rel, problem in _walk(root, excluded, skipped):
                if globs and not any(_matches(rel, g) for g in globs) and not (problem or "").startswith(UNLISTED):
                    continue
                found.append((path, PurePosixPath(label, rel) if label else rel, problem))
            found.sort(key=lambda item: str(item[1]))
            for folder, kind, rels in skipped:
                count = sum(1 for r in rels if not globs or any(_matches(r, g) for g in globs))
                is_root = folder == root
                if left_out is not None and (count or is_root) and _real(folder) not in left_seen:
                    left_seen.add(_real(folder))
                    left_out.append(LeftOut(folder, kind, count, is_root))
        else:  # a named pipe would block the hash's read for ever: recorded as failed, as in a walk
            found = [(root, PurePosixPath(root.name), None if stat.S_ISREG(mode) else "is not a regular file")]
        for path, rel, problem in found:
            key = _real(path)
            if key not in seen:
                seen[key] = len(out)
                out.append(Source(path, rel, problem))
            elif problem is None and out[seen[key]].path.is_symlink() and not path.is_symlink():
                out[seen[key]] = Source(path, rel, problem)  # the real file, not a link to it, names the article
    return out


def links_outside(sources: Sequence[Source], roots: Sequence[str | os.PathLike], *, shown: int = 3) -> str | None:
    """The warning a batch prints when articles found in its folder roots are symbolic links to
    files outside every root, which ``discover`` follows: ``2 articles are links to files outside
    inbox, read from there: a.txt -> /srv/feeds/a.txt, b.txt -> /home/u/notes.txt``, naming at most
    ``shown`` of them; None when there is none. Such a link is read as asked (a folder of links is
    a way to batch files kept elsewhere), but anyone who can write to an inbox could plant one to
    a file of the account that runs the batch, whose text would then be briefed and translated
    (a security review), so the batch says so, naming the targets."""
    folders = [os.path.join(_real(r), "") for r in roots if os.path.isdir(r)]
    if not folders:
        return None
    outside = []
    for src in sources:
        if src.problem is None and src.path.is_symlink():
            target = _real(src.path)
            if not any(target.startswith(f) for f in folders):
                outside.append(f"{printable(src.rel)} -> {printable(target)}")
    if not outside:
        return None
    n = len(outside)
    more = f" and {n - shown} more" if n > shown else ""
    return (f"{n} article{'s are links' if n != 1 else ' is a link'} to {'files' if n != 1 else 'a file'} outside "
            f"{', '.join(printable(r) for r in roots)}, read from there: {', '.join(outside[:shown])}{more}")


def nothing_found(roots: Sequence[str | os.PathLike], globs: Sequence[str] = (), *, other: bool = False) -> str:
    """The note a batch that found no article prints: ``no article matched --glob '*.nomatch'
    below samples; nothing to do``, or ``no .txt, .md, ... or .htm file below inbox; nothing to do``
    without ``globs``. ``other``: the walk left batch output out (see :class:`LeftOut`, whose
    warning comes first), so it says ``no other article matched``, ``no other .txt ... file``."""
    where = ", ".join(printable(r) for r in roots)
    other_ = "other " if other else ""
    if globs:
        return (f"no {other_}article matched {' '.join(f'--glob {printable(repr(g))}' for g in globs)} below {where}; "
                "nothing to do")
    kinds = list(SUPPORTED_SUFFIXES)
    return f"no {other_}{', '.join(kinds[:-1])} or {kinds[-1]} file below {where}; nothing to do"


def _named_like_an_article(name: str) -> bool:
    return not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES


def left_out_note(left: LeftOut) -> str:
    """The warning a batch prints for article files its walk left out (see :class:`LeftOut`):
    ``2 article files below in8/world are left out: it is the output folder (its files are not
    read back); move them or choose another -o``; for a root that is an earlier batch's output
    folder, ``in8/world is the output folder of a batch (it holds its manifest, index or lock
    file), whose files are not read as articles: 2 article files in it are left out; ...``; for a
    link, ``in14/a.txt is left out: it is a link to /srv/out14/a/summary.en.txt, in a brief's
    folder, whose files are not read back as articles``."""
    where = printable(left.folder)
    if left.kind == "link":
        target = _real(left.folder)
        place = "a brief's folder" if os.path.isfile(os.path.join(os.path.dirname(target), BRIEF_MARKER)) \
            else "the output folder"
        return (f"{where} is left out: it is a link to {printable(target)}, in {place}, whose files are not read "
                "back as articles")
    n = left.count
    files = f"{n} article file{'s' * (n != 1)}"
    are = "are" if n != 1 else "is"
    them = "them" if n != 1 else "it"
    if left.kind == "brief":
        return (f"{files} in {where} {are} left out: it is a brief's folder (it holds {BRIEF_MARKER}), whose files "
                f"are not read as articles; move {them} out of it, or name each file")
    if left.kind == "output":
        return (f"{files} below {where} {are} left out: it is the output folder (its files are not read back); "
                f"move {them} or choose another -o")
    why = "the output folder of a batch (it holds its manifest, index or lock file)"
    if left.is_root:
        if not n:
            return f"{where} is {why}, whose files are not read as articles: nothing in it is briefed"
        return (f"{where} is {why}, whose files are not read as articles: {files} in it {are} left out; "
                f"move {them} out of it, or name each file")
    return (f"{files} below {where} {are} left out: it is {why}, whose files are not read as articles; "
            f"move {them} out of it, or name each file")


def _into_output(link: Path, excluded: set[str]) -> bool:
    """Whether symbolic link ``link`` leads to a file in a folder of ``excluded`` (the output
    folder) or in a brief's folder (one holding a stamp, :data:`BRIEF_MARKER`): batch output,
    which the walk never reads as an article, through a link or not."""
    target = _real(link)
    return any(os.path.commonpath([target, ex]) == ex for ex in excluded) or \
        os.path.isfile(os.path.join(os.path.dirname(target), BRIEF_MARKER))


def _own_articles(folder: Path, base: Path) -> list[PurePosixPath]:
    """The files named like articles below ``folder`` (a batch output folder, which the walk does
    not enter) that are no batch output, relative to ``base`` (the root walked): not the files of
    a brief's folder (it holds a stamp) nor the copies it keeps in ``edited/`` and ``imported/``
    (:data:`BRIEF_KEEPS`), nor ``index.md``
    and ``index.html`` of an output root (:func:`is_output_root`), ``folder`` or one below it.
    Hidden names are passed over, as the walk does; links are not followed into folders."""
    out: list[PurePosixPath] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if BRIEF_MARKER in filenames:
            dirnames[:] = [d for d in dirnames if d not in BRIEF_KEEPS]
            out.extend(_users_files_in_brief(here, filenames, base))
            continue
        own = RESERVED_NAMES if is_output_root(filenames) or here == folder else frozenset()
        for name in sorted(filenames):
            if _named_like_an_article(name) and name not in own and (here / name).is_file():
                out.append(PurePosixPath((here / name).relative_to(base).as_posix()))
    return out


def _walk(root: Path, excluded: set[str],
          skipped: list[tuple[Path, str, list[PurePosixPath]]] | None = None) -> list[tuple[Path, PurePosixPath, str | None]]:
    """``(path, path relative to root, problem)`` of every name below ``root`` with a supported
    suffix: the article files (problem None) and the names that are none (see ``discover``).
    ``skipped``, when given, receives ``(folder, kind, the article files below it relative to
    root)`` for each batch output folder not entered (see :class:`LeftOut`)."""
    found: list[tuple[Path, PurePosixPath, str | None]] = []
    folders: list[tuple[Path, PurePosixPath]] = []  # real folders named like articles

    def unlisted(exc: OSError) -> None:  # a folder os.walk cannot list: its articles would be lost in silence
        where = Path(exc.filename) if exc.filename else root
        why = exc.strerror or str(exc)
        if where == root:
            raise InputError(str(root), f"cannot be read: the folder cannot be listed ({why})")
        found.append((where, PurePosixPath(where.relative_to(root).as_posix()),
                      f"{UNLISTED} ({why}); no article in it is briefed"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unlisted):
        here = Path(dirpath)
        if is_output_root(filenames):  # an earlier batch's output root: never input
            if skipped is not None:
                skipped.append((here, "batch", _own_articles(here, root)))
            dirnames[:] = []
            continue
        if skipped is not None:
            for d in sorted(dirnames):
                if not d.startswith(".") and _real(here / d) in excluded:
                    skipped.append((here / d, "output", _own_articles(here / d, root)))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and _real(here / d) not in excluded)
        for d in dirnames:
            if _named_like_an_article(d):
                path = here / d
                rel = PurePosixPath(path.relative_to(root).as_posix())
                if path.is_symlink():
                    found.append((path, rel, "is a link to a folder, not an article file (links to folders are not followed)"))
                else:
                    folders.append((path, rel))
        if BRIEF_MARKER in filenames:  # a brief's own folder (its brief.md, summary.*.txt, edited/ copies)
            dirnames[:] = [d for d in dirnames if d not in BRIEF_KEEPS]
            users = _users_files_in_brief(here, filenames, root)
            if skipped is not None and users:
                skipped.append((here, "brief", users))
            continue
        for name in sorted(filenames):
            if not _named_like_an_article(name):
                continue
            path = here / name
            rel = PurePosixPath(path.relative_to(root).as_posix())
            if path.is_file() and path.is_symlink() and _into_output(path, excluded):
                if skipped is not None:  # a brief's own file, read back as an article: never
                    skipped.append((path, "link", [rel]))
            elif path.is_file():
                found.append((path, rel, None))
            elif path.is_symlink() and not path.exists():
                found.append((path, rel, f"is a broken symbolic link (to {os.readlink(path)}, which does not exist)"))
            else:
                found.append((path, rel, "is not a regular file"))
    for path, rel in folders:  # a folder called notes.txt is a problem only when no article is in it
        if not any(rel in r.parents for _p, r, problem in found if problem is None):
            found.append((path, rel, "is a folder, not an article file (it holds no article)"))
    return found


def _matches(rel: PurePosixPath, pattern: str) -> bool:
    """``rel`` matches ``pattern`` from the right (``*.txt``, ``2020/*``) or whole; a leading
    ``**/`` also matches no folder at all (``**/*.txt`` takes top-level files too, as in a shell
    with globstar; pathlib's ``match`` wants one folder there)."""
    if pattern.startswith("**/") and _matches(rel, pattern[3:]):
        return True
    return rel.match(pattern) or fnmatch.fnmatchcase(str(rel), pattern)


def _root_labels(roots: Sequence[str | os.PathLike]) -> list[str]:
    """With one root, no label (the output mirrors the root's inside); with several, each folder
    root's own name (``inbox``, ``2020``), made unique with ``-2``, ``-3`` in the order given."""
    if len(roots) < 2:
        return [""] * len(roots)
    labels: list[str] = []
    used: set[str] = set()
    for root in roots:
        root = Path(root)
        if root.is_file():
            labels.append("")
            continue
        base = Path(os.path.abspath(root)).name or "root"
        label, n = base, 1
        while label in used:
            n += 1
            label = f"{base}-{n}"
        used.add(label)
        labels.append(label)
    return labels


def _real(path: str | os.PathLike) -> str:
    return os.path.realpath(path)


def recorded_folders(out_root: str | os.PathLike, named: dict[str, set[str]] | None = None) -> dict[str, PurePosixPath]:
    """The folder each article already has in ``out_root``: ``{real path of the input: folder
    relative to out_root (POSIX)}``, one article per folder.

    An article's folder is the one the manifest's latest record of it names (``folder``, or an
    older record's ``output``: see ``index.record_place``; a record whose folder is not below
    ``out_root`` is left out), and a folder belongs to the article that
    was last recorded in it -- unless the folder's stamp names another input, for the stamp says
    whose brief is there now. An article the manifest does not know (a brief that ``summarize
    run`` wrote, a manifest deleted) gets the folder whose stamp names it. Inputs are compared
    by their real path (``os.path.realpath``: a manifest line's or a stamp's ``input_path``, see
    ``stamp.recorded_input``; a relative path as recorded, in an older manifest line or stamp
    that names no absolute one, is taken from the current folder). Reads the manifest and the stamps below ``out_root`` (hidden folders are not
    entered); nothing when there is neither. Never raises for what it cannot read: an unreadable
    stamp or manifest line counts as none.

    ``named``, when given, receives ``{real path of the input: the absolute paths the manifest's
    records of it name it by}`` (a link to the file, when the article was found through one; see
    :func:`assign_folders`).
    """
    out_root = Path(out_root)
    by_input: dict[str, PurePosixPath] = {}  # latest record per input
    owner: dict[PurePosixPath, str] = {}  # latest input recorded per folder
    stamps: dict = {}
    for record in read_manifest(out_root / MANIFEST_NAME):
        place = record_place(record, out_root, stamps)
        if place is None or place[0] is None:
            continue
        rel, path = place
        folder, key = PurePosixPath(rel), _real(path or record["input"])
        by_input[key] = folder
        owner[folder] = key
        if named is not None:
            named.setdefault(key, set()).add(os.path.abspath(path or record["input"]))
    stamped: dict[PurePosixPath, str] = {}
    for dirpath, dirnames, filenames in os.walk(out_root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if STAMP_NAME not in filenames:
            continue
        inp = recorded_input(read_stamp(dirpath))
        rel = Path(dirpath).relative_to(out_root).as_posix()
        if isinstance(inp, str) and rel != ".":
            stamped[PurePosixPath(rel)] = _real(inp)
    owner.update(stamped)  # the stamp names whose brief the folder holds now
    out = {key: folder for key, folder in by_input.items() if owner.get(folder) == key}
    for folder, key in sorted(stamped.items()):
        out.setdefault(key, folder)
    return out


def assign_folders(sources: Sequence[Source], out_root: str | os.PathLike,
                   recorded: dict[str, PurePosixPath] | None = None,
                   reserved: Iterable[PurePosixPath] = (),
                   named: dict[str, set[str]] | None = None) -> list[Path | InputError]:
    """The output folder of each source, in order: ``out_root/<rel's folders>/<stem>``.

    Two sources that would share a folder (``a.txt`` and ``a.md`` side by side) get
    ``<stem>-<suffix>`` instead (``a-txt``, ``a-md``); any clash left (or with the names the batch
    keeps at the top, see RESERVED_NAMES) is settled with ``-2``, ``-3`` in source order, so the
    mapping is the same on every run over the same files. Control characters in a name become
    ``_`` (``new<newline>line.txt`` -> ``new_line``; ``writers.folder.folder_name``) before
    clashes are looked for, so ``new_line.txt`` beside it still gets a folder of its own. A source whose folder is unsafe (see
    :func:`safe_folder`), or that has a ``problem``, gets an InputError instead of a path.

    ``recorded`` (see :func:`recorded_folders`; keyed by the input's real path): the folders the
    articles already have in ``out_root``. An article keeps its recorded folder over the clash
    rule, so its brief stays up to date and keeps its reviews when a newcomer would share its
    name: ``a.txt`` briefed into ``a/``, then ``a.md`` added, gives ``a/`` and ``a-md/`` (not
    ``a-txt/`` and ``a-md/``); and when the roots change: ``r1/a.txt`` briefed by ``batch r1``
    into ``a/`` stays there under ``batch r1 r2`` (not ``r1/a/``), and so with roots given in
    another order (labels ``news``, ``news-2`` swapped) or one left out. It is kept only when
    the naming could have given it to that source with some choice of roots: one of the names
    the clash rule can give it (``<stem>``, ``<stem>-<suffix>``, either with ``-N``), in a
    folder that mirrors the last folders of the file's own path, the first of them with a root
    label's ``-N`` (see :func:`_mirrors_its_place`). A folder recorded for an article that
    still exists but does not keep it (not among ``sources``, as in a run narrowed with
    ``--glob``, or recorded under a name it cannot keep) is not given to another: a source that
    would take it, or a folder another source keeps, is settled as a clash.

    ``reserved``: more paths (relative to ``out_root``) no article folder may take, settled as a
    clash like RESERVED_NAMES at the top: the files of a nested batch's output root (see
    :func:`nested_batch_files`).

    ``named`` (filled by :func:`recorded_folders`): the paths each article was recorded under. A
    folder is kept too when the naming could have given it to another name of the same file: a
    folder given through a symbolic link to it (``r/a/link.txt`` -> ``r/b/x.txt``: ``a/link/``)
    is kept by the file itself (``batch r/b`` finds that brief up to date instead of making a
    second one in ``x/``), as long as the link still leads to the file; one given to the file
    (``b/x/``) is kept when a batch finds only the link (``batch r/a``).
    """
    recorded = recorded or {}
    named = named or {}
    wanted = [_candidate(s.rel) for s in sources]
    counts: dict[PurePosixPath, int] = {}
    for src, w in zip(sources, wanted):
        if src.problem is None:
            counts[w] = counts.get(w, 0) + 1
    used: set[str] = set(RESERVED_NAMES) | {str(p).casefold() for p in reserved}
    kept: dict[int, PurePosixPath] = {}
    keys = [_real(s.path) for s in sources]
    for i, (src, w, key) in enumerate(zip(sources, wanted, keys)):
        folder = recorded.get(key)
        if src.problem is None and folder is not None and str(folder).casefold() not in used \
                and (_may_keep(folder, w, src) or any(_kept_by_another_name(folder, name, key) for name in sorted({key, *named.get(key, ())}))):
            kept[i] = folder
            used.add(str(folder).casefold())
    keeping = {keys[i] for i in kept}
    held = {str(f).casefold() for k, f in recorded.items() if k not in keeping and os.path.lexists(k)}
    used |= held
    out: list[Path | InputError] = []
    for i, (src, w) in enumerate(zip(sources, wanted)):
        if src.problem is not None:  # not an article: it takes no folder
            out.append(InputError(str(src.path), src.problem))
            continue
        if i in kept:
            w = kept[i]
        else:
            if counts[w] > 1 or str(w).casefold() in held:
                suffix = src.rel.suffix.lower().lstrip(".")
                w = w.with_name(f"{w.name}-{suffix}" if suffix else w.name)
            base, n = w, 1
            while str(w).casefold() in used:
                n += 1
                w = base.with_name(f"{base.name}-{n}")
            used.add(str(w).casefold())
        try:
            out.append(safe_folder(out_root, w))
        except InputError as exc:
            out.append(InputError(str(src.path), exc.problem))
    return out


def problem_folders(sources: Sequence[Source], folders: Sequence[Path | InputError], out_root: str | os.PathLike,
                    recorded: dict[str, PurePosixPath] | None = None) -> dict[int, Path]:
    """The folder each source with a ``problem`` had before, ``{index in sources: path}``: its
    recorded folder (``recorded``, see :func:`recorded_folders`; keyed by the input's real path,
    which for a broken symbolic link is the path it points to), when no article of this run was
    given that folder (``folders``, from :func:`assign_folders`) and it is safe (see
    :func:`safe_folder`). Such a source is still no article (it keeps its InputError and briefs
    nothing); the folder only lets the batch record where its earlier brief is, so the index
    keeps the link to it as ``failed (earlier brief kept)`` (``index.kept_brief``) -- an article
    whose link broke, or whose file became a folder. Never raises."""
    recorded = recorded or {}
    taken = {str(f).casefold() for f in folders if isinstance(f, Path)}
    out: dict[int, Path] = {}
    for i, src in enumerate(sources):
        folder = recorded.get(_real(src.path)) if src.problem is not None else None
        if folder is None:
            continue
        try:
            path = safe_folder(out_root, folder)
        except InputError:
            continue
        if str(path).casefold() not in taken:
            out[i] = path
            taken.add(str(path).casefold())
    return out


def _may_keep(folder: PurePosixPath, wanted: PurePosixPath, src: Source) -> bool:
    """Whether ``folder`` is a name the clash rule of :func:`assign_folders` can give ``src``,
    whose plain folder is ``wanted``, with some choice of roots: ``wanted``'s name or
    ``<that>-<suffix>``, either with ``-N`` (N >= 2), in a place :func:`_mirrors_its_place`
    allows."""
    if not _mirrors_its_place(folder.parent, src.path):
        return False
    suffix = src.rel.suffix.lower().lstrip(".")
    for base in {wanted.name, f"{wanted.name}-{suffix}" if suffix else wanted.name}:
        rest = folder.name[len(base):] if folder.name.startswith(base) else None
        if rest == "" or (rest is not None and rest.startswith("-") and _is_count(rest[1:])):
            return True
    return False


def _kept_by_another_name(folder: PurePosixPath, name: str, key: str) -> bool:
    """Whether ``folder`` is a name the clash rule could give the article under ``name`` (the
    file's real path ``key`` itself, or an absolute path it was recorded under, see
    :func:`recorded_folders`), when that still leads to the article's file."""
    if _real(name) != key:
        return False
    path = Path(name)
    rel = PurePosixPath(path.name)
    return _may_keep(folder, _candidate(rel), Source(path, rel))


def _mirrors_its_place(parent: PurePosixPath, path: Path) -> bool:
    """Whether ``parent`` (relative to the output root, POSIX) is where the naming puts the folder
    of the article at ``path`` with some choice of roots: nothing (a file given as a root, or one
    directly in a single root), or the last folders of ``path`` (absolute, each as
    ``folder_name`` writes it: ``2020``, ``inbox/2020``), the first of them a root's label, so
    it may carry a ``-N`` (``news-2/2020``; see ``_root_labels``)."""
    want = parent.parts
    if not want:
        return True
    dirs = [folder_name(part) for part in Path(os.path.abspath(path)).parent.parts[1:]]
    if len(want) > len(dirs):
        return False
    tail = dirs[len(dirs) - len(want):]
    if list(want[1:]) != tail[1:]:
        return False
    first, label = want[0], tail[0]
    return first == label or (first.startswith(label + "-") and _is_count(first[len(label) + 1:]))


def _is_count(text: str) -> bool:
    """``text`` is a ``-N`` suffix's number as the clash rule writes it: 2 or more, no leading zero."""
    return text.isascii() and text.isdigit() and text == str(int(text)) and int(text) >= 2


def _candidate(rel: PurePosixPath) -> PurePosixPath:
    """``rel`` without its suffix, control characters in every part replaced (``folder_name``);
    a stem of dots only that the suffix leaves (``..txt`` -> ``.``) made of as many ``_``, as
    ``reading.source.article_stem`` makes it (a folder part ``..`` stays, for ``safe_folder`` to
    refuse)."""
    stem = rel.stem or rel.name or "article"
    if rel.suffix and not stem.strip("."):
        stem = "_" * len(stem)
    out = rel.with_name(stem) if rel.name else PurePosixPath(stem)
    return PurePosixPath(*(folder_name(part) for part in out.parts))
