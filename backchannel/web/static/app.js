// Backchannel web app: the little behaviour the server-rendered pages need.
// No framework, no network: filters submit themselves, the reader scrolls to the
// highlighted span, tables sort on a click, and the network lights up a node's links.
// In a reviewing app (serve --review) judgement forms post in the background and the
// review queue answers to keys.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Filter forms: choosing a value (or ticking a box) applies it.
  for (const select of document.querySelectorAll("select.autosubmit, input.autosubmit")) {
    select.addEventListener("change", () => select.form.submit());
  }

  // Reader: bring the highlighted span into the middle of the screen.
  const target = document.getElementById("hl");
  if (target) {
    target.scrollIntoView({ block: "center" });
    for (const piece of document.querySelectorAll(".target")) piece.classList.add("flash");
  }

  // Sortable tables: click a heading to sort by that column, again to reverse.
  for (const table of document.querySelectorAll("table.sortable")) {
    const heads = table.tHead ? Array.from(table.tHead.rows[0].cells) : [];
    heads.forEach((th, col) => {
      th.classList.add("sort");
      th.addEventListener("click", () => {
        const body = table.tBodies[0];
        const rows = Array.from(body.rows).filter((r) => r.cells.length > col);
        const down = th.dataset.dir !== "asc";
        heads.forEach((h) => delete h.dataset.dir);
        th.dataset.dir = down ? "asc" : "desc";
        const key = (row) => {
          const cell = row.cells[col];
          const raw = (cell.dataset.sort ?? cell.textContent).trim();
          return /^[-+]?[\d.,]+\s*%?$/.test(raw) ? parseFloat(raw.replace(/,/g, "")) : raw.toLowerCase();
        };
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          const cmp = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return down ? cmp : -cmp;
        });
        for (const r of rows) body.appendChild(r);
      });
    });
  }

  // Network: hovering an actor shows its name and its links, and dims the rest.
  const svg = document.getElementById("network");
  if (svg) {
    const edges = Array.from(svg.querySelectorAll(".edge"));
    for (const node of svg.querySelectorAll(".node")) {
      node.addEventListener("mouseenter", () => {
        const id = node.dataset.id;
        const near = new Set([id]);
        for (const e of edges) {
          const hot = e.dataset.a === id || e.dataset.b === id;
          e.classList.toggle("hot", hot);
          if (hot) { near.add(e.dataset.a); near.add(e.dataset.b); }
        }
        for (const n of svg.querySelectorAll(".node")) n.classList.toggle("near", near.has(n.dataset.id));
        svg.classList.add("focus");
      });
      node.addEventListener("mouseleave", () => {
        svg.classList.remove("focus");
        for (const e of edges) e.classList.remove("hot");
      });
    }
  }

  review();
});

// Review: every form.judge posts with fetch, the page's token in a header, and the answer
// (JSON) says what became of the judgement. In the queue the judged row leaves the list;
// elsewhere the page reloads (or goes to the list when its item is gone). Without script
// the same forms post normally and the server redirects back.
function review() {
  const meta = document.querySelector('meta[name="bc-token"]');
  if (!meta) return;
  const token = meta.content;
  const status = document.getElementById("review-status");
  let hide = null;
  const say = (text, bad = false) => {
    status.textContent = text;
    status.classList.toggle("bad", bad);
    status.hidden = false;
    clearTimeout(hide);
    if (!bad) hide = setTimeout(() => { status.hidden = true; }, 6000);
  };
  const queue = document.querySelector("ol.queue");
  const rows = () => Array.from(document.querySelectorAll("ol.queue .queue-item:not(.busy)"));
  let current = null;
  const select = (row) => {
    if (current) current.classList.remove("current");
    current = row || null;
    if (current) {
      current.classList.add("current");
      current.focus({ preventScroll: true });
      current.scrollIntoView({ block: "nearest" });
    }
  };
  const move = (step) => {
    const all = rows();
    if (!all.length) return select(null);
    const at = all.indexOf(current);
    select(all[at < 0 ? 0 : Math.max(0, Math.min(all.length - 1, at + step))]);
  };

  async function send(form, submitter) {
    const body = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) body.set(submitter.name, submitter.value);
    const row = form.closest(".queue-item");
    const busy = row || form;
    if (row && row === current) {  // go on to the next row at once: the rebuild takes a few seconds
      const all = rows(), at = all.indexOf(row);
      select(all[at + 1] || all[at - 1]);
    }
    busy.classList.add("busy");
    say(`${body.get("verdict")}: saving and rebuilding…`);
    try {
      const response = await fetch(form.action, {
        method: "POST", body, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-Backchannel-Token": token },
      });
      const data = await response.json().catch(() => ({ detail: response.statusText }));
      if (!response.ok) throw new Error(data.detail || `error ${response.status}`);
      const outcome = data.judgements.map((j) => `${j.verdict}${j.field ? " " + j.field : ""}: ${j.detail || j.status}`);
      say(outcome.join("; "), data.judgements.some((j) => j.status !== "applied"));
      if (row) {
        row.remove();
        const count = document.getElementById("queue-count");
        if (count) count.textContent = String(Math.max(0, Number(count.textContent) - 1));
        if (!current || !current.isConnected) move(0);
      } else {
        const next = new URL(data.next, location.href);
        if (next.pathname + next.search === location.pathname + location.search) location.reload();
        else location.assign(next.href);
      }
    } catch (error) {
      busy.classList.remove("busy");
      say(String(error.message || error), true);
    }
  }
  for (const form of document.querySelectorAll("form.judge")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(form, event.submitter);
    });
  }
  if (!queue) return;

  // The queue by keyboard: j/k move, c confirm, r reject, e edit, o open, Esc leaves a field.
  select(rows()[0]);
  for (const row of queue.querySelectorAll(".queue-item")) {
    row.addEventListener("click", (event) => { if (!event.target.closest("a, button, input, textarea, summary")) select(row); });
  }
  const press = (row, verdict) => {
    const button = row.querySelector(`form.judge-buttons button[value="${verdict}"]`);
    if (button) button.form.requestSubmit(button);
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const inField = event.target.closest && event.target.closest("input, textarea, select");
    if (event.key === "Escape") {
      if (inField) event.target.blur();
      if (current) { current.querySelector("details[open]")?.removeAttribute("open"); current.focus({ preventScroll: true }); }
      return;
    }
    if (inField || !current) return;
    const act = {
      j: () => move(1), k: () => move(-1),
      c: () => press(current, "confirm"), r: () => press(current, "reject"),
      e: () => {
        const details = current.querySelector("details.review-edit");
        if (!details) return;
        details.open = true;
        details.querySelector("input[type=text], textarea")?.focus();
      },
      o: () => { const link = current.querySelector("a.q-open"); if (link) location.assign(link.href); },
    }[event.key];
    if (act) { event.preventDefault(); act(); }
  });
}
