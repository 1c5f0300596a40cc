#!/usr/bin/env bash
# Instructions per request of an intc HTTP workload, counted by callgrind (repeatable whatever
# else the machine does, unlike requests/s): the server runs under callgrind twice, once
# answering N sequential keep-alive requests and once answering none; the difference over N
# is the cost of one request. Workloads as in http.sh: hello, proxy (to a hyper backend),
# transform (POST of http/order.json).
# Usage: bash tests/bench/http_icount.sh [hello|proxy|transform]...   (needs valgrind, python3)
#   N=1000 INTC_BIN=path OUT=dir (keeps the callgrind files for callgrind_annotate)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
n="${N:-1000}"
if [ -z "${INTC_BIN:-}" ]; then cargo build --release -q -p intc; fi
intc="${INTC_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/intc}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# client PORT METHOD PATH COUNT [BODYFILE]: waits for the server, then sends COUNT requests on
# one keep-alive connection and checks each answers 200.
client() {
  python3 - "$@" <<'PY'
import http.client, sys, time
port, method, path, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
body = open(sys.argv[5], 'rb').read() if len(sys.argv) > 5 else None
for _ in range(6000):
    try:
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
        c.request('GET', '/hello'); r = c.getresponse(); r.read()
        if r.status == 200: break
    except OSError:
        pass
    time.sleep(0.01)
else:
    sys.exit('server did not start')
headers = {'content-type': 'application/json'} if body else {}
for _ in range(count):
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse(); r.read()
    if r.status // 100 != 2: sys.exit(f'status {r.status}')
PY
}

# run NAME COUNT: the workload's server under callgrind answering COUNT requests (+1 probe);
# prints the total instruction count.
run() {
  local name="$1" count="$2" port; port="$(free_port)"
  local file="$out/$name.$count.callgrind"
  local args=() method=GET path=/hello body=()
  case "$name" in
    hello) args=(tests/bench/http/hello.int -Cport="$port") ;;
    proxy) args=(tests/bench/http/proxy.int -Cport="$port" -Cbackend="http://127.0.0.1:$backend_port") ;;
    transform) args=(tests/bench/http/transform.int -Cport="$port"); method=POST; path=/transform
      body=(tests/bench/http/order.json) ;;
  esac
  INTC_HTTP_THREADS=1 valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$file" \
    "$intc" run "${args[@]}" >"$work/out" 2>"$work/err" &
  local pid=$!
  client "$port" "$method" "$path" "$count" "${body[@]}"
  kill -TERM "$pid"; wait "$pid" || true
  awk '/^summary:/ {print $2}' "$file"
}

hyper="$here/http/hyper_hello/target/release/hyper_hello"
for w in "${@:-hello proxy transform}"; do
  for name in $w; do
    if [ "$name" = proxy ]; then
      cargo build --release -q --manifest-path "$here/http/hyper_hello/Cargo.toml"
      backend_port="$(free_port)"
      "$hyper" "$backend_port" 1 >/dev/null 2>&1 &
      pids+=($!)
      sleep 0.3
    fi
    base="$(run "$name" 0)"
    total="$(run "$name" "$n")"
    echo "$name: $(( (total - base) / n )) instructions per request ($n requests; $total - $base)"
  done
done
