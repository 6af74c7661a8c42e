"""A fresh reviewer's reports on which brief, target and segment `review import` takes a file
for, each pinned by a test that failed before its fix (the report's numbers):

1. a page export from one of two briefs of one article (world/a and sport/a in a batch: one id,
   one content hash) went silently into the other one, while an XLIFF went into both: now a
   file that matches several briefs is refused naming them (the page's export names the
   article's path, which tells the two apart);
3. an XLIFF without ``target-language`` was imported as Dari (the first target whose code had
   no ISO 639-1 letters "matched" the empty label): now its target comes from its name
   (``.ur.``), its ``original``, or its units' texts, else it is refused saying to add it;
4. a page export made before a rerun with a narrower ``-t`` was refused whole for an untouched
   cell of a dropped target;
7. an XLIFF or page export written before the article changed was refused whole with no way
   forward: now the error says so and ``--matching`` imports the units whose sentence the
   brief still has, onto that sentence (never by position);
10. message polish: broken XML, unit quoting, a page's decision named as such, ``"decisions":
    {}``, a missing ``"brief"``, brief.json given to import, stale approvals in the counts, and
    unbalanced bidi controls in a reviewer's text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from summarize.errors import InputError
from summarize.review import import_reviews
from tests.review_helpers import GOOD, make_review_brief
from tests.test_fresh_user import one_error_line, run
from tests.test_review_loop import X, brief_json, page_export, snapshot, units, write_folder


def _export(path: Path, data: dict, decisions: list[dict], **brief) -> Path:
    doc = page_export(data, decisions)
    doc["brief"].update(brief)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _dec(data: dict, seg, target: str, status: str, text, at: str | None = "2026-12-03T08:00:00.000Z",
         source: bool = True) -> dict:
    s = data["title"] if seg == "title" else data["segments"][seg]
    ts = s["targets"][target]
    out = {"segment": seg, "target": target, "status": status, "text": text, "mt": ts["mt"], "comment": "", "at": at}
    if source:
        out["source"] = s["source"]
    return out


def _cli(*args) -> tuple[int, str]:
    result = run("review", "import", *map(str, args), "--no-tm")
    return result.exit_code, result.stderr


# --- 1. two briefs of one article ------------------------------------------------------------------


def _two_copies(tmp_path: Path) -> tuple[Path, Path, Path]:
    root = tmp_path / "bb"
    folders = []
    for name in ("world", "sport"):
        brief = make_review_brief()
        brief.article.source = f"in/{name}/a.txt"
        folders.append(write_folder(brief, root / name / "a"))
    return root, folders[0], folders[1]


def test_a_page_export_goes_to_the_brief_it_was_made_from_of_two_copies(tmp_path):
    root, world, sport = _two_copies(tmp_path)
    data = brief_json(world)
    assert data["id"] == brief_json(sport)["id"] and data["content_hash"] == brief_json(sport)["content_hash"]
    path = _export(tmp_path / "world.json", data, [_dec(data, 0, "ur", "edited", "صرف ورلڈ")], source="in/world/a.txt")
    code, err = _cli(path, "--brief", root)
    assert code == 0, err
    assert f"({world})" in err
    assert brief_json(world)["segments"][0]["targets"]["ur"]["text"] == "صرف ورلڈ"
    assert brief_json(sport)["segments"][0]["targets"]["ur"]["review"] is None


def test_a_file_that_matches_two_copies_of_a_brief_is_refused_naming_both(tmp_path):
    root, world, sport = _two_copies(tmp_path)
    data = brief_json(world)
    before = {f: snapshot(f) for f in (world, sport)}
    # an older export (no article path), and a backup copy of world/a under --brief
    old = _export(tmp_path / "old.json", data, [_dec(data, 0, "ur", "edited", "صرف ورلڈ", source=False)])
    code, err = _cli(old, "--brief", root)
    assert code == 1
    line = one_error_line(type("Result", (), {"stderr": err, "output": err})())
    assert f"matches 2 briefs ({sport}, {world})" in line and "pass --brief with the folder of the one you reviewed" in line
    # the XLIFF follows the same rule (it went into both before)
    xlf = tmp_path / "a.ur.xlf"
    root_x = etree.fromstring((world / "brief.ur.xlf").read_bytes())
    next(iter(root_x.iter(f"{X}target"))).text = "صرف ورلڈ"
    next(iter(root_x.iter(f"{X}target"))).set("state", "final")
    xlf.write_bytes(etree.tostring(root_x, xml_declaration=True, encoding="UTF-8"))
    code, err = _cli(xlf, "--brief", root)
    assert code == 1 and f"matches 2 briefs ({sport}, {world})" in err
    assert {f: snapshot(f) for f in (world, sport)} == before
    # a backup copy of the brief folder: the article's path does not tell them apart either
    import shutil

    backup = shutil.copytree(world, root / "world" / "a.bak")
    new = _export(tmp_path / "new.json", data, [_dec(data, 0, "ur", "edited", "صرف ورلڈ")], source="in/world/a.txt")
    code, err = _cli(new, "--brief", root / "world")
    assert code == 1 and f"matches 2 briefs ({world}, {backup})" in err
    code, err = _cli(new, "--brief", world)
    assert code == 0, err


# --- 3. an XLIFF without target-language -----------------------------------------------------------


def _without_language(folder: Path, out: Path, short: str = "ur", text: str = "نیا") -> Path:
    root = etree.fromstring((folder / f"brief.{short}.xlf").read_bytes())
    for f in root.iter(f"{X}file"):
        del f.attrib["target-language"]
    unit = units(etree.tostring(root))["0"]
    unit = next(u for u in root.iter(f"{X}trans-unit") if u.get("id") == unit.get("id"))
    unit.find(f"{X}target").text = text
    unit.find(f"{X}target").set("state", "final")
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return out


def test_an_xliff_without_target_language_takes_the_target_its_name_says(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    path = _without_language(folder, tmp_path / "nolang.ur.xlf")
    (res,) = import_reviews([path], brief=folder, tm=None)
    assert res.changed == 1
    data = brief_json(folder)
    assert data["segments"][0]["targets"]["ur"]["text"] == "نیا"
    assert all(data["segments"][0]["targets"][t]["review"] is None for t in ("ps", "prs"))  # never Dari


def test_an_xliff_without_target_language_takes_the_target_its_units_hold(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    path = _without_language(folder, tmp_path / "nolang.xlf", short="ps", text="نوی")
    import_reviews([path], brief=folder, tm=None)
    assert brief_json(folder)["segments"][0]["targets"]["ps"]["text"] == "نوی"


def test_an_xliff_without_target_language_that_says_nothing_is_refused(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    path = _without_language(folder, tmp_path / "nolang.xlf")
    root = etree.fromstring(path.read_bytes())
    for t in root.iter(f"{X}target"):
        t.text = "کچھ اور"  # no text the brief offered: nothing tells the target
        t.set("state", "final")
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    before = snapshot(folder)
    with pytest.raises(InputError, match=r'has no target-language.*add target-language \(one of "ur", "ps", "fa-AF"\)'):
        import_reviews([path], brief=folder, tm=None)
    assert snapshot(folder) == before


# --- 4. a target a rerun dropped -------------------------------------------------------------------


def _only_ur(brief):
    brief.targets = [t for t in brief.targets if t.short == "ur"]
    for seg in [brief.title, *brief.segments]:
        seg.targets = {"ur": seg.targets["ur"]}
    return brief


def test_a_page_export_from_before_a_narrower_rerun_imports_its_urdu(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    data = brief_json(folder)
    untouched = _dec(data, "title", "ps", "pending", data["title"]["targets"]["ps"]["text"], at=None)
    decided = _dec(data, 1, "prs", "approved", data["segments"][1]["targets"]["prs"]["text"])
    path = _export(tmp_path / "review.json", data, [untouched, _dec(data, 0, "ur", "edited", "اردو ترمیم")])
    write_folder(_only_ur(make_review_brief()), folder)  # `run -t ur`
    (res,) = import_reviews([path], brief=folder, tm=None)
    assert (res.decisions, res.changed, res.warnings) == (1, 1, [])
    assert brief_json(folder)["segments"][0]["targets"]["ur"]["text"] == "اردو ترمیم"
    # a decided cell of the dropped target: left out, and the warning says why
    path = _export(tmp_path / "review2.json", data, [untouched, decided])
    (res,) = import_reviews([path], brief=folder, tm=None)
    assert res.decisions == 0
    (line,) = res.warnings
    assert "decision 1 (segment 1, target prs)" in line and "has no target 'prs' any more (dropped by a rerun with -t" in line


# --- 7. a file written before the article changed -------------------------------------------------


def _changed_article(folder: Path, text: bool = False) -> None:
    """Rerun with the first summary sentence gone: segment 1 is now segment 0, and so on
    (``text``: and the article's text changed, so the brief's id too)."""
    brief = make_review_brief()
    if text:
        brief.article.paragraphs = [p.replace("a", "ä", 1) for p in brief.article.paragraphs]
    del brief.segments[0]
    for i, seg in enumerate(brief.segments):
        seg.index = i
    write_folder(brief, folder)


def test_an_old_xliff_is_refused_saying_the_article_changed_and_matching_imports_by_source(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    root = etree.fromstring((folder / "brief.ur.xlf").read_bytes())
    for u in root.iter(f"{X}trans-unit"):
        if u.get("id") in ("0", "2"):
            u.find(f"{X}target").text = f"ترمیم {u.get('id')}"
            u.find(f"{X}target").set("state", "final")
    old = tmp_path / "old.ur.xlf"
    old.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    _changed_article(folder)
    before = snapshot(folder)
    code, err = _cli(old, "--brief", folder)
    assert code == 1
    assert 'the source of trans-unit id="0" is not segment 0\'s' in err and "the article changed since the file was written" in err
    assert "--matching" in err and snapshot(folder) == before
    code, err = _cli(old, "--brief", folder, "--matching")
    assert code == 0, err
    assert "1 unit of it is on sentences the brief no longer has" in err and "1 unit matched no segment" in err
    segs = brief_json(folder)["segments"]
    # unit 2 (GOOD[2]) is segment 1 now: its edit goes there, not to the segment at its old place
    assert segs[1]["source"] == GOOD[2][0] and segs[1]["targets"]["ur"]["text"] == "ترمیم 2"
    assert [s["targets"]["ur"]["review"] for i, s in enumerate(segs) if i != 1] == [None] * (len(segs) - 1)


@pytest.mark.parametrize("text", [False, True], ids=["same-id", "new-id"])
def test_an_old_page_export_is_refused_and_matching_imports_it_by_source(tmp_path, text):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    data = brief_json(folder)
    path = _export(tmp_path / "old.json", data, [_dec(data, 0, "ur", "edited", "ترمیم 0"),
                                                 _dec(data, 2, "ur", "edited", "ترمیم 2"),
                                                 _dec(data, 3, "ps", "pending", "x", at=None)])
    _changed_article(folder, text=text)
    assert (brief_json(folder)["id"] != data["id"]) == text
    said = ("matches no brief in .*: if the article changed since the export was made, import with --matching" if text
            else "the article changed since the export was made; import with --matching")
    with pytest.raises(InputError, match=said):
        import_reviews([path], brief=folder, tm=None)
    (res,) = import_reviews([path], brief=folder, tm=None, matching=True)
    assert (res.decisions, res.changed, res.unmatched) == (1, 1, 1)
    assert res.warnings == [f"{path}: 1 unit of it is on sentences the brief no longer has (the article changed since "
                            "the file was written): not imported"]
    segs = brief_json(folder)["segments"]
    assert segs[1]["targets"]["ur"]["text"] == "ترمیم 2" and segs[2]["targets"]["ur"]["review"] is None


def test_a_page_decision_whose_sentence_moved_is_never_applied_by_position(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    data = brief_json(folder)
    dec = _dec(data, 2, "ur", "edited", "ترمیم 2")
    dec["segment"] = 1  # the export says segment 1, but its sentence is segment 2's
    path = _export(tmp_path / "moved.json", data, [dec])
    with pytest.raises(InputError, match=r"decision 0 \(segment 1, target ur\) was made on the sentence .*not segment 1"):
        import_reviews([path], brief=folder, tm=None)
    import_reviews([path], brief=folder, tm=None, matching=True)
    segs = brief_json(folder)["segments"]
    assert segs[2]["targets"]["ur"]["text"] == "ترمیم 2" and segs[1]["targets"]["ur"]["review"] is None


# --- 10. messages ----------------------------------------------------------------------------------


def test_broken_xml_says_its_position_once(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    path = tmp_path / "broken.ur.xlf"
    path.write_bytes((folder / "brief.ur.xlf").read_bytes()[:1500])
    with pytest.raises(InputError) as exc:
        import_reviews([path], brief=folder, tm=None)
    text = str(exc.value)
    assert "is not well-formed XML at line " in text and "<string>" not in text
    assert text.count("line") <= 2 and "opened on line" in text


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(decisions={}), '"decisions" must be a list, not {}'),
    (lambda d: d.pop("brief"), 'lacks "brief" \\(an object with the brief\'s "id" and "content_hash"\\)'),
    (lambda d: d.update(brief={}), '"brief" names no brief'),
])
def test_a_malformed_page_export_says_what_is_wrong(tmp_path, change, message):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    doc = page_export(brief_json(folder), [])
    change(doc)
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        import_reviews([path], brief=folder, tm=None)


def test_a_long_page_text_names_the_decision_and_brief_json_is_told_to_export(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    data = brief_json(folder)
    path = _export(tmp_path / "long.json", data, [_dec(data, 0, "ur", "approved", data["segments"][0]["targets"]["ur"]["text"]),
                                                  _dec(data, 2, "ur", "edited", "x" * 10_001)])
    with pytest.raises(InputError, match=r"decision 1 \(segment 2, target ur\): its text is 10,001 characters long") as exc:
        import_reviews([path], brief=folder, tm=None)
    assert "XML" not in str(exc.value)
    with pytest.raises(InputError, match=r'is a brief \(brief.json\) itself, not a review of one: .*"Export review"'):
        import_reviews([folder / "brief.json"], brief=folder, tm=None)


def test_an_unknown_unit_of_an_xliff_is_quoted_once(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    root = etree.fromstring((folder / "brief.ur.xlf").read_bytes())
    a, b = [u for u in root.iter(f"{X}trans-unit") if u.get("id") in ("0", "2")]
    a.set("id", "2")
    b.set("id", "0")
    path = tmp_path / "swapped.ur.xlf"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    with pytest.raises(InputError, match=r"the source of trans-unit id=\"2\" is not segment 2's of ") as exc:
        import_reviews([path], brief=folder, tm=None)
    assert "''s" not in str(exc.value)


def test_stale_approvals_say_stale_in_the_counts_line(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    data = brief_json(folder)
    old_mt = data["segments"][0]["targets"]["ur"]["mt"]
    brief = make_review_brief()
    brief.segments[0].targets["ur"].text = brief.segments[0].targets["ur"].mt = "نیا مشینی ترجمہ"
    write_folder(brief, folder)  # a rerun that translates segment 0 anew: the old text is an earlier offer
    assert old_mt in brief_json(folder)["segments"][0]["targets"]["ur"]["earlier"]
    path = _export(tmp_path / "old.json", data, [_dec(data, 0, "ur", "approved", old_mt)])
    (res,) = import_reviews([path], brief=folder, tm=None)
    assert brief_json(folder)["segments"][0]["targets"]["ur"]["review"]["status"] == "stale"
    assert res.describe() == ("1 decision (1 approved; 1 stale: on a translation an earlier run offered, recorded as "
                              "stale): 1 changed, 0 already in the brief")


def test_a_reviewers_unbalanced_bidi_controls_are_closed_in_every_format(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    data = brief_json(folder)
    path = _export(tmp_path / "bidi.json", data, [_dec(data, 0, "ur", "edited", "نمبر \u202e123 اور")])
    import_reviews([path], brief=folder, tm=None)
    text = brief_json(folder)["segments"][0]["targets"]["ur"]["text"]
    assert text == "نمبر \u202e123 اور\u202c"
    from summarize.review.readers import balance_bidi

    row = next(r for r in (folder / "brief.tsv").read_text(encoding="utf-8").splitlines() if "\u202e" in r)
    assert row.count("\u202e") == row.count("\u202c") == 1
    assert balance_bidi("a\u202cb\u2067c") == "ab\u2067c\u2069"  # a stray closer goes, an open isolate is closed
    assert balance_bidi("\u2067a\u202bb\u2069") == "\u2067a\u202bb\u202c\u2069"  # PDI closes the embedding inside
    assert balance_bidi("\u200fا\u200e") == "\u200fا\u200e"  # marks open nothing: kept
