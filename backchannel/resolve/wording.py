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

from backchannel.datafiles import safe_load

DATA = Path(__file__).resolve().parents[1] / "data"
_PART = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1)
def templates() -> dict[str, Any]:
    """The wording templates (``data/templates.yaml``)."""
    with (DATA / "templates.yaml").open(encoding="utf-8") as fh:
        return safe_load(fh) or {}


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
    english = [n for n in (getattr(actor, "names", {}) or {}).get("en") or [] if n.isascii()]
    acronyms = [a for a in english + list(getattr(actor, "aliases", []) or []) if re.fullmatch(r"[A-Z]{2,5}", a)]
    if len(name) <= 12:
        return name
    if acronyms:
        return min(acronyms, key=len)
    shorter = [n for n in english if 4 <= len(n) < len(name) and " " in n]
    return min(shorter, key=len) if shorter else name


def whose(actor: Any) -> str:
    """The proposer as a name's owner: "Putin's ", "Russia's ", "US " (an acronym is an adjective)."""
    name = short_name(actor)
    if not name:
        return ""
    return f"{name} " if re.fullmatch(r"[A-Z]{2,5}", name) else f"{name}'s "


def _short_ar(actor: Any) -> str:
    names = list((getattr(actor, "names", {}) or {}).get("ar") or [])
    if not names:
        return short_name(actor)
    if getattr(actor, "type", "") == "person":
        return names[0].split()[-1]
    return names[0]


def _place_shown(place_id: str | None, fallback: str | None, language: str = "en") -> str | None:
    """A place as a summary names it: a site by the city it is in (the Kremlin: Moscow)."""
    from backchannel.recognise.places import gazetteer
    places = gazetteer()
    spec = places.get(place_id or "")
    if spec is None:
        return fallback
    shown = spec
    while shown.get("type") == "site" and shown.get("in") in places:
        shown = places[shown["in"]]
    arabic = [n for n in shown.get("names", []) if re.search(r"[\u0600-\u06ff]", n)]
    name = arabic[0] if language == "ar" and arabic else shown.get("name")
    return name or fallback


def _duration(hours: float | None, words: dict[str, str]) -> str:
    if not hours:
        return ""
    if hours >= 24:
        n = hours / 24
        return words["days"].format(n=int(n) if float(n).is_integer() else round(n, 1))
    return words["hours"].format(n=int(hours) if float(hours).is_integer() else round(hours, 1))


_THAT = re.compile(r"(?:\bthat\b|(?<!\w)(?:إن|أن|بأن|إنه|أنه|بأنه|إنها|أنها|بأنها)(?!\w)|[:«“\"])\s*")


def _gist(event: Any, language: str, words: int = 12) -> str:
    """The first words of what an event's evidence says after its trigger and "that"/"إن", for a
    statement or an event of no set kind: "the two sides had agreed to stay in contact…"; taken
    from a span in the summary's language when there is one."""
    spans = sorted(event.evidence, key=lambda s: bool(re.search(r"[\u0600-\u06ff]", s.text)) != (language == "ar"))
    if not spans:
        return ""
    text = spans[0].text
    found = [(i, len(t)) for t in event.attrs.get("triggers", []) for i in [text.find(t)] if i >= 0]
    at, length = min(found) if found else (0, 0)
    m = _THAT.search(text, at)
    start = m.end() if m and m.end() < len(text) - 10 and m.start() - at < 80 else at + length
    body = text[start:].strip(" \"«»“”")
    parts = body.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _sides_of(event: Any, people: list[Any]) -> tuple[list[Any], list[Any]]:
    """Who a summary names as acting and as acted on, only from the roles the text gave
    (events[].source, target, host): the guests and their host of a meeting, the source and
    target of a sanction or a statement; a meeting with no host lists everyone as meeting."""
    ids = {a.id: a for a in people}
    host = [ids[k] for k in getattr(event, "host", []) or [] if k in ids]
    if host:
        return [a for a in people if a not in host], host
    source = [ids[k] for k in getattr(event, "source", []) or [] if k in ids]
    target = [ids[k] for k in getattr(event, "target", []) or [] if k in ids]
    if source or target:
        return source, target
    from backchannel.recognise.triggers import event_types
    if not event_types().get(event.type, {}).get("interactive"):
        return [], []
    sides = list(dict.fromkeys(getattr(a, "side", None) for a in people if getattr(a, "side", None)))
    if len(sides) == 2:  # two delegations: "Rubio, Waltz and Witkoff met Lavrov and Ushakov"
        first = [a for a in people if getattr(a, "side", None) == sides[0]]
        return first, [a for a in people if a not in first]
    return people, []


def event_summary(event: Any, actors: dict[str, Any], language: str = "en") -> str:
    """One line a person reads in a timeline: "Witkoff and Kushner met Putin in Moscow (5 h)",
    "US Treasury sanctioned Rosneft and Lukoil", "ويتكوف التقى بوتين في موسكو"."""
    from backchannel.recognise.triggers import event_types
    t = templates()
    words = t["event_summaries"][language]
    name = _short_ar if language == "ar" else short_name
    people = [actors[p] for p in event.participants if p in actors]
    place = _place_shown(event.attrs.get("place_id"), event.place, language)
    label = str((words.get("labels") or {}).get(event.type) or event_types().get(event.type, {}).get("label", event.type))
    who, whom = _sides_of(event, people)
    unattributed = event.type not in t.get("symmetric", []) and not who and people
    most = int(t.get("most_names", 3))

    def named(group: list[Any]) -> str:
        people_sides = {getattr(a, "side", None) for a in group if getattr(a, "type", "") == "person"}
        group = sorted((a for a in group if getattr(a, "type", "") == "person" or getattr(a, "side", None)
                        not in people_sides), key=lambda a: getattr(a, "type", "") != "person")
        shown = list(dict.fromkeys(name(a) for a in group if name(a)))
        extra = len(shown) > most
        shown = shown[:most] + (["others" if language == "en" else "آخرين"] if extra else [])
        if len(shown) <= 1:
            return "".join(shown)
        return ", ".join(shown[:-1]) + f" {words['and']} " + shown[-1] if language == "en" else \
            "، ".join(shown[:-1]) + f" {words['and']}" + shown[-1]

    values = {"who": named(who), "whom": named(whom), "place": place, "label": label,
              "duration": _duration(event.duration_hours, words), "said": _gist(event, language)}
    if unattributed:  # who acted is not told: never guess it from the order of names
        values["whom"] = named(whom or people)
        template = words["unattributed"]
    else:
        template = words.get(event.type, words["other"]) if values["who"] else words["nobody"]
    planned = event.attrs.get("status") == "planned"
    # a plan is worded as one where the templates have a future form ("Witkoff to meet Putin")
    future = (words.get("planned_events") or {}).get(event.type) if planned and values["who"] and not unattributed else None
    text = render(future or template, **values)
    if event.attrs.get("aggregate"):
        text = render(words["aggregate"], summary=text)
    if planned and not future:
        text = render(words["planned"], summary=text)
    return text
