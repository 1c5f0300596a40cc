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

/// The SOAP calculator the bridge calls: `examples/soap_bridge/backend/calculator.int`.
fn soap_calculator() -> Running {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("examples")
        .join("soap_bridge")
        .join("backend")
        .join("calculator.int");
    let directory = http_service_harness::scratch("example_soap_calculator");
    start_path(&path, &directory, &["-Cport=0", "-Chost=127.0.0.1"], 1)
}

#[test]
fn soap_bridge_maps_json_to_a_soap_call_and_the_answer_back() {
    let calculator = soap_calculator();
    let soap_url = format!("{}/calculator", url(&calculator));
    let bridge = example("soap_bridge", &[("soapUrl", soap_url)]);
    let json = [("content-type", "application/json")];
    let reply = bridge.send("POST", "/calc/add", &json, br#"{"a": 3, "b": 4}"#);
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(
        reply.text(),
        r#"{"operation":"Add", "a":3, "b":4, "result":7}"#
    );
    let reply = bridge.send("POST", "/calc/divide", &json, br#"{"a": 20, "b": 6}"#);
    assert_eq!(
        reply.text(),
        r#"{"operation":"Divide", "a":20, "b":6, "result":3}"#
    );
    // The SOAP fault of a division by zero comes back as 502 with its faultstring.
    let reply = bridge.send("POST", "/calc/divide", &json, br#"{"a": 1, "b": 0}"#);
    assert_eq!(reply.status, 502);
    assert_eq!(
        reply.text(),
        r#"{"operation":"Divide", "fault":"Attempted to divide by zero."}"#
    );
    // JSON that is no pair of operands is the bridge's own 400.
    let reply = bridge.send("POST", "/calc/add", &json, br#"{"a": "x"}"#);
    assert_eq!(reply.status, 400);
    bridge.stop_ok();
    calculator.stop_ok();
}

#[test]
fn soap_calculator_answers_an_envelope_with_its_soap_action() {
    let calculator = soap_calculator();
    let envelope = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Add xmlns="http://tempuri.org/"><intA>2</intA><intB>5</intB></Add></soap:Body></soap:Envelope>"#;
    let reply = calculator.send(
        "POST",
        "/calculator",
        &[
            ("content-type", "text/xml; charset=utf-8"),
            ("soapaction", "\"http://tempuri.org/Add\""),
        ],
        envelope,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        Some("text/xml; charset=utf-8")
    );
    assert_eq!(
        reply.text(),
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
         <tns:AddResponse xmlns:tns=\"http://tempuri.org/\"><tns:AddResult>7</tns:AddResult>\
         </tns:AddResponse></soap:Body></soap:Envelope>"
    );
    let reply = calculator.send(
        "POST",
        "/calculator",
        &[
            ("content-type", "text/xml"),
            ("soapaction", "\"http://tempuri.org/Nope\""),
        ],
        envelope,
    );
    assert_eq!(reply.status, 500);
    assert!(
        reply
            .text()
            .contains("<faultstring>Unknown SOAPAction: \"http://tempuri.org/Nope\"</faultstring>"),
        "{}",
        reply.text()
    );
    calculator.stop_ok();
}

#[test]
fn json_to_xml_builds_the_order_document() {
    let service = example("json_to_xml", &[]);
    let order = br#"{"id": "o-1", "customer": {"name": "Ada & Co", "email": "ada@example.com"},
        "items": [{"sku": "A1", "quantity": 2, "price": 9.5}, {"sku": "B2", "quantity": 1, "price": 0.25}]}"#;
    let reply = service.send(
        "POST",
        "/orders/document",
        &[("content-type", "application/json")],
        order,
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/xml"));
    assert_eq!(
        reply.text(),
        "<order id=\"o-1\"><customer><name>Ada &amp; Co</name><email>ada@example.com</email></customer>\
         <items><item sku=\"A1\" quantity=\"2\"><price>9.5</price><amount>19.00</amount></item>\
         <item sku=\"B2\" quantity=\"1\"><price>0.25</price><amount>0.25</amount></item></items>\
         <total>19.25</total></order>"
    );
    let reply = service.send(
        "POST",
        "/orders/convert?root=shipment",
        &[("content-type", "application/json")],
        br#"{"to": {"city": "Colombo", "zip": null}, "parcels": [1, 2], "fragile": true}"#,
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(
        reply.text(),
        "<shipment><to><city>Colombo</city><zip/></to><parcels>1</parcels><parcels>2</parcels>\
         <fragile>true</fragile></shipment>"
    );
    let reply = service.send(
        "POST",
        "/orders/convert?root=1bad",
        &[("content-type", "application/json")],
        b"{}",
    );
    assert_eq!(reply.status, 400);
    assert_eq!(reply.text(), "not an element name: 1bad");
    service.stop_ok();
}

#[test]
fn rest_crud_creates_reads_updates_and_deletes_albums_in_a_table() {
    let service = example("rest_crud", &[]);
    let json = [("content-type", "application/json")];
    let all = service.get("/albums");
    assert_eq!(all.status, 200);
    assert_eq!(
        all.text(),
        r#"[{"id":"1", "title":"Blue Train", "artist":"John Coltrane", "price":56.99}, {"id":"2", "title":"Jeru", "artist":"Gerry Mulligan", "price":17.99}, {"id":"3", "title":"Sarah Vaughan and Clifford Brown", "artist":"Sarah Vaughan", "price":39.99}]"#
    );
    let one = service.get("/albums/2");
    assert_eq!(one.status, 200);
    assert_eq!(
        one.text(),
        r#"{"id":"2", "title":"Jeru", "artist":"Gerry Mulligan", "price":17.99}"#
    );
    let by_artist = service.get("/albums?artist=Sarah%20Vaughan");
    assert_eq!(
        by_artist.text(),
        r#"[{"id":"3", "title":"Sarah Vaughan and Clifford Brown", "artist":"Sarah Vaughan", "price":39.99}]"#
    );
    let album = br#"{"id":"4","title":"Kind of Blue","artist":"Miles Davis","price":24.99}"#;
    let created = service.send("POST", "/albums", &json, album);
    assert_eq!(created.status, 201);
    assert_eq!(created.header("location"), Some("/albums/4"));
    assert_eq!(
        created.text(),
        r#"{"id":"4", "title":"Kind of Blue", "artist":"Miles Davis", "price":24.99}"#
    );
    let again = service.send("POST", "/albums", &json, album);
    assert_eq!(again.status, 409);
    assert_eq!(again.text(), r#"{"message":"album 4 exists"}"#);
    let updated = service.send("PUT", "/albums/4", &json, br#"{"price":19.99}"#);
    assert_eq!(updated.status, 200);
    assert_eq!(
        updated.text(),
        r#"{"id":"4", "title":"Kind of Blue", "artist":"Miles Davis", "price":19.99}"#
    );
    assert_eq!(service.get("/albums/4").text(), updated.text());
    let missing = service.send("PUT", "/albums/9", &json, br#"{"price":1}"#);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.text(), r#"{"message":"no album with id 9"}"#);
    assert_eq!(service.send("DELETE", "/albums/4", &[], b"").status, 204);
    assert_eq!(service.send("DELETE", "/albums/4", &[], b"").status, 404);
    assert_eq!(service.get("/albums/4").status, 404);
    // A body that does not fit `Album` is a 400 naming the missing fields.
    let bad = service.send("POST", "/albums", &json, br#"{"id":"5","title":"x"}"#);
    assert_eq!(bad.status, 400);
    assert!(
        bad.text().contains("missing required field 'artist'"),
        "{}",
        bad.text()
    );
    let stopped = service.stop_ok();
    assert!(
        stopped
            .stderr
            .contains("serves on one thread: module variable `albums` is not final"),
        "{}",
        stopped.stderr
    );
}

#[test]
fn sse_streams_prices_and_relays_an_upstream_feed() {
    let feed = example("http_sse", &[]);
    let reply = feed.get("/prices/ticks?symbol=ACME&count=2&interval=0.1");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("text/event-stream"));
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    assert_eq!(
        reply.text(),
        "id: 1\nevent: price\ndata: {\"symbol\":\"ACME\", \"cents\":10025}\n\n\
         id: 2\nevent: price\ndata: {\"symbol\":\"ACME\", \"cents\":10050}\n\n"
    );
    let relay = example("http_sse", &[("upstreamUrl", url(&feed))]);
    let reply = relay.get("/prices/relay?symbol=XYZ&count=3");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.text(),
        "id: 1\nevent: quote\ndata: XYZ $100.25\n\n\
         id: 2\nevent: quote\ndata: XYZ $100.50\n\n\
         id: 3\nevent: quote\ndata: XYZ $100.75\n\n"
    );
    relay.stop_ok();
    feed.stop_ok();
}
