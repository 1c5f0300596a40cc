//! HTTP compression in real round trips on 127.0.0.1: the client decoding gzip and deflate
//! responses and setting `accept-encoding` by its `compression` option (against Rust backends,
//! `http_resilience_backend/`), and services compressing responses by
//! `@http:ServiceConfig {compression: ...}` for a raw client that decodes them itself
//! (`http_service_harness/`).

#[allow(dead_code)]
mod http_resilience_backend;
#[allow(dead_code)]
mod http_service_harness;

use http_resilience_backend::{check, Answer, Backend};
use std::io::Read;

fn gzip(data: &[u8]) -> Vec<u8> {
    use flate2::write::GzEncoder;
    use std::io::Write;
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("compress");
    encoder.finish().expect("compress")
}

fn zlib(data: &[u8]) -> Vec<u8> {
    use flate2::write::ZlibEncoder;
    use std::io::Write;
    let mut encoder = ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("compress");
    encoder.finish().expect("compress")
}

#[test]
fn client_decodes_gzip_and_deflate_responses() {
    let backend = Backend::start(|request, _| {
        let text = b"{\"message\": \"compressed hello\"}";
        let (coding, body) = if request.path == "/gzip" {
            ("gzip", gzip(text))
        } else {
            ("deflate", zlib(text))
        };
        Answer {
            status: 200,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("content-encoding".into(), coding.into()),
            ],
            body,
        }
    });
    check(
        "client_decodes_gzip_and_deflate_responses",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    json j = check c->get("/gzip");
    io:println(j);
    http:Response r = check c->get("/deflate");
    io:println(check r.getJsonPayload(), " ", r.hasHeader("content-encoding"));
}
"#,
        &[("port", backend.port)],
        "{\"message\":\"compressed hello\"}\n{\"message\":\"compressed hello\"} false\n",
    );
}

#[test]
fn client_accept_encoding_follows_compression() {
    let backend = Backend::start(|request, _| {
        Answer::text(200, request.header("accept-encoding").unwrap_or("none"))
    });
    check(
        "client_accept_encoding_follows_compression",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    string base = string `http://127.0.0.1:${port}`;
    http:Client auto = check new (base);
    http:Client always = check new (base, compression = http:COMPRESSION_ALWAYS);
    http:Client off = check new (base, compression = http:COMPRESSION_NEVER);
    string s = check auto->get("/");
    io:println("auto: ", s);
    s = check auto->get("/", {"accept-encoding": "gzip"});
    io:println("auto with header: ", s);
    s = check always->get("/");
    io:println("always: ", s);
    s = check always->get("/", {"accept-encoding": "deflate"});
    io:println("always with header: ", s);
    s = check off->get("/", {"accept-encoding": "gzip"});
    io:println("never: ", s);
}
"#,
        &[("port", backend.port)],
        "auto: none\nauto with header: gzip\nalways: deflate, gzip\nalways with header: deflate\nnever: none\n",
    );
}

#[test]
fn client_reports_a_corrupt_compressed_body() {
    let backend = Backend::start(|_, _| {
        Answer::text(200, "this is not gzip").with("content-encoding", "gzip")
    });
    check(
        "client_reports_a_corrupt_compressed_body",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() {
    http:Client|error c = new (string `http://127.0.0.1:${port}`);
    if c is error {
        return;
    }
    string|error s = c->get("/");
    io:println(s is http:ClientError);
}
"#,
        &[("port", backend.port)],
        "true\n",
    );
}

const COMPRESSING_SERVICE: &str = r#"import ballerina/http;

configurable int port = ?;

listener http:Listener ep = new (port, host = "127.0.0.1");

function repeat(string text, int times) returns string {
    string result = "";
    foreach int i in 0 ..< times {
        result += text;
    }
    return result;
}

CONFIG
service / on ep {
    resource function get text() returns string {
        return repeat("hello compressed world, ", 20);
    }

    resource function get data() returns json {
        return {greeting: "hello", repeated: repeat("abc", 30)};
    }
}
"#;

fn gunzip(body: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(body)
        .read_to_string(&mut text)
        .expect("a gzip body");
    text
}

fn inflate(body: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::ZlibDecoder::new(body)
        .read_to_string(&mut text)
        .expect("a zlib body");
    text
}

#[test]
fn service_compresses_when_the_request_accepts_it() {
    let service = http_service_harness::start(
        "service_compresses_when_the_request_accepts_it",
        &COMPRESSING_SERVICE.replace("CONFIG", ""),
        1,
    );
    let expected = "hello compressed world, ".repeat(20);
    let gz = service.send("GET", "/text", &[("accept-encoding", "gzip, deflate")], b"");
    assert_eq!(gz.status, 200);
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert!(gz.body.len() < expected.len());
    assert_eq!(gunzip(&gz.body), expected);
    let deflate = service.send("GET", "/text", &[("accept-encoding", "deflate")], b"");
    assert_eq!(deflate.header("content-encoding"), Some("deflate"));
    assert_eq!(inflate(&deflate.body), expected);
    let plain = service.get("/text");
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.text(), expected);
    let identity = service.send("GET", "/text", &[("accept-encoding", "br, identity")], b"");
    assert_eq!(identity.header("content-encoding"), None);
    assert_eq!(identity.text(), expected);
    service.stop_ok();
}

#[test]
fn service_compression_never_and_content_types() {
    let never = http_service_harness::start(
        "service_compression_never",
        &COMPRESSING_SERVICE.replace(
            "CONFIG",
            "@http:ServiceConfig {compression: {enable: http:COMPRESSION_NEVER}}",
        ),
        1,
    );
    let reply = never.send("GET", "/text", &[("accept-encoding", "gzip")], b"");
    assert_eq!(reply.header("content-encoding"), None);
    assert_eq!(reply.text(), "hello compressed world, ".repeat(20));
    never.stop_ok();

    let json_only = http_service_harness::start(
        "service_compression_content_types",
        &COMPRESSING_SERVICE.replace(
            "CONFIG",
            "@http:ServiceConfig {compression: {contentTypes: [\"application/json\"]}}",
        ),
        1,
    );
    let text = json_only.send("GET", "/text", &[("accept-encoding", "gzip")], b"");
    assert_eq!(text.header("content-encoding"), None);
    let data = json_only.send("GET", "/data", &[("accept-encoding", "gzip")], b"");
    assert_eq!(data.header("content-encoding"), Some("gzip"));
    assert!(gunzip(&data.body).starts_with("{\"greeting\":\"hello\""));
    json_only.stop_ok();
}

#[test]
fn service_compression_always_without_accept_encoding() {
    let service = http_service_harness::start(
        "service_compression_always",
        &COMPRESSING_SERVICE.replace(
            "CONFIG",
            "@http:ServiceConfig {compression: {enable: http:COMPRESSION_ALWAYS}}",
        ),
        1,
    );
    let reply = service.get("/text");
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert_eq!(gunzip(&reply.body), "hello compressed world, ".repeat(20));
    service.stop_ok();
}

#[test]
fn client_and_service_round_trip_compressed() {
    let service = http_service_harness::start(
        "client_and_service_round_trip_compressed",
        &COMPRESSING_SERVICE.replace("CONFIG", ""),
        1,
    );
    check(
        "client_and_service_round_trip_compressed_client",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`, compression = http:COMPRESSION_ALWAYS);
    http:Response r = check c->get("/data");
    json j = check r.getJsonPayload();
    io:println(j.greeting, " ", r.hasHeader("content-encoding"));
}
"#,
        &[("port", service.port)],
        "hello false\n",
    );
    service.stop_ok();
}
