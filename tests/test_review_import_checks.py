"""A fresh user's reports on `review import` and `tm import`, each pinned by a test that failed
before its fix:

1. a brief.review.json with two decisions for one cell, a ``"text"`` that is no string, or an
   empty edit was taken without a word (the last decision won; the number was ignored; the
   empty edit was delivered as an empty "final" translation); two XLIFF units with one id the same;
2. `review import brief.html` (the page, not its export) said "is not well-formed XML";
3. (a regression test, no fix) a page edit survives the import of an older XLIFF copy that
   leaves the segment untouched; the same copy relabelled to another target language wrote its
   Urdu over the Pashto segments, edits included;
4. `tm import` of a ``<tu>`` with two ``ur`` variants counted 2 stored for 1 entry.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from summarize.errors import InputError
from summarize.review import import_reviews
from summarize.tm import SqliteTM, tm_path
from tests.review_helpers import GOOD, make_review_brief
from tests.test_fresh_user import one_error_line, run
from tests.test_review_loop import ARTICLE, X, _batch, brief_json, page_export, snapshot, units, write_folder

EN, UR = "eng_Latn", "urd_Arab"


def _brief(tmp_path: Path) -> Path:
    return write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")


def _decision(data: dict, seg: int, target: str, status: str, text, at: str | None = "2026-12-01T20:00:00.000Z") -> dict:
    ts = data["segments"][seg]["targets"][target]
    return {"segment": seg, "target": target, "status": status, "text": text, "mt": ts["mt"], "comment": "", "at": at}


def _export(tmp_path: Path, data: dict, decisions: list[dict], name: str = "brief.review.json") -> Path:
    path = tmp_path / "Downloads" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(page_export(data, decisions), ensure_ascii=False), encoding="utf-8")
    return path


def _refused(path: Path, folder: Path) -> str:
    """Import ``path`` into ``folder`` through the CLI: it must fail with one error line naming
    the file, and change nothing. Returns the line."""
    before = snapshot(folder)
    result = run("review", "import", path, "--brief", folder, "--no-tm")
    assert result.exit_code == 1, result.output
    line = one_error_line(result)
    assert line.startswith(f"summarize: error: {path}: ")
    assert snapshot(folder) == before
    return line


# --- 1. contradictory or malformed decisions ------------------------------------------------------


def test_two_page_decisions_for_one_cell_are_an_error_naming_both(tmp_path):
    folder = _brief(tmp_path)
    data = brief_json(folder)
    ur0 = data["segments"][0]["targets"]["ur"]["text"]
    export = _export(tmp_path, data, [_decision(data, 0, "ur", "approved", ur0), _decision(data, 1, "ps", "edited", "A"),
                                      _decision(data, 2, "ur", "pending", None, at=None),
                                      _decision(data, 1, "ps", "edited", "second version")])
    line = _refused(export, folder)
    assert "decisions 1 and 3 both decide segment 1, target ps" in line


def test_two_xliff_units_with_one_id_are_an_error_naming_both(tmp_path):
    folder = _brief(tmp_path)
    root = etree.fromstring((folder / "brief.ps.xlf").read_bytes())
    first = units(etree.tostring(root))["1"]
    unit = next(u for u in root.iter(f"{X}trans-unit") if u.get("id") == "1")
    assert unit.find(f"{X}source").text == first.find(f"{X}source").text
    twin = etree.fromstring(etree.tostring(unit))
    unit.addnext(twin)
    for u, text in ((unit, "A"), (twin, "second version")):
        u.find(f"{X}target").text = text
        u.find(f"{X}target").set("state", "final")
    reviewed = tmp_path / "reviewed.ps.xlf"
    reviewed.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    line = _refused(reviewed, folder)
    assert 'trans-units 3 and 4 of the file both have id="1" (ps)' in line  # the title is unit 1


@pytest.mark.parametrize("field, value", [("text", 5), ("comment", ["x"]), ("mt", 1.5), ("at", 20261201)])
def test_a_page_decision_field_that_is_no_string_is_an_error(tmp_path, field, value):
    folder = _brief(tmp_path)
    data = brief_json(folder)
    bad = _decision(data, 1, "ps", "edited", "نوی متن")
    bad[field] = value
    ur0 = data["segments"][0]["targets"]["ur"]["text"]
    line = _refused(_export(tmp_path, data, [_decision(data, 0, "ur", "approved", ur0), bad]), folder)
    assert f'decision 1 (segment 1, target ps): "{field}" must be a string, not {value!r}' in line


@pytest.mark.parametrize("status, text", [("edited", ""), ("edited", " \n"), ("edited", None), ("approved", "")])
def test_an_empty_edit_from_the_page_is_refused(tmp_path, status, text):
    folder = _brief(tmp_path)
    data = brief_json(folder)
    bad = _decision(data, 1, "ps", status, text)
    if text is None:
        del bad["text"]
    line = _refused(_export(tmp_path, data, [bad]), folder)
    assert f'decision 0 (segment 1, target ps) is "{status}" with' in line
    assert "an empty text is no translation" in line and "Reject" in line


def test_an_xliff_unit_marked_done_with_an_empty_target_decides_nothing_and_says_so(tmp_path):
    """The XLIFF counterpart of the empty edit: never an empty translation; a warning, not an
    error (a CAT tool can leave such units; the rest of the file still counts)."""
    folder = _brief(tmp_path)
    root = etree.fromstring((folder / "brief.ur.xlf").read_bytes())
    by_id = {u.get("id"): u for u in root.iter(f"{X}trans-unit")}
    for uid, approved, state in (("0", "no", "final"), ("1", "yes", "translated")):
        by_id[uid].set("approved", approved)
        by_id[uid].find(f"{X}target").text = ""
        by_id[uid].find(f"{X}target").set("state", state)
    by_id["2"].find(f"{X}target").set("state", "needs-translation")
    reviewed = tmp_path / "reviewed.ur.xlf"
    reviewed.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    result = run("review", "import", reviewed, "--brief", folder, "--no-tm")
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[:2] == [
        f'summarize: warning: {reviewed}: trans-unit id="0" (ur) has state="final" but an empty target: read as no '
        'decision (an empty text is no translation); give it its text, or set state="needs-translation" to reject it, '
        "and import again",
        f'summarize: warning: {reviewed}: trans-unit id="1" (ur) has approved="yes" but an empty target: read as no '
        'decision (an empty text is no translation); give it its text, or set state="needs-translation" to reject it, '
        "and import again"]
    assert lines[2] == f"{reviewed}: 1 decision (1 rejected): 1 changed, 0 already in the brief ({folder})"
    ur = [s["targets"]["ur"] for s in brief_json(folder)["segments"]]
    assert [(t["text"], t["review"]) for t in ur[:2]] == [(GOOD[0][1], None), (GOOD[1][1], None)]
    assert ur[2]["review"]["status"] == "rejected"
    out = units((folder / "brief.ur.xlf").read_bytes())
    assert out["0"].find(f"{X}target").text == GOOD[0][1]
    assert out["0"].find(f"{X}target").get("state") == "needs-review-translation"


# --- 2. the page itself given to review import ----------------------------------------------------


def test_the_review_page_given_to_import_is_told_to_export(tmp_path):
    folder = _brief(tmp_path)
    line = _refused(folder / "brief.html", folder)
    assert line == (f'summarize: error: {folder / "brief.html"}: is the review page, not its export: open it in a '
                    'browser, press "Export review" and import the brief.review.json it saves')
    other = tmp_path / "page.html"
    other.write_text("\ufeff<!-- saved -->\n<!DOCTYPE HTML>\n<html><body><p>hello<br></body></html>", encoding="utf-8")
    assert "is an HTML page, not a review file" in _refused(other, folder)
    xhtml = tmp_path / "page.xhtml"
    xhtml.write_text('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', encoding="utf-8")
    assert "is an HTML page, not a review file" in _refused(xhtml, folder)


def test_the_briefs_tsv_or_text_given_to_import_says_what_to_import(tmp_path):
    # a fresh user's report: brief.tsv (it starts with a BOM, for spreadsheets) gave an XML parser error
    folder = _brief(tmp_path)
    for name in ("brief.tsv", "summary.ur.txt"):
        line = _refused(folder / name, folder)
        assert "which review import does not read (a spreadsheet or text copy is merged by hand): import the " \
               "XLIFF (brief.<target>.xlf) or the review page's brief.review.json" in line, line
    saved = tmp_path / "sheet.tsv"
    saved.write_bytes("\ufeffid\tEnglish\tur\n0\tA sentence.\tجملہ\n".encode("utf-8"))
    assert "is a TSV file, which review import does not read" in _refused(saved, folder)


# --- 3. a page edit, then an older XLIFF copy from the CAT tool ------------------------------------


def _edited_on_the_page_then_cat_tool(tmp_path: Path) -> tuple[Path, Path, dict]:
    """``(folder, older XLIFF, brief.json before)``: the Herat article briefed with a memory;
    brief.ur.xlf copied aside for a CAT tool; a page export that edits ur and ps segment 0
    imported; then, in that older copy, unit 2 approved (``approved="yes"``, ``state="final"``)
    and unit 0 left as it was (``needs-review-translation``, the machine text)."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "herat.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(src, out, tm=tm_path()).exit_code == 0
    folder = out / "herat"
    sent = tmp_path / "to-translator" / "brief.ur.xlf"
    sent.parent.mkdir()
    shutil.copy2(folder / "brief.ur.xlf", sent)
    data = brief_json(folder)
    export = _export(tmp_path, data, [_decision(data, 0, "ur", "edited", "صفحے کا ترجمہ"),
                                      _decision(data, 0, "ps", "edited", "د پاڼې ژباړه")])
    result = run("review", "import", export, "--brief", folder)
    assert result.exit_code == 0, result.output
    root = etree.fromstring(sent.read_bytes())
    by_id = {u.get("id"): u for u in root.iter(f"{X}trans-unit")}
    assert by_id["0"].find(f"{X}target").get("state") == "needs-review-translation"
    assert by_id["0"].find(f"{X}target").text == data["segments"][0]["targets"]["ur"]["mt"]
    by_id["2"].set("approved", "yes")
    by_id["2"].find(f"{X}target").set("state", "final")
    sent.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return folder, sent, data


def _tm_counts() -> dict:
    result = run("tm", "stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["pairs"]


def test_an_older_xliff_that_leaves_a_page_edit_untouched_keeps_it(tmp_path):
    folder, older, data = _edited_on_the_page_then_cat_tool(tmp_path)
    result = run("review", "import", older, "--brief", folder)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"{older}: 1 decision (1 approved): 1 changed, 0 already in the brief ({folder})"
    ur = [s["targets"]["ur"] for s in brief_json(folder)["segments"]]
    assert (ur[0]["text"], ur[0]["origin"], ur[0]["review"]["status"]) == ("صفحے کا ترجمہ", "review", "edited")
    assert ur[0]["mt"] == data["segments"][0]["targets"]["ur"]["mt"]
    assert (ur[2]["review"]["status"], ur[2]["text"]) == ("approved", data["segments"][2]["targets"]["ur"]["mt"])
    assert ur[1]["review"] is None
    lines = (folder / "summary.ur.txt").read_text(encoding="utf-8").splitlines()
    assert lines[2] == "صفحے کا ترجمہ"  # title, blank line, then segment 0
    assert _tm_counts()["eng_Latn->urd_Arab"] == {"approved": 1, "edited": 1}
    assert SqliteTM(tm_path()).lookup([data["segments"][0]["source"]], EN, UR) == ["صفحے کا ترجمہ"]


def test_an_older_xliff_relabelled_to_another_target_reverts_no_edit(tmp_path):
    folder, older, data = _edited_on_the_page_then_cat_tool(tmp_path)
    root = etree.fromstring(older.read_bytes())
    for f in root.iter(f"{X}file"):
        f.set("target-language", "ps")
    relabelled = tmp_path / "to-translator" / "brief.ps.xlf"
    relabelled.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    memory = _tm_counts()
    line = _refused(relabelled, folder)
    assert f"its units are labelled 'ps' but hold {folder}'s 'ur' translations: label them 'ur'" in line
    ps = [s["targets"]["ps"] for s in brief_json(folder)["segments"]]
    assert (ps[0]["text"], ps[0]["review"]["status"]) == ("د پاڼې ژباړه", "edited")
    assert [t["text"] for t in ps[1:]] == [s["targets"]["ps"]["mt"] for s in data["segments"][1:]]
    assert _tm_counts() == memory
    # labelled right, the same file reads as before
    assert run("review", "import", older, "--brief", folder).exit_code == 0
    assert brief_json(folder)["segments"][0]["targets"]["ps"]["text"] == "د پاڼې ژباړه"


def test_one_ps_edit_equal_to_the_urdu_text_is_still_an_edit(tmp_path):
    """The relabelling check weighs the whole file: a single edit that happens to be another
    target's text is taken as the edit it is."""
    folder = _brief(tmp_path)
    reviewed = tmp_path / "reviewed.ps.xlf"
    root = etree.fromstring((folder / "brief.ps.xlf").read_bytes())
    unit = next(u for u in root.iter(f"{X}trans-unit") if u.get("id") == "0")
    unit.find(f"{X}target").text = GOOD[0][1]  # the Urdu text, typed as the Pashto
    unit.find(f"{X}target").set("state", "final")
    reviewed.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    [res] = import_reviews([reviewed], brief=folder, tm=None)
    assert res.by_status == {"edited": 1}
    assert brief_json(folder)["segments"][0]["targets"]["ps"]["text"] == GOOD[0][1]


# --- 4. tm import of a unit with two translations in one language ---------------------------------


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="other" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en" srclang="en" datatype="plaintext"/><body>
{}</body></tmx>
"""


def _tu(en: str, *targets: tuple[str, str], tuid: str | None = None) -> str:
    tuvs = "".join(f'<tuv xml:lang="{tag}"><seg>{text}</seg></tuv>' for tag, text in targets)
    return f'<tu{f" tuid={chr(34)}{tuid}{chr(34)}" if tuid else ""}><tuv xml:lang="en"><seg>{en}</seg></tuv>{tuvs}</tu>\n'


def _tm_import(path: Path, db: Path) -> str:
    result = run("tm", "import", path, "--tm", db)
    assert result.exit_code == 0, result.output
    prefix = f"{path} into {db}: "
    assert result.stderr.startswith(prefix), result.stderr
    return result.stderr[len(prefix):].strip()


def _entries(db: Path) -> int:
    result = run("tm", "stats", "--tm", db, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["entries"]


def test_tm_import_of_a_unit_with_two_translations_in_one_language_stores_neither(tmp_path):
    db = tmp_path / "tm.sqlite"
    tus = [_tu(en, ("ur", ur)) for en, ur, _, _ in GOOD]
    tus[2] = _tu(GOOD[2][0], ("ur", GOOD[2][1]), ("ur", "ایک اور ترجمہ"))
    tus.append(_tu("The road is open.", ("ur", "سڑک کھلی ہے۔"), ("ps", "سړک خلاص دی."), ("ur", "سڑک کھلی ہے۔")))
    path = tmp_path / "client.tmx"
    path.write_text(TMX.format("".join(tus)), encoding="utf-8")
    # four GOOD pairs, the road in ur (its repeated variant is one) and in ps
    assert _tm_import(path, db) == "6 stored, 1 skipped (1 with more than one translation in one language: ur)"
    assert _entries(db) == 6
    assert SqliteTM(db).lookup([GOOD[2][0], GOOD[3][0], "The road is open."], EN, UR) == [None, GOOD[3][1], "سڑک کھلی ہے۔"]
    assert SqliteTM(db).lookup(["The road is open."], EN, "pbt_Arab") == ["سړک خلاص دی."]
    assert _tm_import(path, db) == "0 stored: 6 already in the memory, 1 skipped (1 with more than one translation in " \
                                   "one language: ur)"


def test_tm_import_of_two_tags_of_one_language_in_a_unit(tmp_path):
    """A fresh user's report: ``ur`` and ``ur-PK`` (``ps`` and ``ps-AF``) in one <tu> with
    different texts were stored as "replaced by a later translation", the later one silently
    winning. They are one language: ambiguous, skipped as ``ur`` twice is; the same text under
    both tags is one translation."""
    db = tmp_path / "tm.sqlite"
    tus = [_tu(GOOD[0][0], ("ur", "الف"), ("ur-PK", "ب")), _tu(GOOD[1][0], ("ps", "الف"), ("ps-AF", "ب")),
           _tu(GOOD[2][0], ("ur", GOOD[2][1]), ("ur-PK", GOOD[2][1]))]
    path = tmp_path / "two.tmx"
    path.write_text(TMX.format("".join(tus)), encoding="utf-8")
    assert _tm_import(path, db) == "1 stored, 2 skipped (2 with more than one translation in one language: ur, ps)"
    assert SqliteTM(db).lookup([GOOD[0][0], GOOD[2][0]], EN, UR) == [None, GOOD[2][1]]
    assert SqliteTM(db).lookup([GOOD[1][0]], EN, "pbt_Arab") == [None]


def test_tm_import_of_a_sentence_given_twice_counts_what_is_stored(tmp_path):
    db = tmp_path / "tm.sqlite"
    tus = [_tu(GOOD[0][0], ("ur", "پہلا ترجمہ")), _tu(GOOD[1][0], ("ur", GOOD[1][1])),
           _tu(GOOD[0][0], ("ur", GOOD[0][1])), _tu(GOOD[1][0], ("ur", GOOD[1][1]))]
    path = tmp_path / "twice.tmx"
    path.write_text(TMX.format("".join(tus)), encoding="utf-8")
    assert _tm_import(path, db) == ("2 stored, 2 skipped (1 replaced by a later translation of the same sentence, "
                                    "1 repeated later in the file)")
    assert _entries(db) == 2
    assert SqliteTM(db).lookup([GOOD[0][0]], EN, UR) == [GOOD[0][1]]  # the file's last word


def test_review_import_of_a_tmx_unit_with_two_translations_in_one_language_is_an_error(tmp_path):
    folder = _brief(tmp_path)
    path = tmp_path / "project_save.tmx"
    path.write_text(TMX.format(_tu(GOOD[0][0], ("ur", "پہلا ترجمہ"), ("ur", "دوسرا ترجمہ"), tuid="0")), encoding="utf-8")
    line = _refused(path, folder)
    assert '<tu> tuid="0" holds 2 different ur translations of one source' in line
    with pytest.raises(InputError, match="1 of the file holds 2 different ur translations"):
        path.write_text(TMX.format(_tu(GOOD[0][0], ("ur", "پہلا ترجمہ"), ("ur", "دوسرا ترجمہ"))), encoding="utf-8")
        import_reviews([path], brief=folder, tm=None)


def test_tm_with_no_tm_is_a_usage_error(tmp_path):
    """As in run and batch: ``--tm PATH`` and ``--no-tm`` together contradict each other (the
    memory was silently not written); exit 2 before anything is read or written."""
    memory, review = tmp_path / "tm.sqlite", tmp_path / "brief.review.json"
    review.write_text("{}", encoding="utf-8")
    result = run("review", "import", review, "--tm", memory, "--no-tm")
    assert result.exit_code == 2 and result.stderr == ("summarize: error: --no-tm: stores nothing in a translation "
                                                       "memory, yet --tm names one; drop one of the two\n"), result.output
    assert not memory.exists()


def test_a_relabelled_xliff_is_refused_when_most_texts_are_the_same_in_both_targets(tmp_path):
    """Untouched units whose machine text the brief has for Urdu and Pashto alike (a name, a
    number, untranslated English; every text of the tiny test models) counted as Pashto, so they
    outvoted the one Urdu edit of a brief.ur.xlf relabelled `ps`, which then replaced the Pashto
    reviewer's edit and went into the memory as Pashto (a fresh user's report)."""
    from summarize.brief import TargetSegment

    brief = make_review_brief(back=False, checked=False)
    for seg in [brief.title, *brief.segments]:
        seg.targets["ps"] = TargetSegment(seg.targets["ur"].text)  # the same text for both targets
    folder = write_folder(brief, tmp_path / "briefs" / "same-texts")
    data = brief_json(folder)
    assert run("review", "import", _export(tmp_path, data, [_decision(data, 0, "ps", "edited", "د پاڼې ژباړه")]),
               "--brief", folder, "--no-tm").exit_code == 0
    root = etree.fromstring((folder / "brief.ur.xlf").read_bytes())
    target = next(u for u in root.iter(f"{X}trans-unit") if u.get("id") == "0").find(f"{X}target")
    target.text, target.attrib["state"] = "صفحے کا ترجمہ", "final"
    urdu = tmp_path / "to-translator" / "brief.ur.xlf"
    urdu.parent.mkdir()
    urdu.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    assert run("review", "import", urdu, "--brief", folder, "--no-tm").exit_code == 0
    for f in root.iter(f"{X}file"):
        f.set("target-language", "ps")
    relabelled = tmp_path / "to-translator" / "brief.ps.xlf"
    relabelled.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    line = _refused(relabelled, folder)
    assert f"its units are labelled 'ps' but hold {folder}'s 'ur' translations: label them 'ur'" in line
    ps0 = brief_json(folder)["segments"][0]["targets"]["ps"]
    assert (ps0["text"], ps0["review"]["status"]) == ("د پاڼې ژباړه", "edited")


def test_a_decision_for_a_language_the_brief_never_had_is_refused_not_explained_away(tmp_path):
    """A page export deciding target `fa` on a ur/ps/prs brief was told the target had been
    "dropped by a rerun with -t" and imported nothing with exit 0 (a fresh user's report); a
    target a rerun really dropped is still a warning (its own test, in test_review_loop)."""
    folder = _brief(tmp_path)
    data = brief_json(folder)
    decision = {**_decision(data, 0, "ur", "edited", "x"), "target": "fa"}
    line = _refused(_export(tmp_path, data, [decision]), folder)
    assert line.endswith(f"decision 0 (segment 0, target fa) matches no segment of the brief in {folder}: it has no "
                         "target 'fa' (its targets: ur, ps, prs)")
    assert "dropped by a rerun" not in line
