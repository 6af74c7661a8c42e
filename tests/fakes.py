"""Test doubles behind the summariser and translator interfaces."""

from __future__ import annotations

from summarize.engines.summarizers.base import Summary


class TaggingTranslator:
    """Returns ``"<target>:<source>"`` for each segment (an empty or blank segment stays ``""``)
    and records every call as ``(segments, source, target)``.

    It shuffles nothing, so any misalignment in the output comes from the pipeline."""

    name = "tagging"

    def __init__(self):
        self.calls: list[tuple[list[str], str, str]] = []

    def translate(self, segments, source, target):
        self.calls.append((list(segments), source, target))
        return [f"{target}:{s}" if s.strip() else "" for s in segments]

    def describe(self):
        return {"name": self.name, "kind": "fake"}


class ReversingTranslator(TaggingTranslator):
    """Translates by sorting internally by length and returning in input order (as a real
    batched translator must), each output the reversed input."""

    def translate(self, segments, source, target):
        self.calls.append((list(segments), source, target))
        order = sorted(range(len(segments)), key=lambda i: len(segments[i]))
        out = [""] * len(segments)
        for i in order:
            out[i] = segments[i][::-1]
        return out


class FirstSentencesSummarizer:
    """Keeps the first ``n`` sentences."""

    name = "first-n"

    def __init__(self, n: int = 3):
        self.n = n

    def summarize(self, sentences):
        return Summary(" ".join(sentences[: self.n]), {"chunked": False}, sentences[: self.n])

    def describe(self):
        return {"name": self.name, "kind": "fake"}


class KillingSummarizer(FirstSentencesSummarizer):
    """Keeps the first ``n`` sentences, but kills its own process with SIGKILL (as the OOM killer
    would) on an article that holds ``marker``: for the Ray engine's dead-worker test. It refuses
    to do so in the process that made it (the test's own), raising instead."""

    name = "killing"

    def __init__(self, marker: str, n: int = 3):
        import os

        super().__init__(n)
        self.marker = marker
        self.owner = os.getpid()

    def summarize(self, sentences):
        import os
        import signal

        if any(self.marker in s for s in sentences):
            if os.getpid() == self.owner:
                raise AssertionError("KillingSummarizer would kill the test's own process")
            os.kill(os.getpid(), signal.SIGKILL)
        return super().summarize(sentences)
