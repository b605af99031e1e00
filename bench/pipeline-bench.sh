#!/usr/bin/env bash
# Full-pipeline benchmark (issue 6, item 6), side by side with Prometheus Alertmanager, in one run:
#
#   1. The whole engine in production shape: the local stack (broker + schema registry) as one JVM, then
#      ingest-service, escalation-streams and notifier-service each as a JVM of its own from its jar
#      (`java -jar X.jar server CONFIG`, as `bin/incident-engine ingest|streams|notifier server` runs them),
#      on their config-dev.yml plus a bench overlay (bench/pipeline-bench.*.overlay.yml): loopback bench
#      ports, streams commit interval 20 ms (then 10 ms: --commit-intervals), pages of every person as
#      signed webhooks to the driver's HTTP receiver, mail to its SMTP sink.
#      The driver (io.agentix.incident.bench.PipelineBench) POSTs Alertmanager-format webhooks, each alert
#      a distinct problem (each opens a P2 incident that pages on-call once), over HTTP/1.1 keep-alive:
#      open loop at 100/s and 1,000/s, then a closed loop (N connections, as fast as answered). It matches
#      every page to its webhook: webhooks/s accepted, incidents/s through to the page, webhook sent ->
#      page received p50/p99/max, loss and duplicates; VmRSS and heap used of each JVM at rest and under load;
#      CPU of each process (and the driver) per phase: cores while sending, CPU time per webhook paged.
#   2. Prometheus Alertmanager (Debian package prometheus-alertmanager) alone on the machine, one route,
#      group_by ['...'] (every alert its own group), group_wait 0s, a webhook receiver in the driver: the
#      same phases against POST /api/v2/alerts, one alert per request; alert -> webhook latency the same way.
#   3. A markdown report: bench/out/pipeline-<UTC>.md (raw JSON lines beside it).
#
#   bench/pipeline-bench.sh            full protocol (~35 min): 240 s warm-up at 400/s, 60 s per phase, commit 20 and 10 ms
#   bench/pipeline-bench.sh --quick    smoke run (~5 min): 5 s warm-up, 10 s per phase, commit 20 ms only
#
# Share the machine politely: run it as `flock /tmp/bench.lock bench/pipeline-bench.sh`.
# Run `bench/pipeline-bench.sh --help` for every option.
set -euo pipefail

PROG=pipeline-bench
ROOT=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# say, die, start, stop_pid, wait_until, ...: the harnesses' process supervision.
# shellcheck source=lib/processes.sh
source "$ROOT/bench/lib/processes.sh"
BENCH=$ROOT/bench
OUT=$BENCH/out
JAVA=${JAVA:-java}

# Ports, all on 127.0.0.1, away from the dev stack's and the other benches' (the overlays name them too).
KAFKA_PORT=59092
CONTROLLER_PORT=59093
REGISTRY_PORT=58081
INGEST_PORT=58080
INGEST_ADMIN_PORT=59080
STREAMS_PORT=58082
STREAMS_ADMIN_PORT=59082
NOTIFIER_PORT=58083
NOTIFIER_ADMIN_PORT=59083
RECEIVER_PORT=58090
SMTP_PORT=58025
ALERTMANAGER_PORT=58093
PAGE_SECRET=bench-page-secret

LOCAL_STACK_JAR=$ROOT/local-stack/target/local-stack.jar
INGEST_JAR=$ROOT/ingest-service/target/ingest-service.jar
STREAMS_JAR=$ROOT/escalation-streams/target/escalation-streams.jar
NOTIFIER_JAR=$ROOT/notifier-service/target/notifier-service.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar

read -r -a SERVICE_JVM_OPTS <<<"${PIPELINE_SERVICE_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}"
read -r -a STACK_JVM_OPTS <<<"${PIPELINE_STACK_OPTS:--Xmx1g}"

# Protocol (--quick shrinks it).
# The warm-up is long and below the pipeline's rate: on two shared cores the five JVMs' JIT compilers
# take 40% of the machine for the first two to three minutes (BENCHMARKS.md, "The runs measured the JIT"),
# and the driver waits for the warm-up's pages before the first phase.
WARMUP_RATE=400
WARMUP_SECONDS=240
PHASE_SECONDS=60
RATES=(100 1000)
CONCURRENCY=16
COMMIT_INTERVALS=(20 10)
DRAIN_SECONDS=120
FINAL_DRAIN_SECONDS=300
STALL_SECONDS=30
TARGETS=(pipeline alertmanager)
FORCE_BUILD=''
# notifier delivery.concurrency (worker threads sending pages): empty keeps the shipped 4.
NOTIFIER_CONCURRENCY=''
# Keep-alive connections of the open-loop phases: enough that a target answering in 50 ms still gets
# 1,000 requests/s (each connection sends its next request only when the previous one is answered).
OPEN_CONNECTIONS=64

START_SECONDS=120
STOP_GRACE_SECONDS=30

usage() {
  sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF

Options:
  --quick                  smoke run: warm-up 5 s at 100/s, 10 s per phase, commit interval 20 ms only
  --seconds N              length of each measured phase (default $PHASE_SECONDS)
  --warmup N               warm-up seconds before the phases (default $WARMUP_SECONDS)
  --warmup-rate N          webhooks/s of the warm-up (default $WARMUP_RATE); on 2 cores fresh JVMs compile
                           for two to three minutes under load (the report's "of which JIT compiling"
                           column shows whether a phase still did)
  --rates LIST             open-loop rates, comma-separated (default 100,1000)
  --concurrency N          connections of the closed-loop phase, both targets (default $CONCURRENCY)
  --commit-intervals LIST  streams commit.interval.ms values, one pipeline pass each (default 20,10)
  --targets LIST           pipeline,alertmanager (default both)
  --notifier-concurrency N the notifier's delivery.concurrency (default: as shipped, 4)
  --open-connections N     keep-alive connections of the open-loop phases (default $OPEN_CONNECTIONS); when a
                           phase's webhooks/s accepted stays below its rate, the target answered too slowly
                           for N connections (its latency still counts from when each request was due)
  --build                  rebuild the jars first (default: build only the missing ones)
  -h, --help               this text

Environment:
  PIPELINE_SERVICE_OPTS    JVM options of ingest, streams and notifier (default: -Xms512m -Xmx512m
                           -XX:+UseParallelGC, the collector bin/incident-engine runs them with)
  PIPELINE_STACK_OPTS      JVM options of the local stack (default: -Xmx1g)
  JAVA                     java executable (default: java)

Installs prometheus-alertmanager with apt-get when missing (needs root; otherwise:
apt-get install -y --no-install-recommends prometheus-alertmanager). Ports (127.0.0.1): Kafka $KAFKA_PORT
(controller $CONTROLLER_PORT), registry $REGISTRY_PORT, ingest $INGEST_PORT/$INGEST_ADMIN_PORT, streams
$STREAMS_PORT/$STREAMS_ADMIN_PORT, notifier $NOTIFIER_PORT/$NOTIFIER_ADMIN_PORT, the driver's page/webhook
receiver $RECEIVER_PORT and SMTP sink $SMTP_PORT, Alertmanager $ALERTMANAGER_PORT.
EOF
}

parse_args() {
  while [ $# -gt 0 ]; do
    case $1 in
      --quick)
        WARMUP_RATE=100
        WARMUP_SECONDS=5
        PHASE_SECONDS=10
        COMMIT_INTERVALS=(20)
        DRAIN_SECONDS=60
        FINAL_DRAIN_SECONDS=240
        STALL_SECONDS=20
        ;;
      --seconds | --warmup | --warmup-rate | --rates | --concurrency | --commit-intervals | --targets | --notifier-concurrency | --open-connections)
        [ $# -ge 2 ] || die_usage "missing value after $1"
        case $1 in
          --seconds) positive_number "$1" "$2" && PHASE_SECONDS=$2 ;;
          --warmup) positive_number "$1" "$2" && WARMUP_SECONDS=$2 ;;
          --warmup-rate) positive_number "$1" "$2" && WARMUP_RATE=$2 ;;
          --rates) IFS=',' read -r -a RATES <<<"$2" ;;
          --concurrency) positive_number "$1" "$2" && CONCURRENCY=$2 ;;
          --commit-intervals) IFS=',' read -r -a COMMIT_INTERVALS <<<"$2" ;;
          --targets) IFS=',' read -r -a TARGETS <<<"$2" ;;
          --notifier-concurrency) positive_number "$1" "$2" && NOTIFIER_CONCURRENCY=$2 ;;
          --open-connections) positive_number "$1" "$2" && OPEN_CONNECTIONS=$2 ;;
        esac
        shift
        ;;
      --build) FORCE_BUILD=1 ;;
      -h | --help)
        usage
        exit 0
        ;;
      *) die_usage "unknown option '$1'" ;;
    esac
    shift
  done
  local n t
  for n in "${RATES[@]}"; do positive_number --rates "$n"; done
  for n in "${COMMIT_INTERVALS[@]}"; do positive_number --commit-intervals "$n"; done
  for t in "${TARGETS[@]}"; do
    case $t in
      pipeline | alertmanager) ;;
      *) die_usage "unknown target '$t' (known: pipeline, alertmanager)" ;;
    esac
  done
}

wants() {
  local t
  for t in "${TARGETS[@]}"; do
    [ "$t" = "$1" ] && return 0
  done
  return 1
}

# The phases both targets run, as PipelineBench's --phases.
phases() {
  local list="warmup:$WARMUP_RATE:$WARMUP_SECONDS" rate
  for rate in "${RATES[@]}"; do
    list="$list,open:$rate:$PHASE_SECONDS"
  done
  printf '%s,closed:%s:%s\n' "$list" "$CONCURRENCY" "$PHASE_SECONDS"
}

# ---------------------------------------------------------------------------------------------
# Tools, jars, ports
# ---------------------------------------------------------------------------------------------

ensure_tools() {
  command -v "$JAVA" >/dev/null 2>&1 || die "cannot find '$JAVA'; install Java 17 or set JAVA"
  command -v curl >/dev/null 2>&1 || die "cannot find curl"
  command -v python3 >/dev/null 2>&1 || die "cannot find python3 (it writes the report)"
  if wants alertmanager && ! command -v prometheus-alertmanager >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || die "prometheus-alertmanager is missing; install it as root: apt-get install -y --no-install-recommends prometheus-alertmanager (or run with --targets pipeline)"
    say "installing prometheus-alertmanager with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus-alertmanager >/dev/null \
      || die "apt-get install prometheus-alertmanager failed"
  fi
}

ensure_jars() {
  local jar missing=''
  for jar in "$LOCAL_STACK_JAR" "$INGEST_JAR" "$STREAMS_JAR" "$NOTIFIER_JAR" "$BENCH_JAR"; do
    [ -f "$jar" ] || missing=1
  done
  if [ -n "$FORCE_BUILD" ] || [ -n "$missing" ]; then
    local list=local-stack,ingest-service,escalation-streams,notifier-service,benchmarks
    say "building: ./mvnw -q -B -ntp -DskipTests -pl $list -am package"
    (cd "$ROOT" && ./mvnw -q -B -ntp -DskipTests -pl "$list" -am package) || die "the build failed (see above)"
  fi
  for jar in "$LOCAL_STACK_JAR" "$INGEST_JAR" "$STREAMS_JAR" "$NOTIFIER_JAR" "$BENCH_JAR"; do
    [ -f "$jar" ] || die "the build did not produce ${jar#"$ROOT"/}"
  done
}

check_ports() {
  local entry taken=''
  for entry in "$KAFKA_PORT|Kafka" "$CONTROLLER_PORT|Kafka controller" "$REGISTRY_PORT|schema registry" \
      "$INGEST_PORT|ingest" "$INGEST_ADMIN_PORT|ingest admin" "$STREAMS_PORT|streams" \
      "$STREAMS_ADMIN_PORT|streams admin" "$NOTIFIER_PORT|notifier" "$NOTIFIER_ADMIN_PORT|notifier admin" \
      "$RECEIVER_PORT|the driver's receiver" "$SMTP_PORT|the driver's SMTP sink" "$ALERTMANAGER_PORT|Alertmanager"; do
    if port_in_use "${entry%%|*}"; then
      say "port ${entry%%|*} ($(printf '%s' "${entry#*|}")) is already in use; find its owner with: ss -ltnp 'sport = :${entry%%|*}'"
      taken=1
    fi
  done
  [ -z "$taken" ] || die "stop whatever holds the port(s) above (another pipeline-bench still running?)"
}

# ---------------------------------------------------------------------------------------------
# Processes: each started by this script, stopped by pid (never by name)
# ---------------------------------------------------------------------------------------------

WORK=''
PROC_NAMES=()
PROC_PIDS=()
DRIVER_PID=''

fail_with_log() {
  say "$1"
  printf '%s: last lines of %s:\n' "$PROG" "$2" >&2
  tail -n 30 "$2" 2>/dev/null | sed 's/^/    /' >&2 || true
  exit 1
}

# Stops one named process started by start() and forgets it.
stop_named() {
  local i
  for i in "${!PROC_NAMES[@]}"; do
    if [ "${PROC_NAMES[$i]}" = "$1" ] && [ -n "${PROC_PIDS[$i]}" ]; then
      stop_pid "$1" "${PROC_PIDS[$i]}"
      PROC_PIDS[$i]=''
    fi
  done
}

CLEANED=''
cleanup() {
  local status=$? i
  [ -z "$CLEANED" ] || return 0
  CLEANED=1
  trap '' INT TERM HUP
  if [ -n "$DRIVER_PID" ]; then
    stop_pid driver "$DRIVER_PID"
  fi
  # Newest first: the services before the broker they talk to.
  for ((i = ${#PROC_PIDS[@]} - 1; i >= 0; i--)); do
    [ -n "${PROC_PIDS[$i]}" ] && stop_pid "${PROC_NAMES[$i]}" "${PROC_PIDS[$i]}"
  done
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    # The services log at WARN here: what they warned about (a retried page, a slow commit) is kept for every run.
    if [ -n "${STAMP:-}" ] && [ -d "$WORK/log" ]; then
      grep -H -E ' (WARN|ERROR) ' "$WORK"/log/*.log 2>/dev/null | sed "s|^$WORK/log/||" | head -n 2000 \
        >"$OUT/pipeline-warnings-$STAMP.txt" || true
    fi
    if [ "$status" -ne 0 ] && [ -d "$WORK/log" ]; then
      rm -rf "$OUT/pipeline-last-failed-logs"
      mkdir -p "$OUT" && cp -r "$WORK/log" "$OUT/pipeline-last-failed-logs" 2>/dev/null \
        && say "logs of the failed run kept in ${OUT#"$ROOT"/}/pipeline-last-failed-logs"
    fi
    rm -rf "$WORK"
  fi
  return "$status"
}

# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------

start_local_stack() {
  local log=$WORK/log/local-stack.log pid
  say "starting the local stack (Kafka 127.0.0.1:$KAFKA_PORT, schema registry $REGISTRY_PORT)"
  start local-stack "$log" "$JAVA" "${STACK_JVM_OPTS[@]}" -jar "$LOCAL_STACK_JAR" --data-dir "$WORK/local-stack" \
    --kafka-port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT" --registry-port "$REGISTRY_PORT"
  pid=$(pid_of local-stack)
  wait_until "the local stack" "$pid" "$log" grep -q '^READY' "$log"
  say "$(grep -m1 '^READY' "$log")"
}

# CONFIG = MODULE/config-dev.yml + bench/pipeline-bench.NAME.overlay.yml (+ extra overlays), checked by
# the service's own `check` command; copied to bench/out/ for the record.
make_config() {
  local name=$1 module=$2 jar=$3 out=$4
  shift 4
  "$JAVA" -cp "$BENCH_JAR" io.agentix.incident.bench.ConfigOverlay "$ROOT/$module/config-dev.yml" \
    "$BENCH/pipeline-bench.$name.overlay.yml" "$@" "$out" || die "cannot merge the $name overlay"
  "$JAVA" -jar "$jar" check "$out" >"$WORK/log/$name-check.log" 2>&1 \
    || fail_with_log "$module rejects the bench config $out" "$WORK/log/$name-check.log"
}

start_service() {
  local name=$1 module=$2 jar=$3 config=$4 admin=$5 log pid
  log=$WORK/log/$name-$(date -u +%H%M%S).log
  say "starting $module ($(basename "$config")), log ${log#"$WORK"/}"
  start "$name" "$log" env STREAMS_STATE_DIR="$WORK/streams-state" INCIDENT_ENGINE_VAR="$WORK/var" \
    "$JAVA" "${SERVICE_JVM_OPTS[@]}" -jar "$jar" server "$config"
  pid=$(pid_of "$name")
  wait_until "$module" "$pid" "$log" http_ok "http://127.0.0.1:$admin/healthcheck"
}

# The driver in the foreground (waited for, so Ctrl-C is handled at once); its JSON lines go to RAW.
run_driver() {
  local log=$WORK/log/driver-$1.log status=0
  shift
  # nodelay: the receiver answers like a real pager's web server (TCP_NODELAY), not with the JDK server's
  # default Nagle, which can hold a small answer back until the client's delayed ACK (tens of ms).
  "$JAVA" -Xms512m -Xmx1g -Dsun.net.httpserver.nodelay=true -cp "$BENCH_JAR" io.agentix.incident.bench.PipelineBench "$@" \
    --open-connections "$OPEN_CONNECTIONS" --drain-seconds "$DRAIN_SECONDS" --final-drain-seconds "$FINAL_DRAIN_SECONDS" --stall-seconds "$STALL_SECONDS" \
    --clock-ticks "$(getconf CLK_TCK)" >>"$RAW" 2>"$log" &
  DRIVER_PID=$!
  tail -f "$log" --pid "$DRIVER_PID" 2>/dev/null | sed -u 's/^/    /' >&2 &
  wait "$DRIVER_PID" || status=$?
  DRIVER_PID=''
  [ "$status" -eq 0 ] || fail_with_log "the driver failed (exit $status)" "$log"
}

# Each service's Prometheus metrics after a pass (consumer lag, delivery and request timings), for
# finding the slow stage: bench/out/pipeline-metrics-<stamp>-<label>-<service>.txt.
save_metrics() {
  local entry
  for entry in "ingest|$INGEST_ADMIN_PORT" "streams|$STREAMS_ADMIN_PORT" "notifier|$NOTIFIER_ADMIN_PORT"; do
    curl -s --max-time 5 "http://127.0.0.1:${entry#*|}/metrics/prometheus" \
      >"$OUT/pipeline-metrics-$STAMP-$1-${entry%%|*}.txt" 2>/dev/null || true
  done
}

run_pipeline() {
  local ci config
  make_config ingest ingest-service "$INGEST_JAR" "$WORK/ingest.yml"
  local notifier_extra=()
  if [ -n "$NOTIFIER_CONCURRENCY" ]; then
    printf 'delivery:\n  concurrency: %s\n' "$NOTIFIER_CONCURRENCY" >"$WORK/notifier-concurrency.yml"
    notifier_extra=("$WORK/notifier-concurrency.yml")
  fi
  make_config notifier notifier-service "$NOTIFIER_JAR" "$WORK/notifier.yml" ${notifier_extra[@]+"${notifier_extra[@]}"}
  cp "$WORK/ingest.yml" "$OUT/pipeline-bench-ingest.yml"
  cp "$WORK/notifier.yml" "$OUT/pipeline-bench-notifier.yml"
  start_service ingest ingest-service "$INGEST_JAR" "$WORK/ingest.yml" "$INGEST_ADMIN_PORT"
  start_service notifier notifier-service "$NOTIFIER_JAR" "$WORK/notifier.yml" "$NOTIFIER_ADMIN_PORT"
  for ci in "${COMMIT_INTERVALS[@]}"; do
    printf 'streams:\n  commitInterval: %sms\n' "$ci" >"$WORK/commit-$ci.yml"
    config=$WORK/streams-commit$ci.yml
    make_config streams escalation-streams "$STREAMS_JAR" "$config" "$WORK/commit-$ci.yml"
    cp "$config" "$OUT/pipeline-bench-streams-commit$ci.yml"
    start_service streams escalation-streams "$STREAMS_JAR" "$config" "$STREAMS_ADMIN_PORT"
    say "pipeline, commit interval $ci ms (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    run_driver "pipeline-commit$ci" --target pipeline --label "commit${ci}ms" --port "$INGEST_PORT" \
      --receiver-port "$RECEIVER_PORT" --smtp-port "$SMTP_PORT" --page-secret "$PAGE_SECRET" --phases "$(phases)" \
      --proc "local-stack:$(pid_of local-stack)" --proc "ingest:$(pid_of ingest):$INGEST_ADMIN_PORT" \
      --proc "streams:$(pid_of streams):$STREAMS_ADMIN_PORT" --proc "notifier:$(pid_of notifier):$NOTIFIER_ADMIN_PORT"
    save_metrics "commit$ci"
    stop_named streams
  done
  stop_named notifier
  stop_named ingest
  stop_named local-stack
}

# ---------------------------------------------------------------------------------------------
# Alertmanager
# ---------------------------------------------------------------------------------------------

run_alertmanager() {
  local log=$WORK/log/alertmanager.log pid
  cat >"$WORK/alertmanager.yml" <<EOF
# One route: every alert its own group (group_by '...'), notified at once (group_wait 0s), to the
# bench driver's webhook receiver.
route:
  receiver: driver
  group_by: ['...']
  group_wait: 0s
  group_interval: 5m
  repeat_interval: 4h
receivers:
  - name: driver
    webhook_configs:
      - url: http://127.0.0.1:$RECEIVER_PORT/alertmanager
        send_resolved: false
EOF
  cp "$WORK/alertmanager.yml" "$OUT/pipeline-bench-alertmanager.yml"
  mkdir -p "$WORK/alertmanager-data"
  say "starting Alertmanager on $ALERTMANAGER_PORT"
  start alertmanager "$log" prometheus-alertmanager --config.file="$WORK/alertmanager.yml" \
    --storage.path="$WORK/alertmanager-data" --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" \
    --cluster.listen-address=
  pid=$(pid_of alertmanager)
  wait_until "Alertmanager" "$pid" "$log" http_ok "http://127.0.0.1:$ALERTMANAGER_PORT/-/ready"
  say "Alertmanager (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  run_driver alertmanager --target alertmanager --label alertmanager --port "$ALERTMANAGER_PORT" \
    --receiver-port "$RECEIVER_PORT" --phases "$(phases)" --proc "alertmanager:$pid"
  stop_named alertmanager
}

# ---------------------------------------------------------------------------------------------

main() {
  parse_args "$@"
  ensure_tools
  ensure_jars
  check_ports
  mkdir -p "$OUT"
  STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
  RAW=$OUT/pipeline-raw-$STAMP.jsonl
  REPORT=$OUT/pipeline-$STAMP.md
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/pipeline-bench.XXXXXX")
  mkdir -p "$WORK/log" "$WORK/var"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  : >"$RAW"
  local load_start load_end started
  started=$(date -u +%H:%M:%S)
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  if wants pipeline; then
    start_local_stack
    run_pipeline
  fi
  if wants alertmanager; then
    run_alertmanager
  fi
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)
  python3 "$BENCH/pipeline-report.py" "$RAW" "$REPORT" \
    "stamp=$STAMP" "started=$started" "ended=$(date -u +%H:%M:%S)" "load_start=$load_start" "load_end=$load_end" \
    "commit=$(git -C "$ROOT" log -1 --format='%h %s' 2>/dev/null || echo unknown)" \
    "java=$("$JAVA" -version 2>&1 | head -n 1)" \
    "alertmanager=$(prometheus-alertmanager --version 2>&1 | head -n 1 || true)" \
    "machine=$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)" \
    "service_opts=${SERVICE_JVM_OPTS[*]}" "stack_opts=${STACK_JVM_OPTS[*]}" "phases=$(phases)" \
    "commit_intervals=${COMMIT_INTERVALS[*]}" "concurrency=$CONCURRENCY" "open_connections=$OPEN_CONNECTIONS" \
    "notifier_concurrency=${NOTIFIER_CONCURRENCY:-4 (shipped)}" \
    || die "cannot write the report from $RAW"
  say "report: ${REPORT#"$ROOT"/} (raw: ${RAW#"$ROOT"/}; configs: bench/out/pipeline-bench-*.yml)"
}

main "$@"
