"""Sides: whom an actor stands with, in one story.

A side is not a property of an actor but of the story being analysed: in the shipped story
the US, Russia, Ukraine and Europe (``data/sides.yaml``); in a user's, whatever their
``build --sides FILE`` says. An actor listed as a member takes that side; else the side of
its state (a state by its own ISO code, a person or body by its ``country``); else, when its
state is on no side, the state's name (a Qatari mediator stands with Qatar); else none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from backchannel.datafiles import safe_load
from backchannel.errors import BackchannelError
from backchannel.recognise.knowledge import KnownActor

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "sides.yaml"


@dataclass(frozen=True)
class Sides:
    """The sides of one story, in order, with their members and countries."""

    order: tuple[str, ...] = ()
    members: dict[str, str] = field(default_factory=dict)  # actor id -> side
    countries: dict[str, str] = field(default_factory=dict)  # ISO code -> side


@lru_cache(maxsize=8)
def load_sides(path: Path = SHIPPED) -> Sides:
    """A sides file (``data/sides.yaml``'s format); a file that cannot be used is an error naming it."""
    try:
        data = safe_load(Path(path).read_text(encoding="utf-8")) or {}
        table = data.get("sides") or {}
        members: dict[str, str] = {}
        countries: dict[str, str] = {}
        for side, spec in table.items():
            for actor in (spec or {}).get("members") or []:
                members.setdefault(str(actor), str(side))
            for code in (spec or {}).get("countries") or []:
                countries.setdefault(str(code).lower(), str(side))
    except (OSError, AttributeError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise BackchannelError("BC012", f"cannot read the sides file {path}: {exc}",
                               "write it as backchannel/data/sides.yaml is: sides: {NAME: {countries: [..], members: [..]}}"
                               ) from exc
    return Sides(tuple(str(s) for s in table), members, countries)


def states_by_iso(kb: dict[str, KnownActor]) -> dict[str, KnownActor]:
    """The knowledge base's states by ISO code, for :func:`side_of`."""
    return {a.iso: a for a in kb.values() if a.type == "state" and a.iso}


def side_of(actor: KnownActor, states: dict[str, KnownActor], sides: Sides) -> str | None:
    """The side ``actor`` stands with in the story ``sides`` tells (see the module's docstring);
    ``states`` is :func:`states_by_iso` of the knowledge base."""
    if actor.id in sides.members:
        return sides.members[actor.id]
    code = actor.iso if actor.type == "state" else actor.country
    if code and code in sides.countries:
        return sides.countries[code]
    if actor.side:
        return actor.side
    state = states.get(code) if code else None
    return state.name if state else None
