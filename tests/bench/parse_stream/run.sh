#!/usr/bin/env bash
# Peak memory and time of jsondata:parseStream over a 50 MB document in 4 KB blocks, into
# json and into a projected record (docs/performance.md). Uses the debug build unless
# INTC is set.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../../.."
intc="${INTC:-$root/target/debug/intc}"
doc="$(mktemp -d)/orders.json"
python3 "$here/gen.py" "$doc"
ls -l "$doc"
for program in to_json to_record; do
    /usr/bin/time -f "$program: %e s, peak RSS %M KB" "$intc" run "$here/$program.int" -- "$doc"
done
rm -r "$(dirname "$doc")"
