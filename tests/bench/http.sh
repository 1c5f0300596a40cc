#!/usr/bin/env bash
# Issue 7's HTTP benchmark: intc's hello service against Node's `http`, nginx and a
# single-threaded hyper server, each answering GET /hello with {"message":"Hello, World!"};
# then (PROXY=1, the default) a pass-through proxy row: intc (http:Client), nginx
# (proxy_pass) and Node forwarding to the hyper server.
# Usage: bash tests/bench/http.sh        (needs wrk, nginx, node, curl, python3)
#   DURATION=10s CONNECTIONS=50 PROXY=1 bash tests/bench/http.sh
# For each server: start-up (exec to first 200), idle VmRSS, requests/s of
# `wrk -t1 -c50 -d10s`, VmRSS sampled half-way through that run, VmHWM after it, and p99 of a
# second `wrk --latency` run. wrk shares the machine's cores with the server under test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
duration="${DURATION:-10s}"
conns="${CONNECTIONS:-50}"
secs="${duration%s}"
cargo build --release -q -p intc
intc="${CARGO_TARGET_DIR:-$root/target}/release/intc"
cargo build --release -q --manifest-path "$here/http/hyper_hello/Cargo.toml"
hyper="$here/http/hyper_hello/target/release/hyper_hello"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }
rss_kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# start NAME PORT COMMAND...: runs COMMAND in the background, waits until GET /hello answers 200,
# sets $pid and $startup_ms.
start() {
  local name="$1" port="$2"; shift 2
  local t0; t0="$(now_ns)"
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 3000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/hello" || true)" = 200 ]; then
      startup_ms=$(( ($(now_ns) - t0) / 1000000 ))
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited before answering:" >&2; cat "$work/$name.err" >&2; return 1
    fi
    sleep 0.005
  done
  echo "$name did not answer within 15 s" >&2
  return 1
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# to_ms VALUE: wrk's "1.23ms" / "456.00us" / "1.20s" in milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# measure NAME PORT: the wrk runs against a started server ($pid); appends a result line.
measure() {
  local name="$1" port="$2" url="http://127.0.0.1:$2/hello"
  local idle; idle="$(rss_kb "$pid" VmRSS)"
  wrk -t1 -c"$conns" -d"$duration" "$url" >"$work/$name.wrk" &
  local w=$!
  sleep "$(( secs / 2 ))"
  local load; load="$(rss_kb "$pid" VmRSS)"
  wait "$w"
  local hwm; hwm="$(rss_kb "$pid" VmHWM)"
  wrk -t1 -c"$conns" -d"$duration" --latency "$url" >"$work/$name.lat"
  local rps p99 errs
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/$name.wrk")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/$name.lat")")"
  errs="$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$work/$name.wrk")"
  echo "$name|$rps|$p99|$startup_ms|$idle|$load|$hwm|$errs" >>"$work/results"
}

run_one() { # NAME COMMAND... (the command's port is $port)
  local name="$1"; shift
  start "$name" "$port" "$@"
  measure "$name" "$port"
  stop "$pid"
}

nginx_conf() { # PORT PROXYPORT BACKEND PREFIX -> config path
  mkdir -p "$4"
  sed -e "s|@PORT@|$1|g" -e "s|@PROXYPORT@|$2|g" -e "s|@BACKEND@|$3|g" -e "s|@PREFIX@|$4|g" \
    "$here/http/nginx.conf.in" >"$4/nginx.conf"
  echo "$4/nginx.conf"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
port="$(free_port)"; run_one intc "$intc" run "$here/http/hello.int" "-Cport=$port"
port="$(free_port)"; run_one hyper "$hyper" "$port"
port="$(free_port)"; run_one node node "$here/http/hello.js" "$port"
port="$(free_port)"
conf="$(nginx_conf "$port" "$(free_port)" "$(free_port)" "$work/nginx")"
run_one nginx nginx -c "$conf" -p "$work/nginx"

if [ "${PROXY:-1}" = 1 ]; then
  bport="$(free_port)"
  start hyper-backend "$bport" "$hyper" "$bport"
  backend_pid="$pid"
  port="$(free_port)"
  run_one "intc proxy" "$intc" run "$here/http/proxy.int" "-Cport=$port" "-Cbackend=http://127.0.0.1:$bport"
  port="$(free_port)"
  conf="$(nginx_conf "$(free_port)" "$port" "$bport" "$work/nginx-proxy")"
  # The proxy server's /hello answers once the backend does: start() polls the proxy port.
  run_one "nginx proxy" nginx -c "$conf" -p "$work/nginx-proxy"
  port="$(free_port)"; run_one "node proxy" node "$here/http/proxy.js" "$port" "$bport"
  stop "$backend_pid"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$work/results" <<'PY'
import sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
print("| server | requests/s | vs intc | p99 latency | start-up | idle RSS | RSS under load | peak RSS (VmHWM) | errors |")
print("|---|---|---|---|---|---|---|---|---|")
ref = {}
for name, rps, p99, start, idle, load, hwm, errs in rows:
    group = "proxy" if name.endswith("proxy") else "hello"
    rps = float(rps or 0)
    if name.startswith("intc"):
        ref[group] = rps
    r = ref.get(group)
    ratio = f"{rps / r:.2f}x" if r else "—"
    mib = lambda kb: f"{int(kb or 0) / 1024:.1f} MiB"
    print(f"| {name} | {rps:,.0f} | {ratio} | {p99} ms | {start} ms | {mib(idle)} | {mib(load)} | {mib(hwm)} | {errs.strip() or '—'} |")
PY
