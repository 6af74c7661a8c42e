"""``python -m summarize``: the same CLI as the ``summarize`` command (``summarize.entry``)."""

from .entry import main

main()
