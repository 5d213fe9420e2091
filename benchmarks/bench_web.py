"""Web-app benchmark: page-load times on a synthetic knowledge base of 10,000 articles.

    python benchmarks/bench_web.py [--articles 10000] [--repeat 7] [--db kb.db] [--check]

The knowledge base is synthesised directly as a Corpus (Arabic and English articles of a
few sentences, a few hundred actors, thousands of events, deals, discrepancies, sanctions
matches) and written with the project's store, then served by uvicorn on 127.0.0.1 and
every page and JSON endpoint is fetched over HTTP. Prints, per address, the first (cold)
load and the median and worst of the next ``--repeat`` loads. ``--check`` exits 1 if a
median is over the 300 ms budget.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from backchannel.kb.model import Actor, Corpus, Deal, Discrepancy, DocAnalysis, Event, Mention, Proposal, Tie  # noqa: E402
from backchannel.kb.store import KnowledgeBase  # noqa: E402
from backchannel.text.document import Document  # noqa: E402
from backchannel.text.layer import analyse  # noqa: E402

BUDGET_MS = 300.0
FIRST = [("Ivan", "إيفان"), ("Maria", "ماريا"), ("John", "جون"), ("Olga", "أولغا"), ("Peter", "بيتر"),
         ("Anna", "آنا"), ("Sergei", "سيرغي"), ("Laura", "لورا"), ("Omar", "عمر"), ("Nadia", "نادية"),
         ("Viktor", "فيكتور"), ("Elena", "إيلينا"), ("Mark", "مارك"), ("Yusuf", "يوسف"), ("Irina", "إيرينا")]
LAST = [("Petrov", "بيتروف"), ("Miller", "ميلر"), ("Kovalenko", "كوفالينكو"), ("Haddad", "حداد"),
        ("Sokolov", "سوكولوف"), ("Brown", "براون"), ("Volkov", "فولكوف"), ("Nasser", "ناصر"), ("Orlov", "أورلوف"),
        ("Grant", "غرانت"), ("Shevchenko", "شيفتشينكو"), ("Kareem", "كريم"), ("Lebedev", "ليبيديف"),
        ("Stone", "ستون"), ("Morozov", "موروزوف"), ("Hale", "هيل"), ("Frolov", "فرولوف"), ("Saleh", "صالح"),
        ("Wells", "ويلز"), ("Zaitsev", "زايتسيف")]
PLACES = [("Geneva", "جنيف"), ("Riyadh", "الرياض"), ("Istanbul", "إسطنبول"), ("Moscow", "موسكو"),
          ("Washington", "واشنطن"), ("Abu Dhabi", "أبوظبي"), ("Miami", "ميامي"), ("Doha", "الدوحة")]
ASSETS = ["Polar Gas", "North Pipe", "Arctic Terminal", "Baltic Port", "Eastern Fields", "Volga Rail"]
OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"][:24]
SIDES = ["US", "Russia", "Ukraine", "Europe", "other", None]
TYPES = ["meeting", "call", "visit", "offer", "statement", "sanction", "refusal"]
ISSUES = ["territory", "sanctions", "security guarantees", "frozen assets", "elections", "army size",
          "reconstruction", "energy", "prisoners", "neutrality"]
EN = ["{a} met {b} in {place} on {date}.", "{a} said the talks with {b} would go on.",
      "A fund led by {a} offered {amount} for a stake in {asset}.", "Officials in {place} did not confirm the report."]
AR = ["التقى {a} مع {b} في {place} يوم {date}.", "وقال {a} إن المحادثات مع {b} ستستمر.",
      "وعرض صندوق يرأسه {a} مبلغ {amount} مقابل حصة في مشروع {asset}.", "ولم يؤكد مسؤولون في {place} التقرير."]


def synthesise(n_docs: int, n_actors: int = 400, seed: int = 7) -> Corpus:
    """A corpus of ``n_docs`` short articles with items and spans that point into them."""
    rnd = random.Random(seed)
    names = [(f"{f[0]} {l[0]}", f"{f[1]} {l[1]}") for l in LAST for f in FIRST][:n_actors]
    actors = [Actor(id=f"a{i:04d}", name=en, type="person", side=rnd.choice(SIDES), aliases=[en, ar],
                    names={"en": [en], "ar": [ar]}, roles=[f"role {i % 17}"], keys=[f"a{i:04d}"])
              for i, (en, ar) in enumerate(names)]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(actors))]  # a few actors figure everywhere
    corpus = Corpus(actors=actors, actor_of_key={a.id: a.id for a in actors})
    for d in range(n_docs):
        arabic = d % 3 != 0
        outlet = OUTLETS[d % len(OUTLETS)]
        month = 1 + d % 12
        parts, spans = [], []
        for s in range(rnd.randint(4, 7)):
            a, b = rnd.choices(range(len(actors)), weights, k=2)
            place = rnd.choice(PLACES)
            fill = {"a": names[a][1 if arabic else 0], "b": names[b][1 if arabic else 0],
                    "place": place[1 if arabic else 0], "date": f"{1 + d % 28} {month}", "asset": rnd.choice(ASSETS),
                    "amount": f"{rnd.randint(1, 90)} {'مليار دولار' if arabic else 'billion dollars'}"}
            template = (AR if arabic else EN)[s % 4]
            sentence = template.format(**fill)
            offset = sum(len(p) + 1 for p in parts)
            for key in ("a", "b"):
                if "{" + key + "}" in template:
                    at = sentence.index(fill[key])
                    spans.append((offset + at, offset + at + len(fill[key]), actors[a if key == "a" else b].id))
            parts.append(sentence)
            spans.append((offset, offset + len(sentence), f"sentence:{s % 4}:{a}:{b}"))
        text = "\n".join(parts) + f"\nRef {d}."
        doc = Document(source=f"article-{d:05d}.txt", text=text, outlet=outlet, date=f"2025-{month:02d}-{1 + d % 28:02d}",
                       title=f"Article {d}")
        layer = analyse(text)
        doc.languages = layer.languages
        doc.language = "+".join(doc.languages)
        analysis = DocAnalysis(doc=doc, layer=layer)
        for start, end, what in spans:
            if not what.startswith("sentence:"):
                analysis.mentions.append(Mention(doc.span(start, end), "actor", what))
                continue
            _, kind, a, b = what.split(":")
            ids = sorted({actors[int(a)].id, actors[int(b)].id})
            if kind in ("0", "1"):
                precision = rnd.choice(["day", "day", "month", None])
                date = {"day": doc.date, "month": doc.date[:7], None: None}[precision]
                corpus.events.append(Event(id=f"e{d}-{start}", type=rnd.choice(TYPES), date=date, date_precision=precision,
                                           place=rnd.choice(PLACES)[0], participants=ids, outlets=[outlet],
                                           duration_hours=rnd.choice([None, 2.0, 5.0]), evidence=[doc.span(start, end)]))
            elif kind == "2" and len(corpus.deals) < 3000:
                corpus.deals.append(Deal(id=f"k{d}-{start}", asset=rnd.choice(ASSETS), parties=ids, sector="energy",
                                         value={"amount": rnd.randint(1, 90) * 1e9, "unit": "USD"},
                                         condition=rnd.choice([None, "if sanctions are lifted"]), status="proposed",
                                         outlets=[outlet], evidence=[doc.span(start, end)]))
        corpus.analyses.append(analysis)
    for p in range(40):
        corpus.proposals.append(Proposal(
            id=f"p{p}", name=f"{10 + p}-point plan", proposer=rnd.choice(actors).id,
            issues=[{"issue": i, "position": f"position {p}.{k}"} for k, i in enumerate(rnd.sample(ISSUES, 4))],
            reactions=[{"actor": rnd.choice(actors).id, "stance": rnd.choice(["backs", "rejects", "mixed"])}],
            evidence=[corpus.events[p * 50 % len(corpus.events)].evidence[0]]))
    for t in range(400):
        a, b = rnd.sample(actors, 2)
        corpus.ties.append(Tie(id=f"t{t}", source=a.id, target=b.id, kind="advises"))
    for k in range(1500):
        e = corpus.events[k * 7 % len(corpus.events)]
        span = e.evidence[0]
        corpus.discrepancies.append(Discrepancy(id=f"x{k}", item_kind="events", item_id=e.id, field="duration", readings=[
            {"value": "2 hours", "outlets": [e.outlets[0]], "docs": [span.doc], "evidence": [span.to_dict()]},
            {"value": "5 hours", "outlets": [OUTLETS[k % 24]], "docs": [span.doc], "evidence": [span.to_dict()]}]))
    return corpus


def addresses(db: Path) -> list[str]:
    """The pages to time: every page type, deep pages, filters and searches, and their JSON twins."""
    conn = sqlite3.connect(db)
    top = conn.execute("SELECT actor FROM mentions WHERE actor IS NOT NULL GROUP BY actor ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    doc, start, end = conn.execute('SELECT doc, start, "end" FROM evidence ORDER BY rowid DESC LIMIT 1').fetchone()
    event = conn.execute("SELECT id FROM events ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    deal = conn.execute("SELECT id FROM deals LIMIT 1").fetchone()[0]
    conn.close()
    pages = ["/", "/timeline", f"/timeline?actor={top}", "/timeline?type=meeting&outlet=Outlet+C", "/timeline?page=60",
             "/network", "/network?limit=200", "/actors", f"/actor/{top}", f"/actor/{top}?page=40", "/deals",
             "/deals?page=5", "/proposals", "/sources", "/sources?outlet=Outlet+B&page=10", "/documents",
             "/documents?page=90", f"/doc/{doc}?hl={start}-{end}", f"/event/{event}", f"/deal/{deal}",
             "/search?q=" + "موسكو", "/search?q=Geneva+talks", "/search?q=" + "ستيف", "/model"]
    twins = []
    for p in pages:
        base, _, query = p.partition("?")
        if base != "/model":
            twins.append(("/overview" if base == "/" else base) + ".json" + (f"?{query}" if query else ""))
    return pages + twins


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--db", type=Path, help="keep the synthetic knowledge base here (default: a temporary file)")
    ap.add_argument("--reuse", action="store_true", help="time the knowledge base already at --db instead of a new one")
    ap.add_argument("--check", action="store_true", help="exit 1 if any median is over 300 ms")
    args = ap.parse_args()
    from test_web_data import running

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        t0 = t1 = t2 = time.perf_counter()
        if not (args.reuse and db.is_file()):
            corpus = synthesise(args.articles)
            t1 = time.perf_counter()
            KnowledgeBase.write(db, corpus)
            with sqlite3.connect(db) as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS sanctions_matches (actor TEXT, list TEXT, program TEXT, "
                             "entity_id TEXT, entity_name TEXT, matched_name TEXT, score REAL)")
                conn.executemany("INSERT INTO sanctions_matches VALUES (?, 'demo_list', 'DEMO', ?, ?, ?, 0.95)",
                                 [(a.id, f"X{i}", a.name, a.name) for i, a in enumerate(corpus.actors[::13])])
            t2 = time.perf_counter()
        with KnowledgeBase(db) as kb:
            s = kb.stats()
        print(f"knowledge base: {s['documents']} documents, {s['sentences']} sentences, {s['actors']} actors, "
              f"{s['events']} events, {s['deals']} deals, {s['proposals']} proposals, {s['discrepancies']} "
              f"discrepancies, {s['mentions']} mentions; synthesised in {t1 - t0:.1f}s, written in {t2 - t1:.1f}s, "
              f"{db.stat().st_size / 1e6:.0f} MB")
        over = []
        t = time.perf_counter()
        with running(db) as base, httpx.Client(base_url=base, timeout=60) as http:
            warmed = (time.perf_counter() - t) * 1000
            t3 = time.perf_counter()
            http.get("/network").raise_for_status()  # `serve` lays the network out and runs the model
            http.get("/model").raise_for_status()    # in the background: wait for both before timing
            print(f"start-up (index and overview, done before serving): {warmed:.0f} ms; network layout and "
                  f"model ready in the background {(time.perf_counter() - t3) * 1000:.0f} ms later")
            print(f"{'address':58} {'cold ms':>8} {'median':>8} {'worst':>8}")
            for path in addresses(db):
                times = []
                for _ in range(args.repeat + 1):
                    t = time.perf_counter()
                    r = http.get(path)
                    times.append((time.perf_counter() - t) * 1000)
                    r.raise_for_status()
                cold, warm = times[0], times[1:]
                median, worst = statistics.median(warm), max(warm)
                flag = "  OVER" if median > BUDGET_MS else ""
                if flag:
                    over.append(path)
                print(f"{path[:58]:58} {cold:8.1f} {median:8.1f} {worst:8.1f}{flag}")
        print(f"{len(over)} of {len(addresses(db))} addresses over the {BUDGET_MS:.0f} ms budget (median)"
              + (": " + ", ".join(over) if over else ""))
    if args.check and over:
        sys.exit(1)


if __name__ == "__main__":
    main()
