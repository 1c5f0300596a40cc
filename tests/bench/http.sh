#!/usr/bin/env bash
# Issue 7's HTTP benchmark, one run, three workloads, each with wrk on loopback:
#   hello      GET /hello answering {"message":"Hello, World!"}: intc (hello.int), a plain
#              hyper server (hyper_hello), Node's `http` (hello.js), nginx (`return`);
#   proxy      GET /hello forwarded to a hyper backend's /hello (PROXY=1, the default): intc
#              (proxy.int, http:Client), hyper (hyper_hello with a pooled client), nginx
#              (proxy_pass), Node (proxy.js, keep-alive agent);
#   transform  POST /transform of a 1 KB JSON order (http/order.json), answered as XML
#              (TRANSFORM=1, the default): intc (transform.int: records, xml templates and a
#              query), hyper (serde_json + quick-xml), Node (transform.js, string building).
# intc and hyper serve on one thread (INTC_HTTP_THREADS=1; hyper's current-thread runtime),
# Node and nginx on one by nature; THREADS_ROWS=1 (the default) adds intc on its default
# thread count (one per core) against hyper's multi-thread runtime with as many workers.
# Usage: bash tests/bench/http.sh        (needs wrk, nginx, node, curl, python3)
#   DURATION=10s CONNECTIONS=50 PROXY=1 TRANSFORM=1 THREADS_ROWS=1 bash tests/bench/http.sh
# For each server: start-up (exec to first 200 on GET /hello), idle VmRSS, requests/s of
# `wrk -t1 -c50 -d10s`, VmRSS sampled half-way through that run, VmHWM after it, and p99 of a
# second `wrk --latency` run. wrk shares the machine's cores with the server under test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
duration="${DURATION:-10s}"
conns="${CONNECTIONS:-50}"
secs="${duration%s}"
# INTC_BIN=path times an intc built elsewhere (say, before a change) instead of building.
if [ -z "${INTC_BIN:-}" ]; then cargo build --release -q -p intc; fi
intc="${INTC_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/intc}"
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

# measure NAME GROUP PORT: the wrk runs against a started server ($pid), on $path with the
# extra wrk arguments in $wrk_args; appends a result line.
measure() {
  local name="$1" group="$2" url="http://127.0.0.1:$3$path"
  local idle; idle="$(rss_kb "$pid" VmRSS)"
  # shellcheck disable=SC2086
  wrk -t1 -c"$conns" -d"$duration" $wrk_args "$url" >"$work/$name.wrk" &
  local w=$!
  sleep "$(( secs / 2 ))"
  local load; load="$(rss_kb "$pid" VmRSS)"
  wait "$w"
  local hwm; hwm="$(rss_kb "$pid" VmHWM)"
  # shellcheck disable=SC2086
  wrk -t1 -c"$conns" -d"$duration" --latency $wrk_args "$url" >"$work/$name.lat"
  local rps p99 errs
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/$name.wrk")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/$name.lat")")"
  errs="$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$work/$name.wrk")"
  echo "$group|$name|$rps|$p99|$startup_ms|$idle|$load|$hwm|$errs|$(cut -d' ' -f1 /proc/loadavg)" >>"$work/results"
}

run_one() { # NAME GROUP COMMAND... (the command's port is $port)
  local name="$1" group="$2"; shift 2
  start "$name" "$port" "$@"
  measure "$name" "$group" "$port"
  stop "$pid"
}

nginx_conf() { # PORT PROXYPORT BACKEND PREFIX -> config path
  mkdir -p "$4"
  sed -e "s|@PORT@|$1|g" -e "s|@PROXYPORT@|$2|g" -e "s|@BACKEND@|$3|g" -e "s|@PREFIX@|$4|g" \
    "$here/http/nginx.conf.in" >"$4/nginx.conf"
  echo "$4/nginx.conf"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
cores="$(nproc)"
path=/hello
wrk_args=""
port="$(free_port)"; run_one intc hello env INTC_HTTP_THREADS=1 "$intc" run "$here/http/hello.int" "-Cport=$port"
port="$(free_port)"; run_one hyper hello "$hyper" "$port" 1
port="$(free_port)"; run_one node hello node "$here/http/hello.js" "$port"
port="$(free_port)"
conf="$(nginx_conf "$port" "$(free_port)" "$(free_port)" "$work/nginx")"
run_one nginx hello nginx -c "$conf" -p "$work/nginx"
if [ "${THREADS_ROWS:-1}" = 1 ]; then
  port="$(free_port)"; run_one "intc, $cores threads" "hello, $cores threads" env -u INTC_HTTP_THREADS "$intc" run "$here/http/hello.int" "-Cport=$port"
  grep -h "thread\|replica" "$work/intc, $cores threads.out" "$work/intc, $cores threads.err" >&2 || true
  port="$(free_port)"; run_one "hyper, $cores threads" "hello, $cores threads" "$hyper" "$port" "$cores"
fi

if [ "${PROXY:-1}" = 1 ]; then
  bport="$(free_port)"
  start hyper-backend "$bport" "$hyper" "$bport" 1
  backend_pid="$pid"
  port="$(free_port)"
  run_one "intc proxy" proxy env INTC_HTTP_THREADS=1 "$intc" run "$here/http/proxy.int" "-Cport=$port" "-Cbackend=http://127.0.0.1:$bport"
  port="$(free_port)"; run_one "hyper proxy" proxy "$hyper" "$port" 1 "$bport"
  port="$(free_port)"
  conf="$(nginx_conf "$(free_port)" "$port" "$bport" "$work/nginx-proxy")"
  # The proxy server's /hello answers once the backend does: start() polls the proxy port.
  run_one "nginx proxy" proxy nginx -c "$conf" -p "$work/nginx-proxy"
  port="$(free_port)"; run_one "node proxy" proxy node "$here/http/proxy.js" "$port" "$bport"
  stop "$backend_pid"
fi

if [ "${TRANSFORM:-1}" = 1 ]; then
  path=/transform
  wrk_args="-s $here/http/transform.lua"
  export ORDER="$here/http/order.json"
  # Each server must answer the order with an XML document first.
  check_transform() { # PORT NAME
    local out; out="$(curl -s -H 'content-type: application/json' --data-binary "@$ORDER" "http://127.0.0.1:$1/transform")"
    case "$out" in
      "<order id=\"ORD-2026-000417\""*"<total>745.38"*) ;;
      *) echo "$2 answered the order with: $out" >&2; return 1 ;;
    esac
  }
  for who in intc hyper node; do
    port="$(free_port)"
    case "$who" in
      intc) start "intc transform" "$port" env INTC_HTTP_THREADS=1 "$intc" run "$here/http/transform.int" "-Cport=$port" ;;
      hyper) start "hyper transform" "$port" "$hyper" "$port" 1 ;;
      node) start "node transform" "$port" node "$here/http/transform.js" "$port" ;;
    esac
    check_transform "$port" "$who"
    measure "$who transform" transform "$port"
    stop "$pid"
  done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$work/results" <<'PY'
import sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
print("| workload | server | requests/s | intc / peer | p99 latency | start-up | idle RSS | RSS under load | peak RSS (VmHWM) | load avg | errors |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
ref = {}
for group, name, rps, p99, start, idle, load, hwm, errs, la in rows:
    rps = float(rps or 0)
    if name.startswith("intc"):
        ref[group] = rps
    r = ref.get(group)
    ratio = f"{r / rps:.2f}x" if r and rps and not name.startswith("intc") else "—"
    mib = lambda kb: f"{int(kb or 0) / 1024:.1f} MiB"
    print(f"| {group} | {name} | {rps:,.0f} | {ratio} | {p99} ms | {start} ms | {mib(idle)} | {mib(load)} | {mib(hwm)} | {la} | {errs.strip() or '—'} |")
PY
