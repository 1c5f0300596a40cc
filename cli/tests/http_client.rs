//! `http:Client` round trips against a small HTTP server started in the test on 127.0.0.1
//! (a free port, passed to the programs as the configurable `port`): each method, headers,
//! each binding target, 4xx/5xx errors, timeouts, a refused connection, redirects, retries
//! and several strands calling at once.

mod http_client_server;

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Runs `source` as `NAME.int` with `-Cport=PORT`; returns (exit code, stdout, stderr).
fn run(name: &str, source: &str, port: u16) -> (Option<i32>, String, String) {
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("intc-http-client")
        .join(name);
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("scratch directory");
    let file = directory.join(format!("{name}.int"));
    std::fs::write(&file, source).expect("write the program");
    let output = Command::new(env!("CARGO_BIN_EXE_intc"))
        .arg("run")
        .arg(format!("-Cport={port}"))
        .arg(&file)
        .current_dir(&directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run intc");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn check(name: &str, source: &str, expected: &str) {
    let (code, stdout, stderr) = run(name, source, http_client_server::port());
    assert_eq!(stdout, expected, "{name}: stderr: {stderr}");
    assert_eq!(code, Some(0), "{name}: stderr: {stderr}");
}

#[test]
fn get_binds_text() {
    check(
        "get_binds_text",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    string s = check c->get("/text");
    io:println(s);
}
"#,
        "hello\n",
    );
}

#[test]
fn get_binds_open_record() {
    check(
        "get_binds_open_record",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

type Album record {
    string title;
    int year;
};

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    Album album = check c->get("/album");
    io:println(album.title, " ", album.year, " ", album["artist"]);
}
"#,
        "Blue Train 1957 John Coltrane\n",
    );
}

#[test]
fn get_binds_json() {
    check(
        "get_binds_json",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    json j = check c->get("/album");
    io:println(j.title);
    map<json> m = check c->get("/album");
    io:println(m["year"]);
}
"#,
        "Blue Train\n1957\n",
    );
}

#[test]
fn get_binds_array_of_records() {
    check(
        "get_binds_array_of_records",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

type Album record {|
    string title;
    string artist;
    int year;
|};

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    Album[] albums = check c->get("/albums");
    foreach Album a in albums {
        io:println(a.artist, ": ", a.title);
    }
}
"#,
        "John Coltrane: Blue Train\nGerry Mulligan: Jeru\n",
    );
}

#[test]
fn get_binds_bytes() {
    check(
        "get_binds_bytes",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    byte[] bytes = check c->get("/bytes");
    io:println(bytes);
}
"#,
        "[1,2,3,254]\n",
    );
}

#[test]
fn get_response_object() {
    check(
        "get_response_object",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    http:Response r = check c->get("/text");
    io:println(r.statusCode, " ", r.reasonPhrase, " ", check r.getHeader("Content-Type"));
    io:println(check r.getTextPayload());
    http:Response missing = check c->get("/missing");
    io:println(missing.statusCode, " ", check missing.getTextPayload());
}
"#,
        "200 OK text/plain\nhello\n404 no such thing\n",
    );
}

#[test]
fn not_found_is_client_request_error() {
    check(
        "not_found_is_client_request_error",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() {
    http:Client|http:ClientError c = new (string `http://127.0.0.1:${port}`);
    if c is http:ClientError {
        return;
    }
    string|http:ClientError result = c->get("/missing");
    if result is http:ClientRequestError {
        io:println("message: ", result.message());
        io:println("status: ", result.detail().statusCode);
        io:println("body: ", result.detail().body);
    }
    io:println(result is http:RemoteServerError);
}
"#,
        "message: Not Found\nstatus: 404\nbody: no such thing\nfalse\n",
    );
}

#[test]
fn server_error_is_remote_server_error() {
    check(
        "server_error_is_remote_server_error",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    json|http:ClientError result = c->get("/fail");
    if result is http:RemoteServerError {
        io:println(result.message(), " ", result.detail().statusCode, " ", result.detail().body);
    }
    io:println(result is http:ApplicationResponseError, " ", result is http:ClientRequestError);
}
"#,
        "Internal Server Error 500 {\"message\":\"boom\"}\ntrue false\n",
    );
}

#[test]
fn post_record_as_json() {
    check(
        "post_record_as_json",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

type Album record {|
    string title;
    int year;
|};

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    Album album = {title: "Jeru", year: 1962};
    json echoed = check c->post("/echo", album);
    io:println(echoed.method, " ", echoed.contentType, " ", echoed.body);
}
"#,
        "POST application/json {\"title\":\"Jeru\", \"year\":1962}\n",
    );
}

#[test]
fn post_string_and_bytes() {
    check(
        "post_string_and_bytes",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    json text = check c->post("/echo", "plain words");
    io:println(text.contentType, " ", text.body);
    byte[] raw = [104, 105];
    json bytes = check c->post("/echo", raw);
    io:println(bytes.contentType, " ", bytes.body);
    json typed = check c->post("/echo", "<a/>", mediaType = "application/xml");
    io:println(typed.contentType, " ", typed.body);
}
"#,
        "text/plain plain words\napplication/octet-stream hi\napplication/xml <a/>\n",
    );
}

#[test]
fn put_patch_delete() {
    check(
        "put_patch_delete",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    json put = check c->put("/echo", {a: 1});
    json patch = check c->patch("/echo", "p");
    json delete = check c->delete("/echo");
    io:println(put.method, " ", put.body);
    io:println(patch.method, " ", patch.body);
    io:println(delete.method, " [", delete.body, "]");
}
"#,
        "PUT {\"a\":1}\nPATCH p\nDELETE []\n",
    );
}

#[test]
fn post_request_object() {
    check(
        "post_request_object",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    http:Request request = new;
    request.setJsonPayload({id: 7});
    request.setHeader("X-Test", "from-request");
    json echoed = check c->post("/echo", request);
    io:println(echoed.contentType, " ", echoed.body);
}
"#,
        "application/json {\"id\":7}\n",
    );
}

#[test]
fn head_options_execute() {
    check(
        "head_options_execute",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    http:Response head = check c->head("/text");
    io:println(head.statusCode, " ", check head.getHeader("content-length"), " [", check head.getTextPayload(), "]");
    json options = check c->options("/echo");
    io:println(options.method);
    json executed = check c->execute("PROPFIND", "/echo", "x");
    io:println(executed.method, " ", executed.body);
}
"#,
        "200 5 []\nOPTIONS\nPROPFIND x\n",
    );
}

#[test]
fn request_headers_are_sent() {
    check(
        "request_headers_are_sent",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    map<string|string[]> headers = {"X-Test": "one", "x-multi": ["a", "b"]};
    json seen = check c->get("/headers", headers);
    io:println(seen);
}
"#,
        "{\"x-test\":\"one\",\"accept\":\"a\"}\n",
    );
}

#[test]
fn response_headers_are_read() {
    check(
        "response_headers_are_read",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    http:Response r = check c->get("/headers");
    io:println(check r.getHeader("X-Server"), " ", r.hasHeader("x-server"), " ", r.getContentType());
    string|http:HeaderNotFoundError absent = r.getHeader("x-absent");
    io:println(absent is http:HeaderNotFoundError);
}
"#,
        "intc-test true application/json\ntrue\n",
    );
}

#[test]
fn explicit_target_type() {
    check(
        "explicit_target_type",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    var text = check c->get("/album", targetType = string);
    io:println(text.length() > 10);
    // Without an expected type the target is the parameter's bound, answered by a Response.
    var response = check c->get("/text");
    io:println(response is http:Response);
}
"#,
        "true\ntrue\n",
    );
}

#[test]
fn timeout_is_idle_timeout_error() {
    check(
        "timeout_is_idle_timeout_error",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`, timeout = 0.3);
    string|http:ClientError result = c->get("/slow");
    io:println(result is http:IdleTimeoutError, " ", result is error ? result.message() : "");
}
"#,
        "true Idle timeout triggered before initiating inbound response\n",
    );
}

#[test]
fn payload_binding_error() {
    check(
        "payload_binding_error",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

type Album record {|
    string title;
    int year;
|};

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    int|http:ClientError wrong = c->get("/album");
    io:println(wrong is http:ClientError);
    json|http:ClientError bad = c->get("/badjson");
    io:println(bad is http:ClientError);
    Album|http:ClientError closed = c->get("/album");
    io:println(closed is http:ClientError);
}
"#,
        "true\ntrue\ntrue\n",
    );
}

#[test]
fn redirects() {
    check(
        "redirects",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client plain = check new (string `http://127.0.0.1:${port}`);
    http:Response r = check plain->get("/redirect");
    io:println(r.statusCode, " ", check r.getHeader("location"));
    http:Client following = check new (string `http://127.0.0.1:${port}`, followRedirects = {enabled: true});
    string s = check following->get("/redirect");
    io:println(s);
}
"#,
        "302 /text\nhello\n",
    );
}

#[test]
fn retries() {
    check(
        "retries",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`,
        retryConfig = {count: 3, interval: 0.01, statusCodes: [503]});
    string s = check c->get("/flaky/retries");
    io:println(s);
}
"#,
        "ok after 3\n",
    );
}

#[test]
fn concurrent_strands() {
    check(
        "concurrent_strands",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    future<string|error> a = start c->get("/barrier/strands");
    future<string|error> b = start c->get("/barrier/strands");
    future<string|error> d = start c->get("/barrier/strands");
    io:println(check wait a, " ", check wait b, " ", check wait d);
}
"#,
        "together together together\n",
    );
}

#[test]
fn invalid_url_fails_init() {
    check(
        "invalid_url_fails_init",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() {
    http:Client|http:ClientError c = new ("ftp://example");
    io:println(c is http:ClientError, " ", c is error ? c.message() : "");
}
"#,
        "true malformed URL: ftp://example\n",
    );
}

#[test]
fn response_payload_setters() {
    check(
        "response_payload_setters",
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Response r = new;
    r.setJsonPayload({a: [1, 2]});
    io:println(r.getContentType(), " ", check r.getJsonPayload());
    r.setTextPayload("t", "text/csv");
    io:println(r.getContentType(), " ", check r.getTextPayload());
    byte[] bytes = [1, 2, 3];
    r.setPayload(bytes);
    io:println(r.getContentType(), " ", check r.getBinaryPayload());
    r.addHeader("X-A", "1");
    r.addHeader("x-a", "2");
    io:println(check r.getHeaders("X-A"), " ", check r.getHeader("x-a", http:TRAILING), " ", r.getHeaderNames());
}
"#,
        "application/json {\"a\":[1,2]}\ntext/csv t\napplication/octet-stream [1,2,3]\n[\"1\",\"2\"] 2 [\"content-type\",\"x-a\"]\n",
    );
}

#[test]
fn connection_refused_is_a_client_error() {
    let source = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    string|http:ClientError result = c->get("/text");
    io:println(result is http:GenericClientError);
    if result is error {
        io:println(result.message());
    }
}
"#;
    let (code, stdout, stderr) = run("refused", source, http_client_server::closed_port());
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert!(stdout.starts_with("true\n"), "{stdout}");
    assert!(stdout.contains("Connection refused"), "{stdout}");
}

#[test]
fn unchecked_client_error_ends_main_with_it() {
    let source = r#"import ballerina/http;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    string _ = check c->get("/missing");
}
"#;
    let (code, stdout, stderr) = run("unchecked", source, http_client_server::port());
    assert_eq!(code, Some(1), "stdout: {stdout}");
    assert!(stderr.contains("Not Found"), "{stderr}");
}

#[test]
fn tls_verification_is_on_by_default() {
    let (port, _) = http_client_server::tls_server();
    let source = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `https://127.0.0.1:${port}`);
    string|http:ClientError result = c->get("/");
    io:println(result is http:SslError);
}
"#;
    let (code, stdout, stderr) = run("tls_unverified", source, port);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(stdout, "true\n");
}

#[test]
fn tls_with_a_trusted_certificate_file() {
    let (port, pem) = http_client_server::tls_server();
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("intc-http-client");
    std::fs::create_dir_all(&directory).expect("scratch directory");
    let cert = directory.join("server-cert.pem");
    std::fs::write(&cert, pem).expect("write the certificate");
    let source = format!(
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {{
    http:Client c = check new (string `https://127.0.0.1:${{port}}`,
        secureSocket = {{cert: {:?}}}, httpVersion = http:HTTP_1_1);
    string text = check c->get("/");
    io:println(text);
}}
"#,
        cert.display().to_string()
    );
    let (code, stdout, stderr) = run("tls_trusted", &source, port);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(stdout, "hello over tls\n");
}

#[test]
fn tls_to_a_plain_server_and_a_missing_certificate_file() {
    let source = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `https://127.0.0.1:${port}`);
    string|http:ClientError result = c->get("/text");
    io:println(result is http:SslError);
    http:Client|http:ClientError missing = new (string `https://127.0.0.1:${port}`,
        secureSocket = {cert: "no-such-dir/cert.pem"});
    io:println(missing is http:ClientError);
}
"#;
    let (code, stdout, stderr) = run("tls_plain", source, http_client_server::port());
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(stdout, "true\ntrue\n");
}

#[test]
fn http_1_1_and_a_base_path() {
    let source = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/`, httpVersion = http:HTTP_1_1);
    string a = check c->get("text");
    string b = check c->get("/text");
    io:println(a, " ", b);
}
"#;
    let (code, stdout, stderr) = run("http11", source, http_client_server::port());
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(stdout, "hello hello\n");
}

#[test]
fn forward_keeps_the_request_method() {
    let source = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}`);
    http:Request request = new;
    request.method = "PUT";
    request.setTextPayload("forwarded");
    json echoed = check c->forward("/echo", request);
    io:println(echoed.method, " ", echoed.body);
}
"#;
    let (code, stdout, stderr) = run("forward", source, http_client_server::port());
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(stdout, "PUT forwarded\n");
}

#[test]
fn tls_verification_can_be_disabled_explicitly() {
    let (port, _) = http_client_server::tls_server();
    let source = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `https://127.0.0.1:${port}`, secureSocket = {enable: false});
    string text = check c->get("/");
    io:println(text);
}
"#;
    let (code, stdout, stderr) = run("tls_disabled", source, port);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(stdout, "hello over tls\n");
}

#[test]
fn mutual_tls_with_a_client_certificate() {
    let (port, server_pem, identity) = http_client_server::mutual_tls_server();
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("intc-http-client");
    std::fs::create_dir_all(&directory).expect("scratch directory");
    let files = [
        ("mtls-server.pem", &server_pem),
        ("mtls-client.pem", &identity.cert),
        ("mtls-client-key.pem", &identity.key),
    ];
    let mut paths = Vec::new();
    for (name, text) in files {
        let path = directory.join(name);
        std::fs::write(&path, text).expect("write a PEM file");
        paths.push(path.display().to_string());
    }
    let source = format!(
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {{
    http:Client anonymous = check new (string `https://127.0.0.1:${{port}}`,
        secureSocket = {{cert: {server:?}}});
    string|http:ClientError refused = anonymous->get("/");
    io:println(refused is http:ClientError);
    http:Client c = check new (string `https://127.0.0.1:${{port}}`,
        secureSocket = {{cert: {server:?}, key: {{certFile: {cert:?}, keyFile: {key:?}}}}});
    string text = check c->get("/");
    io:println(text);
}}
"#,
        server = paths[0],
        cert = paths[1],
        key = paths[2],
    );
    let (code, stdout, stderr) = run("mutual_tls", &source, port);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(stdout, "true\nhello over tls\n");
}

#[test]
fn redirects_drop_authorization_unless_allowed() {
    let source = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    map<string> headers = {"Authorization": "Bearer t"};
    http:Client strict = check new (string `http://127.0.0.1:${port}`, followRedirects = {enabled: true});
    string a = check strict->get("/redirect-auth", headers);
    http:Client trusting = check new (string `http://127.0.0.1:${port}`,
        followRedirects = {enabled: true, allowAuthHeaders: true});
    string b = check trusting->get("/redirect-auth", headers);
    string c = check strict->get("/auth", headers);
    io:println(a, " | ", b, " | ", c);
}
"#;
    let (code, stdout, stderr) = run("redirect_auth", source, http_client_server::port());
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(stdout, "none | Bearer t | Bearer t\n");
}

#[test]
fn http2_over_tls_is_negotiated_unless_1_1_is_asked_for() {
    let (port, pem) = http_client_server::core::h2_tls_server();
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("intc-http-client");
    let cert = directory.join("core-trusted.pem");
    std::fs::write(&cert, pem).expect("write the certificate");
    let source = format!(
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {{
    http:Client h2 = check new (string `https://127.0.0.1:${{port}}`, secureSocket = {{cert: {cert:?}}});
    string a = check h2->get("/");
    http:Client h1 = check new (string `https://127.0.0.1:${{port}}`, secureSocket = {{cert: {cert:?}}},
        httpVersion = http:HTTP_1_1);
    string b = check h1->get("/");
    io:println(a, " ", b);
}}
"#,
        cert = cert.display().to_string()
    );
    let (code, stdout, stderr) = run("h2_tls", &source, port);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(stdout, "HTTP/2.0 HTTP/1.1\n");
}
