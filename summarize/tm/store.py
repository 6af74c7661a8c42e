"""The translation memory in one SQLite file (standard library ``sqlite3``).

One row per (normalised source, source NLLB code, target NLLB code): the latest approved or
edited translation of that sentence. The file is opened in WAL mode with a busy timeout, so that
batch workers (threads, processes, Ray workers on one machine) can read while one writes, and
writers queue instead of failing (SQLite's documented WAL behaviour: readers never block the
writer, one writer at a time). A connection is opened per call and closed after it, so a
``SqliteTM`` can be shared by threads and pickled to workers.

A lookup on a file that does not exist returns no matches and creates nothing; the file and its
folder are made on the first write.
"""

from __future__ import annotations

import os
import sqlite3
import time
import unicodedata
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Protocol, Sequence

from ..errors import ConfigError

ENV_VAR = "SUMMARIZE_TM"
SCHEMA_VERSION = 1
#: Seconds a writer waits for another writer's lock before giving up (sqlite3's ``timeout``).
BUSY_TIMEOUT_S = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    source_key  TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    status      TEXT NOT NULL,
    origin      TEXT,
    by          TEXT,
    at          TEXT,
    PRIMARY KEY (source_key, source_lang, target_lang)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


class TranslationMemory(Protocol):
    """What the pipeline needs of a translation memory."""

    def lookup(self, sources: Sequence[str], source_lang: str, target_lang: str) -> list[str | None]:
        """Per source segment, the stored target text of an exact match, else None.
        ``source_lang`` and ``target_lang`` are NLLB codes (``eng_Latn``, ``urd_Arab``)."""
        ...


@dataclass(frozen=True)
class TMEntry:
    """One stored translation. ``source_lang``/``target_lang`` are NLLB codes; ``status`` is
    ``approved`` or ``edited``; ``origin`` says where it came from (``review:<brief id>``,
    ``tmx:<file name>``); ``by`` and ``at`` (ISO-8601) as the review recorded them."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    status: str = "approved"
    origin: str | None = None
    by: str | None = None
    at: str | None = None


@dataclass(frozen=True)
class StoreCounts:
    """What :meth:`SqliteTM.store` did with the entries it was given: ``added`` (new in the
    memory), ``updated`` (replaced a stored entry of the same source and language pair that
    differed) and ``unchanged`` (already in the memory as they are)."""

    added: int
    updated: int
    unchanged: int

    @property
    def stored(self) -> int:
        """Entries that changed the memory: ``added + updated``."""
        return self.added + self.updated


def same_time(a: str | None, b: str | None) -> bool:
    """Whether two ISO-8601 times (``at``) name the same second: ``2026-12-01T20:39:55.010Z`` and
    ``2026-12-01T20:39:55Z`` do (a TMX date keeps no fraction). Text that is not ISO-8601 is
    compared as it is; None equals only None."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    from datetime import datetime, timezone

    try:
        x, y = (datetime.fromisoformat(t.replace("Z", "+00:00")) for t in (a, b))
    except ValueError:
        return False
    x, y = (t.replace(tzinfo=t.tzinfo or timezone.utc).replace(microsecond=0) for t in (x, y))
    return x == y


def normalize_source(text: str) -> str:
    """The key an exact match compares: Unicode NFC, runs of white space as one space, stripped.
    Case, punctuation and digits count."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def tm_path(option: str | os.PathLike | None = None, env: Mapping[str, str] | None = None) -> Path:
    """Where the translation memory lives: ``option`` (``--tm PATH``), else ``$SUMMARIZE_TM``,
    else ``$XDG_DATA_HOME/summarize/tm.sqlite`` (``$XDG_DATA_HOME`` defaulting to
    ``~/.local/share``, as the XDG Base Directory specification says). ``env``: the environment
    to read them from (default ``os.environ``).

    Raises:
        ConfigError: the path given is empty, or names a folder.
    """
    return locate_tm(option, env)[0]


def locate_tm(option: str | os.PathLike | None = None,
              env: Mapping[str, str] | None = None, *, option_name: str = "--tm",
              off: str = "--no-tm") -> tuple[Path, str | None]:
    """``(path, named_by)``: the path as :func:`tm_path` finds it, and what named it (``--tm``,
    ``$SUMMARIZE_TM``; None for the default under ``$XDG_DATA_HOME``), for error messages.
    ``option_name`` and ``off`` are how messages name the option and the way to use no memory
    (the CLI's ``--tm`` and ``--no-tm``; the library's ``tm=`` and ``no_tm=True``).

    Raises:
        ConfigError: as :func:`tm_path`, naming the option or the variable the value came from.
    """
    env = os.environ if env is None else env
    if option is not None:
        raw, name = str(option), option_name
    elif env.get(ENV_VAR) is not None:
        raw, name = env[ENV_VAR], f"${ENV_VAR}"
    else:
        data_home = env.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
        return Path(data_home) / "summarize" / "tm.sqlite", None
    if not raw.strip():
        raise ConfigError(name, f"is empty; give the translation memory's file, or use {off}")
    path = Path(raw).expanduser()
    if path.is_dir():
        raise ConfigError(name, f"{path} is a folder; give a file such as {path / 'tm.sqlite'}")
    return path, name


def _prepare(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode and create the tables, retrying while another process holds the
    lock. Switching to WAL needs an exclusive lock, and SQLite does not call its busy handler for
    that (https://sqlite.org/wal.html, "persistence of WAL mode"), so several batch workers that
    open a new memory at once would otherwise fail with "database is locked". WAL mode persists in
    the file, so it is switched only when the file is not in WAL mode yet.

    Raises:
        sqlite3.OperationalError: still locked after ``BUSY_TIMEOUT_S`` seconds, or any other error.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class SqliteTM:
    """The translation memory in the SQLite file ``path`` (see the module docstring).

    ``named_by``: where the path came from (``--tm``, ``$SUMMARIZE_TM``), named first in an
    error; None: the error names the file alone.

    Raises (from any method): ``sqlite3.DatabaseError`` subclasses re-raised as ConfigError naming
    the file (and ``named_by``) when it is not a translation memory.
    """

    def __init__(self, path: str | os.PathLike, *, named_by: str | None = None):
        self.path = Path(path)
        self.named_by = named_by

    def _error(self, problem: str) -> ConfigError:
        """ConfigError ``<named_by>: <path> <problem>``, or ``<path>: <problem>; ...`` without ``named_by``."""
        if self.named_by:
            return ConfigError(self.named_by, f"{self.path} {problem}")
        return ConfigError(str(self.path), f"{problem}; give another file with --tm PATH, or use --no-tm")

    def __repr__(self) -> str:
        return f"SqliteTM({str(self.path)!r})"

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)) as conn:
                if write:
                    _prepare(conn)
                yield conn
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            raise self._error(f"is not a translation memory ({exc})") from None

    def check(self) -> None:
        """Raise ConfigError now, naming the file, when it exists and is not a translation memory
        (so that a run fails before any work, not in the middle of a batch)."""
        if self.path.exists():
            if not self.path.is_file():
                raise self._error("is not a file")
            with self._connect(write=False) as conn:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()

    def lookup(self, sources: Sequence[str], source_lang: str, target_lang: str) -> list[str | None]:
        """See ``TranslationMemory.lookup``. A missing file gives all None and is not created."""
        out: list[str | None] = [None] * len(sources)
        if not sources or not self.path.is_file():
            return out
        keys = [normalize_source(s) for s in sources]
        with self._connect(write=False) as conn:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name='entries'").fetchone():
                return out
            found: dict[str, str] = {}
            unique = list(dict.fromkeys(k for k in keys if k))
            for start in range(0, len(unique), 500):  # stay under SQLite's bound-parameter limit
                chunk = unique[start:start + 500]
                rows = conn.execute(
                    f"SELECT source_key, target FROM entries WHERE source_lang=? AND target_lang=? "
                    f"AND source_key IN ({','.join('?' * len(chunk))})", (source_lang, target_lang, *chunk))
                found.update(rows.fetchall())
        return [found.get(k) if k else None for k in keys]

    def has_pair(self, source_lang: str, target_lang: str) -> bool:
        """Whether the memory holds any translation from ``source_lang`` into ``target_lang``
        (NLLB codes): whether it may stand in for that pair's translator at all. A missing file
        holds none and is not created."""
        if not self.path.is_file():
            return False
        with self._connect(write=False) as conn:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name='entries'").fetchone():
                return False
            return conn.execute("SELECT 1 FROM entries WHERE source_lang=? AND target_lang=? LIMIT 1",
                                (source_lang, target_lang)).fetchone() is not None

    def add(self, entries: Iterable[TMEntry]) -> int:
        """Store ``entries`` (see :meth:`store`). Returns how many rows changed (new or updated)."""
        return self.store(entries).stored

    def store(self, entries: Iterable[TMEntry]) -> "StoreCounts":
        """Store ``entries`` in one transaction: an entry replaces the stored one of the same key
        (normalised source and language pair) when its target, status or ``by`` differ, or its
        ``at`` names another second (:func:`same_time`: TMX dates have no fractions of a second,
        so a memory's export imported back changes nothing). An entry with the stored target and
        status that says neither who nor when (``by`` and ``at`` None: a client's TMX, a brief's
        TMX written before it carried ``changeid``) is already in the memory: it never erases a
        known ``by``/``at`` nor the stored ``origin``. Entries with an empty source or
        target are left out (and counted nowhere). Returns how many entries were added, updated
        and already there (a second entry of the same key within ``entries`` meets the first)."""
        rows = [(normalize_source(e.source), e.source_lang, e.target_lang, e.source, e.target, e.status, e.origin,
                 e.by, e.at) for e in entries if e.source.strip() and e.target.strip()]
        if not rows:
            return StoreCounts(0, 0, 0)
        added = updated = 0
        with self._connect(write=True) as conn:
            with conn:
                for row in rows:
                    key = row[:3]
                    old = conn.execute("SELECT target, status, by, at FROM entries WHERE source_key=? AND source_lang=? "
                                       "AND target_lang=?", key).fetchone()
                    if old is None:
                        conn.execute("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)", row)
                        added += 1
                    elif tuple(old[:2]) == (row[4], row[5]) and row[7] is None and row[8] is None:
                        pass  # the same text and status, saying neither who nor when: the stored attribution stays
                    elif tuple(old[:3]) != (row[4], row[5], row[7]) or not same_time(old[3], row[8]):
                        conn.execute("UPDATE entries SET source=?, target=?, status=?, origin=?, by=?, at=? "
                                     "WHERE source_key=? AND source_lang=? AND target_lang=?", (*row[3:], *key))
                        updated += 1
        return StoreCounts(added, updated, len(rows) - added - updated)

    def forget(self, pairs: Iterable[tuple[str, str, str, str]]) -> int:
        """Remove the stored translations a reviewer rejected: each pair is ``(source, source_lang,
        target_lang, target)`` (NLLB codes); the entry of that source and language pair goes only
        when its target is that text (another translation of the sentence stays). One
        transaction; a missing file is not created. Returns how many entries went."""
        rows = [(normalize_source(src), sl, tl, tgt) for src, sl, tl, tgt in pairs if src.strip() and tgt.strip()]
        if not rows or not self.path.is_file():
            return 0
        with self._connect(write=True) as conn:
            with conn:
                before = conn.total_changes
                conn.executemany("DELETE FROM entries WHERE source_key=? AND source_lang=? AND target_lang=? AND target=?", rows)
                return conn.total_changes - before

    def withdraw(self, entries: Iterable[TMEntry]) -> int:
        """Remove what a review put in the memory and has since taken back (Undo on the page):
        the stored entry of each entry's source and language pair goes only when it is that
        entry as stored, same ``target``, ``status``, ``origin`` and ``by``, and ``at`` naming the
        same second (:func:`same_time`). An entry another brief, another review or a TMX import
        has stored since (another origin, another who or when) stays. One transaction; a missing
        file is not created. Returns how many entries went."""
        rows = [e for e in entries if e.source.strip() and e.target.strip()]
        if not rows or not self.path.is_file():
            return 0
        gone = 0
        with self._connect(write=True) as conn:
            with conn:
                for e in rows:
                    key = (normalize_source(e.source), e.source_lang, e.target_lang)
                    old = conn.execute("SELECT target, status, origin, by, at FROM entries WHERE source_key=? "
                                       "AND source_lang=? AND target_lang=?", key).fetchone()
                    if old is not None and tuple(old[:4]) == (e.target, e.status, e.origin, e.by) \
                            and same_time(old[4], e.at):
                        conn.execute("DELETE FROM entries WHERE source_key=? AND source_lang=? AND target_lang=?", key)
                        gone += 1
        return gone

    def entries(self) -> list[TMEntry]:
        """Every stored entry, ordered by language pair and source."""
        if not self.path.is_file():
            return []
        with self._connect(write=False) as conn:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name='entries'").fetchone():
                return []
            rows = conn.execute("SELECT source, target, source_lang, target_lang, status, origin, by, at FROM entries "
                                "ORDER BY source_lang, target_lang, source_key").fetchall()
        return [TMEntry(*r) for r in rows]

    def stats(self) -> dict:
        """``{"path", "exists", "bytes", "entries", "pairs": {"eng_Latn->urd_Arab": {status: n}}}``."""
        pairs: dict[str, dict[str, int]] = {}
        for e in self.entries():
            by_status = pairs.setdefault(f"{e.source_lang}->{e.target_lang}", {})
            by_status[e.status] = by_status.get(e.status, 0) + 1
        exists = self.path.is_file()
        return {"path": str(self.path), "exists": exists, "bytes": self.path.stat().st_size if exists else 0,
                "entries": sum(sum(v.values()) for v in pairs.values()), "pairs": pairs}


def open_tm(path: str | os.PathLike | None = None, *, enabled: bool = True,
            env: Mapping[str, str] | None = None, option_name: str = "--tm",
            off: str = "--no-tm") -> SqliteTM | None:
    """The translation memory to use: None when ``enabled`` is False (``--no-tm``), else the
    ``SqliteTM`` at ``tm_path(path, env)``, checked (``SqliteTM.check``); creates nothing.
    ``option_name``/``off``: how messages name the option (see :func:`locate_tm`).

    Raises:
        ConfigError: the path is empty or a folder, or the file is not a translation memory.
    """
    if not enabled:
        return None
    where, named_by = locate_tm(path, env, option_name=option_name, off=off)
    tm = SqliteTM(where, named_by=named_by)
    tm.check()
    return tm
