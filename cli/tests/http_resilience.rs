//! Resilient `http:Client`s in real round trips on 127.0.0.1: the circuit breaker (opening
//! after failures, failing fast while open, the half-open trial, forced states), the failover
//! and load balancing clients (order, failover codes, round robin counted at the backends, the
//! all-endpoints-failed errors), the response cache (fresh hits the backend never sees,
//! revalidation with ETag/304, `no-store`, invalidation). Backends are Rust servers per test
//! (`http_resilience_backend/`) that fail on demand. Compression is in `http_compression.rs`.

mod http_resilience_backend;

use http_resilience_backend::{check, closed_port, run, Answer, Backend};

/// A backend that fails (500) for its first `failures` requests, then answers 200 "ok N".
fn failing_first(failures: usize) -> Backend {
    Backend::start(move |_, before| {
        if before < failures {
            Answer::text(500, "down")
        } else {
            Answer::text(200, &format!("ok {before}"))
        }
    })
}

const BREAKER_PROGRAM_HEAD: &str = r#"import ballerina/http;
import ballerina/io;
import ballerina/lang.runtime;

configurable int port = ?;

function call(http:Client c) {
    http:Response|http:ClientError r = c->get("/x");
    if r is http:Response {
        io:println("status ", r.statusCode, " state ", c.getCurrentState());
    } else {
        io:println((typeof r).toString(), ": ", r.message(), " state ", c.getCurrentState());
    }
}
"#;

fn breaker_program(config: &str, body: &str) -> String {
    format!(
        "{BREAKER_PROGRAM_HEAD}
public function main() returns error? {{
    http:Client c = check new (string `http://127.0.0.1:${{port}}`, circuitBreaker = {config});
{body}
    runtime:sleep(0);
}}
"
    )
}

#[test]
fn breaker_opens_after_failures_and_fails_fast() {
    let backend = failing_first(usize::MAX);
    let program = breaker_program(
        "{rollingWindow: {requestVolumeThreshold: 3}, failureThreshold: 0.5, resetTime: 10, statusCodes: [500]}",
        "    foreach int i in 0 ..< 5 {\n        call(c);\n    }",
    );
    check(
        "breaker_opens_after_failures_and_fails_fast",
        &program,
        &[("port", backend.port)],
        "status 500 state CLOSED\n\
         status 500 state CLOSED\n\
         status 500 state CLOSED\n\
         typedesc http:UpstreamServiceUnavailableError: Upstream service unavailable. Requests to upstream service will be suspended for 10 seconds. state OPEN\n\
         typedesc http:UpstreamServiceUnavailableError: Upstream service unavailable. Requests to upstream service will be suspended for 10 seconds. state OPEN\n",
    );
    assert_eq!(
        backend.hits(),
        3,
        "requests while open never reach the backend"
    );
}

#[test]
fn breaker_counts_connection_failures() {
    let program = breaker_program(
        "{rollingWindow: {requestVolumeThreshold: 2}, failureThreshold: 0.2, resetTime: 30}",
        "    foreach int i in 0 ..< 3 {\n        call(c);\n    }\n    http:Response|error r = c->get(\"/y\");\n    io:println(r is http:UpstreamServiceUnavailableError, \" \", r is http:ResiliencyError, \" \", r is http:ClientError);",
    );
    let (code, stdout, stderr) = run(
        "breaker_counts_connection_failures",
        &program,
        &[("port", closed_port())],
    );
    assert_eq!(code, Some(0), "stderr: {stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines[0].starts_with("typedesc http:GenericClientError: ")
            && lines[0].ends_with("state CLOSED"),
        "{stdout}"
    );
    assert!(lines[1].ends_with("state CLOSED"), "{stdout}");
    assert!(
        lines[2].starts_with(
            "typedesc http:UpstreamServiceUnavailableError: Upstream service unavailable."
        ),
        "{stdout}"
    );
    assert_eq!(lines[3], "true true true");
}

#[test]
fn breaker_half_open_trial_success_closes() {
    let backend = failing_first(3);
    let program = breaker_program(
        "{rollingWindow: {requestVolumeThreshold: 3}, failureThreshold: 0.7, resetTime: 1, statusCodes: [500]}",
        "    foreach int i in 0 ..< 4 {\n        call(c);\n    }\n    runtime:sleep(1.3);\n    call(c);\n    call(c);\n    call(c);",
    );
    check(
        "breaker_half_open_trial_success_closes",
        &program,
        &[("port", backend.port)],
        "status 500 state CLOSED\n\
         status 500 state CLOSED\n\
         status 500 state CLOSED\n\
         typedesc http:UpstreamServiceUnavailableError: Upstream service unavailable. Requests to upstream service will be suspended for 1 seconds. state OPEN\n\
         status 200 state HALF_OPEN\n\
         status 200 state CLOSED\n\
         status 200 state CLOSED\n",
    );
    // Closing keeps the window: 3 failures of 5 counted requests (0.6) stay under 0.7.
    assert_eq!(backend.hits(), 6);
}

#[test]
fn breaker_half_open_trial_failure_reopens() {
    let backend = failing_first(usize::MAX);
    let program = breaker_program(
        "{rollingWindow: {requestVolumeThreshold: 2}, failureThreshold: 0.5, resetTime: 1, statusCodes: [500]}",
        "    foreach int i in 0 ..< 3 {\n        call(c);\n    }\n    runtime:sleep(1.3);\n    call(c);\n    call(c);",
    );
    check(
        "breaker_half_open_trial_failure_reopens",
        &program,
        &[("port", backend.port)],
        "status 500 state CLOSED\n\
         status 500 state CLOSED\n\
         typedesc http:UpstreamServiceUnavailableError: Upstream service unavailable. Requests to upstream service will be suspended for 1 seconds. state OPEN\n\
         status 500 state HALF_OPEN\n\
         typedesc http:UpstreamServiceUnavailableError: Upstream service unavailable. Requests to upstream service will be suspended for 1 seconds. state OPEN\n",
    );
    assert_eq!(backend.hits(), 3);
}

#[test]
fn breaker_forced_open_and_closed() {
    let backend = Backend::fixed(200, "fine");
    let program = breaker_program(
        "{resetTime: 20}",
        "    c.forceOpen();\n    call(c);\n    c.forceClose();\n    call(c);",
    );
    check(
        "breaker_forced_open_and_closed",
        &program,
        &[("port", backend.port)],
        "typedesc http:UpstreamServiceUnavailableError: Upstream service unavailable. Requests to upstream service will be suspended for 20 seconds. state OPEN\n\
         status 200 state CLOSED\n",
    );
    assert_eq!(backend.hits(), 1);
}

#[test]
fn breaker_below_volume_threshold_and_unlisted_codes_stay_closed() {
    let backend =
        Backend::start(|_, before| Answer::text(if before % 2 == 0 { 500 } else { 503 }, "bad"));
    let program = breaker_program(
        "{rollingWindow: {requestVolumeThreshold: 4}, failureThreshold: 0.6, statusCodes: [500]}",
        "    foreach int i in 0 ..< 8 {\n        call(c);\n    }",
    );
    // Half the responses are failures (500); 0.5 never exceeds the threshold of 0.6.
    check(
        "breaker_below_volume_threshold_and_unlisted_codes_stay_closed",
        &program,
        &[("port", backend.port)],
        &"status 500 state CLOSED\nstatus 503 state CLOSED\n".repeat(4),
    );
    assert_eq!(backend.hits(), 8);
}

#[test]
fn breaker_binds_payloads_and_rejects_bad_configurations() {
    let backend = Backend::fixed(200, "payload");
    check(
        "breaker_binds_payloads_and_rejects_bad_configurations",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`, circuitBreaker = {});
    string s = check c->get("/x");
    io:println(s, " ", c.getCurrentState());
    http:Client plain = check new (string `http://127.0.0.1:${port}`);
    io:println(plain.getCurrentState());
    http:Client|http:ClientError bad = new (string `http://127.0.0.1:${port}`,
        circuitBreaker = {rollingWindow: {timeWindow: 5, bucketSize: 10}});
    if bad is http:ClientError {
        io:println(bad.message());
    }
}
"#,
        &[("port", backend.port)],
        "payload CLOSED\nCLOSED\nCircuit breaker 'timeWindow' value should be greater than the 'bucketSize' value.\n",
    );
}

#[test]
fn breaker_invalid_failure_threshold_panics() {
    let (code, stdout, stderr) = run(
        "breaker_invalid_failure_threshold_panics",
        r#"import ballerina/http;

public function main() returns error? {
    http:Client c = check new ("http://127.0.0.1:9", circuitBreaker = {failureThreshold: 1.5});
}
"#,
        &[],
    );
    assert_eq!(code, Some(1), "stdout: {stdout}");
    assert!(
        stderr.contains(
            "Invalid failure threshold. Failure threshold value should between 0 to 1, found 1.5"
        ),
        "{stderr}"
    );
}

const FAILOVER_HEAD: &str = r#"import ballerina/http;
import ballerina/io;

configurable int a = ?;
configurable int b = ?;
configurable int c = ?;

function url(int port) returns string => string `http://127.0.0.1:${port}`;
"#;

#[test]
fn failover_skips_failed_endpoints_and_sticks() {
    let down = closed_port();
    let unavailable = Backend::fixed(503, "busy");
    let good = Backend::fixed(200, "from good");
    let program = format!(
        "{FAILOVER_HEAD}
public function main() returns error? {{
    http:FailoverClient fo = check new ({{targets: [{{url: url(a)}}, {{url: url(b)}}, {{url: url(c)}}]}});
    string s = check fo->get(\"/x\");
    io:println(s, \" \", fo.getSucceededEndpointIndex());
    http:Response r = check fo->post(\"/y\", \"body\");
    io:println(r.statusCode, \" \", check r.getTextPayload(), \" \", fo.getSucceededEndpointIndex());
}}
"
    );
    check(
        "failover_skips_failed_endpoints_and_sticks",
        &program,
        &[("a", down), ("b", unavailable.port), ("c", good.port)],
        "from good 2\n200 from good 2\n",
    );
    // The second request starts from the endpoint that answered last.
    assert_eq!(unavailable.hits(), 1);
    let seen = good.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        (seen[1].method.as_str(), seen[1].body.as_slice()),
        ("POST", &b"body"[..])
    );
}

#[test]
fn failover_wraps_around_from_the_last_succeeded() {
    let first = Backend::start(|_, before| {
        // Answers the first request, then is unavailable.
        if before == 0 {
            Answer::text(200, "first")
        } else {
            Answer::text(502, "gone")
        }
    });
    let second = Backend::start(|_, before| {
        if before == 0 {
            Answer::text(200, "second")
        } else {
            Answer::text(504, "gone")
        }
    });
    let third = Backend::start(|_, before| {
        if before == 0 {
            Answer::text(200, "third")
        } else {
            Answer::text(503, "gone")
        }
    });
    let program = format!(
        "{FAILOVER_HEAD}
public function main() returns error? {{
    http:FailoverClient fo = check new ({{targets: [{{url: url(a)}}, {{url: url(b)}}, {{url: url(c)}}]}});
    foreach int i in 0 ..< 4 {{
        string|error s = fo->get(\"/x\");
        io:println(s is string ? s : s.message(), \" \", fo.getSucceededEndpointIndex());
    }}
}}
"
    );
    check(
        "failover_wraps_around_from_the_last_succeeded",
        &program,
        &[("a", first.port), ("b", second.port), ("c", third.port)],
        "first 0\nsecond 1\nthird 2\n\
         All the failover endpoints failed. Last endpoint returned response is: 504 Gateway Timeout 2\n",
    );
    // The last request started at the third target and wrapped around to the first two.
    assert_eq!((first.hits(), second.hits(), third.hits()), (3, 3, 2));
}

#[test]
fn failover_all_endpoints_failed_with_status() {
    let one = Backend::fixed(503, "busy");
    let two = Backend::fixed(503, "busy");
    let three = Backend::fixed(501, "nope");
    let program = format!(
        "{FAILOVER_HEAD}
public function main() {{
    http:FailoverClient|http:ClientError fo = new ({{targets: [{{url: url(a)}}, {{url: url(b)}}, {{url: url(c)}}]}});
    if fo is http:ClientError {{
        return;
    }}
    http:Response|http:ClientError r = fo->get(\"/x\");
    if r is http:ClientError {{
        io:println(r is http:FailoverAllEndpointsFailedError, \" \", r is http:ResiliencyError);
        io:println(r.message());
    }}
}}
"
    );
    check(
        "failover_all_endpoints_failed_with_status",
        &program,
        &[("a", one.port), ("b", two.port), ("c", three.port)],
        "true true\nAll the failover endpoints failed. Last endpoint returned response is: 501 Not Implemented\n",
    );
    assert_eq!((one.hits(), two.hits(), three.hits()), (1, 1, 1));
}

#[test]
fn failover_all_endpoints_failed_with_errors() {
    let program = format!(
        "{FAILOVER_HEAD}
public function main() returns error? {{
    http:FailoverClient fo = check new ({{targets: [{{url: url(a)}}, {{url: url(b)}}, {{url: url(c)}}], interval: 0.1}});
    json|http:ClientError r = fo->get(\"/x\");
    if r is http:FailoverAllEndpointsFailedError {{
        io:println(r.message().startsWith(\"All the failover endpoints failed. Last error was: \"));
    }}
}}
"
    );
    check(
        "failover_all_endpoints_failed_with_errors",
        &program,
        &[
            ("a", closed_port()),
            ("b", closed_port()),
            ("c", closed_port()),
        ],
        "true\n",
    );
}

#[test]
fn failover_codes_are_configurable() {
    let one = Backend::fixed(500, "broken");
    let two = Backend::fixed(503, "busy");
    let three = Backend::fixed(200, "never");
    let program = format!(
        "{FAILOVER_HEAD}
public function main() returns error? {{
    http:FailoverClient fo = check new ({{targets: [{{url: url(a)}}, {{url: url(b)}}, {{url: url(c)}}], failoverCodes: [500]}});
    http:Response r = check fo->get(\"/x\");
    io:println(r.statusCode, \" \", check r.getTextPayload());
    string|http:ClientError s = fo->get(\"/x\");
    if s is http:RemoteServerError {{
        io:println(s.detail().statusCode, \" \", s.detail().body);
    }}
}}
"
    );
    check(
        "failover_codes_are_configurable",
        &program,
        &[("a", one.port), ("b", two.port), ("c", three.port)],
        "503 busy\n503 busy\n",
    );
    assert_eq!(three.hits(), 0);
}

const LB_HEAD: &str = r#"import ballerina/http;
import ballerina/io;

configurable int a = ?;
configurable int b = ?;
configurable int c = ?;

function url(int port) returns string => string `http://127.0.0.1:${port}`;
"#;

#[test]
fn load_balance_round_robin_distribution() {
    let backends = [
        Backend::fixed(200, "a"),
        Backend::fixed(200, "b"),
        Backend::fixed(200, "c"),
    ];
    let program = format!(
        "{LB_HEAD}
public function main() returns error? {{
    http:LoadBalanceClient lb = check new ({{targets: [{{url: url(a)}}, {{url: url(b)}}, {{url: url(c)}}]}});
    string[] order = [];
    foreach int i in 0 ..< 7 {{
        string s = check lb->get(\"/x\");
        order.push(s);
    }}
    io:println(order);
}}
"
    );
    check(
        "load_balance_round_robin_distribution",
        &program,
        &[
            ("a", backends[0].port),
            ("b", backends[1].port),
            ("c", backends[2].port),
        ],
        "[\"a\",\"b\",\"c\",\"a\",\"b\",\"c\",\"a\"]\n",
    );
    let hits: Vec<usize> = backends.iter().map(Backend::hits).collect();
    assert_eq!(hits, [3, 2, 2]);
}

#[test]
fn load_balance_fails_over_a_down_endpoint() {
    let one = Backend::fixed(200, "one");
    let two = Backend::fixed(200, "two");
    let program = format!(
        "{LB_HEAD}
public function main() returns error? {{
    http:LoadBalanceClient lb = check new ({{targets: [{{url: url(a)}}, {{url: url(b)}}, {{url: url(c)}}]}});
    foreach int i in 0 ..< 4 {{
        http:Response r = check lb->post(\"/x\", {{n: i}});
        io:println(check r.getTextPayload());
    }}
}}
"
    );
    check(
        "load_balance_fails_over_a_down_endpoint",
        &program,
        &[("a", one.port), ("b", closed_port()), ("c", two.port)],
        "one\ntwo\none\ntwo\n",
    );
    // Round robin moves on with each attempt: the down target passes requests 1 and 3 on.
    assert_eq!(one.hits(), 2);
    let seen = two.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(String::from_utf8_lossy(&seen[0].body), "{\"n\":1}");
    assert_eq!(String::from_utf8_lossy(&seen[1].body), "{\"n\":3}");
}

#[test]
fn load_balance_without_failover_returns_the_error() {
    let one = Backend::fixed(200, "one");
    let program = format!(
        "{LB_HEAD}
public function main() returns error? {{
    http:LoadBalanceClient lb = check new ({{targets: [{{url: url(a)}}, {{url: url(b)}}], failover: false}});
    foreach int i in 0 ..< 3 {{
        string|http:ClientError s = lb->get(\"/x\");
        io:println(s is string ? s : (typeof s).toString());
    }}
}}
"
    );
    check(
        "load_balance_without_failover_returns_the_error",
        &program,
        &[("a", one.port), ("b", closed_port()), ("c", 0)],
        "one\ntypedesc http:GenericClientError\none\n",
    );
}

#[test]
fn load_balance_all_endpoints_failed() {
    let program = format!(
        "{LB_HEAD}
public function main() returns error? {{
    http:LoadBalanceClient lb = check new ({{targets: [{{url: url(a)}}, {{url: url(b)}}]}});
    http:Response|http:ClientError r = lb->get(\"/x\");
    if r is http:AllLoadBalanceEndpointsFailedError {{
        io:println(r.message().startsWith(\"All the load balance endpoints failed. Last error was: \"));
    }}
}}
"
    );
    check(
        "load_balance_all_endpoints_failed",
        &program,
        &[("a", closed_port()), ("b", closed_port()), ("c", 0)],
        "true\n",
    );
}

#[test]
fn load_balance_does_not_fail_over_error_statuses() {
    let one = Backend::fixed(500, "broken");
    let two = Backend::fixed(200, "two");
    let program = format!(
        "{LB_HEAD}
public function main() returns error? {{
    http:LoadBalanceClient lb = check new ({{targets: [{{url: url(a)}}, {{url: url(b)}}]}});
    http:Response r = check lb->get(\"/x\");
    io:println(r.statusCode);
    r = check lb->get(\"/x\");
    io:println(r.statusCode);
}}
"
    );
    check(
        "load_balance_does_not_fail_over_error_statuses",
        &program,
        &[("a", one.port), ("b", two.port), ("c", 0)],
        "500\n200\n",
    );
}

const CACHE_PROGRAM: &str = r#"import ballerina/http;
import ballerina/io;
import ballerina/lang.runtime;

configurable int port = ?;
configurable int pause = 0;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`, cache = CONFIG);
    foreach int i in 0 ..< 3 {
        http:Response r = check c->get("/data");
        io:println(r.statusCode, " ", check r.getTextPayload(), " age=", r.hasHeader("age"));
        if pause > 0 {
            runtime:sleep(<decimal>pause / 1000);
        }
    }
}
"#;

fn cache_program(config: &str) -> String {
    CACHE_PROGRAM.replace("CONFIG", config)
}

#[test]
fn cache_serves_fresh_responses() {
    let backend = Backend::start(|_, before| {
        Answer::text(200, &format!("v{before}"))
            .with("cache-control", "max-age=60")
            .with("etag", "\"tag\"")
    });
    check(
        "cache_serves_fresh_responses",
        &cache_program("{}"),
        &[("port", backend.port)],
        "200 v0 age=false\n200 v0 age=true\n200 v0 age=true\n",
    );
    assert_eq!(backend.hits(), 1, "fresh responses come from the cache");
}

#[test]
fn cache_revalidates_with_etag() {
    let backend = Backend::start(|request, _| {
        if request.header("if-none-match") == Some("\"v1\"") {
            Answer::text(304, "").with("etag", "\"v1\"")
        } else {
            Answer::text(200, "content")
                .with("cache-control", "no-cache")
                .with("etag", "\"v1\"")
        }
    });
    check(
        "cache_revalidates_with_etag",
        &cache_program("{}"),
        &[("port", backend.port)],
        "200 content age=false\n200 content age=true\n200 content age=true\n",
    );
    let seen = backend.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].header("if-none-match"), None);
    assert_eq!(seen[1].header("if-none-match"), Some("\"v1\""));
    assert_eq!(seen[2].header("if-none-match"), Some("\"v1\""));
}

#[test]
fn cache_revalidates_with_last_modified_after_max_age() {
    let backend = Backend::start(|request, before| {
        if request.header("if-modified-since").is_some() && before == 1 {
            Answer::text(304, "")
        } else {
            Answer::text(200, &format!("v{before}"))
                .with("cache-control", "max-age=1")
                .with("last-modified", "Sun, 06 Nov 1994 08:49:37 GMT")
        }
    });
    check(
        "cache_revalidates_with_last_modified_after_max_age",
        &cache_program("{}"),
        &[("port", backend.port), ("pause", 1200)],
        "200 v0 age=false\n200 v0 age=true\n200 v2 age=false\n",
    );
    let seen = backend.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(
        seen[1].header("if-modified-since"),
        Some("Sun, 06 Nov 1994 08:49:37 GMT")
    );
}

#[test]
fn cache_respects_no_store() {
    let backend = Backend::start(|_, before| {
        Answer::text(200, &format!("v{before}"))
            .with("cache-control", "no-store, max-age=60")
            .with("etag", "\"tag\"")
    });
    check(
        "cache_respects_no_store",
        &cache_program("{}"),
        &[("port", backend.port)],
        "200 v0 age=false\n200 v1 age=false\n200 v2 age=false\n",
    );
    assert_eq!(backend.hits(), 3);
}

#[test]
fn cache_policy_needs_validators_unless_rfc_7234() {
    let handler = |_: &http_resilience_backend::Seen, before: usize| {
        Answer::text(200, &format!("v{before}")).with("cache-control", "max-age=60")
    };
    let strict = Backend::start(handler);
    check(
        "cache_policy_needs_validators",
        &cache_program("{}"),
        &[("port", strict.port)],
        "200 v0 age=false\n200 v1 age=false\n200 v2 age=false\n",
    );
    let rfc = Backend::start(handler);
    check(
        "cache_policy_rfc_7234",
        &cache_program("{policy: http:RFC_7234}"),
        &[("port", rfc.port)],
        "200 v0 age=false\n200 v0 age=true\n200 v0 age=true\n",
    );
    let disabled = Backend::start(handler);
    check(
        "cache_disabled",
        &cache_program("{enabled: false, policy: http:RFC_7234}"),
        &[("port", disabled.port)],
        "200 v0 age=false\n200 v1 age=false\n200 v2 age=false\n",
    );
    assert_eq!((strict.hits(), rfc.hits(), disabled.hits()), (3, 1, 3));
}

#[test]
fn cache_is_invalidated_by_unsafe_methods() {
    let backend = Backend::start(|request, before| {
        Answer::text(200, &format!("{} {before}", request.method))
            .with("cache-control", "max-age=60")
            .with("etag", "\"tag\"")
    });
    check(
        "cache_is_invalidated_by_unsafe_methods",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    string s = check c->get("/data");
    io:println(s);
    s = check c->get("/data");
    io:println(s);
    s = check c->put("/data", "new");
    io:println(s);
    s = check c->get("/data");
    io:println(s);
    s = check c->get("/other");
    io:println(s);
}
"#,
        &[("port", backend.port)],
        "GET 0\nGET 0\nPUT 1\nGET 2\nGET 3\n",
    );
}

#[test]
fn cache_request_directives_and_shared_private() {
    let backend = Backend::start(|request, before| {
        if request.header("if-none-match") == Some("\"e\"") {
            return Answer::text(304, "");
        }
        Answer::text(200, &format!("{} {before}", request.path))
            .with(
                "cache-control",
                if request.path == "/private" {
                    "private, max-age=60"
                } else {
                    "max-age=60"
                },
            )
            .with("etag", "\"e\"")
    });
    check(
        "cache_request_directives_and_shared_private",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`, cache = {isShared: true});
    string s = check c->get("/public");
    io:println(s);
    // A fresh response is revalidated when the request says no-cache.
    s = check c->get("/public", {"cache-control": "no-cache"});
    io:println(s);
    s = check c->get("/public");
    io:println(s);
    // A shared cache does not keep private responses.
    s = check c->get("/private");
    io:println(s);
    s = check c->get("/private");
    io:println(s);
    // Neither does any cache keep a response to a no-store request.
    s = check c->get("/other", {"cache-control": "no-store"});
    io:println(s);
    s = check c->get("/other");
    io:println(s);
    http:Response head = check c->head("/public");
    io:println(head.statusCode);
}
"#,
        &[("port", backend.port)],
        "/public 0\n/public 0\n/public 0\n/private 2\n/private 3\n/other 4\n/other 5\n200\n",
    );
    let seen = backend.seen();
    assert_eq!(seen[1].header("if-none-match"), Some("\"e\""));
    // The HEAD request is not served from the GET entry.
    assert_eq!(seen.len(), 7);
    assert_eq!(seen[6].method, "HEAD");
}

#[test]
fn breaker_with_retries_counts_the_retried_result() {
    let backend = failing_first(usize::MAX);
    check(
        "breaker_with_retries_counts_the_retried_result",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`,
        retryConfig = {count: 2, statusCodes: [500]},
        circuitBreaker = {rollingWindow: {requestVolumeThreshold: 1}, failureThreshold: 0.5, resetTime: 30, statusCodes: [500]});
    http:Response r = check c->get("/x");
    io:println(r.statusCode, " ", c.getCurrentState());
    http:Response|http:ClientError again = c->get("/x");
    io:println(again is http:UpstreamServiceUnavailableError, " ", c.getCurrentState());
}
"#,
        &[("port", backend.port)],
        "500 CLOSED\ntrue OPEN\n",
    );
    // One call through the breaker is three attempts (two retries); the second call fails fast.
    assert_eq!(backend.hits(), 3);
}
