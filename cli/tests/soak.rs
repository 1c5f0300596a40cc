//! Soak tests: peak RSS must not grow with the number of dropped values.
//!
//! - `tests/soak/cycles.int` builds and drops cyclic structures for the cycle collector (five
//!   per iteration, one through a table). Without the collector every structure leaks and a
//!   million of them cost hundreds of megabytes. `INTC_SOAK_STRUCTURES` sets their number
//!   (default 1,000,000).
//! - `tests/soak/abandoned_streams.int` reads one member of lazily evaluated query streams and
//!   drops them without closing them. Each read parks a producer strand; without releasing
//!   abandoned producers 60,000 streams held about 110 MB more than 6,000 did.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Allowed growth of peak RSS between a run with a tenth of the structures and the full run.
const SLACK_KIB: u64 = 16 * 1024;

/// Runs the soak program for `iterations` and returns (stdout, peak RSS in KiB), polling
/// `/proc/<pid>/status` (`VmHWM`, the high-water mark) until it exits.
fn run(program: &str, iterations: u64) -> (String, u64) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let program = root.join("tests/soak").join(program);
    let mut child = Command::new(env!("CARGO_BIN_EXE_intc"))
        .arg("run")
        .arg(&program)
        .arg("--")
        .arg(iterations.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("intc starts");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            if let Some(kib) = status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|rest| {
                    rest.trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
            {
                peak = peak.max(kib);
            }
        }
        if child.try_wait().expect("intc can be waited for").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let output = child.wait_with_output().expect("intc output");
    assert!(
        output.status.success(),
        "soak program failed: {:?}",
        output.status
    );
    (
        String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        peak,
    )
}

#[test]
fn dropping_a_million_cyclic_structures_keeps_rss_flat() {
    let structures: u64 = std::env::var("INTC_SOAK_STRUCTURES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let iterations = (structures / 5).max(10);
    let (short_out, short_peak) = run("cycles.int", iterations / 10);
    let (full_out, full_peak) = run("cycles.int", iterations);
    assert_eq!(short_out, (iterations / 10 * 5).to_string());
    assert_eq!(full_out, (iterations * 5).to_string());
    assert!(short_peak > 0, "no RSS readings from /proc");
    eprintln!(
        "peak RSS: {short_peak} KiB for {} structures, {full_peak} KiB for {}",
        iterations / 10 * 5,
        iterations * 5
    );
    assert!(
        full_peak <= short_peak + SLACK_KIB,
        "peak RSS grew from {short_peak} KiB to {full_peak} KiB: cycles are leaking"
    );
}

#[test]
fn abandoned_lazy_streams_release_their_producers() {
    let iterations = 20_000;
    let (short_out, short_peak) = run("abandoned_streams.int", iterations / 10);
    let (full_out, full_peak) = run("abandoned_streams.int", iterations);
    assert_eq!(short_out, (iterations / 10 * 3).to_string());
    assert_eq!(full_out, (iterations * 3).to_string());
    assert!(short_peak > 0, "no RSS readings from /proc");
    eprintln!(
        "peak RSS: {short_peak} KiB for {} streams, {full_peak} KiB for {}",
        iterations / 10 * 3,
        iterations * 3
    );
    assert!(
        full_peak <= short_peak + SLACK_KIB,
        "peak RSS grew from {short_peak} KiB to {full_peak} KiB: abandoned producers leak"
    );
}
