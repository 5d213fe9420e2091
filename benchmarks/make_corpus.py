"""Make a synthetic corpus of any size from the demo articles, for benchmarks.

Each synthetic article is a demo article with its people swapped for others from a pool
(in the article's script), its numbers changed and a new date, written as a ``.txt`` file
with header lines, or grouped into ``.jsonl`` files, so the readers are exercised too.

    python benchmarks/make_corpus.py --articles 5000 --out /tmp/corpus
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from backchannel.corpus import iter_files, read_file

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "articles"

# Stand-ins swapped into the articles: (Arabic, English) pairs of invented names.
POOL = [("سامي الحداد", "Sami Haddad"), ("ماريا كوفاليفا", "Maria Kovaleva"), ("جون ميلر", "John Miller"),
        ("أوليغ سوروكين", "Oleg Sorokin"), ("آنا بيترينكو", "Anna Petrenko"), ("دانيال رايت", "Daniel Wright"),
        ("إيغور ماليشيف", "Igor Malyshev"), ("سارة كولينز", "Sarah Collins"), ("فيكتور بيلوف", "Viktor Belov"),
        ("ليلى منصور", "Layla Mansour")]
SWAP = [("ويتكوف", "Witkoff"), ("كوشنر", "Kushner"), ("ديمترييف", "Dmitriev"), ("ديميترييف", "Dmitriev")]


def vary(text: str, rng: random.Random) -> str:
    """A new article from ``text``: other names, other numbers."""
    for ar, en in SWAP:
        new_ar, new_en = rng.choice(POOL)
        text = text.replace(ar, new_ar.split()[-1]).replace(en, new_en.split()[-1])
    return re.sub(r"\d", lambda m: str(rng.randint(0, 9)) if rng.random() < 0.3 else m.group(0), text)


def make_corpus(n: int, out: Path, seed: int = 7, jsonl_share: float = 0.2) -> Path:
    """Write ``n`` synthetic articles under ``out`` and return it."""
    rng = random.Random(seed)
    templates = [doc for path in iter_files(DEMO) for doc in read_file(path)]
    if not templates:
        raise SystemExit(f"no demo articles under {DEMO}")
    out.mkdir(parents=True, exist_ok=True)
    batch: list[str] = []
    for i in range(n):
        base = rng.choice(templates)
        date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = vary(base.text, rng) + f"\n\n(#{i})"
        outlet = f"Synthetic Wire {i % 40}"
        if rng.random() < jsonl_share:
            batch.append(json.dumps({"text": text, "date": date, "outlet": outlet}, ensure_ascii=False))
            if len(batch) == 100:
                (out / f"batch_{i:06d}.jsonl").write_text("\n".join(batch), encoding="utf-8")
                batch = []
        else:
            (out / f"article_{i:06d}.txt").write_text(f"# outlet: {outlet}\n# date: {date}\n\n{text}", encoding="utf-8")
    if batch:
        (out / "batch_last.jsonl").write_text("\n".join(batch), encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    make_corpus(args.articles, args.out)
    print(f"wrote {args.articles} articles under {args.out}")


if __name__ == "__main__":
    main()
