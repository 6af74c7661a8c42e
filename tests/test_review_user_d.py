"""A fresh translation reviewer's reports on the review loop (user D), each pinned by a test that
failed before its fix:

1. an edit imported from a TMX was stored with ``at: null`` (or with the unit's old
   ``changeid``/``changedate``, the earlier reviewer's, even when the text changed), so a page
   export made before that import overwrote it silently, and took it out of the memory; the
   same edit from an XLIFF was kept with a conflict warning;
2. the import's messages: hand-swapped ``segment`` numbers in a page export of the brief as it
   is were blamed on a changed article; an export of another article file advised
   ``--matching``; a rerun with a narrower ``-t`` advised an import that could not work yet.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from summarize.review import import_reviews
from summarize.tm import SqliteTM
from tests.test_fresh_user import run
from tests.test_review_loop import OMEGAT_TMX, brief_json
from tests.test_review_user_b import _cell, _herat, _memory, _page, _ps

TMX_EDIT = "په هرات کې د نوي سړک پلان ومنل شو."
LATE = "2099-01-01T00:00:00.000Z"  # a page decision made after the TMX import


def _tmx_with(folder: Path, out: Path, key: str, text: str) -> Path:
    """The brief's own ``brief.ps.tmx`` with the Pashto ``<seg>`` of ``tuid=key`` replaced by
    ``text``, as a reviewer edits it by hand or in a TMX editor (its changeid/changedate kept)."""
    from lxml import etree

    root = etree.fromstring((folder / "brief.ps.tmx").read_bytes())
    tu = next(t for t in root.iter("tu") if t.get("tuid") == key)
    tu.findall("tuv")[-1].find("seg").text = text
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return out


def _is_recent(at: str | None) -> bool:
    when = datetime.fromisoformat(at.replace("Z", "+00:00"))
    return abs((datetime.now(timezone.utc) - when).total_seconds()) < 600


# --- 1. a TMX edit gets a time, and a late page export does not overwrite it -------------------------


def test_a_tmx_edit_gets_the_import_time_and_a_late_page_export_keeps_it(tmp_path):
    src, out, folder, tm = _herat(tmp_path)
    mt0 = _ps(folder, "0")["mt"]
    page_cell = _cell(folder, "0", "ps", "approved", mt0, LATE, known=[])  # the page was opened before the import
    tmx = _tmx_with(folder, tmp_path / "t2.ps.tmx", "0", TMX_EDIT)
    result = run("review", "import", tmx, "--brief", folder, "--reviewer", "TMX Person", "--no-tm")
    assert result.exit_code == 0, result.output
    review = _ps(folder, "0")["review"]
    assert (review["status"], review["by"]) == ("edited", "TMX Person")
    assert review["at"] is not None and _is_recent(review["at"])  # was None

    page = _page(folder, [page_cell], tmp_path, "p5.json")
    result = run("review", "import", page, "--brief", folder, "--no-tm")
    assert result.exit_code == 0, result.output
    assert f"{page}: 1 decision (1 approved): 0 changed, 0 already in the brief, 1 conflict (the brief's newer review kept)" \
        in result.stderr
    warning = next(x for x in result.stderr.splitlines() if x.startswith("summarize: warning:"))
    assert "decision 0 (segment 0, target ps)" in warning and "kept that newer review" in warning
    assert _ps(folder, "0")["text"] == TMX_EDIT and _ps(folder, "0")["review"]["status"] == "edited"


def test_with_the_memory_on_a_late_page_export_leaves_the_tmx_edit_in_the_memory(tmp_path):
    src, out, folder, tm = _herat(tmp_path)
    source = brief_json(folder)["segments"][0]["source"]
    mt0 = _ps(folder, "0")["mt"]
    page_cell = _cell(folder, "0", "ps", "approved", mt0, LATE, known=[])
    import_reviews([_tmx_with(folder, tmp_path / "t2.ps.tmx", "0", TMX_EDIT)], brief=folder, tm=SqliteTM(tm),
                   reviewer="TMX Person")
    assert _memory(tm)[source] == (TMX_EDIT, "edited")
    [res] = import_reviews([_page(folder, [page_cell], tmp_path, "p5.json")], brief=folder, tm=SqliteTM(tm))
    assert res.conflicts == 1 and res.changed == 0, res.describe()
    assert _memory(tm)[source] == (TMX_EDIT, "edited")
    e = next(e for e in SqliteTM(tm).entries() if e.source == source and e.target_lang == "pbt_Arab")
    assert e.by == "TMX Person" and e.at is not None


@pytest.mark.parametrize("reviewer", ["TMX Person", None])
def test_a_text_changed_under_an_earlier_reviews_stamp_is_a_new_edit_by_the_importer(tmp_path, reviewer):
    src, out, folder, tm = _herat(tmp_path)
    earlier = "2026-12-01T10:00:00.000Z"
    page = _page(folder, [_cell(folder, "0", "ps", "edited", "د نادیې سمون", earlier)], tmp_path, "amina.json")
    import_reviews([page], brief=folder, tm=None)
    assert _ps(folder, "0")["review"]["by"] == "Nadia"
    tmx_text = (folder / "brief.ps.tmx").read_text(encoding="utf-8")
    assert 'changeid="Nadia"' in tmx_text and 'changedate="20261201T100000Z"' in tmx_text
    tmx = _tmx_with(folder, tmp_path / "t3.ps.tmx", "0", TMX_EDIT)  # only the <seg> changed
    [res] = import_reviews([tmx], brief=folder, tm=None, reviewer=reviewer)
    assert res.describe() == "1 decision (1 edited): 1 changed, 0 already in the brief"
    review = _ps(folder, "0")["review"]
    assert _ps(folder, "0")["text"] == TMX_EDIT
    assert review["by"] == reviewer and review["at"] != "2026-12-01T10:00:00Z" and _is_recent(review["at"])
    # and that newer edit is protected from a page decision that knew only Nadia's review
    late = _cell(folder, "0", "ps", "approved", _ps(folder, "0")["mt"], LATE, known=[earlier])
    [res] = import_reviews([_page(folder, [late], tmp_path, "late.json")], brief=folder, tm=None)
    assert res.conflicts == 1 and _ps(folder, "0")["text"] == TMX_EDIT
    # the brief's own TMX read back changes nothing
    [again] = import_reviews([folder / "brief.ps.tmx"], tm=None)
    assert again.changed == 0


def test_an_omegat_edit_dated_after_the_briefs_review_keeps_its_date_an_older_one_gets_the_import_time(tmp_path):
    from tests.review_helpers import GOOD, make_review_brief
    from tests.test_review_loop import write_folder

    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    data = brief_json(folder)
    mt = [s["targets"]["ur"]["mt"] for s in data["segments"][:2]]
    # the brief holds page reviews of ur 0 (at 19:50, before OmegaT's 19:55) and ur 1 (at 20:30, after 19:56)
    cells = [{"segment": 0, "target": "ur", "status": "approved", "text": mt[0], "mt": mt[0], "comment": "",
              "at": "2026-12-01T19:50:00.000Z"},
             {"segment": 1, "target": "ur", "status": "rejected", "text": mt[1], "mt": mt[1], "comment": "",
              "at": "2026-12-01T20:30:00.000Z"}]
    _page_file = tmp_path / "page.json"
    from tests.test_review_loop import page_export

    _page_file.write_text(json.dumps(page_export(data, cells), ensure_ascii=False), encoding="utf-8")
    import_reviews([_page_file], brief=folder, tm=None)
    save = tmp_path / "omegat" / "project_save.tmx"
    save.parent.mkdir()
    edit0, edit1 = "حکومت نے اعلان کیا کہ اسکول اگلے مہینے کھلیں گے۔", "ترمیم شدہ جملہ۔"
    save.write_text(OMEGAT_TMX.format(src0=GOOD[0][0], edited=edit0, src1=GOOD[1][0], mt1=edit1), encoding="utf-8")
    import_reviews([save], brief=folder, tm=None)
    t = [s["targets"]["ur"] for s in brief_json(folder)["segments"][:2]]
    assert (t[0]["text"], t[0]["review"]["by"], t[0]["review"]["at"]) == (edit0, "nadia", "2026-12-01T19:55:00Z")
    assert (t[1]["text"], t[1]["review"]["by"]) == (edit1, "nadia") and _is_recent(t[1]["review"]["at"])


# --- 2. the import's messages --------------------------------------------------------------------


def _sourced(folder: Path, key: str, target: str, status: str, text: str | None, at: str | None, **extra) -> dict:
    """A page cell (``_cell``) that names its sentence, as the page's export does."""
    data = brief_json(folder)
    seg = data["title"] if key == "title" else data["segments"][int(key)]
    return {**_cell(folder, key, target, status, text, at, **extra), "source": seg["source"]}


def test_hand_swapped_segment_numbers_are_not_blamed_on_a_changed_article(tmp_path):
    src, out, folder, tm = _herat(tmp_path)
    a = _sourced(folder, "0", "ps", "edited", "لومړی سمون", "2026-12-01T10:00:00.000Z")
    b = _sourced(folder, "1", "ps", "edited", "دوهم سمون", "2026-12-01T10:01:00.000Z")
    a["segment"], b["segment"] = 1, 0  # swapped by hand; the export's id and content hash are the brief's
    before = (folder / "brief.json").read_bytes()
    result = run("review", "import", _page(folder, [a, b], tmp_path), "--brief", folder, "--no-tm")
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert "the article changed" not in line and "--matching" not in line, line
    assert "decision 0 (segment 1, target ps)" in line and "which is segment 0's of the brief" in line
    assert "segment numbers do not match their sentences" in line and "export the review from the page again" in line
    assert (folder / "brief.json").read_bytes() == before


def _export_of_another_article(folder: Path, tmp_path: Path) -> Path:
    """A page export of another article file's brief (its own id and content hash, brief.source
    ``other/kabul.txt``) whose one edit is on a sentence this brief has too."""
    page = _page(folder, [_sourced(folder, "1", "ps", "edited", "دوهم سمون", "2026-12-01T10:01:00.000Z")], tmp_path,
                 "p9.json")
    doc = json.loads(page.read_text(encoding="utf-8"))
    doc["brief"] = {"id": "0123456789abcdef", "content_hash": "f" * 64, "source": "other/kabul.txt"}
    page.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return page


def test_an_export_of_another_article_says_so_and_does_not_advise_matching(tmp_path):
    src, out, folder, tm = _herat(tmp_path)
    mine = brief_json(folder)["source"]["path"]
    page = _export_of_another_article(folder, tmp_path)
    result = run("review", "import", page, "--brief", folder, "--no-tm")
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert f"this export is of other/kabul.txt, not {mine}" in line, line
    assert "--matching" not in line and "the article changed" not in line
    # --matching still imports by sentence when the reviewer insists, with a warning that says whose export it is
    result = run("review", "import", page, "--brief", folder, "--no-tm", "--matching")
    assert result.exit_code == 0, result.output
    warning = next(x for x in result.stderr.splitlines() if x.startswith("summarize: warning:"))
    assert f"this export is of other/kabul.txt, not {mine}" in warning and "imported with --matching" in warning
    assert _ps(folder, "1")["text"] == "دوهم سمون"


def test_an_export_of_the_same_article_named_from_another_folder_still_advises_matching(tmp_path):
    src, out, folder, tm = _herat(tmp_path)
    page = _export_of_another_article(folder, tmp_path)
    doc = json.loads(page.read_text(encoding="utf-8"))
    doc["brief"]["source"] = "elsewhere/" + Path(brief_json(folder)["source"]["path"]).name  # the article, rerun after a change
    page.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("review", "import", page, "--brief", folder, "--no-tm")
    assert result.exit_code == 1 and "import with --matching" in result.stderr


def test_the_kept_xliff_of_a_dropped_target_says_to_rerun_with_it_first(tmp_path):
    from summarize.errors import KeptEditsWarning
    from tests.test_review_kept import _batch as batch
    from tests.test_review_loop import ARTICLE, cat_tool_edit

    src = tmp_path / "in"
    src.mkdir()
    (src / "herat.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    batch(src, out)
    folder = out / "herat"
    xlf = folder / "brief.ps.xlf"
    cat_tool_edit(xlf, xlf, edit={"0": "لومړی سمون"}, approve=[], reject=[])  # edited in place, not imported
    with pytest.warns(KeptEditsWarning) as caught:
        batch(src, out, targets="ur")
    [line] = [str(w.message) for w in caught if "brief.ps.xlf held edits" in str(w.message)]
    assert "the brief has no target ps any more: first rerun with ps in -t, then bring them back with " \
           "`summarize review import" in line, line
    kept = next((folder / "edited").glob("brief.ps.*.xlf"))
    assert run("review", "import", kept, "--brief", folder, "--no-tm").exit_code == 1  # as the warning says
    batch(src, out, targets="ur,ps")
    result = run("review", "import", kept, "--brief", folder, "--no-tm")
    assert result.exit_code == 0, result.output
    assert _ps(folder, "0")["text"] == "لومړی سمون"
