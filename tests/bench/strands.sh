#!/usr/bin/env bash
# Strand benchmarks: intc against Go goroutines and Node promises on the same machine in one
# run (issue 6). Usage: bash tests/bench/strands.sh   (needs go, node, hyperfine, valgrind)
#   1. spawning and awaiting 1,000,000 strands (strands_spawn.*): hyperfine medians, and
#      intc's instructions per strand (callgrind, 100,000 strands less 0);
#   2. memory per parked strand (strands_parked.*): peak RSS of 100,000 strands asleep for
#      a second, less the peak of the same program with none, divided by 100,000;
#   3. 10,000 strands each sleeping 100 ms (tests/stress/sleepers.int), wall time;
#   4. 1,000,000 worker messages (workers_msg.*): a function with two named workers passing
#      a value there and back, called 500,000 times: hyperfine medians, and intc's
#      instructions per call (callgrind, 20,000 calls less 0).
# Go runs twice: with its default GOMAXPROCS (every core) and with GOMAXPROCS=1, the fair
# comparison for intc and Node, which run their strands and promises on one thread.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
cargo build --release -q -p intc
intc="${CARGO_TARGET_DIR:-$root/target}/release/intc"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOCACHE="${GOCACHE:-$work/gocache}"
go build -o "$work/spawn" "$here/strands_spawn.go"
go build -o "$work/parked" "$here/strands_parked.go"
go build -o "$work/workers_msg" "$here/workers_msg.go"
runs="${BENCH_RUNS:-10}"
spawn="${SPAWN_STRANDS:-1000000}"
parked="${PARKED_STRANDS:-100000}"

hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/spawn.json" \
  "$intc run $here/strands_spawn.int -- $spawn" \
  "$work/spawn $spawn" \
  "env GOMAXPROCS=1 $work/spawn $spawn" \
  "node $here/strands_spawn.js $spawn" >/dev/null
calls="${WORKER_CALLS:-500000}"
hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/workers.json" \
  "$intc run $here/workers_msg.int -- $calls" \
  "$work/workers_msg $calls" \
  "env GOMAXPROCS=1 $work/workers_msg $calls" \
  "node $here/workers_msg.js $calls" >/dev/null
hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/sleepers.json" \
  "$intc run $root/tests/stress/sleepers.int -- 10000" >/dev/null

# Peak RSS in KiB, the median of three runs.
peak() {
  for _ in 1 2 3; do
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1
  done | sort -n | sed -n 2p
}
{
  echo "intc $(peak "$intc" run "$here/strands_parked.int" -- 0) $(peak "$intc" run "$here/strands_parked.int" -- "$parked")"
  echo "go $(peak "$work/parked" 0) $(peak "$work/parked" "$parked")"
  echo "go1 $(peak env GOMAXPROCS=1 "$work/parked" 0) $(peak env GOMAXPROCS=1 "$work/parked" "$parked")"
  echo "node $(peak node "$here/strands_parked.js" 0) $(peak node "$here/strands_parked.js" "$parked")"
} >"$work/parked.txt"

# Instructions: callgrind's total for n strands (or calls) less the total for none.
instructions() {
  valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$work/cg.out" \
    "$intc" run "$here/$1" -- "$2" 2>&1 >/dev/null |
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
cg_n=100000
echo "$(instructions strands_spawn.int 0) $(instructions strands_spawn.int $cg_n)" >"$work/instructions.txt"
cg_calls=20000
echo "$(instructions workers_msg.int 0) $(instructions workers_msg.int $cg_calls)" >"$work/worker_instructions.txt"

python3 - "$work" "$spawn" "$parked" "$cg_n" "$calls" "$cg_calls" <<'PY'
import json, sys, statistics
work, spawn, parked, cg_n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
calls, cg_calls = int(sys.argv[5]), int(sys.argv[6])
res = json.load(open(f"{work}/spawn.json"))["results"]
med = [statistics.median(r["times"]) for r in res]
names = ["intc", "Go", "Go, GOMAXPROCS=1", "Node"]
print(f"Spawning and awaiting {spawn:,} strands (hyperfine medians of whole runs):\n")
print("| | " + " | ".join(names) + " |")
print("|---|" + "---|" * len(names))
print("| median | " + " | ".join(f"{m * 1000:.0f} ms" for m in med) + " |")
print("| per strand | " + " | ".join(f"{m / spawn * 1e9:.0f} ns" for m in med) + " |")
print("| peer / intc | " + " | ".join(f"{m / med[0]:.2f}x" for m in med) + " |")
# CPU time moves less with the machine's load than wall time (Go's counts both of its
# cores); hyperfine 1.15 exports only its mean.
cpu = [r["user"] + r["system"] for r in res]
print("| CPU (user + sys, mean) | " + " | ".join(f"{c * 1000:.0f} ms" for c in cpu) + " |")
print("| CPU peer / intc | " + " | ".join(f"{c / cpu[0]:.2f}x" for c in cpu) + " |")
base, full = map(int, open(f"{work}/instructions.txt").read().split())
print(f"\nintc instructions (callgrind): {base / 1e6:.1f} M for none, {full / 1e6:.1f} M for "
      f"{cg_n:,}: {(full - base) / cg_n:.0f} per strand started, waited for and summed.\n")
print(f"Peak RSS with {parked:,} strands parked in a one-second sleep (median of 3 runs):\n")
print("| | none | " + f"{parked:,}" + " | per parked strand |")
print("|---|---|---|---|")
labels = {"intc": "intc", "go": "Go", "go1": "Go, GOMAXPROCS=1", "node": "Node"}
for line in open(f"{work}/parked.txt"):
    key, empty, loaded = line.split()
    per = (int(loaded) - int(empty)) * 1024 / parked
    print(f"| {labels[key]} | {int(empty) / 1024:.1f} MiB | {int(loaded) / 1024:.1f} MiB | {per:.0f} bytes |")
s = json.load(open(f"{work}/sleepers.json"))["results"][0]
print(f"\n10,000 intc strands each sleeping 100 ms: median {statistics.median(s['times']) * 1000:.0f} ms "
      f"(min {min(s['times']) * 1000:.0f} ms).")
res = json.load(open(f"{work}/workers.json"))["results"]
med = [statistics.median(r["times"]) for r in res]
print(f"\n{2 * calls:,} worker messages ({calls:,} calls of a function whose two workers pass a "
      f"value there and back; hyperfine medians of whole runs):\n")
print("| | " + " | ".join(names) + " |")
print("|---|" + "---|" * len(names))
print("| median | " + " | ".join(f"{m * 1000:.0f} ms" for m in med) + " |")
print("| per message | " + " | ".join(f"{m / (2 * calls) * 1e9:.0f} ns" for m in med) + " |")
print("| peer / intc | " + " | ".join(f"{m / med[0]:.2f}x" for m in med) + " |")
cpu = [r["user"] + r["system"] for r in res]
print("| CPU (user + sys, mean) | " + " | ".join(f"{c * 1000:.0f} ms" for c in cpu) + " |")
print("| CPU peer / intc | " + " | ".join(f"{c / cpu[0]:.2f}x" for c in cpu) + " |")
base, full = map(int, open(f"{work}/worker_instructions.txt").read().split())
print(f"\nintc instructions (callgrind): {(full - base) / cg_calls:.0f} per call "
      f"({cg_calls:,} calls less none): two workers started, two messages, the wait.")
PY
