//! JSON payload parameters bound straight from the request body by the typed reader
//! (`stdlib/src/http/service/json_payload.rs`), in real round trips on 127.0.0.1: nested
//! records, arrays, maps, optional and defaulted fields, numbers converted to the declared
//! types, and the 400 answers, which stay the text `bindPayload` gives (the reader leaves
//! every mismatch to it).

#[allow(dead_code)]
mod http_service_harness;

use http_service_harness::start;

const ORDERS: &str = r#"import ballerina/http;

configurable int port = ?;

type Line record {|
    string sku;
    int qty = 1;
    decimal price;
    string? note;
|};

type Order record {|
    string id;
    Line[] lines;
    map<int> tags;
    [string, float] origin;
    string channel?;
|};

type Open record {
    string name;
};

listener http:Listener ep = new (port, host = "127.0.0.1");

service / on ep {
    resource function post total(Order o) returns string {
        decimal total = 0;
        foreach Line l in o.lines {
            total += l.price * <decimal>l.qty;
        }
        return string `${o.id} ${o.lines.length()} ${total} ${o.tags.toString()} ${o.origin[1]} ${o?.channel ?: "-"} ${o.lines[0].note ?: "none"}`;
    }

    resource function post open(@http:Payload Open body) returns Open {
        return body;
    }

    resource function post maybe(@http:Payload Order? o) returns string {
        return o is () ? "nothing" : o.id;
    }
}
"#;

const JSON: &[(&str, &str)] = &[("content-type", "application/json")];

#[test]
fn nested_records_bind_from_the_body_bytes() {
    let service = start("json_payload_bind", ORDERS, 1);
    let body = br#"{"lines": [{"sku": "a", "qty": 2, "price": 1.25, "note": "gift"},
        {"price": 3, "sku": "b", "note": null}], "id": "o-1",
        "tags": {"x": 1, "y": 2}, "origin": ["oslo", 7]}"#;
    let reply = service.send("POST", "/total", JSON, body);
    assert_eq!(reply.status, 201);
    assert_eq!(reply.text(), "o-1 2 5.500 {\"x\":1,\"y\":2} 7.0 - gift");
    let reply = service.send(
        "POST",
        "/open",
        JSON,
        br#"{"extra": [1, {"k": null}], "name": "n", "more": 2.5}"#,
    );
    assert_eq!(reply.status, 201);
    assert_eq!(
        reply.text(),
        r#"{"name":"n", "extra":[1, {"k":null}], "more":2.5}"#
    );
    let reply = service.send("POST", "/maybe", JSON, b"");
    assert_eq!(reply.text(), "nothing");
    let reply = service.send(
        "POST",
        "/maybe",
        JSON,
        br#"{"id": "m", "lines": [], "tags": {}, "origin": ["a", 1.5]}"#,
    );
    assert_eq!(reply.text(), "m");
    service.stop_ok();
}

#[test]
fn payloads_that_do_not_fit_keep_their_400_text() {
    let service = start("json_payload_400", ORDERS, 1);
    let cases: &[(&[u8], &str)] = &[
        (
            br#"{"id": "o", "lines": [{"sku": "a", "price": "x", "note": null}], "tags": {}, "origin": ["a", 1]}"#,
            r#"data binding failed: error("{ballerina/lang.value}ConversionError",message="'map<json>' value cannot be converted to 'Order': \n\t\tfield 'lines[0].price' in record 'Line' should be of type 'decimal', found '\"x\"'")"#,
        ),
        (
            br#"{"id": "o", "lines": [], "tags": {}, "origin": ["a", 1], "extra": 1}"#,
            r#"data binding failed: error("{ballerina/lang.value}ConversionError",message="'map<json>' value cannot be converted to 'Order': \n\t\tfield 'extra' cannot be added to the closed record 'Order'")"#,
        ),
        (br#"{"id": "o", "lines": [}"#, r#"data binding failed: error("{ballerina/lang.value}FromJsonStringError",message="unrecognized token at line: 1 column: 23")"#),
        (b"{\"id\": \"\xff\"}", r#"data binding failed: error("{ballerina/lang.string}StringOperationError",message="array contains invalid UTF-8 byte value at index 8")"#),
    ];
    for (body, expected) in cases {
        let reply = service.send("POST", "/total", JSON, body);
        assert_eq!(reply.status, 400);
        assert_eq!(reply.text(), *expected);
    }
    service.stop_ok();
}
