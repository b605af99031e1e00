#!/usr/bin/env bash
# Ingest benchmark (issue 3): signed Sentry-size webhooks per second through the real ingest
# endpoint into Kafka, side by side with a bare Dropwizard endpoint that answers 202 doing
# nothing, and with Prometheus Alertmanager's POST /api/v2/alerts (one alert per request), all
# measured in the same run with wrk on loopback.
#
#   bench/ingest-bench.sh            full protocol, ~20 min: per run, connection count and target,
#                                    30 s warm-up then 30 s measured; 3 runs; 16 and 64 connections
#   bench/ingest-bench.sh --quick    smoke test, ~2 min: 5 s warm-up, 10 s measured, 1 run
#
# Writes bench/out/ingest-<date>.md (also printed) and keeps wrk's raw output beside it. Exits 3
# when any measured run had non-2xx responses or socket errors: such figures are marked INVALID
# and never reported as results. Run `bench/ingest-bench.sh --help` for all options.
set -euo pipefail

PROG=ingest-bench
ROOT=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# say, die, start, stop_pid, wait_until, ...: the harnesses' process supervision.
# shellcheck source=lib/processes.sh
source "$ROOT/bench/lib/processes.sh"
BENCH=$ROOT/bench
OUT=$BENCH/out
JAVA=${JAVA:-java}

# Ports: all on 127.0.0.1, away from the dev stack's (8080, 9092, ...) so both can run.
BARE_PORT=18080
BARE_ADMIN_PORT=19080
INGEST_PORT=18081
INGEST_ADMIN_PORT=19081
KAFKA_PORT=29092
CONTROLLER_PORT=29093
REGISTRY_PORT=28081
ALERTMANAGER_PORT=19093
SINK_PORT=19094

LOCAL_STACK_JAR=$ROOT/local-stack/target/local-stack.jar
INGEST_JAR=${INGEST_JAR:-$ROOT/ingest-service/target/ingest-service.jar}
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar

# The same JVM options for the bare app and ingest-service, so the ratio compares code, not
# heaps. A fixed heap also keeps a shared machine's memory predictable.
read -r -a SERVICE_JVM_OPTS <<<"${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
read -r -a STACK_JVM_OPTS <<<"${BENCH_STACK_OPTS:--Xmx1g}"

# Protocol (defaults: the issue's; --quick shrinks it).
WARMUP_SECONDS=30
MEASURE_SECONDS=30
RUNS=3
CONNECTIONS=(16 64)
WRK_THREADS=2
PAYLOAD_SIZE=8k
TARGETS=(bare ingest alertmanager)
FORCE_BUILD=''
# The bench aborts before a slot when the temp file system has less free space than this.
MIN_FREE_GB=${BENCH_MIN_FREE_GB:-15}
# Bench broker topics: small segments and a per-partition cap, so the broker's retention check
# deletes what the ingest target wrote (see BenchTopicRetention).
SEGMENT_BYTES=$((64 * 1024 * 1024))
RETENTION_BYTES=$((128 * 1024 * 1024))

START_SECONDS=90
STOP_GRACE_SECONDS=30
# wrk's own deadline on top of -d: a wedged wrk must not hang the bench.
WRK_GRACE_SECONDS=30

usage() {
  cat <<EOF
Usage: bench/$PROG.sh [options]

Benchmarks POST /webhooks/sentry of ingest-service (real endpoint, into a real local Kafka)
against a bare Dropwizard endpoint and Prometheus Alertmanager, with wrk on 127.0.0.1.

Options:
  --quick             smoke test: 5 s warm-up, 10 s measured runs, 1 run
  --runs N            measured runs per target and connection count (default $RUNS)
  --warmup SECONDS    warm-up before each measured run (default $WARMUP_SECONDS)
  --duration SECONDS  length of each measured run (default $MEASURE_SECONDS)
  --connections LIST  comma-separated connection counts (default 16,64)
  --targets LIST      comma-separated subset of bare,ingest,alertmanager (default all three)
  --size SIZE         Sentry body size: 8k (default), 100k, or bytes
  --build             rebuild the jars first (default: build only the missing ones)
  -h, --help          this text

Environment:
  BENCH_JAVA_OPTS     JVM options for the bare app and ingest-service (default: -Xms1g -Xmx1g
                      -XX:+UseParallelGC, the collector bin/incident-engine runs the services with)
  BENCH_STACK_OPTS    JVM options for the local stack (Kafka and the schema registry; default: -Xmx1g)
  BENCH_MIN_FREE_GB   abort when the temp file system has less free space (default: 15)
  INGEST_JAR          the ingest-service jar to run (default: ingest-service/target/ingest-service.jar),
                      e.g. to compare two builds run by run
  JAVA                java executable (default: java)

Installs wrk and prometheus-alertmanager with apt-get when missing. Ports: bare $BARE_PORT
(admin $BARE_ADMIN_PORT), ingest $INGEST_PORT (admin $INGEST_ADMIN_PORT), Kafka $KAFKA_PORT
(controller $CONTROLLER_PORT), schema registry $REGISTRY_PORT, Alertmanager $ALERTMANAGER_PORT,
its webhook sink $SINK_PORT.
EOF
}

# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

parse_args() {
  local target
  while [ $# -gt 0 ]; do
    case $1 in
      --quick)
        WARMUP_SECONDS=5
        MEASURE_SECONDS=10
        RUNS=1
        ;;
      --runs | --warmup | --duration | --connections | --targets | --size)
        [ $# -ge 2 ] || die_usage "missing value after $1"
        case $1 in
          --runs) positive_number "$1" "$2" && RUNS=$2 ;;
          --warmup) positive_number "$1" "$2" && WARMUP_SECONDS=$2 ;;
          --duration) positive_number "$1" "$2" && MEASURE_SECONDS=$2 ;;
          --connections) IFS=',' read -r -a CONNECTIONS <<<"$2" ;;
          --targets) IFS=',' read -r -a TARGETS <<<"$2" ;;
          --size) PAYLOAD_SIZE=$2 ;;
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
  local n
  for n in "${CONNECTIONS[@]}"; do
    positive_number --connections "$n"
  done
  [ ${#TARGETS[@]} -gt 0 ] || die_usage "--targets needs at least one of bare,ingest,alertmanager"
  for target in "${TARGETS[@]}"; do
    case $target in
      bare | ingest | alertmanager) ;;
      *) die_usage "unknown target '$target' (known: bare, ingest, alertmanager)" ;;
    esac
  done
}

wants() {
  local target
  for target in "${TARGETS[@]}"; do
    [ "$target" = "$1" ] && return 0
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# Tools and jars
# ---------------------------------------------------------------------------------------------

ensure_tools() {
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} with apt-get"
    [ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]} (or install them yourself)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed"
  fi
  command -v "$JAVA" >/dev/null 2>&1 || die "cannot find '$JAVA'; install Java 17 or set JAVA"
  command -v curl >/dev/null 2>&1 || die "cannot find curl"
}

ensure_jars() {
  local jar modules=()
  if [ -n "$FORCE_BUILD" ]; then
    modules=(local-stack ingest-service benchmarks)
  else
    for jar in "$LOCAL_STACK_JAR" "$INGEST_JAR" "$BENCH_JAR"; do
      [ -f "$jar" ] || modules+=("$(basename "$jar" .jar)")
    done
  fi
  [ ${#modules[@]} -gt 0 ] || return 0
  local list
  list=$(IFS=','; printf '%s' "${modules[*]}")
  say "building $list: ./mvnw -q -B -DskipTests -pl $list -am package"
  (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl "$list" -am package) || die "the build failed (see above)"
  for jar in "$LOCAL_STACK_JAR" "$INGEST_JAR" "$BENCH_JAR"; do
    [ -f "$jar" ] || die "the build did not produce ${jar#"$ROOT"/}"
  done
}

check_ports() {
  local port taken=''
  for port in "$BARE_PORT" "$BARE_ADMIN_PORT" "$INGEST_PORT" "$INGEST_ADMIN_PORT" "$KAFKA_PORT" \
      "$CONTROLLER_PORT" "$REGISTRY_PORT" "$ALERTMANAGER_PORT" "$SINK_PORT"; do
    if port_in_use "$port"; then
      say "port $port is already in use (find it with: ss -ltnp 'sport = :$port')"
      taken=1
    fi
  done
  [ -z "$taken" ] || die "stop whatever holds the port(s) above (another bench still running?)"
}

# ---------------------------------------------------------------------------------------------
# Processes: each started by this script, stopped by pid in cleanup
# ---------------------------------------------------------------------------------------------

WORK=''
PROC_NAMES=()
PROC_PIDS=()
LOCAL_STACK_PID=''
ALERTMANAGER_PID=''
ALERTMANAGER_STARTS=0
WRK_PID=''

show_log_tail() {
  printf '%s: last lines of %s:\n' "$PROG" "$1" >&2
  tail -n 30 "$1" 2>/dev/null | sed 's/^/    /' >&2 || true
}

fail_with_log() {
  printf '%s: %s\n' "$PROG" "$1" >&2
  show_log_tail "$2"
  exit 1
}

last_pid() {
  printf '%s\n' "${PROC_PIDS[${#PROC_PIDS[@]}-1]}"
}

CLEANED=''
cleanup() {
  local status=$? i
  [ -z "$CLEANED" ] || return 0
  CLEANED=1
  if [ -n "$WRK_PID" ]; then
    stop_pid wrk "$WRK_PID"
  fi
  # Newest first: the services before the broker they talk to.
  for ((i = ${#PROC_PIDS[@]} - 1; i >= 0; i--)); do
    stop_pid "${PROC_NAMES[$i]}" "${PROC_PIDS[$i]}"
  done
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "$status" -eq 1 ] && [ -d "$WORK/log" ]; then
      rm -rf "$OUT/last-failed-logs"
      mkdir -p "$OUT" && cp -r "$WORK/log" "$OUT/last-failed-logs" 2>/dev/null \
        && say "logs of the failed run kept in ${OUT#"$ROOT"/}/last-failed-logs"
    fi
    rm -rf "$WORK"
  fi
  return "$status"
}

start_local_stack() {
  local log=$WORK/log/local-stack.log
  say "starting the local stack (Kafka $KAFKA_PORT, schema registry $REGISTRY_PORT)"
  start local-stack "$log" "$JAVA" "${STACK_JVM_OPTS[@]}" -jar "$LOCAL_STACK_JAR" --data-dir "$WORK/local-stack" \
    --kafka-port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT" --registry-port "$REGISTRY_PORT"
  LOCAL_STACK_PID=$(last_pid)
  wait_until "the local stack" "$LOCAL_STACK_PID" "$log" grep -q '^READY' "$log"
  say "$(grep -m1 '^READY' "$log")"
  "$JAVA" -cp "$BENCH_JAR" io.agentix.incident.bench.BenchTopicRetention "localhost:$KAFKA_PORT" \
    "$SEGMENT_BYTES" "$RETENTION_BYTES" >"$WORK/log/topic-retention.log" 2>&1 \
    || fail_with_log "cannot cap the bench topics' retention" "$WORK/log/topic-retention.log"
}

# Bench config = ingest-service/config-dev.yml + bench/ingest-bench.overlay.yml (+ the Sentry secret
# overlay when the service accepts it). Copied to bench/out/ingest-bench.yml for the record.
INGEST_CONFIG=''
SENTRY_SECRET_CONFIGURED=''
generate_ingest_config() {
  local base=$ROOT/ingest-service/config-dev.yml overlay=$BENCH/ingest-bench.overlay.yml
  local sentry=$BENCH/ingest-bench-sentry.overlay.yml candidate=$WORK/ingest-bench-with-sentry.yml
  INGEST_CONFIG=$WORK/ingest-bench.yml
  "$JAVA" -cp "$BENCH_JAR" io.agentix.incident.bench.ConfigOverlay "$base" "$overlay" "$sentry" "$candidate" \
    || die "cannot merge $sentry onto $base"
  if "$JAVA" -jar "$INGEST_JAR" check "$candidate" >"$WORK/log/ingest-check.log" 2>&1; then
    cp "$candidate" "$INGEST_CONFIG"
    SENTRY_SECRET_CONFIGURED=1
  else
    say "WARNING: ingest-service rejects ${sentry#"$ROOT"/} (its Sentry settings are not named so yet):"
    grep -v '^\s*$' "$WORK/log/ingest-check.log" | grep -iv 'at \|^\s*\.\.\.' | head -n 5 | sed 's/^/    /' >&2 || true
    say "running ingest WITHOUT the Sentry secret: expect 401/404 and INVALID ingest figures"
    "$JAVA" -cp "$BENCH_JAR" io.agentix.incident.bench.ConfigOverlay "$base" "$overlay" "$INGEST_CONFIG" \
      || die "cannot merge $overlay onto $base"
    "$JAVA" -jar "$INGEST_JAR" check "$INGEST_CONFIG" >"$WORK/log/ingest-check.log" 2>&1 \
      || fail_with_log "ingest-service rejects the bench config $INGEST_CONFIG" "$WORK/log/ingest-check.log"
  fi
  cp "$INGEST_CONFIG" "$OUT/ingest-bench.yml"
}

start_services() {
  local log pid
  if wants ingest; then
    generate_ingest_config
    log=$WORK/log/ingest-service.log
    say "starting ingest-service on $INGEST_PORT (config: ${OUT#"$ROOT"/}/ingest-bench.yml)"
    start ingest-service "$log" "$JAVA" "${SERVICE_JVM_OPTS[@]}" -jar "$INGEST_JAR" server "$INGEST_CONFIG"
    pid=$(last_pid)
    wait_until "ingest-service" "$pid" "$log" http_ok "http://127.0.0.1:$INGEST_ADMIN_PORT/healthcheck"
  fi
  if wants bare; then
    log=$WORK/log/bare.log
    say "starting the bare app on $BARE_PORT"
    start bare "$log" "$JAVA" "${SERVICE_JVM_OPTS[@]}" -jar "$BENCH_JAR" server "$ROOT/benchmarks/bare.yml"
    pid=$(last_pid)
    wait_until "the bare app" "$pid" "$log" http_ok "http://127.0.0.1:$BARE_ADMIN_PORT/healthcheck"
  fi
  if wants alertmanager; then
    log=$WORK/log/webhook-sink.log
    start webhook-sink "$log" "$JAVA" -Xmx64m -cp "$BENCH_JAR" io.agentix.incident.bench.WebhookSink "$SINK_PORT"
    pid=$(last_pid)
    wait_until "the webhook sink" "$pid" "$log" http_ok "http://127.0.0.1:$SINK_PORT/count"
    cat >"$WORK/alertmanager.yml" <<EOF
# One route, one webhook receiver (the local sink); Alertmanager's defaults otherwise.
route:
  receiver: sink
  group_by: [alertname]
receivers:
  - name: sink
    webhook_configs:
      - url: http://127.0.0.1:$SINK_PORT/alertmanager
EOF
  fi
}

# Alertmanager keeps every distinct alert in memory (~3 KB each, millions per run), so each of
# its slots gets a fresh process and an empty store: its best case, and memory stays bounded.
restart_alertmanager() {
  local log
  if [ -n "$ALERTMANAGER_PID" ]; then
    stop_pid alertmanager "$ALERTMANAGER_PID"
  fi
  ALERTMANAGER_STARTS=$((ALERTMANAGER_STARTS + 1))
  log=$WORK/log/alertmanager-$ALERTMANAGER_STARTS.log
  rm -rf "$WORK/alertmanager-data"
  mkdir -p "$WORK/alertmanager-data"
  start alertmanager "$log" prometheus-alertmanager --config.file="$WORK/alertmanager.yml" \
    --storage.path="$WORK/alertmanager-data" --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" \
    --cluster.listen-address=
  ALERTMANAGER_PID=$(last_pid)
  wait_until "Alertmanager" "$ALERTMANAGER_PID" "$log" http_ok "http://127.0.0.1:$ALERTMANAGER_PORT/-/ready"
}

# ---------------------------------------------------------------------------------------------
# Load
# ---------------------------------------------------------------------------------------------

PAYLOAD=''
SIGNATURE=''
generate_payload() {
  local lines
  lines=$("$JAVA" -cp "$BENCH_JAR" io.agentix.incident.bench.SentryPayloads --size "$PAYLOAD_SIZE" \
    --secret bench --out "$OUT") || die "cannot generate the Sentry payload"
  PAYLOAD=$(printf '%s\n' "$lines" | sed -n '1s/ .*//p')
  SIGNATURE=$(printf '%s\n' "$lines" | sed -n '2p')
  { [ -f "$PAYLOAD" ] && [ -f "$SIGNATURE" ]; } || die "SentryPayloads did not write the body and signature"
}

url_of() {
  case $1 in
    bare) printf 'http://127.0.0.1:%s/webhooks/sentry\n' "$BARE_PORT" ;;
    ingest) printf 'http://127.0.0.1:%s/webhooks/sentry\n' "$INGEST_PORT" ;;
    alertmanager) printf 'http://127.0.0.1:%s/api/v2/alerts\n' "$ALERTMANAGER_PORT" ;;
  esac
}

# One request as wrk sends it, to show what a target answers before loading it.
probe() {
  local target=$1 url status body=$WORK/probe-body
  url=$(url_of "$target")
  if [ "$target" = alertmanager ]; then
    status=$(curl -s -o "$body" -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' \
      --data-binary '[{"labels":{"alertname":"BenchProbe","instance":"probe"}}]' "$url") || status=000
  else
    status=$(curl -s -o "$body" -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' \
      -H 'Sentry-Hook-Resource: event_alert' -H "Sentry-Hook-Timestamp: $(date +%s)" \
      -H "Sentry-Hook-Signature: $(cat "$SIGNATURE")" -H "Request-ID: $(printf '%032x' 0)" \
      --data-binary "@$PAYLOAD" "$url") || status=000
  fi
  case $status in
    2??) say "probe $target: $status" ;;
    *)
      say "WARNING: probe $target: POST $url answered $status: $(head -c 300 "$body" 2>/dev/null | tr '\n' ' ')"
      say "    its figures will be marked INVALID"
      ;;
  esac
}

wrk_cmd() {
  local target=$1 connections=$2 seconds=$3 url
  url=$(url_of "$target")
  local cmd=(timeout "$((seconds + WRK_GRACE_SECONDS))" wrk "-t$WRK_THREADS" "-c$connections" "-d${seconds}s" --latency)
  if [ "$target" = alertmanager ]; then
    cmd+=(-s "$BENCH/wrk/alertmanager.lua" "$url")
  else
    cmd+=(-s "$BENCH/wrk/sentry.lua" "$url" -- "$PAYLOAD" "$SIGNATURE")
  fi
  # In the background and waited for, so a signal to this script is handled at once (bash runs
  # traps only between foreground commands); cleanup stops it.
  "${cmd[@]}" &
  WRK_PID=$!
  local status=0
  wait "$WRK_PID" || status=$?
  WRK_PID=''
  return "$status"
}

check_disk() {
  local free_kb
  free_kb=$(df -Pk "$WORK" | awk 'NR == 2 { print $4 }')
  [ "$free_kb" -ge $((MIN_FREE_GB * 1024 * 1024)) ] \
    || die "only $((free_kb / 1024 / 1024)) GB free under $WORK (minimum $MIN_FREE_GB GB, BENCH_MIN_FREE_GB)"
}

# wrk prints latencies as 812.00us, 1.23ms, 2.01s; in ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n = n * 60000; else if (v ~ /s$/) n = n * 1000
    printf "%.3f", n
  }'
}

# Appends "target connections run req/s p50ms p99ms non2xx socket_errors" to RESULTS.
record() {
  local target=$1 connections=$2 run=$3 file=$4 rps p50 p99 non2xx socket
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$file")
  p50=$(awk '$1 == "50%" { print $2 }' "$file")
  p99=$(awk '$1 == "99%" { print $2 }' "$file")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$file")
  socket=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$file")
  if [ -z "$rps" ] || [ -z "$p50" ] || [ -z "$p99" ]; then
    say "WARNING: cannot read wrk's figures from $file"
    rps=0 p50=0ms p99=0ms non2xx=${non2xx:-unknown}
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$connections" "$run" "$rps" \
    "$(to_ms "$p50")" "$(to_ms "$p99")" "${non2xx:-0}" "${socket:-0}" >>"$RESULTS"
  say "  $target c=$connections run $run: $rps req/s, p50 $p50, p99 $p99${non2xx:+, NON-2XX $non2xx}${socket:+, socket errors $socket}"
}

# Where the CPU goes: user+system time of the target's process and of the broker (the local stack,
# Kafka and the schema registry) over a measured run, from /proc, and the machine's busy time; the
# rest is wrk and anything else running. Per request it tells what a delivery costs in each process.
CLOCK_TICKS=$(getconf CLK_TCK 2>/dev/null || echo 100)

process_ticks() {
  [ -n "$1" ] && awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

machine_ticks() {
  awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}

CPU_START=''
cpu_start() {
  local process
  case $1 in
    alertmanager) process=$ALERTMANAGER_PID ;; # restarted before each of its slots
    ingest) process=$(pid_of ingest-service) || process='' ;;
    *) process=$(pid_of "$1") || process='' ;;
  esac
  CPU_START="$process $(process_ticks "$process") $(process_ticks "$LOCAL_STACK_PID") $(machine_ticks) $(date +%s%N)"
}

# Appends target, connections, run, seconds, target cores, broker cores, machine cores, requests.
cpu_record() {
  local target=$1 connections=$2 run=$3 file=$4 process t0 b0 m0 n0 requests
  read -r process t0 b0 m0 n0 <<<"$CPU_START"
  requests=$(awk '/ requests in / { print $1 }' "$file")
  awk -v t0="$t0" -v t1="$(process_ticks "$process")" -v b0="$b0" -v b1="$(process_ticks "$LOCAL_STACK_PID")" \
      -v m0="$m0" -v m1="$(machine_ticks)" -v n0="$n0" -v n1="$(date +%s%N)" -v hz="$CLOCK_TICKS" \
      -v row="$target\t$connections\t$run" -v requests="${requests:-0}" 'BEGIN {
    s = (n1 - n0) / 1e9
    printf "%s\t%.1f\t%.2f\t%.2f\t%.2f\t%s\n", row, s, (t1 - t0) / hz / s, (b1 - b0) / hz / s, (m1 - m0) / hz / s, requests
  }' >>"$CPU"
}

RESULTS=''
CPU=''
RAW=''
measure_all() {
  local run connections target raw total=$((RUNS * ${#CONNECTIONS[@]} * ${#TARGETS[@]})) slot=0
  say "protocol: ${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured, $RUNS run(s), connections ${CONNECTIONS[*]}, targets ${TARGETS[*]} ($total slots, ~$(((WARMUP_SECONDS + MEASURE_SECONDS) * total / 60 + 1)) min)"
  for ((run = 1; run <= RUNS; run++)); do
    for connections in "${CONNECTIONS[@]}"; do
      for target in "${TARGETS[@]}"; do
        slot=$((slot + 1))
        check_disk
        [ "$target" != alertmanager ] || restart_alertmanager
        raw=$RAW/$target-c$connections-run$run
        say "[$slot/$total] $target, $connections connections, run $run: warm-up ${WARMUP_SECONDS} s"
        wrk_cmd "$target" "$connections" "$WARMUP_SECONDS" >"$raw-warmup.txt" 2>&1 \
          || fail_with_log "wrk failed warming up $target" "$raw-warmup.txt"
        cpu_start "$target"
        wrk_cmd "$target" "$connections" "$MEASURE_SECONDS" >"$raw.txt" 2>&1 \
          || fail_with_log "wrk failed measuring $target" "$raw.txt"
        cpu_record "$target" "$connections" "$run" "$raw.txt"
        record "$target" "$connections" "$run" "$raw.txt"
      done
    done
  done
}

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

# Markdown from RESULTS: per target and connection count the median and min-max over the runs
# (invalid runs excluded and counted), then the ratios against the issue's targets.
report() {
  local load_start=$1 load_end=$2 stamp=$3
  local java_version wrk_version am_version payload_bytes
  # wrk -v exits 1 after printing its version; none of these may stop the report.
  java_version=$("$JAVA" -version 2>&1 | head -n 1 || true)
  wrk_version=$(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }' || true)
  am_version=$(prometheus-alertmanager --version 2>&1 | head -n 1 | sed 's/ (.*//; s/^alertmanager, version /Alertmanager /' || true)
  payload_bytes=$(wc -c <"$PAYLOAD")
  cat <<EOF
# Ingest benchmark, $stamp

- Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average $load_start at start, $load_end at the end (other work on the machine skews the figures).
- $java_version; JVM options of bare and ingest: ${SERVICE_JVM_OPTS[*]}; of the local stack: ${STACK_JVM_OPTS[*]}; $wrk_version; $am_version.
- Protocol: per run, connection count and target: ${WARMUP_SECONDS} s warm-up, then ${MEASURE_SECONDS} s measured with \`wrk -t$WRK_THREADS -cN -d${MEASURE_SECONDS}s --latency\` on 127.0.0.1; $RUNS run(s); targets interleaved ${TARGETS[*]} within each run. Alertmanager restarted (empty store) before each of its slots.
- Payload: Sentry \`event_alert\`, $payload_bytes bytes, signed (\`Sentry-Hook-Signature\`), a fresh \`Request-ID\` and current \`Sentry-Hook-Timestamp\` per request; the same requests to bare and ingest. Alertmanager: one distinct alert per \`POST /api/v2/alerts\`.
- Ingest Sentry secret configured: $([ -n "$SENTRY_SECRET_CONFIGURED" ] && echo yes || echo "NO (see bench/ingest-bench-sentry.overlay.yml)").

| target | connections | req/s median (min-max) | p50 ms median (min-max) | p99 ms median (min-max) | valid runs |
|---|---|---|---|---|---|
EOF
  awk -F '\t' -v runs="$RUNS" -v order="${TARGETS[*]}" -v conns="${CONNECTIONS[*]}" '
    function median(list, n,    a, i, j, t) {
      split(list, a, " ")
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function lo(list,    a, i, n, m) { n = split(list, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]; return m }
    function hi(list,    a, i, n, m) { n = split(list, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 > m + 0) m = a[i]; return m }
    function cell(list, n, fmt) {
      if (n == 0) return "INVALID"
      if (n == 1) return sprintf(fmt, list)
      return sprintf(fmt " (" fmt "-" fmt ")", median(list, n), lo(list), hi(list))
    }
    {
      key = $1 SUBSEP $2
      seen[key] = 1
      if ($7 + 0 == 0 && $8 + 0 == 0 && $4 + 0 > 0) {
        valid[key]++
        rps[key] = rps[key] " " $4; p50[key] = p50[key] " " $5; p99[key] = p99[key] " " $6
      } else {
        bad[key] = bad[key] sprintf(" run %s: %s non-2xx, %s socket errors;", $3, $7, $8)
      }
      total[key]++
    }
    END {
      nt = split(order, t, " "); nc = split(conns, c, " ")
      for (i = 1; i <= nt; i++) for (j = 1; j <= nc; j++) {
        key = t[i] SUBSEP c[j]
        if (!(key in seen)) continue
        n = valid[key] + 0
        printf "| %s | %s | %s | %s | %s | %d/%d |\n", t[i], c[j], cell(rps[key], n, "%.0f"),
          cell(p50[key], n, "%.2f"), cell(p99[key], n, "%.2f"), n, total[key]
        if (n > 0) { mrps[key] = median(rps[key], n); mp99[key] = median(p99[key], n) }
      }
      print ""
      print "| connections | ingest/bare req/s | target | ingest p99 | target | verdict | ingest/alertmanager |"
      print "|---|---|---|---|---|---|---|"
      for (j = 1; j <= nc; j++) {
        b = "bare" SUBSEP c[j]; g = "ingest" SUBSEP c[j]; a = "alertmanager" SUBSEP c[j]
        ratio_min = c[j] >= 64 ? 0.40 : 0.25; p99_max = c[j] >= 64 ? 10 : 5
        rb = (g in mrps && b in mrps) ? sprintf("%.2f", mrps[g] / mrps[b]) : "n/a"
        ra = (g in mrps && a in mrps) ? sprintf("%.2f", mrps[g] / mrps[a]) : "n/a"
        p = (g in mp99) ? sprintf("%.2f ms", mp99[g]) : "n/a"
        verdict = (rb == "n/a" || p == "n/a") ? "no valid figures" : \
          ((rb + 0 >= ratio_min && mp99[g] + 0 < p99_max) ? "PASS" : "FAIL")
        if (verdict != "no valid figures" && (valid[g] < total[g] || valid[b] < total[b]))
          verdict = verdict sprintf(" (valid runs: ingest %d/%d, bare %d/%d)", valid[g], total[g], valid[b], total[b])
        printf "| %s | %s | >= %.2f | %s | < %d ms | %s | %s |\n", c[j], rb, ratio_min, p, p99_max, verdict, ra
      }
      invalid = ""
      for (key in bad) { split(key, k, SUBSEP); invalid = invalid sprintf("\n- %s, %s connections:%s", k[1], k[2], bad[key]) }
      if (invalid != "") {
        print ""
        print "**INVALID runs** (excluded above; a non-2xx answer means the target was misconfigured or refused the load):" invalid
      }
    }' "$RESULTS"
  cat <<EOF

Where the CPU goes (medians over the runs; cores busy during the measured run, from /proc; "rest" is
the machine's busy time minus the two processes: wrk and anything else running; per request: the
CPU time of every process on the machine divided by the requests answered):

| target | connections | target process cores | broker cores | rest cores | machine CPU per request | target process CPU per request |
|---|---|---|---|---|---|---|
EOF
  awk -F '\t' -v order="${TARGETS[*]}" -v conns="${CONNECTIONS[*]}" '
    function median(list,    a, i, j, t, n) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    $8 + 0 > 0 {
      key = $1 SUBSEP $2
      own[key] = own[key] " " $5; broker[key] = broker[key] " " $6; rest[key] = rest[key] " " ($7 - $5 - $6)
      all_us[key] = all_us[key] " " ($7 * $4 / $8 * 1e6); own_us[key] = own_us[key] " " ($5 * $4 / $8 * 1e6)
    }
    END {
      nt = split(order, t, " "); nc = split(conns, c, " ")
      for (i = 1; i <= nt; i++) for (j = 1; j <= nc; j++) {
        key = t[i] SUBSEP c[j]
        if (!(key in own)) continue
        printf "| %s | %s | %.2f | %.2f | %.2f | %.0f us | %.0f us |\n", t[i], c[j], median(own[key]),
          median(broker[key]), median(rest[key]), median(all_us[key]), median(own_us[key])
      }
    }' "$CPU"
  cat <<EOF

Targets (issue 3): at 64 connections ingest >= 40% of bare's rate with p99 < 10 ms; at 16
connections >= 25% with p99 < 5 ms; durable ingest at or above Alertmanager's in-memory rate is
the aim. Raw wrk output: ${RAW#"$ROOT"/}/.
EOF
}

main() {
  parse_args "$@"
  ensure_tools
  ensure_jars
  check_ports
  mkdir -p "$OUT"
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/ingest-bench.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$WORK/log"
  local stamp load_start load_end report_file
  stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
  RAW=$OUT/raw-$stamp
  RESULTS=$RAW/results.tsv
  CPU=$RAW/cpu.tsv
  mkdir -p "$RAW"
  load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)

  generate_payload
  if wants ingest; then
    start_local_stack
  fi
  start_services
  local target
  for target in "${TARGETS[@]}"; do
    [ "$target" != alertmanager ] || restart_alertmanager
    probe "$target"
  done
  measure_all

  load_end=$(cut -d ' ' -f 1-3 /proc/loadavg)
  report_file=$OUT/ingest-$stamp.md
  report "$load_start" "$load_end" "$(date -u '+%Y-%m-%d %H:%M UTC')" >"$WORK/report.md"
  mv "$WORK/report.md" "$report_file"
  cat "$report_file"
  say "report written to ${report_file#"$ROOT"/}"
  if awk -F '\t' '$7 + 0 > 0 || $8 + 0 > 0 || $4 + 0 == 0 { bad = 1 } END { exit !bad }' "$RESULTS"; then
    say "some runs had non-2xx responses or socket errors: their figures are INVALID (exit 3)"
    exit 3
  fi
}

main "$@"
