"""The actor network: who is tied to whom, laid out once on the server and drawn as SVG.

Nodes are actors sized by involvement (items they take part in plus documents naming
them) and coloured by side; edges come from shared events, shared deals and stated ties.
Only the most involved actors are kept (100 by default) and only the largest are labelled,
so the picture stays readable; the rest are named on hover.
"""
from __future__ import annotations

import math
import zlib
from itertools import combinations
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

if TYPE_CHECKING:
    from backchannel.web.queries import WebKB

WIDTH, HEIGHT, MARGIN_X, MARGIN_Y = 1000, 680, 40, 24
LABELLED = 28
ALWAYS_LABELLED = 8
EDGES_PER_NODE = 4  # only the strongest links are drawn, so a crowded picture stays legible
SINGLES_PER_ROW = 18
SIDES = ("US", "Russia", "Ukraine", "Europe", "other", "unknown")


PALETTE = 6  # colours (side-c0 ... side-c5 in app.css) for the sides of other stories


def side_class(side: str | None) -> str:
    """The CSS class of a side (colours live in the stylesheet): the shipped story's sides have
    their own colours; any other story's side (India, Pakistan, Qatar, ...) takes one of the
    palette's by a stable hash of its name, so it is coloured alike on every page."""
    if not side:
        return "side-unknown"
    if side in SIDES[:-1]:
        return "side-" + side.lower()
    return f"side-c{zlib.crc32(side.encode('utf-8')) % PALETTE}"


def _edges(web: "WebKB", keep: set[str]) -> dict[tuple[str, str], dict[str, Any]]:
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def add(a: str, b: str, kind: str) -> None:
        if a == b or a not in keep or b not in keep:
            return
        key = (a, b) if a < b else (b, a)
        e = edges.setdefault(key, {"source": key[0], "target": key[1], "weight": 0, "kinds": {}})
        e["weight"] += 1
        e["kinds"][kind] = e["kinds"].get(kind, 0) + 1

    ix = web.ix
    for ev in ix.events:
        for a, b in combinations(sorted(set(ev["participants"])), 2):
            add(a, b, "event")
    for d in ix.deals:
        for a, b in combinations(sorted(set(d["parties"])), 2):
            add(a, b, "deal")
    for t in ix.ties:
        add(t["source"], t["target"], t.get("kind") or "tie")
    return edges


def _unit_layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """One connected group in [0, 1]²: Kamada-Kawai (even spacing) for small groups, spring for large."""
    nodes = list(graph)
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    if len(nodes) == 2:
        return {nodes[0]: (0.2, 0.5), nodes[1]: (0.8, 0.5)}
    if len(nodes) <= 150:
        raw = nx.kamada_kawai_layout(graph, weight=None)
    else:
        raw = nx.spring_layout(graph, k=2 / math.sqrt(len(nodes)), iterations=100, seed=7)
    xy = np.array([raw[n] for n in nodes], dtype=float)
    xy -= xy.min(axis=0)
    span = xy.max(axis=0)
    xy /= np.where(span > 0, span, 1)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy)}


def _boxes(groups: list[list[str]], singles: list[str]) -> tuple[list[tuple[float, float, float, float]], float]:
    """Where each group goes: the largest in the main area, the others in a column beside it,
    actors tied to no one in rows along the bottom. Returns boxes (x, y, w, h) and the bottom band's top."""
    inner_w, inner_h = WIDTH - 2 * MARGIN_X, HEIGHT - 2 * MARGIN_Y
    rows = math.ceil(len(singles) / SINGLES_PER_ROW)
    band_top = inner_h - rows * 46 if groups else 0.0
    main_w = inner_w * (0.72 if len(groups) > 1 else 1.0)
    boxes = [(0.0, 0.0, main_w, band_top)] if groups else []
    rest = groups[1:]
    if rest:
        cols = 1 if len(rest) <= 6 else 2 if len(rest) <= 16 else 3
        per_col = math.ceil(len(rest) / cols)
        col_w = (inner_w - main_w - 20) / cols
        cell_h = band_top / per_col
        for i in range(len(rest)):
            c, r = divmod(i, per_col)
            boxes.append((main_w + 20 + c * col_w, r * cell_h, col_w, cell_h))
    return boxes, band_top


def _layout(nodes: list[str], edges: dict[tuple[str, str], dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """Pixel positions: each connected group laid out in its own box (see :func:`_boxes`)."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    order = {n: i for i, n in enumerate(nodes)}
    comps = sorted((sorted(c, key=lambda n: order[n]) for c in nx.connected_components(graph)),
                   key=lambda c: (-len(c), order[c[0]]))
    groups = [c for c in comps if len(c) > 1]
    singles = [c[0] for c in comps if len(c) == 1]
    boxes, band_top = _boxes(groups, singles)
    pos: dict[str, tuple[float, float]] = {}
    for group, (bx, by, bw, bh) in zip(groups, boxes):
        pad = min(30.0, bw / 6, bh / 6)
        for n, (x, y) in _unit_layout(graph.subgraph(group)).items():
            pos[n] = (MARGIN_X + bx + pad + x * (bw - 2 * pad), MARGIN_Y + by + pad + y * (bh - 2 * pad))
    inner_w = WIDTH - 2 * MARGIN_X
    for i, n in enumerate(singles):
        r, c = divmod(i, SINGLES_PER_ROW)
        pos[n] = (MARGIN_X + (c + 0.5) * inner_w / SINGLES_PER_ROW, MARGIN_Y + band_top + 23 + r * 46)
    return pos


def _separate(xy: np.ndarray, radii: np.ndarray, rounds: int = 80) -> np.ndarray:
    """Push apart circles that overlap, so every actor can be seen and clicked."""
    xy = xy.copy()
    need = radii[:, None] + radii[None, :] + 5
    np.fill_diagonal(need, 0)
    for _ in range(rounds):
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((diff ** 2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(need - dist, 0, None)
        if not overlap.any():
            break
        dist = np.where(np.isfinite(dist) & (dist > 1e-6), dist, 1e-6)
        jitter = np.where((dist <= 1e-6)[..., None], np.array([0.7, 0.3]), diff / dist[..., None])
        xy += (jitter * (overlap / 2)[..., None]).sum(axis=1)
        xy[:, 0] = np.clip(xy[:, 0], radii + 2, WIDTH - radii - 2)
        xy[:, 1] = np.clip(xy[:, 1], radii + 2, HEIGHT - radii - 2)
    return xy


def _place_labels(nodes: list[dict[str, Any]]) -> None:
    """Label the largest actors where a label fits without covering another; the rest show on hover."""
    circles = [(n["x"] - n["r"], n["y"] - n["r"], n["x"] + n["r"], n["y"] + n["r"]) for n in nodes]
    labels: list[tuple[float, float, float, float]] = []

    def clear(box: tuple[float, float, float, float], others: list[tuple[float, float, float, float]]) -> bool:
        x0, y0, x1, y1 = box
        return not any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in others)

    def free(box: tuple[float, float, float, float], own: int, over_nodes: bool) -> bool:
        if box[0] < 2 or box[2] > WIDTH - 2 or box[1] < 2 or box[3] > HEIGHT - 2 or not clear(box, labels):
            return False
        return over_nodes or clear(box, circles[:own] + circles[own + 1:])

    ranked = sorted(range(len(nodes)), key=lambda i: -nodes[i]["involvement"])
    placed = 0
    for rank, i in enumerate(ranked):
        n = nodes[i]
        w, h = 6.3 * len(n["name"]) + 4, 13.0
        x, y, r = n["x"], n["y"], n["r"]
        n.update(lx=x, ly=y + r + 11, anchor="middle", labelled=False)
        if placed >= LABELLED:
            continue
        options = [(x, y + r + 11, "middle", (x - w / 2, y + r + 1, x + w / 2, y + r + 1 + h)),
                   (x, y - r - 4, "middle", (x - w / 2, y - r - 4 - h + 2, x + w / 2, y - r - 2)),
                   (x + r + 4, y + 4, "start", (x + r + 3, y - h / 2, x + r + 3 + w, y + h / 2)),
                   (x - r - 4, y + 4, "end", (x - r - 3 - w, y - h / 2, x - r - 3, y + h / 2))]
        for lx, ly, anchor, box in options:
            # the few largest are always named: their labels may cross smaller nodes (a halo keeps them legible)
            if free(box, i, over_nodes=rank < ALWAYS_LABELLED):
                n.update(lx=round(lx, 1), ly=round(ly, 1), anchor=anchor, labelled=True)
                labels.append(box)
                placed += 1
                break


def build_network(web: "WebKB", limit: int = 100, side: str | None = None) -> dict[str, Any]:
    """Nodes with positions and radii, and weighted edges, ready for the SVG template and the JSON API."""
    ix = web.ix
    ranked = sorted(ix.actors, key=lambda a: (-ix.involvement(a), ix.actors[a]["name"].lower()))
    if side:
        ranked = [a for a in ranked if (ix.actors[a].get("side") or "unknown") == side]
    keep_list = ranked[:max(1, limit)]
    keep = set(keep_list)
    edges = _edges(web, keep)
    pos = _layout(keep_list, edges)
    top = max((ix.involvement(a) for a in keep_list), default=1) or 1
    radii = np.array([5 + 15 * math.sqrt(ix.involvement(a) / top) for a in keep_list])
    xy = _separate(np.array([pos[a] for a in keep_list], dtype=float).reshape(-1, 2), radii)
    nodes = []
    for a, (x, y), r in zip(keep_list, xy, radii):
        actor = ix.actors[a]
        nodes.append({"id": a, "name": actor["name"], "side": actor.get("side"), "type": actor.get("type"),
                      "side_class": side_class(actor.get("side")), "involvement": ix.involvement(a),
                      "flagged": a in ix.sanctions, "r": round(float(r), 1), "x": round(float(x), 1),
                      "y": round(float(y), 1), "href": web.item_href(a)})
    _place_labels(nodes)
    at = {n["id"]: n for n in nodes}
    heaviest = max((e["weight"] for e in edges.values()), default=1)
    drawn = sorted(edges.values(), key=lambda e: (-e["weight"], e["source"], e["target"]))[:EDGES_PER_NODE * len(nodes)]
    lines = []
    for e in sorted(drawn, key=lambda e: e["weight"]):
        src, dst = at[e["source"]], at[e["target"]]
        lines.append({**e, "source_name": src["name"], "target_name": dst["name"], "x1": src["x"], "y1": src["y"],
                      "x2": dst["x"], "y2": dst["y"],
                      "width": round(0.8 + 3.2 * e["weight"] / heaviest, 2),
                      "stated": any(k not in ("event", "deal") for k in e["kinds"])})
    counts: dict[str, int] = {}
    for actor in ix.actors.values():
        counts[actor.get("side") or "unknown"] = counts.get(actor.get("side") or "unknown", 0) + 1
    legend = [{"side": s, "side_class": side_class(None if s == "unknown" else s), "actors": counts[s]}
              for s in sorted(counts, key=lambda s: (SIDES.index(s) if s in SIDES else 5, s))]
    return {"width": WIDTH, "height": HEIGHT, "limit": limit, "side": side, "total_actors": len(ix.actors),
            "nodes": nodes, "edges": lines, "edges_total": len(edges), "legend": legend}
