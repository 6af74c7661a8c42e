"""What the help screens and the README say about the CLI, against what it does (fresh users'
reports from reading the docs literally)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from summarize.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("Bridge reopens after repairs\n\n"
           "The old river bridge in the city centre reopened to traffic on Friday after eight months of repairs.\n"
           "Engineers replaced 40 steel cables and rebuilt the road surface, at a cost of 12 million dollars.\n"
           "Shop owners near the bridge said their trade fell by half while it was closed.\n")
ENGLISH_ONLY = ["-s", "extractive", "--no-translate"]


def _help(*command: str) -> str:
    result = CliRunner().invoke(main, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_run_stdin_writes_where_the_help_and_readme_say(tmp_path):
    """`run -` with one format and no -o prints to stdout; with several it writes ./briefs/stdin/
    (the -o help said only "default ./briefs" and "'-' prints to stdout")."""
    one = CliRunner().invoke(main, ["run", "-", *ENGLISH_ONLY, "-f", "md"], input=ARTICLE)
    assert one.exit_code == 0, one.output
    assert "Bridge reopens after repairs" in one.stdout and not Path("briefs").exists()
    several = CliRunner().invoke(main, ["run", "-", *ENGLISH_ONLY, "-f", "md,txt"], input=ARTICLE)
    assert several.exit_code == 0, several.output
    assert {"brief.md", "summary.en.txt"} <= {p.name for p in Path("briefs/stdin").iterdir()}
    text = _help("run")
    assert "stdin OUTPUT/stdin/" in text and "so does ARTICLE '-' alone in one format with no -o" in text
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert ("does `run -` with one format and no `-o`, e.g. `-f md`; `run -` with several formats writes "
            "`./briefs/stdin/`") in readme


def test_debug_shows_the_traceback_of_an_article_that_fails(tmp_path):
    """--debug: an empty or missing article, which `run` reports and goes on after, shows its
    traceback before its one line (it was the one line alone, as without --debug)."""
    Path("empty.txt").write_bytes(b"")
    Path("good.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "nope.txt", "empty.txt", "good.txt", *ENGLISH_ONLY, "-o", "out", "--debug"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    for error in ("summarize: error: nope.txt: no such file",
                  "summarize: error: empty.txt: is empty (0 bytes); nothing to summarise"):
        at = lines.index(error)
        above = lines[:at]
        assert "Traceback (most recent call last):" in above, result.stderr
        assert above[-1] == "summarize.errors.InputError: " + error.removeprefix("summarize: error: ")
    assert Path("out/good/summary.en.txt").exists()
    plain = CliRunner().invoke(main, ["run", "nope.txt", "empty.txt", *ENGLISH_ONLY, "-o", "out2"])
    assert plain.exit_code == 1 and "Traceback" not in plain.stderr
    assert plain.stderr.splitlines() == ["summarize: error: nope.txt: no such file",
                                         "summarize: error: empty.txt: is empty (0 bytes); nothing to summarise"]


def _all_commands(command, path=()):
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _all_commands(sub, path + (name,))


def test_every_help_ends_with_the_same_exit_codes():
    """One exit-code list in every --help, 141 included (`batch --help` had its own, without 141;
    `tm`, `review` and `models` commands had none, though the README says the codes are the same
    for every command)."""
    endings = {}
    for path in _all_commands(main):
        result = CliRunner().invoke(main, [*path, "--help"], terminal_width=200)
        assert result.exit_code == 0, result.output
        endings[" ".join(path)] = result.output[result.output.index("Exit codes"):] if "Exit codes" in result.output else None
    assert len(endings) > 10 and set(endings) >= {"", "run", "batch", "tm export", "review import", "models list"}
    assert len(set(endings.values())) == 1, endings
    codes = endings["batch"]
    for code in ("0", "1", "2", "130", "141"):
        assert re.search(rf"\n +{code} +\S", codes), codes


def test_empty_targets_under_no_translate_are_ignored_with_the_warning():
    """`-t ''` under --no-translate was "no target given; name one ... or use --no-translate",
    with --no-translate given: it names nothing, so it is ignored as any -t is there; without
    --no-translate it is still the usage error. The API's targets='' with translate=False alike."""
    import warnings

    import summarize
    from summarize.errors import SummarizeWarning

    Path("a.txt").write_text(ARTICLE, encoding="utf-8")
    for empty in ("", " , "):
        result = CliRunner().invoke(main, ["run", "a.txt", *ENGLISH_ONLY, "-o", "out", "-t", empty])
        assert result.exit_code == 0, result.output
        assert "summarize: warning: --targets is ignored: --no-translate makes no translation" in result.stderr
        assert "use --no-translate" not in result.stderr
    refused = CliRunner().invoke(main, ["run", "a.txt", "-s", "extractive", "-o", "out", "-t", ""])
    assert refused.exit_code == 2 and "no target given" in refused.stderr
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        brief = summarize.make_brief(text=ARTICLE, summarizer="extractive", translate=False, targets="")
    assert brief.segments and [str(w.message) for w in caught if issubclass(w.category, SummarizeWarning)] == [
        "targets= is ignored: translate=False makes no translation"]


def test_review_import_names_the_folder_as_typed(tmp_path):
    """`review import briefs/article/brief.ur.xlf` ended with the absolute folder
    (`(/home/.../briefs/article)`) while `--brief briefs/article` gave `(briefs/article)`, as the
    README shows it: both give the folder relative to the current folder, as typed; an absolute
    FILE still gets the absolute folder."""
    from tests.review_helpers import make_review_brief
    from tests.test_review_omegat import write_folder

    folder = write_folder(make_review_brief(), Path("briefs/article"))
    xlf = folder / "brief.ur.xlf"  # one segment approved, as a CAT tool leaves it
    text = xlf.read_text(encoding="utf-8").replace('approved="no"', 'approved="yes"', 1)
    xlf.write_text(text.replace('state="needs-review-translation"', 'state="final"', 1), encoding="utf-8")
    lines = {}
    for how, args in {"found": [str(xlf)], "given": [str(xlf), "--brief", "briefs/article"],
                      "absolute": [str(xlf.resolve())]}.items():
        result = CliRunner().invoke(main, ["review", "import", *args, "--no-tm"])
        assert result.exit_code == 0, result.output
        lines[how] = result.stderr.splitlines()[-1]
    assert lines["found"].endswith(" (briefs/article)") and lines["given"].endswith(" (briefs/article)"), lines
    assert lines["absolute"].endswith(f" ({Path('briefs/article').resolve()})"), lines


def test_readme_names_every_suffix_that_leaves_a_folder_name():
    """README Outputs named `.txt`, `.md` and `.html` as the suffixes a brief's folder drops; `.htm`
    and `.markdown` are dropped too, and a subtitle file keeps its suffix (`talk.srt/`)."""
    from summarize.reading.source import SUPPORTED_SUFFIXES, article_stem

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    sentence = readme[readme.index("Each article gets a folder `briefs/<name>/`"):][:400]
    for suffix in SUPPORTED_SUFFIXES:
        assert f"`{suffix}`" in sentence, sentence
        assert article_stem(f"page{suffix}") == "page"
    for kept in ("talk.srt", "story.v2"):
        assert article_stem(kept) == kept and f"`{kept}` → `briefs/{kept}/`" in sentence, sentence
