//! `http:Client`'s resource methods (`c->/albums/[id].get(artist = "x")`) and XML payloads,
//! end to end against `.int` services started on a free port of 127.0.0.1: the path segments
//! and the named arguments that become the query, each accessor with its message, headers
//! and media type, response binding by the expected type (records, `xml`, `http:Response`),
//! `@http:Payload xml` parameters (400 for a body that does not parse, 415 for another media
//! type), `getXmlPayload`/`setXmlPayload` on requests and responses, and `xml` results.

// Shared with http_service.rs; this file uses only part of it.
#[allow(dead_code)]
mod http_service_harness;

use http_service_harness::{request, run_client, start};

/// A service echoing what resource accesses send.
const MUSIC: &str = r#"import ballerina/http;

configurable int port = ?;

type Album record {|
    string title;
    int year;
|};

listener http:Listener ep = new (port, host = "127.0.0.1");

service /music on ep {
    resource function get albums(string? artist, string[] tag = []) returns json {
        return {artist, tag};
    }

    resource function get albums/[int id]() returns Album|http:NotFound {
        if id == 99 {
            return <http:NotFound>{body: "no album"};
        }
        return {title: "Album " + id.toString(), year: 1950 + id};
    }

    resource function post albums(Album album) returns Album {
        return {title: album.title.toUpperAscii(), year: album.year};
    }

    resource function put albums/[int id](Album album) returns string {
        return string `put ${id} ${album.title}`;
    }

    resource function patch albums/[int id](http:Request req) returns string|error {
        return string `patch ${id} ${check req.getTextPayload()} ${req.getContentType()} ${check req.getHeader("x-who")}`;
    }

    resource function delete albums/[int id]() returns string {
        return string `deleted ${id}`;
    }

    resource function options albums() returns string {
        return "GET, POST";
    }

    resource function head ping() returns http:Ok {
        return {headers: {"x-ping": "pong"}};
    }

    resource function get echo/[string... rest](http:Request req) returns string {
        return req.rawPath;
    }

    resource function post echo/[string... rest](http:Request req) returns string|error {
        return req.rawPath + " " + check req.getTextPayload();
    }
}
"#;

/// Runs a client program (its `main` given) against a fresh MUSIC service and returns its
/// standard output, checking that it exits 0.
fn music_client(name: &str, main: &str) -> String {
    let service = start(&format!("{name}_service"), MUSIC, 1);
    let client = format!(
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

type Album record {{|
    string title;
    int year;
|}};

type JsonMap map<json>;

{main}
"#
    );
    let (code, stdout, stderr) = run_client(name, &client, service.port);
    assert_eq!(code, Some(0), "stdout:\n{stdout}\nstderr:\n{stderr}");
    service.stop_ok();
    stdout
}

#[test]
fn an_access_without_a_method_is_a_get_bound_to_the_expected_record() {
    let out = music_client(
        "res_default_get",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    int id = 7;
    Album a = check c->/albums/[id];
    io:println(a);
    Album b = check c->/albums/[8].get();
    io:println(b.title, " ", b.year);
}"#,
    );
    assert_eq!(out, "{\"title\":\"Album 7\",\"year\":1957}\nAlbum 8 1958\n");
}

#[test]
fn a_response_target_gets_the_whole_response() {
    let out = music_client(
        "res_response",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    http:Response r = check c->/albums/[3];
    io:println(r.statusCode, " ", r.getContentType(), " ", check r.getTextPayload());
}"#,
    );
    assert_eq!(
        out,
        "200 application/json {\"title\":\"Album 3\", \"year\":1953}\n"
    );
}

#[test]
fn named_arguments_become_url_encoded_query_parameters() {
    let out = music_client(
        "res_query",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    string path = check c->/echo/x.get(artist = "a b&c=d", page = 2, ok = true, price = 1.5);
    io:println(path);
    string none = check c->/echo/y;
    io:println(none);
}"#,
    );
    assert_eq!(
        out,
        "/music/echo/x?artist=a%20b%26c%3Dd&page=2&ok=true&price=1.5\n/music/echo/y\n"
    );
}

#[test]
fn an_array_query_parameter_repeats_its_key_and_binds_back_to_an_array() {
    let out = music_client(
        "res_query_array",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    string path = check c->/echo.get(tag = ["rock", "jazz"]);
    io:println(path);
    json bound = check c->/albums(artist = "Miles", tag = ["rock", "jazz"]);
    io:println(bound);
    string? nothing = ();
    json absent = check c->/albums.get(artist = nothing);
    io:println(absent);
}"#,
    );
    assert_eq!(
        out,
        "/music/echo?tag=rock&tag=jazz\n\
         {\"artist\":\"Miles\",\"tag\":[\"rock\",\"jazz\"]}\n\
         {\"artist\":null,\"tag\":[]}\n"
    );
}

#[test]
fn computed_segments_of_every_path_type_are_written_as_their_strings() {
    let out = music_client(
        "res_segments",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    decimal d = 2.50;
    string path = check c->/echo/[42]/[true]/[d]/[1.5]/["a b"]/["x/y"];
    io:println(path);
}"#,
    );
    assert_eq!(out, "/music/echo/42/true/2.50/1.5/a%20b/x%2Fy\n");
}

#[test]
fn a_spread_path_gives_every_segment() {
    let out = music_client(
        "res_spread",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    string[] parts = ["echo", "one", "two"];
    string path = check c->/[...parts];
    io:println(path);
    int[] ids = [1, 2];
    string mixed = check c->/echo/["a b"]/[...ids];
    io:println(mixed);
}"#,
    );
    assert_eq!(out, "/music/echo/one/two\n/music/echo/a%20b/1/2\n");
}

#[test]
fn post_sends_the_message_as_json_and_binds_the_created_record() {
    let out = music_client(
        "res_post",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    Album created = check c->/albums.post({title: "kind of blue", year: 1959});
    io:println(created);
    http:Response r = check c->/albums.post({title: "a", year: 1});
    io:println(r.statusCode);
    string echoed = check c->/echo/p.post("text body", mode = "fast");
    io:println(echoed);
}"#,
    );
    assert_eq!(
        out,
        "{\"title\":\"KIND OF BLUE\",\"year\":1959}\n201\n/music/echo/p?mode=fast text body\n"
    );
}

#[test]
fn put_patch_and_delete_send_their_methods() {
    let out = music_client(
        "res_put_patch_delete",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    Album album = {title: "Giant Steps", year: 1960};
    string put = check c->/albums/[2].put(album);
    io:println(put);
    string patched = check c->/albums/[3].patch("year=1961", {"x-who": "me"}, "text/csv");
    io:println(patched);
    string deleted = check c->/albums/[4].delete();
    io:println(deleted);
}"#,
    );
    assert_eq!(
        out,
        "put 2 Giant Steps\npatch 3 year=1961 text/csv me\ndeleted 4\n"
    );
}

#[test]
fn head_and_options_resource_methods() {
    let out = music_client(
        "res_head_options",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    http:Response r = check c->/ping.head();
    io:println(r.statusCode, " ", check r.getHeader("x-ping"));
    string allow = check c->/albums.options();
    io:println(allow);
}"#,
    );
    assert_eq!(out, "200 pong\nGET, POST\n");
}

#[test]
fn a_4xx_response_bound_to_a_record_is_a_client_request_error() {
    let out = music_client(
        "res_not_found",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    Album|error missing = c->/albums/[99];
    if missing is http:ClientRequestError {
        io:println(missing.detail().statusCode, " ", missing.message());
    }
    http:Response r = check c->/albums/[99];
    io:println(r.statusCode);
}"#,
    );
    assert_eq!(out, "404 Not Found\n404\n");
}

#[test]
fn headers_and_an_explicit_target_type_are_named_arguments() {
    let out = music_client(
        "res_headers_target",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    var text = check c->/albums/[5](targetType = string, headers = {"accept": "application/json"});
    io:println(text);
    JsonMap m = check c->/albums/[6].get(targetType = JsonMap);
    io:println(m["year"]);
}"#,
    );
    assert_eq!(out, "{\"title\":\"Album 5\", \"year\":1955}\n1956\n");
}

#[test]
fn a_payload_that_does_not_fit_the_target_is_a_binding_error() {
    let out = music_client(
        "res_binding_error",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    int|error wrong = c->/albums/[1];
    io:println(wrong is http:PayloadBindingClientError);
}"#,
    );
    assert_eq!(out, "true\n");
}

#[test]
fn reserved_parameter_names_are_not_query_parameters() {
    // `headers` names the method's parameter: a value of another type is a compile error,
    // not a query parameter.
    let service = start("res_reserved_service", MUSIC, 1);
    let client = r#"import ballerina/http;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/music`);
    string s = check c->/echo(headers = 5);
}
"#;
    let (code, _stdout, stderr) = run_client("res_reserved", client, service.port);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("E0"), "{stderr}");
    service.stop_ok();
}

#[test]
fn failover_and_load_balance_clients_have_the_resource_methods() {
    let out = music_client(
        "res_group_clients",
        r#"public function main() returns error? {
    string url = string `http://127.0.0.1:${port}/music`;
    http:FailoverClient f = check new ({targets: [{url: "http://127.0.0.1:1/music"}, {url}]});
    Album a = check f->/albums/[4];
    io:println(a.title, " ", f.getSucceededEndpointIndex());
    http:LoadBalanceClient lb = check new ({targets: [{url}, {url}]});
    string path = check lb->/echo/[1].post("body", tag = ["x", "y"]);
    io:println(path);
}"#,
    );
    assert_eq!(out, "Album 4 1\n/music/echo/1?tag=x&tag=y body\n");
}

/// A service taking and giving XML.
const XML: &str = r#"import ballerina/http;

configurable int port = ?;

listener http:Listener ep = new (port, host = "127.0.0.1");

service /x on ep {
    resource function post echo(@http:Payload xml body) returns xml {
        return xml `<echo>${body}</echo>`;
    }

    resource function post strict(@http:Payload {mediaType: "application/xml"} xml body) returns string {
        return body.data();
    }

    resource function post viaRequest(http:Request req) returns string|error {
        xml body = check req.getXmlPayload();
        return req.getContentType() + " " + body.data();
    }

    resource function get doc() returns xml {
        return xml `<album id="1"><title>Blue Train</title></album>`;
    }

    resource function get soap() returns http:Response {
        http:Response r = new;
        r.setXmlPayload(xml `<ok/>`, "application/soap+xml");
        return r;
    }

    resource function get text() returns string {
        return "not <xml";
    }

    resource function get empty() returns http:Response {
        return new;
    }
}
"#;

fn xml_client(name: &str, main: &str) -> String {
    let service = start(&format!("{name}_service"), XML, 1);
    let client = format!(
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

{main}
"#
    );
    let (code, stdout, stderr) = run_client(name, &client, service.port);
    assert_eq!(code, Some(0), "stdout:\n{stdout}\nstderr:\n{stderr}");
    service.stop_ok();
    stdout
}

#[test]
fn an_xml_result_is_application_xml() {
    let service = start("xml_result", XML, 1);
    let reply = service.get("/x/doc");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/xml"));
    assert_eq!(
        reply.text(),
        "<album id=\"1\"><title>Blue Train</title></album>"
    );
    service.stop_ok();
}

#[test]
fn an_xml_payload_parameter_binds_the_body() {
    let service = start("xml_param", XML, 1);
    let reply = request(
        service.port,
        "POST",
        "/x/echo",
        &[("content-type", "application/xml")],
        b"<name>intc</name>",
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/xml"));
    assert_eq!(reply.text(), "<echo><name>intc</name></echo>");
    service.stop_ok();
}

#[test]
fn an_xml_payload_that_does_not_parse_is_400() {
    let service = start("xml_bad", XML, 1);
    let reply = request(
        service.port,
        "POST",
        "/x/echo",
        &[("content-type", "application/xml")],
        b"<name>intc</nam",
    );
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(
        reply.text().starts_with("data binding failed: "),
        "{}",
        reply.text()
    );
    service.stop_ok();
}

#[test]
fn a_payload_media_type_other_than_the_annotations_is_415() {
    let service = start("xml_415", XML, 1);
    let reply = request(
        service.port,
        "POST",
        "/x/strict",
        &[("content-type", "text/plain")],
        b"<name>intc</name>",
    );
    assert_eq!(reply.status, 415, "{}", reply.text());
    assert_eq!(reply.text(), "content-type : text/plain is not supported");
    let ok = request(
        service.port,
        "POST",
        "/x/strict",
        &[("content-type", "application/xml; charset=utf-8")],
        b"<name>intc</name>",
    );
    assert_eq!(ok.status, 201, "{}", ok.text());
    assert_eq!(ok.text(), "intc");
    service.stop_ok();
}

#[test]
fn set_xml_payload_keeps_a_given_content_type() {
    let service = start("xml_set", XML, 1);
    let reply = service.get("/x/soap");
    assert_eq!(reply.header("content-type"), Some("application/soap+xml"));
    assert_eq!(reply.text(), "<ok/>");
    service.stop_ok();
}

#[test]
fn a_client_posts_xml_as_application_xml_and_binds_xml() {
    let out = xml_client(
        "xml_client_post",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/x`);
    xml sent = xml `<name>intc</name>`;
    xml echoed = check c->post("/echo", sent);
    io:println(echoed);
    string seen = check c->post("/viaRequest", sent);
    io:println(seen);
    xml:Element doc = check c->/doc;
    io:println(xml:getName(doc), " ", (doc/<title>).data());
}"#,
    );
    assert_eq!(
        out,
        "<echo><name>intc</name></echo>\napplication/xml intc\nalbum Blue Train\n"
    );
}

#[test]
fn a_response_gives_its_xml_payload() {
    let out = xml_client(
        "xml_client_response",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/x`);
    http:Response r = check c->get("/doc");
    xml body = check r.getXmlPayload();
    io:println(body/<title>);
    http:Response t = check c->get("/text");
    xml|http:ClientError bad = t.getXmlPayload();
    if bad is http:ClientError {
        io:println(bad.message());
    }
}"#,
    );
    assert_eq!(
        out,
        "<title>Blue Train</title>\nError occurred while retrieving the xml payload from the response\n"
    );
}

#[test]
fn an_xml_target_for_a_body_that_is_no_xml_is_an_error_and_nil_for_an_empty_one() {
    let out = xml_client(
        "xml_client_errors",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/x`);
    xml|error bad = c->get("/text");
    io:println(bad is http:PayloadBindingClientError);
    xml? none = check c->get("/empty");
    io:println(none is ());
    xml|error missing = c->get("/empty");
    io:println(missing is http:NoContentError);
}"#,
    );
    assert_eq!(out, "true\ntrue\ntrue\n");
}

#[test]
fn a_request_built_with_set_xml_payload_reaches_the_service() {
    let out = xml_client(
        "xml_client_request",
        r#"public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/x`);
    http:Request req = new;
    req.setXmlPayload(xml `<name>built</name>`, "text/xml");
    string seen = check c->post("/viaRequest", req);
    io:println(seen);
}"#,
    );
    assert_eq!(out, "text/xml built\n");
}
