//! `http:ClientConfiguration` (and the client part of the failover and load balancing
//! configurations) read into the engine's [`Settings`].

use super::breaker::BreakerConfig;
use super::cache::CacheSettings;
use super::engine::{CompressionMode, Retry, Settings};
use intc_runtime::Value;
use std::time::Duration;

pub(super) fn field(config: &Value, name: &str) -> Option<Value> {
    config.as_map()?.get(name)
}

pub(super) fn seconds(value: Option<Value>) -> Option<f64> {
    match value? {
        Value::Decimal(d) => Some(d.to_f64()),
        Value::Int(i) => Some(i as f64),
        Value::Float(f) => Some(f),
        _ => None,
    }
}

/// The status codes of an `int[]` field.
pub(super) fn status_codes(value: Option<Value>) -> Vec<u16> {
    value
        .and_then(|l| {
            let list = l.as_list()?.clone();
            let codes = list
                .items()
                .iter()
                .filter_map(|v| v.as_int())
                .filter_map(|c| u16::try_from(c).ok())
                .collect();
            Some(codes)
        })
        .unwrap_or_default()
}

/// The settings of a client configuration; `secure` is the `secureSocket` in force (the
/// configuration's, or a failover or load balancing target's).
pub(super) fn settings_of(config: &Value, secure: Option<Value>) -> Settings {
    let timeout = seconds(field(config, "timeout")).unwrap_or(30.0);
    let follow_redirects = field(config, "followRedirects")
        .filter(|f| field(f, "enabled").and_then(|e| e.as_bool()) == Some(true))
        .map(|f| {
            let max = field(&f, "maxCount")
                .and_then(|m| m.as_int())
                .unwrap_or(5)
                .clamp(0, 1000) as u32;
            let keep_auth = field(&f, "allowAuthHeaders").and_then(|a| a.as_bool()) == Some(true);
            (max, keep_auth)
        });
    let retry = match field(config, "retryConfig") {
        Some(r) if !r.is_nil() => Retry {
            count: field(&r, "count")
                .and_then(|c| c.as_int())
                .unwrap_or(0)
                .clamp(0, 1000) as u32,
            interval: seconds(field(&r, "interval")).unwrap_or(0.0),
            back_off_factor: seconds(field(&r, "backOffFactor")).unwrap_or(0.0),
            max_wait_interval: seconds(field(&r, "maxWaitInterval")).unwrap_or(0.0),
            status_codes: status_codes(field(&r, "statusCodes")),
        },
        _ => Retry::default(),
    };
    let secure = secure.filter(|s| !s.is_nil());
    let TlsSettings {
        trusted_certs,
        skip_verification,
        client_key,
    } = TlsSettings::from_secure_socket(secure.as_ref());
    let max_idle_per_host = field(config, "poolConfig")
        .and_then(|p| field(&p, "maxIdleConnections"))
        .and_then(|m| m.as_int())
        .unwrap_or(100)
        .clamp(0, 100_000) as usize;
    let http2 =
        field(config, "httpVersion").and_then(|v| v.as_str().map(|s| s == "2.0")) != Some(false);
    let settings = Settings {
        timeout: Duration::try_from_secs_f64(timeout.max(0.0))
            .unwrap_or(Duration::from_secs(1 << 30))
            .min(Duration::from_secs(1 << 30)),
        follow_redirects,
        retry,
        http2,
        trusted_certs,
        skip_verification,
        client_key,
        max_idle_per_host,
        breaker: breaker_of(config),
        cache: cache_of(config),
        compression: match field(config, "compression")
            .as_ref()
            .and_then(Value::as_str)
        {
            Some("ALWAYS") => CompressionMode::Always,
            Some("NEVER") => CompressionMode::Never,
            _ => CompressionMode::Auto,
        },
    };
    settings
}

/// `circuitBreaker`, when set.
fn breaker_of(config: &Value) -> Option<BreakerConfig> {
    let breaker = field(config, "circuitBreaker").filter(|b| !b.is_nil())?;
    let window = field(&breaker, "rollingWindow").unwrap_or(Value::Nil);
    Some(BreakerConfig {
        failure_threshold: seconds(field(&breaker, "failureThreshold")).unwrap_or(0.0),
        reset_time: seconds(field(&breaker, "resetTime")).unwrap_or(0.0),
        status_codes: status_codes(field(&breaker, "statusCodes")),
        request_volume_threshold: field(&window, "requestVolumeThreshold")
            .and_then(|v| v.as_int())
            .unwrap_or(10),
        time_window: seconds(field(&window, "timeWindow")).unwrap_or(60.0),
        bucket_size: seconds(field(&window, "bucketSize")).unwrap_or(10.0),
    })
}

/// `cache`, when enabled.
fn cache_of(config: &Value) -> Option<CacheSettings> {
    let cache = field(config, "cache").filter(|c| !c.is_nil())?;
    if field(&cache, "enabled").and_then(|e| e.as_bool()) == Some(false) {
        return None;
    }
    Some(CacheSettings {
        shared: field(&cache, "isShared").and_then(|e| e.as_bool()) == Some(true),
        capacity: field(&cache, "capacity")
            .and_then(|c| c.as_int())
            .unwrap_or(16)
            .clamp(0, 1 << 24) as usize,
        eviction_factor: seconds(field(&cache, "evictionFactor"))
            .unwrap_or(0.2)
            .clamp(0.0, 1.0),
        needs_validators: field(&cache, "policy").as_ref().and_then(Value::as_str)
            != Some("RFC_7234"),
    })
}

/// The TLS part of a `secureSocket` (`http:ClientSecureSocket`; also `std/websocket`'s).
pub(crate) struct TlsSettings {
    trusted_certs: Option<String>,
    skip_verification: bool,
    client_key: Option<(String, String)>,
}

impl TlsSettings {
    /// From a `secureSocket` record (`None`: the defaults, verifying against the webpki roots).
    pub(crate) fn from_secure_socket(secure: Option<&Value>) -> TlsSettings {
        let trusted_certs = secure
            .and_then(|s| field(s, "cert"))
            .and_then(|c| c.as_str().map(str::to_owned));
        let client_key = secure.and_then(|s| field(s, "key")).and_then(|k| {
            let cert = field(&k, "certFile")?.as_str()?.to_owned();
            let key = field(&k, "keyFile")?.as_str()?.to_owned();
            Some((cert, key))
        });
        let skip_verification = secure
            .and_then(|s| field(s, "enable"))
            .and_then(|e| e.as_bool())
            == Some(false);
        TlsSettings {
            trusted_certs,
            skip_verification,
            client_key,
        }
    }
}

/// The rustls client configuration of `tls` (the `http:Client`'s: ring, webpki roots or the
/// trusted certificates, optional client key), without ALPN.
pub(crate) fn tls_client_config(tls: &TlsSettings) -> Result<rustls::ClientConfig, String> {
    super::engine::tls_config(&Settings {
        timeout: Duration::from_secs(60),
        follow_redirects: None,
        retry: Retry::default(),
        http2: false,
        trusted_certs: tls.trusted_certs.clone(),
        skip_verification: tls.skip_verification,
        client_key: tls.client_key.clone(),
        max_idle_per_host: 0,
        breaker: None,
        cache: None,
        compression: CompressionMode::Auto,
    })
}
