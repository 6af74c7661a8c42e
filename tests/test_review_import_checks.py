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
