#!/usr/bin/env bash
# Issue 8's benchmark: read a 10 MB JSON document of orders, bind it to records, total each
# order and all of them, build XML with a query and write it; intc (orders.int), Python 3.11
# (orders.py: json + ElementTree) and Node (orders.js: JSON.parse + string building).
# Usage: bash tests/bench/orders/run.sh     (needs python3.11, node, hyperfine, /usr/bin/time)
#   BENCH_RUNS=5 ORDERS=11000 bash tests/bench/orders/run.sh
# Checks that the three print the same counts and totals (and that intc writes the very bytes
# Python writes), then times them with hyperfine
# (medians) and takes each one's peak RSS (max RSS of /usr/bin/time -v, median of 3 runs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
runs="${BENCH_RUNS:-5}"
# INTC_BIN=path times an intc built elsewhere (say, before a change) instead of building.
if [ -z "${INTC_BIN:-}" ]; then cargo build --release -q -p intc; fi
intc="${INTC_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/intc}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3.11 "$here/gen_orders.py" "$work/orders.json" "${ORDERS:-11000}"
echo "input: $(stat -c %s "$work/orders.json") bytes" >&2

cmd_intc="$intc run $here/orders.int -Cinput=$work/orders.json -Coutput=$work/intc.xml"
cmd_py="python3.11 $here/orders.py $work/orders.json $work/py.xml"
cmd_node="node $here/orders.js $work/orders.json $work/node.xml"

# The same answers from all three, or no timings.
a="$($cmd_intc)"; b="$($cmd_py)"; c="$($cmd_node)"
echo "intc:   $a" >&2; echo "python: $b" >&2; echo "node:   $c" >&2
if [ "$a" != "$b" ] || [ "$a" != "$c" ]; then
  echo "the three programs disagree" >&2
  exit 1
fi
# intc and Python write the same bytes (Node escapes `"` in text as well).
if ! cmp -s "$work/intc.xml" "$work/py.xml"; then
  echo "intc's XML differs from Python's" >&2
  exit 1
fi
echo "xml written: intc $(stat -c %s "$work/intc.xml"), python $(stat -c %s "$work/py.xml"), node $(stat -c %s "$work/node.xml") bytes" >&2

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/times.json" \
  -n intc "$cmd_intc" -n python "$cmd_py" -n node "$cmd_node" >&2
echo "load average after timing: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

peak() { # COMMAND...: median max RSS in KiB of 3 runs
  for _ in 1 2 3; do
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ {print $6}'
  done | sort -n | sed -n 2p
}
p_intc="$(peak $cmd_intc)"; p_py="$(peak $cmd_py)"; p_node="$(peak $cmd_node)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$work/times.json" "$p_intc" "$p_py" "$p_node" <<'PY'
import json, statistics, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
peaks = dict(zip(["intc", "python", "node"], map(int, sys.argv[2:5])))
med = {k: statistics.median(r["times"]) * 1000 for k, r in res.items()}
cpu = {k: (r["user"] + r["system"]) * 1000 for k, r in res.items()}
print("| | median (whole run) | peer / intc | CPU (user + sys, mean) | peak RSS |")
print("|---|---|---|---|---|")
for k in ["intc", "python", "node"]:
    print(f"| {k} | {med[k]:.0f} ms | {med[k] / med['intc']:.2f}x | {cpu[k]:.0f} ms | {peaks[k] / 1024:.1f} MiB |")
PY
