#!/usr/bin/env bash
# Runs every saved fuzz regression input (fuzz/regressions/*.int) through the real `intc`
# binary and fails if any of them crashes it: exit code 101 (a Rust panic caught by the CLI)
# or death by a signal (exit code > 128: stack overflow abort, SIGSEGV, ...), or taking longer
# than INTC_REGRESSION_TIMEOUT seconds (default 60: a hang is a failure too).
#
#   `intc check FILE`    parse + check + the default (human) diagnostic rendering, for every
#                        regression;
#   `intc dump ir FILE`  the whole pipeline including lowering and the IR verifier, for the
#                        `compile-*` regressions; exit code 3 (internal compiler error) also
#                        counts as a failure there.
#
# Usage: fuzz/run_regressions.sh [--seeds] [INTC_BINARY]
#   --seeds      also run every seed in fuzz/seeds/ (large adversarial inputs included),
#                generating them first with fuzz/make_seeds.py.
#   INTC_BINARY  an already built intc; otherwise `cargo build -p intc` builds one into
#                $CARGO_TARGET_DIR (default: the workspace's target/).
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workspace="$(dirname "$here")"
include_seeds=false
intc=""
for argument in "$@"; do
    case "$argument" in
        --seeds) include_seeds=true ;;
        *) intc="$argument" ;;
    esac
done

if [ -z "$intc" ]; then
    target_dir="${CARGO_TARGET_DIR:-$workspace/target}"
    (cd "$workspace" && cargo build --quiet -p intc) || { echo "error: cannot build intc" >&2; exit 2; }
    intc="$target_dir/debug/intc"
fi
[ -x "$intc" ] || { echo "error: no intc binary at $intc" >&2; exit 2; }

# Seconds one input may take before it counts as a hang.
limit="${INTC_REGRESSION_TIMEOUT:-60}"
passed=0
failed=0

# run LABEL ALLOW_INTERNAL_ERROR COMMAND...: judges one intc invocation.
run() {
    local label="$1" allow_internal="$2"
    shift 2
    local output code
    local log
    log="$(mktemp)"
    timeout --signal=KILL "$limit" "$@" >/dev/null 2>"$log"
    code=$?
    output="$(tr -d '\000' <"$log")"
    rm -f "$log"
    local verdict=""
    if [ "$code" -eq 137 ]; then
        verdict="timed out after ${limit}s (or killed)"
    elif [ "$code" -eq 101 ]; then
        verdict="crashed (exit 101)"
    elif [ "$code" -gt 128 ]; then
        verdict="killed by signal $((code - 128))"
    elif [ "$code" -eq 3 ] && [ "$allow_internal" = no ]; then
        verdict="internal compiler error (exit 3)"
    fi
    if [ -n "$verdict" ]; then
        failed=$((failed + 1))
        echo "FAIL $label: $verdict"
        printf '%s\n' "$output" | tail -n 5 | sed 's/^/    /'
    else
        passed=$((passed + 1))
        echo "ok   $label (exit $code)"
    fi
}

inputs=("$here"/regressions/*.int)
if $include_seeds; then
    # The seeds are generated, not committed.
    python3 "$here/make_seeds.py"
    inputs+=("$here"/seeds/*.int)
fi
for input in "${inputs[@]}"; do
    [ -e "$input" ] || continue
    name="$(basename "$input")"
    run "check $name" yes "$intc" check "$input"
    case "$name" in
        compile-*) run "dump ir $name" no "$intc" dump ir "$input" ;;
    esac
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
