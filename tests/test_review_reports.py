"""Fresh users' reports on the review loop and the translation memory, each pinned by a test that
failed before its fix:

1. a memory match made a review of another brief stale and overwrote its ``mt``;
2. an XLIFF unit's ``state``/``approved`` read without a table (``translated`` ignored);
3. importing the same file twice reported other counts the second time;
4. ``tm import`` of the memory's own export said "0 stored" and no reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from summarize.brief import Brief, Review, TargetSegment, brief_identity, target_from_dict
from summarize.review import import_reviews
from summarize.tm import SqliteTM, TMEntry, tm_path
from summarize.writers.tsv import parse_tsv
from tests.review_helpers import GOOD, make_review_brief
from tests.test_fresh_user import run
from tests.test_review_loop import ARTICLE, X, _batch, brief_json, cat_tool_edit, units, write_folder

EN, UR = "eng_Latn", "urd_Arab"
SENTENCE = "Officials in district 7 met on Monday to discuss a new road."  # segment 0 of ARTICLE's summary


# --- 1. a memory match is a suggestion with an origin, never a machine translation ----------------


def _edit_segment_0(folder: Path, text: str) -> None:
    """Edit Urdu segment 0 in a CAT tool (state final) and import it into the default memory."""
    reviewed = cat_tool_edit(folder / "brief.ur.xlf", folder.parent / f"{folder.name}.reviewed.ur.xlf",
                             edit={"0": text}, approve=[], reject=[])
    import_reviews([reviewed], brief=folder, tm=SqliteTM(tm_path()))


def _two_briefs(tmp_path: Path) -> tuple[Path, Path]:
    """``(src, out)``: brief ``b`` (ARTICLE) and brief ``a`` (another article with ARTICLE's
    first summary sentence), both briefed; ``b`` reviewed first, then ``a``, both editing that
    sentence, so the memory ends up holding a's translation of it."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "a.txt").write_text(ARTICLE.replace("Road plan agreed in Herat", "Bridges for Herat")
                               .replace("Residents welcomed", "Farmers welcomed"), encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(src, out, tm=tm_path()).exit_code == 0
    _edit_segment_0(out / "b", "بی کا اپنا ترجمہ")
    _edit_segment_0(out / "a", "اے کا ترجمہ")
    assert SqliteTM(tm_path()).lookup([SENTENCE], EN, UR) == ["اے کا ترجمہ"]
    return src, out


def test_a_memory_match_from_another_brief_leaves_a_review_alone_and_mt_the_machines(tmp_path):
    src, out = _two_briefs(tmp_path)
    reviewed = brief_json(out / "b")["segments"][0]["targets"]["ur"]
    assert _batch(src, out, tm=tm_path(), force=True).exit_code == 0  # b's sentence now matches a's entry
    ur = brief_json(out / "b")["segments"][0]["targets"]["ur"]
    assert ur["review"]["status"] == "edited" and ur["review"]["previous_status"] is None  # not stale
    assert ur["text"] == "بی کا اپنا ترجمہ" and ur["origin"] == "review"
    assert ur["mt"] == reviewed["mt"] == f"{UR}:{SENTENCE}"  # what the machine translated, not a's text
    assert "stale" not in [f["code"] for f in ur["flags"]]
    xlf = units((out / "b" / "brief.ur.xlf").read_bytes())["0"]
    assert (xlf.get("approved"), xlf.find(f"{X}target").get("state")) == ("yes", "final")


def test_a_memory_match_is_recorded_as_the_memorys_in_every_format(tmp_path):
    src, out = _two_briefs(tmp_path)
    (src / "c.txt").write_text(ARTICLE.replace("Road plan agreed in Herat", "Herat news"), encoding="utf-8")
    assert _batch(src, out, tm=tm_path()).exit_code == 0
    ur = brief_json(out / "c")["segments"][0]["targets"]["ur"]
    # pre-filled from the memory: the machine translated nothing for it
    assert (ur["text"], ur["tm"], ur["mt"], ur["origin"], ur["review"]) == ("اے کا ترجمہ", "اے کا ترجمہ", None, "tm", None)
    other = brief_json(out / "c")["segments"][1]["targets"]["ur"]
    assert (other["mt"], other["tm"], other["origin"]) == (other["text"], None, "mt")
    xlf = units((out / "c" / "brief.ur.xlf").read_bytes())
    assert (xlf["0"].find(f"{X}target").get("state"), xlf["0"].find(f"{X}target").get("state-qualifier")) == \
        ("translated", "exact-match")
    assert xlf["1"].find(f"{X}target").get("state-qualifier") == "leveraged-mt"
    page = (out / "c" / "brief.html").read_text(encoding="utf-8")
    cell = page[page.index('data-seg="0" data-target="ur"'):]
    cell = cell[:cell.index("</td>")]
    assert 'data-mt="اے کا ترجمہ"' in cell and 'data-origin="tm"' in cell and "from the translation memory" in cell
    assert '<span class="label">Translation memory</span>' in cell
    rows = parse_tsv((out / "c" / "brief.tsv").read_bytes())
    col = rows[0].index("ur.origin")
    assert rows[0][col - 1] == "ur" and {r[0]: r[col] for r in rows[1:]} == {"title": "mt", "0": "tm", "1": "mt", "2": "mt"}
    # a reviewer who takes the memory's match as it is approves it (no edit), from the page too
    data = brief_json(out / "c")
    export = {"format": "summarize-review", "version": 1, "brief": {"id": data["id"], "content_hash": data["content_hash"]},
              "exported_at": "2026-12-01T20:00:00Z",
              "decisions": [{"segment": 0, "target": "ur", "status": "approved", "text": "اے کا ترجمہ",
                             "mt": "اے کا ترجمہ", "comment": "", "at": "2026-12-01T19:59:00.250Z"}]}
    (out / "c" / "brief.review.json").write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    [res] = import_reviews([out / "c" / "brief.review.json"], tm=None)
    ur = brief_json(out / "c")["segments"][0]["targets"]["ur"]
    assert res.decisions == 1 and ur["review"]["status"] == "approved" and ur["origin"] == "tm"
    assert brief_json(out / "c")["content_hash"] == data["content_hash"]


def test_staleness_compares_machine_translation_with_machine_translation(tmp_path):
    """A memory match has no machine translation to compare: the review stands; a new machine
    translation of a reviewed segment still makes it stale."""
    old = TargetSegment("مشین", mt="مشین", origin="mt", review=Review("approved"))
    from summarize.review.carry import _carry_one

    new = TargetSegment("یاد", mt=None, tm="یاد", origin="tm")
    _carry_one(new, old)
    assert (new.text, new.mt, new.tm, new.origin, new.review.status) == ("مشین", "مشین", None, "mt", "approved")
    changed = TargetSegment("دوسری مشین")
    _carry_one(changed, old)
    assert (changed.text, changed.mt, changed.review.status, changed.review.previous_status) == \
        ("مشین", "دوسری مشین", "stale", "approved")


def test_an_older_brief_json_reads_its_memory_match_as_the_memorys(tmp_path):
    brief = make_review_brief()
    new = brief.to_dict()
    older = json.loads(json.dumps(new))
    for s in [older["title"], *older["segments"]]:
        for t in s["targets"].values():
            del t["tm"]
    ur0 = older["segments"][0]["targets"]["ur"]
    ur0["origin"] = "tm"  # written before `tm` was kept: `mt` held the memory's text
    ts = target_from_dict(ur0)
    assert (ts.text, ts.tm, ts.mt, ts.origin) == (GOOD[0][1], GOOD[0][1], None, "tm")
    assert target_from_dict(older["segments"][1]["targets"]["ur"]).mt == GOOD[1][1]  # machine text, as it was
    assert brief_identity(older) == brief_identity(Brief.from_dict(older)) == brief_identity(new)


# --- 2. XLIFF state and approved: one table (readers.xliff_decision), a test per row ------------


MT, TM_TEXT, KEPT, NEW = GOOD[0][1], "حافظے کا ترجمہ۔", "جائزہ لینے والے کا پرانا متن۔", "مترجم کا نیا متن۔"


@pytest.fixture
def table_folder(tmp_path: Path) -> Path:
    """make_review_brief with Urdu segment 1 pre-filled from the memory and segment 2's review
    stale (its reviewed text ``KEPT`` kept); segment 0 plain machine translation (``MT``)."""
    brief = make_review_brief()
    brief.segments[1].targets["ur"] = TargetSegment(TM_TEXT, mt=None, tm=TM_TEXT, origin="tm")
    brief.segments[2].targets["ur"] = TargetSegment(KEPT, mt=GOOD[2][1], origin="review",
                                                     review=Review("stale", previous_status="edited"))
    return write_folder(brief, tmp_path / "briefs" / "floods-xss")


def _one_unit(path: Path, uid: str, target: str, state: str | None, approved: str | None) -> Path:
    state_attr = f' state="{state}"' if state else ""
    approved_attr = f' approved="{approved}"' if approved else ""
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" '
                    'version="1.2"><file original="floods-xss" source-language="en" target-language="ur" '
                    f'datatype="plaintext"><body><trans-unit id="{uid}"{approved_attr}><source>{escape(GOOD[int(uid)][0])}'
                    f'</source><target{state_attr}>{escape(target)}</target></trans-unit></body></file></xliff>\n',
                    encoding="utf-8")
    return path


# (row, approved, state, unit id, target, the status the segment then has: None = no review)
ROWS = [
    (1, "yes", "needs-review-translation", "0", MT, None),
    (2, "yes", "translated", "0", MT, "approved"),
    (2, "yes", None, "1", TM_TEXT, "approved"),
    (3, "yes", "translated", "0", NEW, "edited"),
    (4, "no", "final", "0", MT, "approved"),
    (4, None, "signed-off", "1", TM_TEXT, "approved"),
    (5, "no", "signed-off", "0", NEW, "edited"),
    (6, "no", "needs-translation", "0", MT, "rejected"),
    (6, "no", "needs-translation", "0", NEW, "rejected"),
    (7, "no", "translated", "1", TM_TEXT, None),
    (8, "no", "translated", "0", MT, "approved"),
    (9, "no", "translated", "0", NEW, "edited"),
    (10, "no", "needs-review-translation", "0", MT, None),
    (10, None, None, "1", TM_TEXT, None),
    (10, "no", "new", "2", KEPT, "stale"),
    (11, "no", "needs-review-translation", "0", NEW, "edited"),
    (11, None, "needs-adaptation", "2", NEW, "edited"),
]


@pytest.mark.parametrize("row,approved,state,uid,target,expected", ROWS)
def test_each_row_of_the_xliff_table(table_folder, tmp_path, row, approved, state, uid, target, expected):
    xlf = _one_unit(tmp_path / "reviewed.ur.xlf", uid, target, state, approved)
    [res] = import_reviews([xlf], brief=table_folder, tm=None)
    ur = brief_json(table_folder)["segments"][int(uid)]["targets"]["ur"]
    assert (ur["review"] or {}).get("status") == expected
    decided = expected not in (None, "stale")
    assert res.by_status == ({expected: 1} if decided else {}) and res.decisions == int(decided)
    if expected == "edited":
        assert ur["text"] == NEW and ur["origin"] == "review"
    if expected in ("approved", "rejected"):
        assert ur["text"] == target if expected == "approved" else ur["text"] == (MT, TM_TEXT)[uid == "1"]
    assert bool(res.warnings) == (row == 1)


# --- 3. importing the same file again reports the same decisions, and that nothing changed -------


def test_importing_the_same_xliff_twice_counts_the_same_decisions(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    # OmegaT-like: segment 0's target edited, its state left as the brief wrote it
    reviewed = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "reviewed.ur.xlf", edit={}, approve=["1"],
                             reject=["2"], comment={"3": "check the date"})
    data = reviewed.read_text(encoding="utf-8").replace(escape(GOOD[0][1]) + "</target>", "ایک نیا ترجمہ۔</target>", 1)
    reviewed.write_text(data, encoding="utf-8")
    lines = []
    for _ in range(3):
        res = run("review", "import", reviewed, "--brief", folder, "--no-tm")
        assert res.exit_code == 0, res.output
        lines.append(res.stderr.strip())
    counts = "3 decisions (1 approved, 1 edited, 1 rejected) and 1 comment"
    assert lines[0] == f"{reviewed}: {counts}: 4 changed, 0 already in the brief ({folder})"
    assert lines[1] == lines[2] == f"{reviewed}: {counts}: 0 changed, 4 already in the brief ({folder})"
    ur = [s["targets"]["ur"] for s in brief_json(folder)["segments"]]
    assert [(t["review"] or {}).get("status") for t in ur[:4]] == ["edited", "approved", "rejected", "pending"]
    # the brief's own XLIFF, rewritten by the import, reads as the same decisions
    [own] = import_reviews([folder / "brief.ur.xlf"], brief=folder, tm=None)
    assert (own.decisions, own.by_status, own.comments, own.changed) == \
        (3, {"edited": 1, "approved": 1, "rejected": 1}, 1, 0)


# --- 4. tm import says why nothing was stored ------------------------------------------------------


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="other" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en" srclang="en" datatype="plaintext"/><body>
{}</body></tmx>
"""


def _tu(en: str, tag: str, text: str) -> str:
    return f'<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="{tag}"><seg>{text}</seg></tuv></tu>\n'


def test_tm_import_says_why_nothing_was_stored(tmp_path):
    db = tmp_path / "tm.sqlite"
    SqliteTM(db).add([TMEntry(GOOD[i][0], GOOD[i][1], EN, UR, "edited", "review:x", "Amina", "2026-12-01T20:39:55.010Z")
                      for i in range(5)])
    export = tmp_path / "export.tmx"
    assert run("tm", "export", export, "--tm", db).exit_code == 0

    def imported(path: Path) -> str:
        res = run("tm", "import", path, "--tm", db)
        assert res.exit_code == 0, res.output
        prefix = f"{path} into {db}: "
        assert res.stderr.startswith(prefix), res.stderr
        return res.stderr[len(prefix):].strip()

    # the memory's own export (its dates keep no fraction of a second): nothing new
    assert imported(export) == "0 stored: 5 already in the memory, 0 skipped"
    empty = tmp_path / "empty.tmx"
    empty.write_text(TMX.format(""), encoding="utf-8")
    assert imported(empty) == "0 stored: the file holds no translation units"
    french = tmp_path / "fr.tmx"
    french.write_text(TMX.format(_tu("The road is open.", "fr", "La route est ouverte.") * 2), encoding="utf-8")
    assert imported(french) == "0 stored: 0 already in the memory, 2 skipped (2 in a language not known: fr)"
    mixed = tmp_path / "mixed.tmx"
    mixed.write_text(TMX.format(_tu(GOOD[0][0], "ur", "ایک اور ترجمہ") + _tu("A new sentence.", "ur", "ایک نیا جملہ")
                                + _tu("Only English.", "fr", "Seulement.")), encoding="utf-8")
    assert imported(mixed) == "2 stored (1 new, 1 updated), 1 skipped (1 in a language not known: fr)"
    assert [e.target for e in SqliteTM(db).entries() if e.source == GOOD[0][0]] == ["ایک اور ترجمہ"]


def test_tm_import_of_several_files_checks_every_one_before_importing_any(tmp_path):
    # a fresh user's report: `tm import good.tmx nope.tmx` imported good.tmx, then failed
    db = tmp_path / "tm.sqlite"
    good = tmp_path / "good.tmx"
    good.write_text(TMX.format(_tu("A new sentence.", "ur", "ایک نیا جملہ")), encoding="utf-8")
    res = run("tm", "import", good, tmp_path / "nope.tmx", "--tm", db)
    assert res.exit_code == 1 and res.stderr == f"summarize: error: {tmp_path / 'nope.tmx'}: no such file\n"
    assert not db.exists() or SqliteTM(db).entries() == []


def test_the_store_counts_added_updated_and_unchanged(tmp_path):
    tm = SqliteTM(tmp_path / "tm.sqlite")
    one = TMEntry("Prices rose.", "قیمتیں بڑھ گئیں۔", EN, UR, "approved", None, "a", "2026-12-01T20:00:00Z")
    assert tm.store([one]).__dict__ == {"added": 1, "updated": 0, "unchanged": 0}
    same_second = TMEntry("Prices  rose.", one.target, EN, UR, "approved", "tmx:x", "a", "2026-12-01T20:00:00.900Z")
    other = TMEntry("Prices rose.", one.target, EN, UR, "edited", None, "a", one.at)
    assert tm.store([same_second, other, other]).__dict__ == {"added": 0, "updated": 1, "unchanged": 2}
    assert tm.add([other]) == 0 and [e.status for e in tm.entries()] == ["edited"]


def test_tm_import_of_a_briefs_own_tmx_learns_only_what_a_reviewer_decided(tiny_config, tmp_path, monkeypatch):
    # a fresh user's report: `tm import briefs/a/brief.ur.tmx` stored the 3 unreviewed machine
    # translations as approved, and a later brief then offered them as memory matches
    from tests.conftest import SEED
    from tests.test_review_loop import cat_tool_edit, units

    monkeypatch.setenv("SUMMARIZE_THREADS", "1")
    out = tmp_path / "out"
    assert run("run", SEED, "--models", tiny_config, "--offline", "--targets", "ur", "-o", out, "--no-tm").exit_code == 0
    folder = out / "afghan-truce"
    ids = list(units((folder / "brief.ur.xlf").read_bytes()))
    edited = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "a.ur.xlf", edit={ids[1]: "جنگ بندی پر بات چیت ہوئی۔"},
                           approve=[], reject=[], comment={})
    assert run("review", "import", edited, "--brief", folder, "--no-tm").exit_code == 0
    db = tmp_path / "fresh.sqlite"
    res = run("tm", "import", folder / "brief.ur.tmx", "--tm", db)
    assert res.exit_code == 0, res.output
    pending = len(ids) - 1
    assert pending >= 1 and res.stderr.endswith(
        f": 1 stored, {pending} skipped ({pending} not reviewed in their brief)\n"), res.stderr
    assert [(e.status, e.target) for e in SqliteTM(db).entries()] == [("edited", "جنگ بندی پر بات چیت ہوئی۔")]
