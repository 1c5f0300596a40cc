//! The circuit breaker of `http:CircuitBreakerConfig`, computed as module-ballerina-http's
//! `CircuitBreakerClient` does: a rolling window of buckets counting requests, failures and
//! rejections; `CLOSED` trips to `OPEN` when, with at least `requestVolumeThreshold` requests
//! in the window, the failure ratio exceeds `failureThreshold`; `OPEN` turns `HALF_OPEN` once
//! `resetTime` has passed since the later of the last error and the last forced open; in
//! `HALF_OPEN` the next evaluation closes the circuit if the last request succeeded and opens
//! it again otherwise. The state is shared by every clone of the native client.

use std::sync::Mutex;
use std::time::Instant;

/// `http:CircuitState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Closed,
    Open,
    HalfOpen,
}

impl State {
    /// The `http:CB_*_STATE` constant's value.
    pub fn name(self) -> &'static str {
        match self {
            State::Closed => "CLOSED",
            State::Open => "OPEN",
            State::HalfOpen => "HALF_OPEN",
        }
    }
}

/// The settings of `http:CircuitBreakerConfig` (times in seconds).
#[derive(Clone, Debug)]
pub struct BreakerConfig {
    pub failure_threshold: f64,
    pub reset_time: f64,
    pub status_codes: Vec<u16>,
    pub request_volume_threshold: i64,
    pub time_window: f64,
    pub bucket_size: f64,
}

#[derive(Clone, Copy, Default, Debug)]
struct Bucket {
    total: i64,
    failures: i64,
    rejected: i64,
}

struct Health {
    state: State,
    last_request_success: bool,
    last_used_bucket: usize,
    start: Instant,
    last_request: Instant,
    last_error: Instant,
    last_forced_open: Instant,
    buckets: Vec<Bucket>,
}

/// A circuit breaker (shared through an `Arc` by the clones of a native client).
pub struct Breaker {
    config: BreakerConfig,
    health: Mutex<Health>,
}

/// Ballerina's `<int>` of a decimal: rounds half to even.
fn to_int(value: f64) -> i64 {
    let rounded = value.round();
    if (value - value.trunc()).abs() == 0.5 && rounded % 2.0 != 0.0 {
        (rounded - value.signum()) as i64
    } else {
        rounded as i64
    }
}

impl Breaker {
    /// A closed circuit, or the message of Ballerina's error for a window shorter than a bucket.
    pub fn new(config: BreakerConfig) -> Result<Breaker, String> {
        if config.time_window < config.bucket_size {
            return Err(
                "Circuit breaker 'timeWindow' value should be greater than the 'bucketSize' value."
                    .to_string(),
            );
        }
        let count = if config.bucket_size > 0.0 {
            to_int(config.time_window / config.bucket_size).clamp(1, 100_000) as usize
        } else {
            1
        };
        let now = Instant::now();
        Ok(Breaker {
            config,
            health: Mutex::new(Health {
                state: State::Closed,
                last_request_success: false,
                last_used_bucket: 0,
                start: now,
                last_request: now,
                last_error: now,
                last_forced_open: now,
                buckets: vec![Bucket::default(); count],
            }),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Health> {
        // A poisoned lock only means a panic elsewhere; the counts are still usable.
        self.health.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a response status counts as a failure.
    pub fn is_failure_status(&self, status: u16) -> bool {
        self.config.status_codes.contains(&status)
    }

    pub fn state(&self) -> State {
        self.lock().state
    }

    /// `forceClose()`: closed, with an empty window.
    pub fn force_close(&self) {
        let mut health = self.lock();
        health.state = State::Closed;
        let count = health.buckets.len();
        health.buckets = vec![Bucket::default(); count];
    }

    /// `forceOpen()`: open, the reset time counted from now.
    pub fn force_open(&self) {
        let mut health = self.lock();
        health.state = State::Open;
        health.last_forced_open = Instant::now();
    }

    fn current_bucket(&self, health: &Health, now: Instant) -> usize {
        let count = health.buckets.len();
        let window = self.config.time_window;
        let elapsed = now.duration_since(health.start).as_secs_f64();
        let elapsed = if window > 0.0 { elapsed % window } else { 0.0 };
        let size = if self.config.bucket_size > 0.0 {
            self.config.bucket_size
        } else {
            1.0
        };
        let id = to_int(((elapsed / size) + 1.0) % count as f64);
        (id.max(0) as usize).min(count - 1)
    }

    fn use_bucket(health: &mut Health, id: usize) {
        if id != health.last_used_bucket {
            health.buckets[id] = Bucket::default();
            health.last_used_bucket = id;
        }
    }

    fn effective_error_time(health: &Health) -> Instant {
        health.last_error.max(health.last_forced_open)
    }

    /// Ballerina's `prepareRollingWindow`: clears the buckets the window slid past.
    fn prepare_window(&self, health: &mut Health, now: Instant) {
        let idle = now.duration_since(health.last_request).as_secs_f64();
        let count = health.buckets.len();
        if idle > self.config.time_window {
            health.buckets = vec![Bucket::default(); count];
            return;
        }
        let mut current = self.current_bucket(health, now);
        let last_used = health.last_used_bucket;
        if current == last_used && idle > self.config.bucket_size {
            health.buckets = vec![Bucket::default(); count];
        } else if current < last_used {
            for bucket in &mut health.buckets[..=current] {
                *bucket = Bucket::default();
            }
            for bucket in &mut health.buckets[last_used + 1..] {
                *bucket = Bucket::default();
            }
        } else {
            while current > last_used && idle > self.config.bucket_size {
                health.buckets[current] = Bucket::default();
                current -= 1;
            }
        }
    }

    fn open_to_half_open(&self, health: &Health, state: State, now: Instant) -> State {
        if state == State::Open {
            let elapsed = now
                .duration_since(Self::effective_error_time(health))
                .as_secs_f64();
            if elapsed > self.config.reset_time {
                return State::HalfOpen;
            }
        }
        state
    }

    /// Ballerina's `updateCircuitState` before each request: `Err` with the message of the
    /// `http:UpstreamServiceUnavailableError` when the circuit is open.
    pub fn admit(&self) -> Result<(), String> {
        let now = Instant::now();
        let mut guard = self.lock();
        let health = &mut *guard;
        let mut state = health.state;
        self.prepare_window(health, now);
        let id = self.current_bucket(health, now);
        Self::use_bucket(health, id);
        health.last_request = now;
        let total: i64 = health.buckets.iter().map(|b| b.total).sum();
        if total >= self.config.request_volume_threshold {
            state = match state {
                State::Open => self.open_to_half_open(health, state, now),
                State::HalfOpen if health.last_request_success => State::Closed,
                State::HalfOpen => State::Open,
                State::Closed => {
                    let counted: i64 = health.buckets.iter().map(|b| b.total - b.rejected).sum();
                    let failures: i64 = health.buckets.iter().map(|b| b.failures).sum();
                    let ratio = if counted > 0 {
                        failures as f64 / counted as f64
                    } else {
                        0.0
                    };
                    if ratio > self.config.failure_threshold {
                        State::Open
                    } else {
                        State::Closed
                    }
                }
            };
        } else {
            state = self.open_to_half_open(health, state, now);
        }
        health.buckets[id].total += 1;
        health.state = state;
        if state != State::Open {
            return Ok(());
        }
        // Ballerina's `handleOpenCircuit`.
        let since_error = now
            .duration_since(Self::effective_error_time(health))
            .as_secs_f64();
        let remaining = to_int(self.config.reset_time - since_error);
        let id = self.current_bucket(health, now);
        Self::use_bucket(health, id);
        health.buckets[id].rejected += 1;
        Err(format!(
            "Upstream service unavailable. Requests to upstream service will be suspended for \
             {remaining} seconds."
        ))
    }

    /// Records the outcome of a request that was let through.
    pub fn record(&self, failed: bool) {
        let now = Instant::now();
        let mut guard = self.lock();
        let health = &mut *guard;
        let id = self.current_bucket(health, now);
        Self::use_bucket(health, id);
        health.last_request_success = !failed;
        if failed {
            health.buckets[id].failures += 1;
            health.last_error = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker(threshold: i64, reset: f64) -> Breaker {
        Breaker::new(BreakerConfig {
            failure_threshold: 0.3,
            reset_time: reset,
            status_codes: vec![500],
            request_volume_threshold: threshold,
            time_window: 60.0,
            bucket_size: 10.0,
        })
        .expect("valid configuration")
    }

    #[test]
    fn trips_after_the_volume_threshold_and_rejects() {
        let b = breaker(3, 60.0);
        for _ in 0..3 {
            assert!(b.admit().is_ok());
            b.record(true);
        }
        assert_eq!(b.state(), State::Closed);
        let message = b.admit().expect_err("the fourth request is rejected");
        assert_eq!(b.state(), State::Open);
        assert!(
            message.starts_with("Upstream service unavailable."),
            "{message}"
        );
        assert!(message.ends_with("suspended for 60 seconds."), "{message}");
    }

    #[test]
    fn rejects_a_window_shorter_than_a_bucket() {
        let result = Breaker::new(BreakerConfig {
            failure_threshold: 0.5,
            reset_time: 1.0,
            status_codes: vec![],
            request_volume_threshold: 1,
            time_window: 5.0,
            bucket_size: 10.0,
        });
        assert!(result.is_err());
    }

    #[test]
    fn half_open_after_the_reset_time_then_closes_on_success() {
        let b = breaker(1, 0.0);
        assert!(b.admit().is_ok());
        b.record(true);
        // Reset time 0: the next evaluation trips, then the one after moves to half-open.
        let _ = b.admit();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(b.admit().is_ok());
        assert_eq!(b.state(), State::HalfOpen);
        b.record(false);
        assert!(b.admit().is_ok());
        assert_eq!(b.state(), State::Closed);
    }

    #[test]
    fn forced_states() {
        let b = breaker(10, 60.0);
        b.force_open();
        assert_eq!(b.state(), State::Open);
        assert!(b.admit().is_err());
        b.force_close();
        assert_eq!(b.state(), State::Closed);
        assert!(b.admit().is_ok());
    }
}
