"""Every option of every command's --help is documented (README.md or docs/*.md).

Fresh users reading the docs literally found options that only --help named (``review status
--json``, ``tm stats --json``, ``summarize --version``, ``review omegat --target``, ...). This walks
click's command tree, so a new option without a word in the docs fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from summarize.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _commands(cmd: click.Command, path: tuple[str, ...] = ()):
    """(path, command) for ``cmd`` and every command below it."""
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            yield from _commands(sub, path + (name,))


def _mentions(text: str, word: str) -> bool:
    """Whether ``text`` names ``word`` (an option such as ``-g`` or ``--json``, or a command
    name) as a whole, not as part of a longer one (``--tm`` is not in ``--tm-x``)."""
    return re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text) is not None


def _undocumented() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in DOCS]
    paragraphs = [q for t in texts for q in re.split(r"\n\s*\n", t)]
    missing = []
    for path, cmd in _commands(main):
        command = " ".join(path)
        for param in cmd.get_params(click.Context(cmd)):
            if not isinstance(param, click.Option):
                continue
            spellings = [o for o in param.opts + param.secondary_opts]
            for o in spellings:  # each spelling somewhere (`-g` as well as `--glob`)
                if not any(_mentions(t, o) for t in texts):
                    missing.append(f"summarize {command} {o}: in no doc".replace("  ", " "))
            # and one spelling where the command is named, or where the docs say it is every command's
            if not any(any(_mentions(q, o) for o in spellings)
                       and (not path or _mentions(q, command) or "every command" in q.lower())
                       for q in paragraphs):
                missing.append(f"summarize {command} {'/'.join(spellings)}: in no paragraph naming the command"
                               .replace("  ", " "))
    return missing


def test_every_option_of_every_command_is_documented():
    assert _undocumented() == []


def test_the_check_finds_an_undocumented_option(monkeypatch):
    """The walk above sees a new option (so an empty list means something)."""
    extra = click.Option(["--no-such-option-documented"], is_flag=True)
    monkeypatch.setattr(main.commands["tm"].commands["stats"], "params",
                        [*main.commands["tm"].commands["stats"].params, extra])
    assert _undocumented() == ["summarize tm stats --no-such-option-documented: in no doc",
                               "summarize tm stats --no-such-option-documented: in no paragraph naming the command"]
