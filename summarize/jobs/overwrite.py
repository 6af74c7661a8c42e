"""The two rules that keep a brief from writing over what is not its own, in one place for
``summarize run`` (``jobs.run``) and the library's ``write_brief`` (``summarize.api``):

- :func:`other_article`: the folder holds the brief of another article (that still exists), which
  this brief would replace;
- :func:`input_in_folder`: the article itself lies in the folder its brief is written to, where
  the brief would overwrite it.

Each has its ``refuse_*`` function raising the one-line :class:`~summarize.errors.InputError`;
``hint`` ends the message with what to do instead, in the caller's words (the CLI's ``-o``, the
library's ``out_dir``).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from ..reading.source import is_url
from .stamp import read_stamp, recorded_input

#: The ends of the messages ``summarize run`` gives (it names its ``-o`` option).
CLI_OTHER_HINT = "give another -o (or use `summarize batch`, which mirrors folders)"
CLI_INPUT_HINT = "move it, or give another -o"


def is_file_input(article: str | None) -> bool:
    """Whether ``article`` names a file: not None, not ``-`` (standard input), not a URL."""
    return bool(article) and article != "-" and not is_url(article)


def other_article(folder: Path, article: str | None) -> str | None:
    """The path of the article whose brief ``folder`` holds when that is another file than
    ``article`` and it still exists, else None: two ``index.txt`` of different folders, run one
    after the other with the same ``-o``, from any working folder (the stamp's absolute
    ``input_path``, see ``stamp.recorded_input``; a stamp written before it was recorded gives its
    ``input`` as typed, taken from the current folder). An ``article`` that is no file (standard
    input ``-``, a URL, or None: a brief made from text in memory) is refused the brief of a file
    that still exists as another file is. None when the folder's brief is of no file (standard
    input, a URL, text in memory: a brief of ``-`` or ``text=`` over one is a rerun), of the same
    file by another path, or of an article that was moved or deleted (its old path is gone)."""
    before = recorded_input(read_stamp(folder))
    if before is None:
        return None
    if not is_file_input(article):
        return before if os.path.isfile(before) else None
    try:
        if os.path.samefile(before, article):
            return None
    except OSError:
        return None  # the earlier article is gone (moved, renamed): this is its new place
    return before


def refuse_another_articles_folder(folder: Path, article: str | None, hint: str = CLI_OTHER_HINT,
                                   source: str = "<text>") -> None:
    """Raise InputError (one line, naming ``article`` -- ``source`` when it is None, a brief of
    text in memory: ``<text>``, as ``make_brief(text=...)``'s errors name it -- and ``folder``)
    when ``folder`` holds the brief of another article that still exists (:func:`other_article`),
    which ``article``'s brief would replace; ``hint`` ends the message."""
    other = other_article(Path(folder), article)
    if other:
        raise InputError(article or source, f"{folder}/ holds the brief of another article, {other}, which its brief would "
                                  f"replace; {hint}")


def input_in_folder(folder: str | os.PathLike, article: str | None) -> bool:
    """Whether the file ``article`` lies in ``folder`` (at any depth, symbolic links followed;
    ``folder`` need not exist yet), where a brief written to ``folder`` could overwrite it.
    False for standard input, URLs, None, and a file that is not there (nothing to overwrite: a
    brief whose article was moved or deleted since, or one built by hand)."""
    if not is_file_input(article) or not os.path.exists(article):
        return False
    real = os.path.realpath(folder)
    return os.path.commonpath([real, os.path.realpath(article)]) == real


def refuse_input_in_folder(folder: str | os.PathLike, article: str | None, hint: str = CLI_INPUT_HINT) -> None:
    """Raise InputError (one line, naming ``article`` and ``folder``) when ``article`` lies in
    ``folder`` (:func:`input_in_folder`), the folder its brief is to be written to; ``hint`` ends
    the message."""
    if input_in_folder(folder, article):
        raise InputError(article, input_in_folder_problem(folder, hint))


def input_in_folder_problem(folder: str | os.PathLike, hint: str = CLI_INPUT_HINT) -> str:
    """The problem :func:`refuse_input_in_folder` states, for a caller that raises another error
    (``summarize run`` checks every article before reading any: a ConfigError, exit code 2)."""
    return f"lies in the folder its brief is written to ({folder}/), where the brief would overwrite it; {hint}"
