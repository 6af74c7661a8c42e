"""Launcher for a source checkout: ``python cli.py run ARTICLE`` is ``summarize run ARTICLE``.

Run from a checkout whose dependencies are not installed, a missing package (``click``, or
``sentencex`` once an article is read) is one error line and exit 1, not a traceback;
``--debug`` shows the traceback.
"""

import sys


def launch() -> None:
    """Run the CLI; a third-party package that cannot be imported ends it with one line naming
    the package and the fix, exit 1 (a missing part of ``summarize`` itself is re-raised)."""
    try:
        from summarize.entry import main

        main()
    except ModuleNotFoundError as exc:
        if "--debug" in sys.argv[1:] or (exc.name or "").partition(".")[0] in ("", "summarize"):
            raise
        print(f"summarize: error: a required package is missing ({exc}); install summarize first: pip install -e .",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    launch()
