//! The running program's standard output and error.
//!
//! Standard output is buffered (programs print a lot) in one place that a signal thread can
//! reach too, so whatever a program printed is written out when it ends, when it panics, when
//! intc itself crashes, and when the process is stopped with SIGINT or SIGTERM. Standard output
//! is flushed before anything goes to standard error, so the two keep their order when they
//! share a terminal or file. A closed output (`intc run x.int | head -2`) ends the process at
//! once and quietly, with the status of a process killed by SIGPIPE.

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::io::{self, BufWriter, Stdout, Write};
use std::sync::{Mutex, MutexGuard, OnceLock, TryLockError};
use std::time::Duration;

/// Exit status after the reader of standard output went away (128 + SIGPIPE).
pub const EXIT_BROKEN_PIPE: i32 = 141;

/// Buffer size of standard output.
const BUFFER_BYTES: usize = 64 * 1024;

static STDOUT: OnceLock<Mutex<BufWriter<Stdout>>> = OnceLock::new();

fn cell() -> &'static Mutex<BufWriter<Stdout>> {
    STDOUT.get_or_init(|| Mutex::new(BufWriter::with_capacity(BUFFER_BYTES, io::stdout())))
}

fn stdout() -> MutexGuard<'static, BufWriter<Stdout>> {
    // A panic while printing leaves the buffer usable: it only holds bytes.
    cell()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Ends the process quietly when the other end of a pipe was closed.
fn quiet_on_broken_pipe(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
            std::process::exit(EXIT_BROKEN_PIPE)
        }
        other => other,
    }
}

/// Standard output for the interpreter (buffered here, see the module documentation).
pub struct ProgramStdout;

impl Write for ProgramStdout {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        quiet_on_broken_pipe(stdout().write_all(bytes))?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        quiet_on_broken_pipe(stdout().flush())
    }
}

/// Standard error for the interpreter and for reports: unbuffered, after flushing standard
/// output.
pub struct ProgramStderr;

impl Write for ProgramStderr {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        // Holding the lock keeps another thread's output from slipping in between.
        let mut out = stdout();
        quiet_on_broken_pipe(out.flush())?;
        quiet_on_broken_pipe(io::stderr().write_all(bytes))?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        quiet_on_broken_pipe(io::stderr().flush())
    }
}

/// Prints `text` on standard output (buffered; a closed pipe ends the process quietly).
pub fn print_out(text: &str) {
    let _ = ProgramStdout.write_all(text.as_bytes());
}

/// Prints `text` on standard error, after what standard output holds.
pub fn print_err(text: &str) {
    let _ = ProgramStderr.write_all(text.as_bytes());
}

/// Writes out everything buffered.
pub fn flush() {
    let _ = ProgramStdout.flush();
    let _ = ProgramStderr.flush();
}

/// Flushes without waiting for a thread that is printing (at most about a second), for paths
/// that must not block: a crash report or a stop signal.
fn flush_soon() {
    for _ in 0..100 {
        match cell().try_lock() {
            Ok(mut out) => {
                let _ = out.flush();
                return;
            }
            Err(TryLockError::Poisoned(poisoned)) => {
                let _ = poisoned.into_inner().flush();
                return;
            }
            Err(TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

static GRACEFUL_STOP: std::sync::OnceLock<intc_runtime::StopSignal> = std::sync::OnceLock::new();

/// Lets SIGINT/SIGTERM stop the program gracefully while its listeners serve.
pub fn arm_graceful_stop(stop: intc_runtime::StopSignal) {
    let _ = GRACEFUL_STOP.set(stop);
}

/// Installs what keeps output from being lost: a thread that, on SIGINT or SIGTERM, flushes
/// and ends the process with status 128 + the signal number, and a panic hook that flushes
/// before intc's own crash report.
pub fn install() {
    if let Ok(mut signals) = Signals::new([SIGINT, SIGTERM]) {
        let _ = std::thread::Builder::new()
            .name("intc-signals".to_owned())
            .spawn(move || {
                for signal in signals.forever() {
                    // A program whose listeners serve stops gracefully on the first signal
                    // (its `run_main` then returns); a second signal ends it at once.
                    if let Some(stop) = GRACEFUL_STOP.get() {
                        if stop.is_serving() && !stop.is_requested() {
                            stop.request();
                            continue;
                        }
                    }
                    flush_soon();
                    let _ = io::stderr().flush();
                    std::process::exit(128 + signal);
                }
            });
    }
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        flush_soon();
        report(info);
    }));
}
