//! The listener's lifecycle and protocol behaviour end to end: graceful stop with a request in
//! flight, TLS, run-time attach/detach, configuration limits, keep-alive pipelining, a busy
//! port, concurrency across parked strands and `immediateStop`.

use super::ALBUMS;
use crate::http_service_harness::{request, run_client, start, start_with};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

/// A service whose resource calls a backend the test plays, so the test knows when the
/// request is in flight.
const RELAY: &str = r#"import ballerina/http;

configurable int port = ?;
configurable int backendPort = ?;

service /relay on new http:Listener(port, host = "127.0.0.1") {
    resource function get .() returns string|error {
        http:Client backend = check new (string `http://127.0.0.1:${backendPort}`);
        string answer = check backend->get("/");
        return "relayed " + answer;
    }

    resource function get quick() returns string {
        return "quick";
    }
}
"#;

#[test]
fn sigterm_lets_an_in_flight_request_finish_and_exits_0() {
    let backend = TcpListener::bind("127.0.0.1:0").expect("backend");
    let backend_port = backend.local_addr().expect("address").port();
    let argument = format!("-CbackendPort={backend_port}");
    let mut service = start_with("graceful_in_flight", RELAY, &[&argument], 1);
    let port = service.port;
    let client = std::thread::spawn(move || request(port, "GET", "/relay", &[], b""));
    // The resource is running once its call reaches the backend.
    let (mut call, _) = backend.accept().expect("the resource calls the backend");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && call.read(&mut byte).expect("read") == 1 {
        head.push(byte[0]);
    }
    service.terminate();
    // Stopping has begun once the listener refuses new connections.
    while TcpStream::connect(("127.0.0.1", port)).is_ok() {
        std::thread::yield_now();
    }
    call.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 4\r\nconnection: close\r\n\r\npong")
        .expect("answer");
    drop(call);
    let reply = client.join().expect("the client");
    assert_eq!(
        (reply.status, reply.text()),
        (200, "relayed pong".to_string())
    );
    let stopped = service.wait();
    assert_eq!(stopped.code, Some(0), "{}", stopped.stderr);
    assert!(
        stopped
            .stderr
            .contains("[ballerina/http] stopped HTTP/WS listener"),
        "{}",
        stopped.stderr
    );
}

#[test]
fn sigterm_under_load_answers_every_in_flight_request_and_exits_0() {
    const CLIENTS: usize = 24;
    let backend = TcpListener::bind("127.0.0.1:0").expect("backend");
    let backend_port = backend.local_addr().expect("address").port();
    let argument = format!("-CbackendPort={backend_port}");
    let mut service = start_with("graceful_under_load", RELAY, &[&argument], 1);
    let port = service.port;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| std::thread::spawn(move || request(port, "GET", "/relay", &[], b"")))
        .collect();
    // Every request is in flight once its resource's call reached the backend.
    let mut calls = Vec::new();
    for _ in 0..CLIENTS {
        let (mut call, _) = backend.accept().expect("the resource calls the backend");
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && call.read(&mut byte).expect("read") == 1 {
            head.push(byte[0]);
        }
        calls.push(call);
    }
    service.terminate();
    while TcpStream::connect(("127.0.0.1", port)).is_ok() {
        std::thread::yield_now();
    }
    for (i, mut call) in calls.into_iter().enumerate() {
        let body = format!("pong{i:02}");
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\
             connection: close\r\n\r\n{body}",
            body.len()
        );
        call.write_all(answer.as_bytes()).expect("answer");
    }
    let mut bodies: Vec<String> = clients
        .into_iter()
        .map(|client| {
            let reply = client.join().expect("a client");
            assert_eq!(reply.status, 200, "{}", reply.text());
            reply.text()
        })
        .collect();
    bodies.sort();
    let expected: Vec<String> = (0..CLIENTS)
        .map(|i| format!("relayed pong{i:02}"))
        .collect();
    assert_eq!(bodies, expected);
    let stopped = service.wait();
    assert_eq!(stopped.code, Some(0), "{}", stopped.stderr);
}

#[test]
fn an_https_listener_serves_an_int_client_over_tls() {
    let directory = crate::http_service_harness::scratch("https_pem");
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
        .expect("self-signed certificate");
    let cert_file = directory.join("cert.pem");
    let key_file = directory.join("key.pem");
    std::fs::write(&cert_file, certified.cert.pem()).expect("write the certificate");
    std::fs::write(&key_file, certified.key_pair.serialize_pem()).expect("write the key");
    let source = r#"import ballerina/http;

configurable int port = ?;
configurable string certFile = ?;
configurable string keyFile = ?;

listener http:Listener secured = new (port, host = "127.0.0.1",
    secureSocket = {key: {certFile: certFile, keyFile: keyFile}});

service /secure on secured {
    resource function get .() returns string {
        return "over TLS";
    }
}
"#;
    let cert_arg = format!("-CcertFile={}", cert_file.display());
    let key_arg = format!("-CkeyFile={}", key_file.display());
    let mut service = start_with("https_service", source, &[&cert_arg, &key_arg], 1);
    let client = format!(
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {{
    http:Client c = check new (string `https://127.0.0.1:${{port}}`,
        secureSocket = {{cert: "{}"}});
    string answer = check c->get("/secure");
    io:println(answer);
}}
"#,
        cert_file.display()
    );
    let (code, stdout, stderr) = run_client("https_client", &client, service.port);
    assert_eq!(stdout, "over TLS\n", "{stderr}");
    assert_eq!(code, Some(0), "{stderr}");
    let stopped = service.stop();
    assert_eq!(stopped.code, Some(0), "{}", stopped.stderr);
    assert!(
        stopped
            .stderr
            .starts_with("[ballerina/http] started HTTPS/WSS listener 127.0.0.1:"),
        "{}",
        stopped.stderr
    );
}

#[test]
fn an_invalid_port_fails_the_listener_init() {
    let source = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() {
    http:Listener|http:ListenerError ep = new (port + 70000);
    io:println(ep is http:ListenerError ? (<error>ep).message() : "created");
}
"#;
    let (code, stdout, stderr) = run_client("invalid_port", source, 0);
    assert_eq!(stdout, "invalid port: 70000\n", "{stderr}");
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn services_attach_and_detach_at_run_time_and_head_uses_get() {
    let source = r#"import ballerina/http;

configurable int port = ?;

listener http:Listener ep = new (port, host = "127.0.0.1");

final http:Service extra = service object {
    resource function get .() returns string {
        return "attached in main";
    }
};

service http:Service /admin on ep {
    resource function post detach() returns string|error {
        check ep.detach(extra);
        return "detached";
    }
}

public function main() returns error? {
    check ep.attach(extra, "/extra");
}
"#;
    let service = start("attach_detach", source, 1);
    assert_eq!(service.get("/extra").text(), "attached in main");
    let head = service.send("HEAD", "/extra", &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        service.send("POST", "/admin/detach", &[], b"").text(),
        "detached"
    );
    assert_eq!(service.get("/extra").status, 404);
    let again = service.send("POST", "/admin/detach", &[], b"");
    assert_eq!(again.status, 500);
    assert_eq!(again.text(), "service is not attached to the listener");
    service.stop_ok();
}

#[test]
fn a_caller_resource_that_never_responds_is_500_without_a_body() {
    let service = start("caller_silent", ALBUMS, 1);
    let reply = service.get("/music/silent?answer=false");
    assert_eq!(reply.status, 500);
    assert!(reply.body.is_empty(), "{}", reply.text());
    assert_eq!(service.get("/music/silent?answer=true").text(), "spoke");
    service.stop_ok();
}

#[test]
fn pipelined_requests_on_one_keep_alive_connection_are_answered_in_order() {
    let service = start("pipelined", ALBUMS, 1);
    let mut stream = TcpStream::connect(("127.0.0.1", service.port)).expect("connect");
    let host = format!("host: 127.0.0.1:{}\r\n", service.port);
    let requests = format!(
        "GET /music/greeting HTTP/1.1\r\n{host}\r\n\
         GET /music/albums/1 HTTP/1.1\r\n{host}\r\n\
         GET /music/albums/latest HTTP/1.1\r\n{host}connection: close\r\n\r\n"
    );
    stream.write_all(requests.as_bytes()).expect("send");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read");
    let statuses = raw.matches("HTTP/1.1 200 OK").count();
    assert_eq!(statuses, 3, "{raw}");
    let first = raw.find("Hello, World!").expect("first body");
    let second = raw.find(r#"{"id":1, "kind":"int"}"#).expect("second body");
    let third = raw.rfind("latest").expect("third body");
    assert!(first < second && second < third, "{raw}");
    service.stop_ok();
}

#[test]
fn listener_configuration_request_limits_and_server_header() {
    let source = r#"import ballerina/http;

configurable int port = ?;

listener http:Listener limited = new (port, host = "127.0.0.1", server = "intc-test",
    requestLimits = {maxUriLength: 64, maxEntityBodySize: 8}, httpVersion = http:HTTP_1_1);

service / on limited {
    resource function post echo(@http:Payload string body) returns string {
        return body;
    }
}
"#;
    let service = start("limits", source, 1);
    let reply = service.send("POST", "/echo", &[], b"12345678");
    assert_eq!((reply.status, reply.text()), (201, "12345678".to_string()));
    assert_eq!(reply.header("server"), Some("intc-test"));
    assert_eq!(service.send("POST", "/echo", &[], b"123456789").status, 413);
    let long = format!("/echo?{}", "x".repeat(80));
    assert_eq!(service.send("POST", &long, &[], b"1").status, 414);
    service.stop_ok();
}

#[test]
fn a_port_in_use_fails_the_start_and_ends_the_program() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("address").port();
    let source = r#"import ballerina/http;

configurable int port = ?;

service / on new http:Listener(port, host = "127.0.0.1") {
    resource function get .() returns string {
        return "never";
    }
}
"#;
    let (code, stdout, stderr) = run_client("port_in_use", source, port);
    assert_eq!(stdout, "");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("failed to start 127.0.0.1:{port}")),
        "{stderr}"
    );
    drop(taken);
}

#[test]
fn a_request_waiting_on_a_backend_does_not_hold_up_others() {
    let backend = TcpListener::bind("127.0.0.1:0").expect("backend");
    let backend_port = backend.local_addr().expect("address").port();
    let argument = format!("-CbackendPort={backend_port}");
    let service = start_with("concurrent_strands", RELAY, &[&argument], 1);
    let port = service.port;
    let slow = std::thread::spawn(move || request(port, "GET", "/relay", &[], b""));
    let (mut call, _) = backend.accept().expect("the resource calls the backend");
    // The first request's strand is parked on the backend: others are served meanwhile.
    for _ in 0..3 {
        assert_eq!(service.get("/relay/quick").text(), "quick");
    }
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && call.read(&mut byte).expect("read") == 1 {
        head.push(byte[0]);
    }
    call.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\nconnection: close\r\n\r\nlater")
        .expect("answer");
    drop(call);
    let reply = slow.join().expect("the slow client");
    assert_eq!(reply.text(), "relayed later");
    service.stop_ok();
}

#[test]
fn immediate_stop_from_a_resource_closes_connections_and_ends_the_program() {
    let source = r#"import ballerina/http;

configurable int port = ?;

listener http:Listener ep = new (port, host = "127.0.0.1");

service / on ep {
    resource function post halt() returns string|error {
        check ep.immediateStop();
        return "halted";
    }
}
"#;
    let mut service = start("immediate_stop", source, 1);
    let mut stream = TcpStream::connect(("127.0.0.1", service.port)).expect("connect");
    let head = format!(
        "POST /halt HTTP/1.1\r\nhost: 127.0.0.1:{}\r\ncontent-length: 0\r\n\r\n",
        service.port
    );
    stream.write_all(head.as_bytes()).expect("send");
    let mut raw = Vec::new();
    // The connection is closed without an answer (or reset).
    let _ = stream.read_to_end(&mut raw);
    assert!(raw.is_empty(), "{}", String::from_utf8_lossy(&raw));
    let stopped = service.wait();
    assert_eq!(stopped.code, Some(0), "{}", stopped.stderr);
    assert!(
        stopped.stderr.ends_with(&format!(
            "[ballerina/http] stopped HTTP/WS listener 127.0.0.1:{}\n",
            service.port
        )),
        "{}",
        stopped.stderr
    );
}
