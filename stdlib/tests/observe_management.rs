//! The management listener over real loopback connections: liveness, readiness before and
//! after listeners bind, and `/metrics` scraped and parsed after requests to a server core
//! observed by `intc_stdlib::observe` (counts, histogram buckets, labels, errors, requests in
//! progress).

mod common;

use common::*;
use intc_stdlib::http::server::{Dispatcher, Observer, Request, Response, Server};
use intc_stdlib::observe::management::{Management, ManagementConfig};
use intc_stdlib::observe::metrics::LATENCY_BUCKETS;
use intc_stdlib::observe::Observability;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// One parsed sample: name, labels, value.
#[derive(Debug, Clone)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// A parsed scrape: samples plus the `# TYPE` of each family.
#[derive(Debug, Default)]
struct Scrape {
    samples: Vec<Sample>,
    types: BTreeMap<String, String>,
}

impl Scrape {
    /// Parses the text exposition format strictly (a malformed line fails the test).
    fn parse(text: &str) -> Scrape {
        let mut scrape = Scrape::default();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').expect("TYPE line");
                scrape.types.insert(name.to_string(), kind.to_string());
                continue;
            }
            if line.starts_with("# HELP ") || line.is_empty() {
                continue;
            }
            scrape.samples.push(parse_sample(line));
        }
        scrape
    }

    /// Samples named `name` whose labels include every pair of `with`.
    fn find(&self, name: &str, with: &[(&str, &str)]) -> Vec<&Sample> {
        self.samples
            .iter()
            .filter(|s| s.name == name)
            .filter(|s| {
                with.iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
            })
            .collect()
    }

    /// The value of the one sample matching; panics when there is not exactly one.
    fn value(&self, name: &str, with: &[(&str, &str)]) -> f64 {
        let found = self.find(name, with);
        assert_eq!(found.len(), 1, "{name} {with:?}: {found:?}");
        found[0].value
    }
}

fn parse_sample(line: &str) -> Sample {
    let (series, value) = line.rsplit_once(' ').expect("sample has a value");
    let value = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        other => other.parse().expect("numeric sample value"),
    };
    let (name, labels) = match series.split_once('{') {
        None => (series.to_string(), BTreeMap::new()),
        Some((name, rest)) => {
            let body = rest.strip_suffix('}').expect("closing brace");
            (name.to_string(), parse_labels(body))
        }
    };
    Sample {
        name,
        labels,
        value,
    }
}

/// `a="x",b="y\"z"` with the format's escapes.
fn parse_labels(body: &str) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    let mut chars = body.chars().peekable();
    while chars.peek().is_some() {
        let name: String = chars.by_ref().take_while(|c| *c != '=').collect();
        assert_eq!(chars.next(), Some('"'), "label value opens with a quote");
        let mut value = String::new();
        loop {
            match chars.next().expect("label value closes") {
                '"' => break,
                '\\' => match chars.next().expect("escape") {
                    'n' => value.push('\n'),
                    other => value.push(other),
                },
                c => value.push(c),
            }
        }
        labels.insert(name, value);
        if chars.peek() == Some(&',') {
            chars.next();
        }
    }
    labels
}

/// A test dispatcher standing in for `std/http`'s service dispatch: `/orders/...` paths are
/// resources of service `/orders` (named to the observation), anything else is unmatched.
fn services(hold: Arc<Notify>) -> Arc<dyn Dispatcher> {
    Arc::new(move |request: Request| {
        let hold = hold.clone();
        async move {
            let path = request.path.clone();
            match path.as_str() {
                "/orders/list" => {
                    request.observation.set_resource("/orders", "/list");
                    Response::text(200, "list")
                }
                "/orders/fail" => {
                    request.observation.set_resource("/orders", "/fail");
                    Response::text(500, "failed")
                }
                "/orders/slow" => {
                    request.observation.set_resource("/orders", "/slow");
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    Response::text(200, "slow")
                }
                "/orders/hold" => {
                    request.observation.set_resource("/orders", "/hold");
                    hold.notified().await;
                    Response::text(200, "held")
                }
                "/orders/quote" => {
                    request
                        .observation
                        .set_resource("/orders", "/items/[string \"id\"]");
                    Response::text(201, "created")
                }
                _ => Response::text(404, "no such resource"),
            }
        }
    })
}

/// An observed server on a free port plus a management listener on another.
struct Setup {
    observability: Arc<Observability>,
    server: Server,
    management: Management,
    hold: Arc<Notify>,
}

fn management_config() -> ManagementConfig {
    ManagementConfig {
        host: "127.0.0.1".into(),
        port: 0,
    }
}

async fn setup(metrics: bool) -> Setup {
    let observability = Observability::new();
    if metrics {
        observability.enable_metrics();
    }
    let management =
        Management::start(management_config(), observability.clone()).expect("management binds");
    let observer = observability.http_observer("http", false);
    let hold = Arc::new(Notify::new());
    let server = Server::bind_observed(config(), services(hold.clone()), Some(observer))
        .await
        .expect("server binds");
    Setup {
        observability,
        server,
        management,
        hold,
    }
}

/// Sends one request and returns (status, body).
async fn call(addr: SocketAddr, method: &str, path: &str) -> (u16, String) {
    let mut stream = connect(addr).await;
    let request =
        format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let response = exchange(&mut stream, request.as_bytes())
        .await
        .expect("an answer");
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    (status(&response), body)
}

/// The head of a response, lowercased.
async fn head(addr: SocketAddr, path: &str) -> String {
    let mut stream = connect(addr).await;
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let response = exchange(&mut stream, request.as_bytes())
        .await
        .expect("an answer");
    response
        .split_once("\r\n\r\n")
        .map(|(head, _)| head.to_lowercase())
        .unwrap_or_default()
}

async fn scrape(management: &Management) -> Scrape {
    let (status, body) = call(management.local_addr(), "GET", "/metrics").await;
    assert_eq!(status, 200, "{body}");
    Scrape::parse(&body)
}

const LIST: [(&str, &str); 3] = [
    ("entrypoint_service_name", "/orders"),
    ("src_resource_path", "/list"),
    ("http_status_code_group", "2xx"),
];

#[tokio::test]
async fn liveness_answers_up() {
    let setup = setup(true).await;
    let (status, body) = call(setup.management.local_addr(), "GET", "/health/live").await;
    assert_eq!((status, body.as_str()), (200, "{\"status\":\"UP\"}"));
    let head = head(setup.management.local_addr(), "/health/live").await;
    assert!(head.contains("content-type: application/json"), "{head}");
}

#[tokio::test]
async fn readiness_waits_for_a_registered_listener_to_bind() {
    let observability = Observability::new();
    let management = Management::start(management_config(), observability.clone()).unwrap();
    // The program created its listener but has not started it yet.
    let observer = observability.http_observer("http", false);
    let (status, body) = call(management.local_addr(), "GET", "/health/ready").await;
    assert_eq!(status, 503);
    assert_eq!(
        body,
        "{\"status\":\"DOWN\",\"bound\":[],\"waiting\":[\"http\"]}"
    );
    let server = Server::bind_observed(config(), echo(), Some(observer))
        .await
        .unwrap();
    let (status, body) = call(management.local_addr(), "GET", "/health/ready").await;
    assert_eq!(status, 200, "{body}");
    let expected = format!(
        "{{\"status\":\"UP\",\"bound\":[\"http {}\"],\"waiting\":[]}}",
        server.local_addr()
    );
    assert_eq!(body, expected);
    server.immediate_stop().await;
}

#[tokio::test]
async fn readiness_needs_every_listener() {
    let observability = Observability::new();
    let management = Management::start(management_config(), observability.clone()).unwrap();
    let first = observability.http_observer("first", false);
    let second = observability.http_observer("second", false);
    let one = Server::bind_observed(config(), echo(), Some(first))
        .await
        .unwrap();
    let (status, body) = call(management.local_addr(), "GET", "/health/ready").await;
    assert_eq!(status, 503);
    assert!(body.contains("\"waiting\":[\"second\"]"), "{body}");
    let two = Server::bind_observed(config(), echo(), Some(second))
        .await
        .unwrap();
    let (status, _) = call(management.local_addr(), "GET", "/health/ready").await;
    assert_eq!(status, 200);
    one.immediate_stop().await;
    two.immediate_stop().await;
}

#[tokio::test]
async fn readiness_with_no_listeners_is_up() {
    let observability = Observability::new();
    let management = Management::start(management_config(), observability).unwrap();
    let (status, _) = call(management.local_addr(), "GET", "/health/ready").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_stopped_listener_makes_the_program_unready() {
    let setup = setup(true).await;
    let (status, _) = call(setup.management.local_addr(), "GET", "/health/ready").await;
    assert_eq!(status, 200);
    setup.server.graceful_stop(Duration::from_millis(100)).await;
    let (status, body) = call(setup.management.local_addr(), "GET", "/health/ready").await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"waiting\":[\"http\"]"), "{body}");
    // Liveness is unaffected.
    let (status, _) = call(setup.management.local_addr(), "GET", "/health/live").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn counts_requests_per_service_resource_and_status() {
    let setup = setup(true).await;
    let addr = setup.server.local_addr();
    for _ in 0..3 {
        assert_eq!(call(addr, "GET", "/orders/list").await.0, 200);
    }
    assert_eq!(call(addr, "POST", "/orders/list").await.0, 200);
    assert_eq!(call(addr, "GET", "/orders/quote").await.0, 201);
    let scrape = scrape(&setup.management).await;
    let get = [LIST.as_slice(), &[("http_method", "GET")]].concat();
    assert_eq!(scrape.value("requests_total_value", &get), 3.0);
    let post = [LIST.as_slice(), &[("http_method", "POST")]].concat();
    assert_eq!(scrape.value("requests_total_value", &post), 1.0);
    let series = scrape.find("requests_total_value", &get)[0];
    assert_eq!(series.labels["listener_name"], "http");
    assert_eq!(series.labels["protocol"], "http");
    assert_eq!(series.labels.len(), 6, "{:?}", series.labels);
    assert_eq!(scrape.types["requests_total_value"], "counter");
    assert_eq!(scrape.types["response_time_seconds"], "histogram");
    assert_eq!(scrape.types["inprogress_requests_value"], "gauge");
    // A label value with a quote survives the escaping.
    let quoted = [("src_resource_path", "/items/[string \"id\"]")];
    assert_eq!(scrape.value("requests_total_value", &quoted), 1.0);
    setup.server.immediate_stop().await;
}

#[tokio::test]
async fn histogram_buckets_are_cumulative_and_match_the_count() {
    let setup = setup(true).await;
    let addr = setup.server.local_addr();
    for _ in 0..4 {
        call(addr, "GET", "/orders/list").await;
    }
    call(addr, "GET", "/orders/slow").await;
    let scrape = scrape(&setup.management).await;
    let list = [LIST.as_slice(), &[("http_method", "GET")]].concat();
    let buckets = scrape.find("response_time_seconds_bucket", &list);
    assert_eq!(buckets.len(), LATENCY_BUCKETS.len() + 1);
    let mut previous = 0.0;
    for bucket in &buckets {
        assert!(bucket.value >= previous, "{buckets:?}");
        previous = bucket.value;
    }
    let infinite = [list.as_slice(), &[("le", "+Inf")]].concat();
    assert_eq!(scrape.value("response_time_seconds_bucket", &infinite), 4.0);
    assert_eq!(scrape.value("response_time_seconds_count", &list), 4.0);
    let sum = scrape.value("response_time_seconds_sum", &list);
    let nanos = scrape.value("response_time_nanoseconds_total_value", &list);
    assert!(
        sum > 0.0 && (sum * 1e9 - nanos).abs() < 1e3 * 4.0,
        "{sum} {nanos}"
    );
    // The slow resource took at least 30 ms: not in the buckets up to 25 ms, in the 10 s one.
    let slow = [("src_resource_path", "/slow"), ("http_method", "GET")];
    let le = |bound: &'static str| [slow.as_slice(), &[("le", bound)]].concat();
    assert_eq!(
        scrape.value("response_time_seconds_bucket", &le("0.025")),
        0.0
    );
    assert_eq!(scrape.value("response_time_seconds_bucket", &le("10")), 1.0);
    assert!(scrape.value("response_time_seconds_sum", &slow) >= 0.03);
    setup.server.immediate_stop().await;
}

#[tokio::test]
async fn server_errors_are_counted_as_errors() {
    let setup = setup(true).await;
    let addr = setup.server.local_addr();
    assert_eq!(call(addr, "GET", "/orders/fail").await.0, 500);
    assert_eq!(call(addr, "GET", "/orders/fail").await.0, 500);
    assert_eq!(call(addr, "GET", "/orders/list").await.0, 200);
    let scrape = scrape(&setup.management).await;
    let fail = [
        ("src_resource_path", "/fail"),
        ("http_status_code_group", "5xx"),
    ];
    assert_eq!(scrape.value("response_errors_total_value", &fail), 2.0);
    assert_eq!(scrape.value("requests_total_value", &fail), 2.0);
    assert_eq!(scrape.value("response_errors_total_value", &LIST), 0.0);
    setup.server.immediate_stop().await;
}

#[tokio::test]
async fn unmatched_and_refused_requests_have_empty_resource_labels() {
    let setup = setup(true).await;
    let addr = setup.server.local_addr();
    assert_eq!(call(addr, "GET", "/nowhere").await.0, 404);
    // Over the default 4096-byte request target limit: refused by the server core (414).
    let long = format!("/orders/{}", "x".repeat(5000));
    assert_eq!(call(addr, "GET", &long).await.0, 414);
    let scrape = scrape(&setup.management).await;
    let none = [("entrypoint_service_name", ""), ("src_resource_path", "")];
    let groups: Vec<(String, f64)> = scrape
        .find("requests_total_value", &none)
        .iter()
        .map(|s| (s.labels["http_status_code_group"].clone(), s.value))
        .collect();
    assert_eq!(groups, vec![("4xx".to_string(), 2.0)]);
    setup.server.immediate_stop().await;
}

#[tokio::test]
async fn in_progress_requests_are_gauged() {
    let setup = setup(true).await;
    let addr = setup.server.local_addr();
    let pending = tokio::spawn(call(addr, "PUT", "/orders/hold"));
    let in_progress = [("http_method", "PUT"), ("listener_name", "http")];
    // Wait (bounded) until the held request reached the dispatcher.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let scrape = scrape(&setup.management).await;
        if scrape
            .find("inprogress_requests_value", &in_progress)
            .first()
            .map(|s| s.value)
            == Some(1.0)
        {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the request never showed"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    setup.hold.notify_one();
    assert_eq!(pending.await.unwrap().0, 200);
    let scrape = scrape(&setup.management).await;
    assert_eq!(scrape.value("inprogress_requests_value", &in_progress), 0.0);
    let held = [("src_resource_path", "/hold"), ("http_method", "PUT")];
    assert_eq!(scrape.value("requests_total_value", &held), 1.0);
    setup.server.immediate_stop().await;
}

#[tokio::test]
async fn without_metrics_enabled_nothing_is_counted_but_readiness_works() {
    let setup = setup(false).await;
    assert!(!setup.observability.metrics_enabled());
    let addr = setup.server.local_addr();
    assert_eq!(call(addr, "GET", "/orders/list").await.0, 200);
    let scrape = scrape(&setup.management).await;
    assert!(scrape.samples.is_empty(), "{:?}", scrape.samples);
    let (status, _) = call(setup.management.local_addr(), "GET", "/health/ready").await;
    assert_eq!(status, 200);
    setup.server.immediate_stop().await;
}

#[tokio::test]
async fn metrics_answer_in_the_text_format_and_other_routes_are_refused() {
    let setup = setup(true).await;
    let management = setup.management.local_addr();
    let head = head(management, "/metrics").await;
    assert!(
        head.contains("content-type: text/plain; version=0.0.4; charset=utf-8"),
        "{head}"
    );
    let (_, body) = call(management, "GET", "/metrics").await;
    assert!(body.starts_with("# HELP requests_total_value "), "{body}");
    assert_eq!(call(management, "GET", "/nothing").await.0, 404);
    assert_eq!(call(management, "POST", "/metrics").await.0, 405);
    assert_eq!(call(management, "DELETE", "/health/live").await.0, 405);
    // The management listener's own requests are not counted.
    call(management, "GET", "/metrics").await;
    let scrape = scrape(&setup.management).await;
    assert!(scrape.find("requests_total_value", &[]).is_empty());
    setup.server.immediate_stop().await;
}

#[tokio::test]
async fn the_management_listener_starts_once_and_reports_a_taken_port() {
    let observability = Observability::new();
    let addr = observability
        .start_management(management_config())
        .expect("starts");
    let again = observability.start_management(management_config());
    assert!(again.unwrap_err().contains("already runs"));
    // Another process-wide listener on the same port cannot bind.
    let other = Observability::new();
    let taken = other.start_management(ManagementConfig {
        host: "127.0.0.1".into(),
        port: addr.port(),
    });
    assert!(taken.is_err());
    observability.stop_management();
    // Stopped: the port is free again.
    let rebound = other.start_management(ManagementConfig {
        host: "127.0.0.1".into(),
        port: addr.port(),
    });
    assert_eq!(rebound.expect("rebinds").port(), addr.port());
    other.stop_management();
}

#[tokio::test]
async fn the_observer_sees_https_as_the_protocol_label() {
    // The protocol label comes from the observer (a TLS listener's glue passes `secure`).
    let observability = Observability::new();
    observability.enable_metrics();
    let observer = observability.http_observer("secure", true);
    observer.started(&hyper::Method::GET);
    let text = observability.scrape();
    let scrape = Scrape::parse(&text);
    let labels = [("listener_name", "secure"), ("protocol", "https")];
    assert_eq!(scrape.value("inprogress_requests_value", &labels), 1.0);
}
