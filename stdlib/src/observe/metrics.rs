//! The HTTP metrics registry and its Prometheus exposition.
//!
//! Names and labels follow Ballerina's observability (module `ballerina/observe` with the
//! `ballerinax/prometheus` reporter, which appends `_value` to every metric name):
//! `requests_total_value`, `response_errors_total_value`,
//! `response_time_nanoseconds_total_value` (counters) and `inprogress_requests_value`
//! (gauge), labelled `listener_name`, `protocol`, `http_method`, `entrypoint_service_name`,
//! `src_resource_path` and `http_status_code_group` (`2xx`). Where Ballerina reports latency
//! as a summary gauge (`response_time_seconds_value` with time windows), intc exports a
//! Prometheus histogram `response_time_seconds` (`_bucket{le=...}`, `_sum`, `_count`), which
//! Prometheus can aggregate across instances. Requests the hardening checks refuse, or that no
//! resource served, have empty service and resource labels; errors are 5xx answers.

use super::exposition::{header, sample, Kind};
use crate::http::server::{Finished, ResourceLabel};
use hyper::Method;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds (seconds) of the latency histogram's buckets: Prometheus's default buckets.
pub const LATENCY_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The labels of one request series.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct RequestKey {
    listener: String,
    protocol: &'static str,
    method: String,
    resource: Option<ResourceLabel>,
    status_group: String,
}

/// The labels of one in-progress gauge.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct ProgressKey {
    listener: String,
    protocol: &'static str,
    method: String,
}

#[derive(Clone, Debug, Default)]
struct RequestSeries {
    count: u64,
    errors: u64,
    nanos: u128,
    /// Observations per bucket (not cumulative; `LATENCY_BUCKETS.len()` entries, the rest
    /// only in `count`).
    buckets: [u64; LATENCY_BUCKETS.len()],
    seconds: f64,
}

#[derive(Debug, Default)]
struct Series {
    requests: BTreeMap<RequestKey, RequestSeries>,
    in_progress: BTreeMap<ProgressKey, i64>,
}

/// Every HTTP metric of the process (shared by all listeners; cheap to update from
/// connection tasks).
#[derive(Debug, Default)]
pub struct HttpMetrics {
    series: Mutex<Series>,
}

/// `2xx` for 200..=299 and so on.
fn status_group(status: u16) -> String {
    format!("{}xx", status / 100)
}

impl HttpMetrics {
    pub fn new() -> HttpMetrics {
        HttpMetrics::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Series> {
        // Plain counters stay consistent enough after a panic elsewhere: keep counting.
        self.series
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A request started on `listener`.
    pub fn started(&self, listener: &str, protocol: &'static str, method: &Method) {
        let key = ProgressKey {
            listener: listener.to_string(),
            protocol,
            method: method.as_str().to_string(),
        };
        *self.lock().in_progress.entry(key).or_insert(0) += 1;
    }

    /// A request on `listener` ended (see [`Finished`]); an abandoned one only leaves the
    /// in-progress gauge.
    pub fn finished(&self, listener: &str, protocol: &'static str, finished: Finished<'_>) {
        let method = finished.method.as_str().to_string();
        let mut series = self.lock();
        let progress = ProgressKey {
            listener: listener.to_string(),
            protocol,
            method: method.clone(),
        };
        if let Some(count) = series.in_progress.get_mut(&progress) {
            *count -= 1;
        }
        let Some(status) = finished.status else {
            return;
        };
        let key = RequestKey {
            listener: listener.to_string(),
            protocol,
            method,
            resource: finished.resource,
            status_group: status_group(status),
        };
        let entry = series.requests.entry(key).or_default();
        entry.count += 1;
        if status >= 500 {
            entry.errors += 1;
        }
        record_latency(entry, finished.latency);
    }

    /// The exposition of every series, in a stable order.
    pub fn encode(&self, out: &mut String) {
        let series = self.lock();
        let requests: Vec<(Vec<(&str, &str)>, &RequestSeries)> = series
            .requests
            .iter()
            .map(|(key, value)| (request_labels(key), value))
            .collect();
        header(
            out,
            "requests_total_value",
            "Total number of requests",
            Kind::Counter,
        );
        for (labels, value) in &requests {
            sample(out, "requests_total_value", labels, value.count as f64);
        }
        header(
            out,
            "response_errors_total_value",
            "Total number of requests answered with a server error (5xx)",
            Kind::Counter,
        );
        for (labels, value) in &requests {
            sample(
                out,
                "response_errors_total_value",
                labels,
                value.errors as f64,
            );
        }
        header(
            out,
            "response_time_nanoseconds_total_value",
            "Total response time for all requests",
            Kind::Counter,
        );
        for (labels, value) in &requests {
            sample(
                out,
                "response_time_nanoseconds_total_value",
                labels,
                value.nanos as f64,
            );
        }
        header(
            out,
            "response_time_seconds",
            "Response time of requests",
            Kind::Histogram,
        );
        for (labels, value) in &requests {
            let mut cumulative = 0;
            for (bound, count) in LATENCY_BUCKETS.iter().zip(value.buckets) {
                cumulative += count;
                let le = super::exposition::number(*bound);
                let mut with_le = labels.clone();
                with_le.push(("le", &le));
                sample(
                    out,
                    "response_time_seconds_bucket",
                    &with_le,
                    cumulative as f64,
                );
            }
            let mut with_le = labels.clone();
            with_le.push(("le", "+Inf"));
            sample(
                out,
                "response_time_seconds_bucket",
                &with_le,
                value.count as f64,
            );
            sample(out, "response_time_seconds_sum", labels, value.seconds);
            sample(
                out,
                "response_time_seconds_count",
                labels,
                value.count as f64,
            );
        }
        header(
            out,
            "inprogress_requests_value",
            "Number of requests in progress",
            Kind::Gauge,
        );
        for (key, count) in &series.in_progress {
            let labels = [
                ("listener_name", key.listener.as_str()),
                ("protocol", key.protocol),
                ("http_method", key.method.as_str()),
            ];
            sample(out, "inprogress_requests_value", &labels, *count as f64);
        }
    }
}

fn record_latency(series: &mut RequestSeries, latency: Duration) {
    series.nanos += latency.as_nanos();
    let seconds = latency.as_secs_f64();
    series.seconds += seconds;
    if let Some(bucket) = LATENCY_BUCKETS.iter().position(|bound| seconds <= *bound) {
        series.buckets[bucket] += 1;
    }
}

fn request_labels(key: &RequestKey) -> Vec<(&str, &str)> {
    let (service, resource) = match &key.resource {
        Some(label) => (label.service.as_str(), label.resource.as_str()),
        None => ("", ""),
    };
    vec![
        ("listener_name", key.listener.as_str()),
        ("protocol", key.protocol),
        ("http_method", key.method.as_str()),
        ("entrypoint_service_name", service),
        ("src_resource_path", resource),
        ("http_status_code_group", key.status_group.as_str()),
    ]
}
