"""``summarize review omegat``: brief folders -> one ready OmegaT project per target.

Each folder given is a brief's folder or a batch folder; every brief found goes into the one
project of each target (a brief without that target is left out of it; no brief with any
translation at all is an error: nothing to review).

Layout of ``OUT/<name>.<short>/`` (``name``: the brief's stem when there is one brief, else
``--name``, default ``briefs``), as OmegaT 3.6 (Debian's ``omegat``) reads it:

* ``omegat.project``: source ``en`` (the brief's source tag), target the BCP 47 tag (``ur``,
  ``ps``, ``fa-AF``), paragraph segmentation (``sentence_seg`` false: one OmegaT segment is one
  brief segment);
* ``source/<stem>.txt``: one file per brief, the English segments (the title first when the
  brief has one) one per paragraph, a blank line between;
* ``tm/auto/<stem>.tmx``: TMX 1.4, each source with the text every file shows (the reviewed text
  where there is one, else the MT; a rejected or empty target is left out, so OmegaT shows it
  untranslated). Only ``tm/auto/`` pre-fills: tried with OmegaT 3.6 console mode, ``tm/`` and
  ``tm/mt/`` pre-fill nothing;
* ``summarize-omegat.json``: the marker that names each brief's folder, id and content hash, so
  that ``summarize review import PROJECT/omegat/project_save.tmx`` finds the briefs without
  ``--brief`` (``project_briefs``). Each folder is recorded twice: relative to the project folder
  (``folder_from_project``, ``../../briefs/a``: right after the project and its briefs moved or
  were copied together) and absolute (``folder``: right after the project alone moved, to a
  reviewer's laptop and back); the import takes the first that holds the brief of the recorded id;
* no absolute path anywhere: ``omegat.project`` names every folder ``__DEFAULT__`` (OmegaT's
  own folders inside the project), so the project opens wherever it is copied;
* ``target/``, ``omegat/``, ``glossary/``, ``dictionary/``: empty, for OmegaT.

A segment is one line: a line break inside a segment (U+000A, U+000D, U+2028, ...) is written as
one space, which the importer's source match (``tm.store.normalize_source``) treats the same.
OmegaT keys translations by source text: two briefs with the same sentence share its translation.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from ..writers.fsutil import read_regular
from ..brief import Brief
from ..errors import ConfigError, InputError
from ..writers.escape import json_dumps
from ..writers.xliff import units_of, xml_text
from .folders import briefs_in

MARKER = "summarize-omegat.json"
MARKER_FORMAT = "summarize-omegat"
MARKER_VERSION = 1
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")

PROJECT_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>{source}</source_lang>
    <target_lang>{target}</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""
FOLDERS = ("source", "target", "tm/auto", "omegat", "glossary", "dictionary")


@dataclass
class OmegaTProject:
    """One project written: its folder, target short name, and the source file of each brief
    folder (``{brief folder: "source/<stem>.txt"}``)."""

    folder: Path
    target: str
    sources: dict[Path, str]


def one_line(text: str) -> str:
    """``text`` as one OmegaT paragraph: XML-illegal characters dropped, each run of line breaks
    one space, then :func:`readers.trimmed` (stripped, each run of spaces one space), as the
    import takes a reviewer's text."""
    from .readers import trimmed

    return trimmed(_LINE_BREAKS.sub(" ", xml_text(text)))


def _load(folder: Path) -> tuple[Brief, dict]:
    path = folder / "brief.json"
    try:
        data = json.loads(read_regular(path).decode("utf-8"))
        return Brief.from_dict(data), data
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(str(path), f"cannot be read as a brief: {exc}") from None


def _pairs(brief: Brief, short: str) -> list[tuple[str, str | None]]:
    """(source line, target line or None) per unit of ``brief`` that has target ``short``."""
    out = []
    for _key, seg in units_of(brief):
        ts = seg.targets.get(short)
        src = one_line(seg.source)
        if ts is None or not src:
            continue
        rejected = ts.review is not None and ts.review.status == "rejected"
        text = one_line(ts.text or "")
        out.append((src, text if text and not rejected else None))
    return out


def _tmx(pairs: list[tuple[str, str | None]], source_tag: str, target_tag: str) -> bytes:
    """TMX 1.4 of the pairs that have a target (``xml:lang`` tuvs, segtype paragraph), written
    with translate-toolkit."""
    from translate.storage import tmx

    from ..version import __version__

    store = tmx.tmxfile(sourcelanguage=source_tag)
    header = store.document.getroot().find(store.namespaced("header"))
    if header is not None:
        header.set("creationtool", "summarize")
        header.set("creationtoolversion", __version__)
        header.set("segtype", "paragraph")
        header.set("o-tmf", "summarize")
    for src, tgt in pairs:
        if tgt is not None:
            unit = store.addsourceunit(src, source_tag)
            unit.settarget(tgt, target_tag, append=True)
    out = BytesIO()
    store.serialize(out)
    return out.getvalue()


def export_omegat(brief_dirs: list[str | os.PathLike], out: str | os.PathLike, *, name: str | None = None,
                  targets: list[str] | None = None) -> list[OmegaTProject]:
    """Write one OmegaT project per target of the briefs in ``brief_dirs`` under ``out`` (see the
    module docstring); return them in target order.

    Each of ``brief_dirs`` is a brief's folder or a batch folder (every brief below it goes into
    the projects; see ``folders.brief_folders``). ``targets``: short names to export (None: every
    target of the briefs). Each project is built in a temporary folder and renamed into place, so
    a crash leaves no half project; every check is made before anything is written.

    Raises:
        InputError: a folder holds no readable brief.json, no brief has a translation (made with
            ``--no-translate``: nothing to review), ``name`` is not a plain folder name, or a
            project folder already exists (a reviewer's work is never overwritten).
        ConfigError: a target asked for is in none of the briefs (a bad ``-t``: exit code 2).
    """
    if name is not None and (not name.strip() or Path(name).name != name or name in (".", "..")):
        raise InputError(name, "is not a project name (--name takes a plain folder name, no '/')")
    seen: set[Path] = set()
    loaded = []
    for d in brief_dirs:
        for folder in briefs_in(d, "pass a brief's folder or a batch folder"):
            if folder.resolve() not in seen:  # a folder named twice is one brief
                seen.add(folder.resolve())
                loaded.append((folder.resolve(), *_load(folder)))
    if not loaded:
        raise InputError(str(out), "no brief folders given")
    shorts: list[str] = []
    for _f, brief, _d in loaded:
        shorts += [t.short for t in brief.targets if t.short not in shorts]
    if not shorts:
        where = str(brief_dirs[0]) if len(brief_dirs) == 1 else ", ".join(map(str, brief_dirs))
        raise InputError(where, "has no translations (made with --no-translate?): nothing to translate or review; "
                                "rerun `summarize run` without --no-translate")
    if targets:
        missing = [t for t in targets if t not in shorts]
        if missing:
            # a bad option value: a usage error (exit code 2), as `run -t xx` is
            raise ConfigError("--target", f"no brief has target {missing[0]!r} (the briefs in "
                                          f"{', '.join(map(str, brief_dirs))} have {', '.join(shorts)})")
        shorts = [s for s in shorts if s in targets]
    stems = {b.article.stem for _f, b, _d in loaded}
    base = name or (next(iter(stems)) if len(loaded) == 1 else "briefs")
    out = Path(out)
    for short in shorts:
        if (out / f"{base}.{short}").exists():
            raise InputError(str(out / f"{base}.{short}"), "already exists; it may hold a review: choose another -o or --name")
    out.mkdir(parents=True, exist_ok=True)
    projects = []
    for short in shorts:
        dest = out / f"{base}.{short}"
        chosen = [(f, b, d) for f, b, d in loaded if any(t.short == short for t in b.targets)]
        tag = next(t.tag for _f, b, _d in chosen for t in b.targets if t.short == short)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=out))
        try:
            for sub in FOLDERS:
                (tmp / sub).mkdir(parents=True, exist_ok=True)
            src_tag = chosen[0][1].source.tag
            (tmp / "omegat.project").write_text(PROJECT_XML.format(source=escape(src_tag), target=escape(tag)),
                                                encoding="utf-8")
            sources: dict[Path, str] = {}
            used: set[str] = set()
            records = []
            for folder, brief, data in chosen:
                stem = brief.article.stem or "brief"
                file_stem, n = stem, 1
                while file_stem.lower() in used:
                    n += 1
                    file_stem = f"{stem}-{n}"
                used.add(file_stem.lower())
                pairs = _pairs(brief, short)
                (tmp / "source" / f"{file_stem}.txt").write_text("\n\n".join(s for s, _t in pairs) + "\n", encoding="utf-8")
                (tmp / "tm" / "auto" / f"{file_stem}.tmx").write_bytes(_tmx(pairs, src_tag, tag))
                sources[folder] = f"source/{file_stem}.txt"
                records.append({"folder": str(folder), "folder_from_project": _relative(folder, dest),
                                "source_file": sources[folder], "id": data.get("id"),
                                "content_hash": data.get("content_hash"), "stem": brief.article.stem})
            marker = {"format": MARKER_FORMAT, "version": MARKER_VERSION, "target": short, "tag": tag, "briefs": records}
            (tmp / MARKER).write_text(json_dumps(marker, indent=2) + "\n", encoding="utf-8")
            os.chmod(tmp, 0o777 & ~_umask())
            os.rename(tmp, dest)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        projects.append(OmegaTProject(dest, short, sources))
    return projects


def _relative(folder: Path, project: Path) -> str | None:
    """``folder`` (absolute) as a POSIX path relative to the project folder ``project``, or None
    where there is none (another drive on Windows)."""
    try:
        return Path(os.path.relpath(folder, project.resolve())).as_posix()
    except ValueError:
        return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def project_briefs(folder: Path) -> list[Path] | None:
    """The brief folders an OmegaT project written by ``export_omegat`` names, when ``folder``
    (the project's folder) holds its marker; None when it holds none.

    Each brief is looked for where the marker's ``folder_from_project`` leads from ``folder``
    (the project and its briefs moved or copied together), then at its absolute ``folder`` (the
    project alone moved); the first that holds a brief.json of the recorded ``id`` is taken (an
    unrelated brief that happens to lie there is not). A marker written before
    ``folder_from_project`` was recorded has the absolute folder only.

    Raises:
        InputError: the marker is unreadable, or a brief is in none of its places (the message
            names where it was looked for and says to pass ``--brief``).
    """
    path = folder / MARKER
    if not path.is_file():
        return None
    try:
        doc = json.loads(read_regular(path).decode("utf-8"))
        records = [(Path(b["folder"]), b.get("folder_from_project"), b.get("id")) for b in doc["briefs"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(str(path), f"is not a summarize OmegaT marker: {exc}") from None
    if doc.get("format") != MARKER_FORMAT:
        raise InputError(str(path), f"is not a summarize OmegaT marker (\"format\" is not \"{MARKER_FORMAT}\")")
    found = []
    for absolute, relative, brief_id in records:
        places = [*([folder / relative] if isinstance(relative, str) else []), absolute]
        place = next((p for p in places if _holds_brief(p, brief_id)), None)
        if place is None:
            where = " or ".join(str(p) for p in dict.fromkeys(places))
            raise InputError(str(path), f"names the brief folder {where}, which holds no brief.json of this project "
                                        "(moved?); pass --brief DIR")
        found.append(Path(os.path.normpath(place)))
    return found


def _holds_brief(folder: Path, brief_id: str | None) -> bool:
    """Whether ``folder`` holds a brief.json whose ``id`` is ``brief_id`` (any readable one when
    the marker recorded no id)."""
    try:
        data = json.loads(read_regular(folder / "brief.json").decode("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and (brief_id is None or data.get("id") == brief_id)
