"""Readers for the published validation data: DEU (EU legislative decisions) and the 1994 car-emissions case.

Both describe one-issue decisions with known outcomes, which is what the
forecasting models must get right before anyone trusts them elsewhere.
See ``../shared/data/README.md`` for the sources and the quirks of these copies.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backchannel.errors import BackchannelError

# DEU: at least this many actors with both a position and a salience make an issue scoreable.
MIN_ACTORS = 3


@dataclass(frozen=True)
class IssueSet:
    """Many one-issue decisions on a 0-100 scale; NaN marks an absent or missing value."""

    ids: list[str]
    actors: list[str]
    position: np.ndarray  # (N, A)
    salience: np.ndarray  # (N, A), 0-100
    status_quo: np.ndarray  # (N,)
    outcome: np.ndarray  # (N,)
    capability: np.ndarray  # (A,)


@dataclass(frozen=True)
class Case:
    """One issue with actors' capabilities, positions and saliences (salience 0-1)."""

    actors: list[str]
    capability: np.ndarray
    position: np.ndarray
    salience: np.ndarray


def _scale_value(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return np.nan
    return value if 0.0 <= value <= 100.0 else np.nan


def load_deu(path: Path, capability: str = "equal") -> IssueSet:
    """Read the DEU tab-separated file and keep the scoreable issues.

    Scoreable: a valid outcome and at least ``MIN_ACTORS`` actors with both a
    position and a salience. Actors missing either are dropped from the issue.
    ``capability`` is ``"equal"`` or ``"gdp"`` (the proxy row of this copy).
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
    except FileNotFoundError:
        raise BackchannelError("BC031", f"{path}: DEU file not found",
                               "pass the path to deu3.tsv, e.g. ../shared/data/deu/deu3.tsv") from None
    header = rows[0]
    skip = {"prnr", "prname", "proc", "proccde", "prnrnmc"}
    actors = [h[1:] for h in header if h.startswith("p") and h not in skip and "s" + h[1:] in header]
    if not actors or "out" not in header:
        raise BackchannelError("BC031", f"{path}: not a DEU file (no position or outcome columns)",
                               "pass deu3.tsv from ../shared/data/deu/")
    p_cols = [header.index("p" + a) for a in actors]
    s_cols = [header.index("s" + a) for a in actors]
    proxy, issues = rows[1], rows[2:]
    position = np.array([[_scale_value(r[c]) for c in p_cols] for r in issues])
    salience = np.array([[_scale_value(r[c]) for c in s_cols] for r in issues])
    both = ~np.isnan(position) & ~np.isnan(salience)
    position = np.where(both, position, np.nan)
    salience = np.where(both, salience, np.nan)
    outcome = np.array([_scale_value(r[header.index("out")]) for r in issues])
    status_quo = np.array([_scale_value(r[header.index("rp")]) for r in issues])
    keep = (both.sum(axis=1) >= MIN_ACTORS) & ~np.isnan(outcome)
    if capability == "equal":
        caps = np.ones(len(actors))
    elif capability == "gdp":
        caps = np.array([float(proxy[c]) for c in p_cols])
    else:
        raise BackchannelError("BC012", f"unknown capability {capability!r}", "use 'equal' or 'gdp'")
    ids = [r[header.index("isnr")] for r in issues]
    return IssueSet([i for i, k in zip(ids, keep) if k], actors, position[keep], salience[keep],
                    status_quo[keep], outcome[keep], caps)


def load_bdm_case(path: Path) -> Case:
    """Read a one-issue case with columns Actor, Capability, Position, Salience."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise BackchannelError("BC031", f"{path}: case file not found",
                               "pass ../shared/data/bdm/ec_emissions_1994.csv") from None
    try:
        return Case([r["Actor"] for r in rows],
                    np.array([float(r["Capability"]) for r in rows]),
                    np.array([float(r["Position"]) for r in rows]),
                    np.array([float(r["Salience"]) for r in rows]))
    except (KeyError, ValueError) as exc:
        raise BackchannelError("BC031", f"{path}: expected columns Actor, Capability, Position, Salience ({exc})",
                               "check the CSV header and numbers") from None
