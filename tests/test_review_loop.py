"""The review loop: review files back into the brief, reviews kept across reruns, the translation
memory, review status, and XLIFF/TMX files that stay valid against the vendored schemas."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from summarize.cli import main
from summarize.config import load_config, packaged_default_path
from summarize.errors import InputError
from summarize.review import import_reviews, review_status
from summarize.writers.folder import carry_reviews_into, render_files, replace_brief_files
from summarize.tm import SqliteTM, TMEntry, normalize_source, tm_path
from summarize.writers import writers_for
from summarize.writers.xliff import XLIFF_NS, XliffWriter
from tests.fakes import FirstSentencesSummarizer, TaggingTranslator
from tests.review_helpers import GOOD, make_review_brief

SCHEMAS = Path(__file__).parent / "schemas"
X = f"{{{XLIFF_NS}}}"


# --- helpers ------------------------------------------------------------------------------------


class _LocalXmlXsd(etree.Resolver):
    """Answers the XLIFF schemas' import of http://www.w3.org/2001/xml.xsd with the local copy."""

    def resolve(self, url, pubid, context):
        if url.endswith("xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


def _schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlXsd())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


@pytest.fixture(scope="module")
def validators():
    return {"strict": _schema("xliff-core-1.2-strict.xsd"), "transitional": _schema("xliff-core-1.2-transitional.xsd"),
            "tmx": etree.DTD(str(SCHEMAS / "tmx14.dtd"))}


def assert_valid(data: bytes, validators) -> None:
    doc = etree.fromstring(data)
    if etree.QName(doc).localname == "xliff":
        for kind in ("strict", "transitional"):
            assert validators[kind].validate(doc), (kind, validators[kind].error_log)
    else:
        assert validators["tmx"].validate(doc), validators["tmx"].error_log


def write_folder(brief, folder: Path) -> Path:
    replace_brief_files(folder, render_files(brief, carry_reviews_into(folder, brief, writers_for("all"))))
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def brief_json(folder: Path) -> dict:
    return json.loads((folder / "brief.json").read_text(encoding="utf-8"))


def units(data: bytes) -> dict[str, etree._Element]:
    return {u.get("id"): u for u in etree.fromstring(data).iter(f"{X}trans-unit")}


def cat_tool_edit(xlf: Path, out: Path, *, edit: dict[str, str], approve: list[str], reject: list[str],
                  comment: dict[str, str] | None = None) -> Path:
    """Edit an XLIFF as a CAT tool does: replace targets, set state="final" and approved="yes"
    on what the reviewer confirmed, needs-translation on what they rejected, add notes."""
    root = etree.fromstring(xlf.read_bytes())
    by_id = {u.get("id"): u for u in root.iter(f"{X}trans-unit")}
    for uid, text in edit.items():
        by_id[uid].find(f"{X}target").text = text
    for uid in [*edit, *approve]:
        by_id[uid].find(f"{X}target").set("state", "final")
        by_id[uid].set("approved", "yes")
    for uid in reject:
        by_id[uid].find(f"{X}target").set("state", "needs-translation")
    for uid, text in (comment or {}).items():
        note = etree.SubElement(by_id[uid], f"{X}note", attrib={"from": "Translator"})
        note.text = text
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return out


# --- XLIFF edited in a CAT tool -------------------------------------------------------------------


def test_import_of_an_xliff_edited_in_a_cat_tool(tmp_path, validators):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    before = brief_json(folder)
    new_text = "حکومت نے منگل کو کہا کہ اسکول اگلے ماہ کھلیں گے۔"
    edited = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "from-reviewer.ur.xlf", edit={"0": new_text},
                           approve=["1"], reject=["2"], comment={"2": "wrong tense"})
    tm = SqliteTM(tmp_path / "tm.sqlite")
    [res] = import_reviews([edited], brief=folder, tm=tm)
    assert (res.kind, res.decisions, res.changed) == ("xliff", 3, 3)

    data = brief_json(folder)
    s0, s1, s2 = (data["segments"][i]["targets"]["ur"] for i in range(3))
    assert s0["text"] == new_text and s0["mt"] == before["segments"][0]["targets"]["ur"]["text"]
    assert s0["origin"] == "review" and s0["review"]["status"] == "edited"
    assert s1["text"] == s1["mt"] == GOOD[1][1] and s1["review"]["status"] == "approved" and s1["origin"] == "mt"
    assert s2["review"] == {**s2["review"], "status": "rejected", "comment": "wrong tense"}
    assert s2["text"] == s2["mt"] == GOOD[2][1]
    assert data["segments"][3]["targets"]["ur"]["review"] is None  # untouched
    assert data["content_hash"] == before["content_hash"]  # reviews leave the brief's identity alone

    # Every format shows the reviewed text.
    assert (folder / "summary.ur.txt").read_text(encoding="utf-8").splitlines()[2] == new_text
    assert new_text in (folder / "brief.tsv").read_text(encoding="utf-8")
    assert new_text in (folder / "brief.md").read_text(encoding="utf-8")
    page = (folder / "brief.html").read_text(encoding="utf-8")
    assert 'data-status="edited"' in page and 'data-status="rejected"' in page and "wrong tense" in page
    out = units((folder / "brief.ur.xlf").read_bytes())
    assert out["0"].find(f"{X}target").text == new_text
    assert out["0"].get("approved") == "yes" and out["0"].find(f"{X}target").get("state") == "final"
    assert out["1"].get("approved") == "yes" and out["1"].find(f"{X}target").get("state") == "final"
    assert out["2"].get("approved") == "no" and out["2"].find(f"{X}target").get("state") == "needs-translation"
    assert out["3"].find(f"{X}target").get("state") == "needs-review-translation"
    assert new_text in (folder / "brief.ur.tmx").read_text(encoding="utf-8")
    for name in ("brief.ur.xlf", "brief.ur.tmx"):
        assert_valid((folder / name).read_bytes(), validators)
    # The edited and the approved segment are in the memory; the rejected one is not.
    assert tm.lookup([GOOD[0][0], GOOD[1][0], GOOD[2][0]], "eng_Latn", "urd_Arab") == [new_text, GOOD[1][1], None]


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "b" / "floods-xss")
    edited = cat_tool_edit(folder / "brief.ps.xlf", tmp_path / "r.ps.xlf", edit={"3": "نوې بیې"}, approve=["title"], reject=[])
    import_reviews([edited], brief=folder, tm=None)
    first = snapshot(folder)
    mtimes = {p: p.stat().st_mtime_ns for p in folder.iterdir()}
    [res] = import_reviews([edited], brief=folder, tm=None)
    assert res.changed == 0 and snapshot(folder) == first
    assert {p: p.stat().st_mtime_ns for p in folder.iterdir()} == mtimes  # not even rewritten
    # The brief's own files, read back, are no new decisions either.
    import_reviews([folder / "brief.ps.xlf", folder / "brief.ps.tmx"], tm=None)
    assert snapshot(folder) == first


def test_a_reviewed_file_in_the_brief_folder_is_kept_before_the_rewrite(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    xlf = folder / "brief.ur.xlf"
    cat_tool_edit(xlf, xlf, edit={"4": "قیمتیں 4.5 فیصد بڑھ گئیں۔"}, approve=[], reject=[])
    reviewer_bytes = xlf.read_bytes()
    import_reviews([xlf], tm=None)  # found from its location
    kept = list((folder / "imported").iterdir())
    assert [p.read_bytes() for p in kept] == [reviewer_bytes]
    assert brief_json(folder)["segments"][4]["targets"]["ur"]["text"] == "قیمتیں 4.5 فیصد بڑھ گئیں۔"


# --- the page's brief.review.json -----------------------------------------------------------------


def page_export(data: dict, decisions: list[dict], reviewer: str | None = "Nadia") -> dict:
    return {"format": "summarize-review", "version": 1,
            "brief": {"id": data["id"], "content_hash": data["content_hash"]}, "reviewer": reviewer,
            "exported_at": "2026-12-01T20:00:00Z", "decisions": decisions}


def test_import_of_the_page_export(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    data = brief_json(folder)
    prs = [s["targets"]["prs"] for s in data["segments"]]
    decisions = [
        {"segment": 0, "target": "prs", "status": "approved", "text": prs[0]["text"], "mt": prs[0]["mt"],
         "comment": None, "at": "2026-12-01T19:58:00Z"},
        {"segment": 2, "target": "prs", "status": "edited", "text": GOOD[2][3], "mt": prs[2]["mt"],
         "comment": "number restored", "at": "2026-12-01T19:59:00Z"},
        {"segment": 3, "target": "prs", "status": "rejected", "text": prs[3]["text"], "mt": prs[3]["mt"],
         "comment": "", "at": "2026-12-01T19:59:30Z"},
        {"segment": 4, "target": "prs", "status": "pending", "text": prs[4]["text"], "mt": prs[4]["mt"],
         "comment": None, "at": "2026-12-01T19:59:40Z"},
        {"segment": "title", "target": "ur", "status": "approved", "text": data["title"]["targets"]["ur"]["text"],
         "mt": data["title"]["targets"]["ur"]["mt"], "comment": "ok", "at": "2026-12-01T19:57:00Z"},
    ]
    review = tmp_path / "Downloads" / "brief.review.json"
    review.parent.mkdir()
    review.write_text(json.dumps(page_export(data, decisions), ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["review", "import", str(review), "--brief", str(folder), "--no-tm"])
    assert result.exit_code == 0, result.output
    assert "5 decisions (2 approved, 1 edited, 1 rejected, 1 pending): 4 changed, 1 already in the brief" in result.stderr

    after = brief_json(folder)
    t = [s["targets"]["prs"] for s in after["segments"]]
    assert t[0]["review"] == {"status": "approved", "comment": None, "by": "Nadia", "at": "2026-12-01T19:58:00Z",
                              "previous_status": None}
    assert t[2]["text"] == GOOD[2][3] and t[2]["origin"] == "review" and t[2]["review"]["comment"] == "number restored"
    assert not any(f["code"] == "numbers" for f in t[2]["flags"])  # flags are recomputed on the reviewed text
    assert t[3]["review"]["status"] == "rejected" and t[3]["text"] == t[3]["mt"]
    assert t[4]["review"] is None  # pending with nothing to say records nothing
    assert after["title"]["targets"]["ur"]["review"]["comment"] == "ok"
    assert (folder / "summary.prs.txt").read_text(encoding="utf-8").splitlines()[4] == GOOD[2][3]
    first = snapshot(folder)
    assert CliRunner().invoke(main, ["review", "import", str(review), "--brief", str(folder), "--no-tm"]).exit_code == 0
    assert snapshot(folder) == first
    # A later export from a page that shows every cell, the untouched ones pending with no date,
    # takes nothing away.
    untouched = [{"segment": i, "target": "prs", "status": "pending", "text": s["targets"]["prs"]["text"],
                  "mt": s["targets"]["prs"]["mt"], "comment": "", "at": None} for i, s in enumerate(after["segments"])]
    review.write_text(json.dumps(page_export(after, untouched), ensure_ascii=False), encoding="utf-8")
    import_reviews([review], brief=folder, tm=None)
    assert snapshot(folder) == first


def test_white_space_around_a_reviewers_text_is_no_edit(tmp_path):
    """A fresh user's report: a page decision ``edited`` whose text was the MT plus two trailing
    spaces was stored as an edit, with the spaces, in brief.json and the memory (the next brief
    was pre-filled with them), while summary.<t>.txt stripped them. Every format now trims a
    reviewer's text (runs of spaces inside one space, line breaks kept), and a text equal to the
    offered one but for white space is an approval."""
    tm = SqliteTM(tmp_path / "tm.sqlite")
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    data = brief_json(folder)
    ur = [s["targets"]["ur"] for s in data["segments"]]
    decisions = [
        {"segment": 0, "target": "ur", "status": "edited", "text": ur[0]["mt"] + "  ", "mt": ur[0]["mt"],
         "comment": None, "at": "2026-12-01T20:00:00Z"},
        {"segment": 1, "target": "ur", "status": "edited", "text": "  نیا   متن\tیہ ہے ", "mt": ur[1]["mt"],
         "comment": None, "at": "2026-12-01T20:00:01Z"},
    ]
    review = tmp_path / "brief.review.json"
    review.write_text(json.dumps(page_export(data, decisions), ensure_ascii=False), encoding="utf-8")
    [res] = import_reviews([review], brief=folder, tm=tm)
    assert res.by_status == {"approved": 1, "edited": 1}
    after = [s["targets"]["ur"] for s in brief_json(folder)["segments"]]
    assert (after[0]["text"], after[0]["origin"], after[0]["review"]["status"]) == (ur[0]["mt"], "mt", "approved")
    assert (after[1]["text"], after[1]["review"]["status"]) == ("نیا متن یہ ہے", "edited")
    assert tm.lookup([GOOD[0][0], GOOD[1][0]], "eng_Latn", "urd_Arab") == [ur[0]["mt"], "نیا متن یہ ہے"]
    # XLIFF and the brief's TMX alike: a space more around the offered text approves it
    xlf = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "r.ur.xlf", edit={"2": f" {ur[2]['mt']}  "}, approve=[],
                        reject=[])
    [res] = import_reviews([xlf], brief=folder, tm=None)
    assert (res.by_status, res.changed) == ({"approved": 2, "edited": 1}, 1)  # (0 and 1: the first import's)
    seg2 = brief_json(folder)["segments"][2]["targets"]["ur"]
    assert (seg2["text"], seg2["review"]["status"]) == (ur[2]["mt"], "approved")
    tmx = (folder / "brief.ur.tmx").read_text(encoding="utf-8").replace(f"<seg>{ur[3]['mt']}</seg>",
                                                                        f"<seg>{ur[3]['mt']} </seg>")
    assert f"<seg>{ur[3]['mt']} </seg>" in tmx
    (tmp_path / "r.ur.tmx").write_text(tmx, encoding="utf-8")
    [res] = import_reviews([tmp_path / "r.ur.tmx"], brief=folder, tm=None)
    assert brief_json(folder)["segments"][3]["targets"]["ur"].get("review") is None


def test_a_page_export_made_on_other_machine_text_goes_stale(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    data = brief_json(folder)
    ur0 = data["segments"][0]["targets"]["ur"]
    export = page_export(data, [{"segment": 0, "target": "ur", "status": "edited", "text": "نیا متن",
                                 "mt": "an older machine translation", "comment": None, "at": "2026-12-01T20:00:00Z"}])
    export["brief"]["content_hash"] = "0" * 64  # made on an earlier run of the same article
    review = folder / "brief.review.json"
    review.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    import_reviews([review], tm=None)
    t = brief_json(folder)["segments"][0]["targets"]["ur"]
    assert t["text"] == "نیا متن" and t["mt"] == ur0["mt"]
    assert t["review"]["status"] == "stale" and t["review"]["previous_status"] == "edited"
    assert "stale" in [f["code"] for f in t["flags"]]


# --- TMX, OmegaT ----------------------------------------------------------------------------------


OMEGAT_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="3.6.0_0_0" segtype="sentence" srclang="EN"/>
  <body>
    <tu>
      <tuv lang="EN"><seg>{src0}</seg></tuv>
      <tuv lang="UR" changeid="nadia" changedate="20261201T195500Z" creationid="nadia" creationdate="20261201T195500Z">
        <seg>{edited}</seg>
      </tuv>
    </tu>
    <tu>
      <tuv lang="EN"><seg>{src1}</seg></tuv>
      <tuv lang="UR" changeid="nadia" changedate="20261201T195600Z"><seg>{mt1}</seg></tuv>
    </tu>
    <tu>
      <tuv lang="EN"><seg>A sentence that is in no brief.</seg></tuv>
      <tuv lang="UR"><seg>کسی بریف میں نہیں۔</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_import_of_an_omegat_project_save_tmx(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    edited = "حکومت نے اعلان کیا کہ اسکول اگلے مہینے کھلیں گے۔"
    project = tmp_path / "omegat-ur" / "omegat"
    project.mkdir(parents=True)
    save = project / "project_save.tmx"
    save.write_text(OMEGAT_TMX.format(src0=GOOD[0][0], edited=edited, src1=GOOD[1][0], mt1=GOOD[1][1]), encoding="utf-8")
    with pytest.raises(InputError, match="no brief found .*--brief"):
        import_reviews([save], tm=None)  # the project lies outside the brief folder
    [res] = import_reviews([save], brief=tmp_path / "briefs", tm=None)  # a batch folder works too
    assert (res.kind, res.decisions, res.changed, res.unmatched) == ("tmx", 2, 2, 1)
    t = [s["targets"]["ur"] for s in brief_json(folder)["segments"]]
    assert t[0]["text"] == edited and t[0]["review"]["status"] == "edited"
    assert t[0]["review"]["by"] == "nadia" and t[0]["review"]["at"] == "2026-12-01T19:55:00Z"
    assert t[1]["review"]["status"] == "approved" and t[1]["text"] == GOOD[1][1]


def test_an_omegat_pair_that_only_carries_the_prefilled_mt_decides_nothing(tmp_path):
    # OmegaT writes the MT that tm/auto/ pre-filled into its memory without changeid/changedate
    # (seen with OmegaT 3.6 console mode); such a pair is no reviewer's approval
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    project = tmp_path / "omegat-ur" / "omegat"
    project.mkdir(parents=True)
    save = project / "project_save.tmx"
    untouched = OMEGAT_TMX.replace(' changeid="nadia" changedate="20261201T195600Z"', "")
    save.write_text(untouched.format(src0=GOOD[0][0], edited="ترمیم شدہ جملہ۔", src1=GOOD[1][0], mt1=GOOD[1][1]),
                    encoding="utf-8")
    import_reviews([save], brief=folder, tm=None)
    t = [s["targets"]["ur"] for s in brief_json(folder)["segments"]]
    assert t[0]["review"]["status"] == "edited"  # an edit is a decision, with or without a date
    assert t[1].get("review") is None or t[1]["review"]["status"] == "pending"
    assert t[1]["origin"] == "mt"


def test_import_of_the_brief_tmx_edited_elsewhere(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    tmx = (folder / "brief.ps.tmx").read_text(encoding="utf-8")
    changed = tmx.replace(GOOD[3][2], "بیې په مارچ کې ۴٫۵ سلنه لوړې شوې.")
    edited = tmp_path / "reviewed.ps.tmx"
    edited.write_text(changed, encoding="utf-8")
    [res] = import_reviews([edited], brief=folder, tm=None)
    assert res.changed == 1
    assert brief_json(folder)["segments"][3]["targets"]["ps"]["review"]["status"] == "edited"
    # The same file again gives the same counts (README): before, the second import compared the
    # unit with the brief's current text (the edit now) and found 0 decisions.
    [again] = import_reviews([edited], brief=folder, tm=None)
    assert (again.decisions, again.changed, again.unchanged, again.by_status) == (1, 0, 1, {"edited": 1})


def test_an_empty_or_entity_target_decides_nothing_and_reads_no_file(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    data = (folder / "brief.ur.xlf").read_text(encoding="utf-8")
    data = data.replace('<?xml version="1.0" encoding="UTF-8"?>',
                        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "{secret.as_uri()}">]>')
    root_start = data.index("<target", data.index('id="0"'))
    end = data.index("</target>", root_start)
    data = data[:root_start] + '<target xml:lang="ur" state="final">&x;' + data[end:]
    hostile = tmp_path / "hostile.xlf"
    # The title approved as a CAT tool does it (approved="yes" and state="final": approved="yes"
    # beside the writer's needs-review-translation would be no decision, see readers).
    data = data.replace('approved="no"', 'approved="yes"', 1).replace('state="needs-review-translation"', 'state="final"', 1)
    hostile.write_text(data, encoding="utf-8")
    before = (folder / "brief.json").read_bytes()
    # A file that declares entities is refused whole (defusedxml's rule; no CAT tool writes them):
    # before, its title was imported and the entity read as an empty target.
    with pytest.raises(InputError, match="declares XML entities"):
        import_reviews([hostile], brief=folder, tm=None)
    assert (folder / "brief.json").read_bytes() == before
    assert "SECRET-CONTENT" not in "".join(p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file())


# --- files that match no brief --------------------------------------------------------------------


def test_a_file_that_matches_no_brief_is_an_error_naming_both(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    other = make_review_brief()
    other.segments[1].source = "A different sentence in another article."
    other_folder = write_folder(other, tmp_path / "other" / "floods-xss")
    before = snapshot(folder)
    stray = other_folder / "brief.ur.xlf"
    with pytest.raises(InputError) as err:
        import_reviews([stray], brief=folder, tm=None)
    assert str(stray) in str(err.value) and str(folder) in str(err.value) and "source" in str(err.value)
    result = CliRunner().invoke(main, ["review", "import", str(stray), "--brief", str(folder)])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert str(stray) in result.stderr and str(folder) in result.stderr
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(page_export({"id": "another-article", "content_hash": "f" * 64}, [])), encoding="utf-8")
    with pytest.raises(InputError, match="another-article.*matches no brief"):
        import_reviews([renamed], brief=folder, tm=None)
    not_review = tmp_path / "notes.json"
    not_review.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="not a review export"):
        import_reviews([not_review], brief=folder, tm=None)
    assert snapshot(folder) == before


# --- reruns: reviews kept, stale where the MT changed, TM reuse -------------------------------


class OtherTranslator(TaggingTranslator):
    """Another machine translation of every segment (as after a model change)."""

    def translate(self, segments, source, target):
        self.calls.append((list(segments), source, target))
        return [f"{target}~{s}" for s in segments]


def _batch(src, out, *, tm=None, force=False, formats="all", **kw):
    """A batch of ``src`` into ``out`` with the fakes; ``tm``: a memory file (None: none)."""
    from summarize.jobs.batch import BatchOptions, run_batch
    from summarize.settings import Settings

    kw.setdefault("use_summarizer", FirstSentencesSummarizer(3))
    kw.setdefault("use_translator", TaggingTranslator())
    settings = Settings.from_options(config=load_config(packaged_default_path()), targets="ur,ps", formats=formats,
                                     tm=tm, no_tm=tm is None)
    return run_batch([src], settings, out, BatchOptions(force=force), stream=io.StringIO(), handle_signals=False, **kw)


ARTICLE = ("Road plan agreed in Herat\n\nHERAT: Officials in district 7 met on Monday to discuss a new road.\n\n"
           "They agreed to build 9 bridges before the winter comes.\n\n"
           "A committee will report back within six weeks, the statement said.\n\n"
           "Residents welcomed the plan and asked for work to start soon.\n")


def _approve_all_ur(folder: Path, edit: str | None = None) -> None:
    xlf = folder / "brief.ur.xlf"
    ids = list(units(xlf.read_bytes()))
    edits = {ids[1]: edit} if edit else {}
    cat_tool_edit(xlf, folder.parent / "reviewed.ur.xlf", edit=edits, approve=[i for i in ids if i not in edits], reject=[])
    import_reviews([folder.parent / "reviewed.ur.xlf"], brief=folder, tm=SqliteTM(tm_path()))


def _batched_herat(tmp_path):
    """``(src, out)``: the Herat article briefed by a first batch into ``tmp_path/out``."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "herat.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(src, out).exit_code == 0
    return src, out


def test_a_rerun_keeps_reviews_and_marks_them_stale_when_the_mt_changed(tmp_path, validators):
    src, out = _batched_herat(tmp_path)
    folder = out / "herat"
    _approve_all_ur(folder, edit="سڑک کا منصوبہ")
    reviewed = brief_json(folder)
    # Same models, forced: nothing changes in the reviews.
    assert _batch(src, out, force=True, tm=None).exit_code == 0
    again = brief_json(folder)
    assert [s["targets"]["ur"] for s in again["segments"]] == [s["targets"]["ur"] for s in reviewed["segments"]]
    # Another machine translation: the reviewed text stays, the review is stale and flagged.
    assert _batch(src, out, force=True, tm=None, use_translator=OtherTranslator()).exit_code == 0
    after = brief_json(folder)
    for old, new in zip(reviewed["segments"], after["segments"]):
        o, n = old["targets"]["ur"], new["targets"]["ur"]
        assert n["text"] == o["text"] and n["mt"].startswith("urd_Arab~") and n["mt"] != o["mt"]
        assert n["review"]["status"] == "stale" and n["review"]["previous_status"] == o["review"]["status"]
        assert "stale" in [f["code"] for f in n["flags"]]
        assert new["targets"]["ps"]["review"] is None and new["targets"]["ps"]["mt"].startswith("pbt_Arab~")
    assert (folder / "summary.ur.txt").read_text(encoding="utf-8").splitlines()[2] == "سڑک کا منصوبہ"
    xlf = units((folder / "brief.ur.xlf").read_bytes())
    assert {u.find(f"{X}target").get("state") for u in xlf.values()} == {"needs-review-translation"}
    assert_valid((folder / "brief.ur.xlf").read_bytes(), validators)
    # A rerun writing only txt still keeps brief.json and its reviews.
    assert _batch(src, out, force=True, tm=None, formats="txt", use_translator=OtherTranslator()).exit_code == 0
    assert brief_json(folder)["segments"][0]["targets"]["ur"]["review"]["status"] == "stale"
    counts = review_status(out)["total"]["ur"]
    assert counts["stale"] == counts["total"] == len(after["segments"]) + 1
    # Back on the first translator, which offers again what was reviewed: the reviews stand as
    # they were made, not stale (a fresh user's report: a rejected text was delivered so).
    assert _batch(src, out, force=True, tm=None).exit_code == 0
    assert [s["targets"]["ur"]["review"] for s in brief_json(folder)["segments"]] == \
           [s["targets"]["ur"]["review"] for s in reviewed["segments"]]
    assert review_status(out)["total"]["ur"]["stale"] == 0


def test_the_stamp_and_manifest_count_the_stale_flags_a_rerun_adds(tmp_path):
    # the batch counted a brief's QA flags for its stamp and manifest line before the folder's
    # reviews were carried over, so the `stale` flags a rerun adds were left out of the index
    src, out = _batched_herat(tmp_path)
    folder = out / "herat"
    _approve_all_ur(folder)
    assert _batch(src, out, force=True, tm=None, use_translator=OtherTranslator()).exit_code == 0
    data = brief_json(folder)
    codes = [f["code"] for s in [data["title"], *data["segments"]] for t in s["targets"].values() for f in t["flags"]]
    assert codes.count("stale") == len(data["segments"]) + 1  # every reviewed Urdu segment, title included
    stamp = json.loads((folder / ".summarize-stamp.json").read_text(encoding="utf-8"))
    last = json.loads((out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert stamp["flags"] == last["flags"] == len(codes)


def test_the_translation_memory_serves_a_second_run(tmp_path, validators):
    src, out = _batched_herat(tmp_path)
    _approve_all_ur(out / "herat", edit="ہرات میں 7 ضلع کے حکام نے پیر کو ملاقات کی۔")
    first = brief_json(out / "herat")
    # The same sentences in another article, translated again: Urdu comes from the memory.
    (src / "herat-copy.txt").write_text(ARTICLE, encoding="utf-8")
    translator = TaggingTranslator()
    assert _batch(src, out, use_translator=translator, tm=tm_path()).exit_code == 0
    copy = brief_json(out / "herat-copy")
    for old, new in zip(first["segments"], copy["segments"]):
        o, n = old["targets"]["ur"], new["targets"]["ur"]
        assert n["origin"] == "tm" and n["text"] == o["text"] and n["review"] is None
        assert new["targets"]["ps"]["origin"] == "mt"
    assert copy["segments"][0]["targets"]["ur"]["flags"] == []  # computed: the reviewed Urdu keeps the 7
    assert any(f["code"] == "script" for f in copy["segments"][1]["targets"]["ur"]["flags"])  # fake MT approved as is
    assert not any(t == "urd_Arab" for _, _, t in translator.calls)  # Urdu never went to the model
    assert any(t == "pbt_Arab" for _, _, t in translator.calls)
    xlf = units((out / "herat-copy" / "brief.ur.xlf").read_bytes())
    assert {u.find(f"{X}target").get("state-qualifier") for u in xlf.values()} == {"exact-match"}
    assert 'data-origin="tm"' in (out / "herat-copy" / "brief.html").read_text(encoding="utf-8")
    assert_valid((out / "herat-copy" / "brief.ur.xlf").read_bytes(), validators)


# --- the translation memory itself --------------------------------------------------------------


def test_tm_path_resolution(tmp_path, monkeypatch):
    assert tm_path() == tmp_path / "xdg-data" / "summarize" / "tm.sqlite"  # conftest's XDG_DATA_HOME
    monkeypatch.setenv("SUMMARIZE_TM", str(tmp_path / "env.sqlite"))
    assert tm_path() == tmp_path / "env.sqlite"
    assert tm_path(tmp_path / "opt.sqlite") == tmp_path / "opt.sqlite"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.delenv("SUMMARIZE_TM")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert tm_path() == tmp_path / "home" / ".local" / "share" / "summarize" / "tm.sqlite"


def test_tm_store_lookup_and_wal(tmp_path):
    tm = SqliteTM(tmp_path / "sub" / "tm.sqlite")
    assert tm.lookup(["x"], "eng_Latn", "urd_Arab") == [None] and not tm.path.exists()  # no file made by a lookup
    assert tm.add([TMEntry("Prices  rose.\n", "قیمتیں بڑھ گئیں۔", "eng_Latn", "urd_Arab")]) == 1
    assert tm.add([TMEntry("Prices  rose.\n", "قیمتیں بڑھ گئیں۔", "eng_Latn", "urd_Arab")]) == 0  # same: no change
    assert tm.lookup(["Prices rose.", "prices rose.", "Prices rose."], "eng_Latn", "urd_Arab") == ["قیمتیں بڑھ گئیں۔", None, "قیمتیں بڑھ گئیں۔"]
    assert tm.lookup(["Prices rose."], "eng_Latn", "pbt_Arab") == [None]
    import sqlite3

    with sqlite3.connect(tm.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert normalize_source("  a\u0301\tb ") == "\u00e1 b"


def test_tm_import_export_and_stats(tmp_path, validators):
    client = tmp_path / "client.tmx"
    client.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="X" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"
 srclang="en-US" datatype="plaintext"/><body>
<tu><tuv xml:lang="en-US"><seg>{GOOD[0][0]}</seg></tuv><tuv xml:lang="ur-PK"><seg>{GOOD[0][1]}</seg></tuv>
<tuv xml:lang="fa-AF"><seg>{GOOD[0][3]}</seg></tuv></tu>
<tu><tuv xml:lang="en-US"><seg>Only English.</seg></tuv><tuv xml:lang="xx"><seg>?</seg></tuv></tu>
</body></tmx>""", encoding="utf-8")
    db = tmp_path / "tm.sqlite"
    r = CliRunner().invoke(main, ["tm", "import", str(client), "--tm", str(db)])
    assert r.exit_code == 0 and "2 stored, 1 skipped" in r.stderr, r.output
    tm = SqliteTM(db)
    assert tm.lookup([GOOD[0][0]], "eng_Latn", "prs_Arab") == [GOOD[0][3]]
    assert {e.status for e in tm.entries()} == {"approved"}
    r = CliRunner().invoke(main, ["tm", "stats", "--tm", str(db), "--json"])
    assert json.loads(r.stdout)["pairs"] == {"eng_Latn->prs_Arab": {"approved": 1}, "eng_Latn->urd_Arab": {"approved": 1}}
    assert "2 entries" in CliRunner().invoke(main, ["tm", "stats", "--tm", str(db)]).stdout
    exported = tmp_path / "export.tmx"
    assert CliRunner().invoke(main, ["tm", "export", "--format", "tmx", str(exported), "--tm", str(db)]).exit_code == 0
    assert_valid(exported.read_bytes(), validators)
    keep = tmp_path / "theirs.tmx"
    keep.write_text("keep", encoding="utf-8")  # a user's report: tm export overwrote an existing file
    r = CliRunner().invoke(main, ["tm", "export", "--format", "tmx", str(keep), "--tm", str(db)])
    assert r.exit_code == 2 and "exists" in r.stderr and keep.read_text(encoding="utf-8") == "keep"
    assert CliRunner().invoke(main, ["tm", "export", str(keep), "--tm", str(db), "--force"]).exit_code == 0
    assert keep.read_bytes() == exported.read_bytes()
    again = SqliteTM(tmp_path / "again.sqlite")
    from summarize.tm.tmx import import_tmx

    done = import_tmx(again, exported)
    assert (done.stored, done.skipped) == (2, {})
    assert [(e.source, e.target, e.target_lang) for e in again.entries()] == [(e.source, e.target, e.target_lang) for e in tm.entries()]


def test_a_file_that_is_no_memory_is_refused_before_any_work(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    r = CliRunner().invoke(main, ["run", str(tmp_path / "a.txt"), "--tm", str(bad), "-o", str(tmp_path / "o")])
    assert r.exit_code == 2 and str(bad) in r.stderr and "not a translation memory" in r.stderr
    assert not (tmp_path / "o").exists()
    r = CliRunner().invoke(main, ["tm", "stats", "--tm", str(tmp_path)])
    assert r.exit_code == 2 and "is a folder" in r.stderr


def test_no_tm_turns_the_memory_off(tmp_path, monkeypatch):
    from summarize.jobs import run as runner

    seen = []  # the memory of the pipeline each run's settings give
    monkeypatch.setattr(runner, "run_articles", lambda articles, settings, output, **_: seen.append(settings.pipeline().tm) or [])
    base = ["run", str(tmp_path / "a.txt"), "--summarizer", "extractive", "-o", str(tmp_path / "o")]
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    CliRunner().invoke(main, [*base, "--no-tm"])
    CliRunner().invoke(main, [*base, "--tm", str(tmp_path / "x.sqlite")])
    assert seen[0] is None and seen[1].path == tmp_path / "x.sqlite"


# --- status ---------------------------------------------------------------------------------------


def test_review_status_table_and_json(tmp_path):
    a = write_folder(make_review_brief(), tmp_path / "batch" / "a")
    write_folder(make_review_brief(), tmp_path / "batch" / "b")
    edited = cat_tool_edit(a / "brief.ur.xlf", tmp_path / "r.xlf", edit={"0": "نیا"}, approve=["1"], reject=["2"])
    import_reviews([edited], brief=a, tm=None)
    r = CliRunner().invoke(main, ["review", "status", str(tmp_path / "batch"), "--json"])
    st = json.loads(r.stdout)
    assert st["briefs"][0]["targets"]["ur"] == {"approved": 1, "edited": 1, "rejected": 1, "stale": 0, "pending": 4, "total": 7}
    assert st["total"]["ur"]["pending"] == 11 and st["total"]["ps"]["pending"] == 14
    table = CliRunner().invoke(main, ["review", "status", str(a)]).stdout.splitlines()
    assert table[0].split() == ["BRIEF", "TARGET", "APPROVED", "EDITED", "REJECTED", "STALE", "PENDING", "TOTAL"]
    assert table[1].split() == ["a", "ur", "1", "1", "1", "0", "4", "7"]
    bad = CliRunner().invoke(main, ["review", "status", str(tmp_path / "nothing-here")])
    assert bad.exit_code == 1 and "nothing-here: no such folder" in bad.stderr


def test_review_status_of_one_briefs_folder_names_it_not_dot(tmp_path, monkeypatch):
    # a user's report: `review status briefs/article` showed the BRIEF column as "."
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "article")

    def briefs_column(arg):
        result = CliRunner().invoke(main, ["review", "status", arg])
        assert result.exit_code == 0, result.output
        return {line.split()[0] for line in result.stdout.splitlines()[1:]}

    assert briefs_column(str(folder)) == {"article"}
    assert briefs_column(str(folder) + "/") == {"article"}
    monkeypatch.chdir(folder)
    assert briefs_column(".") == {"article"}
    monkeypatch.chdir(tmp_path)
    assert briefs_column("briefs") == {"article"}  # a batch folder: the brief's folder below it, as before
    # --json keeps "folder" relative to the folder given
    st = json.loads(CliRunner().invoke(main, ["review", "status", str(folder), "--json"]).stdout)
    assert [b["folder"] for b in st["briefs"]] == ["."]


# --- XLIFF states and validity --------------------------------------------------------------------


def test_every_machine_translation_is_needs_review_leveraged_mt(validators):
    brief = make_review_brief()
    for short, data in XliffWriter().render(brief).items():
        for u in units(data).values():
            target = u.find(f"{X}target")
            assert target.get("state") == "needs-review-translation" and target.get("state-qualifier") == "leveraged-mt"
            assert u.get("approved") == "no"
        assert_valid(data, validators)


def test_multi_file_xliff_on_stdout_gives_each_file_its_own_original(validators, tmp_path):
    brief = make_review_brief()
    data = XliffWriter().to_stdout(brief)
    root = etree.fromstring(data)
    files = root.findall(f"{X}file")
    assert [f.get("original") for f in files] == ["floods-xss.ur", "floods-xss.ps", "floods-xss.prs"]
    assert_valid(data, validators)
    # Such a document comes back too: each <file> goes to its own target.
    folder = write_folder(brief, tmp_path / "floods-xss")
    ps_unit = [u for u in files[1].iter(f"{X}trans-unit") if u.get("id") == "4"][0]
    ps_unit.find(f"{X}target").text = "بیې لوړې شوې."
    doc = tmp_path / "all.xlf"
    doc.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    [res] = import_reviews([doc], brief=folder, tm=None)
    assert (res.decisions, res.changed) == (1, 1)
    seg = brief_json(folder)["segments"][4]["targets"]
    assert seg["ps"]["text"] == "بیې لوړې شوې." and seg["ur"]["review"] is None and seg["prs"]["review"] is None


def test_every_written_xliff_and_tmx_is_valid(tmp_path, validators):
    folder = write_folder(make_review_brief(), tmp_path / "floods-xss")
    brief = make_review_brief()
    brief.segments[0].targets["ur"].text = ""  # an empty target
    for name, data in {**writers_for("xliff")[0].render(brief), **writers_for("tmx")[0].render(brief)}.items():
        assert_valid(data, validators)
    edited = cat_tool_edit(folder / "brief.prs.xlf", tmp_path / "r.xlf", edit={"1": "متن"}, approve=["0"], reject=["2"],
                           comment={"3": "check the name"})
    import_reviews([edited], brief=folder, tm=None)
    for p in sorted(folder.glob("brief.*.xlf")) + sorted(folder.glob("brief.*.tmx")):
        assert_valid(p.read_bytes(), validators)


# --- the whole loop through the CLI, with the tiny models ---------------------------------------


def test_the_loop_through_the_cli_with_tiny_models(tiny_config, tmp_path, monkeypatch, validators):
    """run -> edit the XLIFF in a CAT tool -> review import -> run again: nothing lost, the
    reviewed sentences come from the memory, the others from the model."""
    from tests.conftest import SEED

    monkeypatch.setenv("SUMMARIZE_THREADS", "1")
    base = ["run", str(SEED), "--models", str(tiny_config), "--offline", "--targets", "ur", "-o", str(tmp_path / "out")]
    result = CliRunner().invoke(main, base)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "afghan-truce"
    mt = brief_json(folder)
    ids = list(units((folder / "brief.ur.xlf").read_bytes()))
    edited = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "afghan-truce.ur.xlf", edit={ids[1]: "جنگ بندی پر بات چیت ہوئی۔"},
                           approve=[ids[0]], reject=[])
    result = CliRunner().invoke(main, ["review", "import", str(edited), "--brief", str(folder), "--reviewer", "Amina"])
    assert result.exit_code == 0, result.output
    assert brief_json(folder)["segments"][0]["targets"]["ur"]["review"]["by"] == "Amina"
    assert (folder / "summary.ur.txt").read_text(encoding="utf-8").splitlines()[2] == "جنگ بندی پر بات چیت ہوئی۔"
    assert CliRunner().invoke(main, base).exit_code == 0  # the same run again, memory on by default
    again = brief_json(folder)
    seg0 = again["segments"][0]["targets"]["ur"]
    assert seg0["text"] == "جنگ بندی پر بات چیت ہوئی۔" and seg0["review"]["status"] == "edited"  # the review is kept
    assert again["title"]["targets"]["ur"]["review"]["status"] == "approved"
    assert [s["targets"]["ur"]["origin"] for s in again["segments"][1:]] == ["mt"] * (len(again["segments"]) - 1)
    assert [s["targets"]["ur"]["mt"] for s in again["segments"][1:]] == [s["targets"]["ur"]["mt"] for s in mt["segments"][1:]]
    assert_valid((folder / "brief.ur.xlf").read_bytes(), validators)
    status = CliRunner().invoke(main, ["review", "status", str(folder), "--json"])
    counts = json.loads(status.stdout)["total"]["ur"]
    assert (counts["approved"], counts["edited"], counts["pending"]) == (1, 1, counts["total"] - 2)


def _add_many(args):
    path, worker = args
    tm = SqliteTM(path)
    for i in range(20):
        tm.add([TMEntry(f"Sentence {worker}-{i}.", f"جملہ {worker}-{i}", "eng_Latn", "urd_Arab")])
        tm.lookup([f"Sentence {worker}-{i}."], "eng_Latn", "urd_Arab")
    return worker


def test_batch_workers_can_write_the_memory_at_once(tmp_path):
    """Several processes creating, adding and looking up at once (WAL, busy timeout): none fails,
    nothing is lost."""
    import multiprocessing

    path = tmp_path / "tm.sqlite"
    # spawn, not fork: a fork of this process, which other tests leave with threads (torch, Ray
    # clients), can deadlock in the child; it hung once for 30 minutes in a full run
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        assert sorted(pool.map(_add_many, [(path, w) for w in range(3)])) == [0, 1, 2]
    assert SqliteTM(path).stats()["entries"] == 3 * 20
