// Backchannel web app: the little behaviour the server-rendered pages need.
// No framework, no network: filters submit themselves, the reader scrolls to the
// highlighted span, tables sort on a click, and the network lights up a node's links.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Filter forms: choosing a value applies it.
  for (const select of document.querySelectorAll("select.autosubmit")) {
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
});
