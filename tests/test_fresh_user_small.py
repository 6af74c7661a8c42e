"""A fresh user's smaller reports (model folders beside the yaml, models.yaml limits, TMX import,
`models list` advice, control characters in names, an empty --glob, review status totals, junk
pages), each pinned by a test that failed before its fix."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import main

from tests.test_fresh_user import ENGLISH_ONLY, one_error_line, run  # one pair of CLI helpers


def _yaml(folder: Path, model: str, **extra) -> Path:
    more = "".join(f", {k}: {v}" for k, v in extra.items())
    path = folder / "tiny.yaml"
    path.write_text(textwrap.dedent(f"""\
        summarizer: tiny
        languages:
          ur: {{code: urd_Arab, translator: nllb}}
        models:
          tiny: {{task: summarize, kind: seq2seq, model: {model}{more}}}
          nllb: {{task: translate, kind: nllb, model: facebook/nllb-200-distilled-600M}}
        """), encoding="utf-8")
    return path


def _models_row(result, name: str) -> list[str]:
    assert result.exit_code == 0, result.output
    return next(line.split() for line in result.output.splitlines() if line.split()[:1] == [name])


# --- 1. a bare model folder name is looked up beside the yaml, never in the current folder -------


def test_a_bare_model_folder_beside_the_yaml_is_found_from_any_folder(tmp_path, tiny_models):
    conf = tmp_path / "w"
    conf.mkdir()
    shutil.copytree(tiny_models["bart"], conf / "tinybart")
    row = _models_row(run("models", "list", "--models", _yaml(conf, "tinybart")), "tiny")
    assert row[3] == str((conf / "tinybart").resolve()) and row[4] == "yes"


def test_a_folder_in_the_current_folder_does_not_turn_a_hub_id_into_a_folder(tmp_path, tiny_models):
    conf = tmp_path / "w"
    conf.mkdir()
    shutil.copytree(tiny_models["bart"], Path.cwd() / "tinybart")  # here, not beside the yaml
    row = _models_row(run("models", "list", "--models", _yaml(conf, "tinybart")), "tiny")
    assert row[3] == "tinybart" and row[4] == "no"  # a hub id, not cached


# --- 2. models.yaml settings the model cannot take are a configuration error (exit 2) ----------


@pytest.mark.parametrize("command", ["run", "batch"])
def test_max_input_tokens_past_the_models_positions_is_a_models_yaml_error(command, tmp_path, tiny_models):
    conf = tmp_path / "w"
    conf.mkdir()
    shutil.copytree(tiny_models["bart"], conf / "tinybart")  # 128 positions
    yaml = _yaml(conf, "tinybart", max_input_tokens=1024)
    article = Path("in") / "a.txt"
    article.parent.mkdir()
    article.write_text("Officials said the new bridge over the river opened on Monday morning. " * 3, encoding="utf-8")
    result = run(command, article.parent if command == "batch" else article, "--models", yaml, "--no-translate", "-o", "out")
    assert result.exit_code == 2, result.output
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"summarize: error: {yaml}: models.tiny.max_input_tokens: 1024 exceeds the 128 positions")


# --- 3. tm import: statuses as the help says, every skipped unit counted, inline codes dropped ---

TMX_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="other" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en" srclang="en" datatype="plaintext"/><body>
"""


def _tmx(tmp_path, body: str) -> Path:
    path = tmp_path / "mem.tmx"
    path.write_text(TMX_HEAD + body + "</body></tmx>\n", encoding="utf-8")
    return path


def test_tm_import_keeps_our_own_status_and_takes_other_units_as_approved(tmp_path):
    from summarize.tm import SqliteTM

    mem = _tmx(tmp_path, """
<tu><prop type="x-status">edited</prop><tuv xml:lang="en"><seg>The river rose overnight.</seg></tuv>
<tuv xml:lang="ur"><seg>دریا رات بھر میں چڑھ گیا۔</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The road is open again.</seg></tuv><tuv xml:lang="ur"><seg>سڑک دوبارہ کھل گئی ہے۔</seg></tuv></tu>
<tu><prop type="x-status">needs-review</prop><tuv xml:lang="en"><seg>Schools stay shut.</seg></tuv>
<tuv xml:lang="ur"><seg>اسکول بند رہیں گے۔</seg></tuv></tu>
""")
    db = tmp_path / "tm2.sqlite"
    result = run("tm", "import", mem, "--tm", db)
    assert result.exit_code == 0 and f"{mem} into {db}: 3 stored\n" in result.stderr, result.output
    status = {e.source: e.status for e in SqliteTM(db).entries()}
    assert status == {"The river rose overnight.": "edited", "The road is open again.": "approved",
                      "Schools stay shut.": "approved"}
    help_text = " ".join(run("tm", "import", "--help").output.split())
    assert "x-status" in help_text and "taken as approved" in help_text


def test_tm_import_counts_every_skipped_unit_and_says_why(tmp_path):
    mem = _tmx(tmp_path, """
<tu><tuv xml:lang="en"><seg>A unit with only its source.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The market reopened.</seg></tuv><tuv xml:lang="fr"><seg>Le marché a rouvert.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The road is open again.</seg></tuv><tuv xml:lang="ur"><seg>سڑک دوبارہ کھل گئی ہے۔</seg></tuv></tu>
""")
    result = run("tm", "import", mem, "--tm", tmp_path / "tm2.sqlite")
    assert result.exit_code == 0, result.output
    assert "1 stored, 2 skipped (1 with no translation, 1 in a language not known: fr)" in result.stderr


def test_tm_import_stores_plain_text_without_inline_codes(tmp_path):
    from summarize.tm import SqliteTM

    mem = _tmx(tmp_path, """
<tu><tuv xml:lang="en"><seg>The <bpt i="1" x="1">&lt;b&gt;</bpt>road<ept i="1">&lt;/b&gt;</ept> is open<ph x="2">&lt;br/&gt;</ph> again.</seg></tuv>
<tuv xml:lang="ur"><seg><it pos="begin">&lt;i&gt;</it>سڑک <hi type="x">دوبارہ</hi> کھل گئی ہے۔</seg></tuv></tu>
""")
    db = tmp_path / "tm2.sqlite"
    assert run("tm", "import", mem, "--tm", db).exit_code == 0
    [entry] = SqliteTM(db).entries()
    assert (entry.source, entry.target) == ("The road is open again.", "سڑک دوبارہ کھل گئی ہے۔")
    assert SqliteTM(db).lookup(["The road is open again."], "eng_Latn", "urd_Arab") == ["سڑک دوبارہ کھل گئی ہے۔"]


# --- 4. models list advises pull, not convert, for a model that is not on this machine --------


def test_models_list_advises_pull_for_a_model_not_on_this_machine(tmp_path, tiny_models):
    pytest.importorskip("ctranslate2")
    conf = tmp_path / "w"
    conf.mkdir()
    shutil.copytree(tiny_models["bart"], conf / "tinybart")
    result = run("models", "list", "--models", _yaml(conf, "tinybart"))
    assert result.exit_code == 0, result.output
    why = {line.split()[0]: line.split(None, 7)[7] for line in result.output.splitlines()[2:5]}
    assert "run `summarize models convert tiny --models " in why["tiny"]  # its files are here: convert works
    assert "run `summarize models pull nllb --models " in why["nllb"]
    assert "models convert nllb" not in why["nllb"]
    assert CliRunner().invoke(main, ["models", "convert", "nllb", "--models", str(conf / "tiny.yaml")]).exit_code != 0


def test_models_list_says_a_local_folder_without_a_model_needs_models_yaml_fixed(tmp_path):
    pytest.importorskip("ctranslate2")
    result = run("models", "list", "--models", _yaml(tmp_path, "./nothere"))
    why = next(line for line in result.output.splitlines() if line.startswith("tiny "))
    assert "nothere: folder not found" in why and "fix models.tiny.model" in why and "models convert" not in why


# --- 5. control characters in names: one line per message, safe folder names ------------------

ARTICLE = """Bridge reopens after the floods

The main bridge over the river reopened on Monday after a week of repairs, officials said.
Engineers checked every span before the first lorries were allowed to cross.
Traders in the town said prices of flour and rice had doubled while the road was closed.
The district council promised to build a second crossing before the next monsoon.
"""


def test_batch_progress_escapes_a_newline_in_a_file_name_and_its_folder_has_none(tmp_path):
    inbox = Path("in")
    inbox.mkdir()
    (inbox / "new\nline.txt").write_text(ARTICLE, encoding="utf-8")
    (inbox / "new_line.txt").write_text(ARTICLE.replace("Monday", "Tuesday"), encoding="utf-8")
    result = run("batch", inbox, "-o", "out", *ENGLISH_ONLY)
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 4, lines  # found, two articles, the summary
    assert any(line.startswith("summarize: [") and "in/new\\nline.txt: done" in line for line in lines), lines
    folders = sorted(p.name for p in Path("out").iterdir() if p.is_dir())
    assert len(folders) == 2 and all(name.isprintable() for name in folders), folders
    assert all((Path("out") / name / "brief.json").is_file() for name in folders)
    sources = {json.loads((Path("out") / n / "brief.json").read_text(encoding="utf-8"))["source"]["path"] for n in folders}
    assert len(sources) == 2


def test_run_escapes_control_characters_in_its_lines_and_folder_names(tmp_path):
    good = Path("new\nline.txt")
    good.write_text(ARTICLE, encoding="utf-8")
    result = run("run", good, "-o", "out", *ENGLISH_ONLY)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "new\\nline.txt: wrote 5 files to out/new_line/"
    assert [p.name for p in Path("out").iterdir()] == ["new_line"]
    bad = Path("bad\x1b[31mname.txt")
    bad.write_bytes(b"\x00\x01\x02 binary")
    line = one_error_line(run("run", bad, "-o", "out", *ENGLISH_ONLY))
    assert line.startswith("summarize: error: bad\\x1b[31mname.txt: ")


# --- 6. a batch that finds nothing says so (exit 0: no article failed) -----------------------


def test_a_glob_that_matches_nothing_says_so_and_exits_0(tmp_path):
    inbox = Path("samples")
    inbox.mkdir()
    (inbox / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("batch", inbox, "--glob", "*.nomatch", "-o", "out", *ENGLISH_ONLY)
    assert result.exit_code == 0, result.output
    assert "summarize: no article matched --glob '*.nomatch' below samples; nothing to do" in result.stderr.splitlines()
    empty = Path("empty")
    empty.mkdir()
    result = run("batch", empty, "-o", "out2", *ENGLISH_ONLY)
    assert result.exit_code == 0 and "no .txt, .md, .markdown, .html or .htm file below empty" in result.stderr
    epilog = " ".join(run("batch", "--help").output.split())
    assert "a --glob that matches nothing is no failure" in epilog


# --- 7. review status: the help says when the totals come ------------------------------------


def test_review_status_help_says_one_brief_gets_no_totals_row(tmp_path, tiny_config):
    assert run("run", Path(__file__).parent.parent / "samples" / "flood-relief.txt", "--models", tiny_config,
               "-s", "extractive", "-t", "ur,ps", "-o", "out", "--offline", "-f", "json").exit_code == 0
    one = run("review", "status", "out/flood-relief")
    assert one.exit_code == 0, one.output
    rows = [line.split()[:2] for line in one.output.splitlines()[1:]]
    assert rows == [["flood-relief", "ur"], ["flood-relief", "ps"]]  # its rows are its totals: no "(all)" rows
    help_text = " ".join(run("review", "status", "--help").output.split())
    assert "for a folder of several briefs, then a totals row per target" in help_text
    assert "then the totals)" not in help_text


# --- 8. a page with no sentence of prose is refused; short news never is ---------------------


@pytest.mark.parametrize("page", [
    "<div>junk</div><p>cookie</p><script>x</script>",
    "<html><body><h1>Floods</h1><p>Breaking.</p><p>More soon</p></body></html>",
])
def test_a_page_with_no_sentence_of_prose_is_refused(page, tmp_path):
    junk = Path("junk.html")
    junk.write_text(page, encoding="utf-8")
    result = run("run", junk, *ENGLISH_ONLY, "-o", "out")
    assert result.exit_code == 1
    assert one_error_line(result).startswith("summarize: error: junk.html: no article text found: no sentence of 3 words")
    assert not Path("out", "junk").exists()
    assert run("run", junk, *ENGLISH_ONLY, "-o", "out", "--keep-boilerplate").exit_code == 0  # the user's say


def _as_html(text: str) -> str:
    import html

    return "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n")) + "</body></html>"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_no_short_english_news_text_is_refused_as_no_article_text(suffix, tmp_path):
    from summarize.config import load_config, packaged_default_path
    from summarize.pipeline import BriefOptions, Pipeline
    from tests.fixtures.short_english import short_english_texts

    pipeline = Pipeline(load_config(packaged_default_path()), BriefOptions(translate=False))
    texts = short_english_texts() + ["Gold price falls"]
    for k, text in enumerate(texts):
        path = tmp_path / f"item{k}{suffix}"
        path.write_text(_as_html(text) if suffix == ".html" else text, encoding="utf-8")
        pipeline.read(path)  # raises InputError when refused


# --- 9. brief.md numbers its rows with the ids of brief.tsv, the XLIFF and the TMX -------------


def test_brief_md_rows_carry_the_unit_ids_of_the_tsv(tmp_path):
    article = Path("bridge.txt")
    article.write_text(ARTICLE, encoding="utf-8")
    assert run("run", article, *ENGLISH_ONLY, "-o", "out", "-f", "md,tsv").exit_code == 0
    md_ids = [row.split("|")[1].strip() for row in Path("out/bridge/brief.md").read_text(encoding="utf-8").splitlines()
              if row.startswith("| ")][1:]
    tsv_ids = [row.split("\t")[0] for row in Path("out/bridge/brief.tsv").read_text(encoding="utf-8").splitlines()][1:]
    assert md_ids == tsv_ids and md_ids[:2] == ["title", "0"]


def test_the_readmes_try_without_weights_commands_work(tmp_path):
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = readme.split("**Try the translation path without weights.**")[1].split("```bash\n")[1].split("```")[0]
    build, brief = block.strip().splitlines()
    assert build.startswith('python -c "') and brief.startswith("summarize run ")
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-c", build[len('python -c "'):-1]], check=True, env=env, cwd=Path.cwd())
    args = brief.split()[1:]
    args[1] = str(root / args[1])  # samples/... from the checkout
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert (Path("tiny-briefs") / "afghan-truce" / "summary.prs.txt").is_file()


def test_what_the_readmes_try_without_weights_commands_make_is_git_ignored():
    # a new user's report: the steps left tiny.yaml and tiny-briefs/ untracked in the checkout
    import re
    from fnmatch import fnmatch

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = readme.split("**Try the translation path without weights.**")[1].split("```bash\n")[1].split("```")[0]
    build, brief = block.strip().splitlines()
    made = [re.search(r"w\('([^']+)'", build).group(1), brief.split(" -o ")[1].split()[0]]
    assert made == ["tiny.yaml", "tiny-briefs/"]
    patterns = [line.strip() for line in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    for name in made:  # a pattern ending in / matches a folder only
        assert any(fnmatch(name.rstrip("/"), p.strip("/")) for p in patterns
                   if name.endswith("/") or not p.endswith("/")), name


def test_the_readme_names_translator_option_and_variable_and_where_removed_lines_are(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    options = readme.split("Options of `run`:")[1].split("stand in for the options")[0]
    assert "`--translator NAME`" in options and "`SUMMARIZE_TRANSLATOR`" in options
    assert "`brief.json` → `source.removed`" in readme and "`brief.json` → `removed`" not in readme
    page = Path("page.md")
    page.write_text(ARTICLE + "\nRead more: other stories from the valley\n", encoding="utf-8")
    assert run("run", page, *ENGLISH_ONLY, "-o", "out", "-f", "json").exit_code == 0
    data = json.loads(Path("out/page/brief.json").read_text(encoding="utf-8"))
    assert [r["rule"] for r in data["source"]["removed"]] == ["read-more"]
