"""What is planted in a brief's folder or named as a settings file -- a symbolic link, a FIFO,
a device, a huge file -- is never followed, waited on or read whole (a security review: a link
to /dev/zero at ``summary.en.txt`` read until the machine's memory ran out, a FIFO at
``brief.md`` or ``--models`` hung the run past SIGTERM, and a link to a private file had its
content copied into ``edited/``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.writers.fsutil import NotRegularFile, read_regular
from tests.conftest import ROOT

ARTICLE = ("Floods cut off three districts\n\nHeavy rain caused floods in three northern districts on Monday, "
           "officials said. At least 20 people died and 4,000 families left their homes. Rescue teams reached two "
           "of the districts by boat.\n")

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """``summarize`` in a process of its own, so that a hang (the bug) fails the test in 60 s
    instead of hanging the suite."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "SUMMARIZE_TM": str(tmp_path / "tm.sqlite")}
    return subprocess.run([sys.executable, "-m", "summarize", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "art.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_read_regular_refuses_links_fifos_folders_and_files_over_the_limit(tmp_path):
    (tmp_path / "f").write_bytes(b"x" * 10)
    assert read_regular(tmp_path / "f") == b"x" * 10
    os.symlink(tmp_path / "f", tmp_path / "link")
    os.mkfifo(tmp_path / "fifo")
    for name in ("link", "fifo", "."):
        with pytest.raises(NotRegularFile):
            read_regular(tmp_path / name)
    with pytest.raises(NotRegularFile, match="more than the 9"):
        read_regular(tmp_path / "f", limit=9)
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "none")


def test_a_link_planted_at_a_briefs_file_is_moved_aside_unread(tmp_path, article):
    secret = tmp_path / "secret"
    secret.write_text("the private key\n", encoding="utf-8")
    folder = tmp_path / "out" / "art"
    folder.mkdir(parents=True)
    os.symlink(secret, folder / "brief.md")
    proc = run(tmp_path, "run", "art.txt", "-o", "out", "-s", "extractive", "--no-translate")
    assert proc.returncode == 0, proc.stderr
    moved = folder / "edited" / "brief.not-a-file.md"
    assert os.path.islink(moved) and os.readlink(moved) == str(secret)  # the link itself, not a copy
    assert [p.name for p in (folder / "edited").iterdir()] == ["brief.not-a-file.md"]
    assert not any("private key" in p.read_text(encoding="utf-8", errors="replace")
                   for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    assert (folder / "brief.md").is_file() and not (folder / "brief.md").is_symlink()
    assert secret.read_text(encoding="utf-8") == "the private key\n"  # never written through
    assert "out/art/brief.md is a symbolic link or special file, not a file summarize writes; kept it as " \
           "out/art/edited/brief.not-a-file.md" in proc.stderr


def test_a_fifo_planted_in_a_briefs_folder_or_named_as_models_yaml_hangs_nothing(tmp_path, article):
    folder = tmp_path / "out" / "art"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "summary.en.txt")
    os.mkfifo(folder / ".summarize-stamp.json")
    os.mkfifo(folder / "brief.json")
    proc = run(tmp_path, "run", "art.txt", "-o", "out", "-s", "extractive", "--no-translate")
    assert proc.returncode == 0, proc.stderr
    assert (folder / "summary.en.txt").is_file() and "Heavy rain" in (folder / "summary.en.txt").read_text(encoding="utf-8")
    assert sorted(p.name for p in (folder / "edited").iterdir()) == ["brief.not-a-file.json", "summary.en.not-a-file.txt"]
    os.mkfifo(tmp_path / "models.yaml")
    proc = run(tmp_path, "run", "art.txt", "--models", "models.yaml", "-s", "extractive", "--no-translate", "-o", "o2")
    assert proc.returncode == 2 and proc.stderr.startswith("summarize: error: Invalid value for '--models': "
                                                           "models.yaml is a FIFO, not a models.yaml file"), proc.stderr


def test_an_edited_folder_that_leads_elsewhere_takes_no_copy(tmp_path, article):
    out = tmp_path / "out"
    proc = run(tmp_path, "run", "art.txt", "-o", "out", "-s", "extractive", "--no-translate")
    assert proc.returncode == 0, proc.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "art" / "edited")
    (out / "art" / "brief.md").write_text("a reviewer's edit\n", encoding="utf-8")
    proc = run(tmp_path, "run", "art.txt", "-o", "out", "-s", "extractive", "--no-translate")
    assert proc.returncode == 1 and "edited: is not a folder (a symbolic link or a file); move it away" in proc.stderr
    assert list(elsewhere.iterdir()) == []
    assert (out / "art" / "brief.md").read_text(encoding="utf-8") == "a reviewer's edit\n"  # nothing lost


def test_a_models_yaml_over_a_mebibyte_is_refused(tmp_path, article):
    (tmp_path / "big.yaml").write_text("# " + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    proc = run(tmp_path, "run", "art.txt", "--models", "big.yaml", "-o", "o")
    assert proc.returncode == 2 and "'--models': big.yaml holds 1,048,579 bytes, more than a models.yaml's 1,048,576 " \
        "(1 MiB)" in proc.stderr, proc.stderr


def _stamped_review_brief(folder: Path) -> Path:
    """A translated brief (the review helpers' one) written by write_brief, with its stamp and hashes."""
    from summarize.jobs.stamp import write_brief
    from summarize.writers import writers_for
    from tests.review_helpers import make_review_brief

    write_brief(folder, make_review_brief(), writers_for("all"), input="x.txt", input_sha256=None,
                config_fingerprint=None)
    return folder


def test_review_import_moves_a_planted_link_aside_and_never_reads_through_it(tmp_path):
    """review import rewrites the brief's files: a link at one of their names (to a private
    file) was read through (is_file and read_bytes follow links) and written over."""
    import json
    import warnings

    from summarize.errors import KeptEditsWarning
    from summarize.review import import_reviews
    from tests.test_review_loop import page_export

    folder = _stamped_review_brief(tmp_path / "briefs" / "floods")
    secret = tmp_path / "secret"
    secret.write_text("the private key\n", encoding="utf-8")
    (folder / "brief.tsv").unlink()
    os.symlink(secret, folder / "brief.tsv")
    data = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    prs = data["segments"][0]["targets"]["prs"]
    review = tmp_path / "brief.review.json"
    review.write_text(json.dumps(page_export(data, [{"segment": 0, "target": "prs", "status": "approved",
                                                      "text": prs["text"], "mt": prs["mt"], "comment": None,
                                                      "at": "2026-12-01T19:58:00Z"}]), ensure_ascii=False))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import_reviews([review], brief=folder, tm=None)
    moved = folder / "edited" / "brief.not-a-file.tsv"
    assert os.path.islink(moved) and os.readlink(moved) == str(secret)
    assert (folder / "brief.tsv").is_file() and not (folder / "brief.tsv").is_symlink()
    assert secret.read_text(encoding="utf-8") == "the private key\n"
    assert any(issubclass(w.category, KeptEditsWarning) and "not a file summarize writes" in str(w.message)
               for w in caught)


def test_a_batch_redoes_a_brief_whose_file_became_a_link(tmp_path):
    """A stamp vouches for regular files only: a brief.md swapped for a link to a copy of itself
    was taken as up to date and kept; the batch now redoes the brief, which moves the link aside."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "art.txt").write_text(ARTICLE, encoding="utf-8")
    args = ("batch", "in", "-o", "bo", "-s", "extractive", "--no-translate")
    assert run(tmp_path, *args).returncode == 0
    md = tmp_path / "bo" / "art" / "brief.md"
    copy = tmp_path / "copy.md"
    copy.write_bytes(md.read_bytes())
    md.unlink()
    os.symlink(copy, md)
    proc = run(tmp_path, *args)
    assert proc.returncode == 0, proc.stderr
    assert "1 done" in proc.stderr and md.is_file() and not md.is_symlink()
    assert os.path.islink(tmp_path / "bo" / "art" / "edited" / "brief.not-a-file.md")


def test_review_omegat_refuses_a_fifo_brief_json(tmp_path):
    folder = _stamped_review_brief(tmp_path / "briefs" / "floods")
    (folder / "brief.json").unlink()
    os.mkfifo(folder / "brief.json")
    proc = run(tmp_path, "review", "omegat", str(folder), "-o", "omegat")
    assert proc.returncode == 1 and "brief.json: cannot be read as a brief" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_summarize_models_naming_a_fifo_or_a_device_is_refused_naming_the_variable(tmp_path, article):
    """A FIFO or /dev/zero in $SUMMARIZE_MODELS: one line naming the variable, exit 2 (no read:
    /dev/zero is stood in for by a link to it, refused by its stat, and the child's memory is capped)."""
    os.mkfifo(tmp_path / "fifo.yaml")
    os.symlink("/dev/zero", tmp_path / "zero.yaml")
    for name, what in (("fifo.yaml", "a FIFO"), ("zero.yaml", "a device")):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "SUMMARIZE_MODELS": name}
        proc = subprocess.run([sys.executable, "-c", "import resource; resource.setrlimit(resource.RLIMIT_AS, "
                               "(3 << 30, 3 << 30)); from summarize.entry import main; main()", "run", "art.txt",
                               "-s", "extractive", "--no-translate", "-o", "o"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.startswith(f"summarize: error: $SUMMARIZE_MODELS: {name} is {what}, not a models.yaml file")
        assert len(proc.stderr.strip().splitlines()) == 1


def test_a_models_yaml_that_is_a_link_to_a_file_is_read(tmp_path):
    """A models.yaml the user names may be a link to a regular file (a dotfiles folder): it is
    read; a link to anything else is refused by load_config too (the library has no --models check)."""
    from summarize.config import load_config
    from summarize.errors import ConfigError

    (tmp_path / "real.yaml").write_bytes((ROOT / "models.yaml").read_bytes())
    os.symlink(tmp_path / "real.yaml", tmp_path / "link.yaml")
    assert load_config(tmp_path / "link.yaml").summarizer == load_config(tmp_path / "real.yaml").summarizer
    (tmp_path / "folder").mkdir()  # (not a FIFO: an old load_config would wait on it in this process)
    os.symlink(tmp_path / "folder", tmp_path / "folder.yaml")
    with pytest.raises(ConfigError, match="folder.yaml: cannot read: it is not a regular file"):
        load_config(tmp_path / "folder.yaml")
