#!/usr/bin/env bash
# Notifier benchmark (issue 5): notifications per second from `notifications` to mails accepted by a
# local SMTP server, and the latency from a notification's record timestamp to its mail's acceptance
# at fixed rates. The baseline, measured in the same run against the same SMTP server: the same
# channels (ConfiguredChannels, EmailChannel) sending the same notifications directly, without Kafka,
# with the same concurrency (the notifier's delivery.concurrency, 4).
#
#   bench/notifier-bench.sh            full protocol, 3 runs (~12 min)
#   bench/notifier-bench.sh --quick    1 run, fewer notifications, shorter latency windows (~4 min)
#   bench/notifier-bench.sh --build    rebuild the jars first (after changing notifier-service)
#   bench/notifier-bench.sh --runs N   N runs
#
# The broker is the local stack (a real single-node KRaft Kafka + schema registry) as a separate JVM on
# 127.0.0.1:49092 (controller 49093, registry 48081). Each measurement runs NotifierBench in a JVM of its
# own (the real NotificationLoop with its topics and consumer group, and the SMTP server on an ephemeral
# loopback port). The SMTP server is a minimal sink (SmtpSink) for the main figures, because GreenMail
# (parsing and storing every mail) is itself the limit; one GreenMail throughput pair per run shows that.
# Writes bench/out/notifier-<UTC>.md and the raw JSON lines beside it.
set -euo pipefail

ROOT=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/bench/out
JAVA=${JAVA:-java}
LOCAL_STACK_JAR=$ROOT/local-stack/target/local-stack.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
KAFKA_PORT=49092
CONTROLLER_PORT=49093
REGISTRY_PORT=48081
RUNS=3
NOTIFICATIONS=20000
WARMUP=4000
GREENMAIL_NOTIFICATIONS=2000
LATENCY_WARMUP=10
LATENCY_SECONDS=30
RATES="100 500"
BUILD=''

while [ $# -gt 0 ]; do
  case $1 in
    --quick) RUNS=1; NOTIFICATIONS=5000; WARMUP=1000; GREENMAIL_NOTIFICATIONS=500; LATENCY_WARMUP=5; LATENCY_SECONDS=10; shift ;;
    --runs) RUNS=$2; shift 2 ;;
    --build) BUILD=yes; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "notifier-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -n "$BUILD" ] || [ ! -f "$LOCAL_STACK_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  (cd "$ROOT" && ./mvnw -q -B -ntp -DskipTests -pl local-stack,benchmarks -am package)
fi

mkdir -p "$OUT"
STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/notifier-bench.XXXXXX")
RAW=$OUT/notifier-raw-$STAMP.jsonl
REPORT=$OUT/notifier-$STAMP.md
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
    echo "notifier-bench: port $port is in use" >&2
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
grep -q '^READY' "$WORK/stack.log" || { echo "notifier-bench: the local stack did not start" >&2; exit 1; }

measure() {
  echo "  $*" >&2
  "$JAVA" -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$BENCH_JAR" io.agentix.incident.bench.NotifierBench \
    --bootstrap "127.0.0.1:$KAFKA_PORT" --registry "http://127.0.0.1:$REGISTRY_PORT" "$@" 2>"$WORK/bench.err" \
    | tee -a "$RAW" >&2 || { tail -30 "$WORK/bench.err" >&2; exit 1; }
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$RUNS"); do
  echo "run $run of $RUNS (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  for mode in direct notifier; do
    measure --scenario throughput --mode "$mode" --smtp sink --warmup $WARMUP --notifications $NOTIFICATIONS
  done
  for mode in direct notifier; do
    measure --scenario throughput --mode "$mode" --smtp greenmail --warmup 200 --notifications $GREENMAIL_NOTIFICATIONS
  done
  for rate in $RATES; do
    for mode in direct notifier; do
      measure --scenario latency --mode "$mode" --smtp sink --rate "$rate" \
        --warmup-seconds $LATENCY_WARMUP --seconds $LATENCY_SECONDS
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
def med(rs, key):
    return statistics.median(r[key] for r in rs)
dups = sum(r.get("duplicates", 0) for r in rows)
out = [f"# Notifier benchmark {raw.rsplit('-raw-', 1)[1][:-6]}", "",
       f"Commit: {commit}. Runs: {runs}. Load average at start {load_start}, at end {load_end}.",
       "Medians of the runs, min-max in brackets; ratios are ratios of medians.",
       f"Mails the SMTP server took twice: {dups}.", "",
       "## Throughput: notifications/s until every mail was accepted by SMTP (notifier: and every offset committed)", "",
       "| smtp | mode | concurrency | notifications | notifications/s | to last mail (s) |", "|---|---|---|---|---|---|"]
ratios = []
for smtp in ("sink", "greenmail"):
    thr = {}
    for mode in ("direct", "notifier"):
        rs = [r for r in rows if r["scenario"] == "throughput" and r["mode"] == mode and r["smtp"] == smtp]
        if rs:
            thr[mode] = med(rs, "perSecond")
            out.append(f"| {smtp} | {mode} | {rs[0]['concurrency']} | {rs[0]['notifications']:,} | "
                       f"{cell([r['perSecond'] for r in rs])} | {cell([r['mailedSeconds'] for r in rs], '{:.2f}')} |")
    if len(thr) == 2:
        ratios.append(f"- {smtp}: notifier / direct throughput {thr['notifier'] / thr['direct']:.2f}")
out += [""] + ratios
out += ["", "## Latency: record timestamp on `notifications` (direct: hand-over to the pool) -> mail accepted by SMTP (ms)", "",
        "| rate/s | mode | notifications | p50 | p90 | p99 | max |", "|---|---|---|---|---|---|---|"]
lat_ratios = []
for rate in sorted({r["rate"] for r in rows if r["scenario"] == "latency"}):
    meds = {}
    for mode in ("direct", "notifier"):
        rs = [r for r in rows if r["scenario"] == "latency" and r["mode"] == mode and r["rate"] == rate]
        if rs:
            meds[mode] = {k: med(rs, k) for k in ("p50", "p99")}
            out.append(f"| {rate:,} | {mode} | {rs[0]['notifications']:,} | " + " | ".join(cell([r[k] for r in rs]) for k in ("p50", "p90", "p99", "max")) + " |")
    if len(meds) == 2:
        lat_ratios.append(f"- {rate}/s: notifier p50 {meds['notifier']['p50']:.0f} ms vs direct {meds['direct']['p50']:.0f} ms, "
                          f"p99 {meds['notifier']['p99']:.0f} ms vs {meds['direct']['p99']:.0f} ms "
                          f"(p99 ratio {meds['notifier']['p99'] / max(meds['direct']['p99'], 1):.1f})")
out += [""] + lat_ratios
open(report, "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
echo "report: $REPORT (raw: $RAW)" >&2
