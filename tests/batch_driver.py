"""``python -m tests.batch_driver ARGS...``: the ``summarize`` CLI with a fake translator in place
of every configured one, for the subprocess interrupt test. Test code only; the package knows
nothing of it.

The fake tags each sentence as TaggingTranslator does. With ``BATCH_DRIVER_BLOCK_AT=N`` and
``BATCH_DRIVER_MARKER=PATH``, its N-th call writes PATH and then waits (up to 120 s) for a signal,
so the test can interrupt the batch at a known point however loaded the machine is.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import summarize.engines.registry
from tests.fakes import TaggingTranslator


class BlockingTranslator(TaggingTranslator):
    def translate(self, segments, source, target):
        out = super().translate(segments, source, target)
        block_at = int(os.environ.get("BATCH_DRIVER_BLOCK_AT", "0") or 0)
        if block_at and len(self.calls) == block_at:
            Path(os.environ["BATCH_DRIVER_MARKER"]).write_text(str(os.getpid()))
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:  # the signal's exception interrupts this wait
                time.sleep(0.05)
        return out


_TRANSLATOR = BlockingTranslator()


def main() -> None:
    summarize.engines.registry.build_translator = lambda spec, config, offline=False: _TRANSLATOR
    from summarize.cli import main as cli

    cli(prog_name="summarize")


if __name__ == "__main__":
    main()
