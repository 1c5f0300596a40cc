//! The engine's URL handling and client construction, without a network.

use super::engine::{resolve_location, NativeClient, Retry, Settings};
use std::time::Duration;

fn settings() -> Settings {
    Settings {
        timeout: Duration::from_secs(1),
        follow_redirects: None,
        retry: Retry::default(),
        http2: true,
        trusted_certs: None,
        skip_verification: false,
        client_key: None,
        max_idle_per_host: 4,
        breaker: None,
        cache: None,
        compression: Default::default(),
    }
}

#[test]
fn request_paths_join_the_client_url() {
    let client = NativeClient::new("http://example.test:8080/api/", settings())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        client.url_of("/albums"),
        "http://example.test:8080/api/albums"
    );
    assert_eq!(
        client.url_of("albums?x=1"),
        "http://example.test:8080/api/albums?x=1"
    );
    assert_eq!(client.url_of(""), "http://example.test:8080/api");
    let root =
        NativeClient::new("https://example.test", settings()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(root.url_of("/a"), "https://example.test/a");
}

#[test]
fn bad_urls_and_certificate_files_are_errors() {
    for url in ["ftp://example.test", "example.test", "http://", "not a url"] {
        let error = NativeClient::new(url, settings()).err();
        assert_eq!(error, Some(format!("malformed URL: {url}")), "{url}");
    }
    let mut with_cert = settings();
    with_cert.trusted_certs = Some("no-such-dir/cert.pem".to_string());
    let error = NativeClient::new("https://example.test", with_cert).err();
    assert!(
        error.is_some_and(|e| e.starts_with("cannot read the certificate file")),
        "a missing certificate file"
    );
}

#[test]
fn redirect_locations_resolve_against_the_request_url() {
    let base = "http://example.test:81/a/b?q=1";
    assert_eq!(resolve_location(base, "/c"), "http://example.test:81/c");
    assert_eq!(resolve_location(base, "c"), "http://example.test:81/a/c");
    assert_eq!(
        resolve_location(base, "https://other.test/x"),
        "https://other.test/x"
    );
}
