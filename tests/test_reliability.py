"""Issue 10: quiet and true output, faults that leave nothing half-done or stale, one batch per
output folder, the index after --glob, and the small defects found on the way."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.jobs.batch import BatchOptions, run_batch
from summarize.jobs.index import IndexRow, render_index_md
from summarize.jobs.lock import LOCK_NAME, output_lock
from summarize.jobs.manifest import read_manifest
from summarize.settings import Settings
from summarize.writers import folder as folder_mod
from tests.conftest import ROOT, SEED
from tests.review_helpers import make_review_brief
from tests.tiny_models import write_models_yaml

EXTRACTIVE = ["--summarizer", "extractive", "--no-translate"]
BRIEF_FILES = {"brief.html", "brief.json", "brief.md", "brief.tsv", "summary.en.txt", ".summarize-stamp.json"}


def cli(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), **kwargs)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def batch(roots, out, *, globs=(), force=False, wait=False, stream=None, handle_signals=True, **options):
    """``run_batch`` with the CLI's option names: ``options`` go to Settings, ``globs``, ``force``
    and ``wait`` to BatchOptions."""
    return run_batch(roots, Settings.from_options(**options), out, BatchOptions(globs, force, wait=wait),
                     stream=stream, handle_signals=handle_signals)


# -- quiet, true output ----------------------------------------------------------------------------


@pytest.fixture
def distilbart_like(tiny_models, tmp_path) -> Path:
    """models.yaml with the tiny BART given distilbart-cnn-12-6's habits: a generation_config with
    ``max_length: 142, min_length: 56``, and a tokenizer whose ``model_max_length`` is its 128
    positions (distilbart's is 1024, its positions'), so that the seed article is longer."""
    bart = Path(shutil.copytree(tiny_models["bart"], tmp_path / "bart-like"))
    gen = json.loads((bart / "generation_config.json").read_text())
    (bart / "generation_config.json").write_text(json.dumps({**gen, "max_length": 142, "min_length": 56}))
    tok = json.loads((bart / "tokenizer_config.json").read_text())
    (bart / "tokenizer_config.json").write_text(json.dumps({**tok, "model_max_length": 128}))
    return write_models_yaml(tmp_path / "models.yaml", nllb=str(tiny_models["nllb"]), bart=str(bart))


def _summarize(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("TRANSFORMERS_VERBOSITY", "HF_HUB_VERBOSITY", "CT2_VERBOSE")}
    return subprocess.run([sys.executable, "-m", "summarize", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env={**env, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)})


def test_run_q_prints_nothing_and_debug_no_false_library_lines(distilbart_like, tmp_path):
    common = ["run", str(SEED), "--models", str(distilbart_like), "--targets", "ur", "-f", "json,md", "--offline"]
    quiet = _summarize(*common, "-q", "-o", str(tmp_path / "q"), cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr
    data = json.loads((tmp_path / "q" / "afghan-truce" / "brief.json").read_text(encoding="utf-8"))
    assert data["chunking"]["chunked"] is True  # the article was longer than the tokenizer's maximum
    # --debug shows the libraries' own warnings: the two false ones must not be among them
    debug = _summarize(*common, "--debug", "-o", str(tmp_path / "d"), cwd=tmp_path)
    assert debug.returncode == 0, debug.stderr
    assert "Token indices sequence length" not in debug.stderr
    assert "seem to have been set" not in debug.stderr  # neither max_new_tokens/max_length nor min_*
    assert debug.stderr.splitlines() == [f"{SEED}: wrote 2 files to {tmp_path / 'd' / 'afghan-truce'}/"]


def test_generate_is_given_new_tokens_only(distilbart_like):
    from summarize.config import load_config
    from summarize.engines.registry import ModelRegistry

    registry = ModelRegistry(load_config(distilbart_like), offline=True)
    summ = registry.summarizer()
    assert summ.model.generation_config.max_length is None and summ.model.generation_config.min_length is None
    tr = registry.translator("tiny-nllb")
    assert tr.model.generation_config.max_length is None  # the translator always passes max_new_tokens
    gen = json.loads((Path(registry.config.model("tiny-bart").model) / "generation_config.json").read_text())
    assert gen["max_length"] == 142  # the model's files are not changed


def test_library_logs_show_under_debug_only():
    # (what reaches stderr is checked in a subprocess above; in-process, transformers' handler
    # writes to whichever sys.stderr it first saw, so this checks what it lets through)
    import logging
    import warnings

    from transformers.utils import logging as hf_logging

    from summarize.engines.logs import configure

    logger = hf_logging.get_logger("transformers.probe")
    with warnings.catch_warnings():
        try:
            configure(debug=False)
            assert not logger.isEnabledFor(logging.WARNING) and logger.isEnabledFor(logging.ERROR)
            configure(debug=False, quiet=True)
            assert not logger.isEnabledFor(logging.WARNING)
            configure(debug=True)
            assert logger.isEnabledFor(logging.WARNING)  # transformers' own default level
        finally:
            configure(debug=False)


# -- a full disk -----------------------------------------------------------------------------------


def _full_disk_after(monkeypatch, n: int) -> None:
    real = folder_mod.write_file
    count = [0]

    def write_file(path, data):
        count[0] += 1
        if count[0] > n:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, data)

    monkeypatch.setattr(folder_mod, "write_file", write_file)


def test_full_disk_during_run_leaves_the_old_brief_whole(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert cli("run", str(SEED), *EXTRACTIVE, "-o", str(out)).exit_code == 0
    folder = out / "afghan-truce"
    before = snapshot(folder)
    assert set(before) == BRIEF_FILES
    _full_disk_after(monkeypatch, 2)
    result = cli("run", str(SEED), *EXTRACTIVE, "-o", str(out), "-f", "txt,json,md")
    assert result.exit_code == 1
    assert result.stderr == f"summarize: error: cannot write {folder}/: No space left on device\n"
    assert snapshot(folder) == before  # not one byte changed, no file removed or added
    assert sorted(p.name for p in out.iterdir()) == ["afghan-truce"]  # the temporary folder is gone


def test_full_disk_on_a_new_brief_leaves_no_folder(tmp_path, monkeypatch):
    _full_disk_after(monkeypatch, 1)
    out = tmp_path / "out"
    result = cli("run", str(SEED), *EXTRACTIVE, "-o", str(out))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and f"{out / 'afghan-truce'}/" in result.stderr
    assert not out.exists()  # nor the -o folder that the run made for it
    out.mkdir()  # one the user made stays, empty
    result = cli("run", str(SEED), *EXTRACTIVE, "-o", str(out))
    assert result.exit_code == 1 and list(out.iterdir()) == []


def test_an_os_error_without_a_file_name_is_not_prefixed_twice(tmp_path, monkeypatch):
    from summarize.jobs import run as run_mod

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(run_mod, "write_brief", no_space)
    result = cli("run", str(SEED), *EXTRACTIVE, "-o", str(tmp_path / "o"))
    assert result.exit_code == 1 and result.stderr == "summarize: error: No space left on device\n"


def test_full_disk_in_a_batch_fails_the_article_and_names_its_folder(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "a.txt")
    _full_disk_after(monkeypatch, 0)
    res = batch([src], tmp_path / "out", summarizer="extractive", translate=False, stream=io.StringIO(),
                    handle_signals=False)
    rec = res.records[0]
    assert res.exit_code == 1 and rec.status == "failed"
    assert rec.reason == f"cannot write {tmp_path / 'out' / 'a'}/: No space left on device"
    assert not (tmp_path / "out" / "a").exists()


def test_a_second_run_replaces_the_brief_whole_and_keeps_other_files(tmp_path):
    out = tmp_path / "out"
    assert cli("run", str(SEED), *EXTRACTIVE, "-o", str(out)).exit_code == 0
    folder = out / "afghan-truce"
    (folder / "reviewer-notes.txt").write_text("mine")
    assert cli("run", str(SEED), *EXTRACTIVE, "-o", str(out), "-f", "json").exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == [".summarize-stamp.json", "brief.json", "reviewer-notes.txt"]
    assert json.loads((folder / ".summarize-stamp.json").read_text())["files"] == ["brief.json"]
    assert oct(folder.stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def test_a_new_folder_gets_the_usual_mode(tmp_path):
    out = tmp_path / "out"
    assert cli("run", str(SEED), *EXTRACTIVE, "-o", str(out), "-f", "json").exit_code == 0
    folder = out / "afghan-truce"
    assert oct(folder.stat().st_mode & 0o777) == oct(0o777 & ~_umask())  # not mkdtemp's 0700
    assert oct((folder / "brief.json").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# -- kill -9 leftovers -----------------------------------------------------------------------------

KILLER = """
import os, signal, sys
from summarize.writers import folder
real, n = folder.write_file, [0]
def write_file(path, data):
    n[0] += 1
    if n[0] == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(path, data)
folder.write_file = write_file
from summarize.cli import main
main(sys.argv[1:], prog_name="summarize")
"""


def test_kill_9_leftovers_go_with_the_next_run(tmp_path):
    out = tmp_path / "out"
    assert cli("run", str(SEED), *EXTRACTIVE, "-o", str(out), "-f", "json").exit_code == 0
    folder = out / "afghan-truce"
    before = snapshot(folder)
    proc = subprocess.run([sys.executable, "-c", KILLER, "run", str(SEED), *EXTRACTIVE, "-o", str(out)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    staging = [p for p in out.iterdir() if p.name != "afghan-truce"]
    assert len(staging) == 1 and staging[0].name.startswith(".afghan-truce.summarize-tmp-")  # what kill -9 left
    assert snapshot(folder) == before  # the brief in place is the old one, whole
    # what an earlier version's atomic write of the stamp left on a kill -9, and one of a brief file
    (folder / "..summarize-stamp.json.k3j4h5g6.tmp").write_text("{")
    (folder / ".brief.json.ab12cd34.tmp").write_text("{")
    (folder / ".notes.txt.ab12cd34.tmp").write_text("not ours")
    alive = out / f".afghan-truce.summarize-tmp-{os.getppid()}-beef"  # another live process's: kept
    alive.mkdir()
    assert cli("run", str(SEED), *EXTRACTIVE, "-o", str(out), "-f", "json").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [alive.name, "afghan-truce"]
    assert sorted(p.name for p in folder.iterdir()) == [".notes.txt.ab12cd34.tmp", ".summarize-stamp.json", "brief.json"]


# -- one batch per output folder -------------------------------------------------------------------


def _articles(tmp_path: Path, names=("a.txt", "b.txt")) -> Path:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(SEED, src / name)
    return src


def test_a_second_batch_into_a_busy_folder_exits_2_naming_the_holder(tmp_path):
    src, out = _articles(tmp_path), tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from summarize.jobs.lock import output_lock\n"
                               "with output_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(300)", str(out)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout.readline() == "held\n"
        result = cli("batch", str(src), "-o", str(out), *EXTRACTIVE)
        assert result.exit_code == 2
        assert result.stderr == (f"summarize: error: {out} is in use by pid {holder.pid} (another `summarize batch` "
                                 "writes there); wait for it to finish, or pass --wait\n")
        assert not (out / "manifest.jsonl").exists() and not (out / "a").exists()
    finally:
        holder.kill()  # kill -9: the kernel drops its lock
        holder.wait()
    assert cli("batch", str(src), "-o", str(out), *EXTRACTIVE).exit_code == 0
    assert (out / LOCK_NAME).is_file() and (out / "a" / "brief.md").is_file()


class _Stream(io.StringIO):
    """A progress stream that calls ``when_waiting`` once the batch says it waits."""

    def __init__(self, when_waiting):
        super().__init__()
        self.when_waiting = when_waiting

    def write(self, text):
        if "waiting (--wait)" in text:
            self.when_waiting()
        return super().write(text)


@contextmanager
def lock_held_until_waiting(folder: Path) -> Iterator[tuple[_Stream, list[str]]]:
    """Another batch's lock on ``folder``, held by a thread until the batch under test says it
    waits: yields that batch's progress stream and the list of events ("released" when the holder
    lets go); the holder is joined on the way out."""
    held, release = threading.Event(), threading.Event()
    events: list[str] = []

    def other_batch():
        with output_lock(folder):
            held.set()
            release.wait(300)
            events.append("released")

    thread = threading.Thread(target=other_batch)
    thread.start()
    assert held.wait(60)
    try:
        yield _Stream(release.set), events  # the holder lets go once the batch says it waits
    finally:
        release.set()
        thread.join(60)


def test_wait_blocks_until_the_lock_is_free(tmp_path):
    src, out = _articles(tmp_path), tmp_path / "out"
    out.mkdir()
    with lock_held_until_waiting(out) as (stream, events):
        res = batch([src], out, summarizer="extractive", translate=False, stream=stream, handle_signals=False,
                    wait=True)
        events.append("batch done")
    assert f"\nsummarize: {out} is in use by pid {os.getpid()}; waiting (--wait)\n" in "\n" + stream.getvalue()
    assert events == ["released", "batch done"]
    assert res.exit_code == 0 and [r.status for r in res.records] == ["done", "done"]
    again = batch([src], out, summarizer="extractive", translate=False, stream=io.StringIO(), handle_signals=False)
    assert [r.status for r in again.records] == ["skipped", "skipped"]  # and the batch let go of the lock


# -- the index after --glob ------------------------------------------------------------------------


def test_index_after_glob_lists_every_finished_article(tmp_path):
    src, out = _articles(tmp_path, ("a.txt", "b.txt", "c.md")), tmp_path / "out"
    opts = dict(summarizer="extractive", translate=False, handle_signals=False, formats="md,html")
    assert batch([src], out, stream=io.StringIO(), **opts).count("done") == 3
    res = batch([src], out, globs=["a.*"], force=True, stream=io.StringIO(), **opts)
    assert [r.source.path.name for r in res.records] == ["a.txt"]
    index = (out / "index.md").read_text(encoding="utf-8")
    for name in ("a", "b", "c"):
        assert f"({name}/brief.md)" in index
    assert index.count("Khalilzad meets Gen Qamar") == 3  # titles come from the manifest too
    assert "3 done" in index
    html = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}/brief.html"' in html for name in ("a", "b", "c"))
    latest = [r for r in read_manifest(out / "manifest.jsonl") if r["input"].endswith("b.txt")]
    assert latest[-1]["title"] == "Khalilzad meets Gen Qamar amid push for Afghan truce"


def test_index_takes_the_latest_record_of_each_article(tmp_path):
    src, out = _articles(tmp_path), tmp_path / "out"
    opts = dict(summarizer="extractive", translate=False, handle_signals=False, formats="md", stream=io.StringIO())
    batch([src], out, **opts)
    (src / "b.txt").write_bytes(b"")  # now empty: the next run fails it
    batch([src], out, globs=["b.txt"], **opts)
    index = (out / "index.md").read_text(encoding="utf-8")
    # b's latest record says failed; its earlier brief, still whole on disk, stays linked and marked
    assert "1 done, 1 failed (earlier brief kept)" in index and "(a/brief.md)" in index
    assert "| failed (earlier brief kept) | [" in index and "(b/brief.md)" in index


def test_index_md_escapes_markdown_in_titles():
    row = IndexRow("x.txt", "x", "done", ("brief.md",), None, 0, "*Bold* _it_ `code` ~gone~ [link](http://e.x) <b>|")
    line = render_index_md([row]).decode("utf-8").splitlines()[-1]
    assert "[\\*Bold\\* \\_it\\_ \\`code\\` \\~gone\\~ \\[link\\](http://e.x) &lt;b&gt;\\|](x/brief.md)" in line


# -- small defects ---------------------------------------------------------------------------------


def test_brief_md_names_the_real_source_language():
    from summarize.languages import language
    from summarize.writers.markdown import MarkdownWriter

    brief = make_review_brief()
    assert "| id | English | Urdu |" in MarkdownWriter().render(brief)["brief.md"].decode()
    brief.source = language("urd_Arab")  # --source-lang urd_Arab
    assert "| id | Urdu | Urdu |" in MarkdownWriter().render(brief)["brief.md"].decode()
    brief.source = language("xho_Latn")  # a code the language table does not name
    assert "| id | xho_Latn | Urdu |" in MarkdownWriter().render(brief)["brief.md"].decode()


def test_source_lang_run_header_end_to_end(tmp_path):
    urdu = tmp_path / "urdu.txt"
    urdu.write_text("پاکستان نے افغان امن عمل میں مثبت کردار ادا کیا ہے۔ امریکی نمائندہ خصوصی نے آرمی چیف سے ملاقات کی۔\n",
                    encoding="utf-8")
    result = cli("run", str(urdu), "--source-lang", "urd_Arab", "--no-translate", "-f", "md", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "| id | Urdu |" in result.stdout and "English" not in result.stdout


def test_tmx_header_o_tmf_is_a_format_not_an_encoding():
    from lxml import etree

    from summarize.writers.tmx import O_TMF, render_tmx

    header = etree.fromstring(render_tmx(make_review_brief(), "ur")).find("header")
    assert header.get("o-tmf") == O_TMF == "summarize brief.json"
    assert header.get("o-tmf").lower() not in ("utf-8", "utf8")


def test_load_config_takes_keyword_overrides_as_its_docstring_says(tmp_path):
    from summarize.config import load_config

    assert "keyword arguments, not a dict" in load_config.__doc__
    cfg = load_config(ROOT / "models.yaml", targets="ur", device="cpu")
    assert cfg.targets == ("ur",) and cfg.device == "cpu"
    with pytest.raises(TypeError):
        load_config(ROOT / "models.yaml", overrides={"targets": "ur"})
