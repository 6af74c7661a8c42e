"""`summarize batch`: discovery, isolation, up-to-date detection, cross-article batching,
manifest, index, interrupts; and `summarize run` with several files."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.config import load_config, packaged_default_path
from summarize.errors import ConfigError, InputError, ModelError
from summarize.jobs.batch import BatchOptions, run_batch
from summarize.jobs.discover import Source, assign_folders, discover
from summarize.jobs.manifest import Manifest, read_manifest
from summarize.jobs.progress import Progress
from summarize.settings import Settings
from summarize.jobs.signals import BatchInterrupted, SignalGuard
from summarize.writers.folder import safe_folder
from tests.conftest import ROOT
from tests.fakes import FirstSentencesSummarizer, ReversingTranslator, TaggingTranslator
from tests.tiny_models import write_models_yaml

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
UNDECODABLE = bytes(range(0x80, 0x100)) * 2
PLACES = ["Kabul", "Herat", "Quetta", "Peshawar", "Lahore", "Karachi", "Kandahar", "Multan", "Jalalabad", "Swat"]


def article_text(k: int) -> str:
    """A short English article whose every sentence names article ``k``."""
    place = PLACES[k % len(PLACES)]
    return (
        f"Road plan {k} agreed in {place}\n\n"
        f"{place.upper()}: Officials in district {k} met on Monday to discuss a new road for {place}.\n\n"
        f"They agreed in district {k} to build {k + 2} bridges before the winter comes.\n\n"
        f"A committee for district {k} will report back within six weeks, the statement said.\n\n"
        f"Residents of district {k} welcomed the plan and asked for work to start soon.\n"
    )


def write_article(path: Path, k: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = article_text(k)
    if path.suffix == ".html":
        title, *paras = [p for p in text.split("\n\n") if p.strip()]
        body = "".join(f"<p>{p.strip()}</p>" for p in paras)
        text = f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"
    elif path.suffix == ".md":
        text = "# " + text
    path.write_text(text, encoding="utf-8")
    return path


def make_corpus(root: Path, good: int = 17) -> dict[str, Path]:
    """``good`` articles in nested folders (two ``index.txt`` among them, some .md and .html),
    plus empty, binary and undecodable ones."""
    files: dict[str, Path] = {}
    layout = ["index.txt", "news/index.txt", "news/2020/index.txt"]
    for k in range(good):
        rel = layout[k] if k < len(layout) else f"{['news', 'world', 'news/2020'][k % 3]}/story-{k:02d}.{['txt', 'md', 'html'][k % 3]}"
        files[rel] = write_article(root / rel, k)
    bad = {"news/empty.txt": b"", "world/scan.txt": PNG, "world/latin.txt": UNDECODABLE}
    for rel, data in bad.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
        files[rel] = root / rel
    return files


def manifest_lines(out: Path) -> list[dict]:
    text = (out / "manifest.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]  # every line must parse


def by_status(lines: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for line in lines:
        out.setdefault(line["status"], []).append(line)
    return out


@pytest.fixture(autouse=True)
def one_torch_thread(monkeypatch):
    """One torch thread: on a shared 2-core machine, threads fighting over the cores make the tiny
    models many times slower."""
    monkeypatch.setenv("SUMMARIZE_THREADS", "1")


@pytest.fixture
def packaged():
    return load_config(packaged_default_path())


SETTINGS_KEYS = {"formats", "targets", "summarizer", "translate", "source_lang", "back_translate", "keep_boilerplate",
                 "device", "dtype", "max_bytes", "offline", "quiet", "tm", "no_tm"}
BATCH_KEYS = {"globs", "force", "batch_size", "group_size", "debug"}


def batch_call(roots, out, config, **kw):
    """``run_batch`` with the options named as the CLI's, sorted into Settings and BatchOptions."""
    settings = Settings.from_options(config=config, **{k: kw.pop(k) for k in list(kw) if k in SETTINGS_KEYS})
    options = BatchOptions(**{k: kw.pop(k) for k in list(kw) if k in BATCH_KEYS})
    kw.setdefault("handle_signals", False)
    return run_batch(roots, settings, out, options, **kw)


def fake_batch(roots, out, config, **kw):
    kw.setdefault("use_summarizer", FirstSentencesSummarizer(3))
    kw.setdefault("use_translator", TaggingTranslator())
    kw.setdefault("stream", io.StringIO())
    return batch_call(roots, out, config, **kw)


# -- the acceptance test: 20 articles, 3 bad, real tiny models --------------------------------


def test_twenty_articles_three_bad_then_rerun_loads_no_model(tiny_config, tmp_path, monkeypatch):
    src = tmp_path / "in"
    make_corpus(src)
    out = tmp_path / "out"
    args = ["batch", str(src), "-o", str(out), "--models", str(tiny_config), "--offline", "-f", "json,md,txt,html"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    lines = manifest_lines(out)
    groups = by_status(lines)
    assert len(groups["done"]) == 17 and len(groups["failed"]) == 3 and len(lines) == 20
    reasons = {Path(line["input"]).name: line["reason"] for line in groups["failed"]}
    assert "is empty" in reasons["empty.txt"]
    assert "PNG" in reasons["scan.txt"] and "binary" in reasons["scan.txt"]
    assert "cannot decode" in reasons["latin.txt"]
    for line in groups["done"]:
        folder = Path(line["output"])
        brief = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
        for seg in brief["segments"]:
            assert set(seg["targets"]) == {"ur", "ps", "prs"}
        assert line["models"]["summarizer"]["name"] == "tiny-bart"
        assert line["models"]["translators"]["ur"]["name"] == "tiny-nllb"
        assert line["sha256"] and "translate_ur" in line["timings"]
    assert "3 failed" in result.stderr and "17 done" in result.stderr
    assert all(f"{p}:" in result.stderr for p in reasons)  # one error line names each bad file
    index = (out / "index.md").read_text(encoding="utf-8")
    assert index.count("| done |") == 17 and index.count("| failed |") == 3
    assert "(news/2020/index/brief.md)" in index and (out / "index.html").is_file()
    titles = {json.loads((out / f / "brief.json").read_text(encoding="utf-8"))["source"]["title"]
              for f in ("index", "news/index", "news/2020/index")}
    assert len(titles) == 3  # three index.txt, three folders, nothing overwritten

    # Second run: every good article is up to date; nothing may load a model.
    def no_model(*a, **k):
        raise AssertionError("a model was loaded although every article is up to date")

    monkeypatch.setattr("summarize.engines.registry.build_summarizer", no_model)
    monkeypatch.setattr("summarize.engines.registry.build_translator", no_model)
    monkeypatch.setattr("summarize.engines.transformers.load_seq2seq", no_model)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("brief.json")}
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    second = manifest_lines(out)[20:]
    assert len(second) == 20
    groups = by_status(second)
    assert len(groups["skipped"]) == 17 and len(groups["failed"]) == 3
    assert {p: p.stat().st_mtime_ns for p in out.rglob("brief.json")} == before
    assert "17 skipped" in result.stderr

    res = batch_call([src], out, load_config(tiny_config), formats="json,md,txt,html", stream=io.StringIO(),
                     handle_signals=False)
    assert res.loaded_models == [] and res.count("skipped") == 17 and res.exit_code == 1


# -- up to date ---------------------------------------------------------------------------------


def test_changed_setting_or_input_makes_articles_out_of_date(tmp_path, packaged):
    src = tmp_path / "in"
    for k in range(3):
        write_article(src / f"a{k}.txt", k)
    out = tmp_path / "out"
    first = fake_batch([src], out, packaged, targets="ur,ps")
    assert first.count("done") == 3 and first.exit_code == 0
    assert fake_batch([src], out, packaged, targets="ur,ps").count("skipped") == 3
    # another target list: every article is out of date, and its files follow the new targets
    res = fake_batch([src], out, packaged, targets="ur")
    assert res.count("done") == 3
    assert not (out / "a0" / "summary.ps.txt").exists() and (out / "a0" / "summary.ur.txt").is_file()
    # another format list likewise; the same settings again: up to date
    assert fake_batch([src], out, packaged, targets="ur", formats="json").count("done") == 3
    assert fake_batch([src], out, packaged, targets="ur", formats="json").count("skipped") == 3
    # changed bytes: only that article
    write_article(src / "a1.txt", 7)
    res = fake_batch([src], out, packaged, targets="ur", formats="json")
    assert [r.status for r in res.records] == ["skipped", "done", "skipped"]
    # --force redoes all; a deleted output file makes its article out of date
    assert fake_batch([src], out, packaged, targets="ur", formats="json", force=True).count("done") == 3
    (out / "a2" / "brief.json").unlink()
    res = fake_batch([src], out, packaged, targets="ur", formats="json")
    assert [r.status for r in res.records] == ["skipped", "skipped", "done"]


def test_model_settings_and_files_are_part_of_the_fingerprint(tiny_models, tmp_path):
    src = tmp_path / "in"
    write_article(src / "a.txt", 1)
    cfg = write_models_yaml(tmp_path / "m.yaml", nllb=str(tiny_models["nllb"]), bart=str(tiny_models["bart"]))
    out = tmp_path / "out"

    def again():
        res = batch_call([src], out, load_config(cfg), targets="ur", formats="json", stream=io.StringIO(),
                         handle_signals=False)
        return res.records[0].status

    assert again() == "done" and again() == "skipped"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.replace("max_new_tokens_min: 4, max_new_tokens: 24", "max_new_tokens_min: 4, max_new_tokens: 20"), encoding="utf-8")
    assert again() == "done" and again() == "skipped"  # the translator's generation settings changed
    weights = tiny_models["bart"] / "config.json"
    st = weights.stat()
    os.utime(weights, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    try:
        assert again() == "done"  # the summariser's files changed
    finally:
        os.utime(weights, ns=(st.st_atime_ns, st.st_mtime_ns))


# -- cross-article batching ----------------------------------------------------------------------


@pytest.mark.parametrize("translator", [TaggingTranslator, ReversingTranslator])
def test_alignment_survives_cross_article_batching(tmp_path, packaged, translator):
    src = tmp_path / "in"
    for k in range(7):
        write_article(src / f"art{k}.txt", k)
    fake = translator()
    res = fake_batch([src], tmp_path / "out", packaged, use_translator=fake, group_size=4)
    assert res.count("done") == 7
    # 2 groups x 3 targets: the translator saw several articles' sentences in each call
    assert len(fake.calls) == 6
    assert all(len({s.split("district ")[-1].split()[0] for s in segs if "district" in s}) > 1 for segs, _, _ in fake.calls)
    for k in range(7):
        brief = json.loads((tmp_path / "out" / f"art{k}" / "brief.json").read_text(encoding="utf-8"))
        assert len(brief["summary"]) == 3
        for i, seg in enumerate(brief["segments"]):
            assert seg["index"] == i and f"district {k} " in seg["source"] + " "
            for t in brief["targets"]:
                got = seg["targets"][t["short"]]["text"]
                assert got == (f"{t['code']}:{seg['source']}" if translator is TaggingTranslator else seg["source"][::-1])
        assert brief["title"]["targets"]["ur"]["text"] in (f"urd_Arab:Road plan {k} agreed in {PLACES[k]}", f"Road plan {k} agreed in {PLACES[k]}"[::-1])


def test_a_model_error_on_one_article_fails_only_that_one(tmp_path, packaged):
    class Picky(TaggingTranslator):
        def translate(self, segments, source, target):
            if any("district 4 " in s for s in segments):
                raise ModelError("model 'picky' failed to translate: district 4 is cursed")
            return super().translate(segments, source, target)

    src = tmp_path / "in"
    for k in range(6):
        write_article(src / f"art{k}.txt", k)
    res = fake_batch([src], tmp_path / "out", packaged, use_translator=Picky())
    assert [r.status for r in res.records] == ["done"] * 4 + ["failed", "done"]
    assert "cursed" in res.records[4].reason and res.exit_code == 1


def test_a_model_that_cannot_load_stops_the_batch_with_one_line(tmp_path):
    src = tmp_path / "in"
    for k in range(3):
        write_article(src / f"art{k}.txt", k)
    cfg = write_models_yaml(tmp_path / "m.yaml", nllb=str(tmp_path / "nope-nllb"), bart=str(tmp_path / "nope-bart"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--models", str(cfg), "--offline", "-q"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "2 models are not available: 'tiny-bart'" in result.stderr
    assert "'tiny-nllb'" in result.stderr  # both, in the one line
    lines = manifest_lines(out)
    assert [line["status"] for line in lines] == ["failed"] * 3 and all("not available" in line["reason"] for line in lines)


# -- discovery and output paths ------------------------------------------------------------------


def test_output_paths_mirror_the_input_tree(tmp_path, packaged):
    src = tmp_path / "in"
    for rel in ["index.txt", "a/index.txt", "b/index.txt", "b/c/index.md", "same.txt", "same.md", ".hidden/x.txt",
                "notes.pdf", "a/.secret.txt"]:
        write_article(src / rel, 1)
    out = src / "briefs"  # the output root inside the input root is never read back as input
    res = fake_batch([src], out, packaged, formats="json")
    assert res.exit_code == 0
    got = {r.source.rel.as_posix(): r.folder.relative_to(out).as_posix() for r in res.records}
    assert got == {"index.txt": "index", "a/index.txt": "a/index", "b/index.txt": "b/index", "b/c/index.md": "b/c/index",
                   "same.md": "same-md", "same.txt": "same-txt"}
    assert all((out / f / "brief.json").is_file() for f in got.values())
    assert fake_batch([src], out, packaged, formats="json").count("skipped") == 6  # briefs/ not rediscovered
    # nor by a run writing elsewhere: an earlier output root or brief folder is never input
    assert len(fake_batch([src], tmp_path / "elsewhere", packaged, formats="json").records) == 6
    for name in ("index.md", "index.html"):
        (out / name).unlink(missing_ok=True)
    assert len(discover([src])) == 6  # the stamps still mark the brief folders
    with pytest.raises(ConfigError, match="lies in the output folder"):
        fake_batch([src], src, packaged)
    assert not (src / ".summarize.lock").exists()  # a fresh user's report: the refusal left its lock in the input


def test_several_roots_keep_their_names(tmp_path):
    for root in ("inbox", "archive/2020", "other/inbox"):
        write_article(tmp_path / root / "index.txt", 1)
    single = write_article(tmp_path / "loose.md", 2)
    roots = [tmp_path / "inbox", tmp_path / "archive/2020", tmp_path / "other/inbox", single]
    sources = discover(roots)
    assert [s.rel.as_posix() for s in sources] == ["inbox/index.txt", "2020/index.txt", "inbox-2/index.txt", "loose.md"]
    folders = assign_folders(sources, tmp_path / "out")
    assert [f.relative_to(tmp_path / "out").as_posix() for f in folders] == ["inbox/index", "2020/index", "inbox-2/index", "loose"]
    assert len(discover([tmp_path / "inbox", tmp_path / "inbox"])) == 1  # each file once
    with pytest.raises(InputError, match="no such file or folder"):
        discover([tmp_path / "missing"])


def test_nothing_can_escape_the_output_root(tmp_path):
    out = tmp_path / "out"
    for bad in ["../x", "a/../../x", "/etc/x", "", ".", "a//b", "a\\..\\x"]:
        with pytest.raises(InputError):
            safe_folder(out, bad)
    assert safe_folder(out, "a/b") == out / "a" / "b"
    [err] = assign_folders([Source(tmp_path / "x.txt", PurePosixPath("../x.txt"))], out)
    assert isinstance(err, InputError) and "safe" in str(err)
    # a link inside the output root that points out of it is refused as well
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "evil").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(InputError, match="outside"):
        safe_folder(out, "evil/a")
    # reserved names at the top stay the batch's
    reserved = assign_folders([Source(tmp_path / "index.md.txt", PurePosixPath("index.md.txt"))], out)
    assert reserved[0] == out / "index.md-2"


def test_glob_narrows(tmp_path, packaged):
    src = tmp_path / "in"
    make_corpus(src, good=9)
    out = tmp_path / "out"
    res = fake_batch([src], out, packaged, globs=["*.md"])
    assert {r.source.path.suffix for r in res.records} == {".md"} and len(res.records) == 2
    res = fake_batch([src], tmp_path / "out2", packaged, globs=["news/2020/*"])
    assert {r.source.rel.parent.as_posix() for r in res.records} == {"news/2020"}
    result = CliRunner().invoke(main, ["batch", str(src), "-o", str(tmp_path / "o3"), "--glob", "world/*.txt", "--glob", "index.txt",
                                       "-s", "extractive", "--no-translate", "-f", "json"])
    assert result.exit_code == 1  # world/scan.txt and world/latin.txt are bad
    names = sorted(Path(line["input"]).relative_to(src).as_posix() for line in manifest_lines(tmp_path / "o3"))
    # a pattern without "/" matches file names at any depth
    assert names == ["index.txt", "news/2020/index.txt", "news/index.txt", "world/latin.txt", "world/scan.txt"]


# -- manifest, progress, signals -----------------------------------------------------------------


def test_manifest_lines_survive_a_partial_line(tmp_path):
    m = Manifest(tmp_path)
    m.append({"input": "a.txt", "status": "done"})
    with open(m.path, "ab") as fh:
        fh.write(b'{"input": "b.txt", "sta')  # a crash mid-write
    m.append({"input": "c.txt", "status": "failed", "reason": "نہیں"})
    assert [r["input"] for r in read_manifest(m.path)] == ["a.txt", "c.txt"]
    assert m.path.read_text(encoding="utf-8").endswith('"reason": "نہیں"}\n')  # UTF-8, not \u escapes


def test_two_runs_started_in_the_same_second_have_different_run_ids(tmp_path, packaged):
    """A fresh user's report: ``run`` was the start to the second, so four quick batches (or a
    kill and an immediate resume) shared an id, and grouping the manifest by ``run`` merged them."""
    src, out = tmp_path / "in", tmp_path / "out"
    for k in range(2):
        write_article(src / f"art{k}.txt", k)
    for _ in range(3):
        fake_batch([src], out, packaged, force=True)
    runs = [line["run"] for line in manifest_lines(out)]
    assert len(runs) == 6 and len(set(runs)) == 3 and runs == sorted(runs)
    assert all(runs[i] == runs[i + 1] for i in (0, 2, 4))  # one id per run, on each of its lines


def test_a_manifest_write_cut_short_by_a_full_disk_leaves_no_partial_line(tmp_path, monkeypatch):
    """A fresh user's report: on a full disk (ENOSPC after part of the write) a partial line stayed
    in manifest.jsonl for good, later runs appending after it, and the error named no file. The
    file is now cut back to its length before the write, and the error names the manifest."""
    import errno

    from summarize.jobs import manifest as manifest_mod

    m = Manifest(tmp_path)
    m.append({"input": "a.txt", "status": "done"})
    before = m.path.read_bytes()
    real = os.write
    calls = []

    def full_disk(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real(fd, bytes(data[:20]))  # the OS took only part of the line...
        raise OSError(errno.ENOSPC, "No space left on device")  # ...then the disk was full

    monkeypatch.setattr(manifest_mod.os, "write", full_disk)
    with pytest.raises(OSError) as err:
        m.append_many([{"input": "b.txt", "status": "done"}, {"input": "c.txt", "status": "done"}])
    assert err.value.errno == errno.ENOSPC and err.value.filename == str(m.path)
    assert m.path.read_bytes() == before  # no partial line
    monkeypatch.setattr(manifest_mod.os, "write", real)
    m.append({"input": "d.txt", "status": "done"})
    assert [json.loads(line)["input"] for line in m.path.read_text().splitlines()] == ["a.txt", "d.txt"]


def test_progress_lines_bar_and_quiet(tmp_path, packaged):
    src = tmp_path / "in"
    for k in range(2):
        write_article(src / f"a{k}.txt", k)
    (src / "empty.txt").write_bytes(b"")
    log = io.StringIO()
    fake_batch([src], tmp_path / "o1", packaged, stream=log, tty=False)
    text = log.getvalue()
    assert "/3] " in text and "a0.txt: done" in text and "error: " in text and "empty.txt: is empty" in text
    assert text.rstrip().splitlines()[-1].startswith("summarize: batch: 2 done, 0 skipped, 1 failed in ")
    quiet = io.StringIO()
    fake_batch([src], tmp_path / "o2", packaged, stream=quiet, tty=False, quiet=True)
    assert quiet.getvalue().splitlines() == [f"summarize: error: {src / 'empty.txt'}: is empty (0 bytes); nothing to summarise"]
    bar = io.StringIO()
    p = Progress(2, stream=bar, tty=True)
    p.article("a.txt", "done", sentences=12)
    p.article("b.txt", "failed", reason="broken")
    p.summary("batch: 1 done")
    out = bar.getvalue()
    assert "2/2" in out and "sent/s" in out and "error: b.txt: broken" in out and "batch: 1 done" in out


def test_signal_guard_defers_inside_critical_sections():
    before = signal.getsignal(signal.SIGINT)  # default_int_handler, or SIG_IGN in a background job
    guard = SignalGuard(True)
    with guard:
        with pytest.raises(BatchInterrupted):
            with guard.critical():
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.01)
                reached = True  # the signal waited for the block to end
        assert reached
        with pytest.raises(BatchInterrupted):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
    assert signal.getsignal(signal.SIGINT) is before  # the guard puts back what it found


def test_sigterm_in_process_keeps_finished_articles(tmp_path, packaged):
    class Terminating(TaggingTranslator):
        def translate(self, segments, source, target):
            if len(self.calls) == 2:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(1)
            return super().translate(segments, source, target)

    src = tmp_path / "in"
    for k in range(5):
        write_article(src / f"a{k}.txt", k)
    res = fake_batch([src], tmp_path / "out", packaged, use_translator=Terminating(), targets="ur", group_size=1,
                     handle_signals=True)
    assert res.interrupted and res.exit_code == 130
    assert [r.status for r in res.records] == ["done", "done", "interrupted", "interrupted", "interrupted"]
    assert [line["status"] for line in manifest_lines(tmp_path / "out")] == [r.status for r in res.records]


def test_sigint_mid_batch_then_resume(tmp_path):
    src = tmp_path / "in"
    for k in range(8):
        write_article(src / f"a{k}.txt", k)
    out = tmp_path / "out"
    marker = tmp_path / "blocked"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "BATCH_DRIVER_BLOCK_AT": "4",
           "BATCH_DRIVER_MARKER": str(marker)}
    cmd = [sys.executable, "-m", "tests.batch_driver", "batch", str(src), "-o", str(out), "-s", "extractive",
           "--targets", "ur", "--group-size", "1", "-f", "json,md,txt"]
    proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the batch never reached the 4th article"
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr
    lines = manifest_lines(out)
    assert [line["status"] for line in lines] == ["done"] * 3 + ["interrupted"] * 5
    for k in range(3):
        brief = json.loads((out / f"a{k}" / "brief.json").read_text(encoding="utf-8"))
        assert brief["segments"] and all("ur" in s["targets"] for s in brief["segments"])
    assert not (out / "a3" / ".summarize-stamp.json").exists()
    assert not list(out.rglob("*.tmp"))  # no half-written file left behind

    env.pop("BATCH_DRIVER_BLOCK_AT")
    rerun = subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    second = manifest_lines(out)[8:]
    assert [line["status"] for line in second] == ["skipped"] * 3 + ["done"] * 5
    assert all((out / f"a{k}" / "brief.json").is_file() for k in range(8))


def test_an_interrupted_force_run_says_to_finish_without_force(tmp_path, packaged):
    """A fresh user's report: after Ctrl-C in a ``--force`` run the line said "run the same
    command again to resume", which redoes every article, the finished ones too. It now says to
    run it without ``--force``, and that run keeps what was finished."""
    src, out = tmp_path / "in", tmp_path / "out"
    for k in range(4):
        write_article(src / f"art{k}.txt", k)
    fake_batch([src], out, packaged)

    class StopsAtTheThird(TaggingTranslator):
        def translate(self, segments, source, target):
            if any("district 2 " in s for s in segments):
                raise KeyboardInterrupt
            return super().translate(segments, source, target)

    res = fake_batch([src], out, packaged, force=True, use_translator=StopsAtTheThird(), group_size=1)
    assert res.interrupted and res.exit_code == 130 and [r.status for r in res.records] == ["done"] * 2 + ["interrupted"] * 2
    line = res.summary_line()
    assert "2 not finished (interrupted; the same command with --force redoes all 4: run it without --force to keep " \
           "the 2 just finished" in line, line
    again = fake_batch([src], out, packaged)
    assert [r.status for r in again.records] == ["skipped"] * 4  # kept: the interrupted ones still held their brief
    plain = fake_batch([src], tmp_path / "fresh", packaged, use_translator=StopsAtTheThird(), group_size=1)
    assert plain.interrupted and "(interrupted; run the same command again to resume)" in plain.summary_line()


# -- run with several files ----------------------------------------------------------------------


def test_run_with_several_files_and_same_stems(tmp_path):
    a = write_article(tmp_path / "a.txt", 1)
    b = write_article(tmp_path / "b.md", 2)
    c = write_article(tmp_path / "c.html", 3)
    base = ["-s", "extractive", "--no-translate", "-f", "json"]
    result = CliRunner().invoke(main, ["run", str(a), str(b), str(c), "-o", str(tmp_path / "o"), *base])
    assert result.exit_code == 0, result.output
    assert all((tmp_path / "o" / n / "brief.json").is_file() for n in "abc")
    other = write_article(tmp_path / "news" / "a.txt", 4)
    result = CliRunner().invoke(main, ["run", str(a), str(other), "-o", str(tmp_path / "o2"), *base])
    assert result.exit_code == 2
    assert "would both be written to" in result.stderr and str(other) in result.stderr and "summarize batch" in result.stderr
    assert not (tmp_path / "o2").exists()
    result = CliRunner().invoke(main, ["run", str(a), str(a), "-o", str(tmp_path / "o3"), *base])  # the same file twice: once
    assert result.exit_code == 0 and result.stderr.count("wrote") == 1


def test_batch_help_documents_exit_codes():
    result = CliRunner().invoke(main, ["batch", "--help"])
    assert result.exit_code == 0
    for code in ("0 ", "1 ", "2 ", "130"):
        assert f"  {code}" in result.output
    assert "--glob" in result.output and "--force" in result.output and "--batch-size" in result.output


def test_summaries_are_pooled_across_articles(tiny_config, monkeypatch):
    from summarize.engines.registry import ModelRegistry
    from summarize.reading.source import read_article
    from summarize.text.segment import article_sentences
    from tests.conftest import SEED

    summarizer = ModelRegistry(load_config(tiny_config), offline=True).summarizer()
    articles = [article_sentences(read_article(p)) for p in (SEED, ROOT / "samples" / "flood-relief.txt")]
    articles.append([f"Officials in district {k} met on Monday." for k in range(4)])
    calls = []
    real = summarizer._generate
    monkeypatch.setattr(summarizer, "_generate", lambda texts: calls.append(len(texts)) or real(texts))
    alone = [summarizer.summarize(a) for a in articles]
    n_alone = len(calls)
    calls.clear()
    pooled = summarizer.summarize_many(articles)
    assert [p.chunking for p in pooled] == [a.chunking for a in alone]
    assert pooled[0].chunking["chunked"] and not pooled[2].chunking["chunked"]
    assert all(p.text.strip() for p in pooled)
    # a few generate() runs per round (split only where padding would double a text), not one per chunk
    assert len(calls) < n_alone, (calls, n_alone)


def test_globstar_pattern_takes_top_level_files_too(tmp_path):
    # a user's report: --glob '**/*.txt' skipped the .txt files right under the root
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for rel in ("top.txt", "sub/deep.txt", "sub/other.md"):
        (src / rel).write_text("Some text here. More text there. And a third one.\n", encoding="utf-8")
    found = sorted(s.rel.as_posix() for s in discover([src], globs=["**/*.txt"]))
    assert found == ["sub/deep.txt", "top.txt"]


def test_isolated_runs_each_item_alone_after_a_failure():
    from summarize.errors import ModelLoadError, ModelNotAvailableError
    from summarize.jobs.batch import isolated

    calls = []

    def step(items):
        calls.append(list(items))
        if 2 in items:
            raise ValueError("two")
        return [i * 10 for i in items]

    out = isolated(step, [1, 2, 3])
    assert out[0] == 10 and isinstance(out[1], ValueError) and out[2] == 30
    assert calls == [[1, 2, 3], [1], [2], [3]]
    for fatal in (ModelNotAvailableError("m", "org/m", "the cache", "pull it"), ModelLoadError("m cannot load")):
        def failing(items, exc=fatal):
            raise exc

        with pytest.raises(type(fatal)):
            isolated(failing, [1, 2])


def test_an_index_html_of_an_earlier_run_never_links_to_pages_a_later_run_removed(tmp_path):
    """A fresh user's report: a batch with -f html, then the same batch with -f md, rewrote
    index.md but left index.html listing the first run's rows, linking to brief.html files the
    second run had removed."""
    from lxml import html as lxml_html

    config = load_config(packaged_default_path())
    src = tmp_path / "in"
    write_article(src / "a.txt", 1)
    out = tmp_path / "out"
    fake_batch([src], out, config, formats="html", translate=False)
    assert (out / "a" / "brief.html").is_file() and 'href="a/brief.html"' in (out / "index.html").read_text(encoding="utf-8")
    fake_batch([src], out, config, formats="md", translate=False)
    assert not (out / "a" / "brief.html").exists()
    doc = lxml_html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    links = [a.get("href") for a in doc.xpath("//a[@href]") if not a.get("href").startswith(("#", "http"))]
    assert all((out / href).exists() for href in links), links
    assert "a" in doc.text_content()  # the article is still listed


def test_sigterm_while_batch_waits_for_its_folder_is_an_interrupt(tmp_path):
    """A fresh user's report: SIGTERM while `batch --wait` waited for another batch's output
    folder ended it with 143 and no message; the exit-code table says 130 for Ctrl-C or SIGTERM."""
    from summarize.jobs.lock import output_lock

    write_article(tmp_path / "in" / "a.txt", 0)
    out = tmp_path / "out"
    out.mkdir()
    with output_lock(out):  # another batch holds it
        proc = subprocess.Popen([sys.executable, "-m", "summarize", "batch", str(tmp_path / "in"), "-o", str(out),
                                 "-s", "extractive", "--no-translate", "--wait"],
                                stderr=subprocess.PIPE, text=True, cwd=ROOT)
        first = proc.stderr.readline()
        assert "waiting (--wait)" in first, first
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=60)
    assert proc.returncode == 130, (first, rest)
    assert rest.strip().splitlines()[-1] == "summarize: interrupted"
    assert not (out / "a").exists()


def test_a_brief_that_run_writes_into_a_planned_folder_while_the_batch_runs_is_not_written_over(tmp_path, packaged):
    """``summarize run`` takes no lock: a brief it writes into a folder the batch planned for
    one of its articles (here while the batch translates) is another article's now. The batch
    fails that article instead of replacing the brief (a fresh user's report: it was replaced
    silently), and the next run gives the article a folder of its own."""
    src, out, other = tmp_path / "in", tmp_path / "out", tmp_path / "other" / "art2.txt"
    for k in range(4):
        write_article(src / f"art{k}.txt", k)
    other.parent.mkdir()
    other.write_text("Northville council reopens bridge\n\nThe council in Northville reopened the old bridge on "
                     "Monday after six months of repairs. Traders said business would improve.\n", encoding="utf-8")

    class RunsMeanwhile(TaggingTranslator):
        done = False

        def translate(self, segments, source, target):
            if not self.done:
                self.done = True
                result = CliRunner().invoke(main, ["run", str(other), "-o", str(out), "--summarizer", "extractive",
                                                   "--no-translate", "-q"])
                assert result.exit_code == 0, result.output
            return super().translate(segments, source, target)

    res = fake_batch([src], out, packaged, use_translator=RunsMeanwhile(), group_size=4)
    status = {r.source.path.name: r.status for r in res.records}
    assert status == {"art0.txt": "done", "art1.txt": "done", "art2.txt": "failed", "art3.txt": "done"}
    failed = next(r for r in res.records if r.status == "failed")
    assert "holds the brief of another article" in failed.reason and str(other) in failed.reason
    assert res.exit_code == 1
    assert "Northville" in (out / "art2" / "summary.en.txt").read_text(encoding="utf-8")
    # the index does not call the other article's brief this one's "earlier brief kept", nor link it
    row = next(line for line in (out / "index.md").read_text(encoding="utf-8").splitlines() if "art2.txt" in line)
    assert "| failed |" in row and "earlier brief kept" not in row and "art2/brief" not in row, row
    assert 'href="art2/' not in (out / "index.html").read_text(encoding="utf-8")

    again = fake_batch([src], out, packaged)
    assert [r.status for r in again.records if r.status != "skipped"] == ["done"] and again.exit_code == 0
    assert "Northville" in (out / "art2" / "summary.en.txt").read_text(encoding="utf-8")
    assert "district 2" in (out / "art2-txt" / "summary.en.txt").read_text(encoding="utf-8")


def test_links_to_files_outside_the_inbox_are_read_and_named_in_a_warning(tmp_path):
    """A link in the inbox to a file elsewhere is followed, as documented, but was followed in
    silence: a link planted to a file of the account running the batch had that file briefed and
    translated (a security review). The batch now names every such link and its target."""
    from summarize.jobs.discover import links_outside

    text = ("The council closed the old bridge on Monday after engineers found cracks in two supports. "
            "Buses will carry people across the river until a new bridge opens next year. "
            "The mayor said the repairs would cost more than the city had planned.\n")
    inbox, elsewhere = tmp_path / "in", tmp_path / "elsewhere"
    inbox.mkdir()
    elsewhere.mkdir()
    for name in ("one.txt", "two.txt", "three.txt", "four.txt"):
        (elsewhere / name).write_text(text, encoding="utf-8")
        (inbox / f"link-{name}").symlink_to(elsewhere / name)
    (inbox / "own.txt").write_text(text, encoding="utf-8")
    (inbox / "again.txt").symlink_to(inbox / "own.txt")  # inside the inbox: nothing to say
    sources = discover([inbox])
    warning = links_outside(sources, [inbox])
    assert warning == (f"4 articles are links to files outside {inbox}, read from there: "
                       f"link-four.txt -> {elsewhere / 'four.txt'}, link-one.txt -> {elsewhere / 'one.txt'}, "
                       f"link-three.txt -> {elsewhere / 'three.txt'} and 1 more")
    assert links_outside([s for s in sources if "link-" not in str(s.rel)], [inbox]) is None

    result = CliRunner().invoke(main, ["batch", str(inbox), "-o", str(tmp_path / "out"), "--summarizer", "extractive",
                                       "--no-translate"])
    assert result.exit_code == 0, result.output
    assert f"summarize: warning: {warning}" in result.stderr.splitlines()
    assert "5 done" in result.stderr  # still briefed: the four links and own.txt (again.txt is the same file)


def test_a_writer_that_breaks_on_one_article_fails_that_article_and_the_batch_goes_on(tmp_path, packaged, monkeypatch):
    """An exception other than OSError while writing one brief (a writer's bug: a name that was not
    UTF-8 raised UnicodeEncodeError) ended the whole batch with a traceback: the articles after it
    were never briefed and no index was written (a fresh user's report)."""
    import summarize.jobs.batch as batch_mod

    src = tmp_path / "in"
    for k, name in enumerate(["a.txt", "b.txt", "c.txt", "d.txt"]):
        write_article(src / name, k)
    real_write = batch_mod._write

    def write(rec, brief, writers, seal):
        if rec.source.path.name == "b.txt":
            raise UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed")
        return real_write(rec, brief, writers, seal)

    monkeypatch.setattr(batch_mod, "_write", write)
    out = tmp_path / "out"
    fake_batch([src], out, packaged)
    groups = by_status(manifest_lines(out))
    assert len(groups["failed"]) == 1 and len(groups["done"]) == 3  # c.txt and d.txt came after it
    assert Path(groups["failed"][0]["input"]).name == "b.txt"
    assert groups["failed"][0]["reason"].startswith("its files could not be written: UnicodeEncodeError:")
    assert (out / "index.md").is_file()
