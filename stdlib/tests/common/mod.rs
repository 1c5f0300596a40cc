//! Helpers shared by the HTTP server tests: starting a server on a free loopback port, raw
//! TCP exchanges, hyper clients (HTTP/1.1, h2c, TLS) and test certificates.

#![allow(dead_code)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};
use intc_stdlib::http::server::{Dispatcher, Request, Response, Server, ServerConfig};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Bound on every wait in the tests: generous, so that only a real failure reaches it.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A config on 127.0.0.1 with a free port.
pub fn config() -> ServerConfig {
    let mut config = ServerConfig::new(0);
    config.host = "127.0.0.1".into();
    config
}

/// Answers `METHOD path?query host=... body=...` as text, with the request's `x-echo` header
/// copied to the response.
pub fn echo() -> Arc<dyn Dispatcher> {
    Arc::new(|request: Request| async move {
        let host = request
            .headers
            .get("host")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-")
            .to_string();
        let text = format!(
            "{} {}{} secure={} version={:?} host={} body={}",
            request.method,
            request.path,
            request.query.map(|q| format!("?{q}")).unwrap_or_default(),
            request.secure,
            request.version,
            host,
            String::from_utf8_lossy(&request.body)
        );
        let mut response = Response::text(200, text);
        if let Some(echo) = request.headers.get("x-echo").and_then(|v| v.to_str().ok()) {
            response.headers.push(("x-echo".into(), echo.into()));
        }
        response
    })
}

pub async fn start(config: ServerConfig, dispatcher: Arc<dyn Dispatcher>) -> Server {
    Server::bind(config, dispatcher)
        .await
        .expect("server binds")
}

/// Sends `bytes` and reads one response (head and a `content-length` body), or what came
/// before the server closed. `None` if nothing came back before the connection closed.
pub async fn exchange(stream: &mut TcpStream, bytes: &[u8]) -> Option<String> {
    stream.write_all(bytes).await.ok()?;
    read_response(stream).await
}

/// Reads one response from `stream` (see `exchange`).
pub async fn read_response(stream: &mut TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let result = tokio::time::timeout(PATIENCE, async {
        loop {
            if let Some(end) = find(&data, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&data[..end]).to_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if data.len() >= end + 4 + length {
                    let response = String::from_utf8_lossy(&data[..end + 4 + length]).into_owned();
                    data.drain(..end + 4 + length);
                    return Some(response);
                }
            }
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => {
                    return if data.is_empty() {
                        None
                    } else {
                        Some(String::from_utf8_lossy(&data).into_owned())
                    };
                }
                Ok(n) => data.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    result.expect("the server answered or closed in time")
}

/// Reads every response until the server closes (for pipelining).
pub async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut data = Vec::new();
    let _ = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut data)).await;
    String::from_utf8_lossy(&data).into_owned()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The status code of a raw response.
pub fn status(response: &str) -> u16 {
    response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Waits until the server closes `stream`; true when it did within `PATIENCE`.
pub async fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut buffer = [0u8; 1024];
    let waited = tokio::time::timeout(PATIENCE, async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    waited.is_ok()
}

pub async fn connect(addr: SocketAddr) -> TcpStream {
    TcpStream::connect(addr).await.expect("connects")
}

/// An HTTP/1.1 client connection over `io`.
pub async fn http1_client<I>(io: I) -> hyper::client::conn::http1::SendRequest<Full<Bytes>>
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    sender
}

/// An HTTP/2 client connection over `io` (prior knowledge, or after ALPN chose h2).
pub async fn http2_client<I>(io: I) -> hyper::client::conn::http2::SendRequest<Full<Bytes>>
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(io))
            .await
            .expect("h2 handshake");
    tokio::spawn(connection);
    sender
}

pub fn get(uri: &str) -> hyper::Request<Full<Bytes>> {
    hyper::Request::get(uri)
        .header("host", "localhost")
        .body(Full::new(Bytes::new()))
        .expect("request")
}

/// Status and body text of a hyper response.
pub async fn read_body(response: hyper::Response<hyper::body::Incoming>) -> (u16, String) {
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Test certificates: a CA, a server certificate for `localhost`/127.0.0.1 and a client
/// certificate, all signed by the CA, written as PEM files into a fresh directory.
pub struct Certificates {
    pub dir: PathBuf,
    pub ca: PathBuf,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
    pub client_cert_pem: String,
    pub client_key_pem: String,
    pub ca_pem: String,
}

impl Drop for Certificates {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn certificates(name: &str) -> Certificates {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let server = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&server_key, &ca, &ca_key)
        .unwrap();
    let client_key = KeyPair::generate().unwrap();
    let client = CertificateParams::new(vec!["client".to_string()])
        .unwrap()
        .signed_by(&client_key, &ca, &ca_key)
        .unwrap();
    let dir = std::env::temp_dir().join(format!("intc-http-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |file: &str, text: &str| {
        let path = dir.join(file);
        std::fs::write(&path, text).unwrap();
        path
    };
    Certificates {
        ca: write("ca.pem", &ca.pem()),
        server_cert: write("server.pem", &server.pem()),
        server_key: write("server.key", &server_key.serialize_pem()),
        client_cert_pem: client.pem(),
        client_key_pem: client_key.serialize_pem(),
        ca_pem: ca.pem(),
        dir,
    }
}

/// A TLS client trusting the test CA, offering `alpn`, with the client certificate when
/// `with_client_cert`.
pub fn tls_connector(
    certs: &Certificates,
    alpn: &[&[u8]],
    with_client_cert: bool,
) -> tokio_rustls::TlsConnector {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(certs.ca_pem.as_bytes()).unwrap())
        .unwrap();
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots);
    let mut config = if with_client_cert {
        let chain = vec![CertificateDer::from_pem_slice(certs.client_cert_pem.as_bytes()).unwrap()];
        let key = PrivateKeyDer::from_pem_slice(certs.client_key_pem.as_bytes()).unwrap();
        builder.with_client_auth_cert(chain, key).unwrap()
    } else {
        builder.with_no_client_auth()
    };
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    tokio_rustls::TlsConnector::from(Arc::new(config))
}

pub fn server_name() -> rustls_pki_types::ServerName<'static> {
    rustls_pki_types::ServerName::try_from("localhost").unwrap()
}
