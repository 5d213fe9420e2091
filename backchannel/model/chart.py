"""The scenario as an issue x actor chart (SVG), for the web app and reports.

One row per issue on the 0-100 scale with its two ends labelled: each actor's
position (marker size grows with salience), the status quo, each model's
forecast, and the proposals as labelled ticks. Drawn with matplotlib's Agg
backend so it works on a server without a display.
"""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import numpy as np  # noqa: E402

from backchannel.model.results import MODEL_LABELS, MODELS, ScenarioResult  # noqa: E402

_MODEL_MARKERS = {"compromise": "D", "weighted_median": "s", "nash": "*", "expected_utility": "^"}
_SIDE_COLOURS = {"US": "#1f5fa8", "Russia": "#b2182b", "Ukraine": "#e0a100", "Europe": "#2e8b57"}
_OTHER_COLOURS = ["#6a3d9a", "#8c564b", "#17becf", "#7f7f7f"]


def _label_levels(xs: list[float], gap: float = 12.0) -> list[int]:
    """Stack labels of nearby proposals on separate lines so they stay readable."""
    last: list[float] = []
    levels = []
    for x in xs:  # xs sorted ascending
        level = next((n for n, seen in enumerate(last) if x - seen >= gap), len(last))
        last[level:level + 1] = [x]
        levels.append(level)
    return levels


def scenario_chart(result: ScenarioResult) -> str:
    """The chart as an SVG document (a string)."""
    scenario = result.scenario
    arr = scenario.arrays()
    issues = scenario.issues
    n_k = len(issues)
    fig, ax = plt.subplots(figsize=(11, 1.1 * n_k + 1.8))
    rows = np.arange(n_k)[::-1]  # first issue on top
    spare = iter(_OTHER_COLOURS * 4)
    for a, actor in enumerate(scenario.actors):
        colour = _SIDE_COLOURS.get(actor.side) or next(spare)
        present = ~np.isnan(arr.position[a])
        ax.scatter(arr.position[a, present], rows[present] + 0.18, s=20 + 2.2 * arr.salience[a, present],
                   color=colour, alpha=0.8, edgecolor="white", label=actor.name, zorder=3)
    ax.scatter(arr.status_quo, rows, marker="|", s=400, color="black", label="status quo", zorder=2)
    for model in MODELS:
        values = [result.forecasts[model][i.id] for i in issues]
        ax.scatter(values, rows - 0.18, marker=_MODEL_MARKERS[model], s=55, facecolor="none",
                   edgecolor="black", label=MODEL_LABELS[model], zorder=4)
    for k, issue in enumerate(issues):
        marks = sorted((arr.proposals[p, k], proposal.id) for p, proposal in enumerate(scenario.proposals)
                       if issue.id in proposal.positions)
        for (x, label), level in zip(marks, _label_levels([x for x, _ in marks])):
            ax.plot([x, x], [rows[k] - 0.38, rows[k] - 0.28], color="grey", lw=1)
            ax.annotate(label, (x, rows[k] - 0.40 - 0.09 * level), fontsize=6, color="grey", ha="center",
                        va="top")
    for k, issue in enumerate(issues):
        ax.axhline(rows[k] - 0.5, color="#dddddd", lw=0.6, zorder=0)
        ax.annotate(issue.low, (0, rows[k] + 0.42), fontsize=6.5, ha="left", va="center", color="#555555")
        ax.annotate(issue.high, (100, rows[k] + 0.42), fontsize=6.5, ha="right", va="center", color="#555555")
    ax.set_yticks(rows, [i.name for i in issues], fontsize=8)
    ax.set_xlim(-2, 102)
    ax.set_ylim(-0.6, n_k - 0.4)
    ax.set_xlabel("position on the issue's 0-100 scale")
    ax.set_title(scenario.name, fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08 - 0.2 / max(n_k, 1)), ncol=4, fontsize=7,
              frameon=False)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
