"""``python -m summarize``: the same CLI as the ``summarize`` command."""

from .cli import main

main()
