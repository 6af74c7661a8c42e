"""``python -m tests.batch_driver ARGS...``: the ``summarize`` CLI with a fake translator in place
of every configured one, for the subprocess interrupt test. Test code only; the package knows
nothing of it.

The fake tags each sentence as TaggingTranslator does. With ``BATCH_DRIVER_BLOCK_AT=N`` and
``BATCH_DRIVER_MARKER=PATH``, its N-th call writes PATH and then waits (up to 120 s) for a signal,
so the test can interrupt the batch at a known point however loaded the machine is. Both are
read when the fake is made, in this process: with ``--engine ray`` the fake travels to the Ray
worker (it is passed to ``run_batch`` as ``use_translator``) and blocks there.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import summarize.engines.registry
import summarize.jobs.batch
from tests.fakes import TaggingTranslator


class BlockingTranslator(TaggingTranslator):
    def __init__(self):
        super().__init__()
        self.block_at = int(os.environ.get("BATCH_DRIVER_BLOCK_AT", "0") or 0)
        self.marker = os.environ.get("BATCH_DRIVER_MARKER")

    def translate(self, segments, source, target):
        out = super().translate(segments, source, target)
        if self.block_at and len(self.calls) == self.block_at:
            Path(self.marker).write_text(str(os.getpid()))
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:  # the signal's exception interrupts this wait
                time.sleep(0.05)
        return out


_TRANSLATOR = BlockingTranslator()


def main() -> None:
    summarize.engines.registry.build_translator = lambda spec, config, offline=False, progress=False: _TRANSLATOR
    real_run_batch = summarize.jobs.batch.run_batch

    def run_batch(*args, **kwargs):  # the fake as an object: Ray workers get it, and the check of the
        kwargs.setdefault("use_translator", _TRANSLATOR)  # models before any work knows it needs no files
        return real_run_batch(*args, **kwargs)

    summarize.jobs.batch.run_batch = run_batch
    from summarize.cli import main as cli

    cli(prog_name="summarize")


if __name__ == "__main__":
    main()
