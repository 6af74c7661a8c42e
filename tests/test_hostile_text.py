"""Hostile text from outside (a client's TMX, a page export's reviewer name) is taken in as
``review import`` takes a reviewer's text (``review.readers.reviewer_text``), and brief.tsv keeps
a row on one line whatever a cell holds (security review, findings 5 and 6)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from summarize.errors import InputError
from summarize.review import import_reviews
from summarize.tm import SqliteTM
from summarize.tm.tmx import import_tmx
from summarize.writers.tsv import TsvWriter, escape_field, parse_tsv, unescape_field
from tests.review_helpers import make_review_brief
from tests.test_review_loop import brief_json, page_export, write_folder

EN = "The minister said on Monday that the talks would resume."


def _tmx(path: Path, target: str, changeid: str = "client") -> Path:
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="x" '
                    'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" '
                    f'datatype="plaintext"/><body><tu tuid="7" changeid="{changeid}"><tuv xml:lang="en"><seg>{EN}</seg></tuv>'
                    f'<tuv xml:lang="ur"><seg>{target}</seg></tuv></tu></body></tmx>', encoding="utf-8")
    return path


def test_tm_import_balances_bidi_and_cleans_the_changeid_as_review_import_does(tmp_path):
    tm = SqliteTM(tmp_path / "tm.sqlite")
    res = import_tmx(tm, _tmx(tmp_path / "c.tmx", "\u202e RLO \u2028 LS  ", changeid="Na\u202edia"))
    assert res.stored == 1
    (entry,) = tm.entries()
    assert entry.target == "\u202e RLO \u2028 LS \u202c"  # closed (as review import closes it); U+2028 is brief.tsv's to escape
    assert entry.by == "Na\u202edia\u202c"


def test_tm_import_refuses_a_text_longer_than_review_import_takes(tmp_path):
    tm = SqliteTM(tmp_path / "tm.sqlite")
    with pytest.raises(InputError) as err:
        import_tmx(tm, _tmx(tmp_path / "c.tmx", "x" * 20_000))
    message = str(err.value)
    assert "c.tmx" in message and '<tu> tuid="7" (ur)' in message and "20,000 characters" in message
    assert "nothing was imported" in message and "\n" not in message
    assert tm.entries() == []


def test_tsv_escapes_every_line_break_and_reads_it_back(tmp_path):
    for text in ["a\u2028b", "p\u2029q", "nel\x85x", "v\vf\f", "\u2028"]:
        esc = escape_field(text)
        assert len(esc.splitlines()) == 1 and unescape_field(esc) == text
    assert escape_field("a\u2028b") == "a\\u2028b"
    assert unescape_field("a\\u2028b") == "a\u2028b"
    for bad in ["\\u0041", "\\u20", "\\uzzzz"]:
        with pytest.raises(ValueError):
            unescape_field(bad)
    brief = make_review_brief()
    ts = brief.segments[0].targets["ur"]
    ts.text = "line\u2028separated\u2029text"
    data = TsvWriter().render(brief)["brief.tsv"]
    text = data.decode("utf-8")
    assert len(text.splitlines()) == text.count("\n")
    row = next(r for r in parse_tsv(data) if r[0] == "0")
    assert "line\u2028separated\u2029text" in row


def test_the_page_reviewers_name_is_cleaned_as_the_text_is(tmp_path):
    folder = write_folder(make_review_brief(), tmp_path / "briefs" / "a")
    data = brief_json(folder)
    ts = data["segments"][0]["targets"]["ur"]
    decision = {"segment": 0, "target": "ur", "status": "edited", "text": "نیا \x01متن", "mt": ts["mt"],
                "comment": None, "at": "2026-12-03T08:00:00.000Z", "source": data["segments"][0]["source"]}
    path = tmp_path / "brief.review.json"
    path.write_text(json.dumps(page_export(data, [decision], reviewer='<b>"Nadia\u202e\x07'), ensure_ascii=False),
                    encoding="utf-8")
    import_reviews([path], brief=folder, tm=None)
    review = brief_json(folder)["segments"][0]["targets"]["ur"]["review"]
    assert review["by"] == '<b>"Nadia\u202e\u202c'  # BEL out, the RLO closed, as in the text
    assert brief_json(folder)["segments"][0]["targets"]["ur"]["text"] == "نیا متن"
    tmx = (folder / "brief.ur.tmx").read_text(encoding="utf-8")
    assert "\x07" not in tmx and "Nadia\u202e\u202c" in tmx


# ---- finding 8: a one-line TMX error; bidi controls in folder names ---------------------------


def test_a_tmx_with_a_nul_is_refused_in_one_clean_line(tmp_path):
    path = tmp_path / "nul.tmx"
    path.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><body><tu><tuv xml:lang="en">'
                     b"<seg>a\x00b</seg></tuv></tu></body></tmx>")
    with pytest.raises(InputError) as err:
        import_tmx(SqliteTM(tmp_path / "tm.sqlite"), path)
    message = str(err.value)
    assert "\n" not in message and "\\n" not in message and "<string>" not in message, repr(message)
    assert message.endswith("cannot be read as TMX: not well-formed XML at line 2, column 55: Invalid character: "
                            "Char 0x0 out of allowed range"), repr(message)
    from summarize.review.readers import read_review_file

    with pytest.raises(InputError) as err:
        read_review_file(path)
    assert "\n" not in str(err.value) and str(err.value).endswith("out of allowed range"), repr(str(err.value))


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidi_controls_in_a_file_name_become_underscores_in_its_folder():
    from summarize.writers.folder import folder_name

    assert folder_name("ünï cödé \u202etxt.exe") == "ünï cödé _txt.exe"
    assert folder_name("a" + BIDI + "b") == "a" + "_" * len(BIDI) + "b"


def test_a_name_without_bidi_controls_keeps_its_folder():
    """The batch finds a brief again by its recorded folder: only names with a bidi control move."""
    import random
    import re

    from summarize.writers.folder import folder_name

    def before(name: str) -> str:  # folder_name as it was before bidi controls became _
        return re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029]", "_", name).replace("\\", "_")

    names = ["bridge", "ünï cödé", "a\\b", "new\nline", ".hidden", "..", "کابل ۱۴۰۳", "می\u200cشوند", "دا\u200dد",
             "emoji 🙂", "tab\tx", "ｆｕｌｌ", "x\u2028y", "a\u00a0b", "\u0600\u06dd"]
    rng = random.Random(8)
    alphabet = [chr(c) for c in range(0x20, 0x2100) if chr(c) not in BIDI]
    names += ["".join(rng.choice(alphabet) for _ in range(12)) for _ in range(2000)]
    for name in names:
        assert folder_name(name) == before(name), repr(name)


def test_printable_shows_bidi_controls_as_escapes():
    from summarize.errors import printable

    assert printable("invoice-\u202efdp.exe") == "invoice-\\u202efdp.exe"
    assert printable("a" + BIDI + "b") == "a" + "".join(f"\\u{ord(c):04x}" for c in BIDI) + "b"
    assert printable("کابل می\u200cشوند") == "کابل می\u200cشوند"  # a zero-width non-joiner spells Dari and Pashto


def test_a_file_name_with_an_override_is_shown_as_spelt_in_the_progress_line_and_index(tmp_path):
    """A batch's progress line and index.md named `invoice-<U+202E>fdp.exe.txt` raw, which a
    terminal or a Markdown viewer shows as `invoice-txt.exe.pdf` (a fresh user's security review)."""
    from click.testing import CliRunner

    from summarize.cli import main

    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "invoice-\u202efdp.exe.txt").write_text(
        "The council closed the old bridge on Monday after engineers found cracks in two supports. "
        "Buses will carry people across the river until a new bridge opens next year. "
        "The mayor said the repairs would cost more than the city had planned. "
        "Shops near the bridge said they had lost half their customers in a week.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(inbox), "-o", str(out), "--summarizer", "extractive", "--no-translate"])
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.stderr and "invoice-\\u202efdp.exe.txt" in result.stderr
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "\u202e" not in index and "invoice-\\u202efdp.exe.txt" in index


BAD_NAME = os.fsdecode(b"bad\xffbyte.txt")  # a Latin-1 name unpacked from an old zip: 0xff is no UTF-8
STORY = ("The council closed the old bridge on Monday after engineers found cracks in two supports. "
         "Buses will carry people across the river until a new bridge opens next year. "
         "The mayor said the repairs would cost more than the city had planned.\n")


def test_json_dumps_writes_a_lone_surrogate_as_its_escape_and_reads_it_back():
    from summarize.errors import path_text
    from summarize.writers.escape import json_dumps

    text = json_dumps({"input": "/in/" + BAD_NAME, "ur": "کابل"})
    assert text == '{"input": "/in/bad\\udcffbyte.txt", "ur": "کابل"}'
    assert json.loads(text.encode("utf-8")) == {"input": "/in/" + BAD_NAME, "ur": "کابل"}
    assert path_text(BAD_NAME) == "bad\\xffbyte.txt"


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_briefed_in_every_format_and_the_batch_goes_on(tmp_path):
    """`summarize run` on `bad<0xff>byte.txt` crashed with a traceback (UnicodeEncodeError writing
    the stamp, brief.json, brief.html), and in a batch the crash stopped the run: later articles
    were never briefed and no index was written (a fresh user's report)."""
    from click.testing import CliRunner

    from summarize.cli import main

    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / BAD_NAME).write_text(STORY, encoding="utf-8")
    (inbox / "zz-good.txt").write_text(STORY.replace("Monday", "Tuesday"), encoding="utf-8")
    runner = CliRunner()
    for fmt in ("txt", "md", "json", "tsv", "html"):
        res = runner.invoke(main, ["run", str(inbox / BAD_NAME), "-s", "extractive", "--no-translate",
                                   "-o", str(tmp_path / fmt), "-f", fmt])
        assert res.exit_code == 0, (fmt, res.output)
        assert (tmp_path / fmt / "bad_xffbyte").is_dir()
    data = json.loads((tmp_path / "json" / "bad_xffbyte" / "brief.json").read_bytes().decode("utf-8"))
    assert data["source"]["path"] == str(inbox / "bad\\xffbyte.txt") and data["source"]["stem"] == "bad\\xffbyte"

    out = tmp_path / "batch"
    args = ["batch", str(inbox), "-o", str(out), "-s", "extractive", "--no-translate", "-f", "json,md,html"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "2 done" in first.stderr and "bad\\xffbyte.txt" in first.stderr
    assert "bad\\xffbyte.txt" in (out / "index.md").read_bytes().decode("utf-8")
    assert (out / "index.html").is_file() and (out / "bad_xffbyte" / "brief.json").is_file()
    again = runner.invoke(main, args)  # the manifest and the stamp give the real name back: up to date
    assert again.exit_code == 0 and "0 done, 2 skipped" in again.stderr, again.output
