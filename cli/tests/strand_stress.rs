//! Stress tests for strands (issue 6): the debug `intc` binary runs the programs in
//! `tests/stress/` and each test asserts the printed result.
//!
//! - 10,000 strands that each sleep 100 ms all complete, together: wall time stays far below
//!   the 1,000 s they would take one after another (the bound is generous for debug builds
//!   on a loaded two-core machine).
//! - 1,000 strands increment a locked counter 100 times each to exactly 100,000, with
//!   strands parked inside and outside the lock.
//! - 1,000,000 messages through worker pairs: a function with two named workers that pass
//!   a value there and back, called 500,000 times; the sum of the replies is exact.
//! - Two started strands that panic (one at once, one while its siblings are parked) do not
//!   take the others down: the remaining 98 return their results.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `tests/stress/<name>.int` with `args`; returns its stdout and the wall time.
fn run(name: &str, args: &[&str]) -> (String, Duration) {
    let program = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/stress")
        .join(format!("{name}.int"));
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_intc"))
        .arg("run")
        .arg(&program)
        .arg("--")
        .args(args)
        .output()
        .expect("intc starts");
    let elapsed = started.elapsed();
    assert!(
        output.status.success(),
        "{name} failed ({:?}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        elapsed,
    )
}

#[test]
fn ten_thousand_sleeping_strands_sleep_together() {
    let (out, elapsed) = run("sleepers", &["10000"]);
    assert_eq!(out, "10000\n");
    eprintln!("10,000 strands sleeping 100 ms each: {elapsed:?}");
    assert!(
        elapsed >= Duration::from_millis(100),
        "finished before the sleep could have ended: {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_secs(10),
        "10,000 sleeps of 100 ms took {elapsed:?}: they did not overlap"
    );
}

#[test]
fn a_thousand_strands_increment_a_locked_counter_exactly() {
    let (out, _) = run("locked_counter", &["1000", "100"]);
    assert_eq!(out, "100000 100000\n");
}

#[test]
fn a_panicking_strand_does_not_take_down_its_siblings() {
    let (out, _) = run("panicking_sibling", &[]);
    // The squares of 0..100 without 13 and 42: 328350 - 169 - 1764.
    assert_eq!(
        out,
        "13: strand 13 failed at once\n\
         42: strand 42 failed while the others slept\n\
         98 finished, sum of squares 326417\n"
    );
}

#[test]
fn a_million_messages_through_worker_pairs() {
    let (out, elapsed) = run("worker_messages", &["500000"]);
    // Each call sends `i` and receives `2 * i`: 2 * 500,000 messages, replies summing to
    // 500,000 * 499,999.
    assert_eq!(out, "1000000 249999500000\n");
    eprintln!("1,000,000 worker messages (500,000 calls): {elapsed:?}");
}
