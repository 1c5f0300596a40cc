#!/usr/bin/env bash
# Issue 7, serving on every core: the hello example (`examples/http_hello`) on one thread
# (`INTC_HTTP_THREADS=1`) against the default (one thread per core), each measured RUNS times
# with `wrk -tWRK_THREADS -cCONNECTIONS -dDURATION` of GET /hello/greeting?name=intc; prints
# every run's requests/s and the median per setting.
# Usage: bash tests/bench/http_threads.sh     (needs wrk, curl, python3)
#   RUNS=3 DURATION=10s CONNECTIONS=64 WRK_THREADS=2 bash tests/bench/http_threads.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
runs="${RUNS:-3}"
duration="${DURATION:-10s}"
conns="${CONNECTIONS:-64}"
wrk_threads="${WRK_THREADS:-2}"
cargo build --release -q -p intc
intc="${CARGO_TARGET_DIR:-$root/target}/release/intc"
work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# measure LABEL THREADS-SETTING: starts the example, runs wrk $runs times, stops it.
measure() {
  local label="$1" setting="$2" port rates=()
  port="$(free_port)"
  if [ -n "$setting" ]; then
    INTC_HTTP_THREADS="$setting" "$intc" run examples/http_hello -Cport="$port" -Chost=127.0.0.1 \
      >"$work/out" 2>"$work/err" &
  else
    env -u INTC_HTTP_THREADS "$intc" run examples/http_hello -Cport="$port" -Chost=127.0.0.1 \
      >"$work/out" 2>"$work/err" &
  fi
  pid=$!
  for _ in $(seq 1 3000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/hello/greeting" || true)" = 200 ] && break
    sleep 0.005
  done
  local threads
  threads="$(cat /proc/"$pid"/task/*/comm 2>/dev/null | grep -c "^http-$port-" || true)"
  for _ in $(seq 1 "$runs"); do
    local rate
    rate="$(wrk -t"$wrk_threads" -c"$conns" -d"$duration" \
      "http://127.0.0.1:$port/hello/greeting?name=intc" | awk '/^Requests\/sec/ {print $2}')"
    rates+=("$rate")
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  local median
  median="$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  echo "$label: replicas $((threads)), runs ${rates[*]} requests/s, median $median"
}

echo "cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "INTC_HTTP_THREADS=1" 1
measure "default" ""
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
