"""A fresh user's report: a translation the reviewer rejected was still delivered as if good (in
summary.ur.txt, brief.md, brief.tsv, and as a normal unit of brief.ur.tmx). Now the TMX leaves
rejected units out, the plain deliverables show REJECTED_TEXT in their place, the review files
(XLIFF, brief.json, the page) still show the rejected text, and the memory never keeps it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lxml import etree

from summarize.review import import_reviews
from summarize.tm import SqliteTM, TMEntry, tm_path
from summarize.tm.tmx import import_tmx
from summarize.writers.base import REJECTED_TEXT
from summarize.writers.tsv import parse_tsv
from tests.review_helpers import GOOD, make_review_brief
from tests.test_review_loop import (ARTICLE, OtherTranslator, X, _batch, assert_valid, brief_json, cat_tool_edit, units,
                                    validators, write_folder)  # noqa: F401 (validators: a fixture)

EN, UR = "eng_Latn", "urd_Arab"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def reject_xliff(xlf: Path, out: Path, ids: list[str]) -> Path:
    """``xlf`` as a CAT tool leaves it when the reviewer rejects ``ids``: state needs-translation,
    approved no (over an earlier approval)."""
    cat_tool_edit(xlf, out, edit={}, approve=[], reject=ids)
    root = etree.fromstring(out.read_bytes())
    for u in root.iter(f"{X}trans-unit"):
        if u.get("id") in ids:
            u.set("approved", "no")
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return out


def _rejected_folder(tmp_path: Path, tm: SqliteTM | None = None) -> Path:
    """make_review_brief's folder with Urdu segment 2 and the Urdu title rejected (a comment on
    2), segment 0 approved."""
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    xlf = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "reviewed.ur.xlf", edit={}, approve=["0"],
                        reject=["2", "title"], comment={"2": "wrong tense"})
    [res] = import_reviews([xlf], brief=folder, tm=tm)
    assert res.changed == 3
    return folder


def test_rejected_text_is_not_delivered_but_stays_in_the_review_files(tmp_path, validators):
    folder = _rejected_folder(tmp_path)
    data = brief_json(folder)
    title_ur = data["title"]["targets"]["ur"]["text"]
    rejected = GOOD[2][1]

    # summary.ur.txt: the line of each rejected segment is the mark; the lines still align.
    lines = (folder / "summary.ur.txt").read_text(encoding="utf-8").splitlines()
    en = (folder / "summary.en.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(en)
    assert lines[0] == REJECTED_TEXT and lines[4] == REJECTED_TEXT
    assert lines[2] == GOOD[0][1] and lines[3] == GOOD[1][1]
    # brief.md and brief.tsv: the mark, never the rejected text.
    md = (folder / "brief.md").read_text(encoding="utf-8")
    assert rejected not in md and "\\[rejected in review: no translation yet\\]" in md
    rows = {r[0]: r for r in parse_tsv((folder / "brief.tsv").read_bytes())}
    ur = rows["id"].index("ur")
    assert rows["2"][ur] == rows["title"][ur] == REJECTED_TEXT and rows["1"][ur] == GOOD[1][1]
    # The other targets are untouched.
    assert (folder / "summary.ps.txt").read_text(encoding="utf-8").splitlines()[4] == GOOD[2][2]
    assert GOOD[2][2] in (folder / "brief.md").read_text(encoding="utf-8")

    # brief.ur.tmx: no unit for a rejected segment; the others as before; still valid TMX.
    tmx = (folder / "brief.ur.tmx").read_bytes()
    tuids = [tu.get("tuid") for tu in etree.fromstring(tmx).iter("tu")]
    assert tuids == ["0", "1", "3", "4", "5"]
    assert rejected.encode() not in tmx and title_ur.encode() not in tmx
    assert_valid(tmx, validators)
    assert [tu.get("tuid") for tu in etree.fromstring((folder / "brief.ps.tmx").read_bytes()).iter("tu")] == \
           ["title", "0", "1", "2", "3", "4", "5"]

    # The reviewer's files still show it, marked rejected.
    xlf = units((folder / "brief.ur.xlf").read_bytes())
    assert xlf["2"].find(f"{X}target").text == rejected and xlf["2"].find(f"{X}target").get("state") == "needs-translation"
    assert data["segments"][2]["targets"]["ur"]["text"] == rejected
    assert data["segments"][2]["targets"]["ur"]["review"]["status"] == "rejected"
    page = (folder / "brief.html").read_text(encoding="utf-8")
    assert rejected in page and 'data-status="rejected"' in page

    # Importing the brief's own TMX or the XLIFF again changes nothing.
    before = snapshot(folder)
    import_reviews([folder / "brief.ur.tmx"], brief=folder)
    import_reviews([tmp_path / "reviewed.ur.xlf"], brief=folder)
    assert snapshot(folder) == before


def test_a_rejection_takes_the_text_out_of_the_memory(tmp_path):
    """Segment 2 approved (the memory learns it), then rejected: the memory forgets it. An edit
    rejected later goes too; another translation of a rejected sentence stays."""
    tm = SqliteTM(tmp_path / "tm.sqlite")
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    first = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "1.ur.xlf", edit={"1": "ترمیم شدہ جملہ۔"},
                          approve=["0", "2"], reject=[])
    import_reviews([first], brief=folder, tm=tm)
    sources = [GOOD[0][0], GOOD[1][0], GOOD[2][0]]
    assert tm.lookup(sources, EN, UR) == [GOOD[0][1], "ترمیم شدہ جملہ۔", GOOD[2][1]]
    tm.add([TMEntry(GOOD[3][0], "ایک اور ترجمہ۔", EN, UR, "approved", "tmx:client.tmx", None, None)])

    second = reject_xliff(folder / "brief.ur.xlf", tmp_path / "2.ur.xlf", ["1", "2", "3"])
    import_reviews([second], brief=folder, tm=tm)
    assert tm.lookup(sources, EN, UR) == [GOOD[0][1], None, None]
    assert tm.lookup([GOOD[3][0]], EN, UR) == ["ایک اور ترجمہ۔"]  # the client's translation was not rejected
    assert all(e.target not in (GOOD[2][1], "ترمیم شدہ جملہ۔") for e in tm.entries())


def test_a_rejected_translation_is_not_served_to_the_next_article(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "herat.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(src, out, tm=tm_path()).exit_code == 0
    folder = out / "herat"
    ids = list(units((folder / "brief.ur.xlf").read_bytes()))
    approve = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "a.ur.xlf", edit={}, approve=ids, reject=[])
    import_reviews([approve], brief=folder, tm=SqliteTM(tm_path()))
    reject = reject_xliff(folder / "brief.ur.xlf", tmp_path / "r.ur.xlf", ["1"])
    import_reviews([reject], brief=folder, tm=SqliteTM(tm_path()))
    (src / "herat-copy.txt").write_text(ARTICLE, encoding="utf-8")
    assert _batch(src, out, tm=tm_path()).exit_code == 0
    copy = brief_json(out / "herat-copy")
    assert [s["targets"]["ur"]["origin"] for s in copy["segments"]] == ["tm", "mt", "tm"]
    # The rejected brief itself, rerun with another MT: the rejection is stale and the new MT is delivered.
    assert _batch(src, out, tm=tm_path(), force=True, use_translator=OtherTranslator()).exit_code == 0
    seg1 = brief_json(folder)["segments"][1]["targets"]["ur"]
    assert seg1["review"]["status"] == "stale" and seg1["review"]["previous_status"] == "rejected"
    assert (folder / "summary.ur.txt").read_text(encoding="utf-8").splitlines()[3] == seg1["mt"]


def test_tm_import_of_an_older_brief_tmx_skips_its_rejected_units(tmp_path):
    """A brief TMX written before rejected units were left out marks them x-review-status
    rejected: `tm import` (a client's memory, taken as approved) does not learn them."""
    tmx = tmp_path / "old.ur.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="summarize" '
        'creationtoolversion="0" datatype="PlainText" segtype="sentence" adminlang="en" srclang="en" o-tmf="summarize brief.json"/>'
        f'<body><tu tuid="0"><prop type="x-origin">mt</prop><prop type="x-review-status">approved</prop>'
        f'<tuv xml:lang="en"><seg>{GOOD[0][0]}</seg></tuv><tuv xml:lang="ur"><seg>{GOOD[0][1]}</seg></tuv></tu>'
        f'<tu tuid="1"><prop type="x-origin">mt</prop><prop type="x-review-status">rejected</prop>'
        f'<tuv xml:lang="en"><seg>{GOOD[1][0]}</seg></tuv><tuv xml:lang="ur"><seg>{GOOD[1][1]}</seg></tuv></tu>'
        "</body></tmx>\n", encoding="utf-8")
    tm = SqliteTM(tmp_path / "tm.sqlite")
    done = import_tmx(tm, tmx)
    assert (done.stored, done.skipped) == (1, {"rejected in review": 1})
    assert tm.lookup([GOOD[0][0], GOOD[1][0]], EN, UR) == [GOOD[0][1], None]


def test_a_rejected_memory_match_goes_stale_when_the_rerun_machine_translates_it():
    """A fresh user's report: a segment pre-filled from the memory (a client TMX) was rejected
    (the memory forgot the text); the rerun translated it, but the review stayed ``rejected``
    with the client's text in ``text`` and ``tm``, origin ``tm``, so no file ever showed the new
    machine translation. Now it goes stale, as a rejected MT does when the MT changes."""
    from summarize.brief import Review, TargetSegment
    from summarize.review.carry import carry_reviews

    old = make_review_brief(back=False, checked=False)
    client = "کلائنٹ ترجمہ"
    old.segments[1].targets["ur"] = TargetSegment(client, mt=None, tm=client, origin="tm",
                                                  review=Review(status="rejected", comment="no", by="W", at="2026-12-03T08:00:00Z"))
    new = make_review_brief(back=False, checked=False)
    mt = new.segments[1].targets["ur"].text
    assert carry_reviews(new, old.to_dict()) == 1
    ts = new.segments[1].targets["ur"]
    assert (ts.text, ts.mt, ts.tm, ts.origin) == (mt, mt, None, "mt")
    assert ts.review.status == "stale" and ts.review.previous_status == "rejected" and ts.review.comment == "no"
    assert any(f.code == "stale" for f in ts.flags)
    # the memory still holds the rejected text (another match): the rejection stands
    old.segments[1].targets["ur"].mt = mt
    again = make_review_brief(back=False, checked=False)
    again.segments[1].targets["ur"] = TargetSegment(client, mt=mt, tm=client, origin="tm")
    carry_reviews(again, old.to_dict())
    ts = again.segments[1].targets["ur"]
    assert ts.review.status == "rejected" and ts.text == client


def test_a_stale_review_is_restored_when_a_rerun_offers_the_reviewed_translation_again():
    """A fresh user's report: reviews made on model A's text went stale on a rerun with model B,
    and stayed stale when a rerun with A offered the very text reviewed again, so the rejected
    text was delivered (summary.prs.txt) and the approved one counted for nothing."""
    from summarize.brief import Review, TargetSegment
    from summarize.review.carry import carry_reviews

    def brief_with(texts):
        b = make_review_brief(back=False, checked=False)
        for seg, text in zip(b.segments, texts):
            seg.targets["ur"] = TargetSegment(text, mt=text)
        return b

    a = ["پہلا ترجمہ الف", "دوسرا ترجمہ الف", "تیسرا ترجمہ الف"]
    b = ["پہلا ترجمہ ب", "دوسرا ترجمہ ب", "تیسرا ترجمہ ب"]
    first = brief_with(a)
    first.segments[0].targets["ur"].review = Review(status="approved", by="W", at="2026-12-04T08:00:00Z")
    first.segments[1].targets["ur"].review = Review(status="rejected", comment="wrong", by="W", at="2026-12-04T08:00:00Z")
    first.segments[2].targets["ur"].text = "تیسرا ترجمہ درست"
    first.segments[2].targets["ur"].review = Review(status="edited", by="W", at="2026-12-04T08:00:00Z")
    second = brief_with(b)
    assert carry_reviews(second, first.to_dict()) == 3
    assert [s.targets["ur"].review.status for s in second.segments[:3]] == ["stale"] * 3
    assert [s.targets["ur"].review.reviewed_mt for s in second.segments[:3]] == a
    third = brief_with(a)  # back on the first models: the texts reviewed are offered again
    assert carry_reviews(third, second.to_dict()) == 3
    got = [(s.targets["ur"].review.status, s.targets["ur"].text) for s in third.segments[:3]]
    assert got == [("approved", a[0]), ("rejected", a[1]), ("edited", "تیسرا ترجمہ درست")]
    assert third.segments[1].targets["ur"].review.comment == "wrong"
    assert not any(f.code == "stale" for s in third.segments[:3] for f in s.targets["ur"].flags)
    # and through brief.json: the stale review's reviewed_mt is written and read back
    from summarize.brief import Brief
    again = Brief.from_dict(second.to_dict())
    assert again.segments[1].targets["ur"].review.reviewed_mt == a[1]
    assert "reviewed_mt" not in first.to_dict()["segments"][0]["targets"]["ur"]["review"]
