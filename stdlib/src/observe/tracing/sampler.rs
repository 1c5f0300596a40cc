//! Jaeger's samplers as `[ballerinax.jaeger] samplerType`/`samplerParam` choose them:
//! `const` (1 samples every trace, 0 none), `probabilistic` (a fraction of traces, decided
//! from the trace id like OpenTelemetry's `TraceIdRatioBased`, so every service of a trace
//! decides alike) and `ratelimiting` (at most `samplerParam` traces a second, Jaeger's
//! token bucket).

use std::sync::Mutex;
use std::time::Instant;

#[derive(Debug)]
pub enum Sampler {
    Const(bool),
    Probabilistic(f64),
    RateLimiting(Mutex<Bucket>),
}

/// A token bucket: `rate` credits a second, at most `max(rate, 1)` saved.
#[derive(Debug)]
pub struct Bucket {
    rate: f64,
    credits: f64,
    last: Instant,
}

impl Sampler {
    /// The sampler of a configuration (`samplerType` already checked by the module).
    pub fn new(kind: &str, param: f64) -> Sampler {
        match kind {
            "probabilistic" => Sampler::Probabilistic(param.clamp(0.0, 1.0)),
            "ratelimiting" => {
                // Jaeger reads the parameter as a whole number of traces per second.
                let rate = param.trunc().max(0.0);
                Sampler::RateLimiting(Mutex::new(Bucket {
                    rate,
                    credits: rate.max(1.0),
                    last: Instant::now(),
                }))
            }
            // Jaeger's `const`: the parameter's integer part, 0 meaning off.
            _ => Sampler::Const(param.trunc() != 0.0),
        }
    }

    /// Whether a span of trace `trace_id` is recorded.
    pub fn sample(&self, trace_id: &[u8; 16]) -> bool {
        match self {
            Sampler::Const(on) => *on,
            Sampler::Probabilistic(ratio) => {
                if *ratio >= 1.0 {
                    return true;
                }
                let mut low = [0u8; 8];
                low.copy_from_slice(&trace_id[8..]);
                let value = u64::from_be_bytes(low) >> 1;
                // The ratio of the 63-bit range below which a trace is sampled.
                let bound = (*ratio * (1u64 << 63) as f64) as u64;
                value < bound
            }
            Sampler::RateLimiting(bucket) => {
                let Ok(mut bucket) = bucket.lock() else {
                    return false;
                };
                let now = Instant::now();
                let elapsed = now.duration_since(bucket.last).as_secs_f64();
                bucket.last = now;
                let max = bucket.rate.max(1.0);
                bucket.credits = (bucket.credits + elapsed * bucket.rate).min(max);
                if bucket.credits >= 1.0 {
                    bucket.credits -= 1.0;
                    true
                } else {
                    false
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observe::tracing::span::new_trace_id;

    #[test]
    fn const_sampler_follows_its_parameter() {
        let id = new_trace_id();
        assert!(Sampler::new("const", 1.0).sample(&id));
        assert!(!Sampler::new("const", 0.0).sample(&id));
        // An unknown type is `const` (the module already warned).
        assert!(Sampler::new("other", 1.0).sample(&id));
    }

    #[test]
    fn probabilistic_sampler_takes_about_its_fraction() {
        let sampler = Sampler::new("probabilistic", 0.25);
        let taken = (0..4000)
            .filter(|_| sampler.sample(&new_trace_id()))
            .count();
        assert!((700..1300).contains(&taken), "{taken} of 4000 sampled");
        assert!(!Sampler::new("probabilistic", 0.0).sample(&new_trace_id()));
        assert!(Sampler::new("probabilistic", 1.0).sample(&new_trace_id()));
        // The decision depends only on the trace id.
        let id = new_trace_id();
        let first = sampler.sample(&id);
        assert!((0..10).all(|_| sampler.sample(&id) == first));
    }

    #[test]
    fn rate_limiting_sampler_caps_a_burst() {
        let sampler = Sampler::new("ratelimiting", 2.0);
        let taken = (0..50).filter(|_| sampler.sample(&new_trace_id())).count();
        assert_eq!(taken, 2);
    }
}
