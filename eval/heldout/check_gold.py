#!/usr/bin/env python3
"""Sanity checks for eval/heldout/gold.json (standard library only).

    python3 eval/heldout/check_gold.py

Checks: the file loads; every evidence quote is a verbatim substring of its
article after collapsing whitespace (incl. U+00A0) and has at most 25 words;
every actor id used by events, deals, proposals and relations exists; every
actor's listed docs contain one of its surface/clitic/metonym forms; event
types are in CONTRACT.md's list; ISO dates are well-formed. Prints warnings
for name forms that also occur in articles an actor is not listed for.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPES = {"meeting", "call", "visit", "summit", "video_conference", "sanction", "waiver", "leak", "offer",
         "request", "refusal", "statement", "departure", "other"}
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def ws(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def main() -> int:
    gold = json.loads((HERE / "gold.json").read_text(encoding="utf-8"))
    texts = {}
    for d in gold["documents"]:
        p = HERE / "articles" / d["file"]
        texts[d["id"]] = ws(p.read_text(encoding="utf-8"))
    errors, warnings, nquotes = [], [], 0

    def check_quotes(kind, item):
        nonlocal nquotes
        for ev in item.get("evidence", []):
            nquotes += 1
            q = ws(ev["quote"])
            if ev["doc"] not in texts:
                errors.append(f"{kind} {item.get('id', item.get('what'))}: unknown doc {ev['doc']}")
            elif q not in texts[ev["doc"]]:
                errors.append(f"{kind} {item.get('id', item.get('what'))}: quote not found in {ev['doc']}: {q[:60]}")
            if len(q.split()) > 25:
                errors.append(f"{kind} {item.get('id', item.get('what'))}: quote has {len(q.split())} words")

    ids = {a["id"] for a in gold["actors"]}
    if len(ids) != len(gold["actors"]):
        errors.append("duplicate actor ids")
    for kind in ("events", "deals", "proposals", "relations", "figures", "discrepancies"):
        seen = set()
        for it in gold.get(kind, []):
            check_quotes(kind, it)
            if "id" in it:
                if it["id"] in seen:
                    errors.append(f"duplicate id {it['id']}")
                seen.add(it["id"])
            for a in it.get("participants", []) + it.get("parties", []):
                if a not in ids:
                    errors.append(f"{kind} {it.get('id')}: unknown actor {a}")
            if it.get("proposer") and it["proposer"] not in ids:
                errors.append(f"{kind} {it.get('id')}: unknown proposer {it['proposer']}")
            for r in it.get("reactions", []):
                if r["actor"] not in ids:
                    errors.append(f"{kind} {it.get('id')}: unknown reaction actor {r['actor']}")
            for k in ("subject", "object"):
                if k in it and it[k] not in ids:
                    errors.append(f"relation: unknown actor {it[k]}")
            if kind == "events":
                if it["type"] not in TYPES:
                    errors.append(f"event {it['id']}: type {it['type']} not in CONTRACT list")
                dt = it.get("date")
                if dt and re.match(r"^\d{4}", dt) and not ISO.match(dt):
                    errors.append(f"event {it['id']}: malformed ISO date {dt}")

    def present(form, text, clitics=False):
        # whole-token match (\w covers Arabic letters; Arabic punctuation is not \w), case-sensitive;
        # with clitics=True an Arabic form may carry a leading و/ب/ل/ف/ك (+ال) as in the seeds' conventions
        pre = r"(?:[وفبلك]|وال|بال|لل|فال|كال)?" if clitics and re.match(r"[\u0600-\u06ff]", form) else ""
        return re.search(r"(?<!\w)" + pre + re.escape(form) + r"(?!\w)", text) is not None

    for a in gold["actors"]:
        forms = a.get("surface_forms", []) + a.get("clitic_forms", []) + a.get("metonyms", []) + a.get("adjective_forms", [])
        for f in a.get("surface_forms", []) + a.get("clitic_forms", []) + a.get("adjective_forms", []):
            if not any(present(f, t, True) for t in texts.values()):
                errors.append(f"actor {a['id']}: form '{f}' occurs in no article")
        for d in a.get("docs", []):
            if d not in texts:
                errors.append(f"actor {a['id']}: unknown doc {d}")
            elif not any(present(f, texts[d], True) for f in forms):
                errors.append(f"actor {a['id']}: listed for {d} but none of its forms occurs there")
        for d, t in texts.items():
            if d not in a.get("docs", []) and d not in a.get("docs_by_reference_only", []) and d not in a.get("excluded_docs", {}):
                hits = [f for f in a.get("surface_forms", []) + a.get("metonyms", []) if present(f, t)]
                if hits:
                    warnings.append(f"actor {a['id']}: {hits} also in {d} (not listed)")

    counts = {k: len(gold.get(k, [])) for k in ("documents", "actors", "events", "deals", "proposals", "relations", "figures")}
    counts["actors_in_story"] = sum(1 for a in gold["actors"] if a.get("in_story", True))
    counts["scorable_actors"] = sum(1 for a in gold["actors"] if a.get("surface_forms"))
    counts["actor_doc_pairs"] = sum(len(a.get("docs", [])) for a in gold["actors"] if a.get("surface_forms"))
    counts["evidence_quotes"] = nquotes
    print(json.dumps(counts))
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
