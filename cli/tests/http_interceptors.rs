//! Interceptors, `http:RequestContext`, CORS and `http:Caller` end to end: `.int` service
//! programs started on a free port of 127.0.0.1, called by a raw HTTP/1.1 client, and
//! stopped with SIGTERM.

mod http_service_harness;

use http_service_harness::{run_client, start};

/// Listener-level and service-level interceptors of each kind.
const PIPELINE: &str = r#"import ballerina/http;

configurable int port = ?;

service class First {
    *http:RequestInterceptor;

    resource function 'default [string... path](http:RequestContext ctx, http:Request req)
            returns http:NextService|error? {
        ctx.set("order", "first");
        req.setHeader("x-seen", "first");
        return ctx.next();
    }
}

service class Guard {
    *http:RequestInterceptor;

    resource function 'default [string... path](http:RequestContext ctx, @http:Header string? x\-key)
            returns http:NextService|http:Unauthorized|error? {
        if x\-key is () {
            return <http:Unauthorized>{body: "no key"};
        }
        if x\-key == "bad" {
            return error("bad key");
        }
        string order = check ctx.getWithType("order");
        ctx.set("order", order + ",guard");
        ctx.set("count", 2);
        return ctx.next();
    }
}

service class OnlyAdmin {
    *http:RequestInterceptor;

    resource function get admin/[string... rest](http:RequestContext ctx) returns http:NextService|error? {
        ctx.set("admin", true);
        return ctx.next();
    }
}

service class Failer {
    *http:RequestInterceptor;

    resource function get trouble/[string kind](http:RequestContext ctx) returns http:NextService|error? {
        return error(kind);
    }
}

service class Confused {
    *http:RequestInterceptor;

    resource function get confused(http:RequestContext ctx) returns http:NextService|error? {
        return new Stamp();
    }
}

service class Answering {
    *http:RequestInterceptor;

    resource function get answered(http:Caller caller) returns error? {
        check caller->respond("from the interceptor");
    }
}

service class Stamp {
    *http:ResponseInterceptor;

    remote function interceptResponse(http:RequestContext ctx, http:Response res) returns http:NextService|error? {
        res.setHeader("x-stamp", ctx.hasKey("order") ? "with-order" : "plain");
        string trail = "";
        if res.hasHeader("x-trail") {
            trail = checkpanic res.getHeader("x-trail");
        }
        res.setHeader("x-trail", trail + "stamp;");
        return ctx.next();
    }
}

service class Inner {
    *http:ResponseInterceptor;

    remote function interceptResponse(http:RequestContext ctx, http:Response res) returns http:NextService|error? {
        string trail = "";
        if res.hasHeader("x-trail") {
            trail = checkpanic res.getHeader("x-trail");
        }
        res.setHeader("x-trail", trail + "inner;");
        return ctx.next();
    }
}

service class Recover {
    *http:RequestErrorInterceptor;

    resource function 'default [string... path](error err, http:RequestContext ctx) returns http:NextService|error? {
        if err.message() == "recoverable" {
            ctx.set("recovered", err.message());
            return ctx.next();
        }
        return err;
    }
}

service class Explain {
    *http:ResponseErrorInterceptor;

    remote function interceptResponseError(error err, http:Request req) returns http:InternalServerError {
        return {body: "explained: " + err.message() + " at " + req.rawPath};
    }
}

listener http:Listener ep = new (port, host = "127.0.0.1", interceptors = [new First(), new Stamp()]);

service http:InterceptableService /api on ep {
    public function createInterceptors() returns http:Interceptor[] {
        return [new Guard(), new OnlyAdmin(), new Confused(), new Answering(), new Inner()];
    }

    resource function get order(http:RequestContext ctx, http:Request req) returns string|error {
        string order = check ctx.getWithType("order");
        int count = check ctx.getWithType("count");
        return order + " " + count.toString() + " " + check req.getHeader("x-seen");
    }

    resource function get admin/panel(http:RequestContext ctx) returns string {
        return "admin " + ctx.hasKey("admin").toString() + " " + ctx.keys().toString();
    }

    resource function get open(http:RequestContext ctx) returns string {
        return "open " + ctx.hasKey("admin").toString();
    }

    resource function get wrongtype(http:RequestContext ctx) returns string|error {
        string count = check ctx.getWithType("count");
        return count;
    }

    resource function get missing(http:RequestContext ctx) returns string|error {
        string value = check ctx.getWithType("nothing");
        return value;
    }

    resource function get removed(http:RequestContext ctx) returns string {
        ctx.remove("count");
        return ctx.hasKey("count").toString();
    }

    resource function get fails() returns string|error {
        return error("resource failed");
    }

    resource function get viaCaller(http:Caller caller) returns error? {
        check caller->respond("by the caller");
    }

    resource function get confused() returns string {
        return "unreachable";
    }

    resource function get answered() returns string {
        return "unreachable";
    }
}

service /plain on ep {
    resource function get hello(http:RequestContext ctx) returns string|error {
        string order = check ctx.getWithType("order");
        return "hello " + order;
    }
}

service http:InterceptableService /guarded on ep {
    public function createInterceptors() returns http:Interceptor[] {
        return [new Explain(), new Failer(), new Recover(), new Inner()];
    }

    resource function get trouble/[string kind](http:RequestContext ctx) returns string|error {
        string recovered = check ctx.getWithType("recovered");
        return "recovered " + recovered;
    }

    resource function get fatal() returns string|error {
        return error("fatal");
    }
}
"#;

#[test]
fn request_interceptors_pass_context_values_to_the_resource_in_order() {
    let service = start("icp_order", PIPELINE, 1);
    let reply = service.send("GET", "/api/order", &[("x-key", "good")], b"");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.text(), "first,guard 2 first");
    service.stop_ok();
}

#[test]
fn response_interceptors_run_in_reverse_order() {
    let service = start("icp_reverse", PIPELINE, 1);
    let reply = service.send("GET", "/api/order", &[("x-key", "good")], b"");
    assert_eq!(reply.status, 200);
    // The service's Inner is after the listener's Stamp, so it runs first on the way back.
    assert_eq!(reply.header("x-trail"), Some("inner;stamp;"));
    assert_eq!(reply.header("x-stamp"), Some("with-order"));
    service.stop_ok();
}

#[test]
fn a_request_interceptor_short_circuits_with_a_status_code_response() {
    let service = start("icp_short", PIPELINE, 1);
    let reply = service.get("/api/order");
    assert_eq!(reply.status, 401);
    assert_eq!(reply.text(), "no key");
    // Only the response interceptors before the guard see it: the listener's Stamp.
    assert_eq!(reply.header("x-trail"), Some("stamp;"));
    service.stop_ok();
}

#[test]
fn an_interceptor_error_gets_the_default_error_body() {
    let service = start("icp_error", PIPELINE, 1);
    let reply = service.send("GET", "/api/order", &[("x-key", "bad")], b"");
    assert_eq!(reply.status, 500);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let text = reply.text();
    assert!(text.starts_with(r#"{"timestamp":""#), "{text}");
    assert!(
        text.ends_with(
            r#""status":500, "reason":"Internal Server Error", "message":"bad key", "path":"/api/order", "method":"GET"}"#
        ),
        "{text}"
    );
    service.stop_ok();
}

#[test]
fn a_path_specific_request_interceptor_runs_only_for_its_path() {
    let service = start("icp_path", PIPELINE, 1);
    let admin = service.send("GET", "/api/admin/panel", &[("x-key", "k")], b"");
    assert_eq!(admin.status, 200, "{}", admin.text());
    assert_eq!(admin.text(), r#"admin true ["order","count","admin"]"#);
    let open = service.send("GET", "/api/open", &[("x-key", "k")], b"");
    assert_eq!(open.text(), "open false");
    service.stop_ok();
}

#[test]
fn get_with_type_errors_for_a_wrong_type_and_a_missing_key() {
    let service = start("icp_with_type", PIPELINE, 1);
    let wrong = service.send("GET", "/api/wrongtype", &[("x-key", "k")], b"");
    assert_eq!(wrong.status, 500);
    assert!(
        wrong
            .text()
            .contains(r#""message":"type conversion failed for value of key: count""#),
        "{}",
        wrong.text()
    );
    let missing = service.send("GET", "/api/missing", &[("x-key", "k")], b"");
    assert!(
        missing
            .text()
            .contains(r#""message":"no member found for key: nothing""#),
        "{}",
        missing.text()
    );
    service.stop_ok();
}

#[test]
fn remove_deletes_a_context_member() {
    let service = start("icp_remove", PIPELINE, 1);
    let reply = service.send("GET", "/api/removed", &[("x-key", "k")], b"");
    assert_eq!(reply.text(), "false");
    service.stop_ok();
}

#[test]
fn a_resource_error_goes_through_the_default_error_interceptor() {
    let service = start("icp_resource_error", PIPELINE, 1);
    let reply = service.send("GET", "/api/fails", &[("x-key", "k")], b"");
    assert_eq!(reply.status, 500);
    assert!(
        reply
            .text()
            .contains(r#""message":"resource failed", "path":"/api/fails""#),
        "{}",
        reply.text()
    );
    service.stop_ok();
}

#[test]
fn no_resource_with_interceptors_is_a_404_error_body() {
    let service = start("icp_404", PIPELINE, 1);
    let reply = service.send("GET", "/api/nowhere", &[("x-key", "k")], b"");
    assert_eq!(reply.status, 404);
    assert!(
        reply.text().contains(r#""reason":"Not Found""#),
        "{}",
        reply.text()
    );
    // The default error interceptor comes first in the pipeline (the listener's
    // `createInterceptors()` in Ballerina): no response interceptor sees its response.
    assert_eq!(reply.header("x-trail"), None);
    service.stop_ok();
}

#[test]
fn a_resource_error_goes_backward_to_the_response_error_interceptor() {
    let service = start("icp_error_backward", PIPELINE, 1);
    // The resource is after the Recover interceptor: its error goes backward to Explain,
    // passing over Inner, and Explain's response goes on to the listener's Stamp.
    let fatal = service.get("/guarded/fatal");
    assert_eq!(fatal.status, 500);
    assert_eq!(fatal.text(), "explained: fatal at /guarded/fatal");
    assert_eq!(fatal.header("x-trail"), Some("stamp;"));
    service.stop_ok();
}

#[test]
fn an_http_client_program_sees_what_the_interceptors_made() {
    let service = start("icp_client", PIPELINE, 1);
    let client = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new (string `http://127.0.0.1:${port}/api`);
    http:Response res = check c->get("/order", {"x-key": "good"});
    io:println(res.statusCode, " ", check res.getTextPayload(), " ", check res.getHeader("x-trail"));
    http:Response denied = check c->get("/order");
    io:println(denied.statusCode, " ", check denied.getTextPayload());
}
"#;
    let (code, stdout, stderr) = run_client("icp_client_program", client, service.port);
    assert_eq!(
        stdout, "200 first,guard 2 first inner;stamp;\n401 no key\n",
        "{stderr}"
    );
    assert_eq!(code, Some(0), "{stderr}");
    service.stop_ok();
}

#[test]
fn no_service_with_listener_interceptors_is_a_404_error_body() {
    let service = start("icp_no_service", PIPELINE, 1);
    let reply = service.get("/nowhere/at/all");
    assert_eq!(reply.status, 404);
    let text = reply.text();
    assert!(
        text.contains(
            r#""status":404, "reason":"Not Found", "message":"no matching service found for path : /nowhere/at/all""#
        ),
        "{text}"
    );
    service.stop_ok();
}

#[test]
fn a_request_error_interceptor_recovers_an_interceptor_error() {
    let service = start("icp_error_recover", PIPELINE, 1);
    let reply = service.get("/guarded/trouble/recoverable");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.text(), "recovered recoverable");
    assert_eq!(reply.header("x-trail"), Some("inner;stamp;"));
    service.stop_ok();
}

#[test]
fn an_error_a_request_error_interceptor_returns_goes_to_the_response_error_interceptor() {
    let service = start("icp_error_rethrown", PIPELINE, 1);
    let reply = service.get("/guarded/trouble/broken");
    assert_eq!(reply.status, 500);
    assert_eq!(reply.text(), "explained: broken at /guarded/trouble/broken");
    service.stop_ok();
}

#[test]
fn returning_another_service_than_next_is_an_error() {
    let service = start("icp_wrong_next", PIPELINE, 1);
    let reply = service.send("GET", "/api/confused", &[("x-key", "k")], b"");
    assert_eq!(reply.status, 500);
    assert!(
        reply.text().contains(
            r#""message":"next interceptor service did not match with the configuration""#
        ),
        "{}",
        reply.text()
    );
    service.stop_ok();
}

#[test]
fn a_request_interceptor_may_answer_through_the_caller() {
    let service = start("icp_interceptor_caller", PIPELINE, 1);
    let reply = service.send("GET", "/api/answered", &[("x-key", "k")], b"");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "from the interceptor");
    assert_eq!(reply.header("x-trail"), Some("stamp;"));
    service.stop_ok();
}

#[test]
fn a_caller_response_goes_through_the_response_interceptors() {
    let service = start("icp_caller_response", PIPELINE, 1);
    let reply = service.send("GET", "/api/viaCaller", &[("x-key", "k")], b"");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "by the caller");
    assert_eq!(reply.header("x-trail"), Some("inner;stamp;"));
    service.stop_ok();
}

#[test]
fn listener_interceptors_apply_to_services_without_their_own() {
    let service = start("icp_listener_only", PIPELINE, 1);
    let reply = service.get("/plain/hello");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.text(), "hello first");
    assert_eq!(reply.header("x-trail"), Some("stamp;"));
    service.stop_ok();
}

/// CORS settings on a service and on a resource.
const CORS: &str = r#"import ballerina/http;

configurable int port = ?;

listener http:Listener ep = new (port, host = "127.0.0.1");

@http:ServiceConfig {
    cors: {
        allowOrigins: ["http://www.m3.com", "http://www.hello.com"],
        allowCredentials: false,
        allowHeaders: ["CORELATION_ID"],
        exposeHeaders: ["X-CUSTOM-HEADER"],
        maxAge: 84900
    }
}
service /crossOrigin on ep {
    @http:ResourceConfig {
        cors: {
            allowOrigins: ["http://www.bbc.com"],
            allowCredentials: true,
            allowHeaders: ["X-Content-Type-Options", "X-PINGOTHER"]
        }
    }
    resource function get company() returns json {
        return {"type": "middleware"};
    }

    resource function post lang() returns json {
        return {"lang": "Ballerina"};
    }

    resource function put lang() returns string {
        return "put";
    }
}

service /plain on ep {
    resource function get data() returns string {
        return "data";
    }
}
"#;

#[test]
fn a_simple_request_from_an_allowed_origin_gets_cors_headers() {
    let service = start("cors_simple", CORS, 1);
    let reply = service.send(
        "POST",
        "/crossOrigin/lang",
        &[("origin", "http://www.m3.com")],
        b"",
    );
    assert_eq!(reply.status, 201);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://www.m3.com")
    );
    assert_eq!(reply.header("access-control-allow-credentials"), None);
    assert_eq!(
        reply.header("access-control-expose-headers"),
        Some("X-CUSTOM-HEADER")
    );
    service.stop_ok();
}

#[test]
fn a_resource_cors_config_replaces_the_service_one() {
    let service = start("cors_resource", CORS, 1);
    let reply = service.send(
        "GET",
        "/crossOrigin/company",
        &[("origin", "http://www.bbc.com")],
        b"",
    );
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://www.bbc.com")
    );
    assert_eq!(
        reply.header("access-control-allow-credentials"),
        Some("true")
    );
    let denied = service.send(
        "GET",
        "/crossOrigin/company",
        &[("origin", "http://www.m3.com")],
        b"",
    );
    assert_eq!(denied.status, 200);
    assert_eq!(denied.header("access-control-allow-origin"), None);
    service.stop_ok();
}

#[test]
fn a_request_without_origin_gets_no_cors_headers() {
    let service = start("cors_no_origin", CORS, 1);
    let reply = service.send("POST", "/crossOrigin/lang", &[], b"");
    assert_eq!(reply.status, 201);
    assert_eq!(reply.header("access-control-allow-origin"), None);
    service.stop_ok();
}

#[test]
fn a_disallowed_origin_gets_no_cors_headers() {
    let service = start("cors_denied", CORS, 1);
    let reply = service.send(
        "POST",
        "/crossOrigin/lang",
        &[("origin", "http://evil.example")],
        b"",
    );
    assert_eq!(reply.status, 201);
    assert!(
        reply
            .headers
            .iter()
            .all(|(n, _)| !n.starts_with("access-control-")),
        "{:?}",
        reply.headers
    );
    service.stop_ok();
}

#[test]
fn a_preflight_is_answered_204_with_the_allowed_method_and_headers() {
    let service = start("cors_preflight", CORS, 1);
    let reply = service.send(
        "OPTIONS",
        "/crossOrigin/lang",
        &[
            ("origin", "http://www.m3.com"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "CORELATION_ID"),
        ],
        b"",
    );
    assert_eq!(reply.status, 204);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://www.m3.com")
    );
    assert_eq!(reply.header("access-control-allow-methods"), Some("POST"));
    assert_eq!(
        reply.header("access-control-allow-headers"),
        Some("CORELATION_ID")
    );
    assert_eq!(reply.header("access-control-max-age"), Some("84900"));
    assert_eq!(reply.header("allow"), None);
    assert!(reply.body.is_empty());
    service.stop_ok();
}

#[test]
fn a_preflight_with_a_disallowed_header_gets_only_allow() {
    let service = start("cors_preflight_denied", CORS, 1);
    let reply = service.send(
        "OPTIONS",
        "/crossOrigin/lang",
        &[
            ("origin", "http://www.m3.com"),
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", "X-UNKNOWN"),
        ],
        b"",
    );
    assert_eq!(reply.status, 204);
    assert_eq!(reply.header("allow"), Some("POST, PUT, OPTIONS"));
    assert_eq!(reply.header("access-control-allow-origin"), None);
    service.stop_ok();
}

#[test]
fn options_without_cors_lists_the_methods_and_unknown_paths_are_404() {
    let service = start("cors_options", CORS, 1);
    let reply = service.send("OPTIONS", "/plain/data", &[], b"");
    assert_eq!(reply.status, 204);
    assert_eq!(reply.header("allow"), Some("GET, OPTIONS"));
    let root = service.send("OPTIONS", "/crossOrigin", &[], b"");
    assert_eq!(root.status, 204);
    assert_eq!(root.header("allow"), Some("GET, POST, PUT, OPTIONS"));
    let missing = service.send("OPTIONS", "/plain/none", &[], b"");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.text(),
        "no matching resource found for path : /plain/none , method : OPTIONS"
    );
    service.stop_ok();
}

/// `Caller->respond` answering at once.
const CALLER: &str = r#"import ballerina/http;
import ballerina/lang.runtime;

configurable int port = ?;

listener http:Listener ep = new (port, host = "127.0.0.1");

isolated int finished = 0;

service / on ep {
    resource function get early(http:Caller caller) returns error? {
        check caller->respond("answered");
        // Work after the answer: the client does not wait for it.
        runtime:sleep(2);
        lock {
            finished += 1;
        }
    }

    resource function get finished() returns int {
        lock {
            return finished;
        }
    }

    resource function get twice(http:Caller caller) returns error? {
        check caller->respond("first");
        error? second = caller->respond("second");
        lock {
            finished += second is error && second.message() == "illegal function invocation" ? 100 : 1000;
        }
    }

    resource function get status(http:Caller caller) returns error? {
        http:Created created = {body: {id: 3}, headers: {"location": "/items/3"}};
        check caller->respond(created);
    }

    resource function get addresses(http:Caller caller) returns error? {
        http:Remote remoteAddress = caller.getRemoteAddress();
        http:Local localAddress = caller.getLocalAddress();
        check caller->respond(string `${remoteAddress.ip} ${remoteAddress.port > 0} ${localAddress.ip} ${localAddress.port} ${caller.protocol}`);
    }

    resource function get silent(http:Caller caller) {
    }
}
"#;

#[test]
fn respond_sends_at_once_and_the_resource_goes_on_working() {
    let service = start("caller_early", CALLER, 1);
    let reply = service.get("/early");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "answered");
    // The answer came before the work after `respond` was done...
    assert_eq!(service.get("/finished").text(), "0");
    // ...which finishes a little later.
    let mut finished = String::new();
    for _ in 0..200 {
        finished = service.get("/finished").text();
        if finished == "1" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(finished, "1");
    service.stop_ok();
}

#[test]
fn a_second_respond_is_an_error() {
    let service = start("caller_twice", CALLER, 1);
    let reply = service.get("/twice");
    assert_eq!(reply.text(), "first");
    let mut finished = String::new();
    for _ in 0..50 {
        finished = service.get("/finished").text();
        if finished != "0" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(finished, "100");
    service.stop_ok();
}

#[test]
fn respond_takes_status_code_records() {
    let service = start("caller_status", CALLER, 1);
    let reply = service.get("/status");
    assert_eq!(reply.status, 201);
    assert_eq!(reply.header("location"), Some("/items/3"));
    assert_eq!(reply.text(), r#"{"id":3}"#);
    service.stop_ok();
}

#[test]
fn the_caller_knows_the_remote_and_local_addresses() {
    let service = start("caller_addresses", CALLER, 1);
    let reply = service.get("/addresses");
    assert_eq!(
        reply.text(),
        format!("127.0.0.1 true 127.0.0.1 {} http", service.port)
    );
    service.stop_ok();
}

#[test]
fn a_resource_with_a_caller_that_never_responds_is_500() {
    let service = start("caller_silent", CALLER, 1);
    let reply = service.get("/silent");
    assert_eq!(reply.status, 500);
    assert!(reply.body.is_empty());
    service.stop_ok();
}
