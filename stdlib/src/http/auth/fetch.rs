//! One request to an identity provider (a token, introspection or JWKS endpoint) on the
//! `http:Client` engine, for the natives of `std/oauth2` and `std/jwt`. Each call builds its own
//! client: these endpoints are called rarely (their answers are cached by the Ballerina code),
//! and each configuration may trust its own certificate.

use crate::http::client::engine::{CompressionMode, Exchange, NativeClient, Retry, Settings};
use std::time::Duration;

/// What to send.
pub(crate) struct Fetch {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// A PEM file of trusted certificates (instead of the web roots).
    pub cert: Option<String>,
    /// Accept any server certificate (`secureSocket: {disable: true}`).
    pub disable_verification: bool,
}

/// The status and body of the response, or the message of the failure.
pub(crate) async fn fetch(request: Fetch) -> Result<(u16, Vec<u8>), String> {
    let settings = Settings {
        timeout: Duration::from_secs(30),
        follow_redirects: None,
        retry: Retry::default(),
        http2: false,
        trusted_certs: request.cert,
        skip_verification: request.disable_verification,
        client_key: None,
        max_idle_per_host: 0,
        // Identity providers' answers are cached by the Ballerina code; no breaker or HTTP
        // cache in between.
        breaker: None,
        cache: None,
        compression: CompressionMode::Auto,
    };
    // The engine's client takes a base URL and a path; the path and query go in the path.
    let (base, path) = split_url(&request.url);
    let client = NativeClient::new(&base, settings)?;
    let exchange = Exchange {
        method: request.method.to_string(),
        path,
        headers: request.headers,
        body: request.body,
        events: false,
    };
    match client.send(exchange).await {
        Ok(received) => Ok((received.status, received.body)),
        Err(failure) => Err(failure.message),
    }
}

/// `scheme://authority` and the rest (path and query) of an absolute URL.
fn split_url(url: &str) -> (String, String) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find(['/', '?']) {
        Some(i) => (
            url[..after_scheme + i].to_string(),
            url[after_scheme + i..].to_string(),
        ),
        None => (url.to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::split_url;

    #[test]
    fn splits_the_authority_from_the_path_and_query() {
        assert_eq!(
            split_url("https://localhost:9443/oauth2/token?x=1"),
            (
                "https://localhost:9443".to_string(),
                "/oauth2/token?x=1".to_string()
            )
        );
        assert_eq!(
            split_url("http://127.0.0.1:80"),
            ("http://127.0.0.1:80".to_string(), String::new())
        );
        assert_eq!(
            split_url("http://h?q"),
            ("http://h".to_string(), "?q".to_string())
        );
    }
}
