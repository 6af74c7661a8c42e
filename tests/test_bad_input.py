"""Every bad or odd input through the CLI: one line naming the file, the right exit code, no
traceback, nothing written for a refused article."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from summarize.cli import main
from tests.fixtures.make_inputs import CASES, make_inputs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return make_inputs(tmp_path_factory.mktemp("inputs"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_input_case_through_the_cli(case, inputs, tmp_path):
    path = inputs[case.name]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(path), "-s", "extractive", "--no-translate", "-o", str(out), "-f", "json"])
    assert "Traceback" not in result.output
    assert result.exit_code == case.exit_code, result.output
    if case.exit_code:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert str(path) in lines[0]
        assert case.fragment in lines[0]
        assert not out.exists() or not any(out.rglob("brief.json"))
    else:
        brief = json.loads(next(out.rglob("brief.json")).read_text(encoding="utf-8"))
        if case.fragment:
            assert any(case.fragment in n for n in brief["notes"])


def test_source_lang_lets_a_non_english_article_through(inputs, tmp_path):
    result = CliRunner().invoke(main, ["run", str(inputs["not-english-ur.txt"]), "--source-lang", "urd_Arab",
                                       "--no-translate", "-o", str(tmp_path), "-f", "json"])
    assert result.exit_code == 0, result.output


def test_unknown_source_lang_is_a_usage_error(inputs):
    result = CliRunner().invoke(main, ["run", str(inputs["not-english-ur.txt"]), "--source-lang", "urdu", "-s", "extractive"])
    assert result.exit_code == 2 and "--source-lang" in result.stderr


def test_unconfigured_target(inputs):
    result = CliRunner().invoke(main, ["run", str(inputs["too-short.txt"]), "--targets", "ur,de", "-s", "extractive"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "summarize: error: --targets: unknown target 'de' (known in " + \
        result.stderr.split("known in ")[1].strip()
    assert result.stderr.strip().endswith(": ur, ps, prs)")


def test_models_yaml_syntax_error_shows_line_and_column(tmp_path, inputs):
    bad = tmp_path / "models.yaml"
    bad.write_text("summarizer: extractive\nmodels:\n  a: [1, 2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(inputs["too-short.txt"]), "--models", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "YAML syntax error" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_input_file_is_never_modified(tmp_path):
    from tests.conftest import SEED

    before = SEED.read_bytes()
    CliRunner().invoke(main, ["run", str(SEED), "-s", "extractive", "--no-translate", "-o", str(tmp_path)])
    assert SEED.read_bytes() == before


def test_url_with_offline_is_refused_without_trying(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "fetch_url", lambda *a, **k: pytest.fail("fetched while offline"))
    result = CliRunner().invoke(main, ["run", "https://example.com/news/a.html", "--offline", "-s", "extractive", "--no-translate"])
    assert result.exit_code == 1
    assert result.stderr.strip() == ("summarize: error: https://example.com/news/a.html: not fetched: --offline is set; "
                                     "save the page as .html and pass the file instead")


def test_keep_boilerplate_keeps_caption_and_load_next_story(tmp_path):
    from tests.conftest import SEED

    for flag, kept in (([], False), (["--keep-boilerplate"], True)):
        out = tmp_path / ("kept" if kept else "clean")
        result = CliRunner().invoke(main, ["run", str(SEED), "-s", "extractive", "--no-translate", "-o", str(out), "-f", "json", *flag])
        assert result.exit_code == 0, result.output
        data = json.loads((out / "afghan-truce" / "brief.json").read_text(encoding="utf-8"))
        assert ("Load Next Story" in data["source"]["text"]) is kept
        assert ("SCREENGRAB" in data["source"]["text"]) is kept
        assert (data["source"]["removed"] == []) is kept


# --- an input that is not there: the same error in every command ---------------------------------

#: Every command that reads a path the user names, with ``{p}`` where that path goes. A missing
#: one is ``summarize: error: PATH: no such file`` (or folder), exit code 1, in all of them: a fresh
#: user's report had `run` and `review import` exit 1 but `batch` and `tm import` exit 2.
MISSING_PATH_COMMANDS = {
    "run": (["run", "{p}", "-s", "extractive", "--no-translate", "-o", "{out}"], "file"),
    "batch": (["batch", "{p}", "-s", "extractive", "--no-translate", "-o", "{out}"], "file or folder"),
    "review import": (["review", "import", "{p}", "--no-tm"], "file"),
    "review import --brief": (["review", "import", "{given}", "--brief", "{p}", "--no-tm"], "folder"),
    "review omegat": (["review", "omegat", "{p}", "-o", "{out}"], "folder"),
    "review status": (["review", "status", "{p}"], "folder"),
    "tm import": (["tm", "import", "{p}", "--tm", "{tm}"], "file"),
}


@pytest.mark.parametrize("under_a_file", [False, True], ids=["missing", "below-a-file"])
@pytest.mark.parametrize("command", list(MISSING_PATH_COMMANDS))
def test_a_missing_input_is_one_line_and_exit_1_in_every_command(command, under_a_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # `run` makes ./briefs
    given = tmp_path / "given.xlf"
    given.write_text("<xliff/>", encoding="utf-8")
    missing = given / "nope" if under_a_file else tmp_path / "nope"
    args, kind = MISSING_PATH_COMMANDS[command]
    out, tm = tmp_path / "out", tmp_path / "tm.sqlite"
    result = CliRunner().invoke(main, [a.format(p=missing, out=out, given=given, tm=tm) for a in args])
    assert result.exit_code == 1, result.output
    detail = " (a part of the path is not a folder)" if under_a_file else ""
    assert result.stderr == f"summarize: error: {missing}: no such {kind}{detail}\n"
    assert not tm.exists()
    if command != "run":  # run makes -o before its articles, each on its own (the others go on)
        assert not out.exists()  # refused before anything was made


@pytest.mark.parametrize("command", ["review import", "tm import"])
def test_a_folder_where_a_file_is_wanted_is_exit_1_too(command, tmp_path):
    args, _ = MISSING_PATH_COMMANDS[command]
    result = CliRunner().invoke(main, [a.format(p=tmp_path, tm=tmp_path / "tm.sqlite") for a in args])
    assert result.exit_code == 1 and result.stderr.startswith(f"summarize: error: {tmp_path}: is a folder, not a "), result.output
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("command", ["review import --brief", "review omegat", "review status"])
def test_a_file_where_a_folder_is_wanted_is_exit_1_too(command, tmp_path):
    given = tmp_path / "given.xlf"
    given.write_text("<xliff/>", encoding="utf-8")
    args, _ = MISSING_PATH_COMMANDS[command]
    result = CliRunner().invoke(main, [a.format(p=given, given=given, out=tmp_path / "out") for a in args])
    assert result.exit_code == 1 and result.stderr.startswith(f"summarize: error: {given}: is not a folder ("), result.output
    assert result.stderr.count("\n") == 1


def test_a_missing_models_yaml_stays_a_configuration_error(tmp_path):
    # --models names configuration, not an input: exit 2, as a bad models.yaml (README "Exit codes")
    for args in (["run", str(tmp_path / "a.txt")], ["models", "list"]):
        result = CliRunner().invoke(main, [*args, "--models", str(tmp_path / "nope.yaml")])
        assert result.exit_code == 2 and "nope.yaml" in result.stderr and result.stderr.count("\n") == 1, result.output


def test_a_batch_root_that_is_a_named_pipe_is_a_failed_article_not_a_missing_one(tmp_path):
    import os

    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)  # before: "no such file or folder", though it is there
    result = CliRunner().invoke(main, ["batch", str(fifo), "-s", "extractive", "--no-translate", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and f"{fifo}: is not a regular file" in result.stderr, result.output


def test_a_broken_symbolic_link_is_named_so_in_run_as_in_batch(tmp_path):
    # a fresh user's report: run said "no such file" where batch said "is a broken symbolic link"
    from click.testing import CliRunner

    from summarize.cli import main

    link = tmp_path / "story.txt"
    link.symlink_to(tmp_path / "gone.txt")
    result = CliRunner().invoke(main, ["run", str(link), "-s", "extractive", "--no-translate", "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr == (f"summarize: error: {link}: is a broken symbolic link (to {tmp_path / 'gone.txt'}, "
                             "which does not exist)\n")


@pytest.mark.parametrize("translate", [False, True])
def test_a_made_up_source_lang_is_a_one_line_usage_error_in_both_modes(inputs, tmp_path, translate):
    # a fresh user's report: --source-lang xyz_Abcd --no-translate gave exit 0 and summary.xyz_Abcd.txt
    out = tmp_path / "o3"
    args = ["run", str(inputs["not-english-ur.txt"]), "-s", "extractive", "--source-lang", "xyz_Abcd", "-o", str(out),
            "--offline", *([] if translate else ["--no-translate"])]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        "summarize: error: --source-lang: 'xyz_Abcd' is not a known NLLB-200 language code (one of the 202 in "
        "summarize/data/nllb200_codes.txt, e.g. urd_Arab, pbt_Arab, prs_Arab, eng_Latn)"]
    assert not out.exists()


def test_an_unknown_source_lang_is_told_the_close_codes(inputs, tmp_path):
    for given, close in (("urdu", "did you mean urd_Arab?"), ("urd_Latn", "did you mean urd_Arab or "),
                         ("pbt_arb", "did you mean pbt_Arab"), ("zh", "did you mean zho_Hans or zho_Hant?"),
                         ("fr", "did you mean fra_Latn?"), ("DE", "did you mean deu_Latn?")):  # ISO 639-1 codes too
        result = CliRunner().invoke(main, ["run", str(inputs["not-english-ur.txt"]), "-s", "extractive", "--no-translate",
                                           "--source-lang", given, "-o", str(tmp_path / "o")])
        assert result.exit_code == 2 and close in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.output
