//! Serving one listener on several threads (`INTC_HTTP_THREADS`): a service the compiler
//! proved to share no mutable state between requests is served by replica isolates on more
//! threads (named `http-PORT-N`), each binding the port with `SO_REUSEPORT`; a service that
//! reaches a mutable module variable stays on one thread and the log says which variable.

// Each test crate uses part of the shared harness.
#[allow(dead_code)]
mod http_service_harness;

use http_service_harness::{request, start_env};
use std::collections::BTreeMap;

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

#[test]
fn without_the_setting_a_listener_serves_on_one_thread_silently() {
    let running = start_env("threads_default", SHARES_NOTHING, &[], 1);
    let reply = request(running.port, "GET", "/hi/x", &[], b"");
    assert_eq!(reply.text(), "hello x {\"a\":1,\"b\":2}");
    let names = threads(running.pid().expect("running"));
    assert!(!names.keys().any(|n| n.starts_with("http-")), "{names:?}");
    let stopped = running.stop_ok();
    assert!(!stopped.stderr.contains("[intc]"), "{}", stopped.stderr);
}
