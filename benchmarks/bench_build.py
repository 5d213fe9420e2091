"""Build benchmark: articles per second for each stage and the whole build, and peak memory.

    python benchmarks/bench_build.py --articles 2000 [--jobs 2] [--add 10]

Prints one table, then what adding ``--add`` new articles to the built knowledge base costs
(the analysis cache at work); the figures go into the closing notes so each issue shows
what the pipeline's growth costs.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_corpus  # noqa: E402

from backchannel.pipeline import BuildOptions, build  # noqa: E402


def peak_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB (Linux reports KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--add", type=int, default=10, help="then add this many new articles to the knowledge base")
    ap.add_argument("--collapse-copies", action="store_true",
                    help="let wire-copy detection collapse the synthetic articles (variations of a few demo texts, "
                         "so most are near-copies); by default each is analysed, to measure the pipeline")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BACKCHANNEL_CACHE"] = str(Path(tmp) / "cache")  # a cold cache, not the user's
        t0 = time.perf_counter()
        corpus = make_corpus(args.articles, Path(tmp) / "corpus")
        made = time.perf_counter() - t0
        options = BuildOptions(jobs=args.jobs, wire_copies=args.collapse_copies)
        report = build([corpus], Path(tmp) / "kb.db", options, replace=True)
        size = (Path(tmp) / "kb.db").stat().st_size / 1e6
        more = make_corpus(args.add, Path(tmp) / "more", seed=11) if args.add else None
        added = build([more], Path(tmp) / "kb.db", options) if more else None
    s, n = report.seconds, report.documents
    print(f"synthetic corpus: {n} articles ({args.articles} asked), made in {made:.1f}s, jobs={args.jobs}, "
          f"{report.copies} collapsed as wire copies")
    print(f"{'stage':<14}{'seconds':>10}{'articles/s':>14}")
    for stage in ("read", "per_document", "corpus", "store", "total"):
        print(f"{stage:<14}{s[stage]:>10.2f}{n / s[stage] if s[stage] else float('inf'):>14.1f}")
    print(f"peak memory {peak_mb():.0f} MB; knowledge base {size:.1f} MB; "
          + ", ".join(f"{k} {v}" for k, v in report.counts.items()))
    if added is not None:
        a = added.seconds
        print(f"adding {added.new_documents} articles: {a['total']:.1f}s in all ({a['total'] / s['total']:.0%} of the "
              f"full build), {added.cached} analyses from the cache; per document {a['per_document']:.1f}s, "
              f"corpus {a['corpus']:.1f}s, store {a['store']:.1f}s")


if __name__ == "__main__":
    main()
