"""``summarize review omegat``: the OmegaT project it writes, the import that finds the briefs from
the project's marker, and (where Debian's ``omegat`` is installed) the headless round trip:
export -> ``omegat PROJECT --mode=console-translate`` -> a project_save.tmx in OmegaT's shape ->
``summarize review import``."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from summarize.cli import main
from summarize.errors import ConfigError, InputError
from summarize.review import import_reviews
from summarize.review.merge import Decision, apply_decision
from summarize.review.omegat import MARKER, export_omegat, one_line
from summarize.tm.tmx import read_tmx_pairs
from summarize.writers import writers_for
from summarize.writers.folder import carry_reviews_into, render_files, replace_brief_files
from tests.review_helpers import GOOD, make_review_brief

SCHEMAS = Path(__file__).parent / "schemas"


def write_folder(brief, folder: Path) -> Path:
    replace_brief_files(folder, render_files(brief, carry_reviews_into(folder, brief, writers_for("all"))))
    return folder


def brief_json(folder: Path) -> dict:
    return json.loads((folder / "brief.json").read_text(encoding="utf-8"))


def units(folder: Path, short: str) -> list[tuple[str, str]]:
    """(source, target text) per unit of the brief folder, title first, as brief.json holds them."""
    d = brief_json(folder)
    segs = ([d["title"]] if d.get("title") else []) + d["segments"]
    return [(s["source"], s["targets"][short]["text"]) for s in segs]


def test_export_writes_a_project_omegat_reads(tmp_path):
    brief = make_review_brief()
    brief.segments[0].source = "The government announced on Tuesday\nthat schools will reopen next month."
    apply_decision(brief.segments[3].targets["ur"], Decision(segment=3, target="ur", status="rejected"))
    folder = write_folder(brief, tmp_path / "briefs" / "floods-xss")
    projects = export_omegat([folder], tmp_path / "omegat")
    assert [(p.folder.name, p.target) for p in projects] == [("floods-xss.ur", "ur"), ("floods-xss.ps", "ps"),
                                                              ("floods-xss.prs", "prs")]
    for p in projects:
        for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
            assert (p.folder / sub).is_dir(), sub
        project = etree.parse(str(p.folder / "omegat.project")).getroot().find("project")
        assert project.findtext("source_lang") == "en"
        assert project.findtext("target_lang") == {"ur": "ur", "ps": "ps", "prs": "fa-AF"}[p.target]
        assert project.findtext("sentence_seg") == "false"
    ur = projects[0].folder
    want = units(folder, "ur")
    lines = (ur / "source" / "floods-xss.txt").read_text(encoding="utf-8").split("\n\n")
    assert [line.strip("\n") for line in lines] == [one_line(s) for s, _t in want]
    assert "\n" not in lines[1] and lines[1] == "The government announced on Tuesday that schools will reopen next month."
    tmx = ur / "tm" / "auto" / "floods-xss.tmx"
    assert etree.DTD(str(SCHEMAS / "tmx14.dtd")).validate(etree.parse(str(tmx)))
    pairs = [(p["source"], p["target"], p["target_tag"]) for p in read_tmx_pairs(tmx)]
    # segment 3 (the 5th unit, after the title) was rejected: left out, so OmegaT shows it untranslated
    assert pairs == [(one_line(s), t, "ur") for i, (s, t) in enumerate(want) if i != 4]
    marker = json.loads((ur / MARKER).read_text(encoding="utf-8"))
    assert marker["target"] == "ur" and marker["tag"] == "ur"
    assert marker["briefs"] == [{"folder": str(folder.resolve()), "folder_from_project": "../../briefs/floods-xss",
                                 "source_file": "source/floods-xss.txt",
                                 "id": brief_json(folder)["id"], "content_hash": brief_json(folder)["content_hash"],
                                 "stem": "floods-xss"}]
    before = (ur / "source" / "floods-xss.txt").read_bytes()
    with pytest.raises(InputError, match="already exists"):
        export_omegat([folder], tmp_path / "omegat")  # a project may hold a review: never overwritten
    assert (ur / "source" / "floods-xss.txt").read_bytes() == before


def test_several_briefs_share_one_project_per_target(tmp_path):
    a = write_folder(make_review_brief(), tmp_path / "a" / "floods-xss")
    b = write_folder(make_review_brief(), tmp_path / "b" / "floods-xss")  # the same stem
    [p] = export_omegat([a, b, a], tmp_path / "out", targets=["ps"])  # a folder named twice is one brief
    assert p.folder.name == "briefs.ps"
    assert sorted(x.name for x in (p.folder / "source").iterdir()) == ["floods-xss-2.txt", "floods-xss.txt"]
    assert [r["folder"] for r in json.loads((p.folder / MARKER).read_text())["briefs"]] == [str(a.resolve()), str(b.resolve())]
    with pytest.raises(ConfigError, match="no brief has target 'xx'"):  # a bad -t: a usage error, exit code 2
        export_omegat([a], tmp_path / "out2", targets=["xx"])
    with pytest.raises(InputError, match="not a project name"):
        export_omegat([a], tmp_path / "out3", name="../escape")
    assert not (tmp_path / "escape.ur").exists()


def test_cli_omegat_bad_input_is_one_line_and_non_zero(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    res = CliRunner().invoke(main, ["review", "omegat", str(empty), "-o", str(tmp_path / "out")])
    assert res.exit_code != 0 and "holds no brief.json" in res.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


SAVE_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" creationtoolversion="3.6.0_10_unknown" segtype="paragraph" srclang="en"/>
  <body>
    <tu>
      <tuv lang="en">
        <seg>{src}</seg>
      </tuv>
      <tuv lang="{lang}" changeid="nadia" changedate="20261201T221000Z">
        <seg>{tgt}</seg>
      </tuv>
    </tu>
  </body>
</tmx>
"""


def test_import_finds_the_briefs_from_the_project_marker(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    prs = export_omegat([folder], tmp_path / "omegat", targets=["prs"])[0].folder
    save = prs / "omegat" / "project_save.tmx"
    edited = "حکومت اعلام کرد که مکاتب ماه آینده باز می‌شوند."
    save.write_text(SAVE_TMX.format(src=GOOD[0][0], lang="fa-AF", tgt=edited), encoding="utf-8")
    [res] = import_reviews([save], tm=None)  # no --brief: the marker names the brief folder
    assert (res.decisions, res.changed, res.folders) == (1, 1, [folder.resolve()])
    t = brief_json(folder)["segments"][0]["targets"]["prs"]
    assert (t["text"], t["origin"], t["review"]["status"], t["review"]["by"]) == (edited, "review", "edited", "nadia")
    shutil.move(str(folder), str(tmp_path / "moved"))
    with pytest.raises(InputError, match="holds no brief.json .*--brief"):
        import_reviews([save], tm=None)


# --- a project that moves: offline review on a reviewer's laptop -----------------------------------


def _edited_save(project: Path) -> tuple[Path, str]:
    """The project's omegat/project_save.tmx as a reviewer's OmegaT leaves it: segment 0 edited."""
    save = project / "omegat" / "project_save.tmx"
    edited = "حکومت اعلام کرد که مکاتب ماه آینده باز می‌شوند."
    save.write_text(SAVE_TMX.format(src=GOOD[0][0], lang="fa-AF", tgt=edited), encoding="utf-8")
    return save, edited


def test_no_file_of_the_project_names_an_absolute_path_omegat_reads(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "work" / "briefs" / "floods-xss")
    [p] = export_omegat([folder], tmp_path / "work" / "omegat", targets=["prs"])
    project = etree.parse(str(p.folder / "omegat.project")).getroot().find("project")
    for tag in ("source_dir", "target_dir", "tm_dir", "glossary_dir", "glossary_file", "dictionary_dir"):
        assert project.findtext(tag) == "__DEFAULT__", tag  # OmegaT's own folders inside the project
    assert str(tmp_path) not in (p.folder / "omegat.project").read_text(encoding="utf-8")


def test_a_project_moved_with_its_briefs_still_finds_them(tmp_path):
    """A fresh user's report: the project's marker named the brief folders by absolute path only,
    so a workspace (briefs and OmegaT projects) moved or copied elsewhere lost its briefs."""
    work = tmp_path / "work"
    folder = write_folder(make_review_brief(), work / "briefs" / "floods-xss")
    export_omegat([folder], work / "omegat", targets=["prs"])
    moved = tmp_path / "laptop" / "work"
    moved.parent.mkdir()
    shutil.move(str(work), str(moved))
    save, edited = _edited_save(moved / "omegat" / "floods-xss.prs")
    [res] = import_reviews([save], tm=None)  # no --brief
    assert res.folders == [moved / "briefs" / "floods-xss"] and res.changed == 1
    assert brief_json(moved / "briefs" / "floods-xss")["segments"][0]["targets"]["prs"]["text"] == edited


def test_a_project_moved_alone_finds_its_briefs_where_they_are(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    [p] = export_omegat([folder], tmp_path / "omegat", targets=["prs"])
    # where folder_from_project now leads lies another brief (another id): not this project's
    other = make_review_brief()
    other.article.paragraphs = ["Markets in Kabul opened again on Sunday after the holiday."]
    write_folder(other, tmp_path / "laptop" / "briefs" / "floods-xss")
    assert brief_json(tmp_path / "laptop" / "briefs" / "floods-xss")["id"] != brief_json(folder)["id"]
    away = tmp_path / "laptop" / "omegat" / "floods-xss.prs"
    shutil.copytree(p.folder, away)
    save, edited = _edited_save(away)
    [res] = import_reviews([save], tm=None)
    assert res.folders == [folder.resolve()] and res.changed == 1
    # a marker written before folder_from_project was recorded: the absolute folder, as before
    marker = json.loads((away / MARKER).read_text(encoding="utf-8"))
    for b in marker["briefs"]:
        del b["folder_from_project"]
    (away / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    assert import_reviews([save], tm=None)[0].folders == [folder.resolve()]
    shutil.move(str(folder), str(tmp_path / "gone"))
    with pytest.raises(InputError, match="holds no brief.json of this project .*pass --brief DIR"):
        import_reviews([save], tm=None)


@pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT is not installed (Debian: apt-get install omegat)")
def test_a_moved_project_loads_in_omegat_and_imports_back(tmp_path):
    work = tmp_path / "work"
    folder = write_folder(make_review_brief(), work / "briefs" / "floods-xss")
    res = CliRunner().invoke(main, ["review", "omegat", str(folder), "-o", str(work / "omegat"), "-t", "ur"])
    assert res.exit_code == 0, res.output
    moved = tmp_path / "elsewhere" / "work"
    moved.parent.mkdir()
    shutil.move(str(work), str(moved))  # the original place is gone: nothing may point there
    project = moved / "omegat" / "floods-xss.ur"
    run = subprocess.run(["omegat", str(project), "--mode=console-translate"], capture_output=True, text=True,
                         timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    translated = (project / "target" / "floods-xss.txt").read_text(encoding="utf-8")
    moved_brief = moved / "briefs" / "floods-xss"
    assert [x for x in translated.split("\n") if x] == [t for _s, t in units(moved_brief, "ur")]
    assert str(work) not in (project / "omegat.project").read_text(encoding="utf-8")
    # what OmegaT wrote comes back without --brief: the edit of a reviewer on the memory it saved
    doc = etree.parse(str(project / "floods-xss.ur-omegat.tmx"),
                      etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True))
    edited = "شدید بارش سے 12 اضلاع میں سیلاب آیا۔"
    for tu in doc.getroot().iter("tu"):
        src, tgt = tu.findall("tuv")
        if src.findtext("seg") == GOOD[1][0]:
            tgt.find("seg").text = edited
            tgt.set("changeid", "nadia")
    save = project / "omegat" / "project_save.tmx"
    save.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    res = CliRunner().invoke(main, ["review", "import", str(save), "--no-tm"])
    assert res.exit_code == 0, res.output
    assert brief_json(moved_brief)["segments"][1]["targets"]["ur"]["text"] == edited


@pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT is not installed (Debian: apt-get install omegat)")
def test_omegat_round_trip_in_console_mode(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    out = tmp_path / "omegat"
    res = CliRunner().invoke(main, ["review", "omegat", str(folder), "-o", str(out), "-t", "ur"])
    assert res.exit_code == 0, res.output
    project = out / "floods-xss.ur"
    run = subprocess.run(["omegat", str(project), "--mode=console-translate"], capture_output=True, text=True,
                         timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    # tm/auto pre-filled every segment: the translated file is the machine text, one per paragraph
    translated = (project / "target" / "floods-xss.txt").read_text(encoding="utf-8")
    assert [x for x in translated.split("\n") if x] == [t for _s, t in units(folder, "ur")]

    # A reviewer edits segment 1 in OmegaT and saves: project_save.tmx has the shape of the
    # project memory console mode wrote, with changeid/changedate on the edited tuv.
    written = project / "floods-xss.ur-omegat.tmx"
    doc = etree.parse(str(written), etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True))
    assert doc.docinfo.system_url == "tmx11.dtd" and doc.getroot().get("version") == "1.1"
    edited = "شدید بارش سے 12 اضلاع میں سیلاب آیا اور 3,500 خاندان گھر چھوڑنے پر مجبور ہوئے۔"
    hits = 0
    for tu in doc.getroot().iter("tu"):
        src, tgt = tu.findall("tuv")
        assert (src.get("lang"), tgt.get("lang")) == ("en", "ur")
        if src.findtext("seg") == GOOD[1][0]:
            tgt.find("seg").text = edited
            tgt.set("changeid", "nadia")
            tgt.set("changedate", "20261201T221500Z")
            hits += 1
    assert hits == 1
    save = project / "omegat" / "project_save.tmx"
    save.write_bytes(etree.tostring(copy.deepcopy(doc), xml_declaration=True, encoding="UTF-8"))

    res = CliRunner().invoke(main, ["review", "import", str(save), "--no-tm"])
    assert res.exit_code == 0, res.output
    t = brief_json(folder)["segments"][1]["targets"]["ur"]
    assert (t["text"], t["origin"], t["review"]["status"], t["review"]["by"]) == (edited, "review", "edited", "nadia")
    assert t["mt"] == GOOD[1][1] and t["review"]["at"] == "2026-12-01T22:15:00Z"
    assert edited in (folder / "summary.ur.txt").read_text(encoding="utf-8")
    assert GOOD[1][1] not in (folder / "summary.ur.txt").read_text(encoding="utf-8")
    again = (folder / "brief.json").read_bytes()
    CliRunner().invoke(main, ["review", "import", str(save), "--no-tm"])
    assert (folder / "brief.json").read_bytes() == again  # a second import changes nothing
