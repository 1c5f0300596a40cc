//! The integration-pattern examples under `examples/` end to end: each example service runs
//! with `-Cport=0` next to the backends it calls (small `.int` services, and for the slow
//! supplier a Rust socket that never answers), their URLs passed as configurables; the test
//! calls the example, asserts the exact response and stops everything with SIGTERM (exit 0).

// Shared with http_service.rs; this file uses only part of it.
#[allow(dead_code)]
mod http_service_harness;

use http_service_harness::{start_path, start_with, Running};
use std::net::TcpListener;
use std::path::PathBuf;

/// A backend with a resource for each example; `name` tells the instances apart.
const BACKEND: &str = r#"import ballerina/http;

configurable int port = ?;
configurable string name = "backend";
configurable decimal price = 10;

listener http:Listener ep = new (port, host = "127.0.0.1");

service / on ep {
    resource function 'default echo/[string... path](http:Request req) returns http:Response {
        string|error body = req.getTextPayload();
        http:Response res = new;
        res.statusCode = 203;
        res.setHeader("x-backend", name);
        res.setTextPayload(string `${name} ${req.method} ${req.rawPath} ${body is string ? body : "?"}`);
        return res;
    }

    resource function post orders(@http:Payload json purchase) returns json {
        return {handledBy: name, purchase};
    }

    resource function get quote(string item) returns json {
        return {supplier: name, item, price};
    }

    resource function get prices/[string item]() returns json|http:NotFound {
        if item == "desk" {
            return {item, price: 120.5d};
        }
        return <http:NotFound>{};
    }

    resource function post payments(@http:Payload json payment) returns json|error {
        decimal amount = check payment.amount;
        return {paymentId: name + "-1", amount};
    }

    resource function get users/[int id]() returns json {
        return {id, name: "Ada", email: "ada@example.com"};
    }

    resource function get orders(int userId) returns json {
        return [
            {id: "o1", status: "delivered", total: 10.0d, userId},
            {id: "o2", status: "shipped", total: 25.5d, userId},
            {id: "o3", status: "packing", total: 7.25d, userId}
        ];
    }
}
"#;

fn backend(test: &str, name: &str, args: &[&str]) -> Running {
    let name_arg = format!("-Cname={name}");
    let mut all = vec![name_arg.as_str()];
    all.extend_from_slice(args);
    start_with(&format!("{test}_{name}"), BACKEND, &all, 1)
}

fn url(service: &Running) -> String {
    format!("http://127.0.0.1:{}", service.port)
}

/// Starts `examples/NAME` on a free port with `config` (`key=value`) as `-C` options.
fn example(name: &str, config: &[(&str, String)]) -> Running {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("examples")
        .join(name);
    let directory = http_service_harness::scratch(&format!("example_{name}"));
    let mut args = vec!["-Cport=0".to_owned(), "-Chost=127.0.0.1".to_owned()];
    args.extend(config.iter().map(|(key, value)| format!("-C{key}={value}")));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    start_path(&path, &directory, &args, 1)
}

#[test]
fn passthrough_forwards_any_method_path_and_body() {
    let backend = backend("passthrough", "origin", &[]);
    let proxy = example("http_passthrough", &[("backendUrl", url(&backend))]);
    let reply = proxy.send(
        "POST",
        "/echo/a/b?q=1",
        &[("content-type", "text/plain")],
        b"hello",
    );
    assert_eq!(reply.status, 203);
    assert_eq!(reply.header("x-backend"), Some("origin"));
    assert_eq!(reply.text(), "origin POST /echo/a/b?q=1 hello");
    let reply = proxy.send("DELETE", "/echo/items/7", &[], b"");
    assert_eq!(reply.status, 203);
    assert_eq!(reply.text(), "origin DELETE /echo/items/7 ");
    let reply = proxy.get("/quote?item=desk");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.text(),
        r#"{"supplier":"origin", "item":"desk", "price":10}"#
    );
    // The backend's own 404 comes back through the proxy unchanged.
    let reply = proxy.get("/nowhere");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.text(),
        "no matching resource found for path : /nowhere , method : GET"
    );
    proxy.stop_ok();
    backend.stop_ok();
}

#[test]
fn content_routing_sends_an_order_by_its_category() {
    let electronics = backend("routing", "electronics", &[]);
    let general = backend("routing", "general", &[]);
    let router = example(
        "http_content_routing",
        &[
            ("electronicsUrl", url(&electronics)),
            ("generalUrl", url(&general)),
        ],
    );
    let json = [("content-type", "application/json")];
    let reply = router.send(
        "POST",
        "/orders",
        &json,
        br#"{"id":"o1","category":"electronics","quantity":2}"#,
    );
    assert_eq!(reply.status, 201);
    assert_eq!(
        reply.text(),
        r#"{"handledBy":"electronics", "purchase":{"id":"o1", "category":"electronics", "quantity":2}}"#
    );
    let reply = router.send(
        "POST",
        "/orders",
        &json,
        br#"{"id":"o2","category":"books","quantity":1}"#,
    );
    assert_eq!(reply.status, 201);
    assert_eq!(
        reply.text(),
        r#"{"handledBy":"general", "purchase":{"id":"o2", "category":"books", "quantity":1}}"#
    );
    let reply = router.send(
        "POST",
        "/orders",
        &json,
        br#"{"id":"o3","category":"books","quantity":0}"#,
    );
    assert_eq!(reply.status, 400);
    assert_eq!(reply.text(), "quantity must be positive");
    router.stop_ok();
    electronics.stop_ok();
    general.stop_ok();
}

#[test]
fn scatter_gather_merges_the_answers_within_the_timeout() {
    let cheap = backend("scatter", "cheap", &["-Cprice=8.5"]);
    let dear = backend("scatter", "dear", &["-Cprice=12"]);
    // A supplier that accepts connections and never answers: always beyond the timeout.
    let silent = TcpListener::bind("127.0.0.1:0").expect("bind the silent supplier");
    let silent_url = format!(
        "http://127.0.0.1:{}",
        silent.local_addr().expect("port").port()
    );
    let (accepted, asked) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = silent.accept() {
            let _ = accepted.send(());
            // Read the request and hold the connection until the gateway closes it.
            let mut buffer = [0u8; 4096];
            while matches!(std::io::Read::read(&mut stream, &mut buffer), Ok(n) if n > 0) {}
        }
    });
    let gateway = example(
        "http_scatter_gather",
        &[
            ("supplierA", url(&dear)),
            ("supplierB", silent_url),
            ("supplierC", url(&cheap)),
            // Generous, so the two answering suppliers are in time even on a busy machine.
            ("timeout", "5".to_owned()),
        ],
    );
    let reply = gateway.get("/quotes?item=desk");
    // The JSON int 12 bound to a decimal field is converted as jBallerina does (`12.0`).
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.text(),
        r#"{"item":"desk", "quotes":[{"supplier":"cheap", "item":"desk", "price":8.5}, {"supplier":"dear", "item":"desk", "price":12.0}]}"#
    );
    // The silent supplier was asked (so it was left out by the timeout, not by a failed call).
    asked
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the gateway called the silent supplier");
    gateway.stop_ok();
    cheap.stop_ok();
    dear.stop_ok();
}

#[test]
fn orchestration_prices_then_charges_the_order() {
    let pricing = backend("orchestration", "pricing", &[]);
    let payments = backend("orchestration", "payments", &[]);
    let shop = example(
        "http_orchestration",
        &[
            ("pricingUrl", url(&pricing)),
            ("paymentsUrl", url(&payments)),
        ],
    );
    let json = [("content-type", "application/json")];
    let reply = shop.send(
        "POST",
        "/shop/checkout",
        &json,
        br#"{"item":"desk","quantity":2}"#,
    );
    assert_eq!(reply.status, 201);
    // jBallerina converts an int to a decimal with one fraction digit (`<decimal>2` is `2.0`).
    assert_eq!(
        reply.text(),
        r#"{"item":"desk", "quantity":2, "total":241.00, "paymentId":"payments-1"}"#
    );
    let reply = shop.send(
        "POST",
        "/shop/checkout",
        &json,
        br#"{"item":"lamp","quantity":1}"#,
    );
    assert_eq!(reply.status, 404);
    assert_eq!(reply.text(), "unknown item: lamp");
    shop.stop_ok();
    pricing.stop_ok();
    payments.stop_ok();
}

#[test]
fn bff_merges_the_profile_and_the_open_orders() {
    let profiles = backend("bff", "profiles", &[]);
    let orders = backend("bff", "orders", &[]);
    let bff = example(
        "http_bff",
        &[("profilesUrl", url(&profiles)), ("ordersUrl", url(&orders))],
    );
    let reply = bff.get("/mobile/home/7");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.text(),
        r#"{"greeting":"Hi, Ada", "openOrders":2, "orders":[{"id":"o2", "status":"shipped"}, {"id":"o3", "status":"packing"}]}"#
    );
    let reply = bff.get("/mobile/home/x");
    assert_eq!(reply.status, 400);
    bff.stop_ok();
    profiles.stop_ok();
    orders.stop_ok();
}
