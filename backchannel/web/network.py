"""The actor network: who is tied to whom, laid out once on the server and drawn as SVG.

Nodes are actors sized by involvement (items they take part in plus documents naming
them) and coloured by side; edges come from shared events, shared deals and stated ties.
Only the most involved actors are kept (100 by default) and only the largest are labelled,
so the picture stays readable; the rest are named on hover.
"""
from __future__ import annotations

import math
from itertools import combinations
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from backchannel.web.queries import WebKB

WIDTH, HEIGHT, MARGIN_X, MARGIN_Y = 1000, 680, 90, 30
LABELLED = 28
SIDES = ("US", "Russia", "Ukraine", "Europe", "other", "unknown")


def side_class(side: str | None) -> str:
    """The CSS class of a side (colours live in the stylesheet)."""
    return "side-" + (side if side in SIDES[:-1] else "unknown").lower()


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


def _layout(nodes: list[str], edges: dict[tuple[str, str], dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1]²: a force layout of the connected actors, the unconnected in a row below."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for (a, b), e in edges.items():
        graph.add_edge(a, b, weight=1 + math.log(e["weight"]))
    linked = [n for n in nodes if graph.degree(n) > 0]
    alone = [n for n in nodes if graph.degree(n) == 0]
    pos: dict[str, tuple[float, float]] = {}
    band = 0.8 if alone else 1.0
    if linked:
        sub = graph.subgraph(linked)
        k = 1.8 / math.sqrt(max(len(linked), 1))
        raw = nx.spring_layout(sub, k=k, iterations=150, seed=7, weight="weight")
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        (x0, x1), (y0, y1) = (min(xs), max(xs)), (min(ys), max(ys))
        for n, (x, y) in raw.items():
            pos[n] = ((x - x0) / (x1 - x0) if x1 > x0 else 0.5, ((y - y0) / (y1 - y0) if y1 > y0 else 0.5) * band)
    if alone:
        per_row = max(1, min(len(alone), 20))
        rows = math.ceil(len(alone) / per_row)
        for i, n in enumerate(alone):
            r, c = divmod(i, per_row)
            x = (c + 0.5) / per_row
            y = (band + 0.12 + (1 - band - 0.12) * (r / max(rows - 1, 1))) if linked else 0.5 + 0.1 * r
            pos[n] = (x, min(y, 1.0))
    return pos


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
    nodes = []
    for rank, a in enumerate(keep_list):
        actor = ix.actors[a]
        involvement = ix.involvement(a)
        r = 5 + 17 * math.sqrt(involvement / top)
        x, y = pos[a]
        nodes.append({"id": a, "name": actor["name"], "side": actor.get("side"), "type": actor.get("type"),
                      "side_class": side_class(actor.get("side")), "involvement": involvement,
                      "flagged": a in ix.sanctions, "r": round(r, 1),
                      "x": round(MARGIN_X + x * (WIDTH - 2 * MARGIN_X), 1),
                      "y": round(MARGIN_Y + y * (HEIGHT - 2 * MARGIN_Y - 14), 1),
                      "labelled": rank < LABELLED, "href": web.item_href(a)})
    at = {n["id"]: n for n in nodes}
    heaviest = max((e["weight"] for e in edges.values()), default=1)
    lines = []
    for e in sorted(edges.values(), key=lambda e: e["weight"]):
        s, t = at[e["source"]], at[e["target"]]
        lines.append({**e, "source_name": s["name"], "target_name": t["name"], "x1": s["x"], "y1": s["y"], "x2": t["x"], "y2": t["y"],
                      "width": round(0.8 + 3.2 * e["weight"] / heaviest, 2),
                      "stated": any(k not in ("event", "deal") for k in e["kinds"])})
    counts: dict[str, int] = {}
    for a in ix.actors.values():
        counts[a.get("side") or "unknown"] = counts.get(a.get("side") or "unknown", 0) + 1
    legend = [{"side": s, "side_class": side_class(None if s == "unknown" else s), "actors": counts[s]}
              for s in sorted(counts, key=lambda s: (SIDES.index(s) if s in SIDES else 5, s))]
    return {"width": WIDTH, "height": HEIGHT, "limit": limit, "side": side, "total_actors": len(ix.actors),
            "nodes": nodes, "edges": lines, "legend": legend}
