# Process supervision shared by the bench harnesses (ingest-bench.sh, pipeline-bench.sh); sourced, not run.
# The sourcing script sets PROG (its name, for messages), START_SECONDS and STOP_GRACE_SECONDS, declares the
# arrays PROC_NAMES and PROC_PIDS (what it started, for its cleanup) and defines fail_with_log WHAT LOG.

say() {
  printf '%s: %s\n' "$PROG" "$*" >&2
}

die() {
  printf '%s: %s\n' "$PROG" "$*" >&2
  exit 1
}

die_usage() {
  printf '%s: %s\n' "$PROG" "$*" >&2
  printf "Run 'bench/%s.sh --help' for usage.\n" "$PROG" >&2
  exit 2
}

positive_number() {
  case $2 in
    '' | *[!0-9]* | 0) die_usage "$1 needs a positive number, got '$2'" ;;
  esac
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

is_alive() {
  kill -0 "$1" 2>/dev/null
}

# start NAME LOG COMMAND...: in the background, not in its own process group, so Ctrl-C
# reaches only this script, whose trap stops everything in order.
start() {
  local name=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1 </dev/null &
  PROC_NAMES+=("$name")
  PROC_PIDS+=("$!")
}

# The pid of the running process start() named $1; fails when there is none.
pid_of() {
  local i
  for i in "${!PROC_NAMES[@]}"; do
    if [ "${PROC_NAMES[$i]}" = "$1" ] && [ -n "${PROC_PIDS[$i]}" ]; then
      printf '%s\n' "${PROC_PIDS[$i]}"
      return 0
    fi
  done
  return 1
}

# SIGTERM, up to the grace period, then SIGKILL.
stop_pid() {
  local name=$1 pid=$2 deadline
  is_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_GRACE_SECONDS))
  while is_alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
  if is_alive "$pid"; then
    say "$name (pid $pid) did not stop within ${STOP_GRACE_SECONDS} s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

wait_until() {
  local what=$1 pid=$2 log=$3 deadline=$((SECONDS + START_SECONDS))
  shift 3
  until "$@"; do
    is_alive "$pid" || fail_with_log "$what exited during start-up" "$log"
    [ "$SECONDS" -lt "$deadline" ] || fail_with_log "$what was not ready within ${START_SECONDS} s" "$log"
    sleep 0.5
  done
}

http_ok() {
  curl -sf -o /dev/null --max-time 2 "$1"
}
