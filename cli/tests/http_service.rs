//! `http:Listener` and services end to end: `.int` service programs started on a free port
//! of 127.0.0.1 (`-Cport=0`; the start-up log line names the port), called by a raw HTTP/1.1
//! client and by `.int` programs using `http:Client`, and stopped with SIGTERM (exit 0).
//! Covers dispatch (base paths, literal over parameter segments, rest parameters, `default`,
//! 404/405), argument binding (typed path, query and header parameters, payloads by
//! annotation or type, `http:Request`, `http:Caller`) and responses (anydata, strings, bytes,
//! status code records, `http:Response`, errors, panics, `()`).

mod http_service_harness;
mod http_service_lifecycle;

use http_service_harness::{request, run_client, start, start_path};

/// A service with a resource for each binding and response rule.
const ALBUMS: &str = r#"import ballerina/http;

configurable int port = ?;

type Album record {|
    string title;
    int year;
|};

listener http:Listener ep = new (port, host = "127.0.0.1");

service /music on ep {
    resource function get greeting() returns string {
        return "Hello, World!";
    }

    resource function get albums() returns Album[] {
        return [{title: "Blue Train", year: 1957}];
    }

    resource function get albums/[int id]() returns json {
        return {id: id, kind: "int"};
    }

    resource function get albums/latest() returns string {
        return "latest";
    }

    resource function post albums(Album album) returns Album {
        return {title: album.title.toUpperAscii(), year: album.year};
    }

    resource function get typed/[float f]/[decimal d]/[boolean b]/[string s]() returns string {
        return string `${f} ${d} ${b} ${s}`;
    }

    resource function get files/[string... path]() returns string {
        return string:'join("|", ...path) + " (" + path.length().toString() + ")";
    }

    resource function default anything() returns string {
        return "default";
    }

    resource function put anything() returns string {
        return "put";
    }

    resource function get search(string q, int? page, int size = 10, string[] tags = []) returns json {
        return {q, page, size, tags};
    }

    resource function get renamed(@http:Query {name: "sort-by"} string sortBy,
            @http:Query {name: "id"} int[] ids = [], @http:Query string plain = "p") returns string {
        return sortBy + " " + ids.toString() + " " + plain;
    }

    resource function get header(@http:Header string x\-token, @http:Header string? accept) returns string {
        return x\-token + " " + (accept ?: "none");
    }

    resource function post echo(http:Request req) returns string|error {
        string body = check req.getTextPayload();
        return req.method + " " + req.rawPath + " " + body + " " + check req.getHeader("x-a");
    }

    resource function post maybe(@http:Payload Album? album) returns string {
        return album is () ? "no album" : album.title;
    }

    resource function post text(@http:Payload string body) returns string {
        return "got " + body;
    }

    resource function post bytes(byte[] body) returns byte[] {
        return body.reverse();
    }

    resource function post form(@http:Payload map<string> form) returns string {
        return form["a"].toString() + "," + form["b"].toString();
    }

    resource function post data(@http:Payload json body) returns json|error {
        return {received: check body.n};
    }

    resource function get created() returns http:Created {
        return {body: {id: 7}, headers: {"location": "/music/albums/7"}};
    }

    resource function get found(boolean ok) returns http:Ok|http:NotFound {
        if ok {
            return {body: "here"};
        }
        http:NotFound notFound = {body: "not here", mediaType: "text/plain"};
        return notFound;
    }

    resource function get response() returns http:Response {
        http:Response res = new;
        res.statusCode = 418;
        res.setHeader("x-teapot", "yes");
        res.setTextPayload("short and stout");
        return res;
    }

    resource function get failure() returns string|error {
        return error("the store is closed");
    }

    resource function get panics() returns string {
        int[] empty = [];
        return empty[1].toString();
    }

    resource function post nothing() {
    }

    resource function get headers(http:Headers headers) returns string|error {
        return string `${check headers.getHeader("X-One")} ${(check headers.getHeaders("x-two")).toString()} ${headers.hasHeader("x-three")}`;
    }

    @http:ResourceConfig {
        consumes: ["application/json"],
        produces: ["text/plain"]
    }
    resource function post strict(@http:Payload json body) returns string {
        return "accepted " + body.toJsonString();
    }

    resource function get silent(http:Caller caller, boolean answer) returns error? {
        if answer {
            check caller->respond("spoke");
        }
    }

    resource function get caller(http:Caller caller) returns error? {
        check caller->respond("answered by the caller");
    }
}

service /other on ep {
    resource function get .() returns string {
        return "other root";
    }
}
"#;

#[test]
fn a_string_result_is_text_plain_and_sigterm_stops_with_exit_0() {
    let mut service = start("greeting", ALBUMS, 1);
    let reply = service.get("/music/greeting");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("text/plain"));
    assert_eq!(reply.text(), "Hello, World!");
    let stopped = service.stop();
    assert_eq!(stopped.code, Some(0), "{}", stopped.stderr);
    let port = service.port;
    assert_eq!(
        stopped.stderr,
        format!(
            "[ballerina/http] started HTTP/WS listener 127.0.0.1:{port}\n\
             [ballerina/http] stopped HTTP/WS listener 127.0.0.1:{port}\n"
        )
    );
}

#[test]
fn anydata_is_json_with_200() {
    let service = start("anydata_json", ALBUMS, 1);
    let reply = service.get("/music/albums");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.text(), r#"[{"title":"Blue Train", "year":1957}]"#);
    service.stop_ok();
}

#[test]
fn post_binds_a_record_payload_and_answers_201() {
    let service = start("post_record", ALBUMS, 1);
    let reply = service.send(
        "POST",
        "/music/albums",
        &[("content-type", "application/json")],
        br#"{"title":"Giant Steps","year":1960}"#,
    );
    assert_eq!(reply.status, 201);
    assert_eq!(reply.text(), r#"{"title":"GIANT STEPS", "year":1960}"#);
    service.stop_ok();
}

#[test]
fn a_payload_that_does_not_fit_is_400_naming_the_field() {
    let service = start("payload_400", ALBUMS, 1);
    let reply = service.send(
        "POST",
        "/music/albums",
        &[("content-type", "application/json")],
        br#"{"title":"Giant Steps"}"#,
    );
    assert_eq!(reply.status, 400);
    let text = reply.text();
    assert!(text.starts_with("data binding failed: "), "{text}");
    assert!(
        text.contains("missing required field 'year' of type 'int' in record 'Album'"),
        "{text}"
    );
    let reply = service.send("POST", "/music/albums", &[], b"not json");
    assert_eq!(reply.status, 400);
    service.stop_ok();
}

#[test]
fn an_int_path_parameter_is_converted() {
    let service = start("path_int", ALBUMS, 1);
    let reply = service.get("/music/albums/42");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), r#"{"id":42, "kind":"int"}"#);
    service.stop_ok();
}

#[test]
fn a_path_parameter_that_does_not_convert_is_400() {
    let service = start("path_400", ALBUMS, 1);
    let reply = service.get("/music/albums/forty-two");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.text(), "error in casting path parameter : 'id'");
    service.stop_ok();
}

#[test]
fn literal_segments_win_over_path_parameters() {
    let service = start("literal_first", ALBUMS, 1);
    assert_eq!(service.get("/music/albums/latest").text(), "latest");
    service.stop_ok();
}

#[test]
fn float_decimal_boolean_and_string_path_parameters() {
    let service = start("path_typed", ALBUMS, 1);
    let reply = service.get("/music/typed/1.5/2.25/true/hello%20there");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "1.5 2.25 true hello there");
    assert_eq!(service.get("/music/typed/x/2/true/s").status, 400);
    assert_eq!(service.get("/music/typed/1/2/maybe/s").status, 400);
    service.stop_ok();
}

#[test]
fn a_rest_path_parameter_takes_the_remaining_segments() {
    let service = start("path_rest", ALBUMS, 1);
    assert_eq!(service.get("/music/files/a/b/c").text(), "a|b|c (3)");
    assert_eq!(service.get("/music/files").text(), " (0)");
    service.stop_ok();
}

#[test]
fn the_default_accessor_takes_any_method_and_an_exact_one_wins() {
    let service = start("default_accessor", ALBUMS, 1);
    assert_eq!(
        service.send("DELETE", "/music/anything", &[], b"").text(),
        "default"
    );
    assert_eq!(service.get("/music/anything").text(), "default");
    assert_eq!(
        service.send("PUT", "/music/anything", &[], b"").text(),
        "put"
    );
    service.stop_ok();
}

#[test]
fn an_unknown_path_is_404_with_ballerinas_text() {
    let service = start("not_found", ALBUMS, 1);
    let reply = service.get("/music/nowhere");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.text(),
        "no matching resource found for path : /music/nowhere , method : GET"
    );
    let reply = service.get("/elsewhere");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.text(),
        "no matching service found for path : /elsewhere"
    );
    service.stop_ok();
}

#[test]
fn a_wrong_method_is_405() {
    let service = start("wrong_method", ALBUMS, 1);
    let reply = service.send("DELETE", "/music/greeting", &[], b"");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.text(), "Method not allowed");
    service.stop_ok();
}

#[test]
fn typed_optional_defaultable_and_array_query_parameters() {
    let service = start("query", ALBUMS, 1);
    let reply = service.get("/music/search?q=blue%20train&page=2&size=5&tags=a&tags=b");
    assert_eq!(
        reply.text(),
        r#"{"q":"blue train", "page":2, "size":5, "tags":["a", "b"]}"#
    );
    let reply = service.get("/music/search?q=x");
    assert_eq!(
        reply.text(),
        r#"{"q":"x", "page":null, "size":10, "tags":[]}"#
    );
    service.stop_ok();
}

#[test]
fn a_missing_or_unconvertible_query_parameter_is_400() {
    let service = start("query_400", ALBUMS, 1);
    let reply = service.get("/music/search");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.text(), "no query param value found for 'q'");
    let reply = service.get("/music/search?q=x&page=two");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.text(), "error in casting query param : 'page'");
    service.stop_ok();
}

#[test]
fn query_annotations_rename_query_parameters() {
    let service = start("query_renamed", ALBUMS, 1);
    let reply = service.get("/music/renamed?sort-by=year&id=3&id=4&plain=q");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "year [3,4] q");
    // The parameter's own name is not the query's.
    let reply = service.get("/music/renamed?sortBy=year");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.text(), "no query param value found for 'sort-by'");
    let reply = service.get("/music/renamed?sort-by=title&ids=1");
    assert_eq!(reply.text(), "title [] p");
    let reply = service.get("/music/renamed?sort-by=t&id=x");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.text(), "error in casting query param : 'id'");
    service.stop_ok();
}

#[test]
fn header_parameters_are_bound_and_a_missing_one_is_400() {
    let service = start("headers", ALBUMS, 1);
    let reply = service.send("GET", "/music/header", &[("x-token", "t0k3n")], b"");
    assert_eq!(reply.text(), "t0k3n none");
    let reply = service.send(
        "GET",
        "/music/header",
        &[("X-Token", "abc"), ("accept", "text/plain")],
        b"",
    );
    assert_eq!(reply.text(), "abc text/plain");
    let reply = service.get("/music/header");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.text(), "no header value found for 'x-token'");
    service.stop_ok();
}

#[test]
fn an_http_request_parameter_sees_method_path_headers_and_body() {
    let service = start("request_param", ALBUMS, 1);
    let reply = service.send("POST", "/music/echo?x=1", &[("x-a", "b")], b"payload");
    assert_eq!(reply.status, 201);
    assert_eq!(reply.text(), "POST /music/echo?x=1 payload b");
    service.stop_ok();
}

#[test]
fn string_byte_array_and_json_payloads() {
    let service = start("payload_kinds", ALBUMS, 1);
    assert_eq!(
        service
            .send("POST", "/music/text", &[], b"plain words")
            .text(),
        "got plain words"
    );
    let reply = service.send("POST", "/music/bytes", &[], &[1, 2, 3]);
    assert_eq!(
        reply.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(reply.body, vec![3, 2, 1]);
    let reply = service.send(
        "POST",
        "/music/data",
        &[("content-type", "application/json")],
        br#"{"n": [1, 2]}"#,
    );
    assert_eq!(reply.text(), r#"{"received":[1, 2]}"#);
    service.stop_ok();
}

#[test]
fn an_empty_payload_binds_nil_to_a_nilable_type() {
    let service = start("payload_nil", ALBUMS, 1);
    assert_eq!(
        service.send("POST", "/music/maybe", &[], b"").text(),
        "no album"
    );
    let album = br#"{"title":"Ascension","year":1965}"#;
    assert_eq!(
        service.send("POST", "/music/maybe", &[], album).text(),
        "Ascension"
    );
    assert_eq!(service.send("POST", "/music/albums", &[], b"").status, 400);
    service.stop_ok();
}

#[test]
fn a_form_binds_to_map_of_string() {
    let service = start("form", ALBUMS, 1);
    let reply = service.send(
        "POST",
        "/music/form",
        &[("content-type", "application/x-www-form-urlencoded")],
        b"a=one+two&b=%C3%A9",
    );
    assert_eq!(reply.text(), "one two,\u{e9}");
    service.stop_ok();
}

#[test]
fn a_status_code_record_sets_status_headers_and_body() {
    let service = start("created", ALBUMS, 1);
    let reply = service.get("/music/created");
    assert_eq!(reply.status, 201);
    assert_eq!(reply.header("location"), Some("/music/albums/7"));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.text(), r#"{"id":7}"#);
    service.stop_ok();
}

#[test]
fn a_union_of_status_code_records() {
    let service = start("status_union", ALBUMS, 1);
    let reply = service.get("/music/found?ok=true");
    assert_eq!((reply.status, reply.text()), (200, "here".to_string()));
    let reply = service.get("/music/found?ok=false");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("content-type"), Some("text/plain"));
    assert_eq!(reply.text(), "not here");
    service.stop_ok();
}

#[test]
fn an_http_response_is_sent_as_it_is() {
    let service = start("response", ALBUMS, 1);
    let reply = service.get("/music/response");
    assert_eq!(reply.status, 418);
    assert_eq!(reply.header("x-teapot"), Some("yes"));
    assert_eq!(reply.text(), "short and stout");
    service.stop_ok();
}

#[test]
fn an_error_result_is_500_with_its_message() {
    let service = start("error_500", ALBUMS, 1);
    let reply = service.get("/music/failure");
    assert_eq!(reply.status, 500);
    assert_eq!(reply.text(), "the store is closed");
    service.stop_ok();
}

#[test]
fn a_panic_is_500_and_the_listener_keeps_serving() {
    let service = start("panic_500", ALBUMS, 1);
    assert_eq!(service.get("/music/panics").status, 500);
    assert_eq!(service.get("/music/panics").status, 500);
    assert_eq!(service.get("/music/greeting").text(), "Hello, World!");
    let stopped = service.stop_ok();
    assert!(
        stopped.stderr.contains("IndexOutOfRange"),
        "{}",
        stopped.stderr
    );
}

#[test]
fn a_nil_result_is_202_accepted() {
    let service = start("nil_202", ALBUMS, 1);
    let reply = service.send("POST", "/music/nothing", &[], b"");
    assert_eq!(reply.status, 202);
    assert!(reply.body.is_empty());
    service.stop_ok();
}

#[test]
fn a_caller_parameter_answers_with_respond() {
    let service = start("caller", ALBUMS, 1);
    let reply = service.get("/music/caller");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "answered by the caller");
    service.stop_ok();
}

#[test]
fn several_services_on_one_listener_by_base_path() {
    let service = start("two_services", ALBUMS, 1);
    assert_eq!(service.get("/other").text(), "other root");
    assert_eq!(service.get("/music/greeting").text(), "Hello, World!");
    service.stop_ok();
}

#[test]
fn several_listeners_in_one_program() {
    let source = r#"import ballerina/http;

configurable int port = ?;

service /a on new http:Listener(port, host = "127.0.0.1") {
    resource function get .() returns string {
        return "first";
    }
}

service /b on new http:Listener(port, host = "127.0.0.1") {
    resource function get .() returns string {
        return "second";
    }
}
"#;
    let service = start("two_listeners", source, 2);
    let (first, second) = (service.ports[0], service.ports[1]);
    assert_ne!(first, second);
    let texts = [
        request(first, "GET", "/a", &[], b"").text(),
        request(first, "GET", "/b", &[], b"").status.to_string(),
        request(second, "GET", "/b", &[], b"").text(),
    ];
    assert_eq!(texts, ["first", "404", "second"]);
    service.stop_ok();
}

#[test]
fn an_int_client_calls_the_service() {
    let service = start("client_server", ALBUMS, 1);
    let client = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

type Album record {|
    string title;
    int year;
|};

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    string greeting = check c->get("/greeting");
    io:println(greeting);
    Album[] albums = check c->get("/albums");
    io:println(albums[0].title);
    Album created = check c->post("/albums", {title: "kind of blue", year: 1959});
    io:println(created);
    http:Response res = check c->get("/nowhere");
    io:println(res.statusCode, " ", check res.getTextPayload());
    json|error failed = c->get("/failure");
    io:println(failed is http:RemoteServerError);
}
"#;
    let (code, stdout, stderr) = run_client("client_program", client, service.port);
    assert_eq!(
        stdout,
        "Hello, World!\nBlue Train\n{\"title\":\"KIND OF BLUE\",\"year\":1959}\n\
         404 no matching resource found for path : /music/nowhere , method : GET\ntrue\n",
        "{stderr}"
    );
    assert_eq!(code, Some(0), "{stderr}");
    service.stop_ok();
}

#[test]
fn attaching_two_services_at_one_base_path_fails_the_program() {
    let source = r#"import ballerina/http;

configurable int port = ?;

listener http:Listener ep = new (port, host = "127.0.0.1");

service /same on ep {
    resource function get .() returns string {
        return "one";
    }
}

service /same on ep {
    resource function get .() returns string {
        return "two";
    }
}
"#;
    let directory = http_service_harness::scratch("duplicate_base");
    let file = directory.join("duplicate_base.int");
    std::fs::write(&file, source).expect("write");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_intc"))
        .args(["run", "-Cport=0"])
        .arg(&file)
        .env("NO_COLOR", "1")
        .output()
        .expect("run intc");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr
            .contains("service registration failed: two services have the same basePath : '/same'"),
        "{stderr}"
    );
}

#[test]
fn the_http_hello_example_serves_its_greeting() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("examples")
        .join("http_hello");
    let directory = http_service_harness::scratch("http_hello_example");
    let service = start_path(&example, &directory, &["-Cport=0", "-Chost=127.0.0.1"], 1);
    let reply = service.get("/hello/greeting?name=Ballerina");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "Hello, Ballerina!");
    let reply = service.get("/hello/greeting");
    assert_eq!(reply.text(), "Hello, World!");
    service.stop_ok();
}

#[test]
fn an_http_headers_parameter_reads_the_request_headers() {
    let service = start("headers_object", ALBUMS, 1);
    let reply = service.send(
        "GET",
        "/music/headers",
        &[("x-one", "1"), ("x-two", "a"), ("x-two", "b")],
        b"",
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.text(), r#"1 ["a","b"] false"#);
    service.stop_ok();
}

#[test]
fn resource_config_consumes_is_415_and_produces_is_406() {
    let service = start("media_types", ALBUMS, 1);
    let json = [("content-type", "application/json; charset=utf-8")];
    let reply = service.send("POST", "/music/strict", &json, br#"{"a":1}"#);
    assert_eq!(
        (reply.status, reply.text()),
        (201, r#"accepted {"a":1}"#.to_string())
    );
    let reply = service.send(
        "POST",
        "/music/strict",
        &[("content-type", "text/plain")],
        b"x",
    );
    assert_eq!(reply.status, 415);
    assert_eq!(reply.text(), "content-type : text/plain is not supported");
    let accept_xml = [
        ("content-type", "application/json"),
        ("accept", "application/xml"),
    ];
    let reply = service.send("POST", "/music/strict", &accept_xml, br#"{"a":1}"#);
    assert_eq!(reply.status, 406);
    let accept_text = [("content-type", "application/json"), ("accept", "text/*")];
    let reply = service.send("POST", "/music/strict", &accept_text, br#"{"a":1}"#);
    assert_eq!(reply.status, 201);
    service.stop_ok();
}
