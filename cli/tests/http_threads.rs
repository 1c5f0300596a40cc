//! Serving one listener on several threads (one per core, or `INTC_HTTP_THREADS`): a service
//! the compiler proved to share no mutable state between requests is served by replica
//! isolates on more threads (named `http-PORT-N`), each binding the port with `SO_REUSEPORT`;
//! a service that reaches a mutable module variable (or a value that cannot be copied) stays
//! on one thread and the log says which. Metrics and traces cover every replica's requests.

// Each test crate uses part of the shared harness.
#[allow(dead_code)]
mod http_service_harness;
#[allow(dead_code)]
mod tracing_collector;

use http_service_harness::{request, scratch, start_env, start_path_env};
use std::collections::BTreeMap;
use tracing_collector::Collector;

const SHARES_NOTHING: &str = r#"import ballerina/http;

configurable int port = ?;

final string greeting = "hello";
final map<int> & readonly weights = {a: 1, b: 2};

service / on new http:Listener(port) {
    resource function get hi/[string name]() returns string {
        return greeting + " " + name + " " + weights.toString();
    }

    resource function post sum(@http:Payload int[] numbers) returns int {
        int total = 0;
        foreach int n in numbers {
            total += n;
        }
        return total;
    }
}
"#;

const COUNTS: &str = r#"import ballerina/http;

configurable int port = ?;

int count = 0;

service / on new http:Listener(port) {
    resource function get hits() returns int {
        count += 1;
        return count;
    }
}
"#;

/// The program's threads by name, with the CPU ticks each used.
fn threads(pid: u32) -> BTreeMap<String, u64> {
    let mut found = BTreeMap::new();
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return found;
    };
    for task in tasks.flatten() {
        let name = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
        // utime and stime are fields 14 and 15, after the parenthesised name.
        let after = stat.rsplit(')').next().unwrap_or("");
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks = fields
            .get(11..13)
            .map(|f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum())
            .unwrap_or(0);
        *found.entry(name.trim().to_owned()).or_insert(0) += ticks;
    }
    found
}

#[test]
fn a_service_sharing_nothing_is_served_by_every_thread() {
    let running = start_env(
        "threads_replicable",
        SHARES_NOTHING,
        &[("INTC_HTTP_THREADS", "3")],
        1,
    );
    let port = running.port;
    let pid = running.pid().expect("running");
    // A new thread names itself once it runs: give the replicas a moment.
    let wanted = |names: &BTreeMap<String, u64>| {
        (1..=2).all(|n| names.contains_key(&format!("http-{port}-{n}")))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut names = threads(pid);
    while !wanted(&names) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        names = threads(pid);
    }
    assert!(wanted(&names), "replica threads missing: {names:?}");
    // Many connections from several client threads: every answer is right, whichever
    // isolate served it.
    let clients: Vec<_> = (0..6)
        .map(|client| {
            std::thread::spawn(move || {
                for i in 0..40 {
                    let name = format!("c{client}r{i}");
                    let reply = request(port, "GET", &format!("/hi/{name}"), &[], b"");
                    assert_eq!(reply.status, 200);
                    assert_eq!(reply.text(), format!("hello {name} {{\"a\":1,\"b\":2}}"));
                    let reply = request(
                        port,
                        "POST",
                        "/sum",
                        &[("content-type", "application/json")],
                        format!("[{client}, {i}, 1]").as_bytes(),
                    );
                    assert_eq!(reply.status, 201);
                    assert_eq!(reply.text(), (client + i + 1).to_string());
                }
            })
        })
        .collect();
    for client in clients {
        client.join().expect("client thread");
    }
    // The kernel spread the 480 connections over the three servers: each replica worked.
    let busy = threads(pid);
    for n in 1..=2 {
        let ticks = busy.get(&format!("http-{port}-{n}")).copied().unwrap_or(0);
        assert!(ticks > 0, "replica {n} served nothing: {busy:?}");
    }
    let stopped = running.stop_ok();
    assert!(
        stopped
            .stderr
            .contains("[ballerina/http] stopped HTTP/WS listener"),
        "{}",
        stopped.stderr
    );
    assert!(!stopped.stderr.contains("one thread"), "{}", stopped.stderr);
}

#[test]
fn a_service_with_mutable_state_stays_on_one_thread_and_says_why() {
    let running = start_env("threads_pinned", COUNTS, &[("INTC_HTTP_THREADS", "3")], 1);
    let port = running.port;
    // The counter counts every request exactly once, in one isolate.
    for expected in 1..=20 {
        let reply = request(port, "GET", "/hits", &[], b"");
        assert_eq!(reply.text(), expected.to_string());
    }
    let names = threads(running.pid().expect("running"));
    assert!(
        !names
            .keys()
            .any(|n| n.starts_with(&format!("http-{port}-"))),
        "{names:?}"
    );
    let stopped = running.stop_ok();
    assert!(
        stopped.stderr.contains(&format!(
            "[intc] listener on port {port} serves on one thread: module variable `count` is not final (used by resource `get hits`)"
        )),
        "{}",
        stopped.stderr
    );
}

const DETACHES: &str = r#"import ballerina/http;

configurable int port = ?;

listener http:Listener ep = new (port);

final http:Service extra = service object {
    resource function get .() returns string {
        return "extra";
    }
};

service / on ep {
    resource function post detach() returns string|error {
        check ep.detach(extra);
        return "detached";
    }
}

public function main() returns error? {
    check ep.attach(extra, "/extra");
}
"#;

#[test]
fn a_service_reaching_its_listener_stays_on_one_thread_and_says_why() {
    let running = start_env(
        "threads_listener",
        DETACHES,
        &[("INTC_HTTP_THREADS", "3")],
        1,
    );
    let port = running.port;
    assert_eq!(request(port, "GET", "/extra", &[], b"").text(), "extra");
    // Detaching acts on the one listener every connection reaches.
    assert_eq!(
        request(port, "POST", "/detach", &[], b"").text(),
        "detached"
    );
    for _ in 0..6 {
        assert_eq!(request(port, "GET", "/extra", &[], b"").status, 404);
    }
    let stopped = running.stop_ok();
    assert!(
        stopped.stderr.contains(&format!(
            "[intc] listener on port {port} serves on one thread: module variable `ep` is a listener"
        )),
        "{}",
        stopped.stderr
    );
}

/// Waits until the threads `http-PORT-1` to `http-PORT-(n)` exist (a new thread names itself
/// once it runs) and answers the program's threads.
fn wait_for_replicas(pid: u32, port: u16, n: usize) -> BTreeMap<String, u64> {
    let wanted = |names: &BTreeMap<String, u64>| {
        (1..=n).all(|i| names.contains_key(&format!("http-{port}-{i}")))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut names = threads(pid);
    while !wanted(&names) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        names = threads(pid);
    }
    assert!(wanted(&names), "replica threads missing: {names:?}");
    names
}

#[test]
fn without_the_setting_a_listener_serves_on_every_core() {
    let running = start_env("threads_default", SHARES_NOTHING, &[], 1);
    let port = running.port;
    let reply = request(port, "GET", "/hi/x", &[], b"");
    assert_eq!(reply.text(), "hello x {\"a\":1,\"b\":2}");
    // The program runs with this process's CPU affinity: as many cores as here.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pid = running.pid().expect("running");
    let names = wait_for_replicas(pid, port, cores - 1);
    let replicas = names
        .keys()
        .filter(|n| n.starts_with(&format!("http-{port}-")))
        .count();
    assert_eq!(replicas, cores - 1, "{names:?}");
    let stopped = running.stop_ok();
    assert!(!stopped.stderr.contains("[intc]"), "{}", stopped.stderr);
}

#[test]
fn one_thread_when_asked_silently() {
    let running = start_env(
        "threads_one",
        SHARES_NOTHING,
        &[("INTC_HTTP_THREADS", "1")],
        1,
    );
    let reply = request(running.port, "GET", "/hi/x", &[], b"");
    assert_eq!(reply.text(), "hello x {\"a\":1,\"b\":2}");
    let names = threads(running.pid().expect("running"));
    assert!(!names.keys().any(|n| n.starts_with("http-")), "{names:?}");
    let stopped = running.stop_ok();
    assert!(!stopped.stderr.contains("[intc]"), "{}", stopped.stderr);
}

const XML: &str = r#"import ballerina/http;

configurable int port = ?;
configurable int otherPort = ?;

final readonly & xml greeting = xml `<greeting lang="en">hello<!--note--></greeting>`.cloneReadOnly();
final xml draft = xml `<draft>mutable</draft>`;

service / on new http:Listener(port) {
    resource function get greeting() returns xml {
        return greeting;
    }
}

service / on new http:Listener(otherPort) {
    resource function get draft() returns xml {
        return draft;
    }
}
"#;

/// A free port on 127.0.0.1 (bound and released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// [`start_env`] with `-C` arguments as well.
fn start_args_env(
    name: &str,
    source: &str,
    args: &[&str],
    env: &[(&str, &str)],
    listeners: usize,
) -> http_service_harness::Running {
    let directory = scratch(name);
    let file = directory.join(format!("{name}.int"));
    std::fs::write(&file, source).expect("write the program");
    let mut all = vec!["-Cport=0"];
    all.extend_from_slice(args);
    start_path_env(&file, &directory, &all, env, listeners)
}

#[test]
fn read_only_xml_is_copied_to_the_replicas_mutable_xml_keeps_one_thread() {
    let running = start_args_env(
        "threads_xml",
        XML,
        &["-CotherPort=0"],
        &[("INTC_HTTP_THREADS", "2")],
        2,
    );
    let pid = running.pid().expect("running");
    let stderr = running.stderr_so_far();
    // Which port is which: the listener that says it keeps one thread serves the draft.
    let (pinned, replicated) = if stderr.contains(&format!(
        "listener on port {} serves on one thread",
        running.ports[0]
    )) {
        (running.ports[0], running.ports[1])
    } else {
        (running.ports[1], running.ports[0])
    };
    assert!(
        stderr.contains(&format!(
            "[intc] listener on port {pinned} serves on one thread: cannot copy a mutable xml element at `draft`"
        )),
        "{stderr}"
    );
    wait_for_replicas(pid, replicated, 1);
    for _ in 0..20 {
        let reply = request(replicated, "GET", "/greeting", &[], b"");
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.text(),
            "<greeting lang=\"en\">hello<!--note--></greeting>"
        );
        let reply = request(pinned, "GET", "/draft", &[], b"");
        assert_eq!(reply.text(), "<draft>mutable</draft>");
    }
    running.stop_ok();
}

const METRICS: &str = r#"import ballerina/http;
import ballerinax/prometheus as _;

configurable int port = ?;

service /shop on new http:Listener(port) {
    resource function get items/[string id]() returns string {
        return "item " + id;
    }
}
"#;

/// The value of the `requests_total_value` sample whose labels include every one of `labels`.
fn requests_total(exposition: &str, labels: &[&str]) -> Option<f64> {
    exposition
        .lines()
        .filter(|line| line.starts_with("requests_total_value{"))
        .find(|line| labels.iter().all(|l| line.contains(l)))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[test]
fn metrics_count_the_requests_every_replica_serves() {
    let management = free_port();
    let management_port = format!("-Cballerinax.prometheus.port={management}");
    let running = start_args_env(
        "threads_metrics",
        METRICS,
        &[
            "-Cballerina.observe.metricsEnabled=true",
            "-Cballerina.observe.metricsReporter=prometheus",
            "-Cballerinax.prometheus.host=127.0.0.1",
            &management_port,
        ],
        &[("INTC_HTTP_THREADS", "3")],
        1,
    );
    let port = running.port;
    let pid = running.pid().expect("running");
    wait_for_replicas(pid, port, 2);
    let clients: Vec<_> = (0..6)
        .map(|client| {
            std::thread::spawn(move || {
                for i in 0..40 {
                    let reply =
                        request(port, "GET", &format!("/shop/items/{client}-{i}"), &[], b"");
                    assert_eq!(reply.text(), format!("item {client}-{i}"));
                }
            })
        })
        .collect();
    for client in clients {
        client.join().expect("client thread");
    }
    let busy = threads(pid);
    for n in 1..=2 {
        let ticks = busy.get(&format!("http-{port}-{n}")).copied().unwrap_or(0);
        assert!(ticks > 0, "replica {n} served nothing: {busy:?}");
    }
    // Every request counted once, whichever thread served it (the count is updated after
    // the response is written: give the last ones a moment).
    let labels = [
        "http_method=\"GET\"",
        "entrypoint_service_name=\"/shop\"",
        "src_resource_path=\"/items/[string id]\"",
        "http_status_code_group=\"2xx\"",
    ];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut exposition = String::new();
    while std::time::Instant::now() < deadline {
        exposition = request(management, "GET", "/metrics", &[], b"").text();
        if requests_total(&exposition, &labels) == Some(240.0) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(
        requests_total(&exposition, &labels),
        Some(240.0),
        "{exposition}"
    );
    let ready = request(management, "GET", "/health/ready", &[], b"");
    assert_eq!(ready.status, 200, "{}", ready.text());
    running.stop_ok();
}

const TRACED: &str = r#"import ballerina/http;
import ballerinax/jaeger as _;

configurable int port = ?;

service /t on new http:Listener(port) {
    resource function get items/[string id]() returns string {
        return "item " + id;
    }
}
"#;

#[test]
fn every_replica_exports_its_spans() {
    let collector = Collector::start();
    let agent_port = format!("-Cballerinax.jaeger.agentPort={}", collector.port);
    let running = start_args_env(
        "threads_tracing",
        TRACED,
        &[
            "-Cballerina.observe.tracingEnabled=true",
            "-Cballerina.observe.tracingProvider=jaeger",
            "-Cballerinax.jaeger.agentHostname=127.0.0.1",
            &agent_port,
            "-Cballerinax.jaeger.reporterFlushInterval=100",
        ],
        &[("INTC_HTTP_THREADS", "3")],
        1,
    );
    let port = running.port;
    let pid = running.pid().expect("running");
    wait_for_replicas(pid, port, 2);
    let clients: Vec<_> = (0..4)
        .map(|client| {
            std::thread::spawn(move || {
                for i in 0..15 {
                    let reply = request(port, "GET", &format!("/t/items/{client}-{i}"), &[], b"");
                    assert_eq!(reply.text(), format!("item {client}-{i}"));
                }
            })
        })
        .collect();
    for client in clients {
        client.join().expect("client thread");
    }
    let spans = collector.wait_for(60, std::time::Duration::from_secs(30));
    running.stop_ok();
    assert_eq!(spans.len(), 60, "{spans:#?}");
    let mut urls: Vec<&str> = spans.iter().filter_map(|s| s.attr("http.url")).collect();
    urls.sort_unstable();
    urls.dedup();
    assert_eq!(urls.len(), 60, "one span per request: {urls:?}");
    for span in &spans {
        assert_eq!(span.name, "get /items/[string id]");
        assert_eq!(span.service, "/t");
    }
}
