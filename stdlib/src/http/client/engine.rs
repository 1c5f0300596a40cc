//! The client engine: hyper-util's pooled client over hyper-rustls (TLS verified against the
//! webpki roots unless the configuration names a certificate file), with the timeout,
//! redirects and retries of an `http:ClientConfiguration`. Plain Rust data in and out: the
//! natives (`mod.rs`) turn Ballerina values into a [`Exchange`] and the [`Received`] back.
//! Around the retries sit the response cache (`cache.rs`) and, outermost, the circuit breaker
//! (`breaker.rs`), in the order of Ballerina's client chain; each attempt asks for and decodes
//! compressed bodies as `compression` says.

use super::breaker::{Breaker, BreakerConfig};
use super::cache::{self, Cache, CacheSettings, Lookup};
use crate::http::compress::{self, Coding};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::sync::Arc;
use std::time::Duration;

type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// Retries of `http:RetryConfig`.
#[derive(Clone, Debug, Default)]
pub struct Retry {
    pub count: u32,
    pub interval: f64,
    pub back_off_factor: f64,
    pub max_wait_interval: f64,
    pub status_codes: Vec<u16>,
}

/// The settings of one `http:Client` (from its `ClientConfiguration`).
#[derive(Clone, Debug)]
pub struct Settings {
    pub timeout: Duration,
    /// The most redirects followed and whether `authorization` is kept on a redirect, when
    /// following is enabled.
    pub follow_redirects: Option<(u32, bool)>,
    pub retry: Retry,
    pub http2: bool,
    /// A PEM file of trusted certificates replacing the webpki roots.
    pub trusted_certs: Option<String>,
    /// `secureSocket: {enable: false}`: the server's certificate is not verified (Ballerina's
    /// explicit opt-out; verification is on otherwise).
    pub skip_verification: bool,
    /// `secureSocket.key`: PEM files of the client's certificate chain and private key, for
    /// mutual TLS.
    pub client_key: Option<(String, String)>,
    pub max_idle_per_host: usize,
    /// `circuitBreaker`.
    pub breaker: Option<BreakerConfig>,
    /// `cache`, when enabled.
    pub cache: Option<CacheSettings>,
    pub compression: CompressionMode,
}

/// `http:Compression` of a client.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CompressionMode {
    /// The user's `accept-encoding`, if any, is sent as it is.
    #[default]
    Auto,
    /// `accept-encoding: deflate, gzip` unless the user set one.
    Always,
    /// No `accept-encoding`.
    Never,
}

/// A native client: the base URL and a pooled hyper client (cheap to clone: shared pool).
#[derive(Clone)]
pub struct NativeClient {
    scheme: String,
    authority: String,
    base_path: String,
    settings: Settings,
    client: Client<Connector, Full<Bytes>>,
    breaker: Option<Arc<Breaker>>,
    cache: Option<Arc<Cache>>,
}

/// One request to send.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The call binds a stream of server-sent events: a successful `text/event-stream`
    /// response's body is then left to be read as events instead of collected.
    pub events: bool,
}

/// A received response.
pub struct Received {
    pub status: u16,
    pub reason: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body, read as events (`sse.rs`), when the exchange asked for events and got them.
    pub events: Option<Box<super::sse::Reading>>,
}

impl std::fmt::Debug for Received {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Received")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body.len())
            .field("events", &self.events.is_some())
            .finish()
    }
}

/// Why a request got no response: the kind of `http:ClientError` and its message.
#[derive(Debug)]
pub struct Failure {
    pub kind: &'static str,
    pub message: String,
}

fn failure(kind: &'static str, message: impl Into<String>) -> Failure {
    Failure {
        kind,
        message: message.into(),
    }
}

impl NativeClient {
    /// A client for `url`, or the message of Ballerina's error for a bad URL or configuration.
    pub fn new(url: &str, settings: Settings) -> Result<NativeClient, String> {
        let uri: http::Uri = url.parse().map_err(|_| format!("malformed URL: {url}"))?;
        let scheme = uri.scheme_str().unwrap_or("").to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!("malformed URL: {url}"));
        }
        let Some(authority) = uri.authority() else {
            return Err(format!("malformed URL: {url}"));
        };
        let base_path = uri.path().trim_end_matches('/').to_string();
        let tls = tls_config(&settings)?;
        let builder = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1();
        let connector = if settings.http2 {
            builder.enable_http2().build()
        } else {
            builder.build()
        };
        let client = Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(settings.max_idle_per_host)
            .build(connector);
        let breaker = match &settings.breaker {
            Some(config) => Some(Arc::new(Breaker::new(config.clone())?)),
            None => None,
        };
        let cache = settings.cache.clone().map(|c| Arc::new(Cache::new(c)));
        Ok(NativeClient {
            scheme,
            authority: authority.to_string(),
            base_path,
            settings,
            client,
            breaker,
            cache,
        })
    }

    /// The circuit breaker, when one is configured.
    pub fn breaker(&self) -> Option<&Breaker> {
        self.breaker.as_deref()
    }

    /// Sends the request through the circuit breaker, the cache, retries and redirects.
    pub async fn send(self, exchange: Exchange) -> Result<Received, Failure> {
        let Some(breaker) = self.breaker.clone() else {
            return self.send_cached(exchange).await;
        };
        if let Err(message) = breaker.admit() {
            return Err(failure("upstream", message));
        }
        let result = self.send_cached(exchange).await;
        breaker.record(match &result {
            Ok(received) => breaker.is_failure_status(received.status),
            Err(_) => true,
        });
        result
    }

    /// Sends the request through the response cache (GET and HEAD are looked up and stored;
    /// other methods invalidate the path).
    async fn send_cached(&self, exchange: Exchange) -> Result<Received, Failure> {
        let Some(cache) = self.cache.clone() else {
            return self.send_retrying(exchange).await;
        };
        if exchange.method != "GET" && exchange.method != "HEAD" {
            let path = exchange.path.clone();
            let received = self.send_retrying(exchange).await?;
            cache.invalidate(&path, received.status);
            return Ok(received);
        }
        let key = cache::key(&exchange.method, &exchange.path);
        let request_headers = exchange.headers.clone();
        let received = match cache.lookup(&key, &request_headers) {
            Lookup::Fresh(response) => return Ok(response),
            Lookup::Revalidate(conditions) => {
                let mut conditional = exchange;
                conditional.headers.extend(conditions);
                let received = self.send_retrying(conditional).await?;
                if received.status == 304 {
                    return Ok(cache.revalidated(&key, &received).unwrap_or(received));
                }
                received
            }
            Lookup::Miss => self.send_retrying(exchange).await?,
        };
        // An event stream is read as it comes, never stored.
        if received.events.is_none() {
            cache.store(&key, &request_headers, &received);
        }
        Ok(received)
    }

    /// The absolute URL of a request path (Ballerina appends the path to the client's URL).
    pub(super) fn url_of(&self, path: &str) -> String {
        let separator = if path.is_empty() || path.starts_with('/') || path.starts_with('?') {
            ""
        } else {
            "/"
        };
        format!(
            "{}://{}{}{separator}{path}",
            self.scheme, self.authority, self.base_path
        )
    }

    /// Sends the request with retries, redirects and the timeout.
    async fn send_retrying(&self, exchange: Exchange) -> Result<Received, Failure> {
        let retry = self.settings.retry.clone();
        let mut wait = retry.interval;
        let mut attempt = 0;
        loop {
            let result = self.send_following(&exchange).await;
            let retryable = match &result {
                Err(f) => f.kind != "ssl",
                Ok(received) => retry.status_codes.contains(&received.status),
            };
            if !retryable || attempt >= retry.count {
                if attempt > 0 && retry.count > 0 {
                    if let Err(f) = result {
                        return Err(failure(
                            "retry",
                            format!("All the retry attempts failed: {}", f.message),
                        ));
                    }
                }
                return result;
            }
            attempt += 1;
            if wait > 0.0 {
                let seconds = if retry.max_wait_interval > 0.0 {
                    wait.min(retry.max_wait_interval)
                } else {
                    wait
                };
                tokio::time::sleep(Duration::from_secs_f64(seconds.min(3600.0))).await;
            }
            if retry.back_off_factor > 0.0 {
                wait *= retry.back_off_factor;
            }
        }
    }

    async fn send_following(&self, exchange: &Exchange) -> Result<Received, Failure> {
        let mut url = self.url_of(&exchange.path);
        // Copied only when a redirect changes what is sent next.
        let mut current = std::borrow::Cow::Borrowed(exchange);
        let mut redirects = 0;
        loop {
            let received = self.send_once(&url, &current).await?;
            let Some((limit, keep_auth)) = self.settings.follow_redirects else {
                return Ok(received);
            };
            let is_redirect = matches!(received.status, 301 | 302 | 303 | 307 | 308);
            let location = received
                .headers
                .iter()
                .find(|(name, _)| name == "location")
                .map(|(_, value)| value.clone());
            let (true, Some(location)) = (is_redirect, location) else {
                return Ok(received);
            };
            if redirects >= limit {
                return Ok(received);
            }
            redirects += 1;
            url = resolve_location(&url, &location);
            let current = current.to_mut();
            if !keep_auth {
                current.headers.retain(|(name, _)| name != "authorization");
            }
            // 303 (and 301/302 after a POST, as browsers and Ballerina do) continue as GET.
            if received.status == 303
                || (matches!(received.status, 301 | 302) && current.method == "POST")
            {
                current.method = "GET".to_string();
                current.body.clear();
                current
                    .headers
                    .retain(|(name, _)| name != "content-type" && name != "content-length");
            }
        }
    }

    async fn send_once(&self, url: &str, exchange: &Exchange) -> Result<Received, Failure> {
        let method = http::Method::from_bytes(exchange.method.as_bytes())
            .map_err(|_| failure("generic", format!("invalid method: {}", exchange.method)))?;
        let mut builder = http::Request::builder().method(method).uri(url);
        let mode = self.settings.compression;
        let mut asks_encoding = false;
        for (name, value) in &exchange.headers {
            if name.eq_ignore_ascii_case("accept-encoding") {
                if mode == CompressionMode::Never {
                    continue;
                }
                asks_encoding = true;
            }
            builder = builder.header(name.as_str(), value.as_str());
        }
        if mode == CompressionMode::Always && !asks_encoding {
            builder = builder.header("accept-encoding", "deflate, gzip");
        }
        let request = builder
            .body(Full::new(Bytes::from(exchange.body.clone())))
            .map_err(|e| failure("generic", format!("invalid request: {e}")))?;
        let timeout = self.settings.timeout;
        let exchange_events = exchange.events;
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(connect_failure)?;
            let status = response.status();
            let mut headers: Vec<(String, String)> = response
                .headers()
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_string(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let is_event_stream = exchange_events
                && status.is_success()
                && headers.iter().any(|(name, value)| {
                    name == "content-type"
                        && value.split(';').next().is_some_and(|media| {
                            media.trim().eq_ignore_ascii_case("text/event-stream")
                        })
                })
                && !headers.iter().any(|(name, _)| name == "content-encoding");
            if is_event_stream {
                let reading = super::sse::Reading::new(response.into_body(), timeout);
                return Ok(Received {
                    status: status.as_u16(),
                    reason: status.canonical_reason().unwrap_or("").to_string(),
                    uri: url.to_string(),
                    headers,
                    body: Vec::new(),
                    events: Some(Box::new(reading)),
                });
            }
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| failure("generic", format!("error reading the response body: {e}")))?
                .to_bytes()
                .to_vec();
            let body = decode_body(&mut headers, body)?;
            Ok(Received {
                status: status.as_u16(),
                reason: status.canonical_reason().unwrap_or("").to_string(),
                uri: url.to_string(),
                headers,
                body,
                events: None,
            })
        };
        // Boxed: the exchange (hyper's request, the body collection and the timer) is the
        // bulk of the future, and each of the callers' futures above it (retries, cache,
        // breaker, the native's) would otherwise hold and copy it by value.
        match Box::pin(tokio::time::timeout(timeout, exchange)).await {
            Ok(result) => result,
            Err(_) => Err(failure(
                "timeout",
                "Idle timeout triggered before initiating inbound response",
            )),
        }
    }
}

/// A gzip or deflate body decoded (as the decompressor of Ballerina's client pipeline does):
/// `content-encoding` and the now wrong `content-length` are removed.
fn decode_body(headers: &mut Vec<(String, String)>, body: Vec<u8>) -> Result<Vec<u8>, Failure> {
    let coding = headers
        .iter()
        .find(|(name, _)| name == "content-encoding")
        .and_then(|(_, value)| Coding::parse(value));
    let Some(coding) = coding else {
        return Ok(body);
    };
    if body.is_empty() {
        return Ok(body);
    }
    let decoded = compress::decode(coding, &body).map_err(|e| failure("generic", e))?;
    headers.retain(|(name, _)| name != "content-encoding" && name != "content-length");
    Ok(decoded)
}

/// The error of a request that failed before a response, classified as Ballerina does.
fn connect_failure(error: hyper_util::client::legacy::Error) -> Failure {
    use std::error::Error as _;
    let mut text = error.to_string();
    let mut source = error.source();
    let mut is_tls = false;
    while let Some(inner) = source {
        let message = inner.to_string();
        // A handshake the server ended is an io error of tokio-rustls, not rustls's own.
        if is_rustls(inner) || message.starts_with("tls handshake") {
            is_tls = true;
        }
        if message.contains("Connection refused") {
            text = "Connection refused".to_string();
        } else {
            text = message;
        }
        source = inner.source();
    }
    if is_tls {
        return failure("ssl", format!("SSL connection failed: {text}"));
    }
    failure("generic", text)
}

/// Whether an error is rustls's, as itself or inside the `io::Error`s the TLS stream wraps it in.
fn is_rustls(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = error;
    loop {
        if current.is::<rustls::Error>() {
            return true;
        }
        match current
            .downcast_ref::<std::io::Error>()
            .and_then(|e| e.get_ref())
        {
            Some(inner) => current = inner,
            None => return false,
        }
    }
}

/// A `Location` header against the URL it answered.
pub(super) fn resolve_location(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_string();
    }
    let Ok(uri) = base.parse::<http::Uri>() else {
        return location.to_string();
    };
    let origin = format!(
        "{}://{}",
        uri.scheme_str().unwrap_or("http"),
        uri.authority().map(|a| a.as_str()).unwrap_or("")
    );
    if location.starts_with('/') {
        format!("{origin}{location}")
    } else {
        let dir = uri.path().rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        format!("{origin}{dir}/{location}")
    }
}

/// The rustls configuration: ring, the safe default protocol versions, and the webpki roots
/// (or the certificates of `trusted_certs`).
pub(crate) fn tls_config(settings: &Settings) -> Result<rustls::ClientConfig, String> {
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    match &settings.trusted_certs {
        Some(path) => {
            let certs = rustls::pki_types::CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("cannot read the certificate file '{path}': {e}"))?;
            for cert in certs {
                let cert = cert.map_err(|e| format!("invalid certificate in '{path}': {e}"))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("invalid certificate in '{path}': {e}"))?;
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    // ring rather than aws-lc-rs (no C/CMake build of aws-lc); ring's provider lacks the
    // post-quantum key exchange, hence the deprecation note.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // ALPN (h2, http/1.1) is set by the connector builder from the enabled versions.
    let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS configuration: {e}"))?;
    let builder = if settings.skip_verification {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerification(provider)))
    } else {
        builder.with_root_certificates(roots)
    };
    match &settings.client_key {
        None => Ok(builder.with_no_client_auth()),
        Some((cert_file, key_file)) => {
            let chain = rustls::pki_types::CertificateDer::pem_file_iter(cert_file)
                .map_err(|e| format!("cannot read the certificate file '{cert_file}': {e}"))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("invalid certificate in '{cert_file}': {e}"))?;
            let key = rustls::pki_types::PrivateKeyDer::from_pem_file(key_file)
                .map_err(|e| format!("cannot read the key file '{key_file}': {e}"))?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| format!("invalid client certificate or key: {e}"))
        }
    }
}

/// The verifier of `secureSocket: {enable: false}`: any certificate is accepted, but the
/// handshake signatures are still checked with the provider's algorithms.
#[derive(Debug)]
struct NoVerification(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
