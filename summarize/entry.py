"""The ``summarize`` command's entry point (``[project.scripts]``, ``python -m summarize`` and
``cli.py``): the CLI (``summarize.cli.main``), with Ctrl-C and SIGTERM handled from the first
moment, not only once the CLI is imported.

Importing the CLI takes a tenth of a second or more (click, the config and reading modules). A
fresh user's report: Ctrl-C in that window printed a ``KeyboardInterrupt`` traceback, and
SIGTERM ended the process with 143 (the default action), where the exit-code table promises
``summarize: interrupted`` and 130 for both. Here SIGTERM is taken as Ctrl-C before anything is
imported (the CLI's own guard, ``cli._sigterm_as_interrupt``, does the same around each command
and puts this handler back after), and an interrupt before or after the command (while it starts,
or at exit) ends it with the same line and code; once the command has returned, SIGTERM is
ignored while the interpreter shuts down (it would put the default handler back first: 143). What runs before this module (Python's own start, about 20 ms) is not covered.
"""

from __future__ import annotations

import signal
import sys

#: The exit code and line of an interrupted command (the CLI's, ``cli._Group._invoke``).
INTERRUPTED = 130


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


def main() -> None:
    """Run the CLI; Ctrl-C or SIGTERM at any moment ends it with ``summarize: interrupted``,
    exit 130 (the exit-code table of every ``--help``)."""
    try:
        signal.signal(signal.SIGTERM, _interrupt)
        from .cli import main as cli_main

        cli_main()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("summarize: interrupted\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass  # a stderr that cannot be written stops no exit
        sys.exit(INTERRUPTED)
    finally:
        # the work is done (or given up): SIGTERM while the interpreter shuts down, after Python
        # has put back the default handler, would end the process with 143 and no line (a fresh
        # user's report); ignored now, the exit code is the work's. Ctrl-C still ends a shut-down
        # that hangs (130, no line).
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
