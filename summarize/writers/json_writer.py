"""``brief.json``: the whole brief (see ``Brief.to_dict``), UTF-8 text, not ``\\u`` escapes."""

from __future__ import annotations

from ..brief import Brief
from . import register
from .base import Writer
from .escape import json_dumps


@register
class JsonWriter(Writer):
    format = "json"

    def render(self, brief: Brief) -> dict[str, bytes]:
        text = json_dumps(brief.to_dict(), indent=2)
        return {"brief.json": (text + "\n").encode("utf-8")}
