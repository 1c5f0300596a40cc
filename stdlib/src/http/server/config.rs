//! The listener's configuration, mirroring Ballerina's `http:ListenerConfiguration`.

use std::path::PathBuf;
use std::time::Duration;

/// Which protocols a listener speaks (Ballerina's `httpVersion`: `"1.0"`, `"1.1"`, `"2.0"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpVersion {
    /// HTTP/1.0 and HTTP/1.1 only.
    Http1_0,
    /// HTTP/1.1 (and 1.0) only.
    Http1_1,
    /// HTTP/2 as well: h2c by prior knowledge on plain connections, h2 over TLS by ALPN;
    /// HTTP/1.1 stays available on the same port (Ballerina's default).
    Http2,
}

impl HttpVersion {
    pub fn speaks_http2(self) -> bool {
        self == HttpVersion::Http2
    }
}

/// Whether a mutual-TLS listener insists on a client certificate (`http:VerifyClient`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyClient {
    Require,
    Optional,
}

/// Client certificate checking (`mutualSsl`): the CA certificates (PEM) that sign accepted
/// client certificates.
#[derive(Clone, Debug)]
pub struct MutualTls {
    pub verify_client: VerifyClient,
    pub ca_file: PathBuf,
}

/// `secureSocket` with `key: {certFile, keyFile}`: the certificate chain and private key as
/// PEM files.
#[derive(Clone, Debug)]
pub struct TlsConfig {
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
    pub mutual: Option<MutualTls>,
}

/// `requestLimits` (`http:RequestLimitConfigs`).
#[derive(Clone, Copy, Debug)]
pub struct RequestLimits {
    /// Longest request target in bytes (longer: 414).
    pub max_uri_length: usize,
    /// Largest total of header lines in bytes, each counted as `name: value\r\n` (larger: 431).
    pub max_header_size: usize,
    /// Largest request body in bytes (larger: 413); `None` is unlimited (Ballerina's `-1`).
    pub max_entity_body_size: Option<u64>,
}

impl Default for RequestLimits {
    fn default() -> Self {
        RequestLimits {
            max_uri_length: 4096,
            max_header_size: 8192,
            max_entity_body_size: None,
        }
    }
}

/// `http1Settings.keepAlive`: whether HTTP/1.1 connections stay open between requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepAlive {
    /// As the client's `Connection` header asks (`KEEPALIVE_AUTO`).
    Auto,
    /// Close after every response (`KEEPALIVE_NEVER`).
    Never,
}

/// Everything a listener needs to bind and serve.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Address to bind (Ballerina's default `0.0.0.0`).
    pub host: String,
    /// Port to bind; 0 picks a free one (see `Server::local_addr`).
    pub port: u16,
    /// Idle timeout (Ballerina's `timeout`, 60 s): a connection with no request in flight and
    /// no bytes read or written for this long is closed. Zero disables it (as in Ballerina).
    pub timeout: Duration,
    /// How long a client may take to send a request's head (or to finish the TLS handshake)
    /// before the connection is closed: the defence against slowloris clients that trickle
    /// header bytes to hold connections open. Zero disables it.
    pub header_read_timeout: Duration,
    pub http_version: HttpVersion,
    pub secure_socket: Option<TlsConfig>,
    pub request_limits: RequestLimits,
    /// Most connections served at once; a connection beyond it is answered 503 and closed.
    pub max_connections: usize,
    /// Most concurrent HTTP/2 streams per connection.
    pub max_concurrent_streams: u32,
    /// HTTP/1 keep-alive (`http1Settings.keepAlive`).
    pub keep_alive: KeepAlive,
    /// The `server` header added to every response that has none (Ballerina's `server`).
    pub server: Option<String>,
    /// Bind with `SO_REUSEPORT`, so that several servers (one per isolate serving the same
    /// listener on another core) share the port and the kernel spreads connections.
    pub reuse_port: bool,
}

impl ServerConfig {
    /// The defaults of `http:ListenerConfiguration` for `port`.
    pub fn new(port: u16) -> ServerConfig {
        ServerConfig {
            host: "0.0.0.0".to_string(),
            port,
            timeout: Duration::from_secs(60),
            header_read_timeout: Duration::from_secs(20),
            http_version: HttpVersion::Http2,
            secure_socket: None,
            request_limits: RequestLimits::default(),
            max_connections: 10_000,
            max_concurrent_streams: 100,
            keep_alive: KeepAlive::Auto,
            server: None,
            reuse_port: false,
        }
    }
}
