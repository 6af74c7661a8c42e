"""Read an article from a file, stdin or a URL into an :class:`~summarize.brief.Article`.

What happens, in order:

1. **Get bytes.** A path (``.txt``, ``.md``/``.markdown``, ``.html``/``.htm``), ``-`` for stdin,
   or an ``http(s)://`` URL fetched with ``trafilatura.fetch_url``. Inputs larger than
   ``max_bytes`` (default :data:`DEFAULT_MAX_BYTES`, 5 MB) are refused before they are read in
   full. Input files are opened read-only and never modified.
2. **Refuse what is not text.** Empty input, known binary formats (PDF, PNG, JPEG, GIF, ZIP/DOCX,
   ...; recognised by their magic bytes whatever the file is called), and NUL bytes outside
   UTF-16.
3. **Decode** (:mod:`.decode`), stopping at the first success: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32),
   the ``<meta charset>`` of an HTML page, UTF-16 without BOM (only when the NUL pattern says
   so), strict UTF-8, Windows-1252 (a superset of Latin-1 for text; reported as ``iso-8859-1``
   when no byte in 0x80-0x9F occurs) if the result is not garbled, and finally
   charset-normalizer's best guess if it is confident (low chaos, a recognised language).
   UTF-8 with a few invalid bytes (at most 16, or 1 % of the bytes: ``decode.few_invalid_bytes``)
   is read as UTF-8, each invalid byte as U+FFFD, with an
   :class:`~summarize.errors.InputWarning` naming the input and the bytes replaced; more is
   another encoding (GB18030, Shift-JIS, ...), decoded by the steps after or refused.
   Anything else is refused, naming the encoding it looks like when charset-normalizer has a
   clean guess ("it looks like Shift_JIS (Japanese); save it as UTF-8"): we never hand on mojibake.
4. **Normalise** (:func:`summarize.text.normalize.normalize_text`): line endings to ``\\n``, zero-width and bidi control
   characters and other control characters (except ``\\n`` and ``\\t``) dropped, odd spaces to
   plain spaces, Unicode NFC.
5. **Structure** by format (:mod:`.structure`, :mod:`.markdown`, :mod:`.html`): paragraphs, the title, the dateline (``ISLAMABAD:``), and metadata.

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
import warnings
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlparse

from ..brief import Article
from ..errors import InputError, InputWarning, check_input_path, path_text
from ..text.normalize import normalize_text
from .decode import UTF8_REPLACED, decode, invalid_utf8_bytes, looks_like_html, refuse_binary
from .html import parse_html
from .markdown import FRONT_MATTER_SKIPPED, parse_markdown
from .structure import assemble, parse_plain, setting_lines
from .subtitles import looks_like_subtitles, subtitle_text

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
"""File suffixes whose format read_article knows (case-insensitive), and the ones ``summarize
batch`` looks for in a folder. A file with another suffix, or none, is read by its content (HTML
when it looks like an HTML page, else text), unless the suffix is one of NOT_ARTICLE_SUFFIXES."""

NOT_ARTICLE_SUFFIXES = frozenset(
    """.pdf .doc .docx .odt .rtf .epub .pages .xls .xlsx .ods .csv .tsv .ppt .pptx .odp .json .jsonl
    .xml .yaml .yml .toml .ini .py .js .ts .css .sh .c .h .cpp .java .go .rs .rb .php .sql .png .jpg
    .jpeg .gif .webp .svg .bmp .tif .tiff .heic .mp3 .wav .ogg .m4a .mp4 .mov .avi .mkv .webm .zip
    .gz .tgz .bz2 .xz .7z .rar .tar .exe .dll .so .bin .iso""".split()
)
"""Suffixes of files that are not articles (documents in formats the reader does not parse,
spreadsheets, data, code, images, audio, video, archives, programs): refused by name, without
reading them, with the supported formats in the message. Any other suffix is read by content."""

DEFAULT_MAX_BYTES = 5_000_000
"""The largest input accepted, in bytes (5 MB): far more than any news article (a long one is
50 KB of text, a saved page with its markup a few hundred KB), small enough to refuse a log file
or a data dump before the pipeline spends minutes on it. Pass ``max_bytes`` to change it."""

_SUFFIX_FORMAT = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
_FMT_ALIASES = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "html": "html", "htm": "html"}




# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def read_article(
    source: str | os.PathLike,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    fmt: str | None = None,
    max_bytes_option: str = "--max-bytes",
) -> Article:
    """Read one article into an :class:`Article` (not yet cleaned of boilerplate).

    Args:
        source: a file path; ``-`` for standard input (bytes read from ``stdin``, or
            ``sys.stdin.buffer`` when ``stdin`` is None; HTML if the content looks like HTML,
            Markdown if it starts with a ``#`` heading (:func:`looks_like_markdown`), else text); or an ``http://``/``https://`` URL, fetched with trafilatura.
        max_bytes: the size limit in bytes (default 5 MB); larger inputs are refused.
        max_bytes_option: how the refusal names the option that raises the limit (the CLI's
            ``--max-bytes``; the library's ``max_bytes=``).
        stdin: a binary stream to read when ``source`` is ``-`` (tests pass ``io.BytesIO``).
        fmt: force the format: ``txt``/``text``, ``md``/``markdown`` or ``html``/``htm``. Given,
            it also lets a file with a suffix of NOT_ARTICLE_SUFFIXES through. Not given, the
            suffix decides (SUPPORTED_SUFFIXES), and a file with another suffix or none is read
            as HTML when it looks like an HTML page, as Markdown when it starts with a ``#``
            heading, else as text. A ``.html``/``.htm`` file with no HTML in it that starts as
            Markdown does (:func:`looks_like_markdown`) is read as Markdown.

    Returns:
        An Article: ``paragraphs`` (the body, one string per paragraph, no title or dateline),
        ``title`` and ``dateline`` when found, ``stem`` (the file stem; ``stdin`` for ``-``; a slug
        of the URL's last path part), and ``metadata`` (see the module docstring).

    Raises:
        InputError: missing path, a directory, a suffix of NOT_ARTICLE_SUFFIXES, an unknown ``fmt``, an empty
            or whitespace-only input, a binary file (PDF, image, archive, NUL bytes), undecodable
            bytes, input over ``max_bytes``, an unreadable file, a URL that cannot be fetched, or a
            page with no text. The message is one line: ``<source>: <problem>``.
    """
    name = os.fsdecode(source) if isinstance(source, (bytes, os.PathLike)) else str(source)
    forced = _check_fmt(name, fmt)
    extra: dict[str, Any] = {}
    if name == "-":
        data = _read_stream(name, stdin, max_bytes, max_bytes_option)
        stem = "stdin"
        forced = forced or stream_format(data)
    elif is_url(name):
        data = _fetch_url(name, max_bytes, max_bytes_option)
        stem = _url_stem(name)
        extra["url"] = name
    else:
        data, stem, suffix_fmt = _read_path(name, max_bytes, forced is not None, max_bytes_option)
        if forced is None and suffix_fmt != "html" and looks_like_html(data, document=True):
            suffix_fmt = "html"  # a saved page called .txt or .md: its tags are not the article
        if forced is None and suffix_fmt is None and looks_like_markdown(data):
            suffix_fmt = "md"
        if forced is None and suffix_fmt == "html" and not looks_like_html(data) and looks_like_markdown(data):
            suffix_fmt = "md"  # Markdown saved as .htm: read as HTML, its "# " stayed in the title
        forced = forced or suffix_fmt or "txt"  # another suffix or none: text, as .txt is
    # a name with bytes that are not UTF-8 is recorded and shown with them as \xNN (errors.path_text)
    return parse_bytes(data, source=path_text(name), stem=path_text(stem), fmt=forced, metadata=extra)


_ATX_HEADING = re.compile(r"#{1,6}[ \t]+\S")
#: YAML front matter: a ``---`` line, ``key: value`` lines, a closing ``---`` or ``...`` line.
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(?:[\w-]+:.*\r?\n|[ \t-].*\r?\n)+(?:---|\.\.\.)[ \t]*(?:\r?\n|$)")


def looks_like_markdown(data: bytes) -> bool:
    """True when ``data`` starts (after a BOM and blank lines) with a Markdown heading line,
    ``# Title`` to ``###### Title``, or with YAML front matter (``---``, ``title: ...``, ``---``):
    how a Markdown article begins, and what a plain-text one never does (a hashtag has no space
    after ``#``). Used for standard input and for files with another suffix or none; a ``.txt``
    file is text whatever it holds."""
    head = data[:4096].decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    return bool(_ATX_HEADING.match(head) or _FRONT_MATTER.match(head))


def stream_format(data: bytes) -> str | None:
    """The format of an input with no name to go by (standard input, ``make_brief(text=...)``):
    ``"md"`` when it starts as Markdown does (:func:`looks_like_markdown`) and does not look like
    HTML, else None (:func:`parse_bytes` then reads it as HTML when it looks like HTML, else as
    text). Never raises."""
    return "md" if not looks_like_html(data) and looks_like_markdown(data) else None


#: Article metadata key: ``"srt"`` or ``"vtt"`` when the text was subtitles.
SUBTITLES = "subtitles"


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

    Warns:
        InputWarning: the input is UTF-8 with a few invalid bytes, each read as U+FFFD (encoding
            ``utf-8 (invalid bytes replaced)``; the brief notes it too): one line naming the
            input and how many bytes were replaced. Markdown front matter that is not YAML, or
            that the safe loader refuses (an alias bomb), is skipped: one line naming the input
            and why (``metadata["front_matter_skipped"]``; the brief notes it too).

    Plain text that is subtitles (SubRip or WebVTT, see :mod:`.subtitles`) is read as the words
    its cues say, without cue numbers and timings (``metadata["subtitles"]``: ``srt``/``vtt``; the
    brief notes it).
    """
    fmt = _check_fmt(source, fmt)
    if not data:
        raise InputError(source, "is empty (0 bytes); nothing to summarise")
    refuse_binary(source, data)
    if fmt is None:
        fmt = "html" if looks_like_html(data) else "txt"
    text, encoding = decode(source, data, html=fmt == "html")
    if encoding == UTF8_REPLACED:
        n = invalid_utf8_bytes(data)
        warnings.warn(InputWarning(f"{source}: {n} invalid UTF-8 byte{'s' * (n != 1)} replaced by \ufffd (U+FFFD); "
                                   "the rest is read as UTF-8 (check the source)"), stacklevel=2)
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
        paras, title, found = parse_html(source, text)
        meta.update(found)
        return assemble(paras, source=source, stem=stem, title=title, metadata=meta)
    if fmt == "md":
        paras, title, found = parse_markdown(text)
        meta.update(found)
        if found.get(FRONT_MATTER_SKIPPED):
            warnings.warn(InputWarning(f"{source}: its front matter is skipped: {found[FRONT_MATTER_SKIPPED]}; the "
                                       "article is read without the title, author and date it gives"), stacklevel=2)
        return assemble(paras, source=source, stem=stem, title=title, metadata=meta)
    kind = looks_like_subtitles(text)
    if kind:
        text = subtitle_text(text)
        meta[SUBTITLES] = kind
        if not text.strip():
            raise InputError(source, f"is subtitles ({kind.upper()}) whose cues say nothing (only timings and "
                                     "sound descriptions); nothing to summarise")
    meta["setting_lines"] = list(setting_lines(text))
    return assemble(parse_plain(text), source=source, stem=stem, title=None, metadata=meta)


def parse_text(text: str, *, source: str = "<text>", stem: str = "text", fmt: str | None = "txt") -> Article:
    """Build an Article from a string already in memory (handy for tests and the library API).

    The string is encoded as UTF-8 and goes through :func:`parse_bytes`, so the Article is
    exactly what reading a UTF-8 file with that content would give. ``fmt`` as in
    :func:`parse_bytes`; None reads the string as standard input is read (:func:`stream_format`:
    HTML when it looks like HTML, Markdown when it starts with a ``#`` heading or front matter,
    else text), as ``make_brief(text=...)`` does.

    Raises:
        InputError: as :func:`parse_bytes` (e.g. an empty or whitespace-only string).
    """
    data = text.encode("utf-8")
    return parse_bytes(data, source=source, stem=stem, fmt=fmt if fmt is not None else stream_format(data))


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


def too_large(source: str, size: int | None, max_bytes: int, option: str = "--max-bytes") -> InputError:
    """The InputError of an input of ``size`` bytes (None: not known, only that it is larger)
    over ``max_bytes``; ``option`` is how the message names the option that raises the limit."""
    shown = (f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else _bytes_text(size)) if size is not None else None
    what = f"is {shown}, over" if shown else "is over"
    return InputError(
        source,
        f"{what} the size limit of {_limit_text(max_bytes)}; "
        f"raise it with {option} if this really is one article",
    )


def _read_stream(source: str, stream: BinaryIO | None, max_bytes: int, option: str = "--max-bytes") -> bytes:
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text-only stand-in for stdin (some test runners, embedded use)
            text = sys.stdin.read() if sys.stdin is not None else ""
            data = text.encode("utf-8")
            if len(data) > max_bytes:
                raise too_large(source, len(data), max_bytes, option)
            return data
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(source, f"cannot read standard input: {exc.strerror or exc}") from None
    if isinstance(data, str):  # a text stream passed by mistake: take its text as UTF-8
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise too_large(source, None, max_bytes, option)
    return data


def check_article_path(name: str) -> os.stat_result:
    """The ``os.stat`` of ``name``, an article file the user named, or the one-line error the
    reader gives when it is none: missing or unreadable (``errors.check_input_path``), a
    directory, or not a regular file (a pipe or device, whose read would block or never end).
    Reads nothing; ``summarize run`` calls it for every file before the models are checked.

    Raises:
        InputError: as above, naming ``name``."""
    st = check_input_path(name, "file")
    if stat.S_ISDIR(st.st_mode):
        raise InputError(name, "is a directory, not an article file; give the path of a .txt, .md or .html file")
    if not stat.S_ISREG(st.st_mode):  # a named pipe would block the read for ever; a device never ends
        raise InputError(name, "is not a regular file (a pipe, socket or device); give the path of a .txt, .md or .html file, or '-' for standard input")
    return st


def _read_path(name: str, max_bytes: int, forced: bool, option: str = "--max-bytes") -> tuple[bytes, str, str | None]:
    path = Path(name)
    st = check_article_path(name)
    suffix = path.suffix.lower()
    suffix_fmt = _SUFFIX_FORMAT.get(suffix)
    if suffix in NOT_ARTICLE_SUFFIXES and not forced:
        raise InputError(
            name,
            f"unsupported file type '{path.suffix}'; supported formats: {', '.join(SUPPORTED_SUFFIXES)}, "
            "or plain text or HTML under any other name (or '-' for standard input)",
        )
    if st.st_size > max_bytes:
        raise too_large(name, st.st_size, max_bytes, option)
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(name, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew since stat, or a special file
        raise too_large(name, None, max_bytes, option)
    return data, article_stem(path), suffix_fmt


def article_stem(path: str | os.PathLike) -> str:
    """The name of the brief of the article file ``path``: its stem when its suffix is one of
    SUPPORTED_SUFFIXES (``a.txt`` -> ``a``), else its whole name (``story.v2`` and ``story.v3``
    are two articles, not one), ``article`` for an empty one. A stem made only of dots (``..txt``
    -> ``.``, ``...txt`` -> ``..``), which as a folder name would be this folder or the one
    above, is made of as many ``_`` (``_``, ``__``). Never raises."""
    path = Path(path)
    stem = (path.stem if path.suffix.lower() in _SUFFIX_FORMAT else path.name) or "article"
    return "_" * len(stem) if not stem.strip(".") else stem


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


def _fetch_url(url: str, max_bytes: int, option: str = "--max-bytes") -> bytes:
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
        raise too_large(url, len(data), max_bytes, option)
    return data
