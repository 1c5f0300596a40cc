//! `std/websocket` end to end: `.int` WebSocket services started on a free port of
//! 127.0.0.1 (`-Cport=0`), driven by a Rust tungstenite client and by `.int` programs using
//! `websocket:Client`, and stopped with SIGTERM. Covers text, binary and JSON-bound
//! messages, returned values written back, close codes both ways, rejected upgrades, path
//! and query parameters of the upgrade resource, a port shared with HTTP services, the frame
//! size limit, the idle timeout, ping/pong, panics in remote methods, message order and the
//! graceful stop (1001).

// Shared with http_service.rs; this file uses only part of it.
#[allow(dead_code)]
mod http_service_harness;

use http_service_harness::{request, run_client, scratch, start, start_path, Running};
use std::net::TcpStream;
use std::time::Duration;
use tungstenite::protocol::frame::coding::CloseCode;
use tungstenite::protocol::CloseFrame;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

/// Opens a WebSocket to `path` on the program's port (reads time out after 30 s).
fn connect(running: &Running, path: &str) -> Socket {
    try_connect(running.port, path).expect("the handshake succeeds")
}

fn try_connect(port: u16, path: &str) -> Result<Socket, tungstenite::Error> {
    let (socket, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}{path}"))?;
    if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("read timeout");
    }
    Ok(socket)
}

/// The next data message (text or binary), answering pings on the way.
fn next(socket: &mut Socket) -> Message {
    loop {
        match socket.read().expect("a message") {
            Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
            other => return other,
        }
    }
}

fn text(socket: &mut Socket) -> String {
    match next(socket) {
        Message::Text(text) => text.to_string(),
        other => panic!("expected a text message, got {other:?}"),
    }
}

/// Reads until the server's close frame; its code and reason.
fn close_frame(socket: &mut Socket) -> (u16, String) {
    loop {
        match socket.read() {
            Ok(Message::Close(frame)) => {
                // Send the answering close frame tungstenite queued, and end the handshake.
                let _ = socket.flush();
                while socket.read().is_ok() {}
                return frame
                    .map(|f| (u16::from(f.code), f.reason.to_string()))
                    .unwrap_or((1005, String::new()));
            }
            Ok(_) => continue,
            Err(error) => panic!("no close frame: {error}"),
        }
    }
}

fn close(socket: &mut Socket, code: u16, reason: &str) {
    socket
        .close(Some(CloseFrame {
            code: CloseCode::from(code),
            reason: reason.to_string().into(),
        }))
        .expect("send the close frame");
    // Drain until the server's answer ends the handshake.
    while socket.read().is_ok() {}
}

const ECHO: &str = r#"import ballerina/io;
import ballerina/websocket;

configurable int port = ?;

type Greeting record {|
    string name;
    int times;
|};

listener websocket:Listener wsListener = new (port, host = "127.0.0.1");

service /echo on wsListener {
    resource function get .() returns websocket:Service {
        return new EchoService();
    }
}

service /greet on wsListener {
    resource function get .() returns websocket:Service {
        return new GreetService();
    }
}

service /data on wsListener {
    resource function get .() returns websocket:Service|error {
        return new DataService();
    }
}

service class DataService {
    *websocket:Service;

    remote function onMessage(json data) returns json {
        return {got: data};
    }
}

service /broken on wsListener {
    resource function get .() returns websocket:Service {
        panic error("no service today");
    }
}

service /rooms on wsListener {
    resource function get [string room](string user) returns websocket:Service|websocket:UpgradeError {
        if user == "mallory" {
            return error websocket:UpgradeError("not welcome");
        }
        return new RoomService(room, user);
    }
}

service class EchoService {
    *websocket:Service;

    remote function onOpen(websocket:Caller caller) {
        caller.setAttribute("opened", true);
        io:println("open");
    }

    remote function onTextMessage(websocket:Caller caller, string text) returns string|error? {
        if text == "bye" {
            check caller->close(4000, "done");
            return;
        }
        if text == "panic" {
            panic error("the handler panicked");
        }
        if text == "fail" {
            return error("handler failed");
        }
        if text == "id" {
            string id = caller.getConnectionId();
            return id.length() > 0 && caller.isOpen() ? "id ok" : "id missing";
        }
        if text == "attribute" {
            return (caller.getAttribute("opened")).toString();
        }
        return "echo: " + text;
    }

    remote function onBinaryMessage(websocket:Caller caller, byte[] data) returns byte[] {
        return data.reverse();
    }

    remote function onPing(websocket:Caller caller, byte[] data) returns error? {
        check caller->writeTextMessage("pinged " + data.length().toString());
    }

    remote function onClose(websocket:Caller caller, int statusCode, string reason) {
        io:println("closed ", statusCode, " ", reason);
    }
}

service class GreetService {
    *websocket:Service;

    remote function onMessage(Greeting greeting) returns Greeting {
        return {name: greeting.name.toUpperAscii(), times: greeting.times + 1};
    }
}

service class RoomService {
    *websocket:Service;
    private final string room;
    private final string user;

    function init(string room, string user) {
        self.room = room;
        self.user = user;
    }

    remote function onTextMessage(string text) returns string {
        return self.user + "@" + self.room + ": " + text;
    }
}
"#;

#[test]
fn text_messages_are_echoed_and_the_close_handshake_reaches_on_close() {
    let running = start("ws_echo_text", ECHO, 1);
    let mut socket = connect(&running, "/echo");
    socket.send(Message::text("hello")).expect("send");
    assert_eq!(text(&mut socket), "echo: hello");
    socket.send(Message::text("world")).expect("send");
    assert_eq!(text(&mut socket), "echo: world");
    close(&mut socket, 1000, "finished");
    let stopped = running.stop_ok();
    assert_eq!(stopped.stdout, "open\nclosed 1000 finished\n");
}

#[test]
fn binary_messages_reach_on_binary_message_and_the_result_is_sent_back_as_binary() {
    let running = start("ws_echo_binary", ECHO, 1);
    let mut socket = connect(&running, "/echo");
    socket
        .send(Message::binary(vec![1u8, 2, 3, 250]))
        .expect("send");
    match next(&mut socket) {
        Message::Binary(data) => assert_eq!(data.as_ref(), &[250u8, 3, 2, 1]),
        other => panic!("expected binary, got {other:?}"),
    }
    close(&mut socket, 1000, "");
    running.stop_ok();
}

#[test]
fn a_record_parameter_binds_json_and_a_record_result_is_sent_as_json() {
    let running = start("ws_json", ECHO, 1);
    let mut socket = connect(&running, "/greet");
    socket
        .send(Message::text(r#"{"name": "ada", "times": 2}"#))
        .expect("send");
    assert_eq!(text(&mut socket), r#"{"name":"ADA", "times":3}"#);
    close(&mut socket, 1000, "");
    running.stop_ok();
}

#[test]
fn a_json_parameter_gets_the_parsed_message() {
    let running = start("ws_json_param", ECHO, 1);
    let mut socket = connect(&running, "/data");
    socket
        .send(Message::text(r#"{"a": [1, 2]}"#))
        .expect("send");
    assert_eq!(text(&mut socket), r#"{"got":{"a":[1, 2]}}"#);
    socket.send(Message::text("42")).expect("send");
    assert_eq!(text(&mut socket), r#"{"got":42}"#);
    socket.send(Message::text("not json")).expect("send");
    assert_eq!(text(&mut socket), r#"{"got":"not json"}"#);
    close(&mut socket, 1000, "");
    running.stop_ok();
}

#[test]
fn a_panicking_upgrade_resource_answers_500_and_the_listener_keeps_serving() {
    let running = start("ws_upgrade_panic", ECHO, 1);
    match try_connect(running.port, "/broken") {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status().as_u16(), 500),
        Err(other) => panic!("expected an HTTP error, got {other}"),
        Ok(_) => panic!("the upgrade was accepted"),
    }
    let mut socket = connect(&running, "/echo");
    socket.send(Message::text("after")).expect("send");
    assert_eq!(text(&mut socket), "echo: after");
    close(&mut socket, 1000, "");
    let stopped = running.stop_ok();
    assert!(
        stopped.stderr.contains("no service today"),
        "{}",
        stopped.stderr
    );
}

#[test]
fn a_message_that_does_not_bind_closes_the_connection_with_1003() {
    let running = start("ws_bad_json", ECHO, 1);
    let mut socket = connect(&running, "/greet");
    socket.send(Message::text(r#"{"name": 7}"#)).expect("send");
    let (code, reason) = close_frame(&mut socket);
    assert_eq!(code, 1003);
    assert!(reason.starts_with("data binding failed: "), "{reason}");
    running.stop_ok();
}

#[test]
fn the_server_closes_with_the_code_and_reason_the_service_gives() {
    let running = start("ws_server_close", ECHO, 1);
    let mut socket = connect(&running, "/echo");
    socket.send(Message::text("bye")).expect("send");
    assert_eq!(close_frame(&mut socket), (4000, "done".to_string()));
    let stopped = running.stop_ok();
    assert!(
        stopped.stdout.contains("closed 4000 done"),
        "{}",
        stopped.stdout
    );
}

#[test]
fn an_upgrade_error_rejects_the_handshake_with_400() {
    let running = start("ws_reject", ECHO, 1);
    match try_connect(running.port, "/rooms/lobby?user=mallory") {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status().as_u16(), 400),
        Err(other) => panic!("expected an HTTP error, got {other}"),
        Ok(_) => panic!("the upgrade was accepted"),
    }
    running.stop_ok();
}

#[test]
fn path_and_query_parameters_of_the_upgrade_resource_reach_the_service() {
    let running = start("ws_params", ECHO, 1);
    let mut socket = connect(&running, "/rooms/lobby?user=ada");
    socket.send(Message::text("hi")).expect("send");
    assert_eq!(text(&mut socket), "ada@lobby: hi");
    close(&mut socket, 1000, "");
    running.stop_ok();
}

#[test]
fn a_panic_in_a_remote_method_closes_that_connection_with_1011_and_the_listener_keeps_serving() {
    let running = start("ws_panic", ECHO, 1);
    let mut socket = connect(&running, "/echo");
    socket.send(Message::text("panic")).expect("send");
    assert_eq!(close_frame(&mut socket).0, 1011);
    let mut again = connect(&running, "/echo");
    again.send(Message::text("still there?")).expect("send");
    assert_eq!(text(&mut again), "echo: still there?");
    close(&mut again, 1000, "");
    let stopped = running.stop_ok();
    assert!(
        stopped.stderr.contains("the handler panicked"),
        "{}",
        stopped.stderr
    );
}

#[test]
fn a_returned_error_closes_the_connection_with_1011() {
    let running = start("ws_error", ECHO, 1);
    let mut socket = connect(&running, "/echo");
    socket.send(Message::text("fail")).expect("send");
    assert_eq!(
        close_frame(&mut socket),
        (1011, "handler failed".to_string())
    );
    running.stop_ok();
}

#[test]
fn messages_are_handled_in_order() {
    let running = start("ws_order", ECHO, 1);
    let mut socket = connect(&running, "/echo");
    for i in 0..100 {
        socket.send(Message::text(format!("m{i}"))).expect("send");
    }
    for i in 0..100 {
        assert_eq!(text(&mut socket), format!("echo: m{i}"));
    }
    close(&mut socket, 1000, "");
    running.stop_ok();
}

#[test]
fn caller_attributes_connection_id_and_on_ping() {
    let running = start("ws_caller", ECHO, 1);
    let mut socket = connect(&running, "/echo");
    socket.send(Message::text("attribute")).expect("send");
    assert_eq!(text(&mut socket), "true");
    socket.send(Message::text("id")).expect("send");
    assert_eq!(text(&mut socket), "id ok");
    socket
        .send(Message::Ping(vec![1u8, 2, 3].into()))
        .expect("ping");
    // The pong is automatic; `onPing` runs as well.
    let mut pong = false;
    let mut pinged = false;
    while !(pong && pinged) {
        match socket.read().expect("a frame") {
            Message::Pong(data) => {
                assert_eq!(data.as_ref(), &[1u8, 2, 3]);
                pong = true;
            }
            Message::Text(text) => {
                assert_eq!(text.as_str(), "pinged 3");
                pinged = true;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    close(&mut socket, 1000, "");
    running.stop_ok();
}

#[test]
fn a_graceful_stop_closes_open_connections_with_1001() {
    let mut running = start("ws_graceful", ECHO, 1);
    let mut socket = connect(&running, "/echo");
    socket.send(Message::text("before")).expect("send");
    assert_eq!(text(&mut socket), "echo: before");
    running.terminate();
    assert_eq!(close_frame(&mut socket).0, 1001);
    let stopped = running.wait();
    assert_eq!(stopped.code, Some(0), "{}", stopped.stderr);
    assert!(stopped.stdout.contains("closed 1001"), "{}", stopped.stdout);
}

const LIMITS: &str = r#"import ballerina/websocket;

configurable int port = ?;

listener websocket:Listener wsListener = new (port, host = "127.0.0.1");

@websocket:ServiceConfig {maxFrameSize: 16, idleTimeout: 1}
service /limited on wsListener {
    resource function get .() returns websocket:Service {
        return new Limited();
    }
}

service class Limited {
    *websocket:Service;

    remote function onMessage(string text) returns string {
        return "ok " + text;
    }

    remote function onIdleTimeout(websocket:Caller caller) returns error? {
        check caller->writeMessage("idle");
    }
}
"#;

#[test]
fn a_frame_over_max_frame_size_closes_the_connection_with_1009() {
    let running = start("ws_frame_limit", LIMITS, 1);
    let mut socket = connect(&running, "/limited");
    socket.send(Message::text("short")).expect("send");
    assert_eq!(text(&mut socket), "ok short");
    socket.send(Message::text("x".repeat(100))).expect("send");
    assert_eq!(close_frame(&mut socket).0, 1009);
    running.stop_ok();
}

#[test]
fn the_idle_timeout_calls_on_idle_timeout() {
    let running = start("ws_idle", LIMITS, 1);
    let mut socket = connect(&running, "/limited");
    assert_eq!(text(&mut socket), "idle");
    close(&mut socket, 1000, "");
    running.stop_ok();
}

const SHARED: &str = r#"import ballerina/http;
import ballerina/websocket;

configurable int port = ?;

listener http:Listener httpListener = new (port, host = "127.0.0.1");
listener websocket:Listener wsListener = new (httpListener);

service /api on httpListener {
    resource function get hello() returns string {
        return "hello over http";
    }
}

service /chat on wsListener {
    resource function get .(http:Request req) returns websocket:Service|websocket:UpgradeError {
        string|http:HeaderNotFoundError token = req.getHeader("x-token");
        if token is http:HeaderNotFoundError {
            return error websocket:UpgradeError("no token");
        }
        return new Chat(token);
    }
}

service class Chat {
    *websocket:Service;
    private final string token;

    function init(string token) {
        self.token = token;
    }

    remote function onMessage(websocket:Caller caller, string text) returns error? {
        check caller->writeTextMessage(self.token + ": " + text);
    }
}
"#;

#[test]
fn http_and_websocket_services_share_one_port() {
    let running = start("ws_shared", SHARED, 1);
    let reply = running.get("/api/hello");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "hello over http");
    // A plain request to the WebSocket path is not an HTTP resource.
    assert_eq!(running.get("/chat").status, 404);
    let mut request = format!("ws://127.0.0.1:{}/chat", running.port)
        .into_client_request()
        .expect("request");
    request
        .headers_mut()
        .insert("x-token", "t0k".parse().expect("header value"));
    let (mut socket, _) = tungstenite::connect(request).expect("handshake");
    socket.send(Message::text("hi")).expect("send");
    assert_eq!(text(&mut socket), "t0k: hi");
    close(&mut socket, 1000, "");
    // Without the header the upgrade resource rejects the handshake.
    match try_connect(running.port, "/chat") {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status().as_u16(), 400),
        Err(other) => panic!("expected an HTTP error, got {other}"),
        Ok(_) => panic!("the upgrade was accepted"),
    }
    let raw = request_with_upgrade(running.port);
    assert!(raw.starts_with("HTTP/1.1 404"), "{raw}");
    running.stop_ok();
}

/// An upgrade request for a path no WebSocket service serves goes to the HTTP services.
fn request_with_upgrade(port: u16) -> String {
    let reply = request(
        port,
        "GET",
        "/nowhere",
        &[
            ("upgrade", "websocket"),
            ("connection", "Upgrade"),
            ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
            ("sec-websocket-version", "13"),
        ],
        b"",
    );
    format!("HTTP/1.1 {}", reply.status)
}

use tungstenite::client::IntoClientRequest;

const CLIENT: &str = r#"import ballerina/io;
import ballerina/websocket;

configurable int port = ?;

type Greeting record {|
    string name;
    int times;
|};

public function main() returns error? {
    websocket:Client echo = check new (string `ws://127.0.0.1:${port}/echo`, readTimeout = 30);
    check echo->writeTextMessage("from a client");
    string reply = check echo->readTextMessage();
    io:println(reply);
    check echo->writeBinaryMessage([1, 2, 3]);
    byte[] bytes = check echo->readBinaryMessage();
    io:println(bytes);
    check echo->writeMessage("again");
    string|byte[] received = check echo->readMessage();
    io:println(received);
    io:println(echo.isOpen(), " ", echo.isSecure());
    check echo->close(1000, "client done");
    io:println(echo.isOpen());
    error? afterClose = echo->writeTextMessage("too late");
    io:println(afterClose is websocket:ConnectionClosureError);

    websocket:Client greet = check new (string `ws://127.0.0.1:${port}/greet`);
    check greet->writeMessage({name: "bob", times: 1});
    Greeting greeting = check greet->readMessage();
    io:println(greeting);
    check greet->close();

    websocket:Client closer = check new (string `ws://127.0.0.1:${port}/echo`);
    check closer->writeTextMessage("bye");
    string|error closed = closer->readTextMessage();
    io:println(closed is websocket:ConnectionClosureError, " ", closed is error ? closed.message() : "");

    websocket:Client|websocket:Error rejected = new (string `ws://127.0.0.1:${port}/rooms/x?user=mallory`);
    io:println(rejected is websocket:InvalidHandshakeError, " ", rejected is error ? rejected.message() : "");

    error? badCode = greet->close(1005);
    io:println(badCode is error ? badCode.message() : "");
}
"#;

#[test]
fn an_int_websocket_client_talks_to_an_int_service() {
    let running = start("ws_int_service", ECHO, 1);
    let (code, stdout, stderr) = run_client("ws_int_client", CLIENT, running.port);
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    assert_eq!(
        stdout,
        "echo: from a client\n\
         [3,2,1]\n\
         echo: again\n\
         true false\n\
         false\n\
         true\n\
         {\"name\":\"BOB\",\"times\":2}\n\
         true Connection closed: Status code: 4000, done\n\
         true Invalid handshake response getStatus: 400 Bad Request\n\
         Failed to execute close. Invalid status code: 1005\n"
    );
    let stopped = running.stop_ok();
    assert!(
        stopped.stdout.contains("closed 1000 client done"),
        "{}",
        stopped.stdout
    );
}

const READ_TIMEOUT: &str = r#"import ballerina/io;
import ballerina/websocket;

configurable int port = ?;

public function main() returns error? {
    websocket:Client quiet = check new (string `ws://127.0.0.1:${port}/rooms/lobby?user=ada`, readTimeout = 0.5);
    string|error nothing = quiet->readTextMessage();
    io:println(nothing is websocket:ReadTimedOutError, " ", nothing is error ? nothing.message() : "");
    websocket:Client|websocket:Error refused = new ("ws://127.0.0.1:1/nothing");
    io:println(refused is websocket:Error);
    websocket:Client|websocket:Error bad = new ("http://127.0.0.1/x");
    io:println(bad is websocket:Error);
}
"#;

#[test]
fn client_read_timeouts_and_connection_failures_are_errors() {
    let running = start("ws_read_timeout_service", ECHO, 1);
    let (code, stdout, stderr) = run_client("ws_read_timeout", READ_TIMEOUT, running.port);
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    assert_eq!(stdout, "true Read timed out\ntrue\ntrue\n");
    running.stop_ok();
}

#[test]
fn the_chat_example_broadcasts_to_everyone_in_the_room() {
    let example = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("examples")
        .join("ws_chat");
    let directory = scratch("ws_chat_example");
    let running = start_path(&example, &directory, &["-Cport=0", "-Chost=127.0.0.1"], 1);
    let mut alice = connect(&running, "/chat/alice");
    assert_eq!(text(&mut alice), "alice joined the chat");
    let mut bob = connect(&running, "/chat/bob");
    assert_eq!(text(&mut alice), "bob joined the chat");
    assert_eq!(text(&mut bob), "bob joined the chat");
    alice.send(Message::text("hi bob")).expect("send");
    assert_eq!(text(&mut alice), "alice: hi bob");
    assert_eq!(text(&mut bob), "alice: hi bob");
    bob.send(Message::text("hi alice")).expect("send");
    assert_eq!(text(&mut bob), "bob: hi alice");
    assert_eq!(text(&mut alice), "bob: hi alice");
    close(&mut bob, 1000, "");
    assert_eq!(text(&mut alice), "bob left the chat");
    match try_connect(running.port, "/chat/%20") {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status().as_u16(), 400),
        Err(other) => panic!("expected an HTTP error, got {other}"),
        Ok(_) => panic!("a nameless upgrade was accepted"),
    }
    close(&mut alice, 1000, "");
    running.stop_ok();
}

#[test]
fn a_wss_listener_serves_an_int_client_over_tls() {
    let directory = scratch("wss_pem");
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
        .expect("self-signed certificate");
    let cert_file = directory.join("cert.pem");
    let key_file = directory.join("key.pem");
    std::fs::write(&cert_file, certified.cert.pem()).expect("write the certificate");
    std::fs::write(&key_file, certified.key_pair.serialize_pem()).expect("write the key");
    let source = r#"import ballerina/websocket;

configurable int port = ?;
configurable string certFile = ?;
configurable string keyFile = ?;

listener websocket:Listener secured = new (port, host = "127.0.0.1",
    secureSocket = {key: {certFile: certFile, keyFile: keyFile}});

service /secure on secured {
    resource function get .() returns websocket:Service {
        return new Secure();
    }
}

service class Secure {
    *websocket:Service;

    remote function onMessage(websocket:Caller caller, string text) returns string {
        return text + (caller.isSecure() ? " over TLS" : " in the clear");
    }
}
"#;
    let cert_arg = format!("-CcertFile={}", cert_file.display());
    let key_arg = format!("-CkeyFile={}", key_file.display());
    let service =
        http_service_harness::start_with("wss_service", source, &[&cert_arg, &key_arg], 1);
    let client = format!(
        r#"import ballerina/io;
import ballerina/websocket;

configurable int port = ?;

public function main() returns error? {{
    websocket:Client c = check new (string `wss://127.0.0.1:${{port}}/secure`,
        secureSocket = {{cert: "{}"}});
    check c->writeMessage("hello");
    string answer = check c->readMessage();
    io:println(answer, " ", c.isSecure());
    check c->close();
    websocket:Client|websocket:Error untrusted = new (string `wss://127.0.0.1:${{port}}/secure`);
    io:println(untrusted is websocket:SslError);
}}
"#,
        cert_file.display()
    );
    let (code, stdout, stderr) = run_client("wss_client", &client, service.port);
    assert_eq!(stdout, "hello over TLS true\ntrue\n", "{stderr}");
    assert_eq!(code, Some(0), "{stderr}");
    service.stop_ok();
}
