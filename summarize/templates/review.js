/* brief.html's own script: review decisions (approve, edit, reject, comment), keyboard moves,
   progress per target, autosave in localStorage, export of brief.review.json (docs/review.md).
   Static text, the same on every page: it reads the brief from the page's DOM (data-* attributes
   and text nodes) and writes text only through textContent and form values, never as markup.
   The page's CSP pins this exact text by its SHA-256 and requires Trusted Types for script sinks. */
(function () {
  "use strict";
  var root = document.getElementById("review");
  if (!root) { return; }
  document.documentElement.classList.add("js");
  var briefId = root.getAttribute("data-brief-id");
  var contentHash = root.getAttribute("data-content-hash");
  var article = root.getAttribute("data-article") || "";
  // two briefs of one article (a batch with world/a.txt and sport/a.txt) share id and hash: the
  // article's path tells their pages apart; a page saved under the key without it (an older
  // version of this page) is read from there until this one saves
  var oldStoreKey = "summarize-review:" + briefId + ":" + contentHash;
  var storeKey = oldStoreKey + ":" + article;
  var STATUSES = ["approved", "edited", "rejected", "pending"];
  var LABELS = { approved: "approved", edited: "edited", rejected: "rejected", pending: "pending", stale: "stale: MT changed" };

  var cells = Array.prototype.slice.call(root.querySelectorAll("td.tgt[data-target]"));
  var targets = [];
  cells.forEach(function (c) {
    var t = c.getAttribute("data-target");
    if (targets.indexOf(t) < 0) { targets.push(t); }
  });
  var columns = targets.map(function (t) {
    return cells.filter(function (c) { return c.getAttribute("data-target") === t; });
  });

  function keyOf(cell) { return cell.getAttribute("data-seg") + "|" + cell.getAttribute("data-target"); }
  function nowIso() { return new Date().toISOString(); }

  // --- state: from brief.json's review fields (data-*), then whatever this browser saved -----
  // Each cell's state keeps `known`: the `at` of every review of the cell that brief.json may
  // hold and this page has seen before the cell's current decision (brief.json's, as the page
  // was opened, and the page's own earlier decisions that went out in an export; `shared` says
  // whether the current one did). The export carries it, so that `summarize review import` can
  // tell a decision made over the review brief.json holds now from one made before a newer
  // review came in (docs/review.md).
  var state = {};
  var fromBrief = {};
  cells.forEach(function (c) {
    var status = c.getAttribute("data-status") || "pending";
    if (STATUSES.indexOf(status) < 0) { status = "pending"; } // "stale": pending, marked as such
    var at = c.getAttribute("data-at") || null;
    state[keyOf(c)] = {
      status: status,
      text: c.querySelector(".text").textContent,
      comment: c.getAttribute("data-comment") || "",
      at: at,
      known: at ? [at] : [],
      shared: !!at,
      // saved with the decision, so that the page of a later version of the brief can export it
      source: c.getAttribute("data-source"),
      mt: c.getAttribute("data-mt")
    };
    fromBrief[keyOf(c)] = state[keyOf(c)];
  });
  function strings(list) {
    return Array.isArray(list) ? list.filter(function (x) { return typeof x === "string"; }) : null;
  }
  function later(a, b) { // whether ISO time a is after b (false when either is not a time)
    var ta = Date.parse(a), tb = Date.parse(b);
    return !isNaN(ta) && !isNaN(tb) && ta > tb;
  }
  var reviewer = "";
  var saved = null;
  var replaced = {}; // cell key -> the decision this browser had saved, which a newer brief.json review replaced
  try {
    saved = JSON.parse(window.localStorage.getItem(storeKey) || window.localStorage.getItem(oldStoreKey) || "null");
  } catch (e) { saved = null; }
  if (saved && saved.decisions) {
    Object.keys(saved.decisions).forEach(function (k) {
      var d = saved.decisions[k];
      var cur = fromBrief[k];
      if (!cur || !d || STATUSES.indexOf(d.status) < 0 || typeof d.text !== "string") { return; }
      var at = typeof d.at === "string" ? d.at : null;
      if (!at) { return; } // never touched in this browser: brief.json's review stands
      var known = strings(d.known);
      // brief.json holds a review this browser has not seen (imported since: a colleague's XLIFF,
      // another browser's export): it is newer than the saved state, and wins
      var newer = cur.at !== null && cur.at !== at &&
        (known !== null ? known.indexOf(cur.at) < 0 : !later(at, cur.at));
      if (newer) {
        var mine = known !== null ? known.indexOf(at) < 0 : true; // a decision made here, not one brief.json gave
        if (mine && (d.status !== cur.status || d.text !== cur.text || String(d.comment || "") !== cur.comment)) {
          replaced[k] = d;
        }
        return;
      }
      var merged = (known || []).slice();
      if (cur.at && merged.indexOf(cur.at) < 0) { merged.push(cur.at); }
      state[k] = { status: d.status, text: d.text, comment: String(d.comment || ""), at: at, known: merged,
                   shared: d.shared === true || at === cur.at || merged.indexOf(at) >= 0, source: cur.source, mt: cur.mt };
    });
  }
  try { reviewer = (saved && saved.reviewer) || window.localStorage.getItem("summarize-review:reviewer") || ""; } catch (e) { reviewer = ""; }

  var saveNote = document.getElementById("save-state");
  function persist() {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify({
        version: 1, reviewer: reviewer, brief: { id: briefId, content_hash: contentHash, source: article }, decisions: state
      }));
      window.localStorage.setItem("summarize-review:reviewer", reviewer);
      if (saveNote) { saveNote.textContent = "saved in this browser " + new Date().toLocaleTimeString(); }
    } catch (e) {
      if (saveNote) { saveNote.textContent = "not saved (this browser refuses localStorage): export to keep your work"; }
    }
  }

  // --- drawing one cell and the progress -----------------------------------------------------
  // A text shows in its cell's direction unless it holds no letter written that way but letters
  // written the other (English left in an Urdu cell): the writer's text_dir, the same rule.
  var RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
  var LETTER = /\p{L}/u;
  function textDir(text, rtl) {
    var hasRtl = RTL_LETTER.test(text), hasLtr = false;
    for (var i = 0; i < text.length && !hasLtr; i++) {
      var ch = text.charAt(i);
      if (LETTER.test(ch) && !RTL_LETTER.test(ch)) { hasLtr = true; }
    }
    if (rtl) { return hasLtr && !hasRtl ? "ltr" : "rtl"; }
    return hasRtl && !hasLtr ? "rtl" : "ltr";
  }
  function draw(cell) {
    var s = state[keyOf(cell)];
    var shown = s.status === "pending" && cell.getAttribute("data-status") === "stale" ? "stale" : s.status;
    STATUSES.concat(["stale"]).forEach(function (x) { cell.classList.remove("st-" + x); });
    cell.classList.add("st-" + shown);
    cell.querySelector(".text").textContent = s.text;
    cell.querySelector(".text").dir = textDir(s.text, cell.dir === "rtl");
    cell.querySelector(".status").textContent = LABELS[shown];
    var box = cell.querySelector("textarea.comment");
    if (document.activeElement !== box) { box.value = s.comment; }
    if (s.comment) { box.hidden = false; }
    cell.querySelector(".edited-note").hidden = !(s.status === "edited");
    cell.querySelector(".mt-orig").hidden = s.text === cell.getAttribute("data-mt");
  }
  function progress() {
    targets.forEach(function (t, i) {
      var n = { approved: 0, edited: 0, rejected: 0, pending: 0 };
      columns[i].forEach(function (c) { n[state[keyOf(c)].status] += 1; });
      var el = document.querySelector('.progress [data-target="' + t + '"] .counts');
      if (el) {
        el.textContent = n.approved + " of " + columns[i].length + " approved · " + n.edited + " edited · " +
          n.rejected + " rejected · " + n.pending + " pending";
      }
    });
  }
  function touch(s) { // a new decision or comment; the one it replaces is known if brief.json may hold it
    if (s.at && s.shared && s.known.indexOf(s.at) < 0) { s.known.push(s.at); }
    if (s.known.length > 50) { s.known = s.known.slice(-50); }
    s.at = nowIso();
    s.shared = false;
  }
  function setDecision(cell, status, text) {
    var s = state[keyOf(cell)];
    s.status = status;
    s.text = text;
    touch(s);
    say(cell, "");
    draw(cell);
    progress();
    persist();
  }
  function say(cell, words) { // a line in the cell for the reviewer (why an action did nothing)
    var note = cell.querySelector(".cell-note");
    if (!note) {
      note = document.createElement("div");
      note.className = "cell-note";
      note.setAttribute("role", "status");
      cell.querySelector(".review-ui").appendChild(note);
    }
    note.textContent = words;
    note.hidden = !words;
  }

  // --- the four actions ----------------------------------------------------------------------
  function approve(cell) {
    var s = state[keyOf(cell)];
    if (s.status === "edited") {
      // the edited text is the reviewer's, not the one offered: it stands as edited (what an
      // approval of it would record); to approve the offered text, Undo first
      say(cell, "Already edited: the edited text stands as the translation (edited counts as approved). " +
        "To approve the offered text instead, press Undo (u), then Approve (a).");
      return;
    }
    setDecision(cell, "approved", s.text);
  }
  function reject(cell) { setDecision(cell, "rejected", state[keyOf(cell)].text); }
  function undo(cell) { setDecision(cell, "pending", cell.getAttribute("data-mt")); }
  function comment(cell) {
    var box = cell.querySelector("textarea.comment");
    box.hidden = false;
    box.focus();
  }
  var editors = {}; // cell key -> the open editor of that cell (settle: save what was typed)
  function settleEdits() { // save every open edit's changed text; false when one is empty
    var ok = true;
    Object.keys(editors).forEach(function (k) { if (!editors[k].settle(true)) { ok = false; } });
    return ok;
  }
  function edit(cell) {
    if (cell.querySelector("textarea.edit")) { cell.querySelector("textarea.edit").focus(); return; }
    var text = cell.querySelector(".text");
    var area = document.createElement("textarea");
    area.className = "edit";
    area.lang = cell.lang;
    area.dir = cell.dir;
    area.value = state[keyOf(cell)].text;
    area.rows = Math.max(2, Math.ceil(area.value.length / 40));
    area.setAttribute("aria-label", "edit the translation; Ctrl+Enter or leaving the field saves, Esc cancels");
    var bar = document.createElement("div");
    bar.className = "edit-bar";
    bar.lang = "en";
    bar.dir = "ltr";
    var save = document.createElement("button");
    save.type = "button";
    save.textContent = "Save (Ctrl+Enter)";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel (Esc)";
    bar.appendChild(save);
    bar.appendChild(cancel);
    var empty = document.createElement("span");
    empty.className = "edit-empty";
    empty.setAttribute("role", "alert");
    empty.textContent = "An empty text is no translation: type one, or press Esc and Reject (r).";
    empty.hidden = true;
    bar.appendChild(empty);
    text.hidden = true;
    text.parentNode.insertBefore(area, text.nextSibling);
    area.parentNode.insertBefore(bar, area.nextSibling);
    var open = true;
    function close(stay) { // stay: focus stays where the reviewer moved it
      if (!open) { return; }
      open = false;
      delete editors[keyOf(cell)];
      area.remove();
      bar.remove();
      text.hidden = false;
      if (!stay) { focusCell(cell); }
    }
    function commit(stay) {
      var value = area.value.replace(/\r\n?/g, "\n");
      var mt = cell.getAttribute("data-mt");
      if (!value.trim()) { // not saved: `summarize review import` refuses an empty edit
        empty.hidden = false;
        area.setAttribute("aria-invalid", "true");
        if (!stay) { area.focus(); }
        return false;
      }
      close(stay);
      if (value === mt) { setDecision(cell, "approved", mt); } else { setDecision(cell, "edited", value); }
      return true;
    }
    // Moving on commits the segment (as a CAT tool does): leaving the editor (Tab, a click
    // elsewhere, another cell's button), exporting, or leaving the page saves a changed text as
    // the edit; an unchanged one just closes. Only Cancel (Esc) drops what was typed.
    function changed() { return area.value.replace(/\r\n?/g, "\n") !== state[keyOf(cell)].text; }
    function settle(stay) { // true: nothing typed is left unsaved
      if (!open) { return true; }
      if (changed()) { return commit(stay); }
      close(stay);
      return true;
    }
    editors[keyOf(cell)] = { settle: settle, changed: changed, area: area };
    // the editor's own buttons keep the focus in the text, so that a click on Cancel cancels
    [save, cancel].forEach(function (b) {
      b.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
    });
    area.addEventListener("blur", function () {
      setTimeout(function () { // after the focus has landed, wherever it went
        if (open && document.activeElement !== area) { settle(true); }
      }, 0);
    });
    save.addEventListener("click", function () { commit(); });
    cancel.addEventListener("click", function () { close(); });
    area.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); commit(); }
      else if (ev.key === "Escape") { ev.preventDefault(); close(); }
    });
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }

  cells.forEach(function (cell) {
    cell.querySelector(".review-ui").hidden = false;
    cell.querySelectorAll("button[data-act]").forEach(function (b) {
      b.addEventListener("click", function (ev) {
        ev.stopPropagation();
        var act = b.getAttribute("data-act");
        // an open edit counts before the action (this cell's too, unless the action is Edit)
        Object.keys(editors).forEach(function (k) {
          if (act !== "edit" || k !== keyOf(cell)) { editors[k].settle(true); }
        });
        focusCell(cell, true);
        if (act === "approve") { approve(cell); }
        else if (act === "edit") { edit(cell); }
        else if (act === "reject") { reject(cell); }
        else if (act === "comment") { comment(cell); }
        else if (act === "undo") { undo(cell); }
      });
    });
    var box = cell.querySelector("textarea.comment");
    function keepComment() {
      var s = state[keyOf(cell)];
      if (box.value !== s.comment) { s.comment = box.value; touch(s); persist(); }
    }
    box.addEventListener("input", keepComment);
    box.addEventListener("change", keepComment);
    box.addEventListener("keydown", function (ev) {
      if ((ev.key === "Enter" && !ev.shiftKey) || ev.key === "Escape") {
        ev.preventDefault();
        keepComment();
        if (!box.value) { box.hidden = true; }
        focusCell(cell);
      }
    });
    cell.addEventListener("click", function (ev) {
      if (ev.target.closest("textarea, button, a")) { return; }
      focusCell(cell, true);
    });
    draw(cell);
    if (replaced[keyOf(cell)]) {
      var d = replaced[keyOf(cell)];
      cell.classList.add("replaced");
      say(cell, "A newer review came into brief.json since this browser saved your decision here (" + d.status +
        (d.status === "edited" ? ": \u201c" + d.text + "\u201d" : "") + "); the cell shows that newer review. " +
        "Decide again if yours should stand.");
    }
  });
  progress();
  var nReplaced = Object.keys(replaced).length;
  if (nReplaced) {
    persist(); // the saved state now agrees with brief.json
    if (saveNote) {
      saveNote.textContent = nReplaced + (nReplaced === 1 ? " cell was" : " cells were") + " reviewed again in brief.json " +
        "since this browser saved its decisions: " + (nReplaced === 1 ? "it shows" : "they show") + " the newer review (marked in the cell)";
    }
  }

  // --- the current cell and the keyboard -----------------------------------------------------
  var current = null;
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[data-seg]"));
  function focusCell(cell, noScroll) {
    if (current) { current.classList.remove("current"); current.tabIndex = -1; }
    current = cell;
    cell.classList.add("current");
    cell.tabIndex = 0;
    cell.focus({ preventScroll: true });
    if (!noScroll) { cell.scrollIntoView({ block: "center", inline: "nearest" }); }
    var seg = cell.getAttribute("data-seg");
    marks.forEach(function (m) { m.classList.toggle("hit", m.getAttribute("data-seg") === seg); });
    var hit = marks.filter(function (m) { return m.getAttribute("data-seg") === seg; })[0];
    var panel = document.getElementById("source-panel");
    if (hit && panel.classList.contains("open")) { hit.scrollIntoView({ block: "nearest" }); }
  }
  function move(dRow, dCol) {
    if (!cells.length) { return; }
    if (!current) { focusCell(cells[0]); return; }
    var col = targets.indexOf(current.getAttribute("data-target"));
    var row = columns[col].indexOf(current);
    var nc = Math.min(Math.max(col + dCol, 0), columns.length - 1);
    var nr = Math.min(Math.max(row + dRow, 0), columns[nc].length - 1);
    focusCell(columns[nc][nr]);
  }
  function togglePanel() {
    var panel = document.getElementById("source-panel");
    var open = !panel.classList.contains("open");
    panel.classList.toggle("open", open);
    document.documentElement.classList.toggle("panel-open", open);
    document.getElementById("toggle-source").setAttribute("aria-expanded", String(open));
    if (open && current) { focusCell(current, true); }
  }
  function toggleKeys() {
    var keys = document.getElementById("keys");
    keys.open = !keys.open;
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target;
    // Typing in a field, or Enter/Space on a button or link, keeps its usual meaning.
    if (t && t.closest && t.closest("textarea, input, select, button, a, summary, [contenteditable]")) { return; }
    var k = ev.key;
    var handled = true;
    if (k === "j" || k === "ArrowDown") { move(1, 0); }
    else if (k === "k" || k === "ArrowUp") { move(-1, 0); }
    else if (k === "l" || k === "ArrowRight") { move(0, 1); }
    else if (k === "h" || k === "ArrowLeft") { move(0, -1); }
    else if (k === "s") { togglePanel(); }
    else if (k === "?") { toggleKeys(); }
    else if (!current) { handled = false; }
    else if (k === "a") { approve(current); }
    else if (k === "e" || k === "Enter") { edit(current); }
    else if (k === "r") { reject(current); }
    else if (k === "c") { comment(current); }
    else if (k === "u") { undo(current); }
    else { handled = false; }
    if (handled) { ev.preventDefault(); }
  });

  // --- toolbar: reviewer, side panel, export -------------------------------------------------
  var who = document.getElementById("reviewer");
  who.value = reviewer;
  who.addEventListener("input", function () { reviewer = who.value.trim(); persist(); });
  document.getElementById("toggle-source").addEventListener("click", togglePanel);
  document.getElementById("close-source").addEventListener("click", togglePanel);

  function exportReview() {
    if (!settleEdits()) { // an emptied editor is open: no decision for it yet, and none lost
      var k = Object.keys(editors)[0];
      if (saveNote) {
        saveNote.textContent = "not exported: an edit is open with an empty text; type a translation, " +
          "or press Esc to cancel it (Reject with r), then export again";
      }
      if (k && editors[k]) { editors[k].area.focus(); }
      return;
    }
    var exportedAt = nowIso();
    var out = {
      format: "summarize-review",
      version: 1,
      brief: { id: briefId, content_hash: contentHash, source: article },
      exported_at: exportedAt,
      decisions: []
    };
    if (reviewer) { out.reviewer = reviewer; }
    cells.forEach(function (c) {
      var s = state[keyOf(c)];
      var seg = c.getAttribute("data-seg");
      out.decisions.push({
        segment: seg === "title" ? "title" : parseInt(seg, 10),
        target: c.getAttribute("data-target"),
        source: c.getAttribute("data-source"),
        status: s.status,
        text: s.text,
        mt: c.getAttribute("data-mt"),
        comment: s.comment,
        at: s.at || null, // null: never touched here, nor reviewed in brief.json
        known: s.known.slice()
      });
      if (s.at) { s.shared = true; } // once exported, brief.json may hold it
    });
    persist();
    download(out, "brief.review.json");
  }
  function download(out, name) {
    var blob = new Blob([JSON.stringify(out, null, 2) + "\n"], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
  }
  document.getElementById("export-review").addEventListener("click", exportReview);

  // --- decisions saved for an earlier version of this brief ----------------------------------
  // A rerun with other machine text gives the brief another content hash, so this page saves
  // under another key and starts from brief.json: decisions made on the page of the earlier
  // version and never exported would stay unseen in this browser. The page looks for them (a
  // saved state of the same article path under another hash; a state saved without the path,
  // by an older page: of the same id) and offers to export them; `summarize review import`
  // records a decision on a text the brief no longer offers as stale (docs/review.md).
  var KEY_RE = /^summarize-review:([0-9a-f]+):([0-9a-f]+)(?::([\s\S]*))?$/;
  function earlierStates() {
    var found = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        var m = KEY_RE.exec(key || "");
        if (!m || m[2] === contentHash || (m[3] === undefined ? m[1] !== briefId : m[3] !== article)) { continue; }
        var data = JSON.parse(window.localStorage.getItem(key) || "null");
        if (!data || typeof data.decisions !== "object" || data.decisions === null) { continue; }
        var open = Object.keys(data.decisions).filter(function (k) {
          var d = data.decisions[k];
          return d && typeof d.at === "string" && d.shared !== true && STATUSES.indexOf(d.status) >= 0 &&
            typeof d.text === "string" && /^(title|\d+)\|[^|]+$/.test(k);
        });
        if (!open.length) { continue; }
        var last = open.map(function (k) { return data.decisions[k].at; }).sort().pop();
        found.push({ key: key, id: m[1], hash: m[2], data: data, open: open, last: last });
      }
    } catch (e) { return []; }
    return found.sort(function (a, b) { return a.last < b.last ? 1 : a.last > b.last ? -1 : 0; });
  }
  var banner = document.getElementById("earlier-review");
  var earlier = earlierStates();
  function showEarlier() {
    if (!banner) { return; }
    var e = earlier[0];
    banner.hidden = !e;
    if (!e) { return; }
    var n = e.open.length;
    banner.querySelector(".earlier-text").textContent = "This browser holds " + n + (n === 1 ? " decision" : " decisions") +
      " made on an earlier version of this brief (before a rerun changed its text; the last at " + e.last + "), not " +
      "exported: this page does not show " + (n === 1 ? "it" : "them") + ". Export " + (n === 1 ? "it" : "them") +
      " and import the file with summarize review import (a decision on a translation the brief no longer offers is " +
      "recorded as stale).";
  }
  function exportEarlier() {
    var e = earlier[0];
    if (!e) { return; }
    var brief = e.data.brief && typeof e.data.brief === "object" ? e.data.brief : {};
    var out = {
      format: "summarize-review",
      version: 1,
      brief: { id: e.id, content_hash: e.hash, source: typeof brief.source === "string" ? brief.source : article },
      exported_at: nowIso(),
      decisions: []
    };
    var name = typeof e.data.reviewer === "string" && e.data.reviewer ? e.data.reviewer : reviewer;
    if (name) { out.reviewer = name; }
    e.open.forEach(function (k) {
      var d = e.data.decisions[k];
      var parts = k.split("|");
      out.decisions.push({
        segment: parts[0] === "title" ? "title" : parseInt(parts[0], 10),
        target: parts[1],
        source: typeof d.source === "string" ? d.source : null, // (a state saved by an older page has none)
        status: d.status,
        text: d.text,
        mt: typeof d.mt === "string" ? d.mt : null,
        comment: String(d.comment || ""),
        at: d.at,
        known: strings(d.known) || []
      });
      d.shared = true; // exported: not offered again
    });
    download(out, "brief.review.earlier-" + e.hash.slice(0, 12) + ".json");
    try { window.localStorage.setItem(e.key, JSON.stringify(e.data)); } catch (err) { /* offered again next time */ }
    earlier.shift();
    showEarlier();
    if (saveNote) {
      saveNote.textContent = "exported " + out.decisions.length + " decision" + (out.decisions.length === 1 ? "" : "s") +
        " of the earlier version as " + "brief.review.earlier-" + e.hash.slice(0, 12) + ".json: import it with summarize review import";
    }
  }
  if (banner) {
    document.getElementById("export-earlier").addEventListener("click", exportEarlier);
    document.getElementById("dismiss-earlier").addEventListener("click", function () { banner.hidden = true; });
    showEarlier();
  }
  // Leaving the page (closing, reloading, following a link) saves an open edit's changed text in
  // this browser first; one left empty cannot be saved, so the browser asks before leaving.
  window.addEventListener("beforeunload", function (ev) {
    if (!settleEdits()) {
      ev.preventDefault();
      ev.returnValue = "";
      return "";
    }
  });
  document.querySelector(".toolbar").hidden = false;
}());
