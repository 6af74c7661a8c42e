"""Refuse what is not text, and decode bytes to text, stopping at the first success.

A byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32), the ``<meta charset>`` of an HTML page, UTF-16
without BOM (only when the NUL pattern says so), strict UTF-8, Windows-1252 (a superset of Latin-1
for text; reported as ``iso-8859-1`` when no byte in 0x80-0x9F occurs) if the result is not
garbled, and finally charset-normalizer's best guess if it is confident (low chaos, a recognised
language). UTF-8 with a few invalid bytes (a pasted Windows-1252 quote) is read as UTF-8 with each
shown as U+FFFD; more than a few (a Chinese text in GB18030) is not UTF-8 (see
MAX_REPLACED_BYTES). Anything else is refused, naming the encoding the bytes look like where
charset-normalizer has a clean guess: we never hand on mojibake.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import InputError

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

BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32-be"),
    (b"\xff\xfe", "utf-16", "utf-16-le"),
    (b"\xfe\xff", "utf-16", "utf-16-be"),
)


def refuse_binary(source: str, data: bytes) -> None:
    """Refuse known binary formats (by magic bytes: PDF, images, archives, Office, media, ...) and NUL
    bytes outside UTF-16.

    Raises:
        InputError: ``source: looks like a ... file (binary), not text; ...``.
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(
                source,
                f"looks like {'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind} file (binary), not text; save the article's text as .txt, .md or .html",
            )
    if data[4:8] == b"ftyp" or (data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI ")):
        raise InputError(source, "looks like a media (binary) file, not text; save the article's text as .txt, .md or .html")
    if b"\x00" in data and not any(data.startswith(bom) for bom, _, _ in BOMS) and _utf16_guess(data) is None:
        raise InputError(
            source, "looks like a binary file (it contains NUL bytes), not text; save the article's text as .txt, .md or .html"
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


#: Half-width katakana (U+FF61-U+FF9F), which Japanese prose hardly uses: what Shift-JIS makes of
#: the single high bytes of Cyrillic in KOI8-R or of Thai (tests/fixtures/other_encodings.txt:
#: 97 % and 83 % of the letters of those texts read so; 0 % of its Japanese read right).
_HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]")


def _garbled(text: str) -> bool:
    """True when decoded text looks like the wrong encoding (C1 controls, unassigned or private-use
    code points, over half of the letters half-width katakana, or a high charset-normalizer mess
    ratio)."""
    if "\ufffd" in text or _C1.search(text):
        return True
    sample = text[:20000]
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Cn", "Co", "Cs"))
    if odd:
        return True
    kana = len(_HALF_WIDTH_KANA.findall(sample))
    if kana and 2 * kana > sum(1 for ch in sample if ch.isalpha()):
        return True
    from charset_normalizer.md import mess_ratio

    return mess_ratio(sample, maximum_threshold=0.3) >= 0.15


def decode(source: str, data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding name). Stops at the first success, in the order of
    the module docstring; UTF-8 with a few invalid bytes (:func:`few_invalid_bytes`: at most 16, or
    1 % of the bytes) comes right after strict UTF-8, as :data:`UTF8_REPLACED`.

    Raises:
        InputError: a byte-order mark the rest does not match, or nothing decodes cleanly
            (:func:`undecodable_problem`: one line, naming the encoding charset-normalizer takes
            the bytes for when it has a clean guess)."""
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError:
                if codec == "utf-8-sig":  # Notepad's BOM, then a pasted cp1252 byte: as without the BOM
                    mostly = _mostly_utf8(data[len(bom):])
                    if mostly is not None:
                        return mostly
                name = "UTF-8" if codec == "utf-8-sig" else label.upper()
                raise InputError(source, f"cannot decode the text: it starts with a {name} byte-order mark "
                                 f"but is not valid {name}") from None
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
    match = _charset_normalizer_match(data)
    if match is not None and match.chaos <= 0.1 and match.coherence >= 0.1:
        text = str(match)
        if not _garbled(text):
            return text, match.encoding
    raise InputError(source, undecodable_problem(data, match))


def undecodable_problem(data: bytes, match=None) -> str:  # type: ignore[no-untyped-def]
    """The one-line reason ``data`` is refused as undecodable: not UTF-8 (with how many of its
    bytes are invalid UTF-8 when they are more than a few), UTF-16 or Windows-1252, and, when
    charset-normalizer's best guess (``match``, a ``CharsetMatch``; looked up when None) decodes
    it without chaos and without looking garbled, that encoding by its usual name (``it looks
    like Shift_JIS (Japanese); save it as UTF-8``): a guess it is not sure enough of to read the
    text by (see :func:`decode`), but the user can check. Never raises."""
    if match is None:
        match = _charset_normalizer_match(data)
    bad = invalid_utf8_bytes(data)
    utf8 = f"UTF-8 ({bad:,} of its {len(data):,} bytes are not valid UTF-8)" if bad > MAX_REPLACED_BYTES else "UTF-8"
    guess = None
    if match is not None and match.chaos <= 0.1:
        try:
            guessed = str(match)
        except Exception:  # charset-normalizer is a guesser; if it trips, we have no guess
            guessed = ""
        if guessed.strip() and not _garbled(guessed):
            guess = encoding_name(match.encoding)
            language = getattr(match, "language", "") or ""
            if language and language != "Unknown":
                guess += f" ({language})"
    if guess:
        return f"cannot decode the text: it is not {utf8}, UTF-16 or Windows-1252; it looks like {guess}; save it as UTF-8"
    return (f"cannot decode the text: it is not {utf8}, UTF-16 or Windows-1252 and no other encoding fits "
            "cleanly; save it as UTF-8")


#: Usual names of the encodings charset-normalizer names by Python codec (``cp932`` is what
#: Windows calls Shift_JIS; ``euc_jis_2004`` is EUC-JP).
_ENCODING_NAMES = {
    "gb18030": "GB18030", "gbk": "GBK", "gb2312": "GB2312", "hz": "HZ", "big5": "Big5", "big5hkscs": "Big5-HKSCS",
    "cp950": "Big5", "cp932": "Shift_JIS", "shift_jis": "Shift_JIS", "shift_jis_2004": "Shift_JIS",
    "shift_jisx0213": "Shift_JIS", "euc_jp": "EUC-JP", "euc_jis_2004": "EUC-JP", "euc_jisx0213": "EUC-JP",
    "iso2022_jp": "ISO-2022-JP", "euc_kr": "EUC-KR", "cp949": "EUC-KR", "johab": "Johab", "koi8_r": "KOI8-R",
    "koi8_u": "KOI8-U", "tis_620": "TIS-620", "cp874": "Windows-874",
}


def encoding_name(codec: str) -> str:
    """The name people know ``codec`` (a Python codec name, as charset-normalizer gives it) by:
    ``cp932`` -> ``Shift_JIS``, ``cp1251`` -> ``Windows-1251``, ``iso8859_7`` -> ``ISO-8859-7``,
    ``mac_cyrillic`` -> ``Mac Cyrillic``; else ``codec`` itself. Never raises."""
    key = codec.lower().replace("-", "_")
    if key in _ENCODING_NAMES:
        return _ENCODING_NAMES[key]
    m = re.fullmatch(r"cp(125\d)", key)
    if m:
        return f"Windows-{m.group(1)}"
    m = re.fullmatch(r"iso8859_(\d+)", key)
    if m:
        return f"ISO-8859-{m.group(1)}"
    if key.startswith("mac_"):
        return "Mac " + key[4:].replace("_", " ").title()
    return codec


#: Label of UTF-8 text in which a few stray bytes were replaced by U+FFFD (see _mostly_utf8).
UTF8_REPLACED = "utf-8 (invalid bytes replaced)"


#: Characters whose UTF-8 bytes a Windows-1252 text makes only by accident: Latin-1 letters and
#: symbols to Latin Extended-B (U+00A0-U+024F: ``é`` is ``Ã©`` read as cp1252), General Punctuation
#: (``’`` is ``â€™``), currency signs and the Arabic blocks. A cp1252 text's accidental pairs
#: decode elsewhere (``ß“`` is U+07D3, an NKo letter).
_UTF8_EVIDENCE = re.compile("[\u00a0-\u024f\u2010-\u205e\u20a0-\u20cf\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]")


#: "A few invalid bytes": UTF-8 text is read with its invalid bytes replaced only when they are at
#: most MAX_REPLACED_BYTES (16) or at most MAX_REPLACED_SHARE (1 %) of its bytes; more, and the text
#: is in another encoding (see :func:`decode`). Measured (``benchmarks/quality.py --cleaner``, its
#: ``reader:`` line): the first 1000 CNN/DailyMail validation articles, each with every non-ASCII
#: character it has written in Windows-1252 inside a UTF-8 file (the worst a pasted passage can
#: do), have at most 14 invalid bytes, 0.21 % of their bytes; the tests' pasted quotes 1-3 bytes.
#: The texts of tests/fixtures/other_encodings.txt (Chinese, Japanese, Korean, Thai, Cyrillic,
#: Greek, ... in their legacy encodings; written for this project) have 9-151 invalid bytes, 6-83 %
#: of their bytes (Chinese in GB18030 65 %, Japanese in Shift-JIS 51 %); a fresh user's GB18030
#: and Shift-JIS articles had 305 and 325.
MAX_REPLACED_BYTES = 16
MAX_REPLACED_SHARE = 0.01


def few_invalid_bytes(bad: int, size: int) -> bool:
    """Whether ``bad`` invalid UTF-8 bytes in a text of ``size`` bytes are "a few": at most
    MAX_REPLACED_BYTES, or at most MAX_REPLACED_SHARE of the bytes (figures at the constants)."""
    return bad <= MAX_REPLACED_BYTES or bad <= MAX_REPLACED_SHARE * size


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text with a few stray bytes (a cp1252 ``é`` or ``“ ”`` pasted into a UTF-8 file):
    decoded as UTF-8 with each invalid byte shown as U+FFFD, rather than read whole in a code page
    that turns every valid ``é`` into ``Ã©`` and ``’`` into ``â€™``. It is UTF-8 when the invalid
    bytes are few (:func:`few_invalid_bytes`) and at least one valid multi-byte character is of
    :data:`_UTF8_EVIDENCE`, or there are no more invalid bytes than valid multi-byte characters.
    Returns None otherwise (a Chinese text in GB18030 has valid-looking pairs, but most of its
    bytes are invalid UTF-8)."""
    if not few_invalid_bytes(invalid_utf8_bytes(data), len(data)):
        return None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = [ch for ch in text if ord(ch) > 0x7F and ch != "\ufffd"]
    if multibyte and (bad <= len(multibyte) or any(_UTF8_EVIDENCE.match(ch) for ch in multibyte)):
        return text, UTF8_REPLACED
    return None


def invalid_utf8_bytes(data: bytes) -> int:
    """How many bytes of ``data`` are not part of a valid UTF-8 character (those that decoding
    with ``errors="replace"`` turns into U+FFFD; a cut-off sequence of several bytes gives one
    U+FFFD, and counts each of its bytes)."""
    return len(data) - len(data.decode("utf-8", errors="ignore").encode("utf-8"))


def _charset_normalizer_match(data: bytes):  # type: ignore[no-untyped-def]
    """charset-normalizer's best ``CharsetMatch`` for ``data``, or None (no guess, or it tripped)."""
    try:
        from charset_normalizer import from_bytes

        return from_bytes(data).best()
    except Exception:  # charset-normalizer is a guesser; if it trips, we have no guess
        return None



_HTML_DOCUMENT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>])", re.I)
_HTML_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<(?:html|head|body|div|main|article|section|noscript|p)[\s>]|<!--)",
    re.I,
)
_HTML_TAGS = re.compile(rb"<(?:p|div|article|section|span|h[1-6]|br|a\s+href)[\s>/]", re.I)


def looks_like_html(data: bytes, *, document: bool = False) -> bool:
    """Content sniffing, after a byte-order mark and whitespace, case-insensitive.

    ``document=False`` (stdin and URLs, where nothing else says what the bytes are): a doctype,
    a comment, or ``<html>``, ``<head>``, ``<body>``, ``<div>``, ``<main>``, ``<article>``,
    ``<section>``, ``<noscript>`` or ``<p>`` first, or at least three common HTML tags in the
    first 8 KB. ``document=True`` (a file whose suffix says text or Markdown): only a page's
    own start, ``<!doctype html`` or ``<html`` (an XML declaration may come first), so that a
    text article quoting a few tags stays text."""
    head = data[:8192]
    for bom, codec, _ in BOMS:
        if head.startswith(bom):
            try:
                head = head.decode(codec, "ignore").encode("utf-8")
            except LookupError:
                pass
            break
    if document:
        return bool(_HTML_DOCUMENT.match(head))
    return bool(_HTML_SNIFF.match(head)) or len(_HTML_TAGS.findall(head)) >= 3
