"""Words for people: one-line event summaries and readable proposal names, from templates.

The sentences are data (``data/templates.yaml``), so an analyst can reword the timeline
without touching code. :func:`render` fills a template's ``{placeholders}`` and drops any
``[bracketed part]`` whose placeholder is empty, so "Witkoff met Putin[ in {place}]" reads
"Witkoff met Putin" when the place is unknown.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
_PART = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1)
def templates() -> dict[str, Any]:
    """The wording templates (``data/templates.yaml``)."""
    with (DATA / "templates.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def render(template: str, **values: Any) -> str:
    """``template`` with its placeholders filled; optional parts with an empty one are dropped."""
    def part(m: re.Match[str]) -> str:
        inner = m.group(1)
        return inner if all(values.get(k) for k in _SLOT.findall(inner)) else ""
    text = _PART.sub(part, template)
    text = _SLOT.sub(lambda m: str(values.get(m.group(1)) or ""), text)
    return re.sub(r"\s+", " ", text).strip(" :")


def listed(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def short_name(actor: Any) -> str:
    """How a timeline line names an actor: a person by surname ("Witkoff"), anything else by its
    acronym when it has one ("US", "EU", "NATO") or its name ("Russia", "Lukoil")."""
    if actor is None:
        return ""
    name = str(getattr(actor, "name", "") or "")
    if getattr(actor, "type", "") == "person":
        return name.split()[-1] if name.split() else name
    acronyms = [a for a in getattr(actor, "aliases", []) or [] if re.fullmatch(r"[A-Z]{2,5}", a)]
    return min(acronyms, key=len) if acronyms and len(name) > 12 else name


def whose(actor: Any) -> str:
    """The proposer as a name's owner: "Putin's ", "Russia's ", "US " (an acronym is an adjective)."""
    name = short_name(actor)
    if not name:
        return ""
    return f"{name} " if re.fullmatch(r"[A-Z]{2,5}", name) else f"{name}'s "
