"""A fresh user's reports on the review commands, each pinned by a test that failed before its
fix: `review omegat` on a brief without translations, on a batch folder; `review status` with
nothing translated; the brief folders the review commands walk."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from lxml import etree

from summarize.review.folders import brief_folders
from summarize.review.omegat import MARKER
from tests.conftest import SEED
from tests.test_fresh_user import ENGLISH_ONLY, one_error_line, run
from tests.review_helpers import make_review_brief
from tests.test_review_omegat import SAVE_TMX, brief_json, units, write_folder


def test_omegat_refuses_briefs_without_translations_and_writes_nothing(tmp_path):
    assert run("run", SEED, *ENGLISH_ONLY, "-o", tmp_path / "briefs").exit_code == 0
    assert run("batch", SEED.parent, *ENGLISH_ONLY, "-o", tmp_path / "batch", "-q").exit_code == 0
    for given in (tmp_path / "briefs" / "afghan-truce", tmp_path / "batch"):
        out = tmp_path / f"omegat-{given.name}"
        res = run("review", "omegat", given, "-o", out)
        assert res.exit_code == 1, res.output
        line = one_error_line(res)
        assert f"{given}: has no translations" in line and "nothing to translate or review" in line
        assert not out.exists()


def _second_brief():
    """A brief like make_review_brief's, of another article (another stem, another first sentence)."""
    brief = make_review_brief()
    brief.article.stem = "market"
    brief.segments[0].source = "Markets in Kabul opened again on Sunday after the holiday."
    return brief


def test_omegat_takes_a_batch_folder_and_the_round_trip_still_works(tmp_path):
    batch = tmp_path / "batch"
    a = write_folder(make_review_brief(), batch / "2020" / "floods-xss")
    b = write_folder(_second_brief(), batch / "2021" / "market")
    assert run("run", SEED, *ENGLISH_ONLY, "-o", batch).exit_code == 0  # an English-only brief: left out
    (batch / "manifest.jsonl").write_text("", encoding="utf-8")
    # what a kill -9 left while a brief was written: not a brief
    shutil.copytree(a, batch / "2020" / ".floods-xss.summarize-tmp-x1")

    res = run("review", "omegat", batch, "-o", tmp_path / "omegat", "-t", "ur")
    assert res.exit_code == 0, res.output
    project = tmp_path / "omegat" / "briefs.ur"
    assert sorted(p.name for p in (project / "source").iterdir()) == ["floods-xss.txt", "market.txt"]
    marker = json.loads((project / MARKER).read_text(encoding="utf-8"))
    assert [r["folder"] for r in marker["briefs"]] == [str(a.resolve()), str(b.resolve())]

    # back: OmegaT's project memory, one sentence of the second brief edited
    save = project / "omegat" / "project_save.tmx"
    edited = "کابل کے بازار چھٹی کے بعد اتوار کو دوبارہ کھل گئے۔"
    save.write_text(SAVE_TMX.format(src="Markets in Kabul opened again on Sunday after the holiday.", lang="ur",
                                    tgt=edited), encoding="utf-8")
    before_a = (a / "brief.json").read_bytes()
    res = run("review", "import", save, "--no-tm")
    assert res.exit_code == 0, res.output
    assert (a / "brief.json").read_bytes() == before_a
    t = brief_json(b)["segments"][0]["targets"]["ur"]
    assert (t["text"], t["review"]["status"], t["review"]["by"]) == (edited, "edited", "nadia")
    st = json.loads(run("review", "status", batch, "--json").stdout)
    assert [x["folder"] for x in st["briefs"]] == ["2020/floods-xss", "2021/market", "afghan-truce"]
    assert st["total"]["ur"]["edited"] == 1


def test_omegat_checks_every_project_folder_before_writing_any(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")
    (tmp_path / "omegat" / "floods-xss.prs").mkdir(parents=True)  # the last target's project exists
    res = run("review", "omegat", folder, "-o", tmp_path / "omegat")
    assert res.exit_code == 1 and "floods-xss.prs: already exists" in one_error_line(res)
    assert sorted(p.name for p in (tmp_path / "omegat").iterdir()) == ["floods-xss.prs"]


def test_status_says_when_nothing_is_translated(tmp_path):
    assert run("run", SEED, *ENGLISH_ONLY, "-o", tmp_path / "briefs").exit_code == 0
    res = run("review", "status", tmp_path / "briefs")
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == f"no translations to review in {tmp_path / 'briefs'} (1 brief, made with --no-translate)"
    assert "BRIEF" not in res.stdout


def test_review_commands_share_the_brief_folders_of_a_batch(tmp_path):
    a = write_folder(make_review_brief(), tmp_path / "batch" / "x" / "floods-xss")
    shutil.copytree(a, tmp_path / "batch" / "x" / ".floods-xss.summarize-tmp-y")
    assert brief_folders(tmp_path / "batch") == [a]
    assert brief_folders(a) == [a]
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in (("review", "status", empty), ("review", "omegat", empty, "-o", tmp_path / "o"),
                 ("review", "import", tmp_path / "x.xlf", "--brief", empty)):
        if args[1] == "import":
            (tmp_path / "x.xlf").write_text("<xliff/>", encoding="utf-8")
        res = run(*args)
        assert res.exit_code == 1 and f"{empty}: holds no brief.json (" in one_error_line(res), args


@pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT is not installed (Debian: apt-get install omegat)")
def test_omegat_console_round_trip_of_a_batch_folder(tmp_path):
    batch = tmp_path / "batch"
    a = write_folder(make_review_brief(), batch / "2020" / "floods-xss")
    b = write_folder(_second_brief(), batch / "2021" / "market")
    assert run("review", "omegat", batch, "-o", tmp_path / "omegat", "-t", "ur").exit_code == 0
    project = tmp_path / "omegat" / "briefs.ur"
    done = subprocess.run(["omegat", str(project), "--mode=console-translate"], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    for folder, stem in ((a, "floods-xss"), (b, "market")):  # tm/auto pre-filled both briefs' files
        translated = (project / "target" / f"{stem}.txt").read_text(encoding="utf-8")
        assert [x for x in translated.split("\n") if x] == [t for _s, t in units(folder, "ur")]
    doc = etree.parse(str(project / "briefs.ur-omegat.tmx"),
                      etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True))
    edited = "کابل کے بازار چھٹی کے بعد اتوار کو دوبارہ کھل گئے۔"
    for tu in doc.getroot().iter("tu"):
        src, tgt = tu.findall("tuv")
        if src.findtext("seg") == "Markets in Kabul opened again on Sunday after the holiday.":
            tgt.find("seg").text = edited
            tgt.set("changeid", "nadia")
            tgt.set("changedate", "20261201T221500Z")
    save = project / "omegat" / "project_save.tmx"
    save.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    before_a = (a / "brief.json").read_bytes()
    res = run("review", "import", save, "--no-tm")
    assert res.exit_code == 0, res.output
    assert (a / "brief.json").read_bytes() == before_a  # the pre-filled MT decides nothing
    t = brief_json(b)["segments"][0]["targets"]["ur"]
    assert (t["text"], t["review"]["status"]) == (edited, "edited")
    assert edited in (b / "summary.ur.txt").read_text(encoding="utf-8")


def test_an_empty_review_file_is_called_empty(tmp_path):
    """A 0-byte (or white-space-only) file was "not a review file", as if it were of another kind."""
    for name, data in (("brief.review.json", b""), ("brief.ur.xlf", b"\xef\xbb\xbf \n")):
        p = tmp_path / name
        p.write_bytes(data)
        res = run("review", "import", p, "--no-tm")
        assert res.exit_code == 1, res.output
        line = one_error_line(res)
        assert f"{p}: is empty" in line and "XLIFF 1.2 or TMX" in line


def test_a_file_with_nothing_reviewed_names_its_brief(tmp_path):
    """Importing an XLIFF nobody had reviewed said "(nothing for any brief)", naming no brief."""
    folder = write_folder(make_review_brief(), tmp_path / "b" / "kabul")
    for args in ((folder / "brief.ur.xlf",), (folder / "brief.ur.xlf", "--brief", tmp_path / "b")):
        res = run("review", "import", *args, "--no-tm")
        assert res.exit_code == 0, res.output
        assert f"0 decisions: 0 changed, 0 already in the brief (no unit of it is reviewed: nothing for {folder})" in res.output
