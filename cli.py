"""Launcher for a source checkout: ``python cli.py run ARTICLE`` is ``summarize run ARTICLE``."""

from summarize.cli import main

if __name__ == "__main__":
    main()
