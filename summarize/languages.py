"""Target languages: short names used on the command line, NLLB-200 codes, HTML/XLIFF tags.

Codes follow NLLB-200 (FLORES-200 style ``xxx_Script``; see the NLLB model card and
``FAIRSEQ_LANGUAGE_CODES`` in transformers). Tags for HTML ``lang`` and XLIFF/TMX follow BCP 47:
Dari is Persian as written in Afghanistan, ``fa-AF``; Southern Pashto is ``ps``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One language the tool knows by name.

    ``short`` is the CLI name and the file suffix (``summary.ur.txt``), ``code`` the NLLB-200 code,
    ``tag`` the BCP 47 tag for HTML/XLIFF/TMX, ``rtl`` whether the script runs right to left.
    """

    short: str
    code: str
    tag: str
    name: str
    rtl: bool


SOURCE = Language("en", "eng_Latn", "en", "English", False)

KNOWN: dict[str, Language] = {
    lang.short: lang
    for lang in (
        SOURCE,
        Language("ur", "urd_Arab", "ur", "Urdu", True),
        Language("ps", "pbt_Arab", "ps", "Pashto", True),
        Language("prs", "prs_Arab", "fa-AF", "Dari", True),
        Language("fa", "pes_Arab", "fa", "Persian", True),
        Language("ar", "arb_Arab", "ar", "Arabic", True),
    )
}

_BY_CODE = {lang.code: lang for lang in KNOWN.values()}


def language(name: str) -> Language:
    """Return the Language for a short name (``ur``) or an NLLB code (``urd_Arab``).

    An NLLB code the table does not list still works: it becomes a Language whose short name and
    tag are the code itself, written left to right unless the script is Arabic or Hebrew.

    Raises:
        KeyError: ``name`` is neither a known short name nor shaped like an NLLB code.
    """
    if name in KNOWN:
        return KNOWN[name]
    if name in _BY_CODE:
        return _BY_CODE[name]
    parts = name.split("_")
    if len(parts) == 2 and len(parts[0]) == 3 and len(parts[1]) == 4 and parts[1][0].isupper():
        return Language(name, name, parts[0], name, parts[1] in ("Arab", "Hebr"))
    raise KeyError(name)


def m2m_code(code: str) -> str:
    """The code an M2M-100 tokenizer takes for ``code``: ISO 639-1 (``ur``, ``ps``, ``fa``) for a
    short name or NLLB code the table knows (Dari is ``fa``); any other string as it is."""
    try:
        lang = language(code)
    except KeyError:
        return code
    return {"prs": "fa", "fa-AF": "fa"}.get(lang.short, lang.short)
