"""Translation memory: approved and edited target segments, reused instead of machine translation.

``TranslationMemory`` is the interface the pipeline calls (``lookup``); ``SqliteTM`` is the one
implementation, one SQLite file (see ``store``). ``tm_path`` resolves where that file lives.
"""

from __future__ import annotations

from .store import (
    ENV_VAR, SqliteTM, TMEntry, TranslationMemory, normalize_source, open_tm, tm_path,
)

__all__ = ["ENV_VAR", "SqliteTM", "TMEntry", "TranslationMemory", "normalize_source", "open_tm", "tm_path"]
