#!/usr/bin/env bash
# Instruction counts of the compute benchmarks (issue 6's "must not regress by more than 5%"),
# which unlike wall times do not depend on the machine's load.
# Usage: bash tests/bench/icount.sh [fib loop strcat mapinsert]     (needs valgrind)
# Prints "name instructions" per benchmark; callgrind.out.NAME files are kept in $OUT (default
# a temp dir, printed) for callgrind_annotate.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
cargo build --release -q -p intc
intc="${CARGO_TARGET_DIR:-$root/target}/release/intc"
out="${OUT:-$(mktemp -d)}"
echo "callgrind files in $out" >&2
[ $# -gt 0 ] || set -- fib loop strcat mapinsert
for b in "$@"; do
  valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$out/callgrind.out.$b" \
    "$intc" run "$here/$b.int" >/dev/null 2>"$out/$b.log"
  echo "$b $(awk '/^summary:/ {print $2}' "$out/callgrind.out.$b")"
done
