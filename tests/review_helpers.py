"""Shared test material for the QA checks and the review writers (html, tsv, xliff, tmx).

* ``GOOD``: English sentences with hand-written Urdu, Pashto and Dari translations that a
  reviewer would accept (numbers kept, one with Eastern Arabic-Indic digits, one keeping Latin
  names). The QA checks must raise no flag on them.
* ``make_review_brief()``: a Brief built by hand from those sentences, with an article whose
  title, text, notes, removed lines and model settings carry HTML/JS injection strings, back-
  translations on some segments and QA flags on others.
* ``Chromium``: a headless Chromium driven over the DevTools protocol on a pipe
  (``--remote-debugging-pipe``: fds 3 and 4, no TCP port, no extra package), to load a page
  from disk and watch its console, network and dialogs.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarize.brief import Article, Brief, Flag, RemovedLine, Segment, TargetSegment
from summarize.languages import target as make_target

CODES = {"ur": "urd_Arab", "ps": "pbt_Arab", "prs": "prs_Arab"}

# (English, Urdu, Pashto, Dari). Written for this test; numbers must survive translation.
GOOD: list[tuple[str, str, str, str]] = [
    (
        "The government announced on Tuesday that schools will reopen next month.",
        "حکومت نے منگل کو اعلان کیا کہ اسکول اگلے مہینے دوبارہ کھلیں گے۔",
        "حکومت د سه شنبې په ورځ اعلان وکړ چې ښوونځي به راتلونکې میاشت بیا پرانیستل شي.",
        "حکومت روز سه‌شنبه اعلام کرد که مکاتب ماه آینده دوباره باز می‌شوند.",
    ),
    (
        "Heavy rain caused flooding in 12 districts, and 3,500 families were forced to leave their homes.",
        "شدید بارش کے باعث 12 اضلاع میں سیلاب آ گیا، اور 3,500 خاندانوں کو اپنے گھر چھوڑنے پر مجبور ہونا پڑا۔",
        # Eastern Arabic-Indic digits and the Arabic thousands separator U+066C.
        "درنو بارانونو په ۱۲ ولسوالیو کې سیلابونه رامنځته کړل، او ۳٬۵۰۰ کورنۍ مجبورې شوې چې خپل کورونه پرېږدي.",
        "باران‌های شدید در ۱۲ ولسوالی سیلاب به بار آورد و ۳٬۵۰۰ خانواده مجبور به ترک خانه‌های خود شدند.",
    ),
    (
        "The minister said the new hospital will serve more than 200,000 people.",
        "وزیر نے کہا کہ نیا ہسپتال 200,000 سے زیادہ لوگوں کو خدمات فراہم کرے گا۔",
        "وزیر وویل چې نوی روغتون به له 200,000 څخه زیاتو خلکو ته خدمات وړاندې کړي.",
        "وزیر گفت که شفاخانهٔ جدید به بیش از ۲۰۰٬۰۰۰ نفر خدمات ارائه خواهد کرد.",
    ),
    (
        "Prices rose by 4.5 percent in March.",
        "مارچ میں قیمتوں میں 4.5 فیصد اضافہ ہوا۔",
        # Arabic decimal separator U+066B.
        "د مارچ په میاشت کې بیې ۴٫۵ سلنه لوړې شوې.",
        "قیمت‌ها در ماه مارچ ۴٫۵ فیصد افزایش یافت.",
    ),
    (
        "UN Secretary-General António Guterres visited Kabul on Monday.",
        # Keeps the name in Latin script: a name, not untranslated English.
        "اقوام متحدہ کے سیکرٹری جنرل António Guterres نے پیر کو کابل کا دورہ کیا۔",
        "د ملګرو ملتونو سرمنشي انتونیو ګوتریش د دوشنبې په ورځ کابل ته سفر وکړ.",
        "آنتونیو گوترش، سرمنشی سازمان ملل متحد، روز دوشنبه از کابل دیدار کرد.",
    ),
]

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS = f"{XSS_SCRIPT} {XSS_IMG} \"double\" 'single' & ampersand"

TARGETS = [
    make_target("ur", "urd_Arab", "nllb-600m"),
    make_target("ps", "pbt_Arab", "nllb-600m"),
    make_target("prs", "prs_Arab", "nllb-600m"),
]


def make_review_brief(*, back: bool = True, checked: bool = True) -> Brief:
    """A Brief of six segments in Urdu, Pashto and Dari plus a title, with injection strings
    everywhere a string reaches a writer.

    Segment 5 is the injection sentence (its translations keep the tags, as a model might);
    segment 2's Pashto is Urdu (a ``language`` flag) and segment 3's Dari drops the number (a
    ``numbers`` flag) once ``checked`` runs :func:`summarize.checks.flags.check_brief`. With ``back``,
    the Urdu targets and the title carry machine back-translations, one with a tab and a newline.
    """
    from summarize.checks.flags import check_brief

    segments = []
    for i, (en, ur, ps, prs) in enumerate(GOOD):
        segments.append(Segment(i, en, {"ur": TargetSegment(ur), "ps": TargetSegment(ps), "prs": TargetSegment(prs)}))
    # Wrong language: Urdu given for Pashto.
    segments[1].targets["ps"] = TargetSegment(GOOD[1][1])
    # Dropped number in Dari.
    segments[2].targets["prs"] = TargetSegment("وزیر گفت که شفاخانهٔ جدید به هزاران نفر خدمات ارائه خواهد کرد.")
    segments.append(
        Segment(
            5,
            f"Officials said {XSS} appeared on the site.",
            {
                "ur": TargetSegment(f"حکام نے کہا کہ ویب سائٹ پر {XSS} نظر آیا۔"),
                "ps": TargetSegment(f"چارواکو وویل چې په وېبپاڼه کې {XSS} ښکاره شو."),
                "prs": TargetSegment(f"مقامات گفتند که {XSS} در وب‌سایت دیده شد."),
            },
        )
    )
    title = Segment(
        0,
        f"Floods close schools {XSS}",
        {
            "ur": TargetSegment(f"سیلاب کی وجہ سے اسکول بند {XSS}"),
            "ps": TargetSegment(f"سیلابونو ښوونځي وتړل {XSS}"),
            "prs": TargetSegment(f"سیلاب مکاتب را بست {XSS}"),
        },
    )
    if back:
        title.targets["ur"].back_translation = f"Schools closed because of floods {XSS}"
        for seg in segments:
            seg.targets["ur"].back_translation = f"(back) {seg.source}"
        segments[0].targets["ur"].back_translation = "The government said\ton Tuesday\nschools will reopen."
    article = Article(
        source=f"samples/xss {XSS_IMG}.txt",
        stem="floods-xss",
        paragraphs=[s[0] for s in GOOD] + [f"Officials said {XSS} appeared on the site."],
        title=f"Floods close schools {XSS}",
        dateline=f"KABUL, 3 June {XSS_SCRIPT}",
        removed=[RemovedLine(f"Subscribe now {XSS_IMG}", "subscribe", 7), RemovedLine("Share on X & Facebook", "share", 9)],
        metadata={"format": "text"},
    )
    brief = Brief(
        article=article,
        segments=segments,
        targets=list(TARGETS),
        title=title,
        models={
            "summarizer": {"name": "bart-cnn", "kind": "seq2seq", "model": "facebook/bart-large-cnn",
                           "revision": "abc123", "generation": {"num_beams": 4, "max_length": 142}},
            "translators": {
                t.short: {"name": "nllb-600m", "kind": "nllb", "model": f"facebook/nllb-200-distilled-600M {XSS_SCRIPT}",
                          "revision": "def456", "generation": {"num_beams": 4, "no_repeat_ngram_size": 4}}
                for t in TARGETS
            },
        },
        chunking={"chunked": False},
        timings={"summarize": 1.25, "translate_ur": 0.5},
        notes=[f"note with {XSS}"],
        tool_version="0.1.0",
    )
    if checked:
        check_brief(brief)
    else:
        segments[1].targets["ps"].flags = [Flag("language", f"Urdu letters in Pashto {XSS_SCRIPT}", {"foreign_letters": 6})]
    return brief


# --- headless Chromium over the DevTools protocol (pipe transport) ---------------------------

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--window-size=1400,1000",
    "--remote-debugging-pipe",
]


def find_chromium() -> str | None:
    """Path of a Chromium binary (Debian's ``/usr/bin/chromium`` or one on PATH), or None."""
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageLog:
    """What a page did while loading: every request URL, console errors and warnings (console
    API, uncaught exceptions, browser log entries), and JavaScript dialogs (``alert``)."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


class Chromium:
    """A headless Chromium process driven over ``--remote-debugging-pipe``.

    Use as a context manager: ``with Chromium(exe, profile_dir) as ch: log = ch.open(url)``;
    then ``ch.evaluate(js)`` and ``ch.screenshot(path)``. Every call has a timeout (seconds).
    """

    def __init__(self, exe: str, profile_dir: Path, timeout: float = 60.0):
        self.exe, self.profile_dir, self.timeout = exe, Path(profile_dir), timeout
        self._id = 0
        self._inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self._events: list[dict[str, Any]] = []
        self.session: str | None = None

    def __enter__(self) -> Chromium:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # Park the child's ends above 9 so that dup2 onto 3 and 4 cannot clobber one another.
        a = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
        b = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
        os.close(to_child_r)
        os.close(from_child_w)

        def wire() -> None:
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.stderr_path = self.profile_dir.parent / "chromium.stderr.txt"
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            [self.exe, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile_dir}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self._stderr, stderr=self._stderr,
            preexec_fn=wire, pass_fds=(3, 4), close_fds=True,
        )
        os.close(a)
        os.close(b)
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.proc.poll() is None:
                self._send("Browser.close", {}, session=None, wait=False)
                self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - tearing down
            pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self._stderr.close()

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                self._inbox.put(json.loads(msg))

    def _send(self, method: str, params: dict[str, Any], *, session: str | None, wait: bool = True) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        if not wait:
            return {}
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._next(deadline, f"{method} (id {self._id})")
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    def _next(self, deadline: float, what: str) -> dict[str, Any]:
        left = deadline - time.monotonic()
        if left <= 0 or self.proc.poll() is not None:
            raise TimeoutError(f"Chromium gave no answer to {what}; stderr in {self.stderr_path}")
        try:
            return self._inbox.get(timeout=min(left, 1.0))
        except queue.Empty:
            return self._next(deadline, what)

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A DevTools command on the page's session; returns its result."""
        return self._send(method, params or {}, session=self.session)

    def open(self, url: str, settle: float = 1.0) -> PageLog:
        """Open ``url`` in a fresh tab, wait for its load event plus ``settle`` seconds, and
        return what it requested and logged."""
        target = self._send("Target.createTarget", {"url": "about:blank"}, session=None)["targetId"]
        self.session = self._send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=None)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self._events.clear()
        self.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + self.timeout
        while not any(e.get("method") == "Page.loadEventFired" for e in self._events):
            self._events.append(self._next(deadline, "Page.loadEventFired"))
        end = time.monotonic() + settle
        while time.monotonic() < end:
            try:
                self._events.append(self._inbox.get(timeout=max(0.01, end - time.monotonic())))
            except queue.Empty:
                pass
        return self.log()

    def log(self) -> PageLog:
        """Requests, errors and dialogs seen on the page's session so far."""
        out = PageLog()
        for e in self._events:
            if e.get("sessionId") != self.session:
                continue
            m, p = e.get("method"), e.get("params", {})
            if m == "Network.requestWillBeSent":
                out.requests.append(p["request"]["url"])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
                out.errors.append(f"console.{p['type']}: {p.get('args')}")
            elif m == "Runtime.exceptionThrown":
                out.errors.append(f"exception: {p.get('exceptionDetails')}")
            elif m == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
                out.errors.append(f"log {p['entry'].get('level')}: {p['entry'].get('text')} {p['entry'].get('url', '')}")
            elif m == "Page.javascriptDialogOpening":
                out.dialogs.append(p.get("message", ""))
        return out

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression evaluated in the page (DevTools evaluation
        is not subject to the page's Content-Security-Policy)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluate failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the whole page (not only the window) to ``path``."""
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)
