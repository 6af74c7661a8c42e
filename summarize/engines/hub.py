"""Where model files come from: a local folder, or the Hugging Face hub cache (huggingface_hub).

``resolve`` turns a ModelSpec into a local folder without downloading when ``offline`` is set
(or ``HF_HUB_OFFLINE=1``); ``pull`` downloads only the files a seq2seq model needs
(``allow_patterns``), safetensors weights when the repository has them; ``status`` says whether a
model is cached and how large it is on disk.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable
from urllib.parse import urlparse

from ..errors import ModelNotAvailableError, first_line, printable
from ..logstream import log_line

if TYPE_CHECKING:
    from ..config import ModelSpec

#: Files every seq2seq model here needs besides its weights: config, generation config,
#: tokenizer (tokenizer.json, sentencepiece ``*.model``/``*.spm``, BPE ``vocab.json``/``merges.txt``).
COMMON_PATTERNS = ["*.json", "*.model", "*.spm", "vocab.*", "merges.txt"]
SAFETENSORS_PATTERNS = ["*.safetensors", "*.safetensors.index.json"]
PYTORCH_PATTERNS = ["pytorch_model*.bin", "pytorch_model.bin.index.json"]

def pull_hint(names: list[str] | tuple[str, ...] = (), models_file: str | None = None) -> str:
    """What fixes hub models missing from the cache: ``summarize models pull`` (naming ``names``,
    when given: the models of one run that are missing; and ``--models models_file`` where the
    command would not read that models.yaml by default: ``config.command_line``) on a connected
    machine."""
    from ..config import command_line

    command = command_line(["models", "pull", *names], models_file)
    folders = "local folders" if len(names) > 1 else "a local folder"
    return f"run `{command}` on a connected machine and copy the hub cache over, or set {folders} in models.yaml"

#: The hint of ``pull`` itself, which the user has just run: not "run pull".
NO_HUB_HINT = ("this machine cannot download it: run the same command on a connected machine and copy the hub cache "
               "over, or set a local folder in models.yaml")


@dataclass(frozen=True)
class ResolvedModel:
    """A model's files on disk: ``path`` (a folder from_pretrained reads), ``revision`` (the
    snapshot's commit hash for a hub model, None for a local folder) and ``origin``
    (``local`` or ``hub-cache``)."""

    path: Path
    revision: str | None
    origin: str


def hub_cache_dir() -> Path:
    """The hub cache folder, read from the environment at call time: ``$HF_HUB_CACHE``, else
    ``$HF_HOME/hub``, else ``~/.cache/huggingface/hub`` (huggingface_hub's own order)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    home = os.environ.get("HF_HOME") or os.path.join(os.environ.get("XDG_CACHE_HOME", "~/.cache"), "huggingface")
    return Path(home).expanduser() / "hub"


def offline_mode(offline: bool = False) -> bool:
    """True when ``offline`` is set or ``HF_HUB_OFFLINE``/``TRANSFORMERS_OFFLINE`` is 1/true/yes."""
    return offline or offline_variable() is not None


def offline_variable() -> str | None:
    """The variable that forbids downloads (``HF_HUB_OFFLINE``, else ``TRANSFORMERS_OFFLINE``),
    when one is set to 1/true/yes/on, as :func:`offline_mode` reads them; else None."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(var):
            return var if os.environ[var].lower() in ("1", "true", "yes", "on") else None
    return None


#: What to do without a model of each task (the end of a missing model's message).
WITHOUT_MODEL = {"summarize": "or summarise with --summarizer extractive (no model needed)",
                 "translate": "or make the English brief only with --no-translate"}
#: ... and without any model at all, when models of both tasks are missing.
WITHOUT_ANY_MODEL = "or make the English brief with no model at all: --summarizer extractive --no-translate"


def not_cached(spec: ModelSpec, looked_in: str) -> ModelNotAvailableError:
    """The error of hub model ``spec`` missing from the hub cache and not to be downloaded
    (``looked_in`` says where it was looked for and why no download): ``summarize models pull
    NAME`` fixes it (``pull=True``; named, for a model such as nllb-200-1.3B that a bare ``pull``
    leaves out)."""
    return ModelNotAvailableError(spec.name, spec.model or "-", looked_in, pull_hint([spec.name], spec.config_path), task=spec.task,
                                  pull=True, also=WITHOUT_MODEL.get(spec.task, ""), models_file=spec.config_path)


def locate(spec: ModelSpec, *, offline: bool = False) -> ResolvedModel | None:
    """``spec``'s files on this machine, without downloading anything: its local folder, or its
    snapshot in the hub cache; None for a hub model that is not cached but may be downloaded
    (not ``offline``). The one test of "is this model here" that loading (:func:`resolve`) and
    the check of a run's models before any work (``engines.registry``) share.

    Raises:
        ModelNotAvailableError: the local folder holds no model, or the hub model is not cached
            and ``offline`` (or ``HF_HUB_OFFLINE``) forbids a download.
    """
    assert spec.model is not None, "extractive models have no files"
    if spec.is_local:
        folder = Path(spec.model).expanduser()
        if not (folder / "config.json").is_file():
            problem = "folder not found" if not folder.exists() else "no config.json in folder"
            raise ModelNotAvailableError(spec.name, spec.model, f"{folder} ({problem})",
                                         f"point models.{spec.name}.model in models.yaml at a folder saved with save_pretrained",
                                         task=spec.task)
        return ResolvedModel(folder, None, "local")
    cached = _cached_snapshot(spec)
    if cached is None and offline_mode(offline):
        raise not_cached(spec, f"the hub cache {hub_cache_dir()} (offline)")
    return cached


def resolve(spec: ModelSpec, *, offline: bool = False, progress: bool = False) -> ResolvedModel:
    """Find ``spec``'s files: its local folder, or its snapshot in the hub cache.

    When not offline and the hub model is not cached, it is downloaded (as ``pull`` does); with
    ``progress`` a line on stderr says so and huggingface_hub's progress bars show the download
    there (a first ``summarize run`` fetches 2.5 GB of NLLB-200: without them it looks hung).

    Raises:
        ModelNotAvailableError: the folder does not exist, or the hub model is not cached and
            cannot be downloaded (offline, or no network). The message names the model, where it
            was looked for, and what to do (see :func:`locate`, :func:`not_cached`).
    """
    found = locate(spec, offline=offline)
    if found is not None:
        return found
    try:
        return ResolvedModel(pull(spec, progress=progress, announce=progress), None, "hub-cache")
    except ModelNotAvailableError as exc:
        raise not_cached(spec, exc.looked_in) from exc


def pull(spec: ModelSpec, *, progress: bool = True, announce: bool = False) -> Path:
    """Download ``spec``'s files into the hub cache and return the snapshot folder. ``progress``
    shows huggingface_hub's progress bars on stderr; ``announce`` first prints a line there saying
    what is being downloaded and why (a download on first use by ``run`` or ``batch``).

    Only the files in COMMON_PATTERNS plus one set of weights are fetched: safetensors when the
    repository has them, else PyTorch ``.bin`` files.

    Raises:
        ModelNotAvailableError: no network, unknown repository or revision, or offline mode.
    """
    from huggingface_hub import HfApi, snapshot_download
    from huggingface_hub.utils import disable_progress_bars, enable_progress_bars

    assert spec.model is not None and not spec.is_local
    if offline_mode():
        raise ModelNotAvailableError(spec.name, spec.model, "the hub (HF_HUB_OFFLINE is set)", "unset HF_HUB_OFFLINE on a connected machine")
    unreachable = hub_unreachable()
    if unreachable:
        raise ModelNotAvailableError(spec.name, spec.model, f"the hub cache {hub_cache_dir()}; the hub is unreachable ({unreachable})", NO_HUB_HINT)
    if announce:
        log_line(printable(f"summarize: {spec.name}: {spec.model} is not in the hub cache {hub_cache_dir()}; downloading it once "
                           "(`summarize models pull` does this ahead of time)"))
    try:
        files = HfApi().list_repo_files(spec.model, revision=spec.revision)
        weights = SAFETENSORS_PATTERNS if any(f.endswith(".safetensors") for f in files) else PYTORCH_PATTERNS
        (enable_progress_bars if progress else disable_progress_bars)()
        path = snapshot_download(
            spec.model,
            revision=spec.revision,
            cache_dir=hub_cache_dir(),
            allow_patterns=COMMON_PATTERNS + weights,
        )
    except Exception as exc:  # network errors come in many classes; all mean the same to the user
        raise ModelNotAvailableError(spec.name, spec.model, f"the hub cache {hub_cache_dir()} and the hub ({first_line(exc, 160)})", NO_HUB_HINT) from exc
    return Path(path)


def pull_models(specs: Iterable[ModelSpec], *, offline: bool = False,
                pulled: Callable[[ModelSpec, Path], None] | None = None) -> list[tuple[ModelSpec, Path]]:
    """``summarize models pull``: download every hub model of ``specs`` into the hub cache (see
    :func:`pull`), calling ``pulled(spec, path)`` after each (the CLI converts it for CTranslate2
    and says where it went); return ``(spec, snapshot folder)`` of each. Local folders and
    built-in models have nothing to pull and are left out.

    Every model that cannot be had is named in one line, as ``run`` names its missing models
    (``registry.all_missing``), never only the first. When no download can be made at all
    (``offline``, ``HF_HUB_OFFLINE``, or the hub does not answer: one quick try), that is known
    before any work: the models already in the hub cache are taken as they are, and those that
    are not are named at once. Otherwise each model is pulled, a failing one does not stop the
    others, and the failures are named at the end.

    Raises:
        ConfigError: ``offline`` (``--offline``: ``models pull`` downloads), or ``HF_HUB_OFFLINE``
            (or ``TRANSFORMERS_OFFLINE``), its counterpart in the environment, and a model is not
            in the hub cache (every such model named, and the option or variable); exit code 2,
            nothing downloaded.
        ModelNotAvailableError (ModelsNotAvailableError for several): the models that cannot be
            downloaded (no network, an unknown repository or revision).
    """
    from ..errors import ConfigError
    from .registry import all_missing

    hub = [s for s in specs if s.model is not None and not s.is_local]
    if not hub:
        return []
    variable = None if offline else offline_variable()
    if offline or variable:
        why: tuple[str, str] | None = ("", "")  # told as a usage error below
    else:
        unreachable = hub_unreachable()
        why = (f"the hub cache {hub_cache_dir()}; the hub is unreachable ({unreachable})", NO_HUB_HINT) if unreachable else None
    done: list[tuple[ModelSpec, Path]] = []
    if why is not None:  # no download can be made: what is in the cache is all there is
        cached = [(s, _cached_snapshot(s)) for s in hub]
        missing = [s for s, found in cached if found is None]
        if missing and (offline or variable):
            named = [f"'{s.name}' ({s.model})" for s in missing]
            listing = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
            where, fix = ("--offline", "without --offline") if offline else (f"${variable}", f"with {variable} unset")
            raise ConfigError(where, f"`models pull` downloads, and {listing} {'is' if len(missing) == 1 else 'are'} "
                                     f"not in the hub cache {hub_cache_dir()}; run it {fix} on a connected machine")
        if missing:
            hint = why[1] if len(missing) == 1 else why[1].replace("download it:", "download them:")
            raise all_missing([ModelNotAvailableError(s.name, s.model or "-", why[0], hint) for s in missing])
        for spec, found in cached:
            assert found is not None
            done.append((spec, found.path))
            if pulled is not None:
                pulled(spec, found.path)
        return done
    failed: list[ModelNotAvailableError] = []
    for spec in hub:
        try:
            path = pull(spec)
        except ModelNotAvailableError as exc:
            failed.append(exc)
            continue
        done.append((spec, path))
        if pulled is not None:
            pulled(spec, path)
    if failed:
        raise all_missing(failed)
    return done


def hub_unreachable(timeout: float = 5.0) -> str | None:
    """None when a TCP connection to the hub endpoint opens within ``timeout`` seconds, else the
    reason. One quick try: huggingface_hub itself retries a dead network for about 25 s."""
    from huggingface_hub import constants

    url = urlparse(constants.ENDPOINT)
    try:
        socket.create_connection((url.hostname, url.port or (443 if url.scheme == "https" else 80)), timeout=timeout).close()
    except Exception as exc:  # OSError for DNS/refused/timeouts; anything else means the same here
        return str(exc) or type(exc).__name__
    return None


@dataclass(frozen=True)
class ModelStatus:
    """What ``models list`` shows: whether the files are present, where, and their size in bytes."""

    available: bool
    path: Path | None
    size_bytes: int | None
    revision: str | None


def status(spec: ModelSpec) -> ModelStatus:
    """Whether ``spec``'s files are on this machine (never touches the network)."""
    if spec.model is None:
        return ModelStatus(True, None, 0, None)
    if spec.is_local:
        folder = Path(spec.model).expanduser()
        if (folder / "config.json").is_file():
            return ModelStatus(True, folder, _folder_size(folder), None)
        return ModelStatus(False, folder, None, None)
    found = _cached_snapshot(spec)
    if found is None:
        return ModelStatus(False, None, None, None)
    return ModelStatus(True, found.path, _folder_size(found.path), found.revision)


def _cached_snapshot(spec: ModelSpec) -> ResolvedModel | None:
    from huggingface_hub import snapshot_download

    try:
        path = Path(
            snapshot_download(spec.model, revision=spec.revision, cache_dir=hub_cache_dir(), local_files_only=True)
        )
    except Exception:  # LocalEntryNotFoundError, a bad repo id, a corrupt cache: all "not cached"
        return None
    if not (path / "config.json").is_file():
        return None
    return ResolvedModel(path, path.name, "hub-cache")


def _folder_size(folder: Path) -> int:
    # Hub snapshots hold symlinks to blobs: count each file once, by what it points to.
    seen: set[Path] = set()
    total = 0
    for p in folder.rglob("*"):
        real = p.resolve()
        if real.is_file() and real not in seen:
            seen.add(real)
            total += real.stat().st_size
    return total
