//! The server core's hardening, one test per limit, over raw TCP so that malformed and
//! oversized requests reach the server exactly as written.

mod common;

use common::*;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

async fn one(config: intc_stdlib::http::server::ServerConfig, request: &[u8]) -> Option<String> {
    let server = start(config, echo()).await;
    let mut stream = connect(server.local_addr()).await;
    let answer = exchange(&mut stream, request).await;
    server.immediate_stop().await;
    answer
}

fn get_with_target(target: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\nHost: a\r\n\r\n").into_bytes()
}

#[tokio::test]
async fn a_uri_over_the_limit_is_414() {
    let target = format!("/{}", "a".repeat(4096));
    let answer = one(config(), &get_with_target(&target)).await.unwrap();
    assert_eq!(status(&answer), 414, "{answer}");
    assert!(answer.to_lowercase().contains("connection: close"));
}

#[tokio::test]
async fn a_uri_at_the_limit_is_served() {
    let target = format!("/{}", "a".repeat(4095));
    let answer = one(config(), &get_with_target(&target)).await.unwrap();
    assert_eq!(status(&answer), 200, "{answer}");
}

#[tokio::test]
async fn the_uri_limit_is_configurable() {
    let mut config = config();
    config.request_limits.max_uri_length = 16;
    let answer = one(config, &get_with_target("/seventeen-chars!"))
        .await
        .unwrap();
    assert_eq!(status(&answer), 414, "{answer}");
}

#[tokio::test]
async fn headers_over_the_limit_are_431() {
    // `Host: a\r\n` is 9 bytes; one more header brings the total just past 8 KiB.
    let filler = "b".repeat(8192 - 9 - "x-filler: \r\n".len() + 1);
    let request = format!("GET / HTTP/1.1\r\nHost: a\r\nx-filler: {filler}\r\n\r\n");
    let answer = one(config(), request.as_bytes()).await.unwrap();
    assert_eq!(status(&answer), 431, "{answer}");
}

#[tokio::test]
async fn headers_at_the_limit_are_served() {
    let filler = "b".repeat(8192 - 9 - "x-filler: \r\n".len());
    let request = format!("GET / HTTP/1.1\r\nHost: a\r\nx-filler: {filler}\r\n\r\n");
    let answer = one(config(), request.as_bytes()).await.unwrap();
    assert_eq!(status(&answer), 200, "{answer}");
}

#[tokio::test]
async fn a_head_far_over_every_limit_is_refused_without_reading_it_all() {
    let filler = "b".repeat(64 * 1024);
    let request = format!("GET / HTTP/1.1\r\nHost: a\r\nx-filler: {filler}\r\n\r\n");
    let answer = one(config(), request.as_bytes()).await;
    // hyper answers 431 when the head does not fit its buffer (or closes the connection).
    assert!(answer.is_none_or(|a| status(&a) == 431));
}

fn with_body_limit(limit: u64) -> intc_stdlib::http::server::ServerConfig {
    let mut config = config();
    config.request_limits.max_entity_body_size = Some(limit);
    config
}

#[tokio::test]
async fn a_declared_body_over_the_limit_is_413() {
    let request = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world";
    let answer = one(with_body_limit(10), request).await.unwrap();
    assert_eq!(status(&answer), 413, "{answer}");
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_413() {
    let request = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\
                    6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n";
    let answer = one(with_body_limit(10), request).await.unwrap();
    assert_eq!(status(&answer), 413, "{answer}");
}

#[tokio::test]
async fn a_body_within_the_limit_is_served() {
    let request = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\
                    5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n";
    let answer = one(with_body_limit(10), request).await.unwrap();
    assert_eq!(status(&answer), 200, "{answer}");
    assert!(answer.ends_with("body=helloworld"), "{answer}");
}

#[tokio::test]
async fn content_length_with_transfer_encoding_is_400() {
    let request = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\
                    Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    let answer = one(config(), request).await.unwrap();
    assert_eq!(status(&answer), 400, "{answer}");
    assert!(answer.to_lowercase().contains("connection: close"));
}

#[tokio::test]
async fn a_missing_host_is_400_on_http11() {
    let answer = one(config(), b"GET / HTTP/1.1\r\n\r\n").await.unwrap();
    assert_eq!(status(&answer), 400, "{answer}");
}

#[tokio::test]
async fn a_duplicated_host_is_400() {
    let answer = one(config(), b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(status(&answer), 400, "{answer}");
}

#[tokio::test]
async fn http10_may_omit_the_host() {
    let answer = one(config(), b"GET /old HTTP/1.0\r\n\r\n").await.unwrap();
    assert_eq!(status(&answer), 200, "{answer}");
    assert!(answer.contains("version=HTTP/1.0"), "{answer}");
}

#[tokio::test]
async fn a_slow_header_sender_is_disconnected() {
    let mut config = config();
    config.header_read_timeout = Duration::from_millis(300);
    let server = start(config, echo()).await;
    let mut stream = connect(server.local_addr()).await;
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: a\r\n")
        .await
        .unwrap();
    // Trickle a header byte every 50 ms (slowloris): steady activity, but the head never
    // completes. The server must close the connection although bytes keep coming.
    let started = Instant::now();
    let mut closed = false;
    while started.elapsed() < PATIENCE {
        if stream.write_all(b"x").await.is_err() {
            closed = true;
            break;
        }
        let mut probe = [0u8; 256];
        match tokio::time::timeout(Duration::from_millis(50), stream.peek(&mut probe)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed = true;
                break;
            }
            // A 408 answer before closing is fine too.
            Ok(Ok(_)) => {
                closed = closed_by_server(&mut stream).await;
                break;
            }
            Err(_) => {}
        }
    }
    assert!(closed, "a slowloris client kept its connection");
    server.immediate_stop().await;
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_timeout() {
    let mut config = config();
    config.timeout = Duration::from_millis(200);
    let server = start(config, echo()).await;
    // Idle from the start.
    let mut silent = connect(server.local_addr()).await;
    assert!(closed_by_server(&mut silent).await);
    // Idle after a keep-alive request.
    let mut stream = connect(server.local_addr()).await;
    let answer = exchange(&mut stream, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n").await;
    assert_eq!(status(&answer.unwrap()), 200);
    assert!(closed_by_server(&mut stream).await);
    server.immediate_stop().await;
}

#[tokio::test]
async fn connections_over_the_cap_are_refused_with_503() {
    let mut config = config();
    config.max_connections = 2;
    let server = start(config, echo()).await;
    let addr = server.local_addr();
    let request = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    // Two keep-alive connections, each answered (so each holds its place).
    let mut first = connect(addr).await;
    assert_eq!(status(&exchange(&mut first, request).await.unwrap()), 200);
    let mut second = connect(addr).await;
    assert_eq!(status(&exchange(&mut second, request).await.unwrap()), 200);
    let mut third = connect(addr).await;
    let answer = exchange(&mut third, request).await.unwrap();
    assert_eq!(status(&answer), 503, "{answer}");
    // Once a connection closes its place is free again.
    drop(first);
    let served = tokio::time::timeout(PATIENCE, async {
        loop {
            let mut next = connect(addr).await;
            if exchange(&mut next, request)
                .await
                .is_some_and(|a| status(&a) == 200)
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(served.is_ok(), "a freed place was not reused");
    server.immediate_stop().await;
}

#[tokio::test]
async fn both_framing_headers_are_caught_behind_a_keep_alive_request() {
    let server = start(config(), echo()).await;
    let mut stream = connect(server.local_addr()).await;
    // A chunked request whose body looks like a head with both headers, then a real one.
    let body = "GET / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n";
    let requests = format!(
        "POST /first HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\
         {:x}\r\n{body}\r\n0\r\n\r\n\
         POST /second HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\
         Content-Length: 5\r\n\r\n0\r\n\r\n",
        body.len()
    );
    stream.write_all(requests.as_bytes()).await.unwrap();
    // The server answers both, then closes.
    let all = read_until_closed(&mut stream).await;
    let statuses: Vec<&str> = all.lines().filter(|l| l.starts_with("HTTP/1.1 ")).collect();
    assert_eq!(
        statuses,
        ["HTTP/1.1 200 OK", "HTTP/1.1 400 Bad Request"],
        "{all}"
    );
    assert!(all.contains("POST /first"), "{all}");
    server.immediate_stop().await;
}

#[tokio::test]
async fn http2_headers_over_the_limit_are_431() {
    let server = start(config(), echo()).await;
    let mut sender = http2_client(connect(server.local_addr()).await).await;
    let request = hyper::Request::get("http://localhost/big")
        .header("x-filler", "b".repeat(9000))
        .body(http_body_util::Full::new(bytes::Bytes::new()))
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    assert_eq!(response.status().as_u16(), 431);
    // The connection itself stays usable.
    let request = hyper::Request::get("http://localhost/small")
        .body(http_body_util::Full::new(bytes::Bytes::new()))
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    assert_eq!(read_body(response).await.0, 200);
    server.immediate_stop().await;
}

#[tokio::test]
async fn an_http2_body_over_the_limit_is_413() {
    let server = start(with_body_limit(4), echo()).await;
    let mut sender = http2_client(connect(server.local_addr()).await).await;
    let request = hyper::Request::post("http://localhost/upload")
        .body(http_body_util::Full::new(bytes::Bytes::from("too long")))
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    assert_eq!(response.status().as_u16(), 413);
    server.immediate_stop().await;
}

#[tokio::test]
async fn the_header_limit_is_configurable() {
    let mut config = config();
    config.request_limits.max_header_size = 64;
    let request = format!(
        "GET / HTTP/1.1\r\nHost: a\r\nx-a: {}\r\n\r\n",
        "v".repeat(60)
    );
    let answer = one(config, request.as_bytes()).await.unwrap();
    assert_eq!(status(&answer), 431, "{answer}");
}

#[tokio::test]
async fn a_client_that_never_completes_the_tls_handshake_is_disconnected() {
    let certs = certificates("handshake");
    let mut config = config();
    config.header_read_timeout = Duration::from_millis(300);
    config.secure_socket = Some(intc_stdlib::http::server::TlsConfig {
        cert_file: certs.server_cert.clone(),
        key_file: certs.server_key.clone(),
        mutual: None,
    });
    let server = start(config, echo()).await;
    let mut stream = connect(server.local_addr()).await;
    // Half a TLS record header, then silence.
    stream.write_all(&[0x16, 0x03]).await.unwrap();
    assert!(closed_by_server(&mut stream).await);
    server.immediate_stop().await;
}

#[tokio::test]
async fn a_zero_timeout_disables_the_idle_timeout() {
    let mut config = config();
    config.timeout = Duration::ZERO;
    let server = start(config, echo()).await;
    let mut stream = connect(server.local_addr()).await;
    let request = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    assert_eq!(status(&exchange(&mut stream, request).await.unwrap()), 200);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(status(&exchange(&mut stream, request).await.unwrap()), 200);
    server.immediate_stop().await;
}

#[tokio::test]
async fn tls_connections_over_the_cap_are_closed() {
    let certs = certificates("cap");
    let mut config = config();
    config.max_connections = 1;
    config.secure_socket = Some(intc_stdlib::http::server::TlsConfig {
        cert_file: certs.server_cert.clone(),
        key_file: certs.server_key.clone(),
        mutual: None,
    });
    let server = start(config, echo()).await;
    let connector = tls_connector(&certs, &[b"http/1.1"], false);
    let first = connector
        .connect(server_name(), connect(server.local_addr()).await)
        .await
        .expect("the first connection is served");
    let second = connector
        .connect(server_name(), connect(server.local_addr()).await)
        .await;
    assert!(second.is_err(), "a connection over the cap was served");
    drop(first);
    server.immediate_stop().await;
}
