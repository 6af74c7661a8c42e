"""Exceptions raised by the library.

Every message is one line that names the thing at fault (a file, a key, a model) and, where there
is one, the fix. The CLI prints ``summarize: error: <message>`` and exits non-zero; ``--debug``
re-raises with the traceback instead.
"""

from __future__ import annotations

import os
import re


def first_line(exc: BaseException, limit: int = 200) -> str:
    """The first line of ``str(exc)``, stripped and cut to ``limit`` characters; the exception's
    class name when its message is empty. For one-line error messages that wrap a library's
    exception (whose text may run over many lines: a traceback, a dump of a config)."""
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:limit]


#: Characters that would break a one-line message (a character class's inside): the C0 and C1
#: controls and DEL (newline, carriage return, tab, escape, NEL) and the Unicode line and
#: paragraph separators.
LINE_BREAKING = "\x00-\x1f\x7f-\x9f\u2028\u2029"
#: The bidirectional controls (a character class's inside): the embeddings and overrides
#: U+202A-U+202E, the isolates U+2066-U+2069 and the marks LRM, RLM and ALM. They reorder what
#: is shown around them: ``invoice-<U+202E>fdp.exe`` shows as ``invoice-exe.pdf`` (Boucher &
#: Anderson 2021, "Trojan Source", CVE-2021-42574).
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
#: A lone surrogate: how ``os.fsdecode`` (PEP 383's ``surrogateescape``) hands over each byte of a
#: file name that is not UTF-8 (``bad<0xff>byte.txt`` -> ``'bad\\udcffbyte.txt'``). No UTF-8 text can
#: hold one: writing it into brief.json, brief.html or a terminal line raises UnicodeEncodeError.
LONE_SURROGATES = "\ud800-\udfff"
_CONTROL = re.compile(f"[{LINE_BREAKING}{BIDI_CONTROLS}{LONE_SURROGATES}]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: One lone surrogate (:data:`LONE_SURROGATES`), compiled once for every module that escapes them.
SURROGATE = re.compile(f"[{LONE_SURROGATES}]")


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name: the byte itself
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED_ESCAPES.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def path_text(name: str) -> str:
    """``name`` (a path as ``os.fsdecode`` gives it) as text any UTF-8 file can hold: each byte
    that is not UTF-8 (a lone surrogate, see :data:`LONE_SURROGATES`) written ``\\xNN``, e.g.
    ``bad<0xff>byte.txt`` -> ``bad\\xffbyte.txt``; every other character as it is. What a brief
    records and shows as its source and stem (``reading.source.read_article``); the file itself
    is opened by its real name. Never raises."""
    return SURROGATE.sub(lambda m: _escape_char(m.group(0)), name)


def printable(text: object) -> str:
    """``str(text)`` with every control character written as an escape (``\\n``, ``\\r``,
    ``\\t``, else ``\\xNN`` or ``\\u2028``), so that a line naming a file called
    ``new<newline>line.txt`` stays one line on a terminal or in a log, and one whose name holds a
    bidirectional override shows its characters in their order (``\\u202e``); a byte of a file
    name that is not UTF-8 is written ``\\xNN`` (:func:`path_text`). Every progress and error
    line that prints a path goes through it. Idempotent (a backslash is left as it is)."""
    return _CONTROL.sub(lambda m: _escape_char(m.group(0)), str(text))


def option_value(option: str, value: str) -> str:
    """How a message names the option ``option`` set to ``value``, in the way the option is
    named (``Settings.from_options``'s ``names``, ``Config.where``): a library parameter
    ``source_lang=`` -> ``source_lang=urd_Arab``, a CLI flag ``--source-lang`` -> ``--source-lang
    urd_Arab``, a variable ``$SUMMARIZE_DTYPE`` -> ``$SUMMARIZE_DTYPE=bfloat16``, a models.yaml
    key ``models.yaml: dtype`` -> ``models.yaml: dtype: bfloat16``. Never raises."""
    if option.endswith("="):
        return f"{option}{value}"
    if option.startswith("$"):
        return f"{option}={value}"
    if option.startswith("-"):
        return f"{option} {value}"
    return f"{option}: {value}"


class SummarizeError(Exception):
    """Base class: an error the user can act on. ``exit_code`` is what the CLI exits with.

    Picklable with its attributes, whatever a subclass's ``__init__`` takes (pickle's default
    calls ``cls(*args)`` with the one-line message, which a subclass taking ``(source, problem)``
    refuses): the Ray engine sends a worker's error to the driver (see ``jobs.ray_engine``)."""

    exit_code = 1

    def __reduce__(self):
        return _rebuild, (type(self), self.args, self.__dict__)


def _rebuild(cls: type, args: tuple, state: dict) -> SummarizeError:
    """A SummarizeError of class ``cls`` with ``args`` and attributes ``state``, its ``__init__``
    not called (see ``SummarizeError.__reduce__``)."""
    exc = cls.__new__(cls)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class InputError(SummarizeError):
    """An input article cannot be used (missing, empty, binary, undecodable, too large, ...)."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


def check_input_path(path: str | os.PathLike, kind: str = "file") -> os.stat_result:
    """The ``os.stat`` of ``path``, an input the user named (an article, a batch root, a review
    file, a brief's folder, a TMX to import), or the one error every command gives for an input
    that is not there or cannot be read: an :class:`InputError` (exit code 1) naming ``path``.

    ``kind`` (``"file"``, ``"folder"`` or ``"file or folder"``) is what the message says is
    missing: ``PATH: no such file``, ``PATH: no such folder (a part of the path is not a
    folder)``, ``PATH: cannot be read: Permission denied``. Whether ``path`` is of that kind is
    the caller's to check (each says what it wanted instead). Follows symbolic links: a broken
    one is ``PATH: is a broken symbolic link (to TARGET, which does not exist)``, as batch says.

    Raises:
        InputError: ``path`` does not exist or cannot be looked at; it is empty (``''``: ``'': no
            file name given``, not ``: no such file``, which named nothing).
    """
    if not os.fspath(path):
        raise InputError("''", f"no {kind} name given (an empty path)")
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(str(path), f"is a broken symbolic link (to {os.readlink(path)}, which does not exist)") from None
        raise InputError(str(path), f"no such {kind}") from None
    except NotADirectoryError:
        raise InputError(str(path), f"no such {kind} (a part of the path is not a folder)") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise InputError(str(path), f"cannot be read: {getattr(exc, 'strerror', None) or exc}") from None


class ConfigError(SummarizeError):
    """models.yaml (or an option overriding it) is invalid. Exit code 2, like a usage error."""

    exit_code = 2

    def __init__(self, where: str, problem: str):
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class ModelNotAvailableError(SummarizeError):
    """A model's files are neither in a local folder nor in the hub cache, and we may not download.

    ``hint`` says what gets this model here; ``pull`` is True when that is ``summarize models
    pull`` (a hub model not in the cache), so that several such models can be fixed by one
    command (see :class:`ModelsNotAvailableError`); ``task`` (``summarize``/``translate``, None
    when unknown) and ``also`` (what to do without the model, appended to the message after
    ``; ``) complete it; ``models_file`` is the models.yaml the model comes from (the one
    ``pull`` command of several such models names it: ``config.command_line``)."""

    def __init__(self, name: str, model: str, looked_in: str, hint: str, *, task: str | None = None,
                 pull: bool = False, also: str = "", models_file: str | None = None):
        self.name = name
        self.model = model
        self.looked_in = looked_in
        self.hint = hint
        self.task = task
        self.pull = pull
        self.models_file = models_file
        super().__init__(f"model '{name}' ({model}) is not available: looked in {looked_in}; {hint}"
                         + (f"; {also}" if also else ""))


class ModelsNotAvailableError(ModelNotAvailableError):
    """Several models of one run are not available: ``missing`` holds each one's error, and the
    message, one line, names them all with what fixes them all (built by
    ``engines.registry.all_missing``), so that the user fixes them in one go instead of learning
    of the next one on every rerun."""

    def __init__(self, missing: list[ModelNotAvailableError], message: str):
        self.missing = list(missing)
        self.name = ", ".join(e.name for e in missing)
        self.model = ", ".join(e.model for e in missing)
        self.looked_in = "; ".join(e.looked_in for e in missing)
        self.hint = ""
        self.task = None
        self.pull = all(e.pull for e in missing)
        self.models_file = next((e.models_file for e in missing if getattr(e, "models_file", None)), None)
        SummarizeError.__init__(self, message)


class ModelError(SummarizeError):
    """A model loaded but failed while running on an input."""


class ModelLoadError(ModelError):
    """A model's files are here but it cannot be loaded or built (transformers or CTranslate2
    refuse them, a needed package is missing, a language code the tokenizer lacks): every article
    would fail alike, so a batch stops."""


class EngineError(SummarizeError):
    """The engine that spreads a batch over workers failed as a whole (``--engine ray``: the Ray
    cluster cannot be started or reached, or was lost): every article not done would fail alike,
    so the batch stops (its finished briefs are kept)."""


class EngineConfigError(ConfigError, EngineError):
    """``--engine ray``: a worker asks more than any node of the cluster has (``--gpus-per-worker 1``
    on a cluster without a GPU): a configuration error (exit 2, naming the option) that, as an
    EngineError, stops the batch before any worker starts."""


class ModelConfigError(ConfigError, ModelLoadError):
    """A model's models.yaml settings do not fit the model's own files (``max_input_tokens``
    past its position embeddings), found once it loads: a configuration error (exit 2, naming
    the models.yaml entry) that, as a ModelLoadError, stops a batch at once."""


class SummarizeWarning(UserWarning):
    """A warning of summarize's own: the CLI prints each one as one ``summarize: warning:`` line
    on stderr, except under ``-q``."""


class SpeedWarning(SummarizeWarning):
    """A setting that works but runs far slower than another choice would on this machine (the
    CLI prints it as one ``summarize: warning:`` line on stderr, except under ``-q``)."""


class KeptEditsWarning(SummarizeWarning):
    """A rerun found a brief file a reviewer had edited in place without importing it (brief.json
    edited by hand, or no longer readable, too), and kept a copy of it before writing the new
    brief (``writers.folder.keep_unimported_edits``)."""


class InputWarning(SummarizeWarning):
    """An input that is read, but not quite as it was written: a UTF-8 file with a few invalid
    bytes, each read as U+FFFD (see ``reading.decode``), or Markdown front matter skipped because
    it is not YAML or is refused (see ``reading.markdown``). One line naming the input; the CLI
    prints it as one ``summarize: warning:`` line on stderr, except under ``-q``."""


class OutputError(SummarizeError):
    """A brief's folder cannot be written (disk full, no permission, ...). The folder is as it
    was: a brief is written into a temporary folder beside it first (see ``writers.folder``)."""

    def __init__(self, folder: str, problem: str):
        self.folder = folder
        self.problem = problem
        super().__init__(f"cannot write {folder}/: {problem}")


class StdoutError(OutputError):
    """Standard output cannot be written (``-o -`` redirected to a full disk). A reader that closed
    the pipe early is no error: the CLI ends quietly then (``cli.stdout_reader_gone``)."""

    def __init__(self, problem: str):
        self.folder = "-"
        self.problem = problem
        SummarizeError.__init__(self, f"cannot write to stdout: {problem}")


class FolderInUseError(SummarizeError):
    """Another process holds the output folder's lock (see ``jobs.lock``), or the lock of a folder
    above it or below it (two batches would write the same brief folders). Exit code 2: nothing
    was done; wait for the other batch, or pass ``--wait``.

    ``folder`` is the output folder asked for, ``pid`` the holder's (None when unknown), ``busy``
    the folder whose lock is held (``folder`` itself, or the one above or below it), and ``what``
    the first part of the message (``bo4/world lies in bo4, which is in use by pid 12``), which
    the ``--wait`` note reuses."""

    exit_code = 2

    def __init__(self, folder: str, pid: int | None, busy: str | None = None):
        self.folder = folder
        self.pid = pid
        self.busy = folder if busy is None else busy
        holder = f"pid {pid}" if pid else "another process"
        if self.busy == folder:
            self.what = f"{folder} is in use by {holder}"
        elif _lies_in(folder, self.busy):
            self.what = f"{folder} lies in {self.busy}, which is in use by {holder}"
        else:
            self.what = f"{folder} holds {self.busy}, which is in use by {holder}"
        super().__init__(f"{self.what} (another `summarize batch` writes there); wait for it to finish, or pass --wait")


def _lies_in(folder: str, other: str) -> bool:
    """Whether ``folder`` lies below ``other`` (both as real paths)."""
    inner, outer = os.path.realpath(folder), os.path.realpath(other)
    return inner != outer and os.path.commonpath([inner, outer]) == outer
