"""The briefing's two pictures: a timeline of events and the network of actors.

Drawn with matplotlib (Agg, no display needed) and networkx, written as SVG with the text
turned into outlines: matplotlib shapes Arabic right-to-left itself, and outlines look the
same in every browser, PDF engine and Markdown viewer (SVG text would be re-laid out, and
some renderers get Arabic order wrong).
"""
from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

from backchannel.kb.model import Actor, Event, Tie  # noqa: E402

FONTS = ["Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans"]
SIDE_COLOURS = {"US": "#2f5d8c", "Russia": "#a8322d", "Ukraine": "#d4a21c", "Europe": "#4f8a5b"}
OTHER_COLOUR = "#8c8c8c"
INK = "#222222"
MAX_NETWORK_ACTORS = 30
MAX_TIE_LABELS = 8


def _style() -> Any:
    return {"font.family": FONTS, "svg.fonttype": "path", "font.size": 8, "axes.edgecolor": "#999999",
            "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK, "svg.hashsalt": "backchannel"}


def _svg(fig: plt.Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _date(iso: str) -> dt.date | None:
    """The middle of what an ISO date of day, month or year precision covers."""
    parts = iso.split("-")
    try:
        if len(parts) >= 3:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 15)
        return dt.date(int(parts[0]), 7, 1)
    except ValueError:
        return None


def focus(dates: list[dt.date]) -> dt.date | None:
    """The first date worth drawing: a few far older events would squeeze the rest into a corner.

    When the oldest tenth of the events lies before a gap longer than twice the span of all
    the others, the chart starts after that gap (the older events stay in the list below it).
    """
    if len(dates) < 5:
        return None
    ordered = sorted(dates)
    cut = ordered[len(ordered) // 10]
    rest = (ordered[-1] - cut).days
    if (cut - ordered[0]).days > 2 * max(rest, 30):
        return cut
    return None


def _label_offsets(points: list[tuple[dt.date, Event]], span_days: float) -> dict[int, float | None]:
    """Above, below or no label for each point, so that place names on one row never overlap.

    A label's width in days is estimated from its length (about 3.4 pt per character at the
    label size, on an axis about 470 pt wide).
    """
    per_char = max(span_days, 1.0) * 3.4 / 470
    offsets: dict[int, float | None] = {}
    last_end: dict[tuple[str, float], float] = {}
    for i, (d, e) in sorted(enumerate(points), key=lambda ip: (ip[1][1].type, ip[1][0])):
        offsets[i] = None
        if not e.place:
            continue
        half = len(e.place) * per_char / 2
        x = d.toordinal()
        for off in (7.0, -12.0):
            if x - half > last_end.get((e.type, off), float("-inf")) + per_char:
                offsets[i] = off
                last_end[(e.type, off)] = x + half
                break
    return offsets


def timeline_svg(events: list[Event]) -> tuple[str, int] | None:
    """Events on a date axis, one row per event type, marker size by how many articles report it.

    Returns the SVG and how many older events were left off the chart (see :func:`focus`).
    """
    points = [(d, e) for e in events if e.date and (d := _date(e.date))]
    start = focus([d for d, _ in points])
    left_off = sum(d < start for d, _ in points) if start else 0
    points = [(d, e) for d, e in points if not start or d >= start]
    if not points:
        return None
    with plt.rc_context(_style()):
        types = sorted({e.type for _, e in points}, key=lambda t: (-sum(e.type == t for _, e in points), t))
        row = {t: i for i, t in enumerate(types)}
        fig, ax = plt.subplots(figsize=(7.2, 0.9 + 0.42 * len(types)))
        dates = [d for d, _ in points]
        offsets = _label_offsets(points, (max(dates) - min(dates)).days)
        for i, (d, e) in enumerate(points):
            size = 30 + 25 * max(1, e.corroboration)
            ax.scatter([mdates.date2num(d)], [row[e.type]], s=size, color=SIDE_COLOURS["US"] if e.corroboration > 1 else "#6f8fb0",
                       edgecolor="white", linewidth=0.8, zorder=3)
            if e.place and offsets[i] is not None:
                ax.annotate(e.place, (mdates.date2num(d), row[e.type]), xytext=(0, offsets[i]),
                            textcoords="offset points", ha="center", fontsize=6.5, color="#444444")
        ax.set_yticks(range(len(types)), [t.replace("_", " ") for t in types])
        ax.set_ylim(-0.7, len(types) - 0.3)
        ax.invert_yaxis()
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        pad = max(dt.timedelta(days=5), (max(dates) - min(dates)) / 15)
        ax.set_xlim(mdates.date2num(min(dates) - pad), mdates.date2num(max(dates) + pad))
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.tick_params(axis="y", length=0)
        return _svg(fig), left_off


def _network_graph(actors: list[Actor], ties: list[Tie], events: list[Event]) -> nx.Graph:
    """The most-mentioned linked actors, their ties and shared events; the main connected cluster only."""
    together: Counter[tuple[str, str]] = Counter()
    for e in events:
        people = sorted(set(e.participants))
        together.update((a, b) for i, a in enumerate(people) for b in people[i + 1:])
    linked = {a for t in ties for a in (t.source, t.target)} | {a for pair in together for a in pair}
    shown = sorted((a for a in actors if a.id in linked), key=lambda a: (-len(a.mentions), a.id))[:MAX_NETWORK_ACTORS]
    g = nx.Graph()
    for actor in shown:
        g.add_node(actor.id, label=actor.name, side=actor.side, weight=len(actor.mentions))
    for (a, b), n in together.items():
        if a in g and b in g:
            g.add_edge(a, b, kind="event", weight=n)
    for t in ties:
        if t.source in g and t.target in g and t.source != t.target:
            g.add_edge(t.source, t.target, kind="tie", label=t.kind.replace("_", " "), weight=2)
    if g.number_of_edges() == 0:
        return nx.Graph()
    main = max(nx.connected_components(g), key=lambda c: (len(c), sorted(c)))
    return g.subgraph(main).copy()


def network_svg(actors: list[Actor], ties: list[Tie], events: list[Event], sanctioned: set[str]) -> str | None:
    """Actors coloured by side and sized by mentions; ties drawn dark, shared events light.

    Only the main connected cluster of the most-mentioned actors is drawn, laid out by
    Kamada-Kawai (stable, evenly spread); tie labels are written when there are few enough
    to read.
    """
    g = _network_graph(actors, ties, events)
    if g.number_of_nodes() < 2:
        return None
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(7.2, 6.0))
        pos = nx.kamada_kawai_layout(g, weight=None)
        event_edges = [(u, v) for u, v, d in g.edges(data=True) if d["kind"] == "event"]
        tie_edges = [(u, v) for u, v, d in g.edges(data=True) if d["kind"] == "tie"]
        nx.draw_networkx_edges(g, pos, edgelist=event_edges, ax=ax, edge_color="#cfd4da", alpha=0.8,
                               width=[0.5 + 0.45 * min(g.edges[e]["weight"], 6) for e in event_edges])
        nx.draw_networkx_edges(g, pos, edgelist=tie_edges, ax=ax, edge_color="#4a4f55", width=1.3)
        if len(tie_edges) <= MAX_TIE_LABELS:
            nx.draw_networkx_edge_labels(g, pos, edge_labels={e: g.edges[e]["label"] for e in tie_edges}, ax=ax,
                                         font_size=6, font_color="#4a4f55", font_family=FONTS, rotate=False,
                                         bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
        nodes = sorted(g)
        nx.draw_networkx_nodes(g, pos, nodelist=nodes, ax=ax,
                               node_color=[SIDE_COLOURS.get(g.nodes[n]["side"] or "", OTHER_COLOUR) for n in nodes],
                               node_size=[90 + 28 * min(g.nodes[n]["weight"], 25) for n in nodes],
                               edgecolors=["black" if n in sanctioned else "white" for n in nodes],
                               linewidths=[2.4 if n in sanctioned else 1.0 for n in nodes])
        for n in nodes:
            x, y = pos[n]
            ax.annotate(g.nodes[n]["label"], (x, y), xytext=(0, 8), textcoords="offset points", ha="center",
                        fontsize=6.8, color=INK, fontweight="bold" if n in sanctioned else "normal",
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
        sides = sorted({g.nodes[n]["side"] or "other" for n in nodes}, key=lambda s: (s not in SIDE_COLOURS, s))
        handles = [plt.Line2D([], [], marker="o", linestyle="", markersize=7,
                              color=SIDE_COLOURS.get(s, OTHER_COLOUR), label=s) for s in sides]
        if sanctioned & set(nodes):
            handles.append(plt.Line2D([], [], marker="o", linestyle="", markersize=7, color="white",
                                      markeredgecolor="black", markeredgewidth=2, label="sanctions match"))
        handles += [plt.Line2D([], [], color="#4a4f55", label="stated tie"),
                    plt.Line2D([], [], color="#cfd4da", linewidth=2, label="in the same event")]
        ax.legend(handles=handles, loc="upper center", fontsize=6.5, frameon=False, ncol=min(8, len(handles)),
                  bbox_to_anchor=(0.5, 0.0))
        ax.margins(0.08)
        ax.axis("off")
        return _svg(fig)
