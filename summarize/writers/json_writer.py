"""``brief.json``: the whole brief (see ``Brief.to_dict``), UTF-8 text, not ``\\u`` escapes."""

from __future__ import annotations

import json

from ..brief import Brief
from . import register
from .base import Writer


@register
class JsonWriter(Writer):
    format = "json"

    def render(self, brief: Brief) -> dict[str, bytes]:
        text = json.dumps(brief.to_dict(), ensure_ascii=False, indent=2)
        return {"brief.json": (text + "\n").encode("utf-8")}
