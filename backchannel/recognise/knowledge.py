"""The actor knowledge base: the shipped YAML files plus any the user adds with ``--kb``.

The knowledge base is data, so an analyst extends Backchannel by writing YAML, not Python:
the world's states (``data/world/states.cldr.yaml``, compiled from CLDR by
``scripts/compile_states.py``, extended by the spellings, adjectives and capitals outlets use in
``data/states.yaml``: knowledge of the world, kept with ``--no-kb``), and the actors
(``data/world/*.yaml``: the people, bodies, movements, companies and outlets of today's
negotiations; ``data/actors.yaml``: the cast of the shipped story), switched off by ``--no-kb``. This module reads and checks them; recognition turns them into
gazetteers and resolution uses them for canonical names, types, sides and roles.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from backchannel.datafiles import safe_load
from backchannel.errors import BackchannelError

_DATA = Path(__file__).resolve().parents[1] / "data"
SHIPPED = _DATA / "actors.yaml"
# the hand-written usage file first, so its canonical names, types and sides win
STATES = [_DATA / "states.yaml", _DATA / "world" / "states.cldr.yaml"]
WORLD = sorted(p for p in (_DATA / "world").glob("*.yaml") if p.name != "states.cldr.yaml")


@dataclass
class KnownActor:
    """One entry of the knowledge base (see the header of ``data/actors.yaml`` for the fields)."""

    id: str
    name: str
    type: str = "organization"
    side: str | None = None  # a user's own entry may still say it; data/sides.yaml comes first
    wikidata: str | None = None
    iso: str | None = None  # a state's ISO 3166-1 code
    country: str | None = None  # the ISO code of the state a person or body belongs to
    roles: list[str] = field(default_factory=list)
    names: dict[str, list[str]] = field(default_factory=dict)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    adjectives: dict[str, list[str]] = field(default_factory=dict)
    descriptors: dict[str, list[str]] = field(default_factory=dict)
    metonyms: dict[str, list[str]] = field(default_factory=dict)
    surname: dict[str, list[str]] | None = None  # None: derived from the full names

    def all_names(self) -> list[str]:
        """The canonical name and every listed name, in every language."""
        out = [self.name]
        for names in self.names.values():
            out += [n for n in names if n not in out]
        return out


def _by_language(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    return {str(k): [str(v) for v in (vs or []) if str(v).strip()] for k, vs in value.items() if isinstance(vs, list)}


def _entry(raw: Any) -> KnownActor | None:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("name"):
        return None
    return KnownActor(
        id=str(raw["id"]), name=str(raw["name"]), type=str(raw.get("type") or "organization"),
        side=raw.get("side"), wikidata=raw.get("wikidata") or None,
        iso=str(raw["iso"]).lower() if raw.get("iso") else None,
        country=str(raw["country"]).lower() if raw.get("country") else None,
        roles=[str(r) for r in raw.get("roles") or []],
        names=_by_language(raw.get("names")), ambiguous=_by_language(raw.get("ambiguous")),
        adjectives=_by_language(raw.get("adjectives")), descriptors=_by_language(raw.get("descriptors")),
        metonyms=_by_language(raw.get("metonyms")),
        surname=_by_language(raw["surname"]) if "surname" in raw else None)


def _merge(into: KnownActor, extra: KnownActor) -> None:
    """A second entry with the same id adds to the first (a user file extending the shipped one)."""
    into.roles += [r for r in extra.roles if r not in into.roles]
    into.wikidata = into.wikidata or extra.wikidata
    into.iso, into.country = into.iso or extra.iso, into.country or extra.country
    into.side = extra.side or into.side
    if extra.surname is not None:
        into.surname = extra.surname
    for attr in ("names", "ambiguous", "adjectives", "descriptors", "metonyms"):
        mine: dict[str, list[str]] = getattr(into, attr)
        for lang, values in getattr(extra, attr).items():
            mine.setdefault(lang, [])
            mine[lang] += [v for v in values if v not in mine[lang]]


def read_kb_file(path: Path) -> list[KnownActor]:
    """The entries of one knowledge-base file; entries without id or name are skipped."""
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise BackchannelError("BC012", f"cannot read the actor knowledge base {path}: {exc}",
                               "it must be a YAML list of entries like those in backchannel/data/actors.yaml") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise BackchannelError("BC012", f"the actor knowledge base {path} is not a list of entries",
                               "start each entry with '- id: ...' as in backchannel/data/actors.yaml")
    return [e for e in (_entry(raw) for raw in data) if e is not None]


@lru_cache(maxsize=8)
def _load(paths: tuple[tuple[str, float], ...]) -> dict[str, KnownActor]:
    actors: dict[str, KnownActor] = {}
    for path, _mtime in paths:
        for entry in read_kb_file(Path(path)):
            if entry.id in actors:
                _merge(actors[entry.id], entry)
            else:
                actors[entry.id] = entry
    for actor in actors.values():
        # a name one file marks ambiguous ("عمان" is also Amman) stays so whatever another file lists
        for lang, words in actor.ambiguous.items():
            if lang in actor.names:
                actor.names[lang] = [n for n in actor.names[lang] if n not in words]
            if actor.surname and lang in actor.surname:
                actor.surname[lang] = [n for n in actor.surname[lang] if n not in words]
    return actors


def _load_paths(paths: list[Path]) -> dict[str, KnownActor]:
    return _load(tuple((str(p.resolve()), p.stat().st_mtime if p.exists() else 0.0) for p in paths))


def load_kb(files: list[Path] | tuple[Path, ...] = ()) -> dict[str, KnownActor]:
    """The shipped states and actors extended by ``files``, by id (cached while the files are unchanged)."""
    return _load_paths(STATES + WORLD + [SHIPPED] + [Path(f) for f in files])


def load_states() -> dict[str, KnownActor]:
    """The states gazetteer alone: what ``--no-kb`` still knows (names of countries are not the story)."""
    return _load_paths(STATES)


def active_kb(options: Any) -> dict[str, KnownActor]:
    """The knowledge base a build uses: the states only with ``--no-kb``, else shipped plus ``--kb`` files."""
    if not getattr(options, "use_kb", True):
        return load_states()
    return load_kb(tuple(getattr(options, "kb_files", []) or []))
