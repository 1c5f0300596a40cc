//! Server-sent events end to end on 127.0.0.1: `.int` services returning
//! `stream<http:SseEvent, error?>`, read by a raw HTTP/1.1 client that checks the exact bytes
//! and when each event arrives, and by `.int` clients binding the stream
//! (`stream<http:SseEvent, error?> s = check c->/events;`), also against a hand-written Rust
//! server exercising the WHATWG parsing rules, and over HTTP/2 negotiated by ALPN.

// Shared with http_service.rs; this file uses only part of it.
#[allow(dead_code)]
mod http_service_harness;

use http_service_harness::{run_client, start, start_with};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

const SERVICE: &str = r#"import ballerina/http;
import ballerina/io;
import ballerina/lang.runtime;

configurable int port = ?;

isolated int pulled = 0;

// Produces `count` events (forever when negative), one every `pause` seconds; `failAt` makes
// that event an error instead.
class Ticker {
    private int n = 0;
    private final int count;
    private final decimal pause;
    private final int failAt;

    isolated function init(int count, decimal pause, int failAt = -1) {
        self.count = count;
        self.pause = pause;
        self.failAt = failAt;
    }

    public isolated function next() returns record {| http:SseEvent value; |}|error? {
        runtime:sleep(self.pause);
        lock {
            pulled += 1;
        }
        self.n += 1;
        if self.n == self.failAt {
            return error("boom at " + self.n.toString());
        }
        if self.count >= 0 && self.n > self.count {
            return ();
        }
        return {value: {id: self.n.toString(), event: "tick", data: "line " + self.n.toString() + "\nsecond"}};
    }

    public isolated function close() returns error? {
        io:println("closed after ", self.n);
    }
}

listener http:Listener ep = new (port, host = "127.0.0.1");

service / on ep {
    resource function get ticks(int count = 4, decimal pause = 0.3) returns stream<http:SseEvent, error?> {
        return new (new Ticker(count, pause));
    }

    resource function get failing() returns stream<http:SseEvent, error?> {
        return new (new Ticker(5, 0.01, 3));
    }

    resource function get fields() returns stream<http:SseEvent, error?> {
        http:SseEvent[] events = [
            {data: "one\ntwo\r\nthree\rfour"},
            {comment: "keep-alive"},
            {event: "update", id: "42", 'retry: 1500, data: ""},
            {data: "{\"json\": true}", comment: "first\nsecond"}
        ];
        return stream from http:SseEvent event in events select event;
    }

    resource function get empty() returns stream<http:SseEvent, error?> {
        http:SseEvent[] events = [{data: "before"}, {}, {data: "never"}];
        return stream from http:SseEvent event in events select event;
    }

    resource function get pulled() returns int {
        lock {
            return pulled;
        }
    }

    resource function get plain() returns string {
        return "not events";
    }
}
"#;

/// A raw HTTP/1.1 client reading a chunked response one chunk at a time.
struct ChunkReader {
    reader: BufReader<TcpStream>,
    head: String,
}

impl ChunkReader {
    fn open(port: u16, path: &str) -> ChunkReader {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("read timeout");
        let request = format!("GET {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("send");
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("read the head");
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        ChunkReader { reader, head }
    }

    /// The next chunk exactly as framed (`SIZE\r\nDATA\r\n`), `None` after the last one.
    fn chunk(&mut self) -> Option<String> {
        let mut size_line = String::new();
        self.reader.read_line(&mut size_line).expect("chunk size");
        let size = usize::from_str_radix(size_line.trim_end(), 16).expect("hex chunk size");
        let mut data = vec![0; size + 2];
        self.reader.read_exact(&mut data).expect("chunk data");
        let framed = format!("{size_line}{}", String::from_utf8_lossy(&data));
        assert_eq!(&data[size..], b"\r\n", "chunk framing: {framed:?}");
        if size == 0 {
            return None;
        }
        data.truncate(size);
        Some(String::from_utf8(data).expect("UTF-8 events"))
    }

    /// Every remaining chunk, each with when it arrived.
    fn all(&mut self) -> Vec<(String, Instant)> {
        std::iter::from_fn(|| self.chunk().map(|c| (c, Instant::now()))).collect()
    }
}

fn tick(n: u32) -> String {
    format!("id: {n}\nevent: tick\ndata: line {n}\ndata: second\n\n")
}

#[test]
fn events_are_written_as_they_are_produced() {
    let service = start("sse_ticks", SERVICE, 1);
    let started = Instant::now();
    let mut events = ChunkReader::open(service.port, "/ticks?count=4&pause=0.3");
    let head = events.head.to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
    assert!(
        head.contains("content-type: text/event-stream\r\n"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-cache\r\n"), "{head}");
    assert!(head.contains("transfer-encoding: chunked\r\n"), "{head}");
    assert!(!head.contains("content-length"), "{head}");
    let chunks = events.all();
    // One chunk per event, flushed when produced.
    let texts: Vec<&str> = chunks.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(texts, [tick(1), tick(2), tick(3), tick(4)]);
    let first = chunks[0].1 - started;
    let last = chunks[3].1 - started;
    // Events come 0.3 s apart: the first long before the last, not all at the end.
    assert!(
        last - first >= Duration::from_millis(700),
        "first after {first:?}, last after {last:?}"
    );
    service.stop_ok();
}

#[test]
fn fields_multi_line_data_and_comments_on_the_wire() {
    let service = start("sse_fields", SERVICE, 1);
    let mut events = ChunkReader::open(service.port, "/fields");
    let texts: Vec<String> = events.all().into_iter().map(|(c, _)| c).collect();
    assert_eq!(
        texts,
        [
            "data: one\ndata: two\ndata: three\ndata: four\n\n",
            ": keep-alive\n\n",
            "id: 42\nevent: update\nretry: 1500\ndata: \n\n",
            ": first\n: second\ndata: {\"json\": true}\n\n",
        ]
    );
    service.stop_ok();
}

#[test]
fn an_error_or_an_empty_event_ends_the_stream_with_an_error_event() {
    let service = start("sse_errors", SERVICE, 1);
    let texts: Vec<String> = ChunkReader::open(service.port, "/failing")
        .all()
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(
        texts,
        [
            tick(1),
            tick(2),
            "event: error\ndata: boom at 3\n\n".to_string()
        ]
    );
    let texts: Vec<String> = ChunkReader::open(service.port, "/empty")
        .all()
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(
        texts,
        [
            "data: before\n\n",
            "event: error\ndata: Invalid value provided as event: at least one field is \
             expected to be present in the SseEvent record.\n\n"
        ]
    );
    service.stop_ok();
}

fn pulled(port: u16) -> i64 {
    let reply = http_service_harness::request(port, "GET", "/pulled", &[], b"");
    reply.text().trim().parse().expect("a count")
}

#[test]
fn a_client_that_goes_away_closes_the_stream_and_frees_its_strand() {
    let service = start("sse_disconnect", SERVICE, 1);
    let mut events = ChunkReader::open(service.port, "/ticks?count=-1&pause=0.05");
    assert_eq!(events.chunk().as_deref(), Some(tick(1).as_str()));
    assert_eq!(events.chunk().as_deref(), Some(tick(2).as_str()));
    drop(events);
    // The stream is pulled until a write finds the client gone, then never again.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut before = pulled(service.port);
    loop {
        std::thread::sleep(Duration::from_millis(400));
        let now = pulled(service.port);
        if now == before {
            break;
        }
        assert!(Instant::now() < deadline, "the stream is still pulled");
        before = now;
    }
    let stopped = service.stop_ok();
    let closed: Vec<&str> = stopped
        .stdout
        .lines()
        .filter(|l| l.starts_with("closed after "))
        .collect();
    assert_eq!(closed.len(), 1, "stdout:\n{}", stopped.stdout);
}

#[test]
fn stopping_the_listener_ends_an_endless_stream() {
    let service = start("sse_stop", SERVICE, 1);
    let mut events = ChunkReader::open(service.port, "/ticks?count=-1&pause=0.05");
    assert_eq!(events.chunk().as_deref(), Some(tick(1).as_str()));
    service.terminate();
    let started = Instant::now();
    // The body ends (the last chunk) well within the grace period, and the program exits 0.
    while events.chunk().is_some() {}
    assert!(started.elapsed() < Duration::from_secs(4));
    let mut service = service;
    let stopped = service.wait();
    assert_eq!(stopped.code, Some(0), "stderr:\n{}", stopped.stderr);
    assert!(
        stopped.stdout.contains("closed after "),
        "{}",
        stopped.stdout
    );
}

const CLIENT: &str = r#"import ballerina/http;
import ballerina/io;
import ballerina/time;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new ("http://127.0.0.1:" + port.toString());
    time:Utc asked = time:utcNow();
    stream<http:SseEvent, error?> events = check c->/ticks(count = 3, pause = 0.4);
    // The call returns with the response head, before the events.
    io:println("head early: ", time:utcDiffSeconds(time:utcNow(), asked) < 0.4d);
    time:Utc? first = ();
    check from http:SseEvent event in events do {
        if first is () {
            first = time:utcNow();
        }
        io:println(event);
    };
    time:Utc firstAt = first ?: time:utcNow();
    io:println("spread: ", time:utcDiffSeconds(time:utcNow(), firstAt) >= 0.6d);

    stream<http:SseEvent, error?> fields = check c->get("/fields");
    check fields.forEach(function(http:SseEvent event) {
        io:println(event);
    });

    stream<http:SseEvent, error?> failing = check c->/failing;
    record {| http:SseEvent value; |}|error? next = failing.next();
    while next is record {| http:SseEvent value; |} {
        io:println(next.value);
        next = failing.next();
    }
    io:println("end: ", next);

    stream<http:SseEvent, error?> endless = check c->/ticks(count = -1, pause = 0.05);
    record {| http:SseEvent value; |}? one = check endless.next();
    io:println(one);
    check endless.close();

    stream<http:SseEvent, error?>|error plain = c->/plain;
    io:println(plain is http:PayloadBindingClientError, " ", plain is error ? plain.message() : "");
    stream<http:SseEvent, error?>|error missing = c->/missing;
    io:println(missing is http:ClientRequestError);
}
"#;

#[test]
fn an_int_client_reads_an_int_services_events_lazily() {
    let service = start("sse_int_service", SERVICE, 1);
    let (code, stdout, stderr) = run_client("sse_int_client", CLIENT, service.port);
    assert_eq!(code, Some(0), "stderr:\n{stderr}\nstdout:\n{stdout}");
    let expected = r#"head early: true
{"event":"tick","id":"1","data":"line 1\nsecond"}
{"event":"tick","id":"2","data":"line 2\nsecond"}
{"event":"tick","id":"3","data":"line 3\nsecond"}
spread: true
{"data":"one\ntwo\nthree\nfour"}
{"comment":"keep-alive"}
{"event":"update","id":"42","data":"","retry":1500}
{"data":"{\"json\": true}","comment":"first\nsecond"}
{"event":"tick","id":"1","data":"line 1\nsecond"}
{"event":"tick","id":"2","data":"line 2\nsecond"}
{"event":"error","data":"boom at 3"}
end: 
{"value":{"event":"tick","id":"1","data":"line 1\nsecond"}}
true Payload binding failed: expected a 'text/event-stream' response, found 'text/plain'
true
"#;
    assert_eq!(stdout, expected);
    let stopped = service.stop_ok();
    assert!(
        stopped.stdout.contains("closed after "),
        "{}",
        stopped.stdout
    );
}

/// Answers one request with `body` as a close-delimited `text/event-stream`, written in
/// `pieces` (split to test lines and line ends cut across reads).
fn raw_event_server(pieces: Vec<&'static [u8]>) -> (u16, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
        }
        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n\
                    connection: close\r\n\r\n";
        stream.write_all(head.as_bytes()).expect("head");
        for piece in pieces {
            stream.write_all(piece).expect("piece");
            stream.flush().expect("flush");
            std::thread::sleep(Duration::from_millis(30));
        }
    });
    (port, handle)
}

#[test]
fn an_int_client_parses_events_by_the_whatwg_rules() {
    let (port, server) = raw_event_server(vec![
        b"\xEF\xBB\xBF: greeting\r\n",
        b"unknown: field\r\nevent: first\r\ndata: a\r",
        b"\ndata:b\r\ndata\r\n\r\n",
        b"id: 7\nretry: 12x\n\n",
        b"retry: 250\rdata:  two spaces\r\r",
        b"data: unfinished\n",
    ]);
    let source = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new ("http://127.0.0.1:" + port.toString());
    stream<http:SseEvent, error?> events = check c->/events;
    check from http:SseEvent event in events do {
        io:println(event);
    };
}
"#;
    let (code, stdout, stderr) = run_client("sse_whatwg_client", source, port);
    server.join().expect("the raw server");
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    assert_eq!(
        stdout,
        r#"{"event":"first","data":"a\nb\n","comment":"greeting"}
{"id":"7"}
{"data":" two spaces","retry":250}
"#
    );
}

#[test]
fn events_stream_over_http2_negotiated_by_alpn() {
    let directory = http_service_harness::scratch("sse_h2_pem");
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
        .expect("self-signed certificate");
    let cert_file = directory.join("cert.pem");
    let key_file = directory.join("key.pem");
    std::fs::write(&cert_file, certified.cert.pem()).expect("write the certificate");
    std::fs::write(&key_file, certified.key_pair.serialize_pem()).expect("write the key");
    let source = r#"import ballerina/http;
import ballerina/lang.runtime;

configurable int port = ?;
configurable string certFile = ?;
configurable string keyFile = ?;

listener http:Listener secured = new (port, host = "127.0.0.1",
    secureSocket = {key: {certFile: certFile, keyFile: keyFile}});

class Slow {
    private int n = 0;
    private final string version;

    isolated function init(string version) {
        self.version = version;
    }

    public isolated function next() returns record {| http:SseEvent value; |}? {
        runtime:sleep(0.3);
        self.n += 1;
        return self.n > 3 ? () : {value: {id: self.n.toString(), data: "HTTP/" + self.version}};
    }
}

service / on secured {
    resource function get events(http:Request req) returns stream<http:SseEvent, error?> {
        return new (new Slow(req.httpVersion));
    }
}
"#;
    let cert_arg = format!("-CcertFile={}", cert_file.display());
    let key_arg = format!("-CkeyFile={}", key_file.display());
    let service = start_with("sse_h2_service", source, &[&cert_arg, &key_arg], 1);
    let client = format!(
        r#"import ballerina/http;
import ballerina/io;
import ballerina/time;

configurable int port = ?;

public function main() returns error? {{
    http:Client c = check new (string `https://127.0.0.1:${{port}}`, secureSocket = {{cert: "{}"}});
    stream<http:SseEvent, error?> events = check c->/events;
    time:Utc? first = ();
    check from http:SseEvent event in events do {{
        if first is () {{
            first = time:utcNow();
        }}
        io:println(event);
    }};
    time:Utc firstAt = first ?: time:utcNow();
    io:println("spread: ", time:utcDiffSeconds(time:utcNow(), firstAt) >= 0.5d);
}}
"#,
        cert_file.display()
    );
    let (code, stdout, stderr) = run_client("sse_h2_client", &client, service.port);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stdout,
        "{\"id\":\"1\",\"data\":\"HTTP/2.0\"}\n{\"id\":\"2\",\"data\":\"HTTP/2.0\"}\n\
         {\"id\":\"3\",\"data\":\"HTTP/2.0\"}\nspread: true\n"
    );
    service.stop_ok();
}

// ---- Events carried by an `http:Response`, sent through the `Caller`, and interceptors ----

const RESPONSES: &str = r#"import ballerina/http;
import ballerina/io;
import ballerina/lang.runtime;

configurable int port = ?;

class Ticker {
    private int n = 0;
    private final int count;
    private final decimal pause;

    isolated function init(int count, decimal pause) {
        self.count = count;
        self.pause = pause;
    }

    public isolated function next() returns record {| http:SseEvent value; |}|error? {
        runtime:sleep(self.pause);
        self.n += 1;
        if self.count >= 0 && self.n > self.count {
            return ();
        }
        return {value: {id: self.n.toString(), event: "tick", data: "line " + self.n.toString() + "\nsecond"}};
    }

    public isolated function close() returns error? {
        io:println("closed after ", self.n);
    }
}

class Failing {
    private int n = 0;

    public isolated function next() returns record {| http:SseEvent value; |}|error {
        self.n += 1;
        if self.n > 1 {
            return error("no more");
        }
        return {value: {data: "only"}};
    }
}

service class Stamp {
    *http:RequestInterceptor;

    resource function 'default [string... path](http:RequestContext ctx, http:Request req)
            returns http:NextService|error? {
        ctx.set("count", 2);
        return ctx.next();
    }
}

service class Look {
    *http:ResponseInterceptor;

    remote function interceptResponse(http:RequestContext ctx, http:Response res) returns http:NextService|error? {
        // A response interceptor sees the response with its headers; the events are not read.
        res.setHeader("x-seen-type", res.getContentType());
        res.setHeader("x-seen-status", res.statusCode.toString());
        return ctx.next();
    }
}

listener http:Listener ep = new (port, host = "127.0.0.1");

service / on ep {
    resource function get response(int count = 3, decimal pause = 0.3) returns http:Response {
        http:Response res = new;
        res.setSseEventStream(new stream<http:SseEvent, error?>(new Ticker(count, pause)));
        res.setHeader("x-accel-buffering", "no");
        return res;
    }

    resource function post created() returns http:Response {
        http:Response res = new;
        res.statusCode = 201;
        res.setSseEventStream(new stream<http:SseEvent, error?>(new Ticker(1, 0)));
        res.setHeader("cache-control", "no-store");
        return res;
    }

    resource function get caller(http:Caller caller, int count = 3) returns error? {
        http:Response res = new;
        res.setSseEventStream(new stream<http:SseEvent, error?>(new Ticker(count, 0.3)));
        check caller->respond(res);
        // The resource goes on after answering; a second answer is refused.
        http:ListenerError? again = caller->respond("again");
        io:println("second respond: ", again is error ? again.message() : "sent");
    }

    resource function get callerStream(http:Caller caller) returns error? {
        stream<http:SseEvent, error?> events = new (new Ticker(2, 0.05));
        check caller->respond(events);
    }

    resource function get failing() returns stream<http:SseEvent, error> {
        return new (new Failing());
    }

    // A pass-through proxy (to this service itself): the backend's events are forwarded
    // as they arrive.
    resource function get proxy(int to) returns http:Response|error {
        http:Client backend = check new ("http://127.0.0.1:" + to.toString());
        return backend->/response(count = 3, pause = 0.3);
    }

    resource function get roundTrip() returns string|error {
        http:Response res = new;
        http:SseEvent[] events = [{data: "x"}];
        res.setSseEventStream(stream from http:SseEvent e in events select e);
        stream<http:SseEvent, error?> again = check res.getSseEventStream();
        record {| http:SseEvent value; |}? first = check again.next();
        http:Response text = new;
        text.setTextPayload("plain");
        stream<http:SseEvent, error?>|http:ClientError wrong = text.getSseEventStream();
        return (first is () ? "none" : first.value.toString()) + " "
            + (wrong is error ? wrong.message() : "a stream");
    }
}

service http:InterceptableService /icpt on ep {
    public function createInterceptors() returns http:Interceptor[] {
        return [new Stamp(), new Look()];
    }

    resource function get events(http:RequestContext ctx) returns stream<http:SseEvent, error?>|error {
        int count = check ctx.getWithType("count");
        return new (new Ticker(count, 0.3));
    }

    resource function get response(http:RequestContext ctx) returns http:Response|error {
        int count = check ctx.getWithType("count");
        http:Response res = new;
        res.setSseEventStream(new stream<http:SseEvent, error?>(new Ticker(count, 0.3)));
        return res;
    }

    resource function get caller(http:Caller caller) returns error? {
        check caller->respond(new stream<http:SseEvent, error?>(new Ticker(2, 0.3)));
    }

    resource function get endless() returns stream<http:SseEvent, error?> {
        return new (new Ticker(-1, 0.05));
    }
}
"#;

/// The events of `path` (one chunk each) arrive spread over time, with the head's lines.
fn spread_events(port: u16, path: &str, count: u32) -> String {
    let started = Instant::now();
    let mut events = ChunkReader::open(port, path);
    let chunks = events.all();
    let texts: Vec<String> = chunks.iter().map(|(c, _)| c.clone()).collect();
    let expected: Vec<String> = (1..=count).map(tick).collect();
    assert_eq!(texts, expected, "{path}");
    let first = chunks[0].1 - started;
    let last = chunks[chunks.len() - 1].1 - started;
    assert!(
        last - first >= Duration::from_millis(250 * u64::from(count - 1)),
        "{path}: first after {first:?}, last after {last:?}"
    );
    events.head.to_ascii_lowercase()
}

#[test]
fn a_response_carrying_events_streams_them_with_its_headers() {
    let service = start("sse_response", RESPONSES, 1);
    let head = spread_events(service.port, "/response?count=3", 3);
    assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
    assert!(
        head.contains("content-type: text/event-stream\r\n"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-cache\r\n"), "{head}");
    assert!(head.contains("x-accel-buffering: no\r\n"), "{head}");
    assert!(head.contains("transfer-encoding: chunked\r\n"), "{head}");
    // The response's status and its own cache-control are kept.
    let reply = service.send("POST", "/created", &[], b"");
    assert_eq!(reply.status, 201);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.text(), tick(1));
    // `getSseEventStream()` of a response being built gives its events; of another, an error.
    assert_eq!(
        service.get("/roundTrip").text(),
        "{\"data\":\"x\"} invalid payload target type. The response is not of \
         text/event-stream content type."
    );
    // A proxy returning the backend's response forwards its events one by one.
    let proxy = format!("/proxy?to={}", service.port);
    let head = spread_events(service.port, &proxy, 3);
    assert!(head.contains("x-accel-buffering: no\r\n"), "{head}");
    assert_eq!(head.matches("transfer-encoding").count(), 1, "{head}");
    // A stream completing with an error (`stream<SseEvent, error>`) ends with an error event.
    assert_eq!(
        service.get("/failing").text(),
        "data: only\n\nevent: error\ndata: no more\n\n"
    );
    service.stop_ok();
}

#[test]
fn caller_respond_streams_a_response_or_a_stream_of_events() {
    let service = start("sse_caller", RESPONSES, 1);
    let head = spread_events(service.port, "/caller?count=3", 3);
    assert!(
        head.contains("content-type: text/event-stream\r\n"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-cache\r\n"), "{head}");
    let reply = service.get("/callerStream");
    assert_eq!(reply.header("content-type"), Some("text/event-stream"));
    assert_eq!(reply.text(), format!("{}{}", tick(1), tick(2)));
    let stopped = service.stop_ok();
    assert!(
        stopped
            .stdout
            .contains("second respond: illegal function invocation"),
        "{}",
        stopped.stdout
    );
}

#[test]
fn a_response_stream_stops_when_the_client_goes_away() {
    let service = start("sse_response_gone", RESPONSES, 1);
    let mut events = ChunkReader::open(service.port, "/response?count=-1&pause=0.05");
    assert_eq!(events.chunk().as_deref(), Some(tick(1).as_str()));
    drop(events);
    // The next writes find the client gone and close the stream; a graceful stop then has
    // nothing to wait for.
    std::thread::sleep(Duration::from_millis(500));
    let stopped = service.stop_ok();
    assert_eq!(
        stopped.stdout.matches("closed after ").count(),
        1,
        "{}",
        stopped.stdout
    );
}

#[test]
fn events_pass_through_request_and_response_interceptors_unbuffered() {
    let service = start("sse_interceptors", RESPONSES, 1);
    // The request interceptor's context value reaches the resource; the response interceptor
    // sees the event response (status, content type) and adds headers; events still arrive
    // one by one as they are produced.
    for path in ["/icpt/events", "/icpt/response", "/icpt/caller"] {
        let head = spread_events(service.port, path, 2);
        assert!(
            head.contains("content-type: text/event-stream\r\n"),
            "{head}"
        );
        assert!(
            head.contains("x-seen-type: text/event-stream\r\n"),
            "{path}: {head}"
        );
        assert!(head.contains("x-seen-status: 200\r\n"), "{path}: {head}");
        assert!(
            head.contains("cache-control: no-cache\r\n"),
            "{path}: {head}"
        );
    }
    // A graceful stop ends an endless stream sent through the pipeline.
    let mut events = ChunkReader::open(service.port, "/icpt/endless");
    assert_eq!(events.chunk().as_deref(), Some(tick(1).as_str()));
    service.terminate();
    let started = Instant::now();
    while events.chunk().is_some() {}
    assert!(started.elapsed() < Duration::from_secs(4));
    let mut service = service;
    let stopped = service.wait();
    assert_eq!(stopped.code, Some(0), "stderr:\n{}", stopped.stderr);
}

const RESPONSE_CLIENT: &str = r#"import ballerina/http;
import ballerina/io;
import ballerina/time;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new ("http://127.0.0.1:" + port.toString());
    time:Utc asked = time:utcNow();
    http:Response res = check c->/response(count = 3, pause = 0.4);
    // The response comes with its head; its events are read as they arrive.
    io:println("head early: ", time:utcDiffSeconds(time:utcNow(), asked) < 0.4d);
    io:println(res.statusCode, " ", res.getContentType(), " ", check res.getHeader("x-accel-buffering"));
    stream<http:SseEvent, error?> events = check res.getSseEventStream();
    check from http:SseEvent event in events do {
        io:println(event);
    };
    // A response read whole gives its events too.
    http:Response whole = check c->/callerStream;
    string text = check whole.getTextPayload();
    io:println(text.length() > 0);
    stream<http:SseEvent, error?> parsed = check whole.getSseEventStream();
    check from http:SseEvent event in parsed do {
        io:println(event);
    };
    // Not an event stream.
    http:Response plain = check c->/roundTrip;
    stream<http:SseEvent, error?>|http:ClientError wrong = plain.getSseEventStream();
    io:println(wrong is http:PayloadBindingClientError);
}
"#;

#[test]
fn an_int_client_reads_a_responses_events_lazily() {
    let service = start("sse_response_service", RESPONSES, 1);
    let (code, stdout, stderr) = run_client("sse_response_client", RESPONSE_CLIENT, service.port);
    assert_eq!(code, Some(0), "stderr:\n{stderr}\nstdout:\n{stdout}");
    let expected = r#"head early: true
200 text/event-stream no
{"event":"tick","id":"1","data":"line 1\nsecond"}
{"event":"tick","id":"2","data":"line 2\nsecond"}
{"event":"tick","id":"3","data":"line 3\nsecond"}
true
{"event":"tick","id":"1","data":"line 1\nsecond"}
{"event":"tick","id":"2","data":"line 2\nsecond"}
true
"#;
    assert_eq!(stdout, expected);
    service.stop_ok();
}
