"""What the libraries underneath (transformers, huggingface_hub, CTranslate2) may print on stderr.

The CLI's own lines say what a user needs: what was written, what failed and why. The libraries'
log lines are for whoever debugs them, and several are false for this tool (transformers'
"Token indices sequence length is longer than the specified maximum" on a text the tool counts
in order to chunk it). So, unless ``--debug``:

- transformers and huggingface_hub log errors only (``TRANSFORMERS_VERBOSITY`` /
  ``HF_HUB_VERBOSITY`` = ``error``), CTranslate2 too (``CT2_VERBOSE=-1``);
- Python warnings raised inside those libraries, torch and tokenizers are not shown;
- under ``-q`` no Python warning is shown at all, so that a successful ``run -q`` prints nothing.

``--debug`` leaves the libraries at their own defaults (transformers and huggingface_hub:
warnings; CTranslate2: warnings) and shows every Python warning. A verbosity variable the user
set explicitly always wins (``TRANSFORMERS_VERBOSITY=info summarize run ...``).
"""

from __future__ import annotations

import os
import sys
import warnings

#: The user's own settings, read once before this module changes any of them.
_USER = {var: os.environ.get(var) for var in ("TRANSFORMERS_VERBOSITY", "HF_HUB_VERBOSITY", "CT2_VERBOSE")}

#: Modules whose Python warnings are hidden unless --debug (a regex on the warning's module).
QUIET_MODULES = r"(transformers|huggingface_hub|torch|tokenizers|ctranslate2|sentencepiece)(\.|$)"


def configure(*, debug: bool = False, quiet: bool = False) -> None:
    """Set what the libraries may print for this process (see the module doc). Call it before
    the first model loads; it also applies to a library already imported."""
    levels = {
        "TRANSFORMERS_VERBOSITY": "warning" if debug else "error",
        "HF_HUB_VERBOSITY": "warning" if debug else "error",
        "CT2_VERBOSE": "0" if debug else "-1",
    }
    for var, level in levels.items():
        os.environ[var] = _USER[var] or level
    # A library imported already has read its variable: set it directly (never import one here).
    if "transformers.utils.logging" in sys.modules:
        sys.modules["transformers.utils.logging"].set_verbosity(_level(os.environ["TRANSFORMERS_VERBOSITY"]))
    if "huggingface_hub.utils.logging" in sys.modules:
        sys.modules["huggingface_hub.utils.logging"].set_verbosity(_level(os.environ["HF_HUB_VERBOSITY"]))
    if "ctranslate2" in sys.modules and hasattr(sys.modules["ctranslate2"], "set_log_level"):
        import logging

        ct2_levels = {-3: logging.CRITICAL + 10, -2: logging.CRITICAL, -1: logging.ERROR, 0: logging.WARNING,
                      1: logging.INFO, 2: logging.DEBUG, 3: logging.DEBUG}
        try:
            sys.modules["ctranslate2"].set_log_level(ct2_levels.get(int(os.environ["CT2_VERBOSE"]), logging.WARNING))
        except (ValueError, TypeError):
            pass
    if quiet and not debug:
        warnings.simplefilter("ignore")
    elif not debug:
        warnings.filterwarnings("ignore", module=QUIET_MODULES)


def _level(name: str) -> int:
    import logging

    return {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR,
            "critical": logging.CRITICAL}.get(name.strip().lower(), logging.WARNING)
