#!/usr/bin/env bash
# bench.sh A B [OUT] -- latency and indexing time of fouille binary B against binary A.
#
# 1. Search: on the seed index and on the 18 MB index, three `fouille bench` runs
#    (dev queries, FAQ questions, --vocabulary 300), each with A, then B, then A again
#    (alternating exposes the machine's drift: compare B with both A runs).
#    Both binaries search the SAME index (built once by A), so that the random split
#    of the 18 MB corpus into two tantivy segments does not differ between them.
# 2. Indexing: the 18 MB corpus indexed 3 times by each, alternating A B A B A B after
#    one warm-up each (farm-bench --vs when it is on PATH, else /usr/bin/time).
#
# Environment: DURATION (s per bench run, default 10; 1 for a smoke test),
#   INDEX_RUNS (default 3), SCALE_CORPUS (/work/scale), FOUILLE_MAIN (/work/main),
#   BENCH_THREADS (--concurrency, default 1).
# Output: one table on stdout, raw JSON in OUT (default /work/compare/bench-out).
# Nothing runs in parallel; run it on an otherwise idle machine (no cargo build).
set -euo pipefail
if [ $# -lt 2 ]; then echo "usage: $0 A B [OUT]" >&2; exit 2; fi
A=$(readlink -f "$1"); B=$(readlink -f "$2"); OUT=$(readlink -m "${3:-/work/compare/bench-out}")
for b in "$A" "$B"; do [ -x "$b" ] || { echo "$0: $b is not an executable" >&2; exit 2; }; done
MAIN=${FOUILLE_MAIN:-/work/main}
SCALE=${SCALE_CORPUS:-/work/scale}
DURATION=${DURATION:-10}
INDEX_RUNS=${INDEX_RUNS:-3}
THREADS=${BENCH_THREADS:-1}
Q_SEED=$MAIN/tests/data/dev.jsonl
Q_FAQ=$MAIN/tests/data/faq/dev.jsonl
mkdir -p "$OUT"
cd "$OUT"
log() { echo "[bench] $*" >&2; }

# the indexes searched by both binaries
for c in seed scale; do
  corpus=$MAIN/corpus; [ $c = scale ] && corpus=$SCALE
  log "indexing $c with A"
  "$A" index --corpus "$corpus" --index "$OUT/idx-$c" > "$OUT/idx-$c.log" 2>&1
done

: > "$OUT/runs.jsonl"
run_bench() {  # label index what binary-letter
  local label=$1 idx=$2 what=$3 who=$4 bin
  bin=$A; [ "$who" = B ] && bin=$B
  local args=(bench --index "$idx" --duration "$DURATION" --concurrency "$THREADS" --json)
  case $what in
    dev) args+=(--queries "$Q_SEED") ;;
    faq) args+=(--queries "$Q_FAQ") ;;
    vocab300) args+=(--vocabulary 300) ;;
  esac
  local json
  json=$("$bin" "${args[@]}")
  printf '{"index":"%s","what":"%s","bin":"%s","report":%s}\n' "$label" "$what" "$who" "$json" >> "$OUT/runs.jsonl"
  log "$label $what $who done"
}
for c in seed scale; do
  for what in dev faq vocab300; do
    for who in A B A; do run_bench "$c" "$OUT/idx-$c" "$what" "$who"; done
  done
done

python3 - "$OUT/runs.jsonl" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f'{"index":6s} {"queries":9s} {"bin":4s} {"n":>4s} {"qps":>9s} {"p50":>7s} {"p90":>7s} {"p99":>7s} {"p999":>7s} {"max":>8s}  (µs)')
for r in rows:
    j = r['report']; l = j['latency_us']
    print(f'{r["index"]:6s} {r["what"]:9s} {r["bin"]:4s} {j["queries"]:4d} {j["qps"]:9.0f} {l["p50"]:7d} '
          f'{l["p90"]:7d} {l["p99"]:7d} {l["p999"]:7d} {l["max"]:8d}' + (f'  errors {j["errors"]}' if j["errors"] else ''))
# B against the mean of the two A runs around it
print()
print('B / mean(A before, A after):')
for i in range(0, len(rows), 3):
    a1, b, a2 = (x['report'] for x in rows[i:i + 3])
    r = lambda k: b['latency_us'][k] / ((a1['latency_us'][k] + a2['latency_us'][k]) / 2)
    print(f'  {rows[i]["index"]:6s} {rows[i]["what"]:9s} p50 {r("p50"):.3f}  p99 {r("p99"):.3f}  '
          f'qps {b["qps"] / ((a1["qps"] + a2["qps"]) / 2):.3f}   (A drift p50 {a2["latency_us"]["p50"] / a1["latency_us"]["p50"]:.3f})')
EOF

# indexing time of the 18 MB corpus, alternating
log "indexing the 18 MB corpus: $INDEX_RUNS runs of each, alternating A B"
if command -v farm-bench >/dev/null; then
  farm-bench -n "$INDEX_RUNS" --warmup 1 --timeout 600 \
    --vs "$B index --corpus $SCALE --index $OUT/idx-time-B" \
    -- "$A" index --corpus "$SCALE" --index "$OUT/idx-time-A" | tee "$OUT/index-times.txt"
  echo "(farm-bench: first command = A, --vs = B; ratio rows are A/B)"
else
  for i in $(seq "$INDEX_RUNS"); do
    for who in A B; do
      bin=$A; [ $who = B ] && bin=$B
      /usr/bin/time -f "$who run $i: wall %e s, user %U s, sys %S s, peak %M KB" \
        "$bin" index --corpus "$SCALE" --index "$OUT/idx-time-$who" > /dev/null
    done
  done 2>&1 | grep ' run ' | tee "$OUT/index-times.txt"
fi
