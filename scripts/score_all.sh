#!/bin/sh
# Score every annotated set the project has: the seeds, eval/heldout, eval/unseen and each
# story under eval/stories. Extra arguments go to `backchannel build` (e.g. --no-kb).
# Usage: scripts/score_all.sh [--no-kb]
set -e
cd "$(dirname "$0")/.."
BC=${BC:-.venv/bin/backchannel}
OUT=${OUT:-/tmp/backchannel-scores}
SCORE=../shared/eval/score.py
mkdir -p "$OUT"
one() {
    name=$1 articles=$2 gold=$3
    shift 3
    "$BC" build "$articles" --db "$OUT/$name.db" --replace "$@" > "$OUT/$name.log" 2>&1
    "$BC" export --db "$OUT/$name.db" --format json > "$OUT/$name.json"
    echo "== $name"
    python3 "$SCORE" --gold "$gold" --pred "$OUT/$name.json" --docs "$articles" | grep -E '^ *(actors|events|deals|proposals|facts)'
}
[ -f "$SCORE" ] && [ -d ../shared/corpus/seeds ] && one seeds ../shared/corpus/seeds ../shared/gold/seeds.json "$@"
one heldout eval/heldout/articles eval/heldout/gold.json "$@"
one unseen eval/unseen/articles eval/unseen/gold.json "$@"
for d in eval/stories/*/; do
    one "$(basename "$d")" "$d/articles" "$d/gold.json" "$@"
done
