//! Distributed tracing round trips: `.int` services importing `ballerinax/jaeger` export
//! their spans over OTLP/HTTP (JSON) to a collector started in the test on 127.0.0.1, and the
//! tests read what arrived: server spans per served request, client spans per `http:Client`
//! call, W3C `traceparent` carried across services, the samplers, and the flush on SIGTERM.

// Shared with http_service.rs; this file uses only part of it.
#[allow(dead_code)]
mod http_service_harness;
mod tracing_collector;

use http_service_harness::{request, scratch, start_with, Running};
use std::process::{Command, Stdio};
use std::time::Duration;
use tracing_collector::{Collector, Span};

/// How long spans may take to arrive (the programs flush every 100 ms; debug builds on a busy
/// machine are slow).
const ARRIVAL: Duration = Duration::from_secs(30);

const SERVICE_B: &str = r#"import ballerina/http;
import ballerinax/jaeger as _;

configurable int port = ?;

service /b on new http:Listener(port) {
    resource function get hello() returns string {
        return "hello from b";
    }

    resource function get items/[string id]() returns string {
        return "item " + id;
    }

    resource function get broken() returns error {
        return error("broken");
    }
}
"#;

const SERVICE_A: &str = r#"import ballerina/http;
import ballerinax/jaeger as _;

configurable int port = ?;
configurable int bPort = ?;

final http:Client b = check new (string `http://127.0.0.1:${bPort}`);

service /a on new http:Listener(port) {
    resource function get call() returns string|error {
        string text = check b->get("/b/hello");
        return "a got " + text;
    }

    resource function get started() returns string|error {
        future<string|error> f = start fetch();
        string text = check wait f;
        return "started " + text;
    }
}

function fetch() returns string|error {
    return b->get("/b/hello");
}
"#;

/// The `-C` options enabling tracing towards `collector`, plus `more`.
fn tracing_args(collector: &Collector, more: &[&str]) -> Vec<String> {
    let mut args = vec![
        "-Cballerina.observe.tracingEnabled=true".to_string(),
        "-Cballerina.observe.tracingProvider=jaeger".to_string(),
        "-Cballerinax.jaeger.agentHostname=127.0.0.1".to_string(),
        format!("-Cballerinax.jaeger.agentPort={}", collector.port),
        "-Cballerinax.jaeger.reporterFlushInterval=100".to_string(),
    ];
    args.extend(more.iter().map(|s| s.to_string()));
    args
}

fn start_traced(name: &str, source: &str, collector: &Collector, more: &[&str]) -> Running {
    let args = tracing_args(collector, more);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    start_with(name, source, &args, 1)
}

fn find<'a>(spans: &'a [Span], name: &str) -> &'a Span {
    spans
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no span {name} among {spans:#?}"))
}

fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len
        && text
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

#[test]
fn server_span_has_ballerinas_name_and_tags() {
    let collector = Collector::start();
    let service = start_traced("trace_server_span", SERVICE_B, &collector, &[]);
    let reply = service.get("/b/hello?x=1");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "hello from b");
    let spans = collector.wait_for(1, ARRIVAL);
    let stopped = service.stop_ok();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let span = &spans[0];
    assert_eq!(span.name, "get /hello");
    assert_eq!(span.kind, 2, "a server span");
    assert_eq!(span.service, "/b");
    assert_eq!(span.scope, "jaeger");
    assert_eq!(span.parent, None);
    assert_eq!(span.status, 0);
    assert!(
        is_hex(&span.trace_id, 32) && is_hex(&span.span_id, 16),
        "{span:?}"
    );
    assert!(span.start > 0 && span.end >= span.start, "{span:?}");
    for (key, value) in [
        ("span.kind", "server"),
        ("http.method", "GET"),
        ("http.url", "/b/hello?x=1"),
        ("http.status_code", "200"),
        ("protocol", "http"),
        ("listener.name", "http"),
        ("src.module", "$anon/.:0.0.0"),
        ("src.object.name", "/b"),
        ("src.service.resource", "true"),
        ("src.resource.accessor", "get"),
        ("src.resource.path", "/hello"),
        ("entrypoint.function.module", "$anon/.:0.0.0"),
        ("entrypoint.service.name", "/b"),
        ("entrypoint.function.name", "/hello"),
        ("entrypoint.resource.accessor", "get"),
    ] {
        assert_eq!(span.attr(key), Some(value), "{key} in {span:#?}");
    }
    let requests = collector.requests();
    assert!(
        requests
            .iter()
            .all(|(path, content_type)| path == "/v1/traces" && content_type == "application/json"),
        "{requests:?}"
    );
    let line = format!(
        "ballerina: started publishing traces to Jaeger on 127.0.0.1:{}",
        collector.port
    );
    assert!(stopped.stdout.contains(&line), "{}", stopped.stdout);
}

#[test]
fn path_parameters_and_failures_are_in_the_server_span() {
    let collector = Collector::start();
    let service = start_traced("trace_params", SERVICE_B, &collector, &[]);
    assert_eq!(service.get("/b/items/42").text(), "item 42");
    assert_eq!(service.get("/b/broken").status, 500);
    let spans = collector.wait_for(2, ARRIVAL);
    service.stop_ok();
    let item = find(&spans, "get /items/[string id]");
    assert_eq!(item.attr("http.url"), Some("/b/items/42"));
    assert_eq!(
        item.attr("entrypoint.function.name"),
        Some("/items/[string id]")
    );
    assert_eq!(item.status, 0);
    let fail = find(&spans, "get /broken");
    assert_eq!(fail.attr("http.status_code"), Some("500"));
    assert_eq!(fail.status, 2, "a 5xx answer is an error span");
    assert_ne!(
        item.trace_id, fail.trace_id,
        "each request is its own trace"
    );
}

#[test]
fn incoming_traceparent_is_continued() {
    let collector = Collector::start();
    let service = start_traced("trace_continued", SERVICE_B, &collector, &[]);
    let trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    let parent = "00f067aa0ba902b7";
    let traceparent = format!("00-{trace}-{parent}-01");
    let reply = service.send(
        "GET",
        "/b/hello",
        &[("traceparent", &traceparent), ("tracestate", "vendor=abc")],
        b"",
    );
    assert_eq!(reply.status, 200);
    let spans = collector.wait_for(1, ARRIVAL);
    service.stop_ok();
    let span = find(&spans, "get /hello");
    assert_eq!(span.trace_id, trace);
    assert_eq!(span.parent.as_deref(), Some(parent));
    assert_ne!(span.span_id, parent);
    assert_eq!(span.trace_state.as_deref(), Some("vendor=abc"));
}

#[test]
fn malformed_traceparent_starts_a_new_trace() {
    let collector = Collector::start();
    let service = start_traced("trace_malformed", SERVICE_B, &collector, &[]);
    let bad = "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01";
    let reply = service.send("GET", "/b/hello", &[("traceparent", bad)], b"");
    assert_eq!(reply.status, 200);
    let spans = collector.wait_for(1, ARRIVAL);
    service.stop_ok();
    let span = find(&spans, "get /hello");
    assert_eq!(span.parent, None);
    assert_ne!(span.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
    assert!(is_hex(&span.trace_id, 32));
}

/// Starts B, then A calling B; returns both.
fn two_services(name: &str, collector: &Collector) -> (Running, Running) {
    let b = start_traced(&format!("{name}_b"), SERVICE_B, collector, &[]);
    let b_port = format!("-CbPort={}", b.port);
    let a = start_traced(&format!("{name}_a"), SERVICE_A, collector, &[&b_port]);
    (a, b)
}

#[test]
fn one_trace_crosses_two_services() {
    let collector = Collector::start();
    let (a, b) = two_services("trace_cross", &collector);
    let reply = a.get("/a/call");
    assert_eq!(reply.text(), "a got hello from b");
    let spans = collector.wait_for(3, ARRIVAL);
    a.stop_ok();
    b.stop_ok();
    assert_eq!(spans.len(), 3, "{spans:#?}");
    let server_a = find(&spans, "get /call");
    let client = find(&spans, "ballerina/http/Client:get");
    let server_b = find(&spans, "get /hello");
    assert!(
        spans.iter().all(|s| s.trace_id == server_a.trace_id),
        "{spans:#?}"
    );
    assert_eq!(server_a.parent, None);
    assert_eq!(client.parent.as_deref(), Some(server_a.span_id.as_str()));
    assert_eq!(server_b.parent.as_deref(), Some(client.span_id.as_str()));
    assert_eq!(server_a.service, "/a");
    assert_eq!(client.service, "/a");
    assert_eq!(server_b.service, "/b");
    // The client span nests in time inside the request it was made for.
    assert!(client.start >= server_a.start && client.end <= server_a.end);
}

#[test]
fn client_span_has_ballerinas_tags() {
    let collector = Collector::start();
    let (a, b) = two_services("trace_client_tags", &collector);
    assert_eq!(a.get("/a/call").status, 200);
    let spans = collector.wait_for(3, ARRIVAL);
    let b_port = b.port;
    a.stop_ok();
    b.stop_ok();
    let client = find(&spans, "ballerina/http/Client:get");
    assert_eq!(client.kind, 3, "a client span");
    let peer = format!("127.0.0.1:{b_port}");
    for (key, value) in [
        ("span.kind", "client"),
        ("http.method", "GET"),
        ("http.url", "/b/hello"),
        ("http.status_code", "200"),
        ("peer.address", peer.as_str()),
        ("src.client.remote", "true"),
        ("src.object.name", "ballerina/http/Client"),
        ("src.function.name", "get"),
        ("entrypoint.service.name", "/a"),
        ("entrypoint.function.name", "/call"),
        ("entrypoint.resource.accessor", "get"),
    ] {
        assert_eq!(client.attr(key), Some(value), "{key} in {client:#?}");
    }
}

#[test]
fn a_started_strand_calls_within_the_request_span() {
    let collector = Collector::start();
    let (a, b) = two_services("trace_started", &collector);
    assert_eq!(a.get("/a/started").text(), "started hello from b");
    let spans = collector.wait_for(3, ARRIVAL);
    a.stop_ok();
    b.stop_ok();
    let server_a = find(&spans, "get /started");
    let client = find(&spans, "ballerina/http/Client:get");
    let server_b = find(&spans, "get /hello");
    assert_eq!(client.parent.as_deref(), Some(server_a.span_id.as_str()));
    assert_eq!(server_b.parent.as_deref(), Some(client.span_id.as_str()));
    assert_eq!(server_b.trace_id, server_a.trace_id);
}

#[test]
fn concurrent_requests_keep_their_own_traces() {
    let collector = Collector::start();
    let (a, b) = two_services("trace_concurrent", &collector);
    let port = a.port;
    let callers: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(move || request(port, "GET", "/a/call", &[], b"").status))
        .collect();
    for caller in callers {
        assert_eq!(caller.join().expect("caller"), 200);
    }
    let spans = collector.wait_for(12, ARRIVAL);
    a.stop_ok();
    b.stop_ok();
    assert_eq!(spans.len(), 12, "{spans:#?}");
    for server_a in spans.iter().filter(|s| s.name == "get /call") {
        let client = spans
            .iter()
            .find(|s| s.parent.as_deref() == Some(server_a.span_id.as_str()))
            .expect("the request's client span");
        assert_eq!(client.trace_id, server_a.trace_id);
        let server_b = spans
            .iter()
            .find(|s| s.parent.as_deref() == Some(client.span_id.as_str()))
            .expect("the called service's span");
        assert_eq!(server_b.trace_id, server_a.trace_id);
    }
}

/// Runs a program to its end with tracing options and `-Cport=PORT`.
fn run_traced(name: &str, source: &str, collector: &Collector, port: u16) -> (Option<i32>, String) {
    let directory = scratch(name);
    let file = directory.join(format!("{name}.int"));
    std::fs::write(&file, source).expect("write the program");
    let output = Command::new(env!("CARGO_BIN_EXE_intc"))
        .arg("run")
        .arg(format!("-Cport={port}"))
        // A flush interval longer than the run: only the flush at exit delivers.
        .args(tracing_args(
            collector,
            &["-Cballerinax.jaeger.reporterFlushInterval=600000"],
        ))
        .arg(&file)
        .current_dir(&directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run intc");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

#[test]
fn a_call_from_main_starts_a_trace_flushed_at_exit() {
    let collector = Collector::start();
    let service = start_traced("trace_main_b", SERVICE_B, &collector, &[]);
    let program = r#"import ballerina/http;
import ballerina/io;
import ballerinax/jaeger as _;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    string text = check c->get("/b/hello");
    io:println(text);
}
"#;
    let (code, stderr) = run_traced("trace_main", program, &collector, service.port);
    assert_eq!(code, Some(0), "{stderr}");
    // The main program's span arrived before it ended (no flush interval passed).
    let client = collector
        .spans()
        .into_iter()
        .find(|s| s.name == "ballerina/http/Client:get")
        .expect("the client span, flushed at exit");
    assert_eq!(client.parent, None);
    assert_eq!(client.service, "Ballerina Service");
    assert_eq!(client.attr("entrypoint.function.name"), Some("main"));
    let spans = collector.wait_for(2, ARRIVAL);
    service.stop_ok();
    let server = find(&spans, "get /hello");
    assert_eq!(server.parent.as_deref(), Some(client.span_id.as_str()));
    assert_eq!(server.trace_id, client.trace_id);
}

#[test]
fn sigterm_flushes_the_queued_spans() {
    let collector = Collector::start();
    let service = start_traced(
        "trace_sigterm",
        SERVICE_B,
        &collector,
        &["-Cballerinax.jaeger.reporterFlushInterval=600000"],
    );
    for _ in 0..3 {
        assert_eq!(service.get("/b/hello").status, 200);
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        collector.spans().is_empty(),
        "nothing is sent before the interval"
    );
    service.stop_ok();
    // The graceful stop sent them before the process ended.
    let spans = collector.spans();
    assert_eq!(spans.len(), 3, "{spans:#?}");
    assert!(spans.iter().all(|s| s.name == "get /hello"));
}

#[test]
fn const_sampler_off_exports_nothing() {
    let collector = Collector::start();
    let service = start_traced(
        "trace_sampler_off",
        SERVICE_B,
        &collector,
        &["-Cballerinax.jaeger.samplerParam=0"],
    );
    for _ in 0..3 {
        assert_eq!(service.get("/b/hello").status, 200);
    }
    let stopped = service.stop_ok();
    assert!(stopped
        .stdout
        .contains("ballerina: started publishing traces to Jaeger"));
    assert!(collector.spans().is_empty(), "{:#?}", collector.spans());
}

#[test]
fn probabilistic_sampler_of_zero_exports_nothing_and_one_everything() {
    let collector = Collector::start();
    let none = start_traced(
        "trace_probabilistic_0",
        SERVICE_B,
        &collector,
        &[
            "-Cballerinax.jaeger.samplerType=probabilistic",
            "-Cballerinax.jaeger.samplerParam=0",
        ],
    );
    for _ in 0..3 {
        assert_eq!(none.get("/b/hello").status, 200);
    }
    none.stop_ok();
    assert!(collector.spans().is_empty());
    let all = start_traced(
        "trace_probabilistic_1",
        SERVICE_B,
        &collector,
        &["-Cballerinax.jaeger.samplerType=probabilistic"],
    );
    for _ in 0..3 {
        assert_eq!(all.get("/b/hello").status, 200);
    }
    let spans = collector.wait_for(3, ARRIVAL);
    all.stop_ok();
    assert_eq!(spans.len(), 3);
}

#[test]
fn rate_limiting_sampler_caps_a_burst() {
    let collector = Collector::start();
    let service = start_traced(
        "trace_ratelimiting",
        SERVICE_B,
        &collector,
        &[
            "-Cballerinax.jaeger.samplerType=ratelimiting",
            "-Cballerinax.jaeger.samplerParam=1",
        ],
    );
    let started = std::time::Instant::now();
    for _ in 0..20 {
        assert_eq!(service.get("/b/hello").status, 200);
    }
    let seconds = started.elapsed().as_secs_f64();
    service.stop_ok();
    let taken = collector.spans().len();
    // One trace a second: the first request, then one per second the burst took.
    assert!(taken >= 1, "the first request is sampled");
    assert!(
        (taken as f64) <= 1.0 + seconds.ceil(),
        "{taken} sampled in {seconds} s"
    );
}

#[test]
fn an_unknown_sampler_type_falls_back_to_const() {
    let collector = Collector::start();
    let service = start_traced(
        "trace_bad_sampler",
        SERVICE_B,
        &collector,
        &["-Cballerinax.jaeger.samplerType=bogus"],
    );
    assert_eq!(service.get("/b/hello").status, 200);
    let spans = collector.wait_for(1, ARRIVAL);
    let stopped = service.stop_ok();
    assert_eq!(spans.len(), 1);
    assert!(
        stopped.stdout.contains(
            "error: invalid Jaeger configuration sampler type: bogus. using default const sampling"
        ),
        "{}",
        stopped.stdout
    );
}

#[test]
fn tracing_disabled_exports_nothing() {
    let collector = Collector::start();
    let port = format!("-Cballerinax.jaeger.agentPort={}", collector.port);
    let service = start_with("trace_disabled", SERVICE_B, &[&port], 1);
    assert_eq!(service.get("/b/hello").status, 200);
    let stopped = service.stop_ok();
    assert!(
        !stopped.stdout.contains("publishing traces"),
        "{}",
        stopped.stdout
    );
    assert!(collector.spans().is_empty());
}

#[test]
fn an_unreachable_collector_does_not_disturb_the_service() {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let args = [
        "-Cballerina.observe.tracingEnabled=true".to_string(),
        "-Cballerina.observe.tracingProvider=jaeger".to_string(),
        "-Cballerinax.jaeger.agentHostname=127.0.0.1".to_string(),
        format!("-Cballerinax.jaeger.agentPort={closed}"),
        "-Cballerinax.jaeger.reporterFlushInterval=100".to_string(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let service = start_with("trace_unreachable", SERVICE_B, &args, 1);
    for _ in 0..3 {
        assert_eq!(service.get("/b/hello").text(), "hello from b");
    }
    let started = std::time::Instant::now();
    service.stop_ok();
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn observe_functions_make_spans_of_the_programs_own() {
    let collector = Collector::start();
    let program = r#"import ballerina/http;
import ballerina/observe;
import ballerinax/jaeger as _;

configurable int port = ?;

service /c on new http:Listener(port) {
    resource function get work() returns string|error {
        int outer = check observe:startSpan("outer work", {"step": "1"});
        int inner = check observe:startSpan("inner work", (), outer);
        check observe:addTagToSpan("size", "3", inner);
        check observe:finishSpan(inner);
        check observe:addTagToSpan("request.tag", "yes");
        check observe:finishSpanWithError(outer, "went wrong");
        error? again = observe:finishSpan(outer);
        int|error orphan = observe:startSpan("orphan", (), 99);
        map<string> context = observe:getSpanContext();
        string againText = again is error ? again.message() : "no error";
        string orphanText = orphan is error ? orphan.message() : orphan.toString();
        return againText + "; " + orphanText + "; " + context["traceId"].toString().length().toString();
    }
}
"#;
    let service = start_traced("trace_user_spans", program, &collector, &[]);
    let reply = service.get("/c/work");
    assert_eq!(
        reply.text(),
        "Can not finish span with id 0. Span already finished; \
         No parent span for ID 99 found. Please recheck the parent span Id; 32"
    );
    let spans = collector.wait_for(3, ARRIVAL);
    service.stop_ok();
    assert_eq!(spans.len(), 3, "{spans:#?}");
    let server = find(&spans, "get /work");
    let outer = find(&spans, "outer work");
    let inner = find(&spans, "inner work");
    assert_eq!(server.attr("request.tag"), Some("yes"));
    assert_eq!(outer.parent.as_deref(), Some(server.span_id.as_str()));
    assert_eq!(outer.attr("step"), Some("1"));
    assert_eq!(outer.attr("error.message"), Some("went wrong"));
    assert_eq!(outer.status, 2);
    assert_eq!(outer.kind, 1, "an internal span");
    assert_eq!(inner.parent.as_deref(), Some(outer.span_id.as_str()));
    assert_eq!(inner.attr("size"), Some("3"));
    assert_eq!(inner.status, 0);
    assert!(spans.iter().all(|s| s.trace_id == server.trace_id));
    assert_eq!(outer.service, "/c");
}

#[test]
fn observe_functions_without_tracing_do_nothing() {
    let program = r#"import ballerina/io;
import ballerina/observe;

public function main() returns error? {
    int root = observe:startRootSpan("root");
    int child = check observe:startSpan("child", {"a": "b"});
    check observe:addTagToSpan("k", "v", child);
    check observe:finishSpan(child);
    io:println(root, " ", child, " ", observe:getSpanContext());
}
"#;
    let directory = scratch("trace_observe_off");
    let file = directory.join("trace_observe_off.int");
    std::fs::write(&file, program).expect("write the program");
    let output = Command::new(env!("CARGO_BIN_EXE_intc"))
        .arg("run")
        .arg(&file)
        .current_dir(&directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run intc");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "-1 -1 {}\n");
}
