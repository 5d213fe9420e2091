"""Draft a scenario from a knowledge base, for an analyst to complete.

The knowledge base (its JSON export, see ../shared/eval/CONTRACT.md) knows who
is on which side, which proposals were made, which issues each covers, and who
backed or rejected them. It does not know numbers. The draft therefore takes
from it the structure (one bargaining actor per side, one issue per family of
extracted issue labels, each proposal as a point in issue space) and fills every
number with a placeholder from ``data/scenarios/drafting.yaml``:

- a side's stance on an issue starts at the side's anchor on the 0-100 scale;
- a proposal's point on an issue starts at the mean anchor of its proposer and
  the sides that back it; failing those, 100 minus the mean anchor of the sides
  that reject it; failing those, the middle of the scale.

Each placeholder is listed under ``review`` and each number keeps the
knowledge-base items it came from as evidence, so the analyst sees what to check.
The result is a plain dict in the scenario file's shape; it loads and runs as is.
"""
from __future__ import annotations

import re
from importlib import resources

from backchannel.datafiles import safe_load


def drafting_rules() -> dict:
    """The shipped drafting rules (sides, anchors, issue families)."""
    text = resources.files("backchannel").joinpath("data/scenarios/drafting.yaml").read_text(encoding="utf-8")
    return safe_load(text)


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w]+", "_", text.strip().lower(), flags=re.UNICODE).strip("_")
    return slug or "issue"


def _issue_family(label: str, rules: dict) -> dict:
    lowered = label.lower()
    for family in rules["issues"]:
        if any(m.lower() in lowered for m in family["match"]):
            return family
    return {"id": _slug(label), "name": label, "low": f"TODO: what 0 means for '{label}'",
            "high": f"TODO: what 100 means for '{label}'"}


def draft_scenario(kb: dict, rules: dict | None = None) -> dict:
    """A runnable draft scenario (dict in the YAML shape) from a knowledge-base export."""
    rules = rules or drafting_rules()
    sides = rules["sides"]
    side_of: dict[str, str] = {a["id"]: a.get("side") or "other" for a in kb.get("actors", [])}
    members: dict[str, list[dict]] = {}
    for actor in kb.get("actors", []):
        if actor.get("side") in sides:
            members.setdefault(actor["side"], []).append(actor)
    proposals = kb.get("proposals", [])
    involved: set[str] = set(members)
    for p in proposals:
        ids = [p.get("proposer")] + [r.get("actor") for r in p.get("reactions", [])]
        involved |= {side_of[i] for i in ids if i in side_of}
    present = [s for s in sides if s in involved]  # in the order the drafting rules list them
    actor_id = {s: _slug(s) for s in present}
    review: list[str] = []

    issues: dict[str, dict] = {}
    issue_of_label: dict[str, str] = {}
    for p in proposals:
        for item in p.get("issues", []):
            family = _issue_family(item.get("issue", ""), rules)
            issue_of_label[item.get("issue", "")] = family["id"]
            if family["id"] not in issues:
                issues[family["id"]] = {"name": family["name"], "low": family["low"], "high": family["high"],
                                        "status_quo": rules["default_status_quo"]}
                review.append(f"issue {family['id']}: status quo (placeholder {rules['default_status_quo']}) "
                              "and the scale ends")

    def anchor(side: str | None) -> float | None:
        return float(sides[side]["anchor"]) if side in sides else None

    drafted_proposals: dict[str, dict] = {}
    for p in proposals:
        backers = [side_of.get(p.get("proposer"))] + [side_of.get(r["actor"]) for r in p.get("reactions", [])
                                                      if r.get("stance") == "backs"]
        rejecters = [side_of.get(r["actor"]) for r in p.get("reactions", []) if r.get("stance") == "rejects"]
        pulls = [a for a in map(anchor, backers) if a is not None]
        pushes = [a for a in map(anchor, rejecters) if a is not None]
        point = (sum(pulls) / len(pulls) if pulls else 100.0 - sum(pushes) / len(pushes) if pushes else 50.0)
        positions = {}
        for item in p.get("issues", []):
            claim = f"{item.get('issue', '')}: {item.get('position', '')}".strip()
            positions[issue_of_label[item.get("issue", "")]] = {
                "value": round(point, 1), "evidence": [{"kb": p["id"], "claim": claim}]}
        if not positions:
            continue
        pid = _slug(p.get("name") or p["id"])
        if pid in drafted_proposals:
            pid = f"{pid}_{_slug(p['id'])}"
        drafted_proposals[pid] = {
            "name": p.get("name") or p["id"],
            "proposer": actor_id.get(side_of.get(p.get("proposer") or "", "")),
            "positions": positions,
            "evidence": [{"kb": p["id"]}],
        }
        review.append(f"proposal {pid}: its point on {', '.join(positions)} (placeholder {round(point, 1)})")

    actors: dict[str, dict] = {}
    for side in present:
        rows = members.get(side, [])
        stances = {iid: {"position": anchor(side), "salience": rules["default_salience"],
                         "veto": bool(sides[side].get("veto", False))} for iid in issues}
        actors[actor_id[side]] = {
            "name": sides[side]["name"],
            "side": side,
            "capability": round(1.0 / len(present), 4),
            "evidence": [{"kb": a["id"], "claim": a.get("name", "")} for a in rows],
            "stances": stances,
        }
        review.append(f"actor {actor_id[side]}: capability (placeholder: equal shares), and position, "
                      "salience, reservation and veto on every issue")

    return {
        "name": "Draft scenario from the knowledge base",
        "description": "Drafted by `backchannel scenario init`: structure from the knowledge base, "
                       "numbers are placeholders.",
        "disclaimer": "Every number here is a placeholder until an analyst has reviewed it (see `review`).",
        "review": review,
        "issues": issues,
        "actors": actors,
        "proposals": drafted_proposals,
    }
