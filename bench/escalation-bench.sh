#!/usr/bin/env bash
# Escalation benchmark (issue 4): alerts per second through the escalation topology with
# exactly_once_v2 and 10k open incidents, and the latency from an alert on `alerts` to its first
# notification on `notifications` at 1,000 alerts/s with commit.interval.ms 100 and 10. The
# baseline, measured in the same run with the same settings, is an exactly-once copy from
# `alerts` to `notifications` (one Streams hop doing nothing).
#
#   bench/escalation-bench.sh            full protocol, 3 runs (~35 min)
#   bench/escalation-bench.sh --quick    1 run, shorter windows (~9 min)
#   bench/escalation-bench.sh --build    rebuild the jars first
#   bench/escalation-bench.sh --scenarios latency --commit-intervals 10    one part of the protocol
#   bench/escalation-bench.sh --scenarios latency --repeats-per-new 9      an alert storm: 1,000 alerts/s
#                                        of which 1 in 10 is a new problem, the rest repeats of open ones
#
# Each latency measurement warms up for 90 s at the measured rate (--quick: 60 s) before its 30 s
# window, and each throughput measurement first takes as many unmeasured alerts as it measures: on
# 2 cores the JIT compilers of a fresh JVM (and of the broker at the start) take about half a core
# each for the first minute, and a 10-15 s warm-up measured them, not the topology.
#
# The broker is the local stack (a real single-node KRaft Kafka + schema registry) as a separate
# JVM on 127.0.0.1:39092 (registry 38081). Each measurement runs EscalationBench in a JVM of its
# own with topics and an application id of its own. Writes bench/out/escalation-<UTC>.md.
set -euo pipefail

ROOT=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/bench/out
JAVA=${JAVA:-java}
LOCAL_STACK_JAR=$ROOT/local-stack/target/local-stack.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
KAFKA_PORT=39092
CONTROLLER_PORT=39093
REGISTRY_PORT=38081
RUNS=3
LATENCY_WARMUP=90
LATENCY_SECONDS=30
SCENARIOS=throughput,latency
INTERVALS=100,10
OPEN_INCIDENTS=10000
ALERTS=200000
RATE=1000
REPEATS_PER_NEW=0
BUILD=''

while [ $# -gt 0 ]; do
  case $1 in
    --quick) RUNS=1; LATENCY_WARMUP=60; LATENCY_SECONDS=15; ALERTS=100000; shift ;;
    --runs) RUNS=$2; shift 2 ;;
    --latency-warmup) LATENCY_WARMUP=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --commit-intervals) INTERVALS=$2; shift 2 ;;
    --repeats-per-new) REPEATS_PER_NEW=$2; shift 2 ;;
    --build) BUILD=yes; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "escalation-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -n "$BUILD" ] || [ ! -f "$LOCAL_STACK_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl local-stack,benchmarks -am package)
fi

mkdir -p "$OUT"
STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/escalation-bench.XXXXXX")
RAW=$OUT/escalation-raw-$STAMP.jsonl
REPORT=$OUT/escalation-$STAMP.md
STACK_PID=''

cleanup() {
  if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then
    kill "$STACK_PID" 2>/dev/null || true
    wait "$STACK_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in $KAFKA_PORT $CONTROLLER_PORT $REGISTRY_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "escalation-bench: port $port is in use" >&2
    exit 2
  fi
done

echo "starting the local stack (broker + registry) on 127.0.0.1:$KAFKA_PORT" >&2
"$JAVA" -Xmx1g -jar "$LOCAL_STACK_JAR" --data-dir "$WORK/stack" --kafka-port $KAFKA_PORT \
  --controller-port $CONTROLLER_PORT --registry-port $REGISTRY_PORT --partitions 1 >"$WORK/stack.log" 2>&1 &
STACK_PID=$!
for _ in $(seq 120); do
  grep -q '^READY' "$WORK/stack.log" && break
  kill -0 "$STACK_PID" 2>/dev/null || { cat "$WORK/stack.log" >&2; exit 1; }
  sleep 1
done
grep -q '^READY' "$WORK/stack.log" || { echo "escalation-bench: the local stack did not start" >&2; exit 1; }

measure() {
  echo "  $*" >&2
  "$JAVA" -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$BENCH_JAR" io.agentix.incident.bench.EscalationBench \
    --bootstrap "127.0.0.1:$KAFKA_PORT" --registry "http://127.0.0.1:$REGISTRY_PORT" "$@" 2>"$WORK/bench.err" \
    | tee -a "$RAW" >&2 || { tail -30 "$WORK/bench.err" >&2; exit 1; }
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$RUNS"); do
  echo "run $run of $RUNS" >&2
  if [[ ",$SCENARIOS," == *,throughput,* ]]; then
    for topology in copy engine; do
      measure --scenario throughput --topology "$topology" --commit-interval-ms 100 \
        --open-incidents $OPEN_INCIDENTS --warmup-alerts $ALERTS --alerts $ALERTS
    done
  fi
  [[ ",$SCENARIOS," == *,latency,* ]] || continue
  for interval in ${INTERVALS//,/ }; do
    for topology in copy engine; do
      measure --scenario latency --topology "$topology" --commit-interval-ms "$interval" --rate $RATE \
        --warmup-seconds $LATENCY_WARMUP --seconds $LATENCY_SECONDS --repeats-per-new $REPEATS_PER_NEW
    done
  done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$RAW" "$REPORT" "$RUNS" "$LOAD_START" "$LOAD_END" "$(git -C "$ROOT" log -1 --format='%h %s')" <<'PY'
import json, statistics, sys
raw, report, runs, load_start, load_end, commit = sys.argv[1:]
rows = [json.loads(line) for line in open(raw)]
def cell(values, fmt="{:,.0f}"):
    values = sorted(values)
    return f"{fmt.format(statistics.median(values))} ({fmt.format(values[0])}-{fmt.format(values[-1])})"
out = [f"# Escalation benchmark {raw.rsplit('-raw-', 1)[1][:-6]}", "",
       f"Commit: {commit}. Runs: {runs}. Load average at start {load_start}, at end {load_end}.",
       "Medians of the runs, min-max in brackets; ratios are ratios of medians."]
warmups = sorted({r["warmupSeconds"] for r in rows if r["scenario"] == "latency" and "warmupSeconds" in r})
if warmups:
    out.append("Latency warm-up: " + ", ".join(f"{w} s" for w in warmups) + " at the measured rate before each window.")
if any(r["scenario"] == "throughput" for r in rows):
    out += ["", "## Throughput: alerts/s, exactly_once_v2, commit.interval.ms 100", "",
            "| topology | open incidents | alerts | alerts/s |", "|---|---|---|---|"]
thr = {}
for topo in ("copy", "engine"):
    rs = [r for r in rows if r["scenario"] == "throughput" and r["topology"] == topo]
    if rs:
        thr[topo] = statistics.median(r["alertsPerSecond"] for r in rs)
        out.append(f"| {topo} | {rs[0]['openIncidents']:,} | {rs[0]['alerts']:,} | {cell([r['alertsPerSecond'] for r in rs])} |")
if len(thr) == 2:
    out += ["", f"engine / copy: {thr['engine'] / thr['copy']:.2f}"]
if any(r["scenario"] == "latency" for r in rows):
    out += ["", "## Latency: alert on `alerts` -> first notification on `notifications` (ms)", "",
        "| commit.interval.ms | topology | alerts/s | p50 | p90 | p99 | p99.9 | max |", "|---|---|---|---|---|---|---|---|"]
for interval in sorted({r["commitIntervalMs"] for r in rows if r["scenario"] == "latency"}, reverse=True):
    for topo in ("copy", "engine"):
        rs = [r for r in rows if r["scenario"] == "latency" and r["topology"] == topo and r["commitIntervalMs"] == interval]
        if rs:
            repeats = rs[0].get("repeatsPerNew", 0)
            rate = f"{rs[0]['rate']:,}" + (f" ({rs[0]['rate'] // (repeats + 1):,} new problems/s)" if repeats else " (all new problems)")
            out.append(f"| {interval} | {topo} | {rate} | " + " | ".join(cell([r[k] for r in rs]) for k in ("p50", "p90", "p99", "p999", "max")) + " |")
open(report, "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
echo "report: $REPORT (raw: $RAW)" >&2
