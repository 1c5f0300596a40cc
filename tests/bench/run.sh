#!/usr/bin/env bash
# Benchmarks intc against Lua 5.4 and CPython 3.11 on the same machine in one run.
# Usage: bash tests/bench/run.sh            (needs lua5.4, python3.11, hyperfine)
# Prints a markdown table of medians and ratios (peer median / intc median; > 1 means intc is faster).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
cargo build --release -q -p intc
intc="${CARGO_TARGET_DIR:-$root/target}/release/intc"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$here/gen_big.py" 50000 "$work"
runs="${BENCH_RUNS:-10}"
# pyenv puts a shell shim in front of python3.11 that costs ~150 ms per start; time the real binary.
py="$(python3.11 -c 'import sys; print(sys.executable)')"

bench() { # name, command...
  local name="$1"; shift
  hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/$name.json" "$@" >/dev/null 2>&1 || \
    hyperfine --warmup 2 --runs "$runs" --export-json "$work/$name.json" "$@" >/dev/null
}

bench check "$intc check $work/big.int" \
  "$py -c \"import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')\" $work/big.py"
bench hello "$intc run $here/hello.int" "lua5.4 $here/hello.lua" "$py $here/hello.py"
for b in fib loop strcat mapinsert maphex; do
  bench "$b" "$intc run $here/$b.int" "lua5.4 $here/$b.lua" "$py $here/$b.py"
done

python3 - "$work" <<'PY'
import json, sys, statistics
work = sys.argv[1]
rows = [("check", "intc check, 50,000 lines"), ("hello", "hello world, start to exit"),
        ("fib", "fib(30)"), ("loop", "10^7-iteration int loop"),
        ("strcat", "1,000,000 string appends"), ("mapinsert", "1,000,000 map insertions"),
        ("maphex", "10,000,000 map insertions, toHexString keys")]
print("| benchmark | intc | Lua 5.4 | CPython 3.11 | Lua/intc | Python/intc |")
print("|---|---|---|---|---|---|")
for key, label in rows:
    res = json.load(open(f"{work}/{key}.json"))["results"]
    med = [statistics.median(r["times"]) for r in res]
    intc = med[0]
    lua = med[1] if len(med) == 3 else None
    py = med[-1]
    fmt = lambda s: f"{s * 1000:.1f} ms"
    print(f"| {label} | {fmt(intc)} | {fmt(lua) if lua else '—'} | {fmt(py)} | "
          f"{(f'{lua / intc:.2f}x') if lua else '—'} | {py / intc:.2f}x |")
PY
