"""models.yaml -> frozen dataclasses, validated once.

Resolution order, highest first: a CLI option > an environment variable (``SUMMARIZE_SUMMARIZER``,
``SUMMARIZE_TRANSLATOR``, ``SUMMARIZE_TARGETS``, ``SUMMARIZE_DEVICE``, ``SUMMARIZE_DTYPE``) > the file given by ``--models``
or ``$SUMMARIZE_MODELS``, else ``./models.yaml`` > the packaged default. A file replaces the
packaged default whole; options and variables then override single settings.
"""

from __future__ import annotations

import math
import os
import re
import shlex
import warnings
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from .errors import ConfigError, SummarizeWarning
from .writers.fsutil import NotRegularFile, read_regular
from .languages import SOURCE, Language, Target, close_codes, nllb_codes, source_language, target
from .safe_yaml import read_yaml

SUMMARIZER_KINDS = ("seq2seq", "extractive")
#: How the extractive summariser ranks sentences (summarize/engines/summarizers/extractive.py).
EXTRACTIVE_ALGORITHMS = ("pacsum", "lead", "textrank")
TRANSLATOR_KINDS = ("nllb", "m2m", "marian")
#: ``auto`` (default): CTranslate2 when a converted copy exists and ctranslate2 imports, else
#: transformers (``backend.choose_backend``); the other two pin the engine.
BACKENDS = ("auto", "transformers", "ctranslate2")
#: Weight types ``summarize models convert --quantization`` writes (CTranslate2's names).
CT2_QUANTIZATIONS = ("int8", "int8_float16", "int8_bfloat16", "float16", "bfloat16", "float32")
#: Compute types a ``backend: ctranslate2`` model may run with; ``default`` keeps the converted
#: weights' type (with CTranslate2's fallback where the device lacks it), ``auto`` lets
#: CTranslate2 pick the fastest type the device supports.
CT2_COMPUTE_TYPES = ("default", "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16",
                     "float16", "bfloat16", "float32")
DEVICES = ("auto", "cpu", "cuda", "mps")
DTYPES = ("auto", "float32", "float16", "bfloat16")

#: Generation settings a model entry may carry, with their types. ``max_new_tokens_ratio`` and
#: ``max_new_tokens_min`` scale a translation's length budget with its source length.
GENERATION_KEYS: Mapping[str, type | tuple[type, ...]] = MappingProxyType(
    {
        "num_beams": int,
        "max_new_tokens": int,
        "min_new_tokens": int,
        "max_new_tokens_ratio": (int, float),
        "max_new_tokens_min": int,
        "no_repeat_ngram_size": int,
        "length_penalty": (int, float),
        "repetition_penalty": (int, float),
        "early_stopping": bool,
    }
)

_TOP_KEYS = ("device", "dtype", "summarizer", "targets", "languages", "models")
_MODEL_KEYS = {
    "task", "kind", "model", "revision", "max_input_tokens", "generation", "source_lang",
    "target_lang", "batch_size", "sentences", "words", "min_words", "algorithm", "backend", "quantization",
    "compute_type",
}
_LANGUAGE_KEYS = {"code", "translator"}
#: The model keys that mean something for each kind (what an unknown key's message lists; every
#: key of _MODEL_KEYS is accepted for any kind).
_SEQ2SEQ_KEYS = _MODEL_KEYS - {"sentences", "words", "min_words", "algorithm", "source_lang", "target_lang"}
_KIND_KEYS: Mapping[str, set[str]] = MappingProxyType({
    "extractive": {"task", "kind", "sentences", "words", "min_words", "algorithm"},
    "seq2seq": _SEQ2SEQ_KEYS,
    **{kind: _SEQ2SEQ_KEYS | {"source_lang", "target_lang"} for kind in TRANSLATOR_KINDS},
})

#: The built-in extractive summariser: always available, even when a models.yaml omits it.
EXTRACTIVE = "extractive"


@dataclass(frozen=True)
class ModelSpec:
    """One entry under ``models:``.

    ``task`` is ``summarize`` or ``translate``; ``kind`` is ``seq2seq``/``extractive`` for
    summarisers and ``nllb``/``m2m``/``marian`` for translators. ``model`` is a hub id or a local
    folder (None for extractive). ``max_input_tokens`` is the model's input limit in tokens
    (BART 1024, NLLB-200 512). ``batch_size`` counts sentences per ``generate`` call;
    ``sentences`` is how many sentences the extractive summariser keeps (up to 2 more, short
    ones, while the brief is under ``min_words`` words, default 50: ``extractive.MIN_WORDS``; 0
    keeps exactly ``sentences``), ``words`` the most words
    it aims for, ``algorithm`` how it ranks them (pacsum, lead or textrank).
    ``backend`` is ``auto`` (default: CTranslate2 when a converted copy exists and ctranslate2
    imports, else transformers; ``engines.choice.choose_backend``), ``transformers`` or
    ``ctranslate2``; for CTranslate2, ``quantization`` names the converted folder to use
    (``summarize models convert NAME --quantization Q``; default int8) and ``compute_type`` how
    CTranslate2 runs it (default
    ``default``: the converted type).
    """

    name: str
    task: str
    kind: str
    model: str | None = None
    revision: str | None = None
    max_input_tokens: int = 512
    generation: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    source_lang: str = SOURCE.code
    target_lang: str | None = None
    batch_size: int = 16
    sentences: int = 3
    words: int = 90
    min_words: int = 50
    algorithm: str = "pacsum"
    backend: str = "auto"
    quantization: str | None = None
    compute_type: str | None = None
    config_path: str | None = field(default=None, compare=False, repr=False)
    """The models.yaml this entry was read from (None: made in code), for the commands that
    messages tell the user to run (:func:`command_line`); not a setting: brief.json leaves it out."""

    @property
    def is_local(self) -> bool:
        """True when ``model`` names a folder rather than a hub id. A spec read from a
        models.yaml holds every folder as an absolute path (``_resolve_model_path``), so this
        never depends on the current folder."""
        return self.model is not None and _looks_like_path(self.model)

    def generate_options(self, max_new_tokens: int | None = None) -> dict[str, Any]:
        """The keyword arguments ``generate`` (or CTranslate2's decoding) takes from models.yaml's
        ``generation``: everything but the tool's own budget keys (``max_new_tokens_ratio``,
        ``max_new_tokens_min``). ``max_new_tokens`` given replaces the configured cap (a
        translator's per-batch budget, see :meth:`max_new_tokens_for`)."""
        gen = {k: v for k, v in self.generation.items() if not k.startswith("max_new_tokens_")}
        if max_new_tokens is not None:
            gen["max_new_tokens"] = max_new_tokens
        return gen

    def max_new_tokens_for(self, source_tokens: int) -> int:
        """The generation budget of a translator for a source of ``source_tokens`` tokens:
        ``clamp(ceil(max_new_tokens_ratio * source_tokens), max_new_tokens_min, max_new_tokens)``
        (defaults 2.0, 16 and 200; 200 is NLLB-200's generation max_length). The configured cap
        holds even below the default floor (``max_new_tokens: 8`` alone gives at most 8)."""
        gen = self.generation
        ratio = float(gen.get("max_new_tokens_ratio", 2.0))
        cap = int(gen.get("max_new_tokens", 200))
        low = min(int(gen.get("max_new_tokens_min", 16)), cap)
        return max(low, min(cap, math.ceil(ratio * source_tokens)))

    def settings(self) -> dict[str, Any]:
        """What brief.json records of this model (everything but the name)."""
        out = {k: v for k, v in self.__dict__.items() if k not in ("name", "config_path")}
        out["generation"] = dict(self.generation)
        return out


@dataclass(frozen=True)
class Config:
    """The validated configuration. ``path`` says which file it came from (for messages)."""

    path: str
    device: str
    dtype: str
    summarizer: str
    targets: tuple[str, ...]
    languages: Mapping[str, Target]
    models: Mapping[str, ModelSpec]
    origins: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Where a top-level setting that did not come from the file came from: ``--targets``,
    ``$SUMMARIZE_DEVICE``, ... (see :meth:`where`)."""
    threads: int | None = None
    """The CPU threads a model runs on (``$SUMMARIZE_THREADS``, set by ``Settings.from_options``
    from its ``env``); None: the engine's default (torch: one per physical core; CTranslate2:
    the CPUs this process may run on)."""

    def where(self, key: str) -> str:
        """The label an error about top-level setting ``key`` names: the option or variable it
        came from (``--targets``, ``$SUMMARIZE_TARGETS``), else the file and key
        (``mine.yaml: targets``)."""
        return self.origins.get(key) or f"{self.path}: {key}"

    def model(self, name: str, where: str | None = None) -> ModelSpec:
        """The ModelSpec called ``name``; ``where`` labels an error (default: the file).

        Raises:
            ConfigError: no such model (the message lists the configured ones).
        """
        if name not in self.models:
            if where is None:
                raise ConfigError(self.path, f"no model named '{name}'; configured: {', '.join(self.models)}")
            raise ConfigError(where, f"no model named '{name}' in {self.path}; configured: {', '.join(self.models)}")
        return self.models[name]

    def source_language(self, name: str, where: str = "--source-lang") -> Language:
        """The Language an article is in, as ``--source-lang`` names it (an NLLB-200 code, a name
        the language table knows, or the short name of a language in ``languages``), named by
        the rule every language of a brief follows: the short name ``languages`` gives its code,
        else the table's, else the code (``languages.source_language``). The same under
        ``--no-translate`` and with translation.

        Raises:
            ConfigError: ``name`` is no known NLLB-200 code nor one of those names (naming
                ``where``; close codes suggested); exit code 2, before any work.
        """
        try:
            return source_language(name, (t.language for t in self.languages.values()))
        except KeyError:
            pass
        close = close_codes(name)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise ConfigError(where, f"'{name}' is not a known NLLB-200 language code (one of the {len(nllb_codes())} in "
                                 f"summarize/data/nllb200_codes.txt, e.g. urd_Arab, pbt_Arab, prs_Arab, eng_Latn){hint}")

    def target(self, short: str, where: str | None = None) -> Target:
        """The Target for a short name (``ur``) or an NLLB code (``urd_Arab``), any case (``UR``,
        ``URD_ARAB``: as ``--source-lang`` takes them).

        ``where`` labels an error; default :meth:`where` of ``targets``.

        Raises:
            ConfigError: nobody configured that target (the message lists the configured ones),
                or it names English (``en``, ``eng_Latn``), the source language, which no
                models.yaml configures: the message says so.
        """
        if short in self.languages:
            return self.languages[short]
        for spec in self.languages.values():
            if spec.code == short:
                return spec
        folded = short.strip().casefold()
        for name, spec in self.languages.items():
            if folded in (name.casefold(), spec.code.casefold()):
                return spec
        where = where or self.where("targets")
        known = ", ".join(self.languages)
        known = f"known: {known}" if where.startswith(f"{self.path}: ") else f"known in {self.path}: {known}"
        if folded in (SOURCE.short, SOURCE.code.casefold()):
            raise ConfigError(where, f"{short} is the source language (English): not translated into itself, the brief "
                                     f"holds it as the source text; leave it out of the targets ({known})")
        raise ConfigError(where, f"unknown target '{short}' ({known})")

    def with_overrides(self, origins: Mapping[str, str] | None = None, **overrides: Any) -> Config:
        """A copy with top-level settings replaced (None values are ignored), validated again.

        ``targets`` may be a comma-separated string or a sequence of short names. ``translator``
        names a configured translator that then serves every language (``--translator``).
        ``origins`` says where each override came from (``{"targets": "--targets"}``), for error
        messages; a setting without one is labelled with its own name (``targets``).

        Raises:
            ConfigError: an override names an unknown summariser, translator, target, device or
                dtype, or a translator that cannot serve one of the configured languages (a
                Marian model serves one pair).
        """
        changes = {k: v for k, v in overrides.items() if v is not None}
        labels = dict(self.origins)
        labels.update({k: (origins or {}).get(k, k) for k in changes})
        if "translator" in changes:
            changes["languages"] = self._languages_served_by(str(changes.pop("translator")), labels["translator"])
        if isinstance(changes.get("targets"), str):
            changes["targets"] = tuple(t.strip() for t in changes["targets"].split(",") if t.strip())
        elif "targets" in changes:  # a list or tuple (load_config(targets=[...])): a tuple, as the str gives
            changes["targets"] = tuple(str(t).strip() for t in changes["targets"] if str(t).strip())
        if "targets" in changes and not changes["targets"]:
            raise ConfigError(labels["targets"], "no target given; name one (ur, ps, prs) or use --no-translate")
        cfg = replace(self, origins=MappingProxyType(labels), **changes)
        cfg._check_settings()
        return cfg._distinct_targets()

    def _distinct_targets(self) -> Config:
        """This config with each target once and by its short name, in order (``ur,ur``,
        ``UR,urd_Arab`` -> ``("ur",)``), so that ``languages[t]`` holds for each ``t`` of
        ``targets`` however the caller spelt it (a list given to ``load_config(targets=...)``
        too). Call after :meth:`_check_settings` (every target known)."""
        kept = tuple(dict.fromkeys(self.target(name).short for name in self.targets))
        return self if kept == self.targets else replace(self, targets=kept)

    def _languages_served_by(self, name: str, where: str) -> Mapping[str, Target]:
        """Every language, served by translator ``name``; ``where`` labels an error."""
        model = self.models.get(name)
        if model is None or model.task != "translate":
            names = [n for n, m in self.models.items() if m.task == "translate"]
            raise ConfigError(where, f"'{name}' is not a configured translator; choose from {', '.join(names) or '(none)'}")
        out = {}
        for short, spec in self.languages.items():
            check_code(spec.code, model, f"{where} (for {short})")
            out[short] = replace(spec, translator=name)
        return MappingProxyType(out)

    def _check_settings(self) -> None:
        if self.device not in DEVICES:
            raise ConfigError(self.where("device"), f"'{self.device}' is not one of {', '.join(DEVICES)}")
        if self.dtype not in DTYPES:
            raise ConfigError(self.where("dtype"), f"'{self.dtype}' is not one of {', '.join(DTYPES)}")
        summ = self.models.get(self.summarizer)
        if summ is None or summ.task != "summarize":
            names = [n for n, m in self.models.items() if m.task == "summarize"]
            raise ConfigError(self.where("summarizer"), f"'{self.summarizer}' is not a summariser; choose from {', '.join(names)}")
        for t in self.targets:
            self.target(t)


def packaged_default_path() -> Path:
    """Where the packaged models.yaml lies: inside the installed package, or at the root of a
    source checkout (an editable install)."""
    packaged = resources.files("summarize") / "models.yaml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "models.yaml"


def config_path(models_file: str | os.PathLike | None = None, env: Mapping[str, str] | None = None) -> Path:
    """Which models.yaml to read: ``models_file``, else ``$SUMMARIZE_MODELS``, else
    ``./models.yaml``, else the packaged default."""
    env = os.environ if env is None else env
    if models_file:
        return Path(models_file)
    if env.get("SUMMARIZE_MODELS"):
        return Path(env["SUMMARIZE_MODELS"])
    local = Path("models.yaml")
    if local.is_file():
        return local
    return packaged_default_path()


def command_line(args: Sequence[str], models_file: str | os.PathLike | None = None,
                 env: Mapping[str, str] | None = None) -> str:
    """The ``summarize`` command a message tells the user to run, e.g. ``summarize models convert
    mybart --quantization int8``: ``args`` each quoted for a shell (``shlex.quote``), then
    `` --models PATH`` when ``models_file`` (the models.yaml the message is about, as
    ``ModelSpec.config_path`` or ``Config.path`` hold it) is not the one the command would read
    without the option (:func:`config_path`: ``$SUMMARIZE_MODELS``, ``./models.yaml``, the packaged
    default), so that the command, run as shown, reads the same file (a fresh user's report: the
    printed ``models convert`` read the default models.yaml and found no such model). None: no
    option. Reads the environment (``env``, default ``os.environ``) and the current folder."""
    words = ["summarize", *(shlex.quote(str(a)) for a in args)]
    if models_file is not None and not _same_file(Path(models_file), config_path(None, env)):
        words += ["--models", shlex.quote(str(models_file))]
    return " ".join(words)


def _same_file(a: Path, b: Path) -> bool:
    """Whether paths ``a`` and ``b`` name the same file (resolved; as text where one cannot be)."""
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return os.path.abspath(a) == os.path.abspath(b)


def load_config(
    models_file: str | os.PathLike | None = None,
    *,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Config:
    """Read and validate models.yaml, then apply environment variables and the keyword overrides
    (``$SUMMARIZE_X`` is not read, nor checked, where the override ``x=`` is given: it wins).

    Args:
        models_file: a models.yaml path; None follows the resolution order in the module doc.
        env: the environment to read ``SUMMARIZE_*`` from (default ``os.environ``).
        **overrides: keyword arguments, not a dict: ``summarizer=``, ``translator=``, ``targets=``
            (``"ur,ps"`` or a sequence), ``device=``, ``dtype=``; one that is None is not applied.
            For example ``load_config("models.yaml", targets="ur", device="cpu")``.

    Raises:
        ConfigError: the file is missing, is not valid YAML (line and column given), has an unknown
            key, lacks a required field, or names a language code, kind or model that is not allowed.
        TypeError: a keyword that is not one of the overrides above (``overrides={...}`` included),
            or an argument of the wrong type (``load_config(5)``, ``targets=5``), naming it.
        ConfigError: a bad override value, named as the keyword (``targets=: unknown target 'xx'``).
    """
    _check_load_config_args(models_file, env, overrides)
    env = os.environ if env is None else env
    path = config_path(models_file, env)
    via = "$SUMMARIZE_MODELS: " if not models_file and env.get("SUMMARIZE_MODELS") else ""  # say where it came from
    try:  # a regular file only, never more than MAX_CONFIG_BYTES: a FIFO or /dev/zero named here hung or ate memory
        text = read_regular(path, limit=MAX_CONFIG_BYTES, follow_links=True).decode("utf-8")  # (a link to one is fine)
    except FileNotFoundError:
        raise ConfigError(f"{via}{path}", "file not found") from None
    except NotRegularFile as exc:
        raise ConfigError(f"{via}{path}", f"cannot read: it {exc.strerror}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{via}{path}", f"cannot read: {exc}") from None
    data = read_yaml(text, str(path), duplicate_keys="error")
    cfg = parse_config(data, str(path))
    for key in ("summarizer", "translator", "targets", "device", "dtype"):
        var = f"SUMMARIZE_{key.upper()}"
        if env.get(var) and overrides.get(key) is None:  # an override given wins: the variable is not read
            cfg = cfg.with_overrides({key: f"${var}"}, **{key: env[var]})
    for key, value in overrides.items():
        if value is not None:
            cfg = cfg.with_overrides({key: f"{key}="}, **{key: value})  # named as the caller named it
    return cfg


#: The most bytes a models.yaml may hold (the packaged one is about 4 KB).
MAX_CONFIG_BYTES = 1024 * 1024

#: The keyword overrides :func:`load_config` takes.
OVERRIDES = ("summarizer", "translator", "targets", "device", "dtype")


def _check_load_config_args(models_file: Any, env: Any, overrides: Mapping[str, Any]) -> None:
    """The arguments of :func:`load_config`, checked for type (their values are checked as models.yaml's are).

    Raises:
        TypeError: naming the parameter and what it takes.
    """
    def got(value: object) -> str:
        return f"{type(value).__name__} {value!r}"[:120]

    if models_file is not None and not isinstance(models_file, (str, os.PathLike)):
        raise TypeError(f"models_file must be a models.yaml path (str or os.PathLike) or None, not {got(models_file)}")
    if env is not None and not isinstance(env, Mapping):
        raise TypeError(f"env must be a mapping of str to str (like os.environ) or None, not {got(env)}")
    unknown = [k for k in overrides if k not in OVERRIDES]
    if unknown:
        raise TypeError(f"load_config() got an unknown keyword {unknown[0]!r}; the overrides are keywords, not a dict: "
                        f"{', '.join(k + '=' for k in OVERRIDES)} (load_config('models.yaml', targets='ur'))")
    for key, value in overrides.items():
        if value is None or isinstance(value, str):
            continue
        if key == "targets" and isinstance(value, (list, tuple)) and all(isinstance(t, str) for t in value):
            continue
        what = "target names as a str ('ur,ps') or a list or tuple of str" if key == "targets" else "a str or None"
        raise TypeError(f"{key} must be {what}, not {got(value)}")


def parse_config(data: Any, path: str) -> Config:
    """Validate already-parsed YAML ``data``; ``path`` is used in messages only.

    Raises:
        ConfigError: as for :func:`load_config`.
    """
    if not isinstance(data, dict):
        raise ConfigError(path, "expected a mapping with keys " + ", ".join(_TOP_KEYS))
    _no_unknown(data, _TOP_KEYS, path)
    for key in ("summarizer", "models", "languages"):
        if key not in data:
            raise ConfigError(path, f"missing required key '{key}'")
    models_raw = data["models"]
    if not isinstance(models_raw, dict) or not models_raw:
        raise ConfigError(f"{path}: models", "expected a mapping of model names to settings")
    models = {name: _parse_model(name, raw, path) for name, raw in models_raw.items()}
    models.setdefault(EXTRACTIVE, ModelSpec(name=EXTRACTIVE, task="summarize", kind="extractive"))

    langs_raw = data["languages"]
    if not isinstance(langs_raw, dict) or not langs_raw:
        raise ConfigError(f"{path}: languages", "expected a mapping of short names to {code, translator}")
    languages = {}
    for short, raw in langs_raw.items():
        where = f"{path}: languages.{short}"
        _check_short_name(short, raw, where)
        if not isinstance(raw, dict):
            raise ConfigError(where, "expected a mapping with keys code, translator")
        _no_unknown(raw, _LANGUAGE_KEYS, where)
        for key in _LANGUAGE_KEYS:
            if key not in raw:
                raise ConfigError(where, f"missing required key '{key}'")
        code, translator = str(raw["code"]), str(raw["translator"])
        if translator not in models or models[translator].task != "translate":
            names = [n for n, m in models.items() if m.task == "translate"]
            raise ConfigError(f"{where}.translator", f"'{translator}' is not a configured translator; choose from {', '.join(names) or '(none)'}")
        check_code(code, models[translator], f"{where}.code")
        try:
            languages[str(short)] = target(str(short), code, translator)
        except KeyError:
            raise ConfigError(f"{where}.code", f"'{code}' is not a language code; use an NLLB-200 code such as urd_Arab") from None
        _check_known_name(languages[str(short)], where)

    targets = data.get("targets", list(languages))
    if isinstance(targets, str):
        targets = [t.strip() for t in targets.split(",") if t.strip()]
    if not isinstance(targets, list):
        raise ConfigError(f"{path}: targets", "expected a list of short names such as [ur, ps, prs]")
    if not targets:
        raise ConfigError(f"{path}: targets", f"is empty; name at least one ({', '.join(languages)}), or leave the key "
                                              "out for every language under languages; --no-translate makes the English brief only")
    cfg = Config(
        path=path,
        device=str(data.get("device", "auto")),
        dtype=str(data.get("dtype", "auto")),
        summarizer=str(data["summarizer"]),
        targets=tuple(str(t) for t in targets),
        languages=MappingProxyType(languages),
        models=MappingProxyType(models),
    )
    cfg._check_settings()
    return cfg._distinct_targets()


#: What a language's short name in models.yaml may be: it names its files (``summary.<short>.txt``,
#: ``brief.<short>.xlf``, ``brief.<short>.tmx``) and its columns in brief.tsv (``<short>``,
#: ``<short>.flags``), so a safe file-name part: a lowercase letter, then up to 19 lowercase
#: letters, digits, ``-`` or ``_`` (``ur``, ``ps``, ``prs``, ``fa-af``, ``zh_hant``).
SHORT_NAME = re.compile(r"[a-z][a-z0-9_-]{0,19}")

#: Short names a target may not take: ``en`` is the English source's (``summary.en.txt``, brief.tsv's
#: ``en`` column), ``id`` brief.tsv's first column.
RESERVED_SHORT_NAMES = {SOURCE.short: "the English source's name (summary.en.txt, brief.tsv's en column)",
                        "id": "brief.tsv's first column"}


def _check_short_name(short: Any, raw: Any, where: str) -> None:
    """Refuse a ``languages`` key that is no safe file-name part, or that names a file or column
    of another language: the source's, a reserved one, or the tool's own name of another
    language (``ar: {code: urd_Arab}`` would write Urdu as summary.ar.txt, where an Arabic
    article's source goes).

    Raises:
        ConfigError: naming ``where`` (the file and the key).
    """
    text = str(short)
    if not isinstance(short, str) or not SHORT_NAME.fullmatch(text):
        raise ConfigError(where, f"{text!r} is not a usable short name: it names the language's files "
                                 "(summary.<name>.txt); use 1-20 lowercase letters, digits, - or _, "
                                 "starting with a letter (ur, ps, prs)")
    if text in RESERVED_SHORT_NAMES:
        raise ConfigError(where, f"'{text}' is reserved: {RESERVED_SHORT_NAMES[text]}; name the language otherwise")


def _check_known_name(spec: Target, where: str) -> None:
    """Refuse the tool's own name of a language (``ar``) for another language's code."""
    from .languages import KNOWN

    known = KNOWN.get(spec.short)
    if known is not None and spec.code != known.code:
        raise ConfigError(where, f"'{spec.short}' is the name of {known.name} ({known.code}), not of {spec.code}; "
                                 "name the language otherwise")


def _parse_model(name: str, raw: Any, path: str) -> ModelSpec:
    where = f"{path}: models.{name}"
    if not isinstance(raw, dict):
        raise ConfigError(where, "expected a mapping of settings")
    _no_unknown(raw, _MODEL_KEYS, where, shown=_KIND_KEYS.get(raw.get("kind")) if isinstance(raw.get("kind"), str) else None)
    task = raw.get("task")
    if task not in ("summarize", "translate"):
        raise ConfigError(f"{where}.task", f"expected summarize or translate, got {task!r}")
    kinds = SUMMARIZER_KINDS if task == "summarize" else TRANSLATOR_KINDS
    kind = raw.get("kind")
    if kind not in kinds:
        other, others = ("translate", TRANSLATOR_KINDS) if task == "summarize" else ("summarize", SUMMARIZER_KINDS)
        if kind in others:  # the kind is right for the other task: the task is what is wrong
            raise ConfigError(f"{where}.task", f"'{task}' does not go with kind {kind!r} (a model for task "
                                               f"{other}); set task: {other}, or a kind of {task}: {', '.join(kinds)}")
        raise ConfigError(f"{where}.kind", f"expected one of {', '.join(kinds)}, got {kind!r}")
    if kind != "extractive" and not raw.get("model"):
        raise ConfigError(where, "missing required key 'model' (a hub id or a local folder)")
    backend = raw.get("backend", "auto")
    if backend not in BACKENDS and backend not in _registered_engines():
        raise ConfigError(f"{where}.backend", f"expected one of {', '.join(BACKENDS)}, got {backend!r}")
    for key, allowed in (("quantization", CT2_QUANTIZATIONS), ("compute_type", CT2_COMPUTE_TYPES)):
        if raw.get(key) is not None and raw[key] not in allowed:
            raise ConfigError(f"{where}.{key}", f"expected one of {', '.join(allowed)}, got {raw[key]!r}")
    generation = raw.get("generation") or {}
    if not isinstance(generation, dict):
        raise ConfigError(f"{where}.generation", "expected a mapping such as {num_beams: 4}")
    _no_unknown(generation, GENERATION_KEYS, f"{where}.generation")
    _check_generation(generation, f"{where}.generation")
    ints = {}
    algorithm = raw.get("algorithm", "pacsum")
    if algorithm not in EXTRACTIVE_ALGORITHMS:
        raise ConfigError(f"{where}.algorithm", f"expected one of {', '.join(EXTRACTIVE_ALGORITHMS)}, got {algorithm!r}")
    for key in ("max_input_tokens", "batch_size", "sentences", "words"):
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{where}.{key}", f"expected a positive whole number, got {value!r}")
            ints[key] = value
    if "min_words" in raw:  # 0 is allowed: no minimum, exactly `sentences`
        value = raw["min_words"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{where}.min_words", f"expected a whole number, 0 or more, got {value!r}")
        ints["min_words"] = value
    spec = ModelSpec(
        name=name,
        task=task,
        kind=kind,
        model=_model_value(raw["model"], f"{where}.model", path) if raw.get("model") else None,
        revision=str(raw["revision"]) if raw.get("revision") else None,
        generation=MappingProxyType(dict(generation)),
        source_lang=str(raw.get("source_lang", SOURCE.code)),
        target_lang=str(raw["target_lang"]) if raw.get("target_lang") else None,
        backend=backend,
        quantization=raw.get("quantization"),
        compute_type=raw.get("compute_type"),
        algorithm=algorithm,
        config_path=path,
        **ints,
    )
    if spec.revision is not None and spec.is_local:
        warnings.warn(SummarizeWarning(f"{where}.revision: ignored: model is a local folder ({spec.model}), "
                                       "used as it is; a revision picks a commit of a hub id"), stacklevel=2)
    if task == "translate":
        check_code(spec.source_lang, spec, f"{where}.source_lang")
        if kind == "marian" and not spec.target_lang:
            raise ConfigError(where, "a marian model serves one pair: set source_lang and target_lang")
    return spec


def _check_generation(generation: Mapping[str, Any], where: str) -> None:
    """Check a model's ``generation`` settings (keys already known to be GENERATION_KEYS): each
    of its type (a boolean is no number, a number no boolean), counts whole and in range, real
    numbers finite, ``max_new_tokens_ratio`` and ``repetition_penalty`` above 0, and neither
    ``max_new_tokens_min`` nor ``min_new_tokens`` above ``max_new_tokens`` where both are set.

    Raises:
        ConfigError: naming ``where`` and the key (``mine.yaml: models.nllb.generation.num_beams``).
    """
    for key, value in generation.items():
        kind = GENERATION_KEYS[key]
        if kind is bool:
            if not isinstance(value, bool):
                raise ConfigError(f"{where}.{key}", f"expected true or false, got {value!r}")
        elif isinstance(value, bool) or not isinstance(value, kind):
            wanted = "a whole number" if kind is int else "a number"
            raise ConfigError(f"{where}.{key}", f"expected {wanted}, got {value!r}")
        elif not math.isfinite(value):
            raise ConfigError(f"{where}.{key}", f"expected a finite number, got {value!r}")
    for key in ("num_beams", "max_new_tokens", "max_new_tokens_min"):  # a count that must be at least 1
        if key in generation and generation[key] < 1:
            raise ConfigError(f"{where}.{key}", f"expected a positive whole number, got {generation[key]!r}")
    for key in ("min_new_tokens", "no_repeat_ngram_size"):  # 0 turns these off
        if key in generation and generation[key] < 0:
            raise ConfigError(f"{where}.{key}", f"expected a whole number >= 0, got {generation[key]!r}")
    for key in ("max_new_tokens_ratio", "repetition_penalty"):  # a factor: 0 or below means nothing
        if key in generation and generation[key] <= 0:
            raise ConfigError(f"{where}.{key}", f"expected a number above 0, got {generation[key]!r}")
    if "max_new_tokens" in generation:
        cap = generation["max_new_tokens"]
        for key in ("max_new_tokens_min", "min_new_tokens"):
            if key in generation and generation[key] > cap:
                raise ConfigError(f"{where}.{key}", f"{generation[key]!r} is more than max_new_tokens ({cap!r}); "
                                                    f"make it at most {cap!r}")


def check_code(code: str, model: ModelSpec, where: str) -> None:
    """Check that ``model`` serves the language ``code``: an NLLB-200 code for an ``nllb`` model, one
    of the pair for a ``marian`` one (``m2m`` models take any).

    Raises:
        ConfigError: naming ``where`` (e.g. ``languages.ur.code``, ``--source-lang``).
    """
    if model.kind == "nllb":
        if code not in nllb_codes():
            raise ConfigError(where, f"'{code}' is not an NLLB-200 language code (e.g. urd_Arab, pbt_Arab, prs_Arab, eng_Latn)")
    elif model.kind == "marian" and code not in (model.source_lang, model.target_lang):
        raise ConfigError(where, f"'{code}' is not served by {model.name}, which translates {model.source_lang} -> {model.target_lang}")


def _no_unknown(mapping: Mapping, allowed, where: str, shown=None) -> None:
    """Refuse a key of ``mapping`` not in ``allowed``, listing ``shown`` (default ``allowed``:
    for a model, the keys of its kind) as what is allowed.

    Raises:
        ConfigError: naming ``where`` and the unknown keys.
    """
    unknown = [str(k) for k in mapping if k not in allowed]
    if unknown:
        listed = ", ".join(sorted(shown if shown is not None else allowed))
        raise ConfigError(where, f"unknown key {', '.join(repr(u) for u in unknown)}; allowed: {listed}")


def _resolve_model_path(model: str, config_file: str) -> str:
    """Where ``model`` of a models.yaml entry points: an absolute folder, or a hub id unchanged.

    The one rule, looked up beside the yaml file and never in the current folder: a name written
    as a path (``./m``, ``../m``, ``/m``, ``~/m``, ``a/b/c``) is a folder relative to the file;
    any other name (``m``, ``org/m``) is a folder when one of that name exists beside the file
    (an existing local folder wins, as in faster-whisper), else a hub id.
    """
    folder = Path(model).expanduser()
    if not folder.is_absolute():
        folder = Path(config_file).resolve().parent / folder
    if _looks_like_path(model) or folder.is_dir():
        return str(folder)
    return model


#: A hub id as the hub takes it: ``name`` or ``org/name``, each part letters, digits, ``-``, ``_``
#: and ``.``, at most 96 characters, starting and ending with a letter or digit (huggingface_hub's
#: ``validate_repo_id``, which also refuses ``--`` and ``..``).
HUB_ID = re.compile(r"(?:[A-Za-z0-9](?:[\w.-]{0,94}[A-Za-z0-9])?/)?[A-Za-z0-9](?:[\w.-]{0,94}[A-Za-z0-9])?")


def _model_value(value: Any, where: str, config_file: str) -> str:
    """A model entry's ``model:`` as :func:`_resolve_model_path` makes it (an absolute folder, or
    a hub id), once it is known to be one: text, not a file, and a hub id the hub could have.
    A folder that does not exist is left for loading to tell (``folder not found``).

    Raises:
        ConfigError: naming ``where`` (``mine.yaml: models.nllb.model``): not text (``model:
            42``), a file rather than a folder (``model: article.txt`` beside the yaml, or
            ``./weights.bin``), or neither a path nor a hub id (``model: my model``).
    """
    if not isinstance(value, str):
        raise ConfigError(where, f"expected a hub id (name or org/name) or a local folder, as text; got {value!r}")
    model = _resolve_model_path(value, config_file)
    folder = Path(value).expanduser()
    if not folder.is_absolute():
        folder = Path(config_file).resolve().parent / folder
    if folder.is_file():
        raise ConfigError(where, f"{value!r} is a file ({folder}), not a model folder; name the folder that holds "
                                 "its config.json, or a hub id (org/name)")
    if not _looks_like_path(model) and (not HUB_ID.fullmatch(model) or "--" in model or ".." in model):
        raise ConfigError(where, f"{value!r} is neither a local folder beside {config_file} nor a hub id (name or "
                                 "org/name: letters, digits, -, _ and .); write a folder as ./name")
    return model


def _looks_like_path(model: str) -> bool:
    """True when ``model`` is written as a path, not a hub id (``name`` or ``org/name``)."""
    return model.startswith((".", "/", "~")) or os.sep in model.replace("/", "", 1)


def _registered_engines() -> set[str]:
    """Backend names a third engine registered (``engines.base.register_engine`` or the
    ``summarize.engines`` entry points), beyond the built-in BACKENDS. Imports no model library."""
    from .engines.base import known_engines

    return known_engines()
