"""A fresh reviewer's reports on the review loop (user B), each pinned by a test that failed
before its fix (the review page's parts are in test_review_page_sync.py):

1. an XLIFF written before a rerun, imported after it, read its untouched machine units as
   edits wherever the memory served the rerun (the memory's match gave way to the old machine
   text, and the memory's human translation was replaced by it, marked edited); the copy a
   rerun keeps in edited/ was refused as labelled with the wrong language;
2. a page export of a stale cell nobody touched took the stale review back (its edit lost);
3. a page decision made before a newer review came into brief.json overwrote it silently;
4. a stale page approval on a segment the memory served put the old machine text back;
5. two files of one import deciding one cell otherwise: the last one won silently;
6. a deeply nested JSON gave a traceback; 7. a UTF-16 XLIFF or TMX was refused;
8. XLIFF 2.0 and an entity bomb were told in the XML libraries' words;
9. a page comment on an undecided cell counted as a "pending" decision;
10. a page "at" that is no time and a "reviewer" that is no string were taken;
11. `review omegat -t xx` exited 1 (a usage error is 2); `tm export` wrote o-tmf="UTF-8".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from summarize.errors import KeptEditsWarning
from summarize.review import import_reviews
from summarize.tm import SqliteTM
from summarize.tm.tmx import import_tmx, read_tmx_pairs
from summarize.writers.folder import EDITED_DIR
from tests.fakes import TaggingTranslator
from tests.review_helpers import make_review_brief
from tests.test_fresh_user import one_error_line, run
from tests.test_review_loop import ARTICLE, X, _batch, brief_json, cat_tool_edit, page_export, snapshot, units, write_folder

PS_CLIENT = "د کلاینټ ژباړه"  # the client's human translation, in the client's memory
EDIT = "سخت باران"


class SameTextTranslator(TaggingTranslator):
    """Gives every target the same text (as the tiny test models do): ``mt:<source>``."""

    def translate(self, segments, source, target):
        self.calls.append((list(segments), source, target))
        return [f"mt:{s}" if s.strip() else "" for s in segments]


class OtherTextTranslator(TaggingTranslator):
    """Another machine translation than TaggingTranslator's: ``<target>~<source>``."""

    def translate(self, segments, source, target):
        self.calls.append((list(segments), source, target))
        return [f"{target}~{s}" if s.strip() else "" for s in segments]


def _client_tmx(path: Path, pairs: list[tuple[str, str]]) -> Path:
    tus = "".join(f'<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="ps"><seg>{ps}</seg></tuv></tu>'
                  for en, ps in pairs)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="client" '
                    'creationtoolversion="1" segtype="sentence" o-tmf="client" adminlang="en" srclang="en" '
                    f'datatype="PlainText"/><body>{tus}</body></tmx>', encoding="utf-8")
    return path


def _herat(tmp_path: Path, **kw):
    """``(src, out, folder, memory path)``: the Herat article briefed (ur, ps) with a memory."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "herat.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    tm = tmp_path / "tm.sqlite"
    assert _batch(src, out, tm=tm, **kw).exit_code == 0
    return src, out, out / "herat", tm


def _ps(folder: Path, key: str) -> dict:
    data = brief_json(folder)
    seg = data["title"] if key == "title" else data["segments"][int(key)]
    return seg["targets"]["ps"]


def _memory(tm: Path) -> dict[str, tuple[str, str]]:
    return {e.source: (e.target, e.status) for e in SqliteTM(tm).entries() if e.target_lang == "pbt_Arab"}


# --- 1. an XLIFF from before a rerun ----------------------------------------------------------------


def test_an_xliff_from_before_a_rerun_leaves_the_memorys_match_and_the_memory_alone(tmp_path):
    src, out, folder, tm = _herat(tmp_path)
    rev = cat_tool_edit(folder / "brief.ps.xlf", tmp_path / "rev.ps.xlf", edit={"0": EDIT}, approve=[], reject=[])
    seg2 = brief_json(folder)["segments"][2]["source"]
    import_tmx(SqliteTM(tm), _client_tmx(tmp_path / "client.tmx", [(seg2, PS_CLIENT)]))
    assert _batch(src, out, tm=tm, force=True).exit_code == 0
    assert _ps(folder, "2")["text"] == PS_CLIENT and _ps(folder, "2")["origin"] == "tm"
    assert (folder / "summary.ps.txt").read_text(encoding="utf-8").splitlines()[4] == PS_CLIENT

    [res] = import_reviews([rev], brief=folder, tm=SqliteTM(tm))
    assert res.describe() == "1 decision (1 edited): 1 changed, 0 already in the brief"
    t2 = _ps(folder, "2")
    assert (t2["text"], t2["origin"], t2["review"]) == (PS_CLIENT, "tm", None)  # row 10: as the tool wrote it
    assert (folder / "summary.ps.txt").read_text(encoding="utf-8").splitlines()[4] == PS_CLIENT
    assert _memory(tm)[seg2] == (PS_CLIENT, "approved")  # the client's translation, untouched
    assert _ps(folder, "0")["text"] == EDIT


def test_a_final_approval_of_an_earlier_runs_text_is_stale_and_keeps_the_memorys_match(tmp_path):
    src, out, folder, tm = _herat(tmp_path)
    rev = cat_tool_edit(folder / "brief.ps.xlf", tmp_path / "rev.ps.xlf", edit={}, approve=["2"], reject=[])
    seg2 = brief_json(folder)["segments"][2]["source"]
    import_tmx(SqliteTM(tm), _client_tmx(tmp_path / "client.tmx", [(seg2, PS_CLIENT)]))
    assert _batch(src, out, tm=tm, force=True).exit_code == 0
    import_reviews([rev], brief=folder, tm=SqliteTM(tm))
    t2 = _ps(folder, "2")
    assert t2["text"] == PS_CLIENT and t2["origin"] == "tm"
    assert t2["review"]["status"] == "stale" and t2["review"]["previous_status"] == "approved"
    assert _memory(tm)[seg2] == (PS_CLIENT, "approved")


def test_the_xliff_a_rerun_keeps_in_edited_imports_as_its_warning_says(tmp_path):
    # every target gets the same machine text (as with the tiny models): the kept Pashto file's
    # untouched units then hold Urdu's text wherever the memory served the Pashto rerun
    src, out, folder, tm = _herat(tmp_path, use_translator=SameTextTranslator())
    xlf = folder / "brief.ps.xlf"
    cat_tool_edit(xlf, xlf, edit={"0": EDIT}, approve=[], reject=[])  # edited in place, not imported
    data = brief_json(folder)
    sources = [data["title"]["source"]] + [s["source"] for s in data["segments"][1:]]
    import_tmx(SqliteTM(tm), _client_tmx(tmp_path / "client.tmx", [(s, f"{PS_CLIENT} {i}") for i, s in enumerate(sources)]))
    with pytest.warns(KeptEditsWarning, match="bring them back with `summarize review import"):
        assert _batch(src, out, tm=tm, force=True, use_translator=SameTextTranslator()).exit_code == 0
    [kept] = (folder / EDITED_DIR).glob("brief.ps.*.xlf")
    result = run("review", "import", kept, "--brief", folder, "--tm", tm)
    assert result.exit_code == 0, result.output
    assert f"{kept}: 1 decision (1 edited): 1 changed" in result.stderr
    assert _ps(folder, "0")["text"] == EDIT
    assert [_ps(folder, k)["origin"] for k in ("title", "1", "2")] == ["tm", "tm", "tm"]


def test_a_rerun_records_what_the_brief_offered_before(tmp_path):
    src, out, folder, tm = _herat(tmp_path)
    before = _ps(folder, "1")["mt"]
    assert "earlier" not in _ps(folder, "1")  # a brief never rerun writes brief.json as it did
    assert _batch(src, out, tm=tm, force=True, use_translator=OtherTextTranslator()).exit_code == 0
    t1 = _ps(folder, "1")
    assert t1["mt"] != before and t1["earlier"] == [before]
    assert _batch(src, out, tm=tm, force=True).exit_code == 0  # back to the first machine text
    assert _ps(folder, "1")["earlier"] == [t1["mt"]]


# --- 2, 3, 4: page decisions over a newer state --------------------------------------------------


def _page(folder: Path, decisions: list[dict], tmp_path: Path, name: str = "brief.review.json") -> Path:
    path = tmp_path / "Downloads" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(page_export(brief_json(folder), decisions), ensure_ascii=False), encoding="utf-8")
    return path


def _cell(folder: Path, key: str, target: str, status: str, text: str | None, at: str | None, **extra) -> dict:
    data = brief_json(folder)
    ts = (data["title"] if key == "title" else data["segments"][int(key)])["targets"][target]
    offered = ts["tm"] if ts.get("tm") is not None else ts["mt"]
    return {"segment": key if key == "title" else int(key), "target": target, "status": status,
            "text": ts["text"] if text is None else text, "mt": offered, "comment": "", "at": at, **extra}


def _stale_edit(tmp_path: Path):
    """A brief whose Pashto segment 0 was edited on the page, then went stale on a rerun."""
    src, out, folder, tm = _herat(tmp_path)
    page = _page(folder, [_cell(folder, "0", "ps", "edited", EDIT, "2026-12-01T10:00:00.000Z")], tmp_path, "first.json")
    import_reviews([page], brief=folder, tm=None)
    assert _batch(src, out, tm=tm, force=True, use_translator=OtherTextTranslator()).exit_code == 0
    t0 = _ps(folder, "0")
    assert t0["review"]["status"] == "stale" and t0["text"] == EDIT
    return folder


@pytest.mark.parametrize("known", [None, ["2026-12-01T10:00:00.000Z"]], ids=["export-without-known", "with-known"])
def test_an_untouched_stale_cell_exported_as_pending_changes_nothing(tmp_path, known):
    folder = _stale_edit(tmp_path)
    before = snapshot(folder)
    extra = {} if known is None else {"known": known}
    # what the page exports for a stale cell nobody touched: pending, with the kept text and the old at
    cells = [_cell(folder, "0", "ps", "pending", None, "2026-12-01T10:00:00.000Z", **extra),
             _cell(folder, "1", "ps", "pending", None, None, **({} if known is None else {"known": []}))]
    [res] = import_reviews([_page(folder, cells, tmp_path)], brief=folder, tm=None)
    assert res.changed == 0 and res.decisions == 0, res.describe()
    assert snapshot(folder) == before and _ps(folder, "0")["text"] == EDIT


def test_a_comment_on_a_stale_cell_keeps_its_kept_text(tmp_path):
    folder = _stale_edit(tmp_path)
    cell = _cell(folder, "0", "ps", "pending", None, "2026-12-01T11:00:00.000Z", known=["2026-12-01T10:00:00.000Z"])
    cell["comment"] = "check the verb"
    [res] = import_reviews([_page(folder, [cell], tmp_path)], brief=folder, tm=None)
    assert res.describe() == "0 decisions and 1 comment: 1 changed, 0 already in the brief"
    t0 = _ps(folder, "0")
    assert t0["text"] == EDIT and t0["review"]["status"] == "stale" and t0["review"]["comment"] == "check the verb"


def _colleague_edit(tmp_path: Path):
    """A brief whose page review was imported (Pashto title approved at 10:00), then a
    colleague's XLIFF edit of Pashto segment 1."""
    src, out, folder, tm = _herat(tmp_path)
    title = _ps(folder, "title")["text"]
    import_reviews([_page(folder, [_cell(folder, "title", "ps", "approved", title, "2026-12-01T10:00:00.000Z")],
                          tmp_path, "first.json")], brief=folder, tm=None)
    colleague = cat_tool_edit(folder / "brief.ps.xlf", tmp_path / "colleague.ps.xlf", edit={"1": "د همکار سمون"},
                              approve=[], reject=[])
    import_reviews([colleague], brief=folder, tm=None)
    assert _ps(folder, "1")["review"]["status"] == "edited"
    return folder


def test_a_page_decision_made_before_a_newer_review_keeps_the_newer_and_says_so(tmp_path):
    folder = _colleague_edit(tmp_path)
    mt1 = _ps(folder, "1")["mt"]
    before = snapshot(folder)
    # the page was opened before the colleague's import (it knew no review of segment 1) and
    # its Approve came after it: the machine text it showed is not what the brief holds now
    late = _cell(folder, "1", "ps", "approved", mt1, "2099-01-01T00:00:00.000Z", known=[])
    page = _page(folder, [late], tmp_path)
    result = run("review", "import", page, "--brief", folder, "--no-tm")
    assert result.exit_code == 0, result.output
    assert f"{page}: 1 decision (1 approved): 0 changed, 0 already in the brief, 1 conflict (the brief's newer review kept)" \
        in result.stderr
    warning = next(x for x in result.stderr.splitlines() if x.startswith("summarize: warning:"))
    assert "decision 0 (segment 1, target ps)" in warning and "kept that newer review" in warning
    assert snapshot(folder) == before and _ps(folder, "1")["text"] == "د همکار سمون"


def test_an_older_page_export_without_known_does_not_overwrite_a_newer_review(tmp_path):
    folder = _colleague_edit(tmp_path)
    mt1 = _ps(folder, "1")["mt"]
    early = _cell(folder, "1", "ps", "approved", mt1, "2026-01-01T00:00:00.000Z")  # made before the XLIFF was saved
    [res] = import_reviews([_page(folder, [early], tmp_path)], brief=folder, tm=None)
    assert res.conflicts == 1 and res.changed == 0
    assert _ps(folder, "1")["text"] == "د همکار سمون"


def test_a_page_decision_that_knew_the_review_it_replaces_is_taken(tmp_path):
    folder = _colleague_edit(tmp_path)
    at = _ps(folder, "1")["review"]["at"]
    mt1 = _ps(folder, "1")["mt"]
    [res] = import_reviews([_page(folder, [_cell(folder, "1", "ps", "approved", mt1, "2099-01-01T00:00:00.000Z",
                                                 known=[at])], tmp_path)], brief=folder, tm=None)
    assert res.describe() == "1 decision (1 approved): 1 changed, 0 already in the brief"
    assert _ps(folder, "1")["text"] == mt1 and _ps(folder, "1")["review"]["status"] == "approved"


def test_a_stale_page_approval_on_a_segment_the_memory_served_keeps_the_match(tmp_path):
    src, out, folder, tm = _herat(tmp_path)
    mt2 = _ps(folder, "2")["mt"]
    page = _page(folder, [_cell(folder, "2", "ps", "approved", mt2, "2026-12-01T10:00:00.000Z", known=[])], tmp_path)
    seg2 = brief_json(folder)["segments"][2]["source"]
    import_tmx(SqliteTM(tm), _client_tmx(tmp_path / "client.tmx", [(seg2, PS_CLIENT)]))
    assert _batch(src, out, tm=tm, force=True).exit_code == 0
    [res] = import_reviews([page], brief=folder, tm=SqliteTM(tm))
    assert res.changed == 1
    t2 = _ps(folder, "2")
    assert (t2["text"], t2["origin"]) == (PS_CLIENT, "tm")
    assert t2["review"]["status"] == "stale" and t2["review"]["previous_status"] == "approved"
    assert (folder / "summary.ps.txt").read_text(encoding="utf-8").splitlines()[4] == PS_CLIENT
    assert units((folder / "brief.ps.xlf").read_bytes())["2"].find(f"{X}target").text == PS_CLIENT
    assert PS_CLIENT in (folder / "brief.tsv").read_text(encoding="utf-8")
    assert _memory(tm)[seg2] == (PS_CLIENT, "approved")


# --- 5. two files of one import ----------------------------------------------------------------


def test_two_files_of_one_import_that_decide_one_cell_otherwise_are_refused(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    data = brief_json(folder)
    ur1 = data["segments"][1]["targets"]["ur"]
    page = tmp_path / "review1.json"
    page.write_text(json.dumps(page_export(data, [
        {"segment": 1, "target": "ur", "status": "approved", "text": ur1["text"], "mt": ur1["mt"], "comment": "",
         "at": "2026-12-01T10:00:00.000Z"}]), ensure_ascii=False), encoding="utf-8")
    xlf = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "x.ur.xlf", edit={"1": "ایک اور ترجمہ"}, approve=[], reject=[])
    before = snapshot(folder)
    result = run("review", "import", page, xlf, "--brief", folder, "--no-tm")
    assert result.exit_code == 1, result.output
    line = one_error_line(result)
    assert line.startswith(f"summarize: error: {xlf}: decides segment 1, target ur (edited")
    assert f"otherwise than {page} in the same import (approved" in line
    assert snapshot(folder) == before
    # the same decision in both is no conflict
    same = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "y.ur.xlf", edit={}, approve=["1"], reject=[])
    assert run("review", "import", page, same, "--brief", folder, "--no-tm").exit_code == 0


# --- 6, 7, 8: files the readers refuse, or now read --------------------------------------------


def _refused(path: Path, folder: Path) -> str:
    before = snapshot(folder)
    result = run("review", "import", path, "--brief", folder, "--no-tm")
    assert result.exit_code == 1, result.output
    line = one_error_line(result)
    assert line.startswith(f"summarize: error: {path}: ")
    assert snapshot(folder) == before
    return line


def test_a_deeply_nested_json_is_one_line(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    deep = tmp_path / "deep.json"
    deep.write_text('{"format":"summarize-review","version":1,"brief":{"id":"x","content_hash":"y"},"decisions":'
                    + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    assert "nested too deeply" in _refused(deep, folder)


def test_utf16_xliff_and_tmx_read_as_utf8_does(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    xlf = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "a.ur.xlf", edit={"1": "ایک اور ترجمہ"}, approve=["2"], reject=[])
    text = re.sub("encoding=.UTF-8.", 'encoding="UTF-16"', xlf.read_text(encoding="utf-8"), count=1)
    assert 'encoding="UTF-16"' in text
    for codec, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        wide = tmp_path / f"wide-{codec}.ur.xlf"
        wide.write_bytes(bom + text.encode(codec))
        [res] = import_reviews([wide], brief=folder, tm=None)
        assert res.describe().startswith("2 decisions (1 approved, 1 edited)"), res.describe()
    tmx = tmp_path / "wide.tmx"
    plain = re.sub("encoding=.UTF-8.", 'encoding="UTF-16"', (folder / "brief.ps.tmx").read_text(encoding="utf-8"), count=1)
    assert 'encoding="UTF-16"' in plain
    tmx.write_bytes(b"\xff\xfe" + plain.encode("utf-16-le"))
    assert [p["target"] for p in read_tmx_pairs(tmx)] == [p["target"] for p in read_tmx_pairs(folder / "brief.ps.tmx")]
    import_reviews([tmx], brief=folder, tm=None)  # reads, decides nothing new


def test_xliff_2_and_an_entity_bomb_are_told_in_our_words(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    x2 = tmp_path / "x2.ur.xlf"
    x2.write_text('<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
                  'trgLang="ur"><file id="f1"><unit id="0"><segment state="final"><source>x</source><target>y</target>'
                  "</segment></unit></file></xliff>", encoding="utf-8")
    line = _refused(x2, folder)
    assert "is XLIFF 2.0" in line and "export XLIFF 1.2 from your CAT tool" in line and "xliff2" not in line.lower()[30:]
    ents = "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
    bomb = tmp_path / "bomb.ur.xlf"
    bomb.write_text(f'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">{ents}]>'
                    '<xliff version="1.2"><file><body><trans-unit id="0"><source>&i;</source></trans-unit></body></file></xliff>',
                    encoding="utf-8")
    line = _refused(bomb, folder)
    assert "entity bomb" in line and "xmlCtxtSetMaxAmplification" not in line
    deep = tmp_path / "deep.tmx"
    deep.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>'
                    + "<hi>" * 300 + "x" + "</hi>" * 300 + "</seg></tuv></tu></body></tmx>", encoding="utf-8")
    line = _refused(deep, folder)
    assert "nested too deeply" in line and "XML_PARSE_HUGE" not in line


# --- 9, 10: the page's export ---------------------------------------------------------------------


def test_a_page_comment_on_an_undecided_cell_counts_as_a_comment(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    data = brief_json(folder)

    def d(i, status, text=None, comment=""):
        ts = data["segments"][i]["targets"]["ur"]
        return {"segment": i, "target": "ur", "status": status, "text": text or ts["text"], "mt": ts["mt"],
                "comment": comment, "at": f"2026-12-01T10:0{i}:00.000Z"}

    decisions = [d(0, "approved"), d(1, "edited", "ایک اور ترجمہ"), d(2, "rejected"), d(3, "pending", comment="a note")]
    path = tmp_path / "review.json"
    path.write_text(json.dumps(page_export(data, decisions), ensure_ascii=False), encoding="utf-8")
    [res] = import_reviews([path], brief=folder, tm=None)
    assert res.describe() == "3 decisions (1 approved, 1 edited, 1 rejected) and 1 comment: 4 changed, 0 already in the brief"
    [res] = import_reviews([path], brief=folder, tm=None)
    assert res.describe() == "3 decisions (1 approved, 1 edited, 1 rejected) and 1 comment: 0 changed, 4 already in the brief"


@pytest.mark.parametrize("where, value, words", [
    ("at", "yesterday", 'decision 0 (segment 0, target ur): "at" must be an ISO-8601 time'),
    ("reviewer", 42, '"reviewer" must be a string'),
    ("exported_at", "soon", '"exported_at" must be an ISO-8601 time'),
    ("known", ["later"], 'decision 0 (segment 0, target ur): "known" must be a list of ISO-8601 times'),
])
def test_page_fields_are_checked(tmp_path, where, value, words):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    data = brief_json(folder)
    ts = data["segments"][0]["targets"]["ur"]
    decision = {"segment": 0, "target": "ur", "status": "approved", "text": ts["text"], "mt": ts["mt"], "comment": "",
                "at": "2026-12-01T10:00:00.000Z"}
    export = page_export(data, [decision])
    if where in ("at", "known"):
        decision[where] = value
    else:
        export[where] = value
    path = tmp_path / "review.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    line = _refused(path, folder)
    assert words in line and repr(value) in line


# --- 11. smaller ----------------------------------------------------------------------------------


def test_review_omegat_with_an_unknown_target_is_a_usage_error(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    result = run("review", "omegat", folder, "-o", tmp_path / "om", "-t", "xx")
    assert result.exit_code == 2, result.output
    assert "no brief has target 'xx'" in one_error_line(result)
    assert not (tmp_path / "om").exists()


def test_tm_export_names_the_memory_format_not_an_encoding(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    xlf = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "a.ur.xlf", edit={}, approve=["1"], reject=[])
    tm = tmp_path / "tm.sqlite"
    import_reviews([xlf], brief=folder, tm=SqliteTM(tm))
    result = run("tm", "export", tmp_path / "out.tmx", "--tm", tm)
    assert result.exit_code == 0, result.output
    header = etree.parse(str(tmp_path / "out.tmx")).getroot().find("header")
    assert header.get("o-tmf") == "summarize translation memory" and header.get("creationtool") == "summarize"
