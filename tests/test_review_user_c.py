"""Review import, from a fresh user's report (2026-12-03):

1. a page edit holding control characters (``ab\\x00cd\\x07ef``) went into brief.json, the
   summary files and the memory as it was, while the XLIFF and TMX held ``abcdef``: the memory's
   own export then imported as "1 stored (0 new, 1 updated)";
2. an XLIFF whose entities expand to 100,000 characters (five levels of ten, under libxml2's
   bomb limit) was imported as an edit and stored in the memory.
"""

from __future__ import annotations

from pathlib import Path

from summarize.review import import_reviews
from summarize.tm import SqliteTM
from tests.review_helpers import make_review_brief
from tests.test_fresh_user import run
from tests.test_review_loop import brief_json, snapshot, write_folder
from tests.test_review_user_b import _cell, _herat, _page, _refused


def test_control_characters_of_an_edit_leave_every_file_and_the_memory_alike(tmp_path):
    _src, _out, folder, tm = _herat(tmp_path)
    page = _page(folder, [_cell(folder, "0", "ps", "edited", "ab\x00cd\x07ef", "2026-12-03T05:00:00.000Z",
                                comment="see\x0bthis")], tmp_path)
    result = run("review", "import", page, "--brief", folder, "--tm", tm)
    assert result.exit_code == 0, result.output
    ts = brief_json(folder)["segments"][0]["targets"]["ps"]
    assert ts["text"] == "abcdef" and ts["review"]["comment"] == "seethis"
    assert (folder / "summary.ps.txt").read_text(encoding="utf-8").count("abcdef") == 1
    assert not any(c in (folder / "summary.ps.txt").read_text(encoding="utf-8") for c in "\x00\x07")
    assert ">abcdef<" in (folder / "brief.ps.xlf").read_text(encoding="utf-8")
    assert "abcdef" in {e.target for e in SqliteTM(tm).entries()}
    export = tmp_path / "memory.tmx"
    assert run("tm", "export", export, "--tm", tm).exit_code == 0
    again = run("tm", "import", export, "--tm", tm)
    assert again.exit_code == 0 and "0 stored" in again.output, again.output


def test_an_edit_of_control_characters_only_is_refused(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods")
    page = _page(folder, [_cell(folder, "0", "ur", "edited", "\x00\x07", "2026-12-03T05:00:00.000Z")], tmp_path)
    line = _refused(page, folder)
    assert "its text is only control characters" in line


def _expanding_xliff(path: Path, folder: Path, levels: int) -> Path:
    """The brief's own Urdu XLIFF, its first target an entity that expands 10**levels times."""
    text = (folder / "brief.ur.xlf").read_text(encoding="utf-8")
    names = [f"e{i}" for i in range(levels + 1)]
    ents = '<!ENTITY e0 "x">' + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip(names, names[1:]))
    head, sep, rest = text.partition("<xliff")
    start = rest.index("<target")
    end = rest.index("</target>", start)
    body = rest[:rest.index(">", start) + 1] + f"&{names[-1]};" + rest[end:]
    path.write_text(f'{head}<!DOCTYPE xliff [{ents}]>{sep}{body}'.replace('state="needs-review-translation"',
                                                                          'state="translated"', 1), encoding="utf-8")
    return path


def test_an_xliff_or_tmx_that_declares_entities_is_refused(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods")
    xlf = _expanding_xliff(tmp_path / "big.ur.xlf", folder, 4)
    line = _refused(xlf, folder)
    assert "declares XML entities" in line
    tmx = tmp_path / "big.tmx"
    tmx.write_text('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa">]><tmx version="1.4"><header '
                   'srclang="en"/><body><tu><tuv xml:lang="en"><seg>Rain fell.</seg></tuv><tuv xml:lang="ur"><seg>&a;'
                   '</seg></tuv></tu></body></tmx>', encoding="utf-8")
    memory = tmp_path / "tm.sqlite"
    result = run("tm", "import", tmx, "--tm", memory)
    assert result.exit_code == 1 and "declares XML entities" in result.output, result.output
    assert not memory.exists() or not list(SqliteTM(memory).entries())


def test_a_text_longer_than_a_segment_can_be_is_refused(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "floods")
    page = _page(folder, [_cell(folder, "0", "ur", "edited", "ب" * 20_000, "2026-12-03T05:00:00.000Z")], tmp_path)
    line = _refused(page, folder)
    assert "its text is 20,000 characters long, more than a segment's 10,000" in line


def test_a_null_comment_is_no_comment(tmp_path):
    """docs/review.md: null is the same as leaving a field out (the page writes "" for none)."""
    folder = write_folder(make_review_brief(), tmp_path / "floods")
    before = snapshot(folder)
    page = _page(folder, [_cell(folder, "0", "ur", "approved", None, "2026-12-03T05:00:00.000Z", comment=None)], tmp_path)
    [res] = import_reviews([page], brief=folder, tm=None)
    assert res.decisions == 1
    assert brief_json(folder)["segments"][0]["targets"]["ur"]["review"].get("comment") in (None, "")
    assert snapshot(folder) != before
