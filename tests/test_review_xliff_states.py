"""XLIFF ``approved="yes"`` beside a ``needs-*`` state: the two contradict each other, and the
state wins (rules and sources: ``summarize.review.readers``). Such a unit decides nothing: the
segment is not approved, not rejected, not stored in the translation memory, and the import
warns, naming the file and the unit."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.review import import_reviews
from summarize.review.readers import NOT_DONE_STATES
from summarize.tm import SqliteTM
from tests.review_helpers import GOOD, make_review_brief
from tests.test_review_loop import brief_json, cat_tool_edit, write_folder

EN, UR = "eng_Latn", "urd_Arab"


def small_xliff(path: Path, units: list[tuple[str, str, str, str | None]]) -> Path:
    """An XLIFF 1.2 file for make_review_brief's Urdu segments, written by hand: one
    ``<trans-unit>`` per ``(id, approved, state, note)``, its source and target the segment's
    English and machine Urdu (GOOD)."""
    body = []
    for uid, approved, state, note in units:
        en, ur = GOOD[int(uid)][0], GOOD[int(uid)][1]
        note_xml = f'<note from="Reviewer">{escape(note)}</note>' if note else ""
        body.append(f'<trans-unit id="{uid}" approved="{approved}"><source>{escape(en)}</source>'
                    f'<target state="{state}">{escape(ur)}</target>{note_xml}</trans-unit>')
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
                    '<file original="floods-xss" source-language="en" target-language="ur" datatype="plaintext"><body>'
                    + "".join(body) + "</body></file></xliff>\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_folder(make_review_brief(), tmp_path / "briefs" / "floods-xss")


def test_the_needs_states_are_xliff_12s_six():
    assert NOT_DONE_STATES == {"needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
                               "needs-review-adaptation", "needs-review-l10n"}


@pytest.mark.parametrize("state", sorted(NOT_DONE_STATES))
def test_approved_yes_with_a_needs_state_is_not_an_approval(folder, tmp_path, state):
    xlf = small_xliff(tmp_path / "reviewed.ur.xlf", [
        ("0", "yes", state, None),         # the contradiction: decides nothing
        ("1", "yes", "final", None),       # both say done: approved
        ("2", "yes", "translated", None),  # approved and translated agree: approved
    ])
    tm = SqliteTM(tmp_path / "tm.sqlite")
    [res] = import_reviews([xlf], brief=folder, tm=tm)
    assert (res.decisions, res.changed) == (2, 2)
    ur = [s["targets"]["ur"] for s in brief_json(folder)["segments"]]
    assert ur[0]["review"] is None and ur[0]["text"] == GOOD[0][1]  # still pending: neither approved nor rejected
    assert ur[1]["review"]["status"] == ur[2]["review"]["status"] == "approved"
    assert tm.lookup([GOOD[0][0], GOOD[1][0], GOOD[2][0]], EN, UR) == [None, GOOD[1][1], GOOD[2][1]]
    assert res.warnings == [f'{xlf}: trans-unit id="0" (ur) has approved="yes" but state="{state}": read as no '
                            "decision (neither approved nor rejected), and its target text is not taken; "
                            "make the two agree and import again"]


def test_the_contradiction_keeps_an_earlier_review_and_the_comment(folder, tmp_path):
    # Segment 2 rejected earlier; then a file (say, a blanket approved="yes" from a merge step)
    # comes back with approved="yes" on it while its state still says needs-translation.
    rejected = cat_tool_edit(folder / "brief.ur.xlf", tmp_path / "first.ur.xlf", edit={}, approve=[], reject=["2"])
    import_reviews([rejected], brief=folder, tm=None)
    assert brief_json(folder)["segments"][2]["targets"]["ur"]["review"]["status"] == "rejected"
    xlf = small_xliff(tmp_path / "second.ur.xlf", [("2", "yes", "needs-translation", None),
                                                    ("3", "yes", "needs-review-translation", "check the number")])
    tm = SqliteTM(tmp_path / "tm.sqlite")
    [res] = import_reviews([xlf], brief=folder, tm=tm)
    ur = [s["targets"]["ur"] for s in brief_json(folder)["segments"]]
    assert ur[2]["review"]["status"] == "rejected"  # kept as it was, not approved
    assert ur[3]["review"]["status"] == "pending" and ur[3]["review"]["comment"] == "check the number"
    assert tm.lookup([GOOD[2][0], GOOD[3][0]], EN, UR) == [None, None]
    assert [w.split(": ")[1] for w in res.warnings] == ['trans-unit id="2" (ur) has approved="yes" but state="needs-translation"',
                                                        'trans-unit id="3" (ur) has approved="yes" but state="needs-review-translation"']


def test_the_cli_warns_on_stderr_naming_the_file_and_the_unit(folder, tmp_path):
    xlf = small_xliff(tmp_path / "reviewed.ur.xlf", [("0", "yes", "needs-review-translation", None), ("1", "yes", "final", None)])
    result = CliRunner().invoke(main, ["review", "import", str(xlf), "--brief", str(folder), "--no-tm"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("summarize: warning:")]
    assert warnings == [f'summarize: warning: {xlf}: trans-unit id="0" (ur) has approved="yes" but '
                        'state="needs-review-translation": read as no decision (neither approved nor rejected), '
                        "and its target text is not taken; make the two agree and import again"]
    assert brief_json(folder)["segments"][1]["targets"]["ur"]["review"]["status"] == "approved"
    quiet = CliRunner().invoke(main, ["review", "import", str(xlf), "--brief", str(folder), "--no-tm", "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
