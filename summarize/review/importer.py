"""``summarize review import``: review files -> brief.json -> every format, and the memory.

``import_reviews(files, brief=DIR)`` reads each file (``readers``), finds the brief it is for,
applies its decisions (``merge``), recomputes the QA flags on the new text, rewrites every format
the brief folder holds from the updated brief (each file atomically; brief.json last), and
stores approved and edited segments in the translation memory. A rejected segment takes the
text it rejects out of the memory (an earlier approval of that same text, in any brief), so the
memory never offers a rejected translation as a match.

Which brief: ``brief`` (a brief folder, or a batch folder: every brief below it), else the
review file's own location: the nearest folder above it that holds a ``brief.json``, or a batch
output root (it holds ``manifest.jsonl``) and every brief below it, or an OmegaT project that
``summarize review omegat`` wrote (its ``summarize-omegat.json`` names the briefs). Within those, a page export
matches by ``content_hash`` (else by ``id``), an XLIFF ``<file>`` by ``original`` (the stem,
``<stem>.<short>`` on stdout) with every unit's id and source, the brief's own TMX by every
``tuid`` with its source, another tool's TMX (OmegaT) unit by unit by source text. A page
export or an XLIFF ``<file>`` that matches several briefs (two briefs of one article: one id,
hash, stem and segments) is refused naming them; the page's export names its article's path
(``brief.source``), which tells two such briefs apart, but not a backup copy of a brief folder.
An XLIFF ``<file>`` without ``target-language`` takes its target from the file's name, its
``original`` or its units' texts, never by chance (:func:`_unlabelled_target`).

Nothing is lost: a reviewed file inside the brief folder that the rewrite would replace with
other bytes is first copied to ``imported/<name>.<sha256 prefix><suffix>``; a file whose
decisions change nothing leaves every file as it was.
"""

from __future__ import annotations

import json
import os
import shutil
from copy import deepcopy
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..brief import Brief, TargetSegment
from ..errors import InputError
from ..jobs.stamp import (brief_json_edited_by_hand, hand_edit_warning, kept_edit_warning, read_stamp, record_rewritten,
                          recorded_hashes)
from ..writers.fsutil import atomic_write_bytes, is_regular, read_regular
from ..languages import Target, iso639_1, language_for_tag
from ..tm.store import SqliteTM, TMEntry, normalize_source
from ..writers.xliff import STALE_NOTE_PREFIX, xml_text
from .folders import BATCH_MARKER, BRIEF_JSON, brief_folders, briefs_in
from .merge import DECIDED, Decision, apply_decision, is_stale, segment_of
from .readers import NOT_DONE_STATES, ReviewFile, Unit, is_kept, read_review_file, xliff_decision



@dataclass
class ImportResult:
    """What one review file did. Every count is of segments (one target of one segment; a pair
    of another tool's TMX can reach the same sentence in several briefs):

    * ``decisions``: the decisions the file makes, read from the file and the texts the brief
      offered (``readers``' table), so the same file gives the same count on every import (but
      for a page's ``pending``, which is a decision only where it takes one back, else a
      comment); ``by_status`` splits them
      (``{"approved": 1, "edited": 1, "rejected": 1}``; the page can also say ``pending``: a
      decision taken back);
    * ``comments``: units that make no decision but carry a reviewer's comment;
    * ``changed``: of those decisions and comments, how many changed the brief's record;
      ``unchanged`` (a property) how many it held already: ``changed + unchanged + conflicts ==
      decisions + comments``;
    * ``unmatched``: units of another tool's TMX that matched no segment, and (``matching``)
      units whose source sentence the brief no longer has;
    * ``folders``: the brief folders the decisions and comments went to;
    * ``briefs``: the brief folders the file was matched against (its own brief, found by its
      location, or every brief ``--brief`` gives), where ``folders`` may be none of them;
    * ``conflicts``: of those decisions, how many were not applied because brief.json holds a
      review of the cell that they never saw (a page decision made before a newer review came
      in; a decision on a translation an earlier run offered, over a review of the one offered
      now): the brief's review is kept, and ``warnings`` names each;
    * ``warnings``: one line each, naming the file and the unit, for units read as no decision
      because they contradict themselves (XLIFF ``approved="yes"`` beside a ``needs-*`` state,
      see ``readers``; an empty target that the unit says is done), and for conflicts;
    * ``stale``: of the decisions applied, how many are on a translation an earlier run offered
      (a file written before a rerun that changed it): brief.json records them ``stale``, the
      text delivered now staying, and the summary line says so."""

    path: Path
    kind: str
    folders: list[Path] = field(default_factory=list)
    briefs: list[Path] = field(default_factory=list)
    decisions: int = 0
    changed: int = 0
    unmatched: int = 0
    warnings: list[str] = field(default_factory=list)
    comments: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    #: target texts changed by hand in the brief.json of a brief this file was the first of the
    #: import to reach, taken as ``edited`` reviews (``carry.take_hand_edits``; not decisions of
    #: the file: the warning names them)
    hand_edits: int = 0
    stale: int = 0

    @property
    def unchanged(self) -> int:
        """Decisions and comments the brief held already."""
        return self.decisions + self.comments - self.changed - self.conflicts

    def describe(self) -> str:
        """The summary line ``summarize review import`` prints, e.g. ``3 decisions (1 approved,
        1 edited, 1 rejected) and 1 comment: 4 changed, 0 already in the brief`` (the file's name
        and the folders are the caller's). A second import of the same file gives the same
        decisions and comments, ``0 changed`` and all of them ``already in the brief``."""
        def n(k: int, word: str) -> str:
            return f"{k} {word}{'s' * (k != 1)}"

        text = n(self.decisions, "decision")
        if self.by_status:
            order = ("approved", "edited", "rejected", "pending")
            text += " (" + ", ".join(f"{self.by_status[k]} {k}" for k in order if self.by_status.get(k))
            if self.stale:
                text += (f"; {'all' if self.stale == self.decisions and self.stale > 1 else self.stale} "
                         f"{'of them ' if self.decisions > 1 else ''}stale: on a translation an earlier run "
                         "offered, recorded as stale")
            text += ")"
        if self.comments:
            text += f" and {n(self.comments, 'comment')}"
        text += f": {self.changed} changed, {self.unchanged} already in the brief"
        if self.conflicts:
            text += f", {n(self.conflicts, 'conflict')} (the brief's newer review kept)"
        if self.unmatched:
            text += f", {n(self.unmatched, 'unit')} matched no segment"
        if self.hand_edits:
            text += f", and {n(self.hand_edits, 'hand edit')} of brief.json taken"
        return text


def locate_briefs(path: Path) -> list[Path]:
    """The brief folders a review file belongs to by its location (see the module docstring).

    Raises:
        InputError: none found.
    """
    from .omegat import project_briefs

    here = path.resolve().parent
    for folder in (here, *here.parents):
        named = project_briefs(folder)
        if named:
            return named
        if (folder / BRIEF_JSON).is_file():
            return [folder]
        if (folder / BATCH_MARKER).is_file():
            found = brief_folders(folder)
            if found:
                return found
    raise InputError(str(path), "no brief found in its folder or above it; pass --brief DIR (the brief's folder)")


class _Loaded:
    """One brief folder being updated: its Brief, the JSON it had, and whether it changed."""

    def __init__(self, folder: Path):
        self.folder = folder
        try:
            self.data = json.loads(read_regular(folder / BRIEF_JSON).decode("utf-8"))
            #: brief.json was edited by hand since summarize wrote it: the target segments whose
            #: changed text was taken as an edit (None: not edited by hand)
            self.hand_edited: list[str] | None = None
            if isinstance(self.data, dict) and brief_json_edited_by_hand(folder, recorded_hashes(read_stamp(folder))):
                from .carry import take_hand_edits

                # a text changed in brief.json by hand is an edit, as a rerun takes it
                self.hand_edited = take_hand_edits(self.data)
            self.brief = Brief.from_dict(self.data)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(str(folder / BRIEF_JSON), f"cannot be read as a brief: {exc}") from None
        self.changed = False
        self.imported: set[Path] = set()
        #: ``(segment source, target short, text)`` of every translation rejected in this import
        self.rejected: list[tuple[str, str, str]] = []

    @property
    def id(self) -> str:
        """brief.json's ``id`` (see ``brief.brief_identity``)."""
        from ..brief import brief_identity

        return self.data.get("id") or brief_identity(self.data)["id"]

    @property
    def stem(self) -> str:
        """The article's stem: what an XLIFF ``<file original>`` names."""
        return self.brief.article.stem

    def target_for(self, lang: str) -> Target | None:
        want = lang.strip()
        if not want:
            return None  # no language given is no language: never one of the targets by chance
        for t in self.brief.targets:
            if want in (t.short, t.tag) or want.lower() == t.tag.lower():
                return t
        found = language_for_tag(want)
        if found is not None:
            return next((t for t in self.brief.targets if t.code == found.code), None)
        # a language the table does not know, by its ISO 639-3 or 639-1 code (a file written
        # with "hin" before tags were the shortest code, or "hi-IN" from a CAT tool): the one
        # target whose NLLB code is of that language
        primary = want.replace("_", "-").split("-")[0].lower()
        same = [t for t in self.brief.targets
                if primary in (t.code.split("_")[0].lower(), iso639_1().get(t.code.split("_")[0], "").lower())]
        return same[0] if len(same) == 1 else None


def import_reviews(files: list[str | os.PathLike], *, brief: str | os.PathLike | None = None,
                   tm: SqliteTM | None = None, reviewer: str | None = None,
                   matching: bool = False) -> list[ImportResult]:
    """Import every review file in ``files`` (see the module docstring); return one result each.

    ``tm``: where approved and edited segments are stored (None: nowhere). ``reviewer``: the
    ``by`` of decisions whose file does not say who made them (XLIFF never does), and of a text
    changed in the brief's own TMX under the earlier review's ``changeid`` (:func:`_tmx_stamped`,
    which also gives a TMX decision the import's time where the unit's date is not newer than
    the brief's review). A unit that
    contradicts itself (XLIFF ``approved="yes"`` beside a ``needs-*`` state) decides nothing and
    is named in its result's ``warnings`` (the CLI prints them on stderr). ``matching`` (the CLI's
    ``--matching``): a file written before the article changed (a unit whose source is no longer
    its segment's, a page export of an earlier version of the brief) is not refused; each of its
    units goes to the segment with the same source text (never to the one at its old place), and
    those whose sentence the brief no longer has are left out and counted
    (``ImportResult.unmatched``). A page decision on a target a rerun with ``-t`` dropped is
    left out with a warning (an untouched one silently).

    Raises:
        InputError: a file cannot be read, no brief is found for it, it matches none of the
            briefs found (the message names the file and the brief folder(s); a file whose units
            hold another target's translations matches none), it decides one segment twice
            (two page decisions for one cell, two XLIFF units with one id: both named), or it
            decides a segment otherwise than an earlier file of ``files`` (both named). Nothing
            is written unless every file matched. A decision that would replace a review it
            never saw is not applied (a conflict: ``ImportResult.conflicts``, and a warning).
    """
    from ..jobs.manifest import utc_now

    loaded: dict[Path, _Loaded] = {}
    now = utc_now()  # the ``at`` of a TMX decision whose file gives it no time of its own (_tmx_stamped)

    def load(folder: Path) -> _Loaded:
        key = folder.resolve()
        if key not in loaded:
            loaded[key] = _Loaded(folder)
        return loaded[key]

    if brief is not None:
        given = briefs_in(brief, "--brief takes a brief's folder or a batch folder")
    results = []
    decided: dict[tuple[Path, str, str], tuple[Path, Decision]] = {}
    for f in files:
        path = Path(f)
        rf = read_review_file(path)
        folders = given if brief is not None else locate_briefs(path)
        fresh = [folder for folder in folders if folder.resolve() not in loaded]
        briefs = [load(folder) for folder in folders]
        hand_edits = sum(len(loaded[folder.resolve()].hand_edited or []) for folder in fresh)
        if reviewer:
            for u in rf.units:
                u.by = u.by or reviewer
        results.append(_apply_file(rf, briefs, decided, matching, reviewer=reviewer, now=now))
        results[-1].hand_edits = hand_edits
        results[-1].briefs = list(folders)
        for folder in fresh:
            lb = loaded[folder.resolve()]
            if lb.hand_edited and lb.folder not in results[-1].folders:
                results[-1].folders.append(lb.folder)
    for lb in loaded.values():
        if lb.changed or lb.hand_edited is not None:  # (a hand edit of brief.json goes into every format)
            _rewrite(lb, [Path(f) for f in files])
    if tm is not None:
        entries = [e for lb in loaded.values() for e in _tm_entries(lb)]
        if entries:
            tm.add(entries)
        tm.forget(_tm_rejections(loaded.values()))
        tm.withdraw([e for lb in loaded.values() for e in _tm_withdrawals(lb)])
    return results


def _where(briefs: list[_Loaded]) -> str:
    names = [str(b.folder) for b in briefs]
    return names[0] if len(names) == 1 else f"{len(names)} briefs below {os.path.commonpath(names)}"


def _apply_file(rf: ReviewFile, briefs: list[_Loaded],
                decided: dict[tuple[Path, str, str], tuple[Path, Decision]] | None = None,
                matching: bool = False, *, reviewer: str | None = None, now: str | None = None) -> ImportResult:
    """Apply the decisions of ``rf`` to ``briefs``. ``decided``: what the files before it in the
    same import decided, per target segment (updated): a file that decides one of them otherwise
    is refused (:func:`_refuse_another_files_decision`). ``matching``: see :func:`import_reviews`.
    ``reviewer`` (``--reviewer``) and ``now`` (the import's time, ISO 8601): who and when of a
    TMX decision whose unit does not vouch for them (:func:`_tmx_stamped`)."""
    result = ImportResult(rf.path, rf.kind)
    if rf.kind == "page":
        pairs = _match_page(rf, briefs, result, matching)
    elif rf.kind == "xliff" or any(u.key is not None for u in rf.units):
        pairs = _match_keyed(rf, briefs, result, matching)
    else:
        pairs = _match_by_source(rf, briefs, result)
    if rf.kind == "page" or rf.kind == "xliff" or any(u.key is not None for u in rf.units):
        _refuse_two_for_one_cell(rf, pairs)
    if matching and result.unmatched and (rf.kind != "tmx" or any(u.key is not None for u in rf.units)):
        n = result.unmatched
        result.warnings.append(f"{rf.path}: {n} unit{'s' * (n != 1)} of it {'are' if n != 1 else 'is'} on sentences the "
                               "brief no longer has (the article changed since the file was written): not imported")
    position = {id(u): n for n, u in enumerate(rf.units)}
    decided = {} if decided is None else decided
    for lb, seg_key, target, unit in pairs:
        seg = segment_of(lb.brief, seg_key)
        ts = seg.targets[target.short]
        decision = _decision(rf, ts, seg_key, target, unit, result.warnings)
        if decision is None:
            continue
        if decision.status == COMMENT:
            result.comments += 1
            changed = _apply_comment(ts, decision)
        else:
            decision = _as_stored(ts, decision)
            if rf.kind == "tmx":
                decision = _tmx_stamped(ts, unit, decision, reviewer=reviewer, now=now)
            result.decisions += 1
            result.by_status[decision.status] = result.by_status.get(decision.status, 0) + 1
            _refuse_another_files_decision(rf, decided, (lb.folder, seg_key, target.short), decision)
            conflict = _conflict(rf, ts, seg_key, target, unit, decision, position[id(unit)])
            if conflict is not None:
                result.conflicts += 1
                result.warnings.append(conflict)
                if lb.folder not in result.folders:
                    result.folders.append(lb.folder)
                continue
            shown = ts.text
            if is_stale(ts, decision):
                result.stale += 1
            changed = apply_decision(ts, decision)
            if ts.review is not None and ts.review.status == "rejected":
                lb.rejected.extend((seg.source, target.short, t) for t in {shown, ts.text, decision.text} if t)
        if changed:
            result.changed += 1
            lb.changed = True
        if lb.folder not in result.folders:
            result.folders.append(lb.folder)
    return result


def _as_stored(ts: TargetSegment, d: Decision) -> Decision:
    """``d`` with the status ``merge.apply_decision`` stores for it, where that is another of
    approved and edited: an approval of a text the brief does not offer is stored as an edit
    (the page's Approve on a stale edited cell exports ``approved`` with the reviewer's kept
    text), and an edit back to an offered text as an approval; so the import's counts say what
    brief.json holds. A decision on an earlier run's text (recorded ``stale``) keeps its own."""
    if d.status not in ("approved", "edited") or is_stale(ts, d):
        return d
    text = ts.text if d.text is None else d.text
    status = "approved" if ts.offers(text) else "edited"
    return d if status == d.status else replace(d, status=status)


def _tmx_stamped(ts: TargetSegment, u: Unit, d: Decision, *, reviewer: str | None, now: str | None) -> Decision:
    """TMX decision ``d`` of unit ``u`` on ``ts`` with the ``by`` and ``at`` brief.json records.

    A TMX unit's ``changeid``/``changedate`` say who last changed its text and when; they vouch
    for a decision only when the date is newer than the review brief.json holds of the cell (or
    it holds none with a time): then ``d`` keeps them (an OmegaT edit made after the brief's
    review). Otherwise a decision that changes the brief gets ``now``, the import's time: a unit
    with no date (``at`` None) was overwritten later by any page export that never saw it, as the
    page-export conflict check (:func:`_conflict`) needs a time (a fresh reviewer's report: a TMX
    edit lost, silently, where the same edit from an XLIFF was kept). In the brief's own TMX
    (``u.own``) such an old stamp is the one the brief wrote for the review it held (its writer
    puts the review's ``by``/``at`` on the unit); a text changed under it is a new edit, by
    ``reviewer`` (``--reviewer``; None: unknown), not the earlier reviewer's. Another tool's
    ``changeid`` still names who wrote the text. A decision that changes nothing is ``d``."""
    if not apply_decision(deepcopy(ts), d):
        return d
    cur = ts.review
    if u.at is not None and (cur is None or cur.at is None or _later(u.at, cur.at)):
        return d  # the unit's own date, newer than what brief.json holds: it vouches for the text
    return replace(d, by=reviewer if u.own else d.by, at=now)


def _refuse_another_files_decision(rf: ReviewFile, decided, cell: tuple[Path, str, str], d: Decision) -> None:
    """Raise InputError when an earlier file of the same import decided ``cell`` (brief folder,
    segment, target) otherwise than ``d`` (another status, or another text for an approval or an
    edit): which of the two the reviewers meant is not the import's to guess, any more than for
    two decisions in one file; else record ``d`` in ``decided``."""
    earlier = decided.get(cell)
    if earlier is None or earlier[0] == rf.path:
        decided.setdefault(cell, (rf.path, d))
        return
    path, e = earlier
    same = e.status == d.status and (d.status not in ("approved", "edited") or e.text == d.text)
    if same:
        return

    def said(x: Decision) -> str:
        return x.status if x.status not in ("approved", "edited") or x.text is None else f"{x.status} as {x.text!r}"

    folder, seg_key, short = cell
    raise InputError(str(rf.path), f"decides segment {seg_key}, target {short} ({said(d)}) otherwise than {path} in "
                                   f"the same import ({said(e)}): two decisions for one segment; import the file you "
                                   "mean, or each file in a command of its own")


def _later(a: str | None, b: str | None) -> bool | None:
    """Whether ISO-8601 time ``a`` is after ``b`` (None: either is missing or no time)."""
    from datetime import datetime, timezone

    def parse(x):
        try:
            t = datetime.fromisoformat(x.strip().replace("Z", "+00:00").replace("z", "+00:00"))
        except (AttributeError, ValueError):
            return None
        return t if t.tzinfo else t.replace(tzinfo=timezone.utc)

    ta, tb = parse(a), parse(b)
    return None if ta is None or tb is None else ta > tb


def _conflict(rf: ReviewFile, ts: TargetSegment, key: str, target: Target, u: Unit, d: Decision, n: int) -> str | None:
    """The warning for a decision that would overwrite a review it never saw, or None. The brief's
    review of the cell is kept, and the import says so:

    * a page decision made over an older state of the cell: brief.json's review of it now is
      not one the page knew (the ``known`` of the export: the review the page started from and
      the page's own earlier decisions; an export without ``known``: the review is newer than
      the decision), as when a colleague's XLIFF was imported after the page was opened;
    * a decision on a translation the brief no longer offers (``stale``) over a decided review
      of the one it offers now."""
    cur = ts.review
    if cur is None:
        return None
    trial = deepcopy(ts)
    if not apply_decision(trial, d):
        return None  # it changes nothing anyway
    what = f"{cur.status}" + (f" by {cur.by}" if cur.by else "") + (f" at {cur.at}" if cur.at else "")
    if rf.kind == "page":
        where = f"decision {n} (segment {key}, target {target.short})"
    elif rf.kind == "xliff":
        where = f'trans-unit id="{u.key}" ({u.lang})'
    else:
        where = f"the unit of segment {key} ({target.short})"
    if rf.kind == "page" and cur.at is not None and u.at is not None and cur.at != u.at:
        unseen = (cur.at not in u.known) if u.known is not None else bool(_later(cur.at, u.at))
        if unseen:
            return (f"{rf.path}: {where} was made on the page before brief.json got the review it holds now ({what}), "
                    "which the page did not show: kept that newer review; to replace it, open the page again, "
                    "decide, export and import")
    if is_stale(ts, d) and cur.status in DECIDED:
        return (f"{rf.path}: {where} decides on a translation an earlier run offered, and brief.json holds a review of "
                f"the one offered now ({what}): kept that review")
    return None


def _refuse_two_for_one_cell(rf: ReviewFile, pairs) -> None:
    """Raise InputError naming both when two units of ``rf`` fall on one target segment (one
    target of one segment of one brief). The page exports one decision per cell, and XLIFF 1.2
    wants a ``<trans-unit>`` id unique within its ``<file>`` (a brief's own TMX has one ``<tu>``
    per segment), so two are a file edited or merged by hand: which one the reviewer meant is
    not for the import to guess. (Another tool's TMX, matched by source text, is not checked:
    one sentence may have several units there.)"""
    position = {id(u): n for n, u in enumerate(rf.units)}
    seen: dict[tuple[Path, str, str], Unit] = {}
    for lb, seg_key, target, unit in pairs:
        first = seen.setdefault((lb.folder, seg_key, target.short), unit)
        if first is unit:
            continue
        a, b = position[id(first)], position[id(unit)]
        if rf.kind == "page":
            what = f"decisions {a} and {b} both decide segment {seg_key}, target {target.short}"
        elif rf.kind == "xliff":
            what = f"trans-units {a + 1} and {b + 1} of the file both have id=\"{unit.key}\" ({unit.lang})"
        else:
            what = f"two <tu> have tuid=\"{unit.key}\" ({unit.lang})"
        raise InputError(str(rf.path), f"{what}: two decisions for one segment; keep the one you mean and import again")


#: ``Decision.status`` of a unit that decides nothing but carries a comment (never stored).
COMMENT = "comment"


def _apply_comment(ts: TargetSegment, d: Decision) -> bool:
    """Put the comment of ``d`` (a unit with no decision) on ``ts``: onto the decision it has,
    or as a ``pending`` review where it has none. Returns whether ``ts`` changed."""
    comment = d.comment.strip() if d.comment and d.comment.strip() else None
    if ts.review is not None and ts.review.comment == comment:
        return False
    if ts.review is not None and ts.review.status != "pending":
        ts.review.comment = comment  # a comment alone keeps the decision it is on
        return True
    return apply_decision(ts, replace(d, status="pending"))


def _article_of(lb: _Loaded) -> str | None:
    """The path of the article ``lb`` was made from, as brief.json records it (``source.path``)."""
    src = lb.data.get("source")
    return src.get("path") if isinstance(src, dict) and isinstance(src.get("path"), str) else None


def _of_another_article(rf: ReviewFile, lb: _Loaded) -> bool:
    """Whether page export ``rf`` names another article file than the one ``lb`` was made from:
    its ``brief.source`` and brief.json's ``source.path`` differ, file name and all (the same file
    named from another working folder, ``c5/ls.txt`` and ``../w/c5/ls.txt``, is not another
    article). False when either is not recorded."""
    mine = _article_of(lb)
    if rf.article is None or mine is None or rf.article == mine:
        return False
    return Path(rf.article.replace("\\", "/")).name != Path(mine.replace("\\", "/")).name


def _refuse_several(rf: ReviewFile, chosen: list[_Loaded], what: str) -> None:
    """Raise InputError when ``rf`` (or a ``<file>`` of it: ``what``) matches more than one brief:
    two briefs of one article (``world/a.txt`` and ``sport/a.txt`` in a batch, a backup copy of a
    brief folder under ``--brief``) have the same id, hash, stem and segments, and which one the
    reviewer worked on is not the import's to guess; the message names them all."""
    if len(chosen) > 1:
        names = ", ".join(str(b.folder) for b in chosen)
        raise InputError(str(rf.path), f"{what} matches {len(chosen)} briefs ({names}): they are briefs of one article; "
                                       f"pass --brief with the folder of the one you reviewed (e.g. --brief {chosen[0].folder})")


def _match_page(rf: ReviewFile, briefs: list[_Loaded], result: ImportResult, matching: bool = False):
    by_hash = [b for b in briefs if rf.content_hash and b.data.get("content_hash") == rf.content_hash]
    by_id = [b for b in briefs if rf.brief_id and b.id == rf.brief_id]
    chosen = by_hash or by_id
    others = [b for b in briefs if _of_another_article(rf, b)]
    if not chosen and matching and len(briefs) == 1:
        chosen = briefs  # the article changed since the export: the units whose source it still has, below
        if others:
            result.warnings.append(
                f"{rf.path}: this export is of {rf.article}, not {_article_of(briefs[0])} (the article of the brief "
                f"in {briefs[0].folder}): imported with --matching all the same, each decision on the segment with "
                "its sentence; if that is not the brief you meant, import the export into the brief of "
                f"{rf.article} instead")
    if not chosen and others and len(others) == len(briefs):
        if len(briefs) == 1:
            said = f"this export is of {rf.article}, not {_article_of(briefs[0])} (the article of the brief in {briefs[0].folder})"
        else:
            said = f"this export is of {rf.article}, and none of the {len(briefs)} briefs in {_where(briefs)} is of it"
        raise InputError(str(rf.path), f"{said}: import it with --brief and the folder of the brief of {rf.article}")
    if not chosen:
        name = f"brief {rf.brief_id!r}" if rf.brief_id else f"the brief with content hash {rf.content_hash!r}"
        raise InputError(str(rf.path), f"is the review of {name}, which matches no brief in {_where(briefs)} "
                                       "(neither its id nor its content hash): if the article changed since the "
                                       "export was made, import with --matching to take the decisions on sentences "
                                       "the brief still has" + ("" if len(briefs) == 1 else ", and --brief with its folder"))
    if len(chosen) > 1 and rf.article is not None:
        # the export names the article's path: of two briefs of one article, the one it was made from
        chosen = [b for b in chosen if _article_of(b) == rf.article] or chosen
    if len(chosen) > 1 and not by_hash:
        raise InputError(str(rf.path), f"brief id {rf.brief_id!r} names {len(chosen)} briefs in {_where(briefs)}; "
                                       "pass --brief with the right one")
    _refuse_several(rf, chosen, "its brief")
    lb = chosen[0]
    changed = by_hash == [] and by_id == []  # (--matching) an export of an earlier version of the article
    out = []
    for n, u in enumerate(rf.units):
        target = lb.target_for(u.lang)
        key = u.key
        here = segment_of(lb.brief, key)
        moved = u.source is not None and (here is None or not _same_source(here, u.source))
        untouched = u.status == "pending" and u.at is None and not (u.comment or "").strip()
        if moved and not matching and not untouched and by_hash:
            # the brief is the one the export was made of (its content hash), so the article did
            # not change: the export's segment numbers were swapped or edited by hand
            where = _key_by_source(lb, u)
            now = f"segment {where}'s" if where is not None else "no segment's"
            raise InputError(str(rf.path), f"decision {n} (segment {u.key}, target {u.lang}) was made on the sentence "
                                           f"{_short(u.source)}, which is {now} of the brief in {lb.folder}, not "
                                           f"segment {u.key}'s, though the export's content hash is that brief's (the "
                                           "article did not change): the export's segment numbers do not match their "
                                           "sentences, as in an export damaged or edited by hand; export the review "
                                           "from the page again")
        if moved and not matching and not untouched:
            raise InputError(str(rf.path), f"decision {n} (segment {u.key}, target {u.lang}) was made on the sentence "
                                           f"{_short(u.source)}, which is not segment {u.key} of the brief in "
                                           f"{lb.folder} any more: the article changed since the export was made; "
                                           "import with --matching to take the decisions on sentences the brief still has")
        if changed or moved:
            key = _key_by_source(lb, u)
            if key is None:
                if not untouched:
                    result.unmatched += 1
                continue
        seg = segment_of(lb.brief, key)
        if target is None and seg is not None and _dropped_target(lb, u.lang):
            if untouched:
                continue  # a cell nobody touched decides nothing, in a target the brief has or not
            line = (f"{rf.path}: decision {n} (segment {key}, target {u.lang}): {lb.folder} has no target "
                    f"{u.lang!r} any more (dropped by a rerun with -t; any reviews of it are kept in brief.json as "
                    f"retired_reviews): not imported; rerun with {u.lang} in -t and import again")
            result.warnings.append(line)
            continue
        if target is None or seg is None or target.short not in seg.targets:
            shorts = ", ".join(t.short for t in lb.brief.targets)
            raise InputError(str(rf.path), f"decision {n} (segment {key}, target {u.lang}) matches no segment of "
                                           f"the brief in {lb.folder}" + (f": it has no target {u.lang!r} (its targets: "
                                                                          f"{shorts})" if target is None else ""))
        out.append((lb, key, target, u))
    return out


def _short(text: str, n: int = 60) -> str:
    """``text`` quoted for a message, cut to ``n`` characters."""
    return repr(text if len(text) <= n else text[: n - 3] + "...")


def _key_by_source(lb: _Loaded, u: Unit) -> str | None:
    """The key of the segment of ``lb`` whose source text is unit ``u``'s (the title only for a
    title unit, and the other way round), or None: a decision goes to the sentence it was made
    on, never to the one at its old place."""
    if u.source is None:
        return None
    if u.key == "title":
        return "title" if lb.brief.title is not None and _same_source(lb.brief.title, u.source) else None
    same = [str(s.index) for s in lb.brief.segments if _same_source(s, u.source)]
    return (u.key if u.key in same else same[0]) if same else None


def _dropped_target(lb: _Loaded, lang: str) -> bool:
    """Whether ``lang`` names a target ``lb`` no longer has (a rerun with a narrower ``-t``): one
    that brief.json's ``retired_reviews``/``retired_offers`` record (a dropped target's texts go
    there, reviewed or not: ``review.carry``). A language the brief never had is not one: a page
    export for ``fa`` on a ur/ps/prs brief was told it had been "dropped by a rerun with -t" and
    imported nothing with exit 0 (a fresh user's report); it is refused as any other target the
    brief has not."""
    retired = [r for r in (lb.data.get("retired_reviews") or []) + (lb.data.get("retired_offers") or [])
               if isinstance(r, dict)]
    return any(r.get("target") == lang for r in retired)


def _same_source(seg, text: str | None) -> bool:
    return text is not None and normalize_source(xml_text(seg.source)) == normalize_source(text)


def _match_keyed(rf: ReviewFile, briefs: list[_Loaded], result: ImportResult | None = None, matching: bool = False):
    """XLIFF (per ``<file>``) and the brief's own TMX: every unit's id and source must match.
    ``matching`` (``--matching``): a unit whose source is no longer its segment's (the article
    changed since the file was written) goes to the segment with its source text, if any, else is
    counted in ``result.unmatched``; at least one unit has to match."""
    groups: dict[tuple[str | None, str], list[Unit]] = {}
    originals = rf.originals or [None] * len(rf.units)
    for u, orig in zip(rf.units, originals):
        groups.setdefault((orig, u.lang), []).append(u)
    out = []
    for (orig, lang), units in groups.items():
        reasons = []
        matched = []
        for lb in briefs:
            target = lb.target_for(lang) if lang.strip() else _unlabelled_target(rf, lb, orig, units)
            if target is None:
                if not lang.strip():
                    tags = ", ".join(f'"{t.tag}"' for t in lb.brief.targets)
                    reasons.append(f"its <file{f' original={orig!r}' if orig else ''}> has no target-language, and "
                                   f"neither the file's name nor its units say which of {lb.folder}'s targets it is "
                                   f"for: add target-language (one of {tags}) to it and import again")
                elif _dropped_target(lb, lang) and (lb.data.get("retired_reviews") or lb.data.get("retired_offers")):
                    reasons.append(f"{lb.folder} has no target {lang!r} any more (dropped by a rerun with -t; any "
                                   f"reviews of it are kept in brief.json as retired_reviews): rerun with {lang} in "
                                   "-t and import again")
                else:
                    reasons.append(f"{lb.folder} has no target {lang!r}")
                continue
            stem = orig[: -len(target.short) - 1] if orig and orig.endswith("." + target.short) else orig
            if stem is not None and stem != lb.stem and orig != lb.stem:
                reasons.append(f"{lb.folder} is the brief of {lb.stem!r}, the file names {stem!r}")
                continue
            mine = [(u.key, u) for u in units]
            bad = next((u for u in units if segment_of(lb.brief, u.key) is None
                        or not _same_source(segment_of(lb.brief, u.key), u.source)), None)
            if bad is not None and matching:
                mine, lost = _rekeyed_by_source(lb, units)
                if not mine:
                    reasons.append(f"none of its units' source text is a segment of {lb.folder}")
                    continue
                bad = None
            else:
                lost = 0
            if bad is not None:
                name = f'trans-unit id="{bad.key}"' if rf.kind == "xliff" else f'<tu> tuid="{bad.key}"'
                reasons.append((f"the source of {name} is not segment {bad.key}'s of {lb.folder}" if segment_of(lb.brief, bad.key)
                                else f"{lb.folder} has no segment {bad.key!r}")
                               + ": the article changed since the file was written, or the file was edited; import "
                                 "with --matching to take the units whose source the brief still has")
                continue
            other = _texts_of_another_target(lb, target, [u for _, u in mine], [k for k, _ in mine])
            if other is not None:
                said = f"labelled {lang!r}" if lang.strip() else f"taken for {target.tag!r} (it has no target-language)"
                reasons.append(f"its units are {said} but hold {lb.folder}'s {other.tag!r} translations: "
                               f"label them {other.tag!r}, or import the brief's {target.tag!r} file")
                continue
            matched.append((lb, target, mine, lost))
        if not matched:
            why = reasons[0] if len(reasons) == 1 else f"{len(reasons)} candidates, e.g. {reasons[0]}" if reasons else "no candidates"
            raise InputError(str(rf.path), f"matches no brief in {_where(briefs)}: {why}")
        _refuse_several(rf, [lb for lb, *_ in matched], "its units" if orig is None else f"its <file original={orig!r}>")
        for lb, target, mine, lost in matched:
            if result is not None:
                result.unmatched += lost
            out.extend((lb, key, target, u) for key, u in mine if target.short in segment_of(lb.brief, key).targets)
    return out


def _rekeyed_by_source(lb: _Loaded, units: list[Unit]) -> tuple[list[tuple[str, Unit]], int]:
    """``(key, unit)`` for each of ``units`` with the key of ``lb``'s segment that has its source
    text (its own key where that segment still has it; :func:`_key_by_source`), and how many
    have none: those are left out. (Untouched units are counted too: the file's units that did
    not get in, whatever they say.)"""
    out, lost = [], 0
    for u in units:
        key = _key_by_source(lb, u)
        if key is None:
            lost += 1
        else:
            out.append((key, u))
    return out, lost


def _unlabelled_target(rf: ReviewFile, lb: _Loaded, orig: str | None, units: list[Unit]) -> Target | None:
    """The target of ``lb`` that an XLIFF ``<file>`` with no ``target-language`` (optional in XLIFF
    1.2; some tools leave it off) is for, never a guess: the target the file's name says
    (``nolang.ur.xlf``: a part between dots that names one of ``lb``'s targets), else the one
    ``original`` says (``<stem>.<short>``), else the one target whose offered or current texts
    are the units' (more units than any other target's); None when none of them tells."""
    for part in reversed(rf.path.name.split(".")[1:-1]):
        found = lb.target_for(part) if part.strip() else None
        if found is not None:
            return found
    if orig and "." in orig:
        found = lb.target_for(orig.rsplit(".", 1)[1])
        if found is not None:
            return found
    counts: dict[str, int] = {}
    for u in units:
        seg = segment_of(lb.brief, u.key)
        text = u.target if u.target is not None and u.target.strip() else None
        if seg is None or text is None:
            continue
        for short, ts in seg.targets.items():
            if ts.offers(text) or ts.text == text or ts.offered_before(text):
                counts[short] = counts.get(short, 0) + 1
    if not counts:
        return None
    best = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(best) > 1 and best[0][1] == best[1][1]:
        return None
    return next((t for t in lb.brief.targets if t.short == best[0][0]), None)


def _texts_of_another_target(lb: _Loaded, target: Target, units: list[Unit],
                             keys: list[str] | None = None) -> Target | None:
    """The other target of ``lb`` whose translations ``units`` (one language of one keyed file,
    labelled ``target``) hold, or None. A unit's text is ``target``'s when the brief offered it
    for ``target`` or shows it there, and another target's when it is not ``target``'s but is
    that target's (its machine text, memory match or current text, in the same segment). Such a
    text not offered for ``target`` would read as an edit of ``target`` (rows 5, 9 and 11 of
    ``readers``' table): a file whose language was relabelled (brief.ur.xlf with
    ``target-language="ps"``) would write Urdu over every Pashto segment, edits included. The
    file is taken for the other target's when more of its texts are that target's than
    ``target``'s own; a single edit that happens to equal another target's text is still an
    edit when the file's other texts are ``target``'s. A text the brief has for ``target`` and for
    another target alike (a name, a number, untranslated English; every text of the test's tiny
    models) counts for neither: such untouched units outvoted the one relabelled Urdu edit, which
    then replaced a Pashto reviewer's edit (a fresh user's report). ``keys``: the segment each
    unit goes to (default: its own ``key``)."""
    own = 0
    others: dict[str, int] = {}
    for u, key in zip(units, keys or [u.key for u in units]):
        text = u.target if u.target is not None and u.target.strip() else None
        seg = segment_of(lb.brief, key)
        if text is None or seg is None or target.short not in seg.targets:
            continue
        ts = seg.targets[target.short]
        theirs = [short for short, other in seg.targets.items()
                  if short != target.short and (other.offers(text) or other.text == text)]
        if ts.offers(text) or ts.text == text or ts.offered_before(text):
            if not theirs:  # (an earlier run's offer: a file written before a rerun, as edited/ keeps)
                own += 1
            continue  # a text the brief has for both targets (a name, a number, English left as it is) tells neither
        for short in theirs:
            others[short] = others.get(short, 0) + 1
    if not others:
        return None
    short, n = max(others.items(), key=lambda kv: kv[1])
    return next((t for t in lb.brief.targets if t.short == short), None) if n > own else None


def _match_by_source(rf: ReviewFile, briefs: list[_Loaded], result: ImportResult):
    """Another tool's TMX: each pair goes to every segment with its source, in its language."""
    index: dict[str, list[tuple[_Loaded, str]]] = {}
    for lb in briefs:
        segs = ([("title", lb.brief.title)] if lb.brief.title is not None else []) + [(str(s.index), s) for s in lb.brief.segments]
        for key, seg in segs:
            index.setdefault(normalize_source(xml_text(seg.source)), []).append((lb, key))
    out = []
    for u in rf.units:
        hits = []
        for lb, key in index.get(normalize_source(u.source or ""), []):
            target = lb.target_for(u.lang)
            if target is not None and target.short in segment_of(lb.brief, key).targets:
                hits.append((lb, key, target, u))
        if not hits:
            result.unmatched += 1
        out.extend(hits)
    if rf.units and not out:
        raise InputError(str(rf.path), f"matches no brief in {_where(briefs)}: none of its {len(rf.units)} source "
                                       "segments is a segment of those briefs in the same target language")
    return out


def _decision(rf: ReviewFile, ts: TargetSegment, key: str, target: Target, u: Unit, warnings: list[str]) -> Decision | None:
    """The decision unit ``u`` makes on segment ``key``'s target segment ``ts`` (rules:
    ``readers``' docstring and :func:`readers.xliff_decision`), a ``COMMENT`` for a unit that
    decides nothing but carries a reviewer's comment, or None. A unit whose attributes
    contradict each other decides nothing and adds a line to ``warnings``."""
    seg_key: str | int = "title" if key == "title" else int(key)
    base = dict(segment=seg_key, target=target.short, by=u.by, at=u.at, source=u.source)
    if u.target:  # (read trimmed: the text it stands for, where that differs only in white space)
        u = replace(u, target=_as_exported(ts, u.target, flat=rf.kind == "tmx" and not u.own))
    if rf.kind == "page":
        return _page_decision(ts, u, base)
    t = u.target if u.target is not None and u.target.strip() else None  # an empty target decides nothing
    status = None
    stale_note = any(n.startswith(STALE_NOTE_PREFIX) for n in (*u.tool_notes, *u.notes))
    if rf.kind == "xliff":
        u = _without_own_notes(u, ts)
    if t is not None and rf.kind == "xliff":
        status = xliff_decision(approved=u.approved, state=u.state, target=t, ts=ts, stale_note=stale_note)
        if u.approved and u.state in NOT_DONE_STATES:
            # the state says the target is not done: no approval (nor a rejection), see readers
            line = (f'{rf.path}: trans-unit id="{u.key}" ({u.lang}) has approved="yes" but state="{u.state}": '
                    "read as no decision (neither approved nor rejected), and its target text is not taken; "
                    "make the two agree and import again")
            if line not in warnings:
                warnings.append(line)
    elif t is None and rf.kind == "xliff" and _says_done(u):
        # an empty target marked done: no translation to take (an empty edit is none; the page's
        # export refuses one outright), so no decision, and the reviewer is told
        claim = 'approved="yes"' if u.approved else f'state="{u.state}"'
        line = (f'{rf.path}: trans-unit id="{u.key}" ({u.lang}) has {claim} but an empty target: read as no decision '
                '(an empty text is no translation); give it its text, or set state="needs-translation" to reject it, '
                "and import again")
        if line not in warnings:
            warnings.append(line)
    elif t is not None:
        said = not u.own and (u.by is not None or u.at is not None)  # another tool says who or when
        offered = ts.offers(t) or ts.offered_before(t)  # by this run, or by an earlier one the file was made from
        if not offered and (not is_kept(ts, t) or said) and (said or u.own or t != ts.text):
            # (another tool's pair holding the brief's own reviewed text, carried over with
            # neither who nor when, as console mode writes what tm/auto/ pre-filled, decides
            # nothing either; the brief's own TMX is read against the offered texts alone, so
            # the same file gives the same counts on every import)
            status = "edited"
        elif offered and said:
            # another tool's pair equal to an offered text is a confirmation only when the tool
            # says who or when (OmegaT's changeid/changedate); a pair it merely carried over (the
            # text that tm/auto/ pre-filled, which OmegaT writes with neither) decides nothing
            status = "approved"
    comment = u.comment if u.comment is not None else (ts.review.comment if ts.review else None)
    if status is None:
        return Decision(status=COMMENT, comment=u.comment, **base) if u.comment is not None else None
    # an approval or a rejection of a text an earlier run offered (the file was written before a
    # rerun) is one of a translation the brief no longer offers: merge records it as stale
    mt = t if status in ("approved", "rejected") and ts.offered_before(t) else None
    return Decision(status=status, text=t, mt=mt, comment=comment, **base)


def _as_exported(ts: TargetSegment, t: str, *, flat: bool = True) -> str:
    """A unit's target ``t`` (read :func:`readers.trimmed`) as the brief's text it stands for:
    ``t`` equal to the brief's text (its reviewed text, or a text it offered, now or in an
    earlier run) but for white space is that text as the brief has it, so taking an offered text
    with a space more or less is an approval, not an edit. ``flat`` (another tool's TMX):
    ``summarize review omegat`` writes each text as one line (``omegat.one_line``: a line break
    as a space), so an OmegaT translation equal to the one-line form of the brief's text is that
    text, line breaks and all; otherwise line breaks count. Any other ``t`` is itself."""
    from .omegat import one_line
    from .readers import trimmed

    if ts.text == t or ts.offers(t) or t in ts.earlier:
        return t
    fold = one_line if flat else trimmed
    folded = fold(t)
    for text in (ts.text, ts.tm, ts.mt, *ts.earlier):
        if text and fold(text) == folded:
            return text
    return t


def _without_own_notes(u: Unit, ts: TargetSegment) -> Unit:
    """XLIFF unit ``u`` with its comment made of its notes less those equal to a note the
    brief writes on ``ts`` from itself (``writers.xliff.own_notes``: QA flags, back-translation,
    the stale note): a CAT tool that drops ``from`` on a note leaves the brief's own notes
    looking like a reviewer's. (A note equal to the reviewer's comment the brief holds stays:
    it is that comment.)"""
    from ..writers.xliff import REVIEW_NOTE_ORIGIN, own_notes

    own = {text.strip() for origin, text in own_notes(ts) if origin != REVIEW_NOTE_ORIGIN}
    notes = [n for n in u.notes if n.strip() not in own]
    if len(notes) == len(u.notes):
        return u
    return replace(u, notes=notes, comment="\n".join(notes) or None)


def _page_decision(ts: TargetSegment, u: Unit, base: dict) -> Decision | None:
    """The decision of one entry of the page's export (docs/review.md, "brief.review.json"):

    * a cell nobody touched on the page decides nothing: a ``pending`` one with no ``at`` and no
      comment, and one that carries a review brief.json held (its ``at`` is in ``known``, or, in
      an export without ``known``, it is the stale review brief.json holds now, which the page
      shows and exports as ``pending``); one that carries exactly the review brief.json holds
      is a decision already in the brief;
    * ``pending`` with a comment, on a cell where brief.json holds no decision, is that
      comment; on a ``stale`` cell still showing the text the review kept (the page shows a
      stale review as pending), it is the comment too (or nothing); elsewhere it is the decision
      ``pending``: a decision taken back (Undo), or nothing to record."""
    cur = ts.review
    comment = (u.comment or "").strip()
    if u.status == "pending" and u.at is None and not comment:
        return None  # a cell the reviewer never touched: whatever the brief holds stays
    echo = cur is not None and cur.at is not None and cur.at == u.at
    if u.at is not None and not (echo and cur.status == u.status):
        if (u.known is not None and u.at in u.known) or (echo and cur.status == "stale" and u.status == "pending"):
            return None  # the review the page started from, carried through untouched
    if u.status == "pending":
        if cur is not None and cur.status == "stale" and u.target == ts.text:
            # the page shows a stale review as pending, with its kept text: a touch there is its comment
            return Decision(status=COMMENT, comment=u.comment, **base) if comment or cur.comment else None
        if comment and (cur is None or cur.status not in DECIDED):
            return Decision(status=COMMENT, comment=u.comment, **base)  # a comment on a cell with no decision
    mt = u.mt
    if mt is None and u.status in ("approved", "rejected") and u.target is not None and ts.offered_before(u.target):
        # an export that does not say what the page offered (the page's export of decisions saved
        # for an earlier version of the brief, by a page that did not save it): a text an earlier
        # run offered is what the decision was made on, so it is recorded stale, as from XLIFF
        mt = u.target
    return Decision(status=u.status, text=u.target, mt=mt, comment=u.comment, **base)


def _says_done(u: Unit) -> bool:
    """Whether XLIFF unit ``u`` says its target is done: ``approved="yes"`` or ``state``
    ``final``, ``signed-off`` or ``translated`` (rows 2-5 and 7-9 of ``readers``' table), and no
    ``needs-*`` state (beside which ``approved="yes"`` says nothing: row 1)."""
    if u.state in NOT_DONE_STATES:
        return False
    return u.approved or u.state in ("final", "signed-off", "translated")


def _files_present(lb: _Loaded) -> dict[str, bytes]:
    """Every file of every format, rendered from the updated brief, that the folder holds
    (brief.json always)."""
    from ..checks.flags import check_brief
    from ..writers import writers_for
    from .carry import add_review_flags

    check_brief(lb.brief)
    add_review_flags(lb.brief)
    out = {}
    for writer in writers_for("all"):
        for name, data in writer.render(lb.brief).items():
            if name == BRIEF_JSON or os.path.lexists(lb.folder / name):  # (a link there is moved aside, see _rewrite)
                out[name] = data
    return out


def _rewrite(lb: _Loaded, imported: list[Path]) -> None:
    """Write every file of ``lb``'s folder anew from its brief. The files imported get a copy in
    ``imported/`` first (when the new one differs); any other file edited by hand since summarize
    wrote it (its bytes are not the hash the stamp records: a reviewer's brief.tsv, an XLIFF not
    imported this time) is kept in ``edited/`` with a warning, as a rerun keeps it. A folder whose
    stamp records no hashes (written by an older version) is rewritten as before."""
    import warnings

    from ..jobs.stamp import moved_aside_warning
    from ..writers.folder import IMPORTED_DIR, edited_dir, keep_unimported_edits, move_aside

    files = _files_present(lb)
    for name in files:  # a link, FIFO or device planted at a brief file's name: moved aside unread, as a rerun does
        dest = lb.folder / name
        if os.path.lexists(dest) and not is_regular(dest):
            warnings.warn(moved_aside_warning(dest, move_aside(dest)))
    imported_real = {p.resolve() for p in imported if p.exists()}
    hashes = recorded_hashes(read_stamp(lb.folder))
    if hashes is not None:
        others = {n: data for n, data in files.items()
                  if n != BRIEF_JSON and (lb.folder / n).resolve() not in imported_real}
        names = [*others, *([BRIEF_JSON] if lb.hand_edited is not None else [])]
        for edited, copy in keep_unimported_edits(lb.folder, names, others, hashes=hashes):
            if edited.name == BRIEF_JSON:  # edited by hand: kept, and its changed texts taken, as a rerun does
                warnings.warn(hand_edit_warning(edited, copy, lb.hand_edited or []))
            else:
                warnings.warn(kept_edit_warning(edited, copy, lb.folder, [t.short for t in lb.brief.targets]))
    import hashlib

    for name, data in files.items():
        dest = lb.folder / name
        if dest.resolve() in imported_real and is_regular(dest) and (old := read_regular(dest)) != data:
            keep = lb.folder / IMPORTED_DIR / f"{dest.stem}.{hashlib.sha256(old).hexdigest()[:12]}{dest.suffix}"
            if not os.path.lexists(keep):
                atomic_write_bytes(edited_dir(lb.folder, IMPORTED_DIR) / keep.name, old)  # (never through a link)
                shutil.copystat(dest, keep, follow_symlinks=False)
    for name, data in sorted(files.items(), key=lambda kv: kv[0] == BRIEF_JSON):
        dest = lb.folder / name
        if not is_regular(dest) or read_regular(dest) != data:
            atomic_write_bytes(dest, data)
    record_rewritten(lb.folder, files)  # every file is the brief's rendering now: a rerun takes them as summarize's own


def _tm_rejections(briefs) -> list[tuple[str, str, str, str]]:
    """``(source, source_lang, target_lang, target)`` for :meth:`SqliteTM.forget`: every text
    rejected in this import (the text the segment showed, the one the file held, its MT)."""
    out = []
    for lb in briefs:
        codes = {t.short: t.code for t in lb.brief.targets}
        out.extend((source, lb.brief.source.code, codes[short], text)
                   for source, short, text in lb.rejected if short in codes)
    return out


def _tm_withdrawals(lb: _Loaded) -> list[TMEntry]:
    """The memory entries that ``lb``'s review put there and this import took back: per target
    segment whose review brief.json held as ``approved`` or ``edited`` before the import and that
    is now pending (Undo on the page), the entry :func:`_tm_entries` made of that review
    (``origin`` ``review:<stem>``, its text, status, ``by`` and ``at``), for
    :meth:`SqliteTM.withdraw`, which removes it only while the memory holds it as this review
    stored it: an entry from elsewhere (another brief, a client's TMX, a later review) stays. A
    text that was the memory's match pre-filling the segment was in the memory before this
    review approved it: it stays too."""
    try:
        before = Brief.from_dict(deepcopy(lb.data))
    except (ValueError, KeyError, TypeError):
        return []

    def units(brief: Brief):
        return ([brief.title] if brief.title is not None else []) + list(brief.segments)

    src = lb.brief.source.code
    codes = {t.short: t.code for t in lb.brief.targets}
    out = []
    for was_seg, seg in zip(units(before), units(lb.brief)):
        for short, was in was_seg.targets.items():
            now = seg.targets.get(short)
            if (was.review is None or was.review.status not in ("approved", "edited") or short not in codes
                    or now is None or (now.review is not None and now.review.status != "pending")):
                continue
            if was.tm is not None and was.tm == was.text:
                continue  # the memory's own match, approved: it was in the memory before this review
            out.append(TMEntry(was_seg.source, was.text, src, codes[short], was.review.status, f"review:{lb.stem}",
                               was.review.by, was.review.at))
    return out


def _tm_entries(lb: _Loaded) -> list[TMEntry]:
    src = lb.brief.source.code
    out = []
    segs = ([lb.brief.title] if lb.brief.title is not None else []) + list(lb.brief.segments)
    codes = {t.short: t.code for t in lb.brief.targets}
    for seg in segs:
        for short, ts in seg.targets.items():
            if ts.review is not None and ts.review.status in ("approved", "edited") and short in codes:
                out.append(TMEntry(seg.source, ts.text, src, codes[short], ts.review.status, f"review:{lb.stem}",
                                   ts.review.by, ts.review.at))
    return out
