"""Read an article from a file, stdin or a URL into an :class:`~summarize.brief.Article`.

What happens, in order:

1. **Get bytes.** A path (``.txt``, ``.md``/``.markdown``, ``.html``/``.htm``), ``-`` for stdin,
   or an ``http(s)://`` URL fetched with ``trafilatura.fetch_url``. Inputs larger than
   ``max_bytes`` (default :data:`DEFAULT_MAX_BYTES`, 5 MB) are refused before they are read in
   full. Input files are opened read-only and never modified.
2. **Refuse what is not text.** Empty input, known binary formats (PDF, PNG, JPEG, GIF, ZIP/DOCX,
   ...; recognised by their magic bytes whatever the file is called), and NUL bytes outside
   UTF-16.
3. **Decode**, stopping at the first success: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32),
   the ``<meta charset>`` of an HTML page, UTF-16 without BOM (only when the NUL pattern says
   so), strict UTF-8, Windows-1252 (a superset of Latin-1 for text; reported as ``iso-8859-1``
   when no byte in 0x80-0x9F occurs) if the result is not garbled, and finally
   charset-normalizer's best guess if it is confident (low chaos, a recognised language).
   Anything else is refused: we never hand on mojibake.
4. **Normalise** (:func:`normalize_text`): line endings to ``\\n``, zero-width and bidi control
   characters and other control characters (except ``\\n`` and ``\\t``) dropped, odd spaces to
   plain spaces, Unicode NFC.
5. **Structure** by format: paragraphs, the title, the dateline (``ISLAMABAD:``), and metadata.

Every problem with the input raises :class:`~summarize.errors.InputError` with a one-line message
naming the input and what is wrong.

``Article.metadata`` always has ``format`` (``txt``/``md``/``html``), ``encoding``, ``sha256``
(hex digest of the raw input bytes), ``bytes`` (their count) and ``paragraph_lines`` (for each
paragraph, the 0-based line of the decoded, normalised input where it starts; for HTML, the line
in the text trafilatura extracted); ``author``, ``date``, ``url``, ``agency`` and ``description`` when found.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlparse

from .brief import Article
from .errors import InputError

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
"""File suffixes read_article accepts (case-insensitive), unless ``fmt`` is given."""

DEFAULT_MAX_BYTES = 5_000_000
"""The largest input accepted, in bytes (5 MB): far more than any news article (a long one is
50 KB of text, a saved page with its markup a few hundred KB), small enough to refuse a log file
or a data dump before the pipeline spends minutes on it. Pass ``max_bytes`` to change it."""

_SUFFIX_FORMAT = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
_FMT_ALIASES = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "html": "html", "htm": "html"}

_TITLE_MAX_WORDS = 20
_TITLE_MAX_CHARS = 200
_DATELINE_SCAN = 5  # the dateline is looked for in the first this-many paragraphs after the title
_DATELINE_MAX_CHARS = 120  # a dateline (places, date, agency, colon) is never longer than this
_SENTENCE_END = re.compile(r"[.:,;…]$|[.:,;!?…][\"'”’)\]»]+$")
# "(CNN)", "Washington (CNN)", "(The Hollywood Reporter)" right before the first word: a source tag.
_SOURCE_TAG = re.compile(r"(?:[A-Z][\w.'’-]*(?:,? [A-Z][\w.'’-]*){0,4} )?\([A-Z][\w.&'’ -]{1,40}\)\s*(?:--\s*)?(?=[\"'“‘A-Z0-9])")
# A first line that is only a place, "New Delhi, India" or "Kabul, Afghanistan": a dateline on a
# line of its own, never the title.
_PLACE_LINE = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}")


# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def read_article(
    source: str | os.PathLike,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    fmt: str | None = None,
) -> Article:
    """Read one article into an :class:`Article` (not yet cleaned of boilerplate).

    Args:
        source: a file path; ``-`` for standard input (bytes read from ``stdin``, or
            ``sys.stdin.buffer`` when ``stdin`` is None; HTML if the content looks like HTML,
            else text); or an ``http://``/``https://`` URL, fetched with trafilatura.
        max_bytes: the size limit in bytes (default 5 MB); larger inputs are refused.
        stdin: a binary stream to read when ``source`` is ``-`` (tests pass ``io.BytesIO``).
        fmt: force the format: ``txt``/``text``, ``md``/``markdown`` or ``html``/``htm``. Given,
            it also lets a file with another suffix through.

    Returns:
        An Article: ``paragraphs`` (the body, one string per paragraph, no title or dateline),
        ``title`` and ``dateline`` when found, ``stem`` (the file stem; ``stdin`` for ``-``; a slug
        of the URL's last path part), and ``metadata`` (see the module docstring).

    Raises:
        InputError: missing path, a directory, an unsupported suffix, an unknown ``fmt``, an empty
            or whitespace-only input, a binary file (PDF, image, archive, NUL bytes), undecodable
            bytes, input over ``max_bytes``, an unreadable file, a URL that cannot be fetched, or a
            page with no text. The message is one line: ``<source>: <problem>``.
    """
    name = os.fsdecode(source) if isinstance(source, (bytes, os.PathLike)) else str(source)
    forced = _check_fmt(name, fmt)
    extra: dict[str, Any] = {}
    if name == "-":
        data = _read_stream(name, stdin, max_bytes)
        stem = "stdin"
    elif is_url(name):
        data = _fetch_url(name, max_bytes)
        stem = _url_stem(name)
        extra["url"] = name
    else:
        data, stem, suffix_fmt = _read_path(name, max_bytes, forced is not None)
        forced = forced or suffix_fmt
    return parse_bytes(data, source=name, stem=stem, fmt=forced, metadata=extra)


def parse_bytes(
    data: bytes,
    *,
    source: str,
    stem: str,
    fmt: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Article:
    """Turn raw input bytes into an Article: checks, decoding, normalising, structure.

    ``fmt`` is ``txt``, ``md`` or ``html`` (aliases as in :func:`read_article`); None guesses
    HTML or text from the content. ``source`` and ``stem`` go into the Article as they are;
    ``metadata`` is merged into the Article's metadata.

    Raises:
        InputError: an unknown ``fmt``, or the input is empty, binary, undecodable,
            whitespace-only, or has no text.
    """
    fmt = _check_fmt(source, fmt)
    if not data:
        raise InputError(source, "is empty (0 bytes); nothing to summarise")
    _refuse_binary(source, data)
    if fmt is None:
        fmt = "html" if _looks_like_html(data) else "txt"
    text, encoding = _decode(source, data, html=fmt == "html")
    text = normalize_text(text)
    if not text.strip():
        raise InputError(source, "contains only whitespace (or invisible characters); no text to summarise")
    meta: dict[str, Any] = {
        "format": fmt,
        "encoding": encoding,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
    }
    meta.update(metadata or {})
    if fmt == "html":
        paras, title, found = _parse_html(source, text)
        meta.update(found)
        return _assemble(paras, source=source, stem=stem, title=title, metadata=meta)
    if fmt == "md":
        paras, title, found = _parse_markdown(text)
        meta.update(found)
        return _assemble(paras, source=source, stem=stem, title=title, metadata=meta)
    return _assemble(_parse_text(text), source=source, stem=stem, title=None, metadata=meta)


def parse_text(text: str, *, source: str = "<text>", stem: str = "text", fmt: str = "txt") -> Article:
    """Build an Article from a string already in memory (handy for tests and the library API).

    The string is encoded as UTF-8 and goes through :func:`parse_bytes`, so the Article is
    exactly what reading a UTF-8 file with that content would give.

    Raises:
        InputError: as :func:`parse_bytes` (e.g. an empty or whitespace-only string).
    """
    return parse_bytes(text.encode("utf-8"), source=source, stem=stem, fmt=fmt)


# --------------------------------------------------------------------------------------------
# Getting the bytes
# --------------------------------------------------------------------------------------------


def _check_fmt(source: str, fmt: str | None) -> str | None:
    if fmt is None:
        return None
    key = fmt.lower().lstrip(".")
    if key not in _FMT_ALIASES:
        raise InputError(source, f"unknown format {fmt!r}; use one of: txt, md, html")
    return _FMT_ALIASES[key]


def _bytes_text(n: int) -> str:
    return f"{n:,} byte{'s' * (n != 1)}"


def _limit_text(max_bytes: int) -> str:
    """``5 MB (5,000,000 bytes)``; ``10 bytes`` under a megabyte (not ``1e-05 MB``)."""
    return f"{max_bytes / 1_000_000:g} MB ({max_bytes:,} bytes)" if max_bytes >= 1_000_000 else _bytes_text(max_bytes)


def _too_large(source: str, size: int | None, max_bytes: int) -> InputError:
    shown = (f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else _bytes_text(size)) if size is not None else None
    what = f"is {shown}, over" if shown else "is over"
    return InputError(
        source,
        f"{what} the size limit of {_limit_text(max_bytes)}; "
        "raise it with --max-bytes if this really is one article",
    )


def _read_stream(source: str, stream: BinaryIO | None, max_bytes: int) -> bytes:
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text-only stand-in for stdin (some test runners, embedded use)
            text = sys.stdin.read() if sys.stdin is not None else ""
            data = text.encode("utf-8")
            if len(data) > max_bytes:
                raise _too_large(source, len(data), max_bytes)
            return data
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(source, f"cannot read standard input: {exc.strerror or exc}") from None
    if isinstance(data, str):  # a text stream passed by mistake: take its text as UTF-8
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise _too_large(source, None, max_bytes)
    return data


def _read_path(name: str, max_bytes: int, forced: bool) -> tuple[bytes, str, str | None]:
    path = Path(name)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except NotADirectoryError:
        raise InputError(name, "no such file (a part of the path is not a folder)") from None
    except OSError as exc:
        raise InputError(name, f"cannot read the file: {exc.strerror or exc}") from None
    if path.is_dir():
        raise InputError(name, "is a directory, not an article file; give the path of a .txt, .md or .html file")
    if not stat.S_ISREG(st.st_mode):  # a named pipe would block the read for ever; a device never ends
        raise InputError(name, "is not a regular file (a pipe, socket or device); give the path of a .txt, .md or .html file, or '-' for standard input")
    suffix = path.suffix.lower()
    suffix_fmt = _SUFFIX_FORMAT.get(suffix)
    if suffix_fmt is None and not forced:
        shown = f"'{path.suffix}'" if path.suffix else "(no suffix)"
        raise InputError(
            name,
            f"unsupported file type {shown}; supported formats: {', '.join(SUPPORTED_SUFFIXES)} "
            "(or '-' for standard input)",
        )
    if st.st_size > max_bytes:
        raise _too_large(name, st.st_size, max_bytes)
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(name, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew since stat, or a special file
        raise _too_large(name, None, max_bytes)
    return data, path.stem or "article", suffix_fmt


def is_url(name: str) -> bool:
    """True when ``name`` is an ``http://`` or ``https://`` address."""
    return bool(re.match(r"(?i)https?://", name))


def _url_stem(url: str) -> str:
    parsed = urlparse(url)
    parts = [p for p in parsed.path.split("/") if p]
    last = parts[-1] if parts else ""
    last = re.sub(r"(?i)\.(s?html?|php|aspx?|jsp)$", "", last)
    slug = re.sub(r"[^a-z0-9]+", "-", last.lower()).strip("-")
    if not slug or slug.isdigit() and len(parts) > 1:
        # e.g. /news/1585139/ -> keep the number but add the part before it when it says more
        prev = re.sub(r"[^a-z0-9]+", "-", (parts[-2] if len(parts) > 1 else "").lower()).strip("-")
        slug = "-".join(p for p in (prev, slug) if p)
    if not slug:
        slug = re.sub(r"[^a-z0-9]+", "-", (parsed.hostname or "page").lower()).strip("-")
    return slug[:80].strip("-") or "page"


def _fetch_url(url: str, max_bytes: int) -> bytes:
    try:
        import trafilatura

        page = trafilatura.fetch_url(url)
    except Exception as exc:  # trafilatura/urllib3 raise many kinds; all mean "no page"
        page = None
        why = f" ({type(exc).__name__})"
    else:
        why = ""
    if not page:
        raise InputError(
            url,
            f"cannot fetch the page (no network?){why}; save the page as .html and pass the file instead",
        )
    data = page.encode("utf-8") if isinstance(page, str) else bytes(page)
    if len(data) > max_bytes:
        raise _too_large(url, len(data), max_bytes)
    return data


# --------------------------------------------------------------------------------------------
# Binary detection and decoding
# --------------------------------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/ODT/EPUB)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (DOC/XLS)"),
    (b"{\\rtf", "RTF document"),
    (b"\x7fELF", "executable (ELF)"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"OggS", "Ogg audio/video"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32-be"),
    (b"\xff\xfe", "utf-16", "utf-16-le"),
    (b"\xfe\xff", "utf-16", "utf-16-be"),
)


def _refuse_binary(source: str, data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(
                source,
                f"looks like {'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind} file (binary), not text; save the article as .txt, .md or .html",
            )
    if data[4:8] == b"ftyp" or (data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI ")):
        raise InputError(source, "looks like a media (binary) file, not text; save the article as .txt, .md or .html")
    if b"\x00" in data and not any(data.startswith(bom) for bom, _, _ in _BOMS) and _utf16_guess(data) is None:
        raise InputError(
            source, "looks like a binary file (it contains NUL bytes), not text; save the article as .txt, .md or .html"
        )


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2
    if odd.count(0) >= 0.6 * half and even.count(0) <= 0.05 * half:
        return "utf-16-le"
    if even.count(0) >= 0.6 * half and odd.count(0) <= 0.05 * half:
        return "utf-16-be"
    return None


_C1 = re.compile("[\x80-\x9f]")
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def _garbled(text: str) -> bool:
    """True when decoded text looks like the wrong encoding (C1 controls, unassigned or private-use
    code points, or a high charset-normalizer mess ratio)."""
    if "\ufffd" in text or _C1.search(text):
        return True
    sample = text[:20000]
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Cn", "Co", "Cs"))
    if odd:
        return True
    from charset_normalizer.md import mess_ratio

    return mess_ratio(sample, maximum_threshold=0.3) >= 0.15


def _decode(source: str, data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding name). Stops at the first success."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError:
                raise InputError(source, f"cannot decode the text: it starts with a {label} byte-order mark "
                                 f"but is not valid {label}") from None
    if html:
        m = _HTML_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii", "replace").lower()
            if declared.replace("-", "").replace("_", "").startswith(("utf16", "utf32", "ucs")):
                declared = ""  # a wide charset declared in ASCII markup is a lie (a BOM is handled above)
            try:
                text = data.decode(declared)
            except (LookupError, UnicodeDecodeError, ValueError):
                pass
            else:
                if not _garbled(text):
                    return text, declared
    guess16 = _utf16_guess(data) if b"\x00" in data else None
    if guess16:  # before UTF-8: ASCII in UTF-16 is also valid UTF-8, with NULs in between
        try:
            text = data.decode(guess16)
        except UnicodeDecodeError:
            pass
        else:
            if not _garbled(text):
                return text, guess16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if not _garbled(text):
            label = "cp1252" if re.search(rb"[\x80-\x9f]", data) else "iso-8859-1"
            return text, label
    best = _charset_normalizer_best(data)
    if best is not None:
        return best
    raise InputError(
        source,
        "cannot decode the text: it is not UTF-8, UTF-16 or Windows-1252 and no other encoding "
        "fits cleanly; save it as UTF-8",
    )


#: Label of UTF-8 text in which a few stray bytes were replaced by U+FFFD (see _mostly_utf8).
UTF8_REPLACED = "utf-8 (invalid bytes replaced)"


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text with a few stray bytes (a cp1252 ``é`` pasted into a UTF-8 file): decoded as
    UTF-8 with each invalid byte shown as U+FFFD, rather than read whole in a code page that
    turns every valid ``’`` into ``â€™``. "A few": at least one valid multi-byte character and
    no more invalid bytes than valid multi-byte characters. Returns None otherwise."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    valid_multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if valid_multibyte and bad <= valid_multibyte:
        return text, UTF8_REPLACED
    return None


def _charset_normalizer_best(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # charset-normalizer is a guesser; if it trips, we have no guess
        return None
    if best is None or best.chaos > 0.1 or best.coherence < 0.1:
        return None
    text = str(best)
    if _garbled(text):
        return None
    return text, best.encoding


# --------------------------------------------------------------------------------------------
# Normalising text
# --------------------------------------------------------------------------------------------

# Zero-width and invisible formatting characters that carry nothing for a summariser:
# ZWSP, word joiner, BOM/ZWNBSP, Mongolian vowel separator, soft hyphen, LRM/RLM, ALM,
# bidi embeddings/overrides (LRE..RLO) and isolates (LRI..PDI).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u180e\u00ad\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# ZWNJ/ZWJ shape Persian, Urdu and Indic words: kept between two non-Latin letters, else dropped.
_JOINERS = re.compile("[\u200c\u200d]")
_CONTROL = {cp: None for cp in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if cp not in (0x09, 0x0A)}
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def _nonlatin_letter(ch: str) -> bool:
    return bool(ch) and ch.isalpha() and ord(ch) > 0x24F


def _joiner(m: re.Match[str]) -> str:
    s, i, j = m.string, m.start(), m.end()
    prev = s[i - 1] if i > 0 else ""
    nxt = s[j] if j < len(s) else ""
    return m.group() if _nonlatin_letter(prev) and _nonlatin_letter(nxt) else ""


def normalize_text(text: str) -> str:
    """Normalise decoded text: ``\\r\\n``/``\\r``/NEL/LS to ``\\n`` (PS and form feed to a blank
    line), zero-width and bidi control characters dropped (ZWNJ/ZWJ kept inside non-Latin words),
    every other control character except ``\\n`` and ``\\t`` dropped, non-breaking and other
    Unicode spaces to a plain space, then Unicode NFC. Returns the new string; never raises."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u0085", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\f", "\n\n").replace("\v", "\n")
    text = _INVISIBLE.sub("", text)
    text = _JOINERS.sub(_joiner, text)
    text = text.translate(_CONTROL)
    text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------------------------
# Structure: paragraphs, title, dateline
# --------------------------------------------------------------------------------------------


@dataclass
class _Para:
    text: str
    line: int  # 0-based line in the decoded (normalised) text
    nlines: int = 1
    kind: str = "p"  # p, heading, h1, item


_END_PUNCT = re.compile(r"[.!?…:;][\"'”’)\]»]*$")


_CONTINUES = re.compile(
    r"(?:[,;(\[\-–—/&]|\b(?:the|a|an|of|and|or|but|to|in|on|at|by|for|with|from|as|that|which|who|"
    r"is|are|was|were|has|have|had|will|would|its|their|his|her|said|Mr|Mrs|Ms|Dr))$",
    re.I,
)


def _one_per_line(lines: list[tuple[int, str]]) -> bool:
    """True when a block of single-newline lines is really one paragraph per line (a copy-paste
    from a web page), not a hard-wrapped paragraph: no line break falls mid-sentence. A break is
    mid-sentence when the line does not end a sentence and either the next line starts in lower
    case or the line ends with a comma, dash, bracket, article, preposition or conjunction."""
    for (_, line), (_, nxt) in zip(lines, lines[1:]):
        if _END_PUNCT.search(line):
            continue
        if nxt[:1].islower() or _CONTINUES.search(line):
            return False
    return True


def _flush(block: list[tuple[int, str]], out: list[_Para], kind: str = "p", split_lines: bool = True) -> None:
    if not block:
        return
    if len(block) > 1 and split_lines and _one_per_line(block):
        out.extend(_Para(text, line, 1, kind) for line, text in block)
    else:
        text = " ".join(t for _, t in block)
        out.append(_Para(text, block[0][0], len(block), kind))
    block.clear()


def _parse_text(text: str) -> list[_Para]:
    """Plain text: blocks separated by blank lines; lines inside a block join with a space,
    unless the block is one paragraph per line (see :func:`_one_per_line`)."""
    out: list[_Para] = []
    block: list[tuple[int, str]] = []
    for i, raw in enumerate(text.split("\n")):
        line = " ".join(raw.split())
        if line:
            block.append((i, line))
        else:
            _flush(block, out)
    _flush(block, out)
    return out


# ---- Markdown ------------------------------------------------------------------------------

_MD_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_HR = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_ITEM = re.compile(r"^\s{0,8}(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")

_MD_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\[\]]{0,500}\]\((?:[^()\s]|\([^()\s]{0,500}\)){0,2000}(?:\s+\"[^\"]{0,300}\")?\)"), ""),  # images
    (re.compile(r"!\[[^\[\]]{0,500}\]\[[^\[\]]{0,100}\]"), ""),  # reference images
    (re.compile(r"\[([^\[\]]{1,500})\]\((?:[^()\s]|\([^()\s]{0,500}\)){0,2000}(?:\s+\"[^\"]{0,300}\")?\)"), r"\1"),  # links
    (re.compile(r"\[([^\[\]]{1,500})\]\[[^\[\]]{0,100}\]"), r"\1"),  # reference links -> text
    (re.compile(r"<((?:https?|ftp)://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"<([^@\s<>]+@[^@\s<>]+)>"), r"\1"),  # mail autolinks
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),  # *em*
    (re.compile(r"(?<![\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"), r"\1"),  # _em_
)
_MD_CODE_SPAN = re.compile(r"(?<!`)(`{1,3})([^`]{1,2000}?)\1(?!`)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|<])")
_SENTINEL = re.compile("\x00(\\d+)\x00")  # NUL never survives normalize_text, so it is free to use


def _md_inline(text: str) -> str:
    """Strip inline Markdown: images dropped, links to their text, code spans to their content,
    emphasis markers removed, inline HTML tags removed, backslash escapes resolved."""
    protected: list[str] = []

    def protect(s: str) -> str:
        protected.append(s)
        return f"\x00{len(protected) - 1}\x00"

    text = _MD_CODE_SPAN.sub(lambda m: protect(m.group(2).strip()), text)
    text = _MD_ESCAPE.sub(lambda m: protect(m.group(1)), text)
    for _ in range(2):  # twice, for nested ***bold italic***
        for pattern, repl in _MD_INLINE:
            text = pattern.sub(repl, text)
    text = _SENTINEL.sub(lambda m: protected[int(m.group(1))], text)
    return " ".join(text.split())


def _strip_html_comments(text: str) -> str:
    """Remove ``<!-- ... -->`` comments, keeping their newlines so line numbers stay right.
    An unclosed ``<!--`` is left as text. Linear time (a regex would be quadratic on ``<!--<!--``)."""
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if start < 0 or end < 0:
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos:start])
        out.append("\n" * text.count("\n", start, end))
        pos = end + 3


def _front_matter(lines: list[str]) -> tuple[int, dict[str, str]]:
    """YAML front matter (``---`` ... ``---``) at the top: returns (lines to skip, str fields)."""
    if not lines or lines[0].strip() != "---":
        return 0, {}
    for end in range(1, min(len(lines), 100)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return 0, {}
    fields: dict[str, str] = {}
    try:
        import yaml

        data = yaml.safe_load("\n".join(lines[1:end]))
    except Exception:  # malformed front matter: skip it, keep the article
        data = None
    if isinstance(data, dict):
        for key in ("title", "author", "date"):
            value = data.get(key)
            if isinstance(value, (str, int, float)) or hasattr(value, "isoformat"):
                fields[key] = " ".join(str(value).split())
    return end + 1, fields


def _parse_markdown(text: str) -> tuple[list[_Para], str | None, dict[str, Any]]:
    """Markdown to paragraphs: headings become paragraphs (a level-1 heading first of all becomes
    the title), list items and quotes become paragraphs, code blocks, images, rules, tables'
    separator rows, reference definitions, HTML comments and front matter are dropped. Indented
    (four-space) code blocks are not recognised: they are read as text."""
    text = _strip_html_comments(text)
    lines = text.split("\n")
    start, front = _front_matter(lines)
    out: list[_Para] = []
    block: list[tuple[int, str]] = []
    kind = "p"
    fence: str | None = None

    def flush() -> None:
        nonlocal kind
        if block:
            stripped = [(ln, _md_inline(t)) for ln, t in block]
            stripped = [(ln, t) for ln, t in stripped if t]
            if stripped:
                _flush(stripped, out, kind, split_lines=False)
        block.clear()
        kind = "p"

    for i in range(start, len(lines)):
        raw = lines[i]
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
            continue
        m = _MD_FENCE.match(raw)
        if m:
            flush()
            fence = m.group(1)[0] * 3
            continue
        if not raw.strip():
            flush()
            continue
        if block and kind == "p" and _MD_SETEXT.match(raw):
            # "Title\n=====" (level 1) or "Heading\n-------" (level 2) when the block is one line
            if len(block) == 1:
                kind = "h1" if raw.strip()[0] == "=" else "heading"
                flush()
                continue
        if _MD_HR.match(raw) or _MD_REFDEF.match(raw) or _MD_TABLE_SEP.match(raw):
            flush()
            continue
        m = _MD_HEADING.match(raw)
        if m:
            flush()
            heading = re.sub(r"\s+#+\s*$", "", m.group(2) or "").strip()
            if heading and heading.strip("#"):
                block.append((i, heading))
                kind = "h1" if len(m.group(1)) == 1 else "heading"
                flush()
            continue
        line = raw
        while _MD_QUOTE.match(line):
            line = _MD_QUOTE.sub("", line, count=1)
        m = _MD_ITEM.match(line)
        if m:
            flush()
            kind = "item"
            line = m.group(1)
        line = line.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            line = " ".join(c.strip() for c in line.strip("|").split("|") if c.strip())
        if line:
            block.append((i, line))
    flush()
    title = None
    if out and out[0].kind == "h1":
        title = out.pop(0).text
    elif front.get("title"):
        title = front["title"]
    meta = {k: v for k, v in front.items() if k in ("author", "date")}
    return out, title, meta


# ---- HTML ----------------------------------------------------------------------------------


def _parse_html(source: str, text: str) -> tuple[list[_Para], str | None, dict[str, Any]]:
    """HTML to paragraphs with trafilatura: the main text only (no navigation, scripts, comments,
    ads), plus title, author, date and description. Tables are left out. A fragment trafilatura
    cannot place is retried wrapped in ``<html><body>``, then read as plain page text."""
    text = _without_scripts(text)
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=False, include_images=False
        )
        body = (doc.text if doc is not None else None) or ""
        if not body.strip():
            wrapped = f"<html><body>{text}</body></html>"
            doc2 = trafilatura.bare_extraction(wrapped, include_comments=False, include_tables=False)
            body = (doc2.text if doc2 is not None else None) or trafilatura.html2txt(wrapped) or ""
    except Exception as exc:  # lxml/trafilatura on broken markup; the user gets one line
        raise InputError(source, f"cannot parse the HTML page ({type(exc).__name__}: {exc})".replace("\n", " ")) from None
    body = normalize_text(body)
    if not body.strip():
        raise InputError(source, "no article text found in the HTML page")
    meta: dict[str, Any] = {}
    title = None
    if doc is not None:
        for key in ("author", "date", "description", "sitename"):
            value = getattr(doc, key, None)
            if value:
                meta[key] = " ".join(str(value).split())
        if doc.title:
            title = " ".join(normalize_text(doc.title).split()) or None
    out: list[_Para] = []
    for i, raw in enumerate(body.split("\n")):
        line = " ".join(raw.split())
        line = re.sub(r"^[-*•]\s+", "", line)  # trafilatura writes list items as "- item"
        if line:
            out.append(_Para(line, i))
    if title and out and _same_text(out[0].text, title):
        out.pop(0)
    return out, title, meta


def _without_scripts(text: str) -> str:
    """``text`` with its ``<script>``, ``<style>`` and ``<template>`` elements removed (the text
    after each stays). trafilatura leaves them out of the body but not out of the title it takes
    from a heading: ``<h1>Floods <script>track()</script>hit</h1>`` gave the title "Floods
    track() hit". Markup lxml cannot parse is returned as it was."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return text
    found = tree.xpath("//script | //style | //template")
    if not found:
        return text
    for element in found:
        element.drop_tree()
    return lxml_html.tostring(tree, encoding="unicode")


def _same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))

    return norm(a) == norm(b)


_HTML_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--)", re.I
)
_HTML_TAGS = re.compile(rb"<(?:p|div|article|section|span|h[1-6]|br|a\s+href)[\s>/]", re.I)


def _looks_like_html(data: bytes) -> bool:
    """Content sniffing for stdin and URLs: a doctype/<html>/<head>/<body> start, or at least
    three common HTML tags in the first 8 KB."""
    head = data[:8192]
    for bom, codec, _ in _BOMS:
        if head.startswith(bom):
            try:
                head = head.decode(codec, "ignore").encode("utf-8")
            except LookupError:
                pass
            break
    return bool(_HTML_SNIFF.match(head)) or len(_HTML_TAGS.findall(head)) >= 3


# ---- title and dateline --------------------------------------------------------------------

# Place words are all-caps tokens; places are joined by single spaces or by ", " / " / " / " & ".
# ("AND" is just another place word, so no input can be split two ways: no runaway backtracking.)
_PLACE_WORD = r"[A-Z][A-Z'’.\-]*"
_PLACES = rf"{_PLACE_WORD}(?:(?:[ ]|[ ]?[,/&][ ]?){_PLACE_WORD})*"
_MONTH_DATE = r"(?:[A-Z][A-Za-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][A-Za-z]{2,8}\.?(?:,?\s+\d{4})?)"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACES})"
    rf"(?:\s*,\s*(?P<date>{_MONTH_DATE}))?"
    r"(?:\s*:(?!\d)|\s*\((?P<agency>[A-Za-z][A-Za-z .]{1,24})\)\s*(?::|[—–-](?=\s)))\s*"
)
_NOT_PLACES = frozenset(
    """NOTE UPDATE UPDATED BREAKING EXCLUSIVE WATCH READ ALSO PHOTO PHOTOS VIDEO CORRECTION
    EDITOR'S EDITOR’S EDITOR ANALYSIS OPINION COMMENT LIVE FILE SCREENGRAB ADVERTISEMENT RELATED
    SOURCE SOURCES CREDIT IMAGE WARNING DISCLAIMER SUMMARY HIGHLIGHTS TIMELINE Q A FAQ PS NB
    MORE SEE ALERT FLASH URGENT CLARIFICATION AFP AP REUTERS APP PPI INP NNI IANS PTI ANI EPA
    XINHUA ISPR""".split()
)


def find_dateline(paragraph: str) -> tuple[str, str, str | None] | None:
    """Recognise a dateline at the start of a paragraph.

    A dateline is one or more all-caps place names (``ISLAMABAD``, ``NEW YORK``,
    ``PESHAWAR / KABUL``), optionally ``, <date>`` (``, Oct 8``), then a colon (``ISLAMABAD:``)
    or a wire agency in brackets and a colon or dash (``KABUL (Reuters) -``). Words such as NOTE,
    UPDATE, PHOTO or an agency's name (AFP, REUTERS) are not places. Only the first 120
    characters are looked at. A paragraph that is only the dateline (plus punctuation) gives
    ``rest == ""``.

    Returns:
        ``(dateline, rest, agency)``: the dateline text without its colon (``"ISLAMABAD"``,
        ``"WASHINGTON, Oct 8"``), the rest of the paragraph (``""`` when the paragraph is only the
        dateline), and the agency or None. None when the paragraph does not start with one.
    """
    head = paragraph[:_DATELINE_MAX_CHARS]
    if ":" not in head and "(" not in head:
        return None
    m = _DATELINE.match(head)
    if not m:
        return None
    place = m.group("place")
    words = re.findall(r"[A-Z][A-Z'’.\-]*", place)
    if any(w.strip(".") in _NOT_PLACES for w in words) or sum(ch.isalpha() for ch in place) < 3:
        return None
    rest = paragraph[m.end():].lstrip(" -—–:")
    if not any(ch.isalnum() for ch in rest):
        rest = ""
    place = place.strip(" ,/&")
    if rest[:1].islower():
        return None  # "NATO: the alliance" in lower case is prose, not a dateline
    dateline = " ".join(place.split())
    if m.group("date"):
        dateline += ", " + " ".join(m.group("date").split())
    return dateline, rest, m.group("agency")


def _title_candidate(p: _Para) -> bool:
    text = p.text
    if p.nlines != 1 or len(text) > _TITLE_MAX_CHARS or len(text.split()) > _TITLE_MAX_WORDS:
        return False
    # A sentence, not a headline: it ends in a full stop or the like, perhaps inside quotes or
    # brackets ('"A picture of horror."'), or it opens with a source tag, as a wire story's first
    # sentence does ('(CNN)Could mobile technology turn the tide?', 'Washington (CNN)If ...').
    if (_SENTENCE_END.search(text) or _SOURCE_TAG.match(text) or find_dateline(text) is not None
            or _PLACE_LINE.fullmatch(text)):
        return False
    from .clean import match_rule  # late import: clean imports this package's siblings only

    return match_rule(text) is None


def _assemble(
    paras: list[_Para], *, source: str, stem: str, title: str | None, metadata: dict[str, Any]
) -> Article:
    paras = [p for p in paras if p.text.strip()]
    if title is None and len(paras) >= 2 and _title_candidate(paras[0]):
        title = paras.pop(0).text
    dateline = None
    if len(paras) >= 2 and paras[0].nlines == 1 and _PLACE_LINE.fullmatch(paras[0].text.strip()):
        dateline = paras.pop(0).text.strip()
    for idx, p in enumerate(paras[:_DATELINE_SCAN] if dateline is None else ()):
        found = find_dateline(p.text)
        if found:
            dateline, rest, agency = found
            if agency:
                metadata["agency"] = agency
            if rest:
                p.text = rest
            else:
                paras.pop(idx)
            break
    if not paras and not title:
        raise InputError(source, "no article text found")
    metadata["paragraph_lines"] = [p.line for p in paras]
    return Article(
        source=source,
        stem=stem,
        paragraphs=[p.text for p in paras],
        title=title,
        dateline=dateline,
        metadata=metadata,
    )
