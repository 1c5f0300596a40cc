//! Issue 7's HTTP benchmark peer: `hyper_hello PORT [THREADS] [BACKEND_PORT]`.
//! - GET /hello answers `{"message":"Hello, World!"}`, or, given BACKEND_PORT, forwards to the
//!   backend's GET /hello through a pooled hyper client and answers its body (pass-through);
//! - POST /transform binds a JSON order to structs (serde_json) and answers it as XML
//!   (quick-xml), the same document `transform.int` builds.
//!
//! THREADS 1 (the default) runs a current-thread tokio runtime; more runs the multi-thread
//! runtime with that many workers, to match intc's thread count.
use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::{TokioExecutor, TokioIo};
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use serde::Deserialize;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::net::TcpListener;

const BODY: &[u8] = br#"{"message":"Hello, World!"}"#;

type Upstream = Client<HttpConnector, Empty<Bytes>>;

struct State {
    backend: Option<(Upstream, hyper::Uri)>,
}

#[derive(Deserialize)]
struct Customer {
    id: String,
    name: String,
    email: String,
    phone: String,
}

#[derive(Deserialize)]
struct Address {
    street: String,
    city: String,
    postcode: String,
    country: String,
}

#[derive(Deserialize)]
struct Item {
    sku: String,
    name: String,
    quantity: i64,
    price: f64,
}

#[derive(Deserialize)]
struct Order {
    id: String,
    placed: String,
    customer: Customer,
    shipping: Address,
    billing: Address,
    items: Vec<Item>,
    notes: String,
}

fn response(status: StatusCode, ctype: &'static str, body: Bytes) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(body));
    *res.status_mut() = status;
    res.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(ctype),
    );
    res
}

type W = Writer<Vec<u8>>;

fn leaf(w: &mut W, name: &str, text: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    // Text escapes only `&`, `<` and `>`, as intc and Node do.
    w.write_event(Event::Text(BytesText::from_escaped(partial_escape(text))))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn address(w: &mut W, name: &str, a: &Address) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    leaf(w, "street", &a.street)?;
    leaf(w, "city", &a.city)?;
    leaf(w, "postcode", &a.postcode)?;
    leaf(w, "country", &a.country)?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn order_xml(o: &Order) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::with_capacity(2048));
    let total: f64 = o.items.iter().map(|i| i.price * i.quantity as f64).sum();
    let mut root = BytesStart::new("order");
    root.push_attribute(("id", o.id.as_str()));
    root.push_attribute(("placed", o.placed.as_str()));
    w.write_event(Event::Start(root))?;
    let mut c = BytesStart::new("customer");
    c.push_attribute(("id", o.customer.id.as_str()));
    w.write_event(Event::Start(c))?;
    leaf(&mut w, "name", &o.customer.name)?;
    leaf(&mut w, "email", &o.customer.email)?;
    leaf(&mut w, "phone", &o.customer.phone)?;
    w.write_event(Event::End(BytesEnd::new("customer")))?;
    address(&mut w, "shipping", &o.shipping)?;
    address(&mut w, "billing", &o.billing)?;
    w.write_event(Event::Start(BytesStart::new("items")))?;
    for item in &o.items {
        let mut e = BytesStart::new("item");
        e.push_attribute(("sku", item.sku.as_str()));
        e.push_attribute(("quantity", item.quantity.to_string().as_str()));
        w.write_event(Event::Start(e))?;
        leaf(&mut w, "name", &item.name)?;
        leaf(&mut w, "price", &item.price.to_string())?;
        leaf(
            &mut w,
            "amount",
            &format!("{:.2}", item.price * item.quantity as f64),
        )?;
        w.write_event(Event::End(BytesEnd::new("item")))?;
    }
    w.write_event(Event::End(BytesEnd::new("items")))?;
    leaf(&mut w, "total", &format!("{total:.2}"))?;
    leaf(&mut w, "notes", &o.notes)?;
    w.write_event(Event::End(BytesEnd::new("order")))?;
    Ok(w.into_inner())
}

async fn handle(
    state: Arc<State>,
    req: Request<hyper::body::Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let not_found = || response(StatusCode::NOT_FOUND, "text/plain", Bytes::new());
    match (req.method(), req.uri().path()) {
        (&Method::GET, "/hello") => match &state.backend {
            None => Ok(response(
                StatusCode::OK,
                "application/json",
                Bytes::from_static(BODY),
            )),
            Some((client, uri)) => {
                let bad = || response(StatusCode::BAD_GATEWAY, "text/plain", Bytes::new());
                let Ok(up) = client.get(uri.clone()).await else {
                    return Ok(bad());
                };
                let status = up.status();
                match up.into_body().collect().await {
                    Ok(body) => Ok(response(status, "application/json", body.to_bytes())),
                    Err(_) => Ok(bad()),
                }
            }
        },
        (&Method::POST, "/transform") => {
            let bad = |m: String| response(StatusCode::BAD_REQUEST, "text/plain", Bytes::from(m));
            let body = match req.into_body().collect().await {
                Ok(b) => b.to_bytes(),
                Err(e) => return Ok(bad(e.to_string())),
            };
            let order: Order = match serde_json::from_slice(&body) {
                Ok(o) => o,
                Err(e) => return Ok(bad(e.to_string())),
            };
            match order_xml(&order) {
                Ok(xml) => Ok(response(
                    StatusCode::CREATED,
                    "application/xml",
                    Bytes::from(xml),
                )),
                Err(e) => Ok(bad(e.to_string())),
            }
        }
        _ => Ok(not_found()),
    }
}

async fn serve(port: u16, state: Arc<State>) -> Result<(), Box<dyn std::error::Error>> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| handle(state.clone(), req));
            // A connection's errors (a client hanging up) end that connection only.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        });
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().unwrap_or_else(|| "9090".into()).parse()?;
    let threads: usize = args.next().unwrap_or_else(|| "1".into()).parse()?;
    let backend = match args.next() {
        Some(p) => {
            let uri: hyper::Uri =
                format!("http://127.0.0.1:{}/hello", p.parse::<u16>()?).parse()?;
            let mut connector = HttpConnector::new();
            connector.set_nodelay(true);
            let client = Client::builder(TokioExecutor::new()).build(connector);
            Some((client, uri))
        }
        None => None,
    };
    let rt = if threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()?
    };
    rt.block_on(async move { serve(port, Arc::new(State { backend })).await })
}
