//! The HTTP server core over real loopback connections: HTTP/1.1 (keep-alive, pipelining),
//! h2c, TLS with ALPN, mutual TLS, dispatcher panics and stopping.

mod common;

use bytes::Bytes;
use common::*;
use http_body_util::Full;
use intc_stdlib::http::server::{
    HttpVersion, MutualTls, Request, Response, Server, TlsConfig, VerifyClient,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

#[tokio::test]
async fn answers_a_request_with_the_dispatchers_response() {
    let server = start(config(), echo()).await;
    let mut sender = http1_client(connect(server.local_addr()).await).await;
    let request = hyper::Request::post("/orders/7?verbose=true&x=1")
        .header("host", "localhost")
        .header("x-echo", "hello")
        .body(Full::new(Bytes::from("payload")))
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    assert_eq!(response.headers()["x-echo"], "hello");
    assert_eq!(response.headers()["content-type"], "text/plain");
    let (status, body) = read_body(response).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        "POST /orders/7?verbose=true&x=1 secure=false version=HTTP/1.1 host=localhost body=payload"
    );
    server.immediate_stop().await;
}

#[tokio::test]
async fn keep_alive_serves_many_requests_on_one_connection() {
    let server = start(config(), echo()).await;
    // One client connection: every request goes over the same socket.
    let mut sender = http1_client(connect(server.local_addr()).await).await;
    for i in 0..5 {
        let response = sender.send_request(get(&format!("/n/{i}"))).await.unwrap();
        let (status, body) = read_body(response).await;
        assert_eq!(status, 200);
        assert!(body.starts_with(&format!("GET /n/{i} ")), "{body}");
    }
    server.immediate_stop().await;
}

#[tokio::test]
async fn pipelined_requests_are_answered_in_order() {
    let server = start(config(), echo()).await;
    let mut stream = connect(server.local_addr()).await;
    let requests = "GET /first HTTP/1.1\r\nHost: a\r\n\r\n\
                    POST /second HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc\
                    GET /third HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    tokio::io::AsyncWriteExt::write_all(&mut stream, requests.as_bytes())
        .await
        .unwrap();
    let all = read_until_closed(&mut stream).await;
    assert_eq!(all.matches("HTTP/1.1 200 OK").count(), 3, "{all}");
    let first = all.find("GET /first").unwrap();
    let second = all.find("POST /second").unwrap();
    let third = all.find("GET /third").unwrap();
    assert!(first < second && second < third, "{all}");
    assert!(all.contains("body=abc"));
    server.immediate_stop().await;
}

#[tokio::test]
async fn h2c_by_prior_knowledge() {
    let server = start(config(), echo()).await;
    let mut sender = http2_client(connect(server.local_addr()).await).await;
    // Several streams at once on the one connection.
    let mut answers = Vec::new();
    for i in 0..4 {
        let request = hyper::Request::get(format!("http://localhost/h2/{i}"))
            .body(Full::new(Bytes::new()))
            .unwrap();
        answers.push(sender.send_request(request));
    }
    for (i, answer) in answers.into_iter().enumerate() {
        let response = answer.await.unwrap();
        assert_eq!(response.version(), hyper::Version::HTTP_2);
        let (status, body) = read_body(response).await;
        assert_eq!(status, 200);
        assert!(
            body.starts_with(&format!("GET /h2/{i} secure=false version=HTTP/2.0")),
            "{body}"
        );
    }
    server.immediate_stop().await;
}

#[tokio::test]
async fn an_http1_only_listener_does_not_speak_h2c() {
    let mut config = config();
    config.http_version = HttpVersion::Http1_1;
    let server = start(config, echo()).await;
    let mut stream = connect(server.local_addr()).await;
    // The HTTP/2 connection preface is not a valid HTTP/1.1 request.
    let answer = exchange(&mut stream, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").await;
    assert!(
        answer.as_ref().is_none_or(|a| !a.contains(" 200 ")),
        "{answer:?}"
    );
    // HTTP/1.1 itself works.
    let mut stream = connect(server.local_addr()).await;
    let answer = exchange(&mut stream, b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n").await;
    assert_eq!(status(&answer.unwrap()), 200);
    server.immediate_stop().await;
}

fn tls_config(certs: &Certificates, mutual: Option<VerifyClient>) -> TlsConfig {
    TlsConfig {
        cert_file: certs.server_cert.clone(),
        key_file: certs.server_key.clone(),
        mutual: mutual.map(|verify_client| MutualTls {
            verify_client,
            ca_file: certs.ca.clone(),
        }),
    }
}

#[tokio::test]
async fn https_with_http1_over_alpn() {
    let certs = certificates("https1");
    let mut config = config();
    config.secure_socket = Some(tls_config(&certs, None));
    let server = start(config, echo()).await;
    let tcp = connect(server.local_addr()).await;
    let tls = tls_connector(&certs, &[b"http/1.1"], false)
        .connect(server_name(), tcp)
        .await
        .unwrap();
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"http/1.1"[..]));
    let mut sender = http1_client(tls).await;
    let response = sender.send_request(get("/secure")).await.unwrap();
    let (status, body) = read_body(response).await;
    assert_eq!(status, 200);
    assert!(
        body.starts_with("GET /secure secure=true version=HTTP/1.1"),
        "{body}"
    );
    server.immediate_stop().await;
}

#[tokio::test]
async fn http2_over_tls_is_chosen_by_alpn() {
    let certs = certificates("h2tls");
    let mut config = config();
    config.secure_socket = Some(tls_config(&certs, None));
    let server = start(config, echo()).await;
    let tcp = connect(server.local_addr()).await;
    let tls = tls_connector(&certs, &[b"h2", b"http/1.1"], false)
        .connect(server_name(), tcp)
        .await
        .unwrap();
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    let mut sender = http2_client(tls).await;
    let request = hyper::Request::get("https://localhost/h2tls")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    assert_eq!(response.version(), hyper::Version::HTTP_2);
    let (status, body) = read_body(response).await;
    assert_eq!(status, 200);
    assert!(
        body.starts_with("GET /h2tls secure=true version=HTTP/2.0"),
        "{body}"
    );
    server.immediate_stop().await;
}

#[tokio::test]
async fn an_http1_only_tls_listener_offers_only_http1() {
    let certs = certificates("tls11");
    let mut config = config();
    config.http_version = HttpVersion::Http1_1;
    config.secure_socket = Some(tls_config(&certs, None));
    let server = start(config, echo()).await;
    let tcp = connect(server.local_addr()).await;
    let tls = tls_connector(&certs, &[b"h2", b"http/1.1"], false)
        .connect(server_name(), tcp)
        .await
        .unwrap();
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"http/1.1"[..]));
    server.immediate_stop().await;
}

#[tokio::test]
async fn mutual_tls_accepts_a_client_with_a_certificate() {
    let certs = certificates("mtls-ok");
    let mut config = config();
    config.secure_socket = Some(tls_config(&certs, Some(VerifyClient::Require)));
    // The request carries the client's certificate and both addresses.
    let dispatcher = Arc::new(|request: Request| async move {
        let certificate = request.client_certificate.map_or(0, |der| der.len());
        Response::text(
            200,
            format!(
                "certificate={} local={} peer-is-loopback={}",
                certificate > 0,
                request.local.ip(),
                request.peer.ip().is_loopback()
            ),
        )
    });
    let server = start(config, dispatcher).await;
    let tcp = connect(server.local_addr()).await;
    let tls = tls_connector(&certs, &[b"http/1.1"], true)
        .connect(server_name(), tcp)
        .await
        .unwrap();
    let mut sender = http1_client(tls).await;
    let response = sender.send_request(get("/mtls")).await.unwrap();
    assert_eq!(
        read_body(response).await,
        (
            200,
            "certificate=true local=127.0.0.1 peer-is-loopback=true".to_string()
        )
    );
    server.immediate_stop().await;
}

#[tokio::test]
async fn mutual_tls_requiring_a_certificate_rejects_a_client_without_one() {
    let certs = certificates("mtls-no");
    let mut config = config();
    config.secure_socket = Some(tls_config(&certs, Some(VerifyClient::Require)));
    let server = start(config, echo()).await;
    let tcp = connect(server.local_addr()).await;
    // TLS 1.3 reports the server's rejection of the client's (empty) certificate after the
    // client's handshake ends: the first exchange fails.
    let outcome = async {
        let tls = tls_connector(&certs, &[b"http/1.1"], false)
            .connect(server_name(), tcp)
            .await
            .map_err(|e| e.to_string())?;
        let mut sender = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tls))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(sender.1);
        sender
            .0
            .send_request(get("/mtls"))
            .await
            .map_err(|e| e.to_string())
    }
    .await;
    assert!(
        outcome.is_err(),
        "a client without a certificate was served"
    );
    server.immediate_stop().await;
}

#[tokio::test]
async fn optional_mutual_tls_serves_a_client_without_a_certificate() {
    let certs = certificates("mtls-opt");
    let mut config = config();
    config.secure_socket = Some(tls_config(&certs, Some(VerifyClient::Optional)));
    let server = start(config, echo()).await;
    let tcp = connect(server.local_addr()).await;
    let tls = tls_connector(&certs, &[b"http/1.1"], false)
        .connect(server_name(), tcp)
        .await
        .unwrap();
    let mut sender = http1_client(tls).await;
    let response = sender.send_request(get("/optional")).await.unwrap();
    assert_eq!(read_body(response).await.0, 200);
    server.immediate_stop().await;
}

#[tokio::test]
async fn missing_certificate_files_are_a_bind_error() {
    let certs = certificates("missing");
    let mut config = config();
    let mut tls = tls_config(&certs, None);
    tls.cert_file = certs.dir.join("no-such-file.pem");
    config.secure_socket = Some(tls);
    let error = Server::bind(config, echo())
        .await
        .err()
        .expect("bind fails");
    assert!(error.to_string().contains("no-such-file.pem"), "{error}");
}

#[tokio::test]
async fn a_panicking_dispatcher_answers_500_and_the_server_keeps_serving() {
    let dispatcher = Arc::new(|request: Request| async move {
        if request.path == "/boom" {
            panic!("the dispatcher failed");
        }
        Response::text(200, "fine")
    });
    let server = start(config(), dispatcher).await;
    let mut sender = http1_client(connect(server.local_addr()).await).await;
    let response = sender.send_request(get("/boom")).await.unwrap();
    assert_eq!(read_body(response).await.0, 500);
    let response = sender.send_request(get("/ok")).await.unwrap();
    assert_eq!(read_body(response).await, (200, "fine".to_string()));
    server.immediate_stop().await;
}

/// A dispatcher that holds every request until released, counting arrivals.
struct Held {
    arrived: AtomicUsize,
    all_arrived: Notify,
    expected: usize,
    release: tokio::sync::watch::Sender<bool>,
}

fn held(expected: usize) -> (Arc<Held>, Arc<dyn intc_stdlib::http::server::Dispatcher>) {
    let (release, _) = tokio::sync::watch::channel(false);
    let state = Arc::new(Held {
        arrived: AtomicUsize::new(0),
        all_arrived: Notify::new(),
        expected,
        release,
    });
    let inner = state.clone();
    let dispatcher = Arc::new(move |request: Request| {
        let state = inner.clone();
        async move {
            let mut released = state.release.subscribe();
            if state.arrived.fetch_add(1, Ordering::AcqRel) + 1 == state.expected {
                state.all_arrived.notify_one();
            }
            let _ = released.wait_for(|r| *r).await;
            Response::text(200, format!("done {}", request.path))
        }
    });
    (state, dispatcher)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_stop_under_load_answers_every_in_flight_request() {
    const N: usize = 64;
    let (state, dispatcher) = held(N);
    let server = start(config(), dispatcher).await;
    let addr = server.local_addr();
    let mut clients = Vec::new();
    for i in 0..N {
        clients.push(tokio::spawn(async move {
            // Half on HTTP/1.1, half on h2c.
            let response = if i % 2 == 0 {
                let mut sender = http1_client(connect(addr).await).await;
                sender.send_request(get(&format!("/r/{i}"))).await
            } else {
                let mut sender = http2_client(connect(addr).await).await;
                let request = hyper::Request::get(format!("http://localhost/r/{i}"))
                    .body(Full::new(Bytes::new()))
                    .unwrap();
                sender.send_request(request).await
            };
            read_body(response.expect("answered")).await
        }));
    }
    tokio::time::timeout(PATIENCE, state.all_arrived.notified())
        .await
        .expect("all requests arrived");
    let stopping = tokio::spawn(server.graceful_stop(PATIENCE));
    // The listener closes before the held requests are released: new connections fail.
    let refused = tokio::time::timeout(PATIENCE, async {
        while tokio::net::TcpStream::connect(addr).await.is_ok() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(refused.is_ok(), "the listener kept accepting");
    let _ = state.release.send(true);
    for (i, client) in clients.into_iter().enumerate() {
        let (status, body) = client.await.unwrap();
        assert_eq!(status, 200);
        assert_eq!(body, format!("done /r/{i}"));
    }
    tokio::time::timeout(PATIENCE, stopping)
        .await
        .expect("graceful stop ends once every request is answered")
        .unwrap();
}

#[tokio::test]
async fn graceful_stop_closes_what_is_left_after_the_grace_period() {
    let (state, dispatcher) = held(1);
    let server = start(config(), dispatcher).await;
    let mut sender = http1_client(connect(server.local_addr()).await).await;
    let answer = tokio::spawn(sender.send_request(get("/never")));
    state.all_arrived.notified().await;
    tokio::time::timeout(PATIENCE, server.graceful_stop(Duration::from_millis(100)))
        .await
        .expect("stop ends after the grace period");
    assert!(
        answer.await.unwrap().is_err(),
        "the held request was answered"
    );
}

#[tokio::test]
async fn graceful_stop_closes_idle_keep_alive_connections() {
    let server = start(config(), echo()).await;
    let mut stream = connect(server.local_addr()).await;
    let answer = exchange(&mut stream, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n").await;
    assert_eq!(status(&answer.unwrap()), 200);
    tokio::time::timeout(PATIENCE, server.graceful_stop(PATIENCE))
        .await
        .expect("an idle connection does not hold up a graceful stop");
    assert!(closed_by_server(&mut stream).await);
}

#[tokio::test]
async fn immediate_stop_drops_in_flight_requests() {
    let (state, dispatcher) = held(1);
    let server = start(config(), dispatcher).await;
    let addr = server.local_addr();
    let mut sender = http1_client(connect(addr).await).await;
    let answer = tokio::spawn(sender.send_request(get("/held")));
    state.all_arrived.notified().await;
    tokio::time::timeout(PATIENCE, server.immediate_stop())
        .await
        .expect("immediate stop");
    assert!(answer.await.unwrap().is_err());
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn the_server_header_and_keep_alive_never_are_applied() {
    let mut config = config();
    config.server = Some("intc".into());
    config.keep_alive = intc_stdlib::http::server::KeepAlive::Never;
    let server = start(config, echo()).await;
    let mut stream = connect(server.local_addr()).await;
    let answer = exchange(&mut stream, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(status(&answer), 200);
    let head = answer.to_lowercase();
    assert!(head.contains("server: intc\r\n"), "{answer}");
    assert!(head.contains("connection: close\r\n"), "{answer}");
    assert!(closed_by_server(&mut stream).await);
    server.immediate_stop().await;
}
